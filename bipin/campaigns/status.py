"""Where a village stands: scored so far, its newest review, its 公示 — read, never written."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from bipin.campaigns.models import Area, Publication, Review


def latest_review(village: Area) -> Review | None:
    return village.reviews.order_by("-reviewed_at", "-pk").first()


def frozen(village: Area) -> bool:
    """An approved village's scores stand until the township returns its list."""
    last = latest_review(village)
    return last is not None and last.outcome == Review.Outcome.APPROVED


def approved_ids(reviews) -> list[int]:
    """The villages whose newest review among ``reviews`` approved their list."""
    newest: dict[int, str] = {}
    for village_id, outcome in reviews.order_by("reviewed_at", "pk").values_list("village_id", "outcome"):
        newest[village_id] = outcome
    return sorted(pk for pk, outcome in newest.items() if outcome == Review.Outcome.APPROVED)


def current_publication(village: Area) -> Publication | None:
    return village.publications.order_by("-published_at", "-pk").first()


@dataclass(frozen=True)
class Progress:
    village: Area
    households: int
    scored: int
    review: Review | None
    publication: Publication | None

    @property
    def percent(self) -> int:
        return 100 * self.scored // self.households if self.households else 0

    @property
    def approved(self) -> bool:
        return self.review is not None and self.review.outcome == Review.Outcome.APPROVED

    @property
    def published(self) -> bool:
        return (self.publication is not None and self.review is not None
                and self.publication.published_at >= self.review.reviewed_at)


def progress(villages) -> list[Progress]:
    """Each village's counts, newest review and publication, in a fixed number of queries."""
    counted = (villages.select_related("parent").annotate(
        n=Count("households", distinct=True),
        # A household without any score joins as a row of NULLs: it has to have a score.
        done=Count("households", filter=Q(households__scores__pk__isnull=False,
                                          households__scores__superseded_at__isnull=True), distinct=True))
        .order_by("parent__name", "name"))
    ids = [v.pk for v in counted]
    reviews: dict[int, Review] = {}
    for r in Review.objects.filter(village_id__in=ids).order_by("reviewed_at", "pk"):
        reviews[r.village_id] = r
    shown: dict[int, Publication] = {}
    for p in Publication.objects.filter(village_id__in=ids).order_by("published_at", "pk"):
        shown[p.village_id] = p
    return [Progress(v, v.n, v.done, reviews.get(v.pk), shown.get(v.pk)) for v in counted]

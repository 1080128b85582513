"""Domain functions of a rating campaign; each writes its audit record in its transaction.

Refusals are the judging API's :class:`JudgingError` (field, Chinese,
English, HTTP status), as in the other apps. Who may call which function is
decided in bipin.campaigns.access; these keep the campaign's own rules: a
score is computed by bipin.scoring.checklist and never edited, an approved
village is frozen until returned, only an approved village is published,
and an objection is filed during its village's 公示.
"""

from __future__ import annotations

import datetime
import random
import secrets

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from bipin.audit.chain import record
from bipin.campaigns.models import (
    Area,
    Assignment,
    Campaign,
    Household,
    Level,
    Objection,
    Publication,
    Review,
    Sample,
    Score,
)
from bipin.campaigns.status import current_publication, frozen, latest_review
from bipin.contests import services as contests
from bipin.contests.models import Contest, Role
from bipin.judging.services import JudgingError, Problem, _refuse, required_text
from bipin.scoring.checklist import Checklist, ChecklistError, parse_checklist

__all__ = [
    "JudgingError",
    "Problem",
    "answer_objection",
    "assign_area",
    "checklist_of",
    "create_campaign",
    "draw_sample",
    "file_objection",
    "publish_village",
    "review_village",
    "score_household",
]

MAX_OBJECTION_DAYS = 90
MAX_SAMPLE = 100
KEY_MAX_LENGTH = 64
LEVEL_OF_ROLE = {Role.VILLAGE_SCORER: Level.VILLAGE, Role.TOWNSHIP_REVIEWER: Level.TOWNSHIP}


def _checked(items, levels) -> Checklist:
    try:
        return parse_checklist(items, levels)
    except ChecklistError as exc:
        raise _refuse("checklist", exc.zh, exc.en) from None


def checklist_of(campaign: Campaign) -> Checklist:
    return _checked(campaign.checklist, campaign.levels)


@transaction.atomic
def create_campaign(actor, *, name: str, slug: str, county: str, checklist: list[dict],
                    levels: list[dict], objection_days: int, year: int | None = None,
                    is_demo: bool = False) -> Campaign:
    """A contest of the campaign kind, its checklist and star levels, and its county."""
    name = required_text(name, "name", "活动名称", 200)
    county = required_text(county, "county", "县名", 100)
    parsed = _checked(checklist, levels)
    if not isinstance(objection_days, int) or not 1 <= objection_days <= MAX_OBJECTION_DAYS:
        raise _refuse("objection_days", f"公示期须为 1 到 {MAX_OBJECTION_DAYS} 天",
                      f"the objection period must be 1 to {MAX_OBJECTION_DAYS} days")
    if Contest.objects.filter(slug=slug).exists():
        raise _refuse("slug", f"网址代号“{slug}”已被使用", f"the slug '{slug}' is taken", 409)
    contest = contests.create_contest(actor, name=name, slug=slug, kind=Contest.Kind.CAMPAIGN,
                                      year=year, is_demo=is_demo)
    kept = [{"id": i.id, "text": i.text, "points": str(i.points), "kind": i.kind, "veto": i.veto}
            for i in parsed.items]
    stars = [{"stars": lv.stars, "min": str(lv.min)} for lv in parsed.levels]
    campaign = Campaign.objects.create(contest=contest, checklist=kept, levels=stars,
                                       objection_days=objection_days)
    root = Area.objects.create(campaign=campaign, level=Level.COUNTY, name=county)
    record("campaign.create", contest=contest, actor=actor, target=campaign.ref,
           data={"county": county, "checklist": kept, "levels": stars,
                 "objection_days": objection_days}, saved=[campaign, root])
    return campaign


@transaction.atomic
def assign_area(actor, campaign: Campaign, user, role: str, area: Area) -> Assignment:
    """Give ``user`` the role and tie it to their village (scorer) or township (reviewer)."""
    wanted = LEVEL_OF_ROLE.get(role)
    if wanted is None:
        raise _refuse("role", "只能指定村评分员或乡镇审核", "only a village scorer or township reviewer")
    if area.campaign_id != campaign.pk or area.level != wanted:
        raise _refuse("area", "村评分员须指定到村,乡镇审核须指定到乡镇",
                      "a village scorer belongs to a village, a township reviewer to a township")
    membership = contests.grant_role(actor, campaign.contest, user, role)
    assignment, _ = Assignment.objects.update_or_create(membership=membership, defaults={"area": area})
    record("campaign.assign", contest=campaign.contest, actor=actor, target=user.get_username(),
           data={"role": role, "area": area.name, "area_id": area.pk}, saved=[assignment])
    return assignment


def _refuse_frozen(village: Area) -> None:
    if frozen(village):
        raise _refuse("village", f"{village.name}的名单已审核通过,不能再修改评分(须由乡镇退回)",
                      f"{village.name}'s list is approved; scores change only after the township returns it",
                      409)


def score_household(actor, household: Household, answers: dict, key: str) -> tuple[Score, bool]:
    """Score a household: a new row that supersedes its current one. ``(score, created)``.

    The same ``key`` sent again (a phone resending after a lost answer) gets the
    score it saved the first time, and saves nothing.
    """
    key = (key or "").strip()
    if not key or len(key) > KEY_MAX_LENGTH:
        raise _refuse("key", "缺少提交编号", f"a submission key of 1 to {KEY_MAX_LENGTH} characters is needed")
    if not isinstance(answers, dict):
        raise _refuse("answers", "评分格式不对", "answers must be an object of item ids")
    checklist = checklist_of(household.campaign)
    with transaction.atomic():
        # One writer per household at a time: the current score is replaced, never two at once.
        Household.objects.select_for_update().only("pk").get(pk=household.pk)
        again = Score.objects.filter(household=household, key=key).first()
        if again is not None:
            return again, False
        _refuse_frozen(household.village)
        try:
            kept = checklist.check(answers)
            rating = checklist.rate(kept)
        except ChecklistError as exc:
            raise _refuse("answers", exc.zh, exc.en) from None
        now = timezone.now()
        old = Score.objects.filter(household=household, superseded_at__isnull=True).first()
        if old is not None:
            old.superseded_at = now
            old.save(update_fields=["superseded_at"])
        stored = {k: (v if isinstance(v, bool) else str(v)) for k, v in kept.items()}
        score = Score.objects.create(
            household=household, answers=stored, total=rating.total, stars=rating.stars,
            vetoed_by=list(rating.vetoed_by), key=key, entered_by=actor, entered_at=now)
        record("campaign.score", contest=household.campaign.contest, actor=actor,
               target=f"household:{household.pk}",
               data={"answers": stored, "total": rating.total, "stars": rating.stars,
                     "vetoed_by": list(rating.vetoed_by), "replaces": old.pk if old else None},
               saved=[s for s in (old, score) if s is not None])
    return score, True


@transaction.atomic
def draw_sample(actor, village: Area, size: int) -> Sample:
    """抽查: ``size`` of the village's scored households, drawn by a seed kept with them."""
    if not isinstance(size, int) or not 1 <= size <= MAX_SAMPLE:
        raise _refuse("size", f"抽查户数须为 1 到 {MAX_SAMPLE}", f"sample 1 to {MAX_SAMPLE} households")
    scored = sorted(Score.objects.filter(household__village=village, superseded_at__isnull=True)
                    .values_list("household_id", flat=True))
    if not scored:
        raise _refuse("size", "本村还没有评分的农户可供抽查", "no household of this village is scored yet")
    seed = secrets.token_hex(8)
    drawn = random.Random(seed).sample(scored, min(size, len(scored)))
    sample = Sample.objects.create(village=village, seed=seed, households=drawn, drawn_by=actor,
                                   drawn_at=timezone.now())
    record("campaign.sample", contest=village.campaign.contest, actor=actor,
           target=f"village:{village.pk}", data={"seed": seed, "households": drawn,
                                                 "from": len(scored)}, saved=[sample])
    return sample


@transaction.atomic
def review_village(actor, village: Area, outcome: str, reason: str = "") -> Review:
    """Approve a village's list (every household scored, a sample checked) or return it."""
    Area.objects.select_for_update().only("pk").get(pk=village.pk)
    reason = (reason or "").strip()
    last = latest_review(village)
    if outcome == Review.Outcome.APPROVED:
        if last is not None and last.outcome == Review.Outcome.APPROVED:
            raise _refuse("outcome", "该村名单已审核通过", "this village's list is approved already", 409)
        current = Score.objects.filter(household=OuterRef("pk"), superseded_at__isnull=True)
        unscored = village.households.exclude(Exists(current)).count()
        if unscored or not village.households.exists():
            raise _refuse("outcome", f"还有 {unscored} 户未评分,不能审核通过",
                          f"{unscored} households are not scored yet")
        last_score = (Score.objects.filter(household__village=village).order_by("-entered_at")
                      .values_list("entered_at", flat=True).first())
        if not village.samples.filter(drawn_at__gte=last_score).exists():
            raise _refuse("outcome", "请先抽查本村最新的评分", "draw a sample of the latest scores first")
    elif outcome == Review.Outcome.RETURNED:
        if not reason:
            raise _refuse("reason", "退回须填写原因", "returning a list needs a reason")
        if len(reason) > Review.REASON_MAX_LENGTH:
            raise _refuse("reason", f"原因不能超过 {Review.REASON_MAX_LENGTH} 字",
                          f"reason: at most {Review.REASON_MAX_LENGTH} characters")
    else:
        raise _refuse("outcome", "请选择通过或退回", "choose approve or return")
    review = Review.objects.create(village=village, outcome=outcome, reason=reason, reviewed_by=actor,
                                   reviewed_at=timezone.now())
    record("campaign.review", contest=village.campaign.contest, actor=actor,
           target=f"village:{village.pk}", data={"outcome": outcome, "village": village.name},
           reason=reason, saved=[review])
    return review


@transaction.atomic
def publish_village(actor, village: Area, starts_on: datetime.date | None = None) -> Publication:
    """公示 an approved village's star list for the campaign's objection period."""
    Area.objects.select_for_update().only("pk").get(pk=village.pk)
    last = latest_review(village)
    if last is None or last.outcome != Review.Outcome.APPROVED:
        raise _refuse("village", "只有乡镇审核通过的村才能公示", "only an approved village is published", 409)
    shown = current_publication(village)
    if shown is not None and shown.published_at >= last.reviewed_at:
        raise _refuse("village", "该村名单已公示", "this village's list is published already", 409)
    starts = starts_on or timezone.localdate()
    ends = starts + datetime.timedelta(days=village.campaign.objection_days)
    stars = [{"household": h.pk, "head": h.head, "house_number": h.house_number, "stars": s}
             for h, s in _stars_of(village)]
    publication = Publication.objects.create(village=village, starts_on=starts, ends_on=ends, stars=stars,
                                             published_by=actor, published_at=timezone.now())
    record("campaign.publish", contest=village.campaign.contest, actor=actor,
           target=f"village:{village.pk}",
           data={"starts_on": starts, "ends_on": ends, "households": len(stars)}, saved=[publication])
    return publication


def _stars_of(village: Area):
    current = dict(Score.objects.filter(household__village=village, superseded_at__isnull=True)
                   .values_list("household_id", "stars"))
    for household in village.households.order_by("house_number", "pk"):
        yield household, current[household.pk]


@transaction.atomic
def file_objection(household: Household, reason: str) -> Objection:
    """A household's objection to its stars, by its code, while its village is in 公示."""
    reason = required_text(reason, "reason", "异议理由", Objection.TEXT_MAX_LENGTH)
    Household.objects.select_for_update().only("pk").get(pk=household.pk)
    shown = current_publication(household.village)
    today = timezone.localdate()
    if shown is None or not shown.starts_on <= today <= shown.ends_on:
        raise _refuse("reason", "本村不在公示期内,不能提出异议",
                      "the village's list is not in its objection period", 409)
    if household.objections.filter(publication=shown, answered_at__isnull=True).exists():
        raise _refuse("reason", "您的异议已提交,正在等待答复", "your objection is waiting for its answer", 409)
    objection = Objection.objects.create(household=household, publication=shown, reason=reason,
                                         filed_at=timezone.now())
    record("campaign.objection", contest=household.campaign.contest, actor=None,
           target=f"household:{household.pk}", data={"publication": shown.pk}, reason=reason,
           saved=[objection])
    return objection


@transaction.atomic
def answer_objection(actor, objection: Objection, answer: str) -> Objection:
    answer = required_text(answer, "answer", "答复", Objection.TEXT_MAX_LENGTH)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.answered_at is not None:
        raise _refuse("answer", "该异议已答复", "this objection is answered already", 409)
    objection.answer, objection.answered_by, objection.answered_at = answer, actor, timezone.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at"])
    record("campaign.answer", contest=objection.household.campaign.contest, actor=actor,
           target=f"household:{objection.household_id}", data={"objection": objection.pk},
           reason=answer, saved=[objection])
    return objection

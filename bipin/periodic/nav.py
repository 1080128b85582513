"""The periodic app's links on the contest page, and its reporters' and reviewers' to-do."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link
from bipin.periodic.access import duties
from bipin.periodic.models import Form, Period, Report, Unit, UnitPerson
from bipin.reporting.review import ReviewState, pending_level


def links(contest, roles, user):
    slug = contest.slug
    if Role.ORGANIZER in roles:
        return [
            Link(_("定期报表:单位层级、报表、进度"), reverse("periodic:index", args=[slug])),
            Link(_("单位层级"), reverse("periodic:units", args=[slug])),
        ]
    if (
        not set(roles) & {Role.DEPT_REPORTER, Role.DEPT_REVIEWER, Role.ENTRANT_VIEWER}
        or not Form.objects.filter(contest=contest).exists()
    ):
        return []
    # links() is not told who is looking; the counts are on the home page (todo).
    return [
        Link(_("定期报表"), reverse("periodic:index", args=[slug]), _("本单位各期的填报与审核"))
    ]


def waiting(contest, user, today=None) -> tuple[int, int]:
    """(reports this user should fill or correct, reports awaiting this user's approval)."""
    mine = duties(user, contest)
    to_fill = to_review = 0
    fills, reviews = mine[UnitPerson.Duty.REPORTER], mine[UnitPerson.Duty.REVIEWER]
    if fills:
        today = today or timezone.localdate()
        for form in Form.objects.filter(contest=contest):
            # Periods begun by now: the current one and every earlier one.
            periods = [p for p in Period.objects.filter(form=form) if _begun(p, today)]
            done = set(
                Report.objects.filter(period__in=periods, unit_id__in=fills)
                .exclude(state__in=(ReviewState.DRAFT, ReviewState.RETURNED))
                .values_list("period_id", "unit_id")
            )
            units = list(
                Unit.objects.filter(pk__in=fills, level=form.level).values_list("pk", flat=True)
            )
            to_fill += sum(1 for p in periods for u in units if (p.pk, u) not in done)
    if reviews:
        keys = {f"u{pk}" for pk in reviews}
        for report in Report.objects.filter(
            period__form__contest=contest, state=ReviewState.SUBMITTED
        ):
            if report.levels and pending_level(report, report.levels) in keys:
                to_review += 1
    return to_fill, to_review


def _begun(period: Period, today) -> bool:
    # A period's label is its first month (2026-03) or quarter (2026-Q1).
    year, _, part = period.label.partition("-")
    month = (int(part[1:]) - 1) * 3 + 1 if part.startswith("Q") else int(part)
    return (int(year), month) <= (today.year, today.month)


def todo(contest, user, roles):
    if not {Role.DEPT_REPORTER, Role.DEPT_REVIEWER} & set(roles):
        return []
    to_fill, to_review = waiting(contest, user)
    url = reverse("periodic:index", args=[contest.slug])
    out = []
    if to_fill:
        out.append(Link(_("待填报定期报表 %(n)s 份") % {"n": to_fill}, url))
    if to_review:
        out.append(Link(_("待审核定期报表 %(n)s 份") % {"n": to_review}, url))
    return out

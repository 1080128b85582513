"""Who may do what on the event day, in the style of contests.access.

Every "not yours / not there / recused" case raises the same 404 with the same
text, so a judge cannot probe which entries or sheets exist.
"""

from __future__ import annotations

from django.http import Http404

from bipin.contests.access import contest_for, link_printing_contest, roles_of
from bipin.contests.models import Contest, Entrant, Membership, Role
from bipin.db import rows
from bipin.judging.models import Panel, Recusal, ScreenLink, Seat, Sheet
from bipin.judging.refs import entrant_by_ref

NOT_FOUND = "没有这个评分对象 / no such entry"
SCREEN_LINK_GONE = "大屏链接无效或已撤销 / this screen link is unknown or revoked"

JUDGES = [Role.JUDGE, Role.CHIEF_JUDGE]
SCREEN = [Role.ORGANIZER, Role.CHIEF_JUDGE]


def judge_contest(user, slug: str) -> Contest:
    return contest_for(user, slug, JUDGES)


def screen_contest(user, slug: str) -> Contest:
    return contest_for(user, slug, SCREEN)


def console_contest(user, slug: str) -> Contest:
    """The console: the organizer runs the day from it; the chief judge watches the
    sheets come in, sees a drifting judge and gives a locked-out judge a new link."""
    return contest_for(user, slug, SCREEN)


def runs_the_day(user, contest: Contest) -> bool:
    """Whether ``user`` may call presenters, run the timer and set the big screen."""
    return Role.ORGANIZER in roles_of(user, contest)


def chief_contest(user, slug: str) -> Contest:
    return contest_for(user, slug, [Role.CHIEF_JUDGE])


def screen_link_contest(token: str) -> Contest:
    """The contest a live 大屏专用链接 shows (its big screen and poll only, for
    anyone holding the link); unknown and revoked links are the same 404."""
    from bipin.judging.screen_links import token_hash

    link = (ScreenLink.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
            .select_related("contest").first())
    if link is None:
        raise Http404(SCREEN_LINK_GONE)
    return link.contest


def relinkable_judges(user, slug: str) -> tuple[Contest, list]:
    """The contest and the seated judges ``user`` may give a fresh login link, by username.

    The organizer may relink any seated judge or chief judge, the chief judge
    the judges; anyone else gets the 404/403 of the link-printing page.
    """
    contest, roles = link_printing_contest(user, slug)
    seated = Seat.objects.filter(panel__contest=contest).values("user_id")
    members = (Membership.objects.filter(contest=contest, role__in=roles, user_id__in=seated)
               .select_related("user").order_by("user__username"))
    return contest, list({m.user_id: m.user for m in members}.values())


def relinkable_judge(user, slug: str, judge_id: int) -> tuple[Contest, object]:
    contest, judges = relinkable_judges(user, slug)
    for judge in judges:
        if judge.pk == judge_id:
            return contest, judge
    raise Http404(NOT_FOUND)


def seated_panels(user, contest: Contest) -> list[Panel]:
    return list(Panel.objects.filter(contest=contest, seats__user=user).order_by("pk"))


def recused_ids(user, contest: Contest) -> set[int]:
    return set(Recusal.objects.filter(contest=contest, user=user).values_list("entrant_id", flat=True))


def panel_for(user, contest: Contest, item: str) -> Panel:
    panel = Panel.objects.filter(contest=contest, item=item, seats__user=user).first()
    if panel is None:
        raise Http404(NOT_FOUND)
    return panel


def any_panel(contest: Contest, item: str) -> Panel:
    """The panel by its item; whether the user sits on it is the service's check."""
    found = rows.load(Panel, {"contest": contest.pk, "item": item})
    if not found:
        raise Http404(NOT_FOUND)
    panel = found[0]
    panel.contest = contest  # already loaded; saves a query on the sheet path
    return panel


def any_entry(contest: Contest, ref: str) -> Entrant:
    """The entrant behind ``ref``; recusal is the service's check."""
    entrant = entrant_by_ref(contest, ref)
    if entrant is None:
        raise Http404(NOT_FOUND)
    return entrant


def entry_for(user, contest: Contest, ref: str) -> Entrant:
    """The entrant behind ``ref``, unless the judge is recused from it."""
    entrant = entrant_by_ref(contest, ref)
    if entrant is None or entrant.pk in recused_ids(user, contest):
        raise Http404(NOT_FOUND)
    return entrant


def own_sheet(user, contest: Contest, key: str) -> Sheet:
    sheet = (Sheet.objects.filter(panel__contest=contest, judge=user, key=key)
             .select_related("panel", "entrant").prefetch_related("marks").first())
    if sheet is None:
        raise Http404(NOT_FOUND)
    return sheet


def sheet_in(contest: Contest, sheet_id: int) -> Sheet:
    sheet = Sheet.objects.filter(panel__contest=contest, pk=sheet_id).select_related(
        "panel", "entrant", "judge").first()
    if sheet is None:
        raise Http404(NOT_FOUND)
    return sheet


def is_seated(user, panel: Panel) -> bool:
    return Seat.objects.filter(panel=panel, user=user).exists()


def public_contest(user, slug: str) -> Contest:
    """A contest's public pages (published draws): public contests, or members."""
    contest = Contest.objects.filter(slug=slug).first()
    if contest is None or not (contest.is_public or roles_of(user, contest)):
        raise Http404("no such contest")
    return contest

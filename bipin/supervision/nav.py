"""Links to the record book: for the organizer, the supervision office's clerk
and reviewer (a department role of the office a supervision leaf names, not of
any other department), and each unit's own records."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link
from bipin.supervision.access import office_of, supervision_leaves
from bipin.supervision.models import Record


def links(contest, roles, user):
    leaves = supervision_leaves(contest)
    if not leaves:
        return []
    slug, out = contest.slug, []
    office = office_of(user, contest)
    if office.in_office:
        out.append(
            Link(
                _("日常监督记录"),
                reverse("supervision:records", args=[slug]),
                _("加分、扣分、一票否决记录"),
            )
        )
    if office.reviews:
        out.append(Link(_("监督记录审核"), reverse("supervision:review", args=[slug])))
    if Role.ENTRANT_VIEWER in roles:
        out.append(Link(_("本单位日常监督记录"), reverse("supervision:mine", args=[slug])))
    return out


def todo(contest, user, roles):
    """Drafts and returned records to send, records to review."""
    if not roles & {Role.ORGANIZER, Role.DEPT_REPORTER, Role.DEPT_REVIEWER}:
        return []
    office = office_of(user, contest)
    records = Record.objects.filter(contest=contest)
    out = []
    waiting = records.filter(
        item__in=office.enters, status__in=[Record.Status.DRAFT, Record.Status.RETURNED]
    )
    if n := waiting.count():
        out.append(
            Link(
                _("待提交监督记录 %(n)s 条") % {"n": n},
                reverse("supervision:records", args=[contest.slug]),
                _("含退回待修改的记录"),
            )
        )
    if n := records.filter(item__in=office.reviews, status=Record.Status.SUBMITTED).count():
        out.append(
            Link(
                _("待审核监督记录 %(n)s 条") % {"n": n},
                reverse("supervision:review", args=[contest.slug]),
            )
        )
    return out

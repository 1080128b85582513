"""Links to the record book. The roles alone cannot tell a supervision office's
clerk from another department's reporter, so department roles see the links
only when some supervision leaf names a department; the pages decide access."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link
from bipin.supervision.access import office_of, supervision_leaves
from bipin.supervision.models import Record


def links(contest, roles):
    leaves = supervision_leaves(contest)
    if not leaves:
        return []
    slug, out = contest.slug, []
    offices = any(leaf.department for leaf in leaves.values())
    if Role.ORGANIZER in roles or (offices and roles & {Role.DEPT_REPORTER, Role.DEPT_REVIEWER}):
        out.append(
            Link(
                _("日常监督记录"),
                reverse("supervision:records", args=[slug]),
                _("加分、扣分、一票否决记录"),
            )
        )
    organizer_reviews = not all(leaf.department for leaf in leaves.values())
    if (Role.ORGANIZER in roles and organizer_reviews) or (offices and Role.DEPT_REVIEWER in roles):
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

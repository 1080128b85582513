"""The analysis link, and the chief judge's and organizer's waiting look at a drifting judge."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.agreement.access import may_analyse
from bipin.agreement.analysis import drifting_judges, judge_name
from bipin.contests.navigation import Link
from bipin.judging.models import Panel, Seat


def links(contest, roles, user):
    if not may_analyse(roles) or not Panel.objects.filter(contest=contest).exists():
        return []
    return [Link(_("评委一致性分析"), reverse("agreement:index", args=[contest.slug]),
                 _("评委宽严、一致性、异常分"))]


def todo(contest, user, roles):
    """A judge whose marks drift from the panel, so the chief judge looks before the sheets are final."""
    if not may_analyse(roles):
        return []
    out = []
    for panel in Panel.objects.filter(contest=contest, sheets__isnull=False).distinct().order_by("pk"):
        panel.contest = contest
        flagged = [uid for uid, drifting in drifting_judges(panel).items() if drifting]
        if not flagged:
            continue
        users = [s.user for s in Seat.objects.filter(panel=panel, user_id__in=flagged).select_related("user")
                 .order_by("user__username")]
        out.append(Link(_("%(panel)s:评委打分偏离评委组") % {"panel": panel.name},
                        reverse("agreement:panel", args=[contest.slug, panel.pk]),
                        "、".join(judge_name(u) for u in users)))
    return out

"""The exam app's links on the contest page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link
from bipin.exams.access import MARKERS


def links(contest, roles, user):
    slug = contest.slug
    if Role.ORGANIZER in roles:
        return [
            Link(_("政策测试:题库、试卷、场次"), reverse("exams:overview", args=[slug])),
            Link(_("题库"), reverse("exams:bank", args=[slug])),
        ]
    if not contest.sittings.exists():
        return []  # a contest without a test (the apple tasting) offers nobody a way to one
    if set(roles) & set(MARKERS):
        return [Link(_("政策测试阅卷"), reverse("exams:mine", args=[slug]))]
    if not roles:
        # Candidates are not contest members; the page checks who is one.
        return [Link(_("政策测试考生入口"), reverse("exams:mine", args=[slug]))]
    return []

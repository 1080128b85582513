"""The results app's links on a contest's page, for the roles that may open them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link
from bipin.results.services import current_release, latest_snapshot


def links(contest, roles, user):
    slug = contest.slug
    release = current_release(contest)
    found = []
    if Role.ORGANIZER in roles:
        latest = latest_snapshot(contest)
        found += [Link(_("成绩计算与发布"), reverse("results:desk", args=[slug]),
                       str(latest.label) if latest else _("尚未计算")),
                  Link(_("考评数据导入"), reverse("results:imports", args=[slug]))]
        if latest is not None:
            found.append(Link(_("综合排名"), reverse("results:ranking", args=[slug])))
    if Role.ENTRANT_VIEWER in roles:
        found.append(Link(_("本单位成绩单"), reverse("results:mine", args=[slug]),
                          "" if release else _("尚未发布")))
    if release is not None and (release.notice_visible() or Role.ORGANIZER in roles):
        found.append(Link(_("结果公示"), reverse("results:notice", args=[slug]),
                          "" if release.notice_visible() else _("预览,尚未公开")))
    return found

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link
from bipin.judging.flights import flighted_stage
from bipin.judging.models import Draw
from bipin.judging.rounds import declared_stages


def links(contest, roles, user):
    slug = contest.slug
    out = []
    if roles & {Role.JUDGE, Role.CHIEF_JUDGE}:
        out.append(Link(_("现场评分"), reverse("judging:score", args=[slug]), _("手机打开")))
    if Role.ORGANIZER in roles:
        out += [
            Link(_("现场控制台"), reverse("judging:console", args=[slug]), _("计时、大屏公布方式")),
            Link(_("评委组设置"), reverse("judging:setup", args=[slug]), _("评委入座、回避")),
            Link(_("抽签"), reverse("judging:draws", args=[slug])),
            Link(_("纸质评分录入"), reverse("judging:paper", args=[slug])),
        ]
        if contest.blind:
            out.append(Link(_("盲评编号标签"), reverse("judging:labels", args=[slug])))
        if declared_stages(contest):
            out.append(Link(_("轮次与晋级"), reverse("judging:rounds", args=[slug]), _("本轮名次、确认晋级")))
        if flighted_stage(contest):
            out.append(Link(_("分桌评审"), reverse("judging:flights", args=[slug]), _("随机分桌、调整样品和评委")))
    if Role.CHIEF_JUDGE in roles and Role.ORGANIZER not in roles:
        out.append(Link(_("现场控制台"), reverse("judging:console", args=[slug]),
                        _("评委提交情况、补发登录链接")))
    if roles & {Role.ORGANIZER, Role.CHIEF_JUDGE}:
        out.append(Link(_("大屏"), reverse("judging:screen", args=[slug])))
        out.append(Link(_("评分表"), reverse("judging:sheets", args=[slug]),
                        _("评委组长可退回更正") if Role.CHIEF_JUDGE in roles else ""))
    if Draw.objects.filter(contest=contest).exists():
        out.append(Link(_("抽签公示"), reverse("judging:public_draws", args=[slug])))
    return out

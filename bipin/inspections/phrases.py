"""The words the inspector's phone script shows, in the page's one language
(handed over by ``json_script``; ``{n}`` marks a number the script fills in)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RECORD = {
    "waiting": _("待发送"),
    "saved": _("已保存"),
    "failed": _("被拒绝"),
    "sites_pending": _("核查点待抽签揭晓"),
    "sites": _("核查点:"),
    "draw_record": _("抽签记录"),
    "commitment": _("承诺值"),
    "choose": _("— 请选择 —"),
    "choose_visit": _("请选择核查单位"),
    "choose_item": _("请选择指标"),
    "choose_category": _("请选择问题类别"),
    "choose_severity": _("请选择严重程度"),
    "describe": _("请填写问题描述"),
    "offline": _("离线"),
    "waiting_n": _("{n} 条问题待发送"),
    "photos_n": _("{n} 张照片"),
    "log_in_again": _("请重新登录,待发送的问题将自动补发"),
    "no_storage": _("本机无法保存离线记录"),
}

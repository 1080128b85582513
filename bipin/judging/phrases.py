"""The words the judge's phone and the big screen show, in the page's one language.

The scripts build their lists themselves, so they cannot call gettext; the page
hands it these, translated, through ``json_script``. ``{name}`` marks a value
the script fills in.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SCORE = {
    "open": _("未评"),
    "locked": _("已保存"),
    "pending": _("待核对"),
    "reopened": _("已退回,请更正"),
    "waiting": _("待发送"),
    "offline": _("离线"),
    "waiting_n": _("{n} 张评分表待发送"),
    "reason": _("退回原因:{reason}"),
    "on_stage": _("正在汇报"),
    "range": _("({min}–{max},步长 {step})"),
    "needs_number": _("“{name}”请填写数字"),
    "between": _("“{name}”应在 {min} 到 {max} 之间"),
    "multiple": _("“{name}”须为 {step} 的整数倍"),
    "log_in_again": _("请重新登录,待发送的评分表将自动补发"),
    "total": _("合计"),
    "total_line": _("合计:{total}"),
    "comment": _("评价指导"),
    "no_comment": _("(未填写)"),
    "round": _("当前轮次:{name}"),
    "no_table": _("尚未分桌,请联系组织者"),
}

SCREEN = {
    "round": _("当前轮次:{name}"),
    "at_end": _("结果将在全部评完后统一公布"),
    "ranks_only": _("只公布名次"),
    "ready": _("准备"),
    "paused": _("暂停"),
    "overtime": _("已超时"),
    "last_minute": _("还剩 1 分钟"),
    "running": _("计时中"),
}

# What the next call follows, as the console says it (timer.order_basis).
NEXT_BASIS = {"draw": _("下一位(按抽签顺序)"), "code": _("下一位(按编号顺序)"), "list": _("下一位(按名单顺序)")}

# The console's table is built by its script too; the marks say each judge's sheet.
CONSOLE = {
    **SCREEN,
    **{f"basis_{key}": text for key, text in NEXT_BASIS.items()},
    "entrant": pgettext_lazy("console column", "参评对象"),
    "score": pgettext_lazy("console column", "得分"),
    "drift": pgettext_lazy("console flag", "偏离"),
    "drift_title": _("该评委打分偏离评委组,点此查看评委一致性分析"),
    "mark_pending": pgettext_lazy("console mark", "待核对"),
    "mark_reopened": pgettext_lazy("console mark", "退回"),
    "mark_recused": pgettext_lazy("console mark", "回避"),
    "mark_elsewhere": pgettext_lazy("console mark", "别桌"),
}


def for_page(phrases: dict) -> dict[str, str]:
    """The phrases translated into the request's language, ready for json_script."""
    return {key: str(text) for key, text in phrases.items()}

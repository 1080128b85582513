"""The event day's tables that scores depend on (bipin.audit.tracked).

Not listed: Stage and Presentation, the hall's state (who is on stage, the
timer, what the screen shows); they change many times a minute and no score is
computed from them.
"""

from django.utils.translation import gettext_lazy as _

from bipin.judging.models import Draw, Mark, Panel, Recusal, Seat, Sheet

TRACKED = {
    Panel: "contest",
    Seat: "panel__contest",
    Recusal: "contest",
    Sheet: "panel__contest",
    Mark: "sheet__panel__contest",
    Draw: "contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "panel.create": _("创建评委组"),
    "panel.seat": _("安排评委席位"),
    "judge.recuse": _("评委回避"),
    "sheet.submit": _("提交评分表"),
    "sheet.confirm": _("确认评分表"),
    "sheet.reopen": _("退回评分表重评"),
    "marks.correct": _("更正评分"),
    "draw.commit": _("封存抽签"),
    "draw.reveal": _("公布抽签结果"),
    "stage.panel": _("切换上台评委组"),
    "screen.reveal": _("大屏公布得分"),
    "timer.call": _("叫号上台"),
    "timer.start": _("开始计时"),
    "timer.pause": _("暂停计时"),
    "timer.resume": _("继续计时"),
    "timer.stop": _("结束计时"),
}

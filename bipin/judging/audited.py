"""The event day's tables that scores depend on (bipin.audit.tracked).

Not listed: Stage and Presentation, the hall's state (who is on stage, the
timer, what the screen shows); they change many times a minute and no score is
computed from them.
"""

from django.utils.translation import pgettext_lazy

from bipin.judging.models import (
    Cut,
    Draw,
    Flight,
    FlightSample,
    FlightSeat,
    Mark,
    Panel,
    Recusal,
    Seat,
    Sheet,
)

TRACKED = {
    Panel: "contest",
    Seat: "panel__contest",
    Recusal: "contest",
    Sheet: "panel__contest",
    Mark: "sheet__panel__contest",
    Draw: "contest",
    Cut: "contest",
    Flight: "contest",
    FlightSeat: "flight__contest",
    FlightSample: "flight__contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "panel.create": pgettext_lazy("audit", "创建评委组"),
    "panel.seat": pgettext_lazy("audit", "安排评委席位"),
    "judge.recuse": pgettext_lazy("audit", "评委回避"),
    "sheet.submit": pgettext_lazy("audit", "提交评分表"),
    "sheet.confirm": pgettext_lazy("audit", "确认评分表"),
    "sheet.reopen": pgettext_lazy("audit", "退回评分表重评"),
    "marks.correct": pgettext_lazy("audit", "更正评分"),
    "draw.commit": pgettext_lazy("audit", "封存抽签"),
    "draw.reveal": pgettext_lazy("audit", "公布抽签结果"),
    "stage.panel": pgettext_lazy("audit", "切换上台评委组"),
    "screen.reveal": pgettext_lazy("audit", "大屏公布得分"),
    "timer.call": pgettext_lazy("audit", "叫号上台"),
    "timer.start": pgettext_lazy("audit", "开始计时"),
    "timer.pause": pgettext_lazy("audit", "暂停计时"),
    "timer.resume": pgettext_lazy("audit", "继续计时"),
    "timer.stop": pgettext_lazy("audit", "结束计时"),
    "panel.update": pgettext_lazy("audit", "修改评委组"),
    "panel.delete": pgettext_lazy("audit", "删除评委组"),
    "panel.criterion_update": pgettext_lazy("audit", "修改评分项"),
    "panel.criterion_delete": pgettext_lazy("audit", "删除评分项"),
    "screen_link.create": pgettext_lazy("audit", "生成大屏专用链接"),
    "screen_link.revoke": pgettext_lazy("audit", "撤销大屏专用链接"),
    "round.cut": pgettext_lazy("audit", "确认晋级,开启下一轮"),
    "round.cut_undo": pgettext_lazy("audit", "撤销晋级,重新评本轮"),
    "flight.split": pgettext_lazy("audit", "分桌(随机分配样品和评委)"),
    "flight.move_sample": pgettext_lazy("audit", "调整样品所在的桌"),
    "flight.move_judge": pgettext_lazy("audit", "调整评委所在的桌"),
}

# What a record's target "<kind>:<id>" names, said as words + #id (bipin.audit.actions).
AUDIT_TARGETS = {
    "sheet": pgettext_lazy("audit target", "评分表"),
    "draw": pgettext_lazy("audit target", "抽签"),
    "screen-link": pgettext_lazy("audit target", "大屏专用链接"),
}

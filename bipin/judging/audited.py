"""The event day's tables that scores depend on (bipin.audit.tracked).

Not listed: Stage and Presentation, the hall's state (who is on stage, the
timer, what the screen shows); they change many times a minute and no score is
computed from them.
"""

from bipin.judging.models import Draw, Mark, Panel, Recusal, Seat, Sheet

TRACKED = {
    Panel: "contest",
    Seat: "panel__contest",
    Recusal: "contest",
    Sheet: "panel__contest",
    Mark: "sheet__panel__contest",
    Draw: "contest",
}

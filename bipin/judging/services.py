"""Domain functions of the event day: panels, sheets, corrections, blind codes.

Each runs in one transaction, writes its audit record in it, and bumps the
contest's stage version when a screen would show the change.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count

from bipin.audit.chain import record
from bipin.contests.codes import random_codes
from bipin.contests.models import Contest, Entrant, Membership, Role
from bipin.contests.params import too_long
from bipin.db import rows
from bipin.judging.models import (
    Draw,
    Flight,
    FlightSample,
    FlightSeat,
    Mark,
    Panel,
    Recusal,
    RevealMode,
    Seat,
    Sheet,
    Stage,
)
from bipin.judging.rounds import current_round

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass(frozen=True)
class Problem:
    field: str
    zh: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "zh": self.zh, "en": self.en}


class JudgingError(Exception):
    """A refused change; ``status`` is the HTTP status the API answers with."""

    def __init__(self, problems: list[Problem], status: int = 400) -> None:
        self.problems = problems
        self.status = status
        super().__init__("; ".join(p.en for p in problems))


def _refuse(field: str, zh: str, en: str, status: int = 400) -> JudgingError:
    return JudgingError([Problem(field, zh, en)], status)


def check_length(model, column: str, text: str, field: str, name_zh: str) -> None:
    """Refuse ``text`` longer than the column it is stored in, naming the form's ``field``."""
    limit = too_long(model, column, text)
    if limit is not None:
        raise _refuse(field, f"{name_zh}不能超过 {limit} 字", f"{field}: at most {limit} characters")


def required_text(value: str, field: str, name_zh: str, limit: int) -> str:
    """``value`` stripped; refused when empty or longer than ``limit`` characters."""
    value = (value or "").strip()
    if not value:
        raise _refuse(field, f"请填写{name_zh}", f"{field} is required")
    if len(value) > limit:
        raise _refuse(field, f"{name_zh}不能超过 {limit} 字", f"{field}: at most {limit} characters")
    return value


def stage_of(contest: Contest) -> Stage:
    stage, _ = Stage.objects.get_or_create(contest=contest)
    return stage


def bump(contest: Contest) -> None:
    """Tell every screen something changed (call inside the change's transaction)."""
    if not rows.increment(Stage, "version", {"contest": contest.pk}):
        Stage.objects.get_or_create(contest=contest, defaults={"version": 1})


# --- set-up -----------------------------------------------------------------

def _plain(d: Decimal) -> str:
    """30.0 -> "30", 0.50 -> "0.5": how the number is printed on the sheet."""
    return format(d.normalize(), "f")


def _check_criteria(criteria: list[dict]) -> list[dict]:
    clean = []
    for c in criteria:
        maximum, step = Decimal(str(c["max"])), Decimal(str(c.get("step", 1)))
        minimum = Decimal(str(c.get("min", 0)))
        if maximum <= 0 or step <= 0 or maximum % step or minimum % step or minimum >= maximum:
            raise ValueError(f"criterion {c['id']!r}: max must be a positive multiple of step")
        clean.append({"id": str(c["id"]), "name": str(c.get("name") or c["id"]), "max": _plain(maximum),
                      "step": _plain(step), "descriptor": str(c.get("descriptor", ""))})
        if minimum:
            # A signed scale (GOE −5 … +5) from the scheme; unsigned sheets keep their shape.
            clean[-1]["min"] = _plain(minimum)
    if not clean or len({c["id"] for c in clean}) != len(clean):
        raise ValueError("criteria must be a non-empty list with distinct ids")
    return clean


@transaction.atomic
def create_panel(actor, contest: Contest, *, item: str, name: str, criteria: list[dict],
                 trim: int = 1, trim_min: int = 5, decimals: int = 2,
                 double_entry: bool = False, timer: int | None = None) -> Panel:
    check_length(Panel, "item", item, "item", "评分项代号")
    check_length(Panel, "name", name, "name", "评委组名称")
    panel = Panel.objects.create(contest=contest, item=item, name=name,
                                 criteria=_check_criteria(criteria), trim=trim, trim_min=trim_min,
                                 decimals=decimals, double_entry=double_entry, timer=timer)
    stage = stage_of(contest)
    if stage.panel_id is None:
        stage.panel = panel
        stage.save(update_fields=["panel"])
    record("panel.create", contest=contest, actor=actor, target=item,
           data={"name": name, "criteria": panel.criteria, "trim": trim, "trim_min": trim_min,
                 "timer": timer},
           saved=[panel])
    bump(contest)
    return panel


def create_panel_from_scheme(actor, contest: Contest, item: str, name: str = "",
                             double_entry: bool = False) -> Panel:
    """A panel for a panel of the scheme in force, its criteria copied from the scheme."""
    from bipin.judging.engine import contest_scheme

    scheme = contest_scheme(contest)
    if scheme is None or item not in scheme.panels:
        raise _refuse("item", f"考评方案中没有评委组“{item}”", f"the scheme has no panel '{item}'")
    spec = scheme.panels[item]
    criteria = [{"id": c.id, "name": c.name, "min": c.min, "max": c.max,
                 "step": c.step or Decimal("0.01"), "descriptor": c.descriptor} for c in spec.criteria]
    return create_panel(actor, contest, item=item, name=name or item, criteria=criteria, trim=spec.trim,
                        trim_min=spec.trim_min_judges, decimals=2 if spec.decimals is None else spec.decimals,
                        double_entry=double_entry, timer=spec.timer)


@transaction.atomic
def update_panel(actor, panel: Panel, *, name: str, double_entry: bool) -> Panel:
    name = name.strip()
    if not name:
        raise _refuse("name", "请填写评委组名称", "name: a panel needs a name")
    check_length(Panel, "name", name, "name", "评委组名称")
    old = {"name": panel.name, "double_entry": panel.double_entry}
    panel.name, panel.double_entry = name, double_entry
    panel.save(update_fields=["name", "double_entry"])
    record("panel.update", contest=panel.contest, actor=actor, target=panel.item,
           data={"old": old, "new": {"name": name, "double_entry": double_entry}}, saved=[panel])
    bump(panel.contest)
    return panel


@transaction.atomic
def delete_panel(actor, panel: Panel) -> None:
    """Delete a panel no sheet was scored on; its seats go with it."""
    from bipin.contests.dependents import Refused, delete_checked

    contest = panel.contest
    try:
        delete_checked(actor, panel, "panel.delete", f"评委组“{panel.name}”", f"panel '{panel.item}'",
                       target=panel.item, part_of=("judging.Seat",))
    except Refused as exc:
        raise _refuse("panel", exc.zh, exc.en) from None
    bump(contest)


def marked_criteria(panel: Panel) -> dict[str, int]:
    """How many marks each criterion of ``panel`` has been given."""
    return dict(Mark.objects.filter(sheet__panel=panel).values("criterion")
                .annotate(n=Count("pk")).values_list("criterion", "n"))


def _marked(panel: Panel, criterion: str) -> int:
    return Mark.objects.filter(sheet__panel=panel, criterion=criterion).count()


def _save_criteria(actor, panel: Panel, criteria: list[dict], action: str, data: dict) -> Panel:
    try:
        panel.criteria = _check_criteria(criteria)
    except (ValueError, ArithmeticError):
        raise _refuse("max", "满分须为正数,且是步长的整数倍", "max: must be a positive multiple of step") from None
    panel.save(update_fields=["criteria"])
    record(action, contest=panel.contest, actor=actor, target=panel.item, data=data, saved=[panel])
    bump(panel.contest)
    return panel


@transaction.atomic
def update_criterion(actor, panel: Panel, criterion: str, *, name: str, max: str, step: str,
                     descriptor: str) -> Panel:
    """Change one criterion; its maximum and step stay as they are once a judge used them."""
    old = next((c for c in panel.criteria if c["id"] == criterion), None)
    if old is None:
        raise _refuse("criterion", f"没有评分项“{criterion}”", f"unknown criterion '{criterion}'")
    try:
        new = {**old, "name": name.strip() or criterion, "descriptor": descriptor.strip(),
               "max": _plain(Decimal(max.strip())), "step": _plain(Decimal(step.strip()))}
    except (InvalidOperation, ValueError):
        raise _refuse("max", "满分和步长须为数字", "max, step: must be numbers") from None
    n = _marked(panel, criterion)
    if n and (new["max"], new["step"]) != (old["max"], old["step"]):
        raise _refuse("max", f"评分项“{old['name']}”已有 {n} 个评分,不能再改满分或步长",
                      f"criterion '{criterion}' has {n} marks; its max and step can no longer change")
    return _save_criteria(actor, panel, [new if c is old else c for c in panel.criteria],
                          "panel.criterion_update", {"criterion": criterion, "old": old, "new": new})


@transaction.atomic
def delete_criterion(actor, panel: Panel, criterion: str) -> Panel:
    """Delete a criterion no judge has marked; a panel keeps at least one."""
    old = next((c for c in panel.criteria if c["id"] == criterion), None)
    if old is None:
        raise _refuse("criterion", f"没有评分项“{criterion}”", f"unknown criterion '{criterion}'")
    n = _marked(panel, criterion)
    if n:
        raise _refuse("criterion", f"不能删除评分项“{old['name']}”:已有 {n} 个评分依赖它",
                      f"cannot delete criterion '{criterion}': {n} marks depend on it")
    if len(panel.criteria) == 1:
        raise _refuse("criterion", "评委组至少要有一个评分项", "a panel needs at least one criterion")
    return _save_criteria(actor, panel, [c for c in panel.criteria if c is not old],
                          "panel.criterion_delete", {"criterion": criterion, "old": old})


@transaction.atomic
def seat_judge(actor, panel: Panel, user) -> Seat:
    if not Membership.objects.filter(contest=panel.contest, user=user,
                                     role__in=[Role.JUDGE, Role.CHIEF_JUDGE]).exists():
        raise _refuse("user", "只有评委或评委组长可以入座评委组",
                      "only a judge or the chief judge can sit on a panel")
    seat, _ = Seat.objects.get_or_create(panel=panel, user=user)
    record("panel.seat", contest=panel.contest, actor=actor, target=user.get_username(),
           data={"panel": panel.item}, saved=[seat])
    bump(panel.contest)
    return seat


@transaction.atomic
def recuse(actor, contest: Contest, user, entrant: Entrant, reason: str) -> Recusal:
    if not reason.strip():
        raise _refuse("reason", "请填写回避原因", "a reason is required")
    check_length(Recusal, "reason", reason.strip(), "reason", "回避原因")
    recusal, _ = Recusal.objects.get_or_create(contest=contest, user=user, entrant=entrant,
                                               defaults={"reason": reason.strip()})
    record("judge.recuse", contest=contest, actor=actor, target=user.get_username(),
           data={"entrant": entrant.name}, reason=reason, saved=[recusal])
    bump(contest)
    return recusal


# --- sheets -----------------------------------------------------------------

def clean_marks(panel: Panel, marks: dict) -> dict[str, Decimal]:
    """Every criterion once, within min..max (min 0 unless signed) and on the step; else every problem."""
    problems: list[Problem] = []
    clean: dict[str, Decimal] = {}
    known = {c["id"] for c in panel.criteria}
    for extra in sorted(set(marks) - known):
        problems.append(Problem(extra, f"没有评分项“{extra}”", f"unknown criterion '{extra}'"))
    for c in panel.criteria:
        cid, name = c["id"], c["name"]
        raw = marks.get(cid)
        try:
            value = Decimal(str(raw).strip())
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            problems.append(Problem(cid, f"“{name}”请填写数字", f"'{cid}' needs a number"))
            continue
        maximum, step, minimum = Decimal(c["max"]), Decimal(c["step"]), Decimal(c.get("min", "0"))
        if value < minimum or value > maximum:
            problems.append(Problem(cid, f"“{name}”应在 {minimum} 到 {maximum} 之间",
                                    f"'{cid}' must be between {minimum} and {maximum}"))
        elif value % step:
            problems.append(Problem(cid, f"“{name}”须为 {step} 的整数倍",
                                    f"'{cid}' must be a multiple of {step}"))
        else:
            clean[cid] = value
    if problems:
        raise JudgingError(problems)
    return clean


def submit_sheet(judge, panel: Panel, entrant: Entrant, *, key: str, marks: dict,
                 comment: str = "", entered_by=None) -> tuple[Sheet, bool]:
    """Store one sheet exactly once per idempotency key; (sheet, created).

    A repeat of a key returns the stored sheet unchanged, so a phone that lost
    the reply can resend safely. ``entered_by`` is a clerk typing a paper sheet;
    on a double-entry panel that sheet counts only after someone else confirms.
    """
    if not isinstance(key, str) or not KEY_RE.fullmatch(key):
        raise _refuse("key", "提交标识无效", "invalid idempotency key")
    current = current_round(panel.contest_id)
    try:
        # An entrant who did not advance to this stage is not on any judge's list.
        if not current.takes_part(entrant.pk) or not _may_score(judge, panel, entrant):
            raise _refuse("entry", "没有这个评分对象", "no such entry", 404)
        _at_own_table(judge, panel, entrant, current.key)
        comment = comment.strip()
        too_long = [] if len(comment) <= Sheet.COMMENT_MAX_LENGTH else [Problem(
            "comment", f"评价指导不能超过 {Sheet.COMMENT_MAX_LENGTH} 字",
            f"comment: at most {Sheet.COMMENT_MAX_LENGTH} characters")]
        try:
            clean = clean_marks(panel, marks)
        except JudgingError as exc:
            raise JudgingError(exc.problems + too_long) from None
        if too_long:
            raise JudgingError(too_long)
    except JudgingError:
        # A resend answers with what was stored, even if it would not pass now.
        stored = _by_key(judge, key, panel, entrant)
        if stored is not None:
            return stored, False
        raise
    entered_by = entered_by or judge
    try:
        with transaction.atomic():
            sheet = _store(judge, panel, entrant, current.key, key, clean, comment, entered_by)
    except IntegrityError:
        # A resend (or a concurrent copy) of a stored key lands here: the key's
        # unique constraint or the one-active-sheet check refused the insert.
        # Looking the key up only now keeps the common first send one query shorter.
        stored = _by_key(judge, key, panel, entrant)
        if stored is not None:
            return stored, False
        raise _refuse("entry", "该评分表已锁定,不能再次提交", "this sheet is locked", 409) from None
    return sheet, True


def _by_key(judge, key: str, panel: Panel, entrant: Entrant) -> Sheet | None:
    stored = Sheet.objects.filter(judge=judge, key=key).first()
    if stored is not None and (stored.panel_id, stored.entrant_id) != (panel.pk, entrant.pk):
        raise _refuse("key", "提交标识已用于另一张评分表", "key already used for another sheet", 409)
    return stored


def _may_score(judge, panel: Panel, entrant: Entrant) -> bool:
    """Seated on the panel and not recused from the entrant (fixed SQL: every sheet asks)."""
    return bool(rows.select(Seat, ("id",), {"panel": panel.pk, "user": judge.pk})) and not rows.select(
        Recusal, ("id",), {"contest": panel.contest_id, "user": judge.pk, "entrant": entrant.pk})


def _at_own_table(judge, panel: Panel, entrant: Entrant, round_key: str) -> None:
    """In a stage judged in flights (分桌), a judge scores only the samples of their table."""
    if not rows.select(Flight, ("id",), {"panel": panel.pk, "round": round_key}):
        return
    table = rows.select(FlightSample, ("flight",), {"panel": panel.pk, "round": round_key,
                                                    "entrant": entrant.pk})
    seat = rows.select(Seat, ("id",), {"panel": panel.pk, "user": judge.pk})
    if not table:
        raise _refuse("entry", "该样品尚未分桌,请联系组织者", "this sample is at no table yet; ask the organizer",
                      409)
    if not rows.select(FlightSeat, ("id",), {"flight": table[0][0], "seat": seat[0][0]}):
        raise _refuse("entry", "该样品不在您这一桌,不能评分", "this sample is not at your table", 403)


def _store(judge, panel, entrant, round_key, key, clean, comment, entered_by) -> Sheet:
    # Runs while the database's write lock is held, so its statements are the
    # fixed SQL of bipin.db.rows rather than querysets built on every sheet.
    mine = {"panel": panel.pk, "entrant": entrant.pk, "judge": judge.pk, "round": round_key}
    active = [(pk, status) for pk, status in rows.select(Sheet, ("id", "status"), mine, for_update=True)
              if status in Sheet.ACTIVE]
    if active and active[0][1] != Sheet.Status.REOPENED:
        raise IntegrityError("an active sheet exists")
    supersedes = active[0][0] if active else None
    written = []
    if supersedes is not None:
        rows.update(Sheet, {"id": supersedes}, status=Sheet.Status.SUPERSEDED)
        written.append(Sheet.objects.get(pk=supersedes))  # a correction: rare, off the hot path
    pending = panel.double_entry and entered_by.pk != judge.pk
    sheet = rows.insert(Sheet(
        panel=panel, entrant=entrant, judge=judge, round=round_key, key=key, comment=comment,
        entered_by=entered_by,
        status=Sheet.Status.PENDING if pending else Sheet.Status.LOCKED, supersedes_id=supersedes))
    sheet.new_marks = [Mark(sheet=sheet, criterion=c, value=v) for c, v in clean.items()]
    rows.insert_many(sheet.new_marks)
    record("sheet.submit", contest=panel.contest, actor=entered_by, target=f"sheet:{sheet.pk}",
           data={"panel": panel.item, "entrant": entrant.name, "judge": judge.get_username(),
                 "marks": {c: str(v) for c, v in clean.items()}, "status": sheet.status,
                 "supersedes": supersedes, **({"round": round_key} if round_key else {})},
           saved=[*written, sheet, *sheet.new_marks])
    bump(panel.contest)
    return sheet


@transaction.atomic
def confirm_sheet(actor, sheet: Sheet) -> Sheet:
    """The second person's check of a clerk-typed sheet; only then it counts."""
    sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != Sheet.Status.PENDING:
        raise _refuse("sheet", "该评分表不需要核对", "this sheet is not waiting for a check", 409)
    if actor.pk == sheet.entered_by_id:
        raise _refuse("sheet", "录入人不能自己核对", "the person who typed it cannot confirm it", 403)
    sheet.status, sheet.confirmed_by = Sheet.Status.LOCKED, actor
    sheet.save(update_fields=["status", "confirmed_by"])
    record("sheet.confirm", contest=sheet.panel.contest, actor=actor, target=f"sheet:{sheet.pk}",
           saved=[sheet])
    bump(sheet.panel.contest)
    return sheet


@transaction.atomic
def reopen_sheet(chief, sheet: Sheet, reason: str) -> Sheet:
    """评委组长退回: the judge may file a correction, which supersedes this sheet."""
    if not reason.strip():
        raise _refuse("reason", "退回须填写原因", "a reason is required to reopen a sheet")
    check_length(Sheet, "reopen_reason", reason.strip(), "reason", "退回原因")
    sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != Sheet.Status.LOCKED:
        raise _refuse("sheet", "只有已锁定的评分表可以退回", "only a locked sheet can be reopened", 409)
    if sheet.round != current_round(sheet.panel.contest_id).key:
        # The cut was made on this sheet's marks; a correction now would change
        # a stage whose entrants have already moved on.
        raise _refuse("sheet", "该评分表所在的轮次已完成晋级,不能再退回",
                      "this sheet's stage has been cut; it can no longer be reopened", 409)
    sheet.status, sheet.reopened_by, sheet.reopen_reason = Sheet.Status.REOPENED, chief, reason.strip()
    sheet.save(update_fields=["status", "reopened_by", "reopen_reason"])
    record("sheet.reopen", contest=sheet.panel.contest, actor=chief, target=f"sheet:{sheet.pk}",
           reason=reason.strip(), saved=[sheet])
    bump(sheet.panel.contest)
    return sheet


# --- screens and blind mode -----------------------------------------------------

@transaction.atomic
def assign_blind_codes(actor, contest: Contest) -> int:
    """Give every entry a fresh random code (printed on the sample labels).

    Refused once a sheet or a draw exists: a sheet was scored against the old
    code and a published draw names the old codes, so new ones would leave
    judges, paper sheets and the draw record pointing at labels no sample carries.
    """
    if Sheet.objects.filter(panel__contest=contest).exists():
        raise _refuse("codes", "已有评分表,不能再重新生成编号",
                      "sheets exist already; the codes can no longer be regenerated", 409)
    if Draw.objects.filter(contest=contest).exists():
        raise _refuse("codes", "已有抽签记录(其中写明了编号),不能再重新生成编号",
                      "a draw names the codes already; they can no longer be regenerated", 409)
    entrants = list(contest.entrants.select_for_update())
    for entrant, code in zip(entrants, random_codes(len(entrants)), strict=True):
        entrant.code = code
    # Clear first: a new code may equal another entrant's old one (unique constraint).
    contest.entrants.update(code="")
    Entrant.objects.bulk_update(entrants, ["code"])
    stage = stage_of(contest)
    stage.key_released = False
    stage.save(update_fields=["key_released"])
    record("blind.codes", contest=contest, actor=actor, target=contest.slug,
           data={"count": len(entrants)}, saved=entrants)
    bump(contest)
    return len(entrants)


@transaction.atomic
def release_key(actor, contest: Contest) -> None:
    stage = stage_of(contest)
    stage.key_released = True
    stage.save(update_fields=["key_released"])
    record("blind.release_key", contest=contest, actor=actor, target=contest.slug)
    bump(contest)


@transaction.atomic
def set_reveal(actor, contest: Contest, mode: str, results_shown: bool) -> None:
    if mode not in RevealMode.values:
        raise _refuse("mode", "公布方式无效", f"unknown reveal mode {mode!r}")
    mode = RevealMode(mode)
    stage = stage_of(contest)
    stage.reveal_mode, stage.results_shown = mode, results_shown
    stage.save(update_fields=["reveal_mode", "results_shown"])
    record("screen.reveal", contest=contest, actor=actor, target=contest.slug,
           data={"mode": mode.value, "results_shown": results_shown})
    bump(contest)


def new_key() -> str:
    """An idempotency key for a sheet typed on a server-rendered form."""
    return secrets.token_urlsafe(18)


@transaction.atomic
def put_on_stage(actor, panel: Panel) -> None:
    """Make this panel the one the console, the phones and the big screen follow."""
    stage = stage_of(panel.contest)
    stage.panel = panel
    stage.save(update_fields=["panel"])
    record("stage.panel", contest=panel.contest, actor=actor, target=panel.item)
    bump(panel.contest)

"""Declaring a form: its fields, periods, and which scheme data leaf each field feeds.

Periods combine in the engine, not here: each approved period gives its own
observation (round = the period), and the leaf's ``reduce`` (sum, last, mean)
makes the year's value of them. So a field may feed a leaf only when the two
agree on how periods combine; a mismatch is refused by name.
"""

from __future__ import annotations

import calendar
import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction

from bipin.audit.chain import record
from bipin.contests.models import Contest
from bipin.judging.engine import contest_scheme
from bipin.periodic.errors import checked_text, refuse
from bipin.periodic.models import Field, Form, Period, Unit
from bipin.periodic.units import county_of
from bipin.scoring import Source

CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
COMBINES = ("sum", "last", "mean")


def reporting_units(form: Form) -> list[Unit]:
    return list(
        Unit.objects.filter(contest_id=form.contest_id, level=form.level).select_related("entrant")
    )


def units_by_pk(contest_id: int) -> dict[int, Unit]:
    return {u.pk: u for u in Unit.objects.filter(contest_id=contest_id).select_related("entrant")}


@transaction.atomic
def create_form(
    actor, contest: Contest, *, name: str, periodicity: str, level: str, to_city: bool = False
) -> Form:
    name = checked_text(Form, "name", name, "报表名称")
    level = checked_text(Form, "level", level, "填报层级")
    if periodicity not in Form.Periodicity.values:
        raise refuse(
            "periodicity", "报送周期须为月报或季报", "periodicity must be monthly or quarterly"
        )
    if Form.objects.filter(contest=contest, name=name).exists():
        raise refuse("name", f"报表“{name}”已存在", f"form '{name}' already exists")
    units = units_by_pk(contest.pk)
    at_level = [u for u in units.values() if u.level == level]
    if not at_level:
        raise refuse(
            "level",
            f"没有层级为“{level}”的单位,请先导入单位层级",
            f"no unit has the level '{level}'; import the hierarchy first",
        )
    for u in at_level:
        county = county_of(u, units)
        if county is None:
            raise refuse(
                "level",
                f"单位“{u.name}”及其上级都没有对应参评单位,无法计入任何县",
                f"neither '{u.name}' nor a unit above it maps to an entrant",
            )
        if to_city and county.parent_id is None:
            raise refuse(
                "to_city",
                f"“{county.name}”没有上级单位,无法由市级终审",
                f"'{county.name}' has no parent unit to approve last",
            )
    form = Form.objects.create(
        contest=contest,
        name=name,
        periodicity=periodicity,
        level=level,
        to_city=to_city,
        created_by=actor,
    )
    record(
        "periodic.form.create",
        contest=contest,
        actor=actor,
        target=name,
        data={"periodicity": periodicity, "level": level, "to_city": to_city},
        saved=[form],
    )
    return form


def _decimal(raw, field: str, zh: str) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise refuse(field, f"{zh}“{raw}”不是数字", f"{field}: '{raw}' is not a number") from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 14:
        raise refuse(
            field, f"{zh}须为有限的数且绝对值小于10^14", f"{field}: a finite number below 10^14"
        )
    return value


@transaction.atomic
def add_field(
    actor,
    form: Form,
    *,
    code: str,
    label: str,
    kind: str,
    unit: str = "",
    minimum=None,
    maximum=None,
    numerator: str = "",
    denominator: str = "",
) -> Field:
    code = (code or "").strip()
    if not CODE_RE.fullmatch(code):
        raise refuse(
            "code",
            "代号须以字母开头,只含字母、数字、下划线,不超过40字",
            "code: a letter, then letters, digits or _, at most 40",
        )
    if form.fields.filter(code=code).exists():
        raise refuse("code", f"代号“{code}”已存在", f"code '{code}' already exists")
    label = checked_text(Field, "label", label, "名称")
    unit = checked_text(Field, "unit", unit, "计量单位", required=False)
    if kind not in Field.Kind.values:
        raise refuse(
            "kind", "类型须为整数、小数、百分比或文字", "kind: integer, decimal, percent or text"
        )
    low, high = _decimal(minimum, "minimum", "下限"), _decimal(maximum, "maximum", "上限")
    if kind == Field.Kind.PERCENT:
        low = Decimal(0) if low is None else low
        high = Decimal(100) if high is None else high
    if low is not None and high is not None and low > high:
        raise refuse("maximum", "上限须不小于下限", "maximum must be ≥ minimum")
    num = den = None
    if numerator or denominator:
        if kind != Field.Kind.PERCENT:
            raise refuse(
                "numerator",
                "只有百分比字段可以由分子、分母计算",
                "only a percent field is computed from a numerator and denominator",
            )
        num, den = (
            _additive(form, c, f)
            for c, f in ((numerator, "numerator"), (denominator, "denominator"))
        )
    field = Field.objects.create(
        form=form,
        code=code,
        label=label,
        kind=kind,
        unit=unit,
        minimum=low,
        maximum=high,
        numerator=num,
        denominator=den,
        order=form.fields.count(),
    )
    record(
        "periodic.field.add",
        contest=form.contest,
        actor=actor,
        target=f"{form.name}:{code}",
        data={
            "label": label,
            "kind": kind,
            "unit": unit,
            "min": low,
            "max": high,
            "numerator": numerator,
            "denominator": denominator,
        },
        saved=[field],
    )
    return field


def _additive(form: Form, code: str, which: str) -> Field:
    zh = "分子" if which == "numerator" else "分母"
    found = form.fields.filter(code=(code or "").strip()).first()
    if found is None:
        raise refuse(
            which, f"{zh}字段“{code}”不存在(须先添加)", f"{which} field '{code}' does not exist yet"
        )
    if found.kind not in (Field.Kind.INTEGER, Field.Kind.DECIMAL):
        raise refuse(
            which,
            f"{zh}字段“{found.label}”须为整数或小数",
            f"{which} must be an integer or decimal field",
        )
    return found


def period_labels(periodicity: str, first: str, last: str) -> list[tuple[str, datetime.date]]:
    """(label, last day) of each period from ``first`` to ``last``: 2026-01…, or 2026-Q1….

    >>> [p for p, _ in period_labels("quarterly", "2026-Q3", "2027-Q1")]
    ['2026-Q3', '2026-Q4', '2027-Q1']
    """
    pattern = r"^(\d{4})-(\d{2})$" if periodicity == "monthly" else r"^(\d{4})-Q([1-4])$"
    example = "2026-01" if periodicity == "monthly" else "2026-Q1"
    bounds = []
    for name, text in (("first", first), ("last", last)):
        m = re.fullmatch(pattern, (text or "").strip())
        if not m or (periodicity == "monthly" and not 1 <= int(m.group(2)) <= 12):
            raise refuse(
                name,
                f"期别“{text}”格式应为 {example}",
                f"period '{text}' should look like {example}",
            )
        bounds.append(
            int(m.group(1)) * 12 + (int(m.group(2)) - 1) * (1 if periodicity == "monthly" else 3)
        )
    step = 1 if periodicity == "monthly" else 3
    if bounds[1] < bounds[0]:
        raise refuse("last", "结束期别早于开始期别", "the last period is before the first")
    if (bounds[1] - bounds[0]) // step >= 120:
        raise refuse("last", "一次最多设置120期", "at most 120 periods at once")
    out = []
    for months in range(bounds[0], bounds[1] + 1, step):
        year, month = divmod(months, 12)
        end_month = month + step
        end = datetime.date(year, end_month, calendar.monthrange(year, end_month)[1])
        label = f"{year}-{month + 1:02d}" if step == 1 else f"{year}-Q{month // 3 + 1}"
        out.append((label, end))
    return out


@transaction.atomic
def add_periods(
    actor, form: Form, *, first: str, last: str, deadline_days: int = 10
) -> list[Period]:
    """Open the periods from ``first`` to ``last``; each is due ``deadline_days`` after it ends."""
    if not 0 <= deadline_days <= 366:
        raise refuse(
            "deadline_days", "截止天数须在0到366之间", "deadline days must be within 0–366"
        )
    wanted = period_labels(form.periodicity, first, last)
    taken = set(
        form.periods.filter(label__in=[w for w, _ in wanted]).values_list("label", flat=True)
    )
    if taken:
        names = "、".join(sorted(taken))
        raise refuse(
            "first", f"期别{names}已存在", f"periods already open: {', '.join(sorted(taken))}"
        )
    periods = [
        Period.objects.create(
            form=form, label=label, deadline=end + datetime.timedelta(days=deadline_days)
        )
        for label, end in wanted
    ]
    record(
        "periodic.period.add",
        contest=form.contest,
        actor=actor,
        target=form.name,
        data={
            "periods": [p.label for p in periods],
            "deadlines": [p.deadline.isoformat() for p in periods],
        },
        saved=periods,
    )
    return periods



def effective_reduce(leaf) -> str:
    """How the engine combines a leaf's rows: its ``reduce``, else its rule's."""
    return leaf.reduce or (leaf.rule.reduce if leaf.rule is not None else "mean")


def fed_leaves(scheme, item: str, groups=()) -> list:
    """The leaves a row naming ``item`` feeds: the leaf of that id, or each derived leaf
    reading it as an input (完成数 feeds 完成率); within ``groups`` when any there does."""

    def feeds(leaf) -> bool:
        return leaf.id == item or (leaf.formula is not None and item in leaf.formula.inputs)

    found = [leaf for g in groups for leaf in scheme.leaves(group=g) if feeds(leaf)]
    return found or [leaf for leaf in scheme.leaves() if feeds(leaf)]


def leaf_problems(field: Field, scheme, combine: str) -> tuple[str, str, str] | None:
    """Why ``field`` cannot feed its leaf under ``scheme`` (field, zh, en), or None."""
    groups = sorted(
        {u.entrant.group.name for u in reporting_units(field.form) if u.entrant_id}
        | {c.entrant.group.name for c in _counties(field.form)}
    )
    found = fed_leaves(scheme, field.leaf, groups)
    if not found:
        return (
            "leaf",
            f"考评方案中没有指标“{field.leaf}”",
            f"the scheme has no item '{field.leaf}'",
        )
    for leaf in found:
        if leaf.id == field.leaf and leaf.formula is not None:
            # The engine refuses a row naming a computed leaf: feed its inputs instead.
            said = "、".join(leaf.formula.inputs)
            return (
                "leaf",
                f"指标“{leaf.id}”按公式 {leaf.formula.text} 计算,不直接填报;"
                f"请把字段对应到它的输入项{said}",
                f"item '{leaf.id}' is computed by {leaf.formula.text}; map fields to its "
                f"inputs ({', '.join(leaf.formula.inputs)})",
            )
        if leaf.source != Source.DATA:
            return (
                "leaf",
                f"指标“{leaf.id}”的来源不是客观数据(data)",
                f"item '{leaf.id}' is not a data item (source {leaf.source})",
            )
        how = effective_reduce(leaf)
        if how not in COMBINES:
            return (
                "leaf",
                f"指标“{leaf.id}”按 {how} 合并各行,报表只支持 sum、last、mean;请在方案中为其声明 reduce",
                f"item '{leaf.id}' combines its rows by {how}; declare reduce sum, last or mean",
            )
        if combine and combine != how:
            return (
                "combine",
                f"表单声明各期按 {combine} 合并,而方案中指标“{leaf.id}”按 {how} 合并;请改为一致",
                f"the form combines periods by {combine} but the scheme's item '{leaf.id}' by {how}",
            )
    return None


def _counties(form: Form) -> list[Unit]:
    units = units_by_pk(form.contest_id)
    found = {county_of(u, units) for u in units.values() if u.level == form.level}
    return [c for c in found if c is not None]


@transaction.atomic
def map_field(actor, field: Field, *, leaf: str, combine: str = "") -> Field:
    """Let ``field`` feed the scheme data leaf ``leaf`` (blank: feed nothing)."""
    leaf = (leaf or "").strip()
    combine = (combine or "").strip()
    if combine and combine not in COMBINES:
        raise refuse(
            "combine", "各期合并方式须为 sum、last 或 mean", "combine must be sum, last or mean"
        )
    if leaf:
        if field.kind == Field.Kind.TEXT:
            raise refuse("leaf", "文字字段不能计分", "a text field cannot feed an item")
        if (
            field.kind == Field.Kind.PERCENT
            and not field.computed
            and any(u.entrant_id is None for u in reporting_units(field.form))
        ):
            raise refuse(
                "leaf",
                "县以下单位填报的比率不能直接相加:请用分子、分母字段计算该比率,或由县级单位直接填报",
                "a rate reported below the county cannot be added up: compute it from "
                "numerator and denominator fields, or let the counties report it",
            )
        scheme = contest_scheme(field.form.contest)
        if scheme is None:
            raise refuse("leaf", "尚无有效的考评方案", "the contest has no valid scheme yet")
        field.leaf = leaf
        if not combine:  # as the scheme's leaf says
            declared = [n for n in fed_leaves(scheme, leaf) if n.source == Source.DATA]
            combine = effective_reduce(declared[0]) if declared else ""
        problem = leaf_problems(field, scheme, combine)
        if problem:
            raise refuse(*problem)
    else:
        combine = ""
    field.leaf, field.combine = leaf, combine
    field.save(update_fields=["leaf", "combine"])
    record(
        "periodic.field.map",
        contest=field.form.contest,
        actor=actor,
        target=f"{field.form.name}:{field.code}",
        data={"leaf": leaf, "combine": combine},
        saved=[field],
    )
    return field

"""A panel's locked sheets turned into the judge analysis the page and the console show.

The statistics are :mod:`bipin.scoring.agreement` and
:mod:`bipin.scoring.judge_effects`; this module only reads the sheets
(locked ones, of the judges seated and not recused, as the live result
counts them), names judges and entrants, and says which judge drifts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from bipin.contests.models import Entrant
from bipin.judging.engine import scheme_for
from bipin.judging.live import expected_judges, locked_marks, results
from bipin.judging.models import Panel, Seat
from bipin.judging.refs import Naming
from bipin.scoring.agreement import (
    ICCTable,
    KendallW,
    icc,
    judge_severity,
    kendall_w,
    outlier_marks,
    trimmed_centre,
)
from bipin.scoring.judge_effects import judge_effects
from bipin.scoring.rank import competition_rank

# The console's drift rule (docs/judges.md): only once a judge shares enough
# entrants with the panel for the mean deviation to mean something.
DRIFT_MIN_ENTRANTS = 3
DRIFT_STEPS = 2.0
DRIFT_OUTLIERS = 2
OUTLIER_STEPS = 2.0
OUTLIER_TRIM = 1
# A criterion that declares no step (any decimal is allowed) is judged in points.
DEFAULT_STEP = 1.0


@dataclass
class PanelData:
    """Marks of one panel's locked sheets as arrays, rows and columns named."""

    judges: list  # users, in seat order (by username, as the console lists them)
    entrants: list[Entrant]
    criteria: list[str]
    steps: np.ndarray  # [criterion]
    weights: np.ndarray  # [criterion]
    marks: np.ndarray  # [entrant, criterion, judge], NaN = no mark
    totals: np.ndarray  # [entrant, judge], weighted sheet totals, NaN = no complete sheet

    @property
    def total_step(self) -> float:
        """One step of the panel's total: every criterion moved by its own step."""
        return float((self.steps * self.weights).sum())


def judge_name(user) -> str:
    return user.get_full_name() or user.get_username()


def panel_data(panel: Panel) -> PanelData:
    spec = scheme_for(panel).panel(panel.item)
    weight = {c.id: c.weight for c in spec.criteria}
    criteria = [c["id"] for c in panel.criteria]
    steps = np.array([float(c.get("step") or DEFAULT_STEP) for c in panel.criteria])
    weights = np.array([float(weight.get(c, 1.0)) for c in criteria])
    judges = [s.user for s in Seat.objects.filter(panel=panel).select_related("user")
              .order_by("user__username")]
    sheets = locked_marks(panel)
    expected = expected_judges(panel, list(sheets))
    entrants = list(Entrant.objects.filter(pk__in=list(sheets)).select_related("group")
                    .order_by("order", "pk"))
    column = {u.pk: j for j, u in enumerate(judges)}
    row = {c: i for i, c in enumerate(criteria)}
    marks = np.full((len(entrants), len(criteria), len(judges)), np.nan)
    for e, entrant in enumerate(entrants):
        for judge_id, by_criterion in sheets[entrant.pk].items():
            if judge_id not in expected[entrant.pk] or judge_id not in column:
                continue  # on record, but not counted in the result either
            for criterion, value in by_criterion.items():
                if criterion in row:
                    marks[e, row[criterion], column[judge_id]] = float(value)
    # A sheet missing a criterion has no total (NaN propagates through the sum).
    totals = (marks * weights[None, :, None]).sum(axis=1)
    return PanelData(judges, entrants, criteria, steps, weights, marks, totals)


@dataclass
class JudgeRow:
    name: str
    severity: float
    n: int
    se: float
    outliers: int
    effect: float
    drifting: bool
    component: int  # 1-based; only shown when the judges fall apart


@dataclass
class OutlierRow:
    entrant: str
    criterion: str
    judge: str
    mark: float
    panel_mean: float


@dataclass
class EntrantRow:
    entrant: str
    group: str
    judges: int
    official: Decimal | None  # the live result, as the big screen has it
    official_rank: int | None
    raw_mean: float
    adjusted: float
    adjusted_rank: int | None


@dataclass
class Analysis:
    panel: Panel
    data: PanelData
    judges: list[JudgeRow]
    components: list[list[str]]
    icc: ICCTable
    w: KendallW
    outliers: list[OutlierRow]
    entrants: list[EntrantRow] = field(default_factory=list)

    @property
    def drift_limit(self) -> float:
        return DRIFT_STEPS * self.data.total_step


def is_drifting(severity: float, n: int, outliers: int, total_step: float) -> bool:
    """The console's flag: ≥ 3 entrants in common, and a large mean deviation or ≥ 2 outlier marks."""
    if n < DRIFT_MIN_ENTRANTS:
        return False
    return bool(abs(severity) > DRIFT_STEPS * total_step + 1e-9 or outliers >= DRIFT_OUTLIERS)


def drifting_judges(panel: Panel) -> dict[int, bool]:
    """{judge user id: drifting} for the console: the panel's sheets only, no names needed."""
    data = panel_data(panel)
    if not data.judges:
        return {}
    severity = judge_severity(data.totals)
    counts = _outliers(data).sum(axis=(0, 1))
    return {u.pk: is_drifting(severity.severity[j], int(severity.n[j]), int(counts[j]), data.total_step)
            for j, u in enumerate(data.judges)}


def _outliers(data: PanelData) -> np.ndarray:
    if not data.entrants:
        return np.zeros(data.marks.shape, bool)
    return outlier_marks(data.marks, data.steps, OUTLIER_STEPS, OUTLIER_TRIM)


def analyse(panel: Panel, names: Naming) -> Analysis:
    """Everything the analysis page shows; entrants named as ``names`` allows."""
    data = panel_data(panel)
    judge_names = [judge_name(u) for u in data.judges]
    severity = judge_severity(data.totals)
    far = _outliers(data)
    counts = far.sum(axis=(0, 1))
    fit = judge_effects(data.totals)
    component = {j: i + 1 for i, group in enumerate(fit.components_) for j in group}
    judges = [JudgeRow(judge_names[j], float(severity.severity[j]), int(severity.n[j]), float(severity.se[j]),
                       int(counts[j]), float(fit.judge_[j]),
                       is_drifting(severity.severity[j], int(severity.n[j]), int(counts[j]), data.total_step),
                       component.get(j, 0))
               for j in range(len(data.judges))]
    centre = trimmed_centre(data.marks, OUTLIER_TRIM)
    outliers = [OutlierRow(names.name(data.entrants[e]), data.criteria[c], judge_names[j],
                           float(data.marks[e, c, j]), float(centre[e, c]))
                for e, c, j in zip(*np.nonzero(far), strict=True)]
    return Analysis(panel, data, judges, [[judge_names[j] for j in g] for g in fit.components_],
                    icc(data.totals), kendall_w(data.totals), outliers,
                    _entrant_rows(panel, data, fit.entrant_, names))


def _entrant_rows(panel: Panel, data: PanelData, adjusted: np.ndarray, names: Naming) -> list[EntrantRow]:
    if not data.entrants:
        return []
    live = results(panel, data.entrants)
    groups = np.array([e.group_id for e in data.entrants])
    official = [live[e.pk]["result"] for e in data.entrants]
    has_official = np.array([r is not None for r in official])
    official_rank = _ranks(groups, np.array([float(r.total) if r else np.nan for r in official]), has_official)
    has_adjusted = ~np.isnan(adjusted)
    adjusted_rank = _ranks(groups, adjusted, has_adjusted)
    counted = (~np.isnan(data.totals)).sum(axis=1)
    raw_mean = np.nansum(data.totals, axis=1) / np.maximum(counted, 1)
    rows = [EntrantRow(names.name(e), e.group.name, int(counted[i]),
                       official[i].total if official[i] else None, official_rank[i],
                       float(raw_mean[i]) if counted[i] else float("nan"), float(adjusted[i]),
                       adjusted_rank[i])
            for i, e in enumerate(data.entrants)]
    # By rank within the group: a rank says nothing about who is behind a blind code.
    return sorted(rows, key=lambda r: (r.group, r.official_rank or 10**9, r.entrant))


def _ranks(groups: np.ndarray, values: np.ndarray, present: np.ndarray) -> list[int | None]:
    out: list[int | None] = [None] * len(values)
    idx = np.flatnonzero(present)
    if idx.size:
        for i, r in zip(idx, competition_rank(groups[idx], [values[idx]]), strict=True):
            out[int(i)] = int(r)
    return out

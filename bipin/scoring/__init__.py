"""Bipin's scoring core: the only place a score is computed.

Pure Python and numpy, no Django and no I/O. Give it a validated
:class:`Scheme` (:func:`parse_scheme`), the entrants and a long table of
observations; :func:`evaluate` returns totals, ranks, grades, awards and an
explanation tree per entrant. File formats live in :mod:`bipin.io`.

>>> scheme = parse_scheme({"contest": "示例", "dimensions": [{"name": "成效", "indicators": [
...     {"name": "达标率", "points": 5, "source": "data", "rule": "all_or_nothing(threshold=100)"}]}]})
>>> result = evaluate(scheme, [Entrant("a", "示例一县", "县")], [Observation("a", "data", "达标率", 100)])
>>> result.to_dict()["groups"][0]["results"][0]["total"]
5.0
"""

from bipin.scoring.aggregate import weighted_arithmetic, weighted_geometric
from bipin.scoring.evaluate import EntrantResult, Evaluation, GroupResult, evaluate, ranking_keys
from bipin.scoring.explain import Explanation
from bipin.scoring.grade import assign_awards, assign_grades, quota_levels
from bipin.scoring.model import (
    Entrant,
    Observation,
    ObservationError,
    ObservationTable,
    SchemeError,
    SchemeProblem,
    Source,
)
from bipin.scoring.normalise import distance_to_target, min_max, normalise, rank_scale, z_score
from bipin.scoring.panels import PanelResult, aggregate_marks, score_panel
from bipin.scoring.parse import parse_scheme
from bipin.scoring.rank import competition_rank
from bipin.scoring.records import RULE_TYPES
from bipin.scoring.robustness import RankRobustness, rank_robustness
from bipin.scoring.rounding import round_half_up
from bipin.scoring.rules import Rule
from bipin.scoring.rulesyntax import parse_rule
from bipin.scoring.scheme import (
    AwardLevel,
    Awards,
    Composite,
    Criterion,
    GradeLevel,
    Grades,
    Node,
    Panel,
    Scheme,
    Stage,
)
from bipin.scoring.stages import (
    Placing,
    StagedEvaluation,
    StageStanding,
    StageStandings,
    evaluate_stages,
    stage_standings,
)
from bipin.scoring.weights import (
    SAATY_RI,
    ahp_weights,
    critic_weights,
    cv_weights,
    entropy_weights,
    fixed_weights,
)

__all__ = [
    "RULE_TYPES",
    "SAATY_RI",
    "AwardLevel",
    "Awards",
    "Composite",
    "Criterion",
    "Entrant",
    "EntrantResult",
    "Evaluation",
    "Explanation",
    "GradeLevel",
    "Grades",
    "GroupResult",
    "Node",
    "Observation",
    "ObservationError",
    "ObservationTable",
    "Panel",
    "PanelResult",
    "RankRobustness",
    "Rule",
    "Placing",
    "Scheme",
    "Stage",
    "StageStanding",
    "StageStandings",
    "StagedEvaluation",
    "SchemeError",
    "SchemeProblem",
    "Source",
    "aggregate_marks",
    "ahp_weights",
    "assign_awards",
    "assign_grades",
    "competition_rank",
    "critic_weights",
    "cv_weights",
    "distance_to_target",
    "entropy_weights",
    "evaluate",
    "evaluate_stages",
    "fixed_weights",
    "min_max",
    "normalise",
    "parse_rule",
    "parse_scheme",
    "quota_levels",
    "rank_robustness",
    "rank_scale",
    "ranking_keys",
    "round_half_up",
    "score_panel",
    "stage_standings",
    "weighted_arithmetic",
    "weighted_geometric",
    "z_score",
]

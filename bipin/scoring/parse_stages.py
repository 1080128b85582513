"""Validate a scheme's ``stages:`` (预赛 → 半决赛 → 决赛), see :mod:`bipin.scoring.stages`.

With stages declared, the 轮次 column of every row names its stage. A
panel's own ``rounds:`` would then read the same column a second way, and
grades and the rank robustness have no single total to work on; each of
these is refused at its path rather than quietly set aside.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bipin.scoring.reader import Reader
from bipin.scoring.scheme import Stage

__all__ = ["STAGE_KEYS", "parse_stages"]

STAGE_KEYS = ("id", "from", "advance", "ranked_on", "per", "ties")
# Top-level sections that need one total per entrant and so cannot follow a staged ranking.
_SINGLE_TOTAL = ("grades", "robustness")


def parse_stages(r: Reader, data: Mapping[str, Any]) -> tuple[Stage, ...]:
    """The stages of a scheme given as plain data; problems are recorded on ``r``."""
    if data.get("stages") is None:
        return ()
    items = r.items(data.get("stages"), "stages")
    if len(items) < 2:
        r.add(
            "stages",
            "至少需要两个阶段;只有一轮的比赛不写 stages",
            "needs at least two stages; a one-round contest leaves stages out",
        )
    stages: list[Stage] = []
    seen: list[str] = []
    for i, item in enumerate(items):
        path = f"stages[{i}]"
        item = r.mapping(item, path)
        r.keys(item, path, STAGE_KEYS)
        stage_id = r.text(item, "id")
        if not stage_id:
            r.add(f"{path}.id", "缺少阶段名称", "missing stage id")
        elif stage_id in seen:
            r.add(f"{path}.id", f"阶段“{stage_id}”重复", f"duplicate stage {stage_id!r}")
        previous = seen[-1] if seen else None
        after = r.text(item, "from") or None
        if after is not None and after != previous:
            zh = (
                f"阶段按书写顺序相接,“{stage_id}”只能接在“{previous}”之后"
                if previous
                else "第一个阶段没有上一阶段"
            )
            en = (
                f"stages follow one another in the order written: {stage_id!r} can only come "
                f"from {previous!r}"
                if previous
                else "the first stage has no previous stage"
            )
            r.add(f"{path}.from", zh, en)
        advance = r.number(item, "advance", path, None, minimum=1, integer=True)
        if previous is None and "advance" in item:
            r.add(
                f"{path}.advance",
                "第一个阶段所有参评对象都参加,不设晋级人数",
                "every entrant takes part in the first stage: it has no advance",
            )
            advance = None
        elif previous is not None and advance is None and "advance" not in item:
            r.add(
                f"{path}.advance",
                f"须给出从“{previous}”晋级的人数",
                f"give how many advance from {previous!r}",
            )
        ranked_on = tuple(str(s) for s in r.items(item.get("ranked_on"), f"{path}.ranked_on"))
        for k, name in enumerate(ranked_on):
            if name not in seen and name != stage_id:
                r.add(
                    f"{path}.ranked_on[{k}]",
                    f"“{name}”不是本阶段或此前的阶段",
                    f"{name!r} is not this stage or an earlier one",
                )
        if len(set(ranked_on)) != len(ranked_on):
            r.add(f"{path}.ranked_on", "阶段重复", "a stage is listed twice")
        if ranked_on and stage_id not in ranked_on:
            r.add(
                f"{path}.ranked_on",
                f"须包含本阶段“{stage_id}”",
                f"must include the stage itself ({stage_id!r})",
            )
        stages.append(
            Stage(
                id=stage_id,
                ranked_on=ranked_on or (stage_id,),
                advance=advance,
                per=r.choice(item, "per", path, ("group", "overall", "flight"), "group"),
                ties=r.choice(item, "ties", path, ("tie_break", "all"), "tie_break"),
            )
        )
        if previous is None:
            for key in ("per", "ties"):
                if key in item:
                    r.add(
                        f"{path}.{key}",
                        "第一个阶段没有晋级线,不设此项",
                        f"the first stage has no cut: it takes no {key}",
                    )
        seen.append(stage_id)
    flighted = [i for i, s in enumerate(stages) if s.per == "flight"]
    for i in flighted[1:]:
        # An entrant carries one table (Entrant.flight): one stage is judged in flights.
        r.add(
            f"stages[{i}].per",
            "只能有一个阶段按桌晋级(per: flight)",
            "only one stage may advance per flight",
        )
    for name, panel in r.mapping(data.get("panels"), "panels").items():
        if isinstance(panel, Mapping) and "rounds" in panel:
            r.add(
                f"panels.{name}.rounds",
                "已声明 stages:轮次列填写阶段,各阶段分别计分、按 ranked_on 相加;评委组不再设 rounds",
                "with stages declared the 轮次 column names the stage; each stage is scored on "
                "its own and added by ranked_on, so a panel takes no rounds",
            )
    for key in _SINGLE_TOTAL:
        if data.get(key) is not None:
            r.add(
                key,
                "分阶段比赛按各阶段名次排定最终名次,没有可评定的单一总分;请去掉此项",
                f"a staged contest places entrants by the stage they reached, with no single "
                f"total for {key}; leave it out",
            )
    return tuple(stages)

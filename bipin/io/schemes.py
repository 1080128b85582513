"""Load a scheme from YAML or from the 考核指标表 spreadsheet.

Both forms become the same plain data and go through
:func:`bipin.scoring.parse_scheme`; its problems (dotted paths) come back as
located :class:`~bipin.io.problems.Problem` items: for YAML the path is in the
message, for a workbook the sheet, row and column of the cell are named.

The spreadsheet's first sheet (or one named 考核指标表) has the columns
一级指标 | 二级指标 | 三级指标 (optional) | 评价内容 | 分值 | 权重 (optional) |
计分规则 | 数据来源 | 评委组 (optional) | 考核部门 | 适用组别 (optional) |
取值范围, 公式 (a derived value's formula), 倍数 (``搬迁任务县×2``), 一级指标上下限
and 二级指标上下限 (``0~`` 扣完为止, ``~3`` 最高3分) (all optional), 评价标准 (optional;
read only to propose a blank 计分规则, see :mod:`bipin.io.scheme_proposals`).
A sheet named 设置 (settings) may hold ``项目 | 值`` rows
whose values are YAML, e.g. ``contest | 示例大比拼`` or
``grades | {by: quota, levels: [...]}``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bipin.io.formats import SPREADSHEETS, read_file, refuse_format, sniff
from bipin.io.problems import ImportFailed, Problem
from bipin.io.sheets import Limits, sheet_names
from bipin.io.tables import CellError, Column, Row, parse_number, read_table
from bipin.scoring.model import ObservationError, SchemeError, Source, source_code
from bipin.scoring.parse import TOP_KEYS, parse_scheme
from bipin.scoring.scheme import Scheme

__all__ = ["INDICATOR_COLUMNS", "indicator_sheet", "load_scheme", "scheme_data_from_sheet"]

def parse_range(cell: Any) -> list:
    """A leaf's valid values: ``0~100``, ``0~`` (at least 0) or YAML ``[0, 100]``.

    >>> parse_range("0～100"), parse_range("~-1"), parse_range("[0, null]")
    ([0.0, 100.0], [None, -1.0], [0, None])
    """
    text = str(cell).strip().replace("～", "~")
    if "~" in text and not text.startswith("["):
        low, _, high = text.partition("~")
        return [parse_number(low) if low.strip() else None,
                parse_number(high) if high.strip() else None]
    try:
        value = yaml.load(text, Loader=SchemeLoader)
    except yaml.YAMLError:
        value = None
    if not isinstance(value, list):
        raise CellError(f"取值范围“{cell}”须写成 0~100 或 [0, 100]",
                        f"write a range as 0~100 or [0, 100] (got '{cell}')")
    return value


def parse_multiplier(cell: Any) -> dict:
    """A 倍数 cell: the kinds of entrant and the factor, ``搬迁任务县×2``.

    >>> parse_multiplier("搬迁任务县×2"), parse_multiplier("搬迁任务县、山区县 x 1.5")
    ({'kind': '搬迁任务县', 'factor': 2.0}, {'kind': ['搬迁任务县', '山区县'], 'factor': 1.5})
    """
    text = str(cell).strip()
    match = re.fullmatch(r"(.+?)\s*[×xX*＊]\s*([0-9.]+)", text)
    if not match:
        raise CellError(f"倍数“{cell}”须写成 类型×倍数,如 搬迁任务县×2",
                        f"write a multiplier as kind×factor, e.g. 搬迁任务县×2 (got '{cell}')")
    kinds = [k for k in re.split(r"[,,、;;\s]+", match.group(1)) if k]
    return {"kind": kinds[0] if len(kinds) == 1 else kinds, "factor": parse_number(match.group(2))}


INDICATOR_COLUMNS = (
    Column("dimension", ("一级指标", "dimension")),
    Column("indicator", ("二级指标", "indicator")),
    Column("sub", ("三级指标", "sub_indicator"), required=False),
    Column("content", ("评价内容", "content"), required=False),
    Column("points", ("分值", "points"), required=False, parse=parse_number),
    Column("weight", ("权重", "weight"), required=False, parse=parse_number),
    Column("rule", ("计分规则", "rule"), required=False),
    Column("source", ("数据来源", "source")),
    Column("panel", ("评委组", "panel"), required=False),
    Column("department", ("考核部门", "department"), required=False),
    Column("groups", ("适用组别", "groups"), required=False),
    Column("range", ("取值范围", "有效范围", "range"), required=False, parse=parse_range),
    Column("formula", ("公式", "计算公式", "formula"), required=False),
    Column("multiplier", ("倍数", "加倍", "multiplier"), required=False, parse=parse_multiplier),
    # Bounds of the row's 一级指标 and of its 二级指标 when that has 三级指标 under
    # it: 0~ is 扣完为止, ~3 加分最高不超过3分; said once or alike on every row.
    Column("dimension_bounds", ("一级指标上下限", "dimension_bounds"), required=False,
           parse=parse_range),
    Column("indicator_bounds", ("二级指标上下限", "indicator_bounds"), required=False,
           parse=parse_range),
    # The rule in the office's own words; read only to propose a blank 计分规则.
    Column("standard", ("评价标准", "评分标准", "考核标准", "standard"), required=False),
)
SETTING_COLUMNS = (Column("key", ("项目", "key")), Column("value", ("值", "value"), required=False))
# A string with one of these endings and no line break is a path, not YAML text.
_SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_FILE_SUFFIXES = (".yaml", ".yml", *_SHEET_SUFFIXES)


class SchemeLoader(yaml.SafeLoader):
    """YAML with only ``true``/``false`` as booleans.

    YAML 1.1 also reads on/off/yes/no/y/n as booleans, so ``on: sheet`` became
    ``True: sheet`` and the panel silently fell back to its default.
    """


SchemeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
SchemeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _yaml_problem(exc: yaml.YAMLError, filename: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    return Problem(
        f"YAML 格式错误:{getattr(exc, 'problem', exc)}",
        f"invalid YAML: {getattr(exc, 'problem', exc)}",
        file=filename,
        row=None if mark is None else mark.line + 1,
    )


def _parse(data: Any, filename: str, locate: Callable[[str], dict | None] | None = None) -> Scheme:
    if not isinstance(data, dict):
        raise ImportFailed(
            [Problem("方案须为映射(键: 值)", "a scheme must be a mapping", file=filename)]
        )
    try:
        return parse_scheme(data)
    except SchemeError as exc:
        problems = []
        for p in exc.problems:
            where = locate(p.path) if locate else None
            if where is not None:
                # A settings cell holds a whole YAML value: say where inside it.
                zh = f"{p.path}:{p.message_zh}" if where.pop("inside", False) else p.message_zh
                problems.append(Problem(zh, f"{p.path}: {p.message_en}", file=filename, **where))
            else:
                problems.append(
                    Problem(
                        f"{p.path}:{p.message_zh}" if p.path else p.message_zh,
                        str(p),
                        file=filename,
                    )
                )
        raise ImportFailed(problems) from None


def load_scheme(source: str | Path | bytes, *, filename: str | None = None) -> Scheme:
    """A validated scheme from a .yaml/.yml or .xlsx/.xls/.ods file, a path, or YAML text.

    >>> s = load_scheme("contest: 示例\\ndimensions:\\n  - name: 成效\\n    indicators:\\n"
    ...                 "      - {name: 达标率, points: 5, source: data, rule: 'proportional(target=100)'}\\n")
    >>> s.contest, s.leaves()[0].rule.type
    ('示例', 'proportional')
    >>> load_scheme("contest: x\\ndimensions: []\\n", filename="s.yaml")
    Traceback (most recent call last):
    bipin.io.problems.ImportFailed: s.yaml:dimensions:至少需要一个一级指标 / s.yaml: dimensions: needs at least one dimension
    """
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and Path(source).suffix.lower() in _FILE_SUFFIXES
    ):
        path = Path(source)
        folder: Path | None = path.parent  # where a value table the scheme names lies
        filename = filename or path.name
        data = read_file(path)
    else:
        data = source.encode() if isinstance(source, str) else source
        filename = filename or "scheme.yaml"
        folder = None
    # By content, not name: a .xls saved by WPS and renamed .yaml is still a workbook.
    if sniff(data, filename) in SPREADSHEETS:
        plain, locate = scheme_data_from_sheet(data, filename)
        return _parse(_value_tables(plain, folder, (data, filename)), filename, locate)
    suffix = Path(filename).suffix.lower()
    try:
        plain = yaml.load(io.BytesIO(data), Loader=SchemeLoader)
    except yaml.YAMLError as exc:
        if suffix in _SHEET_SUFFIXES:
            raise _not_a_workbook(filename, suffix) from None
        raise ImportFailed([_yaml_problem(exc, filename)]) from None
    if suffix in _SHEET_SUFFIXES and not isinstance(plain, dict):
        # Text named .xlsx: "YAML 格式错误" or "must be a mapping" would send the
        # official looking in the wrong place.
        raise _not_a_workbook(filename, suffix)
    return _parse(_value_tables(plain, folder), filename)


VALUE_COLUMNS = (
    Column("element", ("要素", "动作", "element", "code")),
    Column("base", ("基础分值", "基础分", "base"), parse=parse_number),
    Column("goe", ("每级分值", "执行分每级", "goe"), parse=parse_number),
)


def _value_tables(
    plain: Any, folder: Path | None, workbook: tuple[bytes, str] | None = None
) -> Any:
    """Read each panel's ``values: <name>`` (a scale of values) as a table.

    The name is a sheet of the scheme's own workbook (an .xlsx scheme, even
    uploaded) or a CSV/XLSX file beside the scheme, with columns 要素 | 基础分值 |
    每级分值. A scheme read from text (an upload) has no folder, and the core
    refuses the file name it keeps.
    """
    panels = plain.get("panels") if isinstance(plain, dict) else None
    if not isinstance(panels, dict):
        return plain
    for panel in panels.values():
        name = panel.get("values") if isinstance(panel, dict) else None
        if not isinstance(name, str):
            continue
        if workbook is not None and not Path(name).suffix:
            rows = read_table(workbook[0], VALUE_COLUMNS, filename=workbook[1], sheet=name)
            where = workbook[1]
        elif folder is not None:
            path = folder / name
            if not path.is_file():
                raise ImportFailed(
                    [Problem(f"找不到分值表文件“{name}”", f"no such scale-of-values file {name!r}",
                             file=str(name))]
                )
            rows, where = read_table(path, VALUE_COLUMNS, filename=path.name), path.name
        else:
            continue
        table: dict[str, dict] = {}
        for row in rows:
            if row["element"] in table:
                raise ImportFailed(
                    [row.problem("element", f"要素“{row['element']}”重复",
                                 f"element {row['element']!r} listed twice", file=where)]
                )
            table[row["element"]] = {"base": row["base"], "goe": row["goe"]}
        panel["values"] = table
    return plain


def _not_a_workbook(filename: str, suffix: str) -> ImportFailed:
    return refuse_format(filename, f"文件名为 {suffix},但内容是文本,不是表格文件",
                         f"the name says {suffix} but the file is text, not a workbook")


def _bound(node: dict, row: Row, key: str, problems: list[Problem], filename: str) -> None:
    """A node's floor and cap from one row's cell; rows of the same node must agree."""
    low, high = row[key]
    given = {"floor": low, "cap": high}
    if "_bounds" in node and node["_bounds"] != given:
        problems.append(row.problem(
            key, f"“{node['name']}”的上下限与前面的行不一致", f"bounds of '{node['name']}' differ "
            "from an earlier row", filename))
        return
    node["_bounds"] = given
    node.update({k: v for k, v in given.items() if v is not None})


def _source_name(cell: str) -> str:
    return list(Source)[source_code(cell)].value


def indicator_sheet(data: bytes, filename: str) -> tuple[str, list[str]]:
    """The sheet holding the 考核指标表 (by that name, else the first), and all sheet names."""
    names = sheet_names(data, filename, Limits.from_env())
    return ("考核指标表" if "考核指标表" in names else names[0]), names


def scheme_data_from_sheet(
    data: bytes, filename: str
) -> tuple[dict[str, Any], Callable[[str], dict | None]]:
    """Plain scheme data from a 考核指标表 (.xlsx/.xls/.ods) and a function locating a problem path."""
    sheet, names = indicator_sheet(data, filename)
    rows = read_table(data, INDICATOR_COLUMNS, filename=filename, sheet=sheet)
    settings: dict[str, Any] = {"contest": Path(filename).stem}
    problems: list[Problem] = []
    setting_sheet = next((n for n in names if n in ("设置", "settings")), None)
    setting_rows: dict[str, Row] = {}
    if setting_sheet:
        for row in read_table(data, SETTING_COLUMNS, filename=filename, sheet=setting_sheet,
                              allow_empty=True):
            setting_rows[row["key"]] = row
            if row["key"] == "dimensions":
                problems.append(
                    row.problem(
                        "key",
                        "指标请写在考核指标表中,设置表不能有 dimensions",
                        "dimensions belong on the indicator sheet, not in the settings",
                        filename,
                    )
                )
                continue
            try:
                settings[row["key"]] = (
                    yaml.load(str(row["value"]), Loader=SchemeLoader) if row["value"] is not None else None
                )
            except yaml.YAMLError as exc:
                problems.append(
                    row.problem("value", f"YAML 格式错误:{exc}", f"invalid YAML: {exc}", filename)
                )
    dims: dict[str, dict] = {}
    where: dict[str, Row] = {}
    for row in rows:
        dim = dims.setdefault(row["dimension"], {"name": row["dimension"], "indicators": []})
        leaf: dict[str, Any] = {
            "name": row["sub"] or row["indicator"],
            "points": row["points"] or 0,
        }
        for key in ("content", "department", "rule", "panel", "weight", "range", "formula",
                    "multiplier"):
            if row[key] is not None:
                leaf[key] = row[key]
        if row["dimension_bounds"] is not None:
            _bound(dim, row, "dimension_bounds", problems, filename)
        try:
            leaf["source"] = _source_name(row["source"])
        except ObservationError as exc:
            problems.append(row.problem("source", exc.message_zh, exc.message_en, filename))
        if row["groups"]:
            leaf["groups"] = [g for g in re.split(r"[,,、;;\s]+", row["groups"]) if g]
        d_index = list(dims).index(row["dimension"])
        if row["sub"]:
            parent = next(
                (i for i in dim["indicators"] if i["name"] == row["indicator"] and "children" in i),
                None,
            )
            if parent is None:
                parent = {"name": row["indicator"], "children": []}
                dim["indicators"].append(parent)
                where[f"dimensions[{d_index}].indicators[{len(dim['indicators']) - 1}]"] = row
            parent["children"].append(leaf)
            if row["indicator_bounds"] is not None:
                _bound(parent, row, "indicator_bounds", problems, filename)
            i_index = dim["indicators"].index(parent)
            where[
                f"dimensions[{d_index}].indicators[{i_index}].children[{len(parent['children']) - 1}]"
            ] = row
        else:
            if row["indicator_bounds"] is not None:
                problems.append(row.problem(
                    "indicator_bounds",
                    "该二级指标没有三级指标,其得分由计分规则限定;二级指标上下限只用于有三级指标的行",
                    "this indicator has no sub-indicators, so its rule bounds it; indicator bounds "
                    "apply only to rows with a 三级指标", filename))
            dim["indicators"].append(leaf)
            where[f"dimensions[{d_index}].indicators[{len(dim['indicators']) - 1}]"] = row
        where.setdefault(f"dimensions[{d_index}]", row)
    if problems:
        raise ImportFailed(problems)
    for dim in dims.values():
        dim.pop("_bounds", None)
        for item in dim["indicators"]:
            item.pop("_bounds", None)
    settings["dimensions"] = list(dims.values())
    field_column = {
        "rule": "rule",
        "points": "points",
        "source": "source",
        "panel": "panel",
        "weight": "weight",
        "groups": "groups",
        "range": "range",
        "formula": "formula",
        "multiplier": "multiplier",
        "floor": "dimension_bounds",
        "cap": "dimension_bounds",
        "name": "indicator",
    }

    def locate(path: str) -> dict | None:
        top = path.split(".")[0].split("[")[0]
        if top in setting_rows:
            row = setting_rows[top]
            # An unknown setting is wrong in its name, a known one in its value.
            key = "value" if top in TOP_KEYS else "key"
            return {
                "sheet": row.sheet,
                "row": row.number,
                "column": row.columns.get(key),
                "inside": path != top,
            }
        for prefix in sorted(where, key=len, reverse=True):
            if path == prefix or path.startswith(prefix + "."):
                row = where[prefix]
                rest = path[len(prefix) + 1 :].split(".")[0].split("[")[0]
                key = field_column.get(rest)
                if rest in ("floor", "cap") and ".indicators[" in prefix:
                    key = "indicator_bounds"
                return {
                    "sheet": row.sheet,
                    "row": row.number,
                    "column": row.columns.get(key) if key else None,
                }
        return None

    return settings, locate

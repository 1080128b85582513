"""Derived values (派生指标): a leaf's value computed from other inputs.

"完成率 = 完成数 / 任务数 × 100" is written ``formula: "完成数 / 任务数 * 100"``.
The language is small on purpose: numbers, input names, ``+ - * /``,
parentheses, comparisons (``< <= > >= == !=``), ``and``/``or``/``not``, and the
functions ``min``, ``max``, ``abs`` and ``if(condition, then, else)``.
Full-width （）, ，and the signs × ÷ are read as their ASCII forms.

It is read with Python's :mod:`ast` and only the node types above are
accepted; nothing is ever evaluated as Python. A well-kept library
(simpleeval) was considered: it evaluates one entrant at a time and raises on
a division by zero, while the engine wants a whole group at once (numpy
arrays) and a division by zero as a *missing* value that the leaf's missing
policy fills, with a warning. A whitelist over ``ast`` does both in a page.

>>> f = parse_formula("完成数 / 任务数 × 100")
>>> f.inputs
('完成数', '任务数')
>>> value, why = f.evaluate({"完成数": np.array([45.0, 3, 1]), "任务数": np.array([50.0, 0, np.nan])})
>>> value.tolist(), why.tolist()
([90.0, nan, nan], ['', 'zero', 'missing'])
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from bipin.scoring.reader import MAGNITUDE

__all__ = ["Formula", "FormulaError", "parse_formula"]

_TEXT = str.maketrans({"（": "(", "）": ")", "，": ",", "×": "*", "÷": "/", "　": " "})
_FUNCTIONS = {"min": (2, None), "max": (2, None), "abs": (1, 1), "if": (3, 3)}
_BINARY: dict[type, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
}
_COMPARE: dict[type, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}


class FormulaError(ValueError):
    """A formula that cannot be read."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh, self.message_en = message_zh, message_en


@dataclass(frozen=True)
class Formula:
    """A checked expression; ``inputs`` are the names it reads, in order of first use."""

    text: str
    inputs: tuple[str, ...]
    tree: ast.expr

    def evaluate(self, values: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The value per entrant and why it is missing: ``""``, ``"missing"`` or ``"zero"``.

        An input without a value (NaN) makes the result missing; so does a
        division by zero, which is never taken as 0 or infinity.
        """
        n = len(next(iter(values.values()))) if values else 1
        missing = np.zeros(n, bool)
        for name in self.inputs:
            missing |= np.isnan(values[name])
        zero = np.zeros(n, bool)
        with np.errstate(all="ignore"):
            out = np.asarray(_eval(self.tree, values, zero), float) + np.zeros(n)
        zero &= ~missing
        out = np.where(missing | zero, np.nan, out)
        why = np.where(missing, "missing", np.where(zero, "zero", ""))
        return out, why


def _eval(node: ast.expr, values: Mapping[str, np.ndarray], zero: np.ndarray) -> np.ndarray:
    if isinstance(node, ast.Constant):
        return np.asarray(float(node.value))
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values, zero)
        if isinstance(node.op, ast.Not):
            return ~_truth(operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values, zero), _eval(node.right, values, zero)
        if isinstance(node.op, ast.Div):
            zero |= np.broadcast_to(right == 0, zero.shape)
            return np.divide(left, np.where(right == 0, 1.0, right))
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.BoolOp):
        parts = [_truth(_eval(v, values, zero)) for v in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        out = parts[0]
        for part in parts[1:]:
            out = combine(out, part)
        return out.astype(float)
    if isinstance(node, ast.Compare):
        left, result = _eval(node.left, values, zero), None
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, values, zero)
            step = _COMPARE[type(op)](left, right)
            result = step if result is None else result & step
            left = right
        return np.asarray(result, float)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)  # checked when parsed
    name = node.func.id
    if name == "if":
        # Both branches are computed for the whole group; a division by zero in
        # the branch an entrant does not take must not make it missing.
        marks = [np.zeros_like(zero) for _ in range(3)]
        cond, then, other = (_eval(a, values, m) for a, m in zip(node.args, marks, strict=True))
        cond = _truth(cond)
        zero |= marks[0] | np.where(cond, marks[1], marks[2])
        return np.where(cond, then, other)
    args = [_eval(a, values, zero) for a in node.args]
    if name == "abs":
        return np.abs(args[0])
    pick = np.minimum if name == "min" else np.maximum
    out = args[0]
    for a in args[1:]:
        out = pick(out, a)
    return out


def _truth(value: np.ndarray) -> np.ndarray:
    return np.asarray(value) != 0


def _check(node: ast.AST, inputs: list[str]) -> None:
    if isinstance(node, ast.Constant):
        v = node.value
        if (
            isinstance(v, bool)
            or not isinstance(v, (int, float))
            or not math.isfinite(v)
            or abs(v) > MAGNITUDE
        ):
            raise FormulaError(f"只能使用数字(现为 {v!r})", f"only numbers may appear (got {v!r})")
        return
    if isinstance(node, ast.Name):
        if node.id in _FUNCTIONS:
            raise FormulaError(
                f"“{node.id}”是函数,须写成 {node.id}(…)",
                f"{node.id} is a function: write {node.id}(...)",
            )
        if node.id not in inputs:
            inputs.append(node.id)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
        _check(node.operand, inputs)
        return
    if isinstance(node, ast.BinOp) and (type(node.op) in _BINARY or isinstance(node.op, ast.Div)):
        _check(node.left, inputs)
        _check(node.right, inputs)
        return
    if isinstance(node, ast.BoolOp):
        for v in node.values:
            _check(v, inputs)
        return
    if isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
        _check(node.left, inputs)
        for c in node.comparators:
            _check(c, inputs)
        return
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
    ):
        low, high = _FUNCTIONS[node.func.id]
        n = len(node.args)
        if node.keywords or n < low or (high is not None and n > high):
            want = f"{low}" if low == high else f"至少{low}"
            raise FormulaError(
                f"{node.func.id}(…) 须有{want}个参数",
                f"{node.func.id}(...) takes {low}{'' if low == high else ' or more'} arguments",
            )
        for a in node.args:
            _check(a, inputs)
        return
    raise FormulaError(
        "公式只能使用数字、输入项名称、+ - * /、比较、and/or/not 以及 min、max、abs、if",
        "a formula may use only numbers, input names, + - * /, comparisons, and/or/not "
        "and min, max, abs, if",
    )


def parse_formula(text: str) -> Formula:
    """A :class:`Formula` from its text; raises :class:`FormulaError` naming what is wrong.

    >>> f = parse_formula("if(任务数 > 0, 完成数 / 任务数 * 100, 100)")
    >>> f.inputs
    ('任务数', '完成数')
    >>> f.evaluate({"任务数": np.array([0.0, 4]), "完成数": np.array([0.0, 3])})[0].tolist()
    [100.0, 75.0]
    >>> parse_formula("__import__('os')")
    Traceback (most recent call last):
    bipin.scoring.formula.FormulaError: a formula may use only numbers, input names, + - * /, comparisons, and/or/not and min, max, abs, if
    """
    source = str(text).translate(_TEXT).strip()
    # "if" is a Python keyword; read if(…) as a call to a name Python accepts.
    source = _rename_if(source)
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError:
        raise FormulaError(f"无法识别公式“{text}”", f"cannot read the formula {text!r}") from None
    tree = _restore_if(tree)
    inputs: list[str] = []
    _check(tree, inputs)
    if not inputs:
        raise FormulaError("公式至少要用到一个输入项", "a formula must read at least one input")
    return Formula(str(text), tuple(inputs), tree)


_IF = "_if_"


def _rename_if(source: str) -> str:
    out, i = [], 0
    while i < len(source):
        word = source[i : i + 2] == "if" and (
            i == 0 or not (source[i - 1].isalnum() or source[i - 1] == "_")
        )
        if (
            word
            and source[i + 2 : i + 3].strip() in ("(", "")
            and source[i + 2 :].lstrip().startswith("(")
        ):
            out.append(_IF)
            i += 2
        else:
            out.append(source[i])
            i += 1
    return "".join(out)


def _restore_if(tree: ast.expr) -> ast.expr:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == _IF:
            node.func.id = "if"
    return tree

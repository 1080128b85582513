"""Formatting for results pages: figures with two decimals, explanation keys in Chinese."""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.translation import gettext_lazy as _

from bipin.io.report_data import figure
from bipin.io.rule_text import number
from bipin.results.models import Source

register = template.Library()

# The engine's explanation keys, as an official reads them.
LABELS = {
    "points": _("得分"), "max": _("满分"), "weight": _("权重"), "combine": _("合成方式"),
    "source": _("数据来源"), "rule": _("计分规则"), "value": _("数值"), "unrounded": _("未舍入得分"),
    "missing": _("缺数据处理"), "vetoed": _("一票否决"), "weight_used": _("实际权重"),
    "normalised": _("标准化值"), "criteria": _("各评分项"), "judges_counted": _("计入评委数"),
    "aggregate": _("汇总方法"), "inputs": _("原始数据"), "judge": _("评委"), "criterion": _("评分项"),
    "round": _("轮次"), "mark": _("打分"), "factor": _("系数"), "counted": _("计入"),
    "ref": _("记录编号"), "reporter": _("填报人"), "amount": _("加减分"), "category": _("类别"),
    "severity": _("严重程度"), "type": _("规则类型"), "id": _("编号"), "each": _("每项分值"),
    "cap": _("上限"), "target": _("目标值"), "step": _("步长"), "deduct": _("每步扣分"),
    "threshold": _("达标线"), "higher_is_better": _("越高越好"), "whole_steps": _("按整步计"),
    "total": _("总分"), "group": _("组别"), "entrant": _("参评对象"), "name": _("名称"),
}


@register.filter
def points(value) -> str:
    """A figure with two decimals, or all the engine kept; a dash for none."""
    if value is None or value == "":
        return "—"
    try:
        return figure(float(value))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def signed(value) -> str:
    """A bonus or a deduction with its sign: +1.00, -0.50."""
    try:
        text = figure(float(value))
    except (TypeError, ValueError):
        return "—"
    return text if text.startswith("-") else f"+{text}"


MISSING = {"zero": _("按0分计"), "group_mean": _("按组内平均计"), "exclude": _("不参与计算"),
           "impute": _("按插补值计")}


@register.filter
def missing_label(value) -> str:
    return str(MISSING.get(str(value), value))


@register.filter
def field_label(key) -> str:
    return str(LABELS.get(str(key), key))


@register.filter
def fact(value) -> str:
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if value is None:
        return "—"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, Mapping):
        return ";".join(f"{field_label(k)}:{fact(v)}" for k, v in value.items())
    return str(value)


@register.filter
def source_label(value) -> str:
    try:
        return str(Source(value).label)
    except ValueError:
        return str(value)


@register.simple_tag(takes_context=True)
def sort_query(context, key, index=None) -> str:
    """The query string for sorting by ``key``, keeping the snapshot and the search;
    clicking twice flips it. A new order starts again at its first page."""
    key = f"{key}{index}" if index is not None else key
    request = context["request"]
    query = request.GET.copy()
    if query.get("sort") == key:
        key = key[1:] if key.startswith("-") else f"-{key}"
    query["sort"] = key
    query.pop("page", None)
    return query.urlencode()


@register.simple_tag(takes_context=True)
def page_query(context, number, without="") -> str:
    """The query string for page ``number``, keeping the snapshot, the sort and the
    search, less the parameter named ``without`` ("q": the search cleared)."""
    query = context["request"].GET.copy()
    query["page"] = number
    query.pop(without, None)
    return query.urlencode()

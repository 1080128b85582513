"""The analysis tables as an XLSX workbook (bipin.io.xlsx_report's table sheets)."""

from __future__ import annotations

import io
import math

from openpyxl import Workbook

from bipin.agreement.analysis import Analysis
from bipin.io.xlsx_report import table_sheet


def _num(v: float):
    return round(v, 4) if v is not None and math.isfinite(v) else None


def workbook(a: Analysis) -> bytes:
    book = Workbook()
    book.remove(book.active)
    table_sheet(book, "评委宽严", ["评委", "宽严偏差", "共同评分对象数", "标准误", "异常分个数", "评委效应", "偏离"],
                [[j.name, _num(j.severity), j.n, _num(j.se), j.outliers, _num(j.effect), "是" if j.drifting else ""]
                 for j in a.judges], score_columns=(2, 4, 6))
    table_sheet(book, "一致性", ["指标", "值", "95%置信下限", "95%置信上限"],
                [[f.form, _num(f.value), _num(f.low), _num(f.high)] for f in a.icc.forms]
                + [["Kendall W", _num(a.w.w), None, None], ["χ²", _num(a.w.chi2), None, None],
                   ["p", _num(a.w.p), None, None],
                   ["完整评分对象数", a.icc.n, None, None], ["未计入(缺评分)", a.icc.left_out, None, None]],
                score_columns=(2, 3, 4), score_format="0.000")
    table_sheet(book, "异常分", ["参评对象", "评分项", "评委", "分值", "评委组截尾均值"],
                [[o.entrant, o.criterion, o.judge, o.mark, _num(o.panel_mean)] for o in a.outliers],
                score_columns=(4, 5))
    table_sheet(book, "原始与调整后", ["组别", "参评对象", "评委数", "正式得分", "名次", "原始均分", "调整后均分",
                                  "调整后名次"],
                [[e.group, e.entrant, e.judges, float(e.official) if e.official is not None else None,
                  e.official_rank, _num(e.raw_mean), _num(e.adjusted), e.adjusted_rank] for e in a.entrants],
                score_columns=(4, 6, 7))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

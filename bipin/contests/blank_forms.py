"""Blank XLSX forms for the organizer: entrants, people, data and the 考核指标表.

Each form's headers are the first header its own reader accepts (taken from
the reader's columns, so the two cannot drift apart), and a second sheet 说明
says what goes in each column with the names the reader knows: the contest's
groups, the roles in Chinese, the accepted source names, the scheme's items.
A form written here and read back by its reader has no header problem
(tests/test_blank_forms.py holds that).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import translation
from openpyxl import Workbook

from bipin.contests.models import Contest, Role
from bipin.contests.services import ENTRANT_COLUMNS, PEOPLE_COLUMNS, current_scheme
from bipin.io.rule_text import say_rule
from bipin.io.schemes import INDICATOR_COLUMNS, SETTING_COLUMNS, load_scheme
from bipin.io.tables import Column
from bipin.io.xlsx_report import table_sheet
from bipin.results.models import Source as SourceLabel
from bipin.scoring.model import _SOURCE_ALIASES, Source

__all__ = ["FORMS", "XLSX", "blank_form"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What each column holds, by the reader's column key; the reader says the rest.
HELP = {
    "name": "参评单位(或参评对象)的全称,在本活动中不能重复",
    "group": "所属组别,须是本活动已设的组别之一",
    "short_name": "简称,显示在窄屏和图表上",
    "code": "编号(如盲评的样品编码),不能重复",
    "contact": "联系人",
    "order": "排列顺序,整数",
    "kind": "单位类型(如 搬迁任务县),方案的倍数按类型计;同一组别内仍一起排名",
    "username": "登录账号,字母或数字",
    "full_name": "姓名,评委按姓名显示",
    "role": "角色,写中文名称",
    "entrant": "参评单位联络员所属的单位;行业部门填报、审核人员所属的部门单位",
    "department": "所属部门(行业部门填报、审核人员)",
    "email": "邮箱",
    "dimension": "一级指标名称",
    "indicator": "二级指标名称",
    "sub": "三级指标名称(没有三级指标时留空)",
    "content": "评价内容,显示在评分表和成绩单上",
    "points": "分值;加分、扣分、否决项可留空,表示在分值之外计",
    "weight": "权重(仅加权合成时填写)",
    "rule": "计分规则,写法见示例行",
    "source": "数据来源",
    "panel": "评委组(数据来源为评委时,对应设置表中的 panels)",
    "groups": "适用组别,多个用顿号分隔;留空表示所有组别",
    "range": "取值范围,如 0~100",
    "standard": "评价标准,用中文写的计分办法;计分规则留空的行,上传后按此建议规则,确认后才生效",
    "key": "设置项目",
    "value": "设置的值",
}

SOURCE_HELP = "可用的来源名称:" + "、".join(_SOURCE_ALIASES) + "(也可写英文:" + \
    "、".join(s.value for s in Source) + ")"

# A fictional scheme with one row per rule kind; it must itself be valid, so
# the organizer can upload the blank form unchanged and see each rule said in words.
EXAMPLE_ROWS = (
    ("示例一级指标甲", "示例评价得分", 10, "scaled(max=100)", "部门评价", "示例考评办", ""),
    ("示例一级指标甲", "示例审核评分", 10, "manual", "部门评价", "示例考评办", ""),
    ("示例一级指标甲", "示例覆盖率", 20, "target_step(target=100, step=0.1, deduct=1)", "数据", "", "0~100"),
    ("示例一级指标甲", "示例不达标人数", 10, 'all_or_nothing(threshold=0, op="<=")', "数据", "", ""),
    ("示例一级指标乙", "示例支出进度", 10, "proportional(target=90)", "数据", "", "0~100"),
    ("示例一级指标乙", "示例整改率", 20, "bands(bands=[[100, 20], [90, 15], [80, 10]])", "数据", "", "0~100"),
    ("示例一级指标乙", "示例增幅排名", 10, "rank(step=1)", "数据", "", ""),
    ("示例一级指标乙", "示例实地核查", 10, "per_occurrence(each=0.5, cap=10)", "实地核查", "", ""),
    ("示例一级指标乙", "示例表扬加分", None, "bonus(cap=3)", "日常监督", "示例督查室", ""),
    ("示例一级指标乙", "示例通报扣分", None, "deduction(cap=5)", "日常监督", "示例督查室", ""),
    ("示例一级指标乙", "示例一票否决", None, "veto(effect=[rank_last, lowest_grade])", "日常监督", "示例督查室", ""),
)
EXAMPLE_SETTINGS = (("contest", "示例考评方案(虚构)"), ("missing", "zero"))


def _headers(columns: Sequence[Column]) -> list[str]:
    return [c.headers[0] for c in columns]


def _help_rows(columns: Sequence[Column]) -> list[list[str]]:
    return [[c.headers[0], "必填" if c.required else "选填", HELP.get(c.key, ""),
             "、".join(c.headers[1:])] for c in columns]


def _book(sheet: str, columns: Sequence[Column], rows: Sequence[Sequence], notes: Sequence[str]) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    table_sheet(book, sheet, _headers(columns), rows)
    table_sheet(book, "说明", ["列", "是否必填", "说明", "也接受的列名"],
                _help_rows(columns) + [["", "", note, ""] for note in notes], widths={3: 60})
    return book


def _groups_note(contest: Contest) -> str:
    return "本活动的组别:" + ("、".join(contest.groups.values_list("name", flat=True)) or "(尚未设置)")


def _entrants(contest: Contest) -> Workbook:
    return _book("参评对象", ENTRANT_COLUMNS, [], [_groups_note(contest)])


def _people(contest: Contest) -> Workbook:
    roles = "、".join(str(r.label) for r in Role)
    return _book("人员与角色", PEOPLE_COLUMNS, [], ["可用的角色:" + roles])


def _data(contest: Contest) -> Workbook:
    from bipin.io.observations import OBSERVATION_COLUMNS
    from bipin.results.imports import TEMPLATE_HEADER, template_rows

    # The CSV template says sources by code; a clerk reads and types the Chinese name.
    rows = [[r[0], str(SourceLabel(r[1]).label), *r[2:]] for r in template_rows(contest)[1:]]
    columns = [next(c for c in OBSERVATION_COLUMNS if h in c.headers) for h in TEMPLATE_HEADER]
    book = Workbook()
    book.remove(book.active)
    table_sheet(book, "数据", TEMPLATE_HEADER, rows, score_columns=(TEMPLATE_HEADER.index("分值") + 1,))
    notes = [SOURCE_HELP, _groups_note(contest), "已按本活动的参评对象和部门评价、客观数据指标逐行列出,填写分值即可;"
             "实地核查问题和日常监督记录每条一行,自行添加。"]
    version = current_scheme(contest)
    if version is not None:
        scheme = load_scheme(bytes(version.content), filename=version.filename)
        items = sorted({f"{n.name}({SourceLabel(n.source.value).label})"
                        for n in scheme.leaves() if n.source is not None})
        notes.append("本方案的指标:" + "、".join(items))
    table_sheet(book, "说明", ["列", "是否必填", "说明", "也接受的列名"],
                _help_rows(columns) + [["", "", note, ""] for note in notes], widths={3: 60})
    return book


def _scheme_book(notes: Sequence[str]) -> Workbook:
    rows = [[dim, ind, "", "", points, "", rule, source, "", dept, "", rng]
            for dim, ind, points, rule, source, dept, rng in EXAMPLE_ROWS]
    book = _book("考核指标表", INDICATOR_COLUMNS, rows, notes)
    table_sheet(book, "设置", _headers(SETTING_COLUMNS), EXAMPLE_SETTINGS)
    return book


def example_scheme():
    """The example rows as the scheme reader reads them."""
    return load_scheme(_bytes(_scheme_book([])), filename="考核指标表.xlsx")


def _scheme(contest: Contest) -> Workbook:
    book = _scheme_book([SOURCE_HELP, _groups_note(contest)])
    said = book["说明"]
    for leaf in example_scheme().leaves():
        said.append(["", "", f"示例“{leaf.name}”:{say_rule(leaf.rule.describe(), leaf.points or None).zh}", ""])
    return book


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMS = {"entrants": ("参评对象", _entrants), "people": ("人员与角色", _people),
         "data": ("数据", _data), "scheme": ("考核指标表", _scheme)}


def blank_form(contest: Contest, kind: str) -> tuple[str, bytes]:
    """The file name and XLSX bytes of one blank form (``kind`` one of :data:`FORMS`)."""
    title, build = FORMS[kind]
    with translation.override("zh-hans"):  # the readers take the Chinese names
        return f"{contest.name}-{title}模板.xlsx", _bytes(build(contest))

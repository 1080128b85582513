"""The PDF's layout without a database: a wide ranking turns landscape and keeps its headers whole."""

import io

import pypdf
import pytest

from bipin.io.pdf_report import card_pdf_bytes, pdf_bytes

DIMS = [f"第{i}项重点工作落实情况" for i in range(1, 11)]


def evaluation(dims):
    rows = [{"entrant": str(n), "name": f"示例{n}县", "total": 90.0 - n, "rank": n, "grade": "好",
             "award": "一等奖" if n == 1 else None, "vetoed": False,
             "dimensions": {d: 9.0 - n / 10 for d in dims}, "explanation": None} for n in range(1, 4)]
    return {"contest": "示例大比拼", "groups": [{"group": "县", "results": rows}],
            "warnings": ["县 · 2 · “第1项重点工作落实情况”缺少数据,按0分计"]}


def pages(data):
    return pypdf.PdfReader(io.BytesIO(data)).pages


def test_a_ranking_too_wide_for_portrait_is_set_landscape_with_whole_headers():
    ranking = pages(pdf_bytes(evaluation(DIMS), snapshot="第1版 · " + "a" * 64))[1]
    box = ranking.mediabox
    assert box.width > box.height
    lines = [line.strip() for line in ranking.extract_text().splitlines()]
    assert all(d in lines for d in DIMS)


def test_a_narrow_ranking_stays_portrait():
    box = pages(pdf_bytes(evaluation(["责任落实", "政策落实", "工作落实"])))[1].mediabox
    assert box.width < box.height


def test_the_card_pdf_holds_one_entrant_and_its_own_notes():
    texts = [p.extract_text() for p in pages(card_pdf_bytes(evaluation(DIMS[:3]), [], "2"))]
    assert "示例2县 成绩单" in texts[0] and "示例1县 成绩单" not in "".join(texts)
    assert "附录 计算提示" in texts[-1] and "县 · 示例2县" in texts[-1]


def test_the_card_pdf_refuses_an_entrant_not_in_the_results():
    with pytest.raises(KeyError, match="99"):
        card_pdf_bytes(evaluation(DIMS[:3]), [], "99")

"""report_data.read_staged: a stored staged evaluation read back for the pages and files."""

from bipin.io.report_data import is_staged, read_report, read_staged

ENTRANTS = [{"id": "1", "name": "甲", "code": "A"}, {"id": "2", "name": "乙", "code": "B"}]
STAGED = {
    "staged": True,
    "pending": ["决赛"],
    "warnings": ["组一 · 2 · 有缺失数据,不参与评奖"],
    "placings": [{"group": "组二", "results": []},
                 {"group": "组一", "results": [
                     {"entrant": "1", "place": 1, "decided_in": "半决赛", "ranked_total": 13.0, "award": None},
                     {"entrant": "2", "place": 2, "decided_in": "半决赛", "ranked_total": 12.5, "award": "银"}]}],
    "stages": [{
        "stage": "半决赛", "ranked_on": ["预赛", "半决赛"], "next": None,
        # jsonb hands a dict back in its own key order: 半决赛 before 预赛.
        "groups": [{"group": "组一", "results": [
            {"entrant": "1", "total": 4.0, "parts": {"半决赛": 4.0, "预赛": 9.0}, "ranked_total": 13.0,
             "rank": 1, "overall_rank": 1, "advanced": None},
            {"entrant": "2", "total": 6.5, "parts": {"半决赛": 6.5, "预赛": 6.0}, "ranked_total": 12.5,
             "rank": 2, "overall_rank": 2, "advanced": None}]}],
        "tie_notes": ["组一 · “预赛”晋级线处排名总分同为7.00(1、2),按 tie_break 决定:1晋级 / "
                      "组一 · level on 7.00 at the cut in 预赛 (1、2): the tie-break chain decided, 1 go on"],
        "warnings": [],
        "evaluation": {"groups": []},
    }],
}


def test_a_stage_adds_its_totals_in_the_order_the_scheme_names_them():
    staged = read_staged(STAGED, ENTRANTS, ["组一", "组二"])
    stage = staged.stages[0]
    row = stage.row("1")
    assert row.parts == [("预赛", 9.0), ("半决赛", 4.0)] and row.ranked_total == 13.0
    assert (row.name, row.code, row.group, row.rank, row.advanced) == ("甲", "A", "组一", 1, None)


def test_placings_follow_the_contests_group_order_and_name_each_entrant():
    staged = read_staged(STAGED, ENTRANTS, ["组一", "组二"])
    assert [g for g, _ in staged.placings] == ["组一", "组二"]
    assert [(p.place, p.name, p.decided_in, p.award) for p in staged.placings[0][1]] == [
        (1, "甲", "半决赛", ""), (2, "乙", "半决赛", "银")]
    assert staged.has_awards and staged.pending == ["决赛"]
    assert staged.warnings == ["组一 · 乙 · 有缺失数据,不参与评奖"]
    assert [st.id for st, _ in staged.path("2")] == ["半决赛"]


def test_a_tie_note_names_the_tied_entrants_not_their_ids():
    note = read_staged(STAGED, ENTRANTS).stages[0].tie_notes[0]
    assert "同为7.00(甲、乙),按 tie_break 决定:甲晋级" in note
    assert "(甲、乙): the tie-break chain decided, 甲 go on" in note


def test_an_ordinary_evaluation_is_not_read_as_staged():
    assert is_staged(STAGED) and not is_staged({"groups": []})
    assert read_report({"groups": []}).groups == []


def test_no_verification_record_is_built_for_a_staged_contest_and_it_says_why():
    import pytest

    from bipin.io.snapshot_record import RecordError, build_record

    with pytest.raises(RecordError) as refused:
        build_record(contest="跳水", release={}, snapshot={}, scheme_content=b"", scheme_filename="s.yaml",
                     inputs={"observations": [], "entrants": []}, evaluation=STAGED)
    assert refused.value.message_zh.startswith("分阶段比赛(预赛、决赛等)暂不提供核验数据")
    assert "cannot check the cuts between stages" in refused.value.message_en

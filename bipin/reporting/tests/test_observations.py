"""Only approved values reach the engine, each with where it came from."""

from bipin.contests.navigation import todos
from bipin.reporting import grid as grids
from bipin.reporting import nav, observations, services
from bipin.reporting.models import Value

from .conftest import full_grid


def fill(dept):
    g = grids.build(dept.contest, "教育局")
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept))
    return g


def test_a_draft_or_submitted_grid_gives_nothing(dept):
    g = fill(dept)
    assert observations.collect(dept.contest) == []
    services.submit(dept.reporter, dept.contest, g)
    assert observations.collect(dept.contest) == []


def test_approved_values_are_observations_of_the_department(dept):
    g = fill(dept)
    services.approve(dept.reviewer, services.submit(dept.reporter, dept.contest, g))
    got = {
        (o.entrant, o.item): (o.value, o.source, o.judge)
        for o in observations.collect(dept.contest)
    }
    ids = dept.ids
    assert got == {
        (str(ids["南川县"]), "教育保障"): (8.0, "department", "dept:教育局"),
        (str(ids["南川县"]), "控辍保学率"): (99.5, "department", "dept:教育局"),
        (str(ids["北原县"]), "教育保障"): (7.5, "department", "dept:教育局"),
        (str(ids["北原县"]), "控辍保学率"): (100.0, "department", "dept:教育局"),
        (str(ids["教育局"]), "教育专项"): (9.0, "department", "dept:教育局"),
        (str(ids["教育局"]), "教育保障"): (6.0, "department", "dept:教育局"),
    }
    refs = {o.ref for o in observations.collect(dept.contest)}
    assert refs == {f"dept-value:{v.pk}" for v in Value.objects.filter(current=True)}


def test_a_reopened_grid_stops_counting_until_approved_again(dept):
    g = fill(dept)
    sub = services.approve(dept.reviewer, services.submit(dept.reporter, dept.contest, g))
    services.reopen(dept.organizer, sub, "调整")
    assert observations.collect(dept.contest) == []


def test_a_correction_counts_at_once_and_its_provenance_says_why(dept):
    g = fill(dept)
    services.approve(dept.reviewer, services.submit(dept.reporter, dept.contest, g))
    services.correct_values(
        dept.reviewer, dept.contest, g, {(dept.ids["南川县"], "教育保障"): "6.5"}, "复核更正"
    )
    obs = [
        o
        for o in observations.collect(dept.contest)
        if o.entrant == str(dept.ids["南川县"]) and o.item == "教育保障"
    ]
    assert [o.value for o in obs] == [6.5]
    found = observations.provenance(dept.contest, [obs[0].ref], dept.entrant)
    p = found[obs[0].ref]
    facts = dict(p.facts)
    assert p.title == "南川县 · 教育保障 = 6.5"
    assert facts["考核部门"] == "教育局"
    assert facts["更正人"] == "reviewer" and facts["更正原因"] == "复核更正"
    assert facts["审核人"] == "reviewer" and facts["状态"] == "已审核"
    assert p.url == ""  # the county sees the story, not the department's grid
    org = observations.provenance(dept.contest, [obs[0].ref], dept.organizer)[obs[0].ref]
    assert org.url.startswith("/c/test-contest/reporting/d/")


def test_provenance_ignores_other_kinds_and_other_contests(dept):
    assert (
        observations.provenance(
            dept.contest, ["sheet:1", "dept-value:x", "dept-value:999"], dept.organizer
        )
        == {}
    )


def test_the_reporter_and_reviewer_see_their_work_on_the_home_page(dept):
    assert [link.label for link in nav.todo(dept.contest, dept.reporter, {"dept_reporter"})] == [
        "教育局:待填报 6 个数值"
    ]
    g = fill(dept)
    assert nav.todo(dept.contest, dept.reviewer, {"dept_reviewer"}) == []
    services.submit(dept.reporter, dept.contest, g)
    assert nav.todo(dept.contest, dept.reporter, {"dept_reporter"}) == []
    assert [link.label for link in nav.todo(dept.contest, dept.reviewer, {"dept_reviewer"})] == [
        "教育局:待审核 6 个数值"
    ]
    assert [t.links[0].label for t in todos(dept.reviewer)] == ["教育局:待审核 6 个数值"]
    assert nav.todo(dept.contest, dept.entrant, {"entrant_viewer"}) == []

"""回头看: a finding found not rectified costs its deduction again, as the scheme declares.

By hand: 实地核查 is worth 15. One 严重 finding costs 2 (15 → 13). The 回头看
finds it 整改不到位 and the leaf declares ``not_rectified: 1``, so it costs 2
once more: 11, i.e. the finding costs 4 in all. 问题反弹 is not declared and
costs nothing more.
"""

from __future__ import annotations

import pytest

from bipin.contests.provenance import provenance_of
from bipin.inspections import services as inspections
from bipin.rectification import observations, services
from bipin.rectification.models import Recheck, State
from bipin.results.engine import compute

pytestmark = pytest.mark.django_db


def total(ledger, name="南川县") -> float:
    evaluation = compute(ledger.contest).evaluation
    pk = str(ledger.entrants[name].pk)
    return next(
        r["total"] for g in evaluation["groups"] for r in g["results"] if r["entrant"] == pk
    )


def recheck(ledger, finding, outcome, note=""):
    return services.record_recheck(
        ledger.users["inspector2"], ledger.recheck_round, finding, outcome, note
    )


def test_a_serious_finding_not_rectified_costs_four(ledger):
    finding = ledger.finding(severity="严重")
    assert total(ledger) == 13
    check = recheck(ledger, finding, Recheck.Outcome.NOT_RECTIFIED, "管道仍在漏水")
    assert total(ledger) == 11
    assert total(ledger, "北原县") == 15
    [o] = observations.collect(ledger.contest)
    assert (o.item, o.severity, o.category, o.factor, o.ref) == (
        "实地核查",
        "严重",
        "管网老化",
        1.0,
        f"recheck:{check.pk}",
    )


@pytest.mark.parametrize("outcome", [Recheck.Outcome.RECTIFIED, Recheck.Outcome.RECURRED])
def test_an_outcome_the_scheme_does_not_charge_costs_nothing_more(ledger, outcome):
    finding = ledger.finding(severity="严重")
    recheck(ledger, finding, outcome)
    assert observations.collect(ledger.contest) == []
    assert total(ledger) == 13


def test_a_finding_withdrawn_after_its_recheck_costs_nothing_at_all(ledger):
    finding = ledger.finding(severity="严重")
    recheck(ledger, finding, Recheck.Outcome.NOT_RECTIFIED)
    inspections.withdraw_finding(ledger.organizer, finding, "申辩成立", roles={"organizer"})
    assert total(ledger) == 15


def test_a_withdrawn_finding_is_not_rechecked(ledger):
    finding = ledger.finding()
    inspections.withdraw_finding(ledger.organizer, finding, "申辩成立", roles={"organizer"})
    with pytest.raises(services.JudgingError) as err:
        recheck(ledger, finding, Recheck.Outcome.NOT_RECTIFIED)
    assert err.value.problems[0].zh == "该问题已撤销,不能回头看"
    assert not Recheck.objects.exists()


def test_a_finding_is_rechecked_once_a_round_and_only_in_a_recheck_round(ledger):
    finding = ledger.finding()
    recheck(ledger, finding, Recheck.Outcome.RECTIFIED)
    with pytest.raises(services.JudgingError) as err:
        recheck(ledger, finding, Recheck.Outcome.NOT_RECTIFIED)
    assert err.value.problems[0].zh == "本轮回头看已记录该问题的结果"
    with pytest.raises(services.JudgingError) as err:
        services.record_recheck(ledger.inspector, ledger.round, finding, "rectified")
    assert err.value.problems[0].zh == "只有回头看轮次可以记录回头看结果"
    with pytest.raises(services.JudgingError) as err:
        services.record_recheck(
            ledger.users["inspector2"], ledger.recheck_round, ledger.finding(), "fixed"
        )
    assert err.value.problems[0].field == "outcome"
    assert Recheck.objects.count() == 1


@pytest.mark.parametrize(
    "outcome, state",
    [
        ("rectified", State.VERIFIED),
        ("not_rectified", State.RETURNED),
        ("recurred", State.RETURNED),
    ],
)
def test_a_recheck_settles_a_submitted_task(ledger, outcome, state):
    task = ledger.task()
    ledger.submit(task)
    recheck(ledger, task.finding, outcome, "现场查看")
    task.refresh_from_db()
    assert task.state == state
    assert task.transitions.last().reason.startswith(f"回头看:{Recheck.Outcome(outcome).label}")


def test_the_card_says_who_rechecked_it(ledger):
    finding = ledger.finding()
    check = recheck(ledger, finding, Recheck.Outcome.NOT_RECTIFIED)
    found = provenance_of(ledger.contest, [check.ref], ledger.organizer)[check.ref]
    facts = dict(found.facts)
    assert found.title == "回头看:整改不到位"
    assert facts["回头看"] == "回头看" and facts["结果"] == "整改不到位"
    assert facts["记录人"] == "回头看核查员"
    assert found.url == f"/c/test-contest/rectification/{finding.rectification.pk}/"
    other = provenance_of(ledger.contest, [check.ref], ledger.users["reporter"])[check.ref]
    assert other.url == "" and other.evidence == ()


def test_the_report_card_shows_the_recheck_charge_and_who_recorded_it(ledger, client_as):
    from bipin.results.services import compute_snapshot

    finding = ledger.finding(severity="严重")
    recheck(ledger, finding, Recheck.Outcome.NOT_RECTIFIED, "管道仍在漏水")
    compute_snapshot(ledger.organizer, ledger.contest)
    south = ledger.entrants["南川县"].pk
    page = client_as("organizer").get(f"/c/test-contest/results/card/{south}/").content.decode()
    assert "回头看:整改不到位" in page and "回头看核查员" in page
    assert f"/c/test-contest/rectification/{finding.rectification.pk}/" in page


def test_the_organizer_corrects_a_mistaken_outcome_with_a_reason(ledger, client_as):
    from bipin.audit.models import Record

    finding = ledger.finding(severity="严重")
    check = recheck(ledger, finding, Recheck.Outcome.NOT_RECTIFIED)
    with pytest.raises(services.JudgingError) as err:
        services.correct_recheck(ledger.organizer, check, "rectified", " ")
    assert err.value.problems[0].zh == "请填写更正原因"
    with pytest.raises(services.JudgingError) as err:
        services.correct_recheck(ledger.organizer, check, "not_rectified", "误录")
    assert err.value.problems[0].zh == "更正后的结果与原结果相同"
    assert total(ledger) == 11
    base = f"/c/test-contest/rectification/recheck/{ledger.recheck_round.pk}/{finding.pk}/correct/"
    assert (
        client_as("inspector2").post(base, {"outcome": "rectified", "reason": "x"}).status_code
        == 403
    )
    client_as("organizer").post(base, {"outcome": "rectified", "reason": "误录,现场已整改"})
    check.refresh_from_db()
    assert (check.outcome, check.corrected_from, check.correction_reason) == (
        "rectified",
        "not_rectified",
        "误录,现场已整改",
    )
    assert total(ledger) == 13
    audit = Record.objects.get(action="rectification.recheck.correct")
    assert audit.data["from"] == "not_rectified" and audit.reason == "误录,现场已整改"
    page = client_as("organizer").get(
        f"/c/test-contest/rectification/recheck/{ledger.recheck_round.pk}/"
    )
    assert "已更正:原为“整改不到位”" in page.content.decode()

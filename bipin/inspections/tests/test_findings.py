"""An inspector records a finding; the leader confirms it; it then costs points."""

import pytest

from bipin.audit.models import Record
from bipin.inspections import observations, services, setup
from bipin.inspections.models import Finding
from bipin.inspections.tests.conftest import record
from bipin.judging.services import JudgingError
from bipin.scoring import Observation, Source


def refusal(call) -> tuple[str, str, str, int]:
    with pytest.raises(JudgingError) as err:
        call()
    p = err.value.problems[0]
    return p.field, p.zh, p.en, err.value.status


def test_a_recorded_finding_counts_only_once_the_leader_confirms_it(field):
    finding, created = record(field)
    assert created and finding.status == Finding.Status.RECORDED
    assert observations.collect(field.contest) == []
    services.confirm_finding(field.inspector, finding)
    assert observations.collect(field.contest) == [
        Observation(
            entrant=str(field.entrants["南川县"].pk),
            source=Source.INSPECTION,
            item="实地核查",
            value=None,
            category="管网老化",
            severity="较重",
            ref=f"finding:{finding.pk}",
        )
    ]


def test_a_withdrawn_finding_costs_nothing_and_stays_in_the_history(field):
    finding, _ = record(field)
    services.confirm_finding(field.inspector, finding)
    services.withdraw_finding(
        field.organizer, finding, "照片显示已整改,属误判", roles={"organizer"}
    )
    finding.refresh_from_db()
    assert finding.status == Finding.Status.WITHDRAWN
    assert finding.withdraw_reason == "照片显示已整改,属误判"
    assert finding.confirmed_by == field.inspector
    assert observations.collect(field.contest) == []


def test_a_resend_of_the_same_key_returns_the_stored_finding(field):
    first, created = record(field, key="resend-key-0001")
    again, created_again = record(field, key="resend-key-0001", description="另一段文字")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.description == "主管道锈蚀渗漏"
    assert Finding.objects.count() == 1


def test_the_same_key_for_another_visit_is_refused(field):
    record(field, key="resend-key-0002")
    other = setup.add_visit(field.organizer, field.team, field.entrants["北原县"])
    assert refusal(lambda: record(field, visit=other, key="resend-key-0002"))[0::3] == ("key", 409)


def test_every_confirm_withdraw_and_record_is_in_the_audit_log(field):
    finding, _ = record(field)
    services.confirm_finding(field.inspector, finding)
    services.withdraw_finding(field.organizer, finding, "误判", roles={"organizer"})
    actions = list(
        Record.objects.filter(target=f"finding:{finding.pk}")
        .order_by("seq")
        .values_list("action", "actor_label")
    )
    assert actions == [
        ("finding.record", "inspector2"),
        ("finding.confirm", "inspector"),
        ("finding.withdraw", "organizer"),
    ]


def test_only_the_leader_confirms(field):
    finding, _ = record(field)
    assert refusal(lambda: services.confirm_finding(field.inspector2, finding)) == (
        "finding",
        "只有本组组长可以确认",
        "only the team's leader can confirm",
        403,
    )


def test_the_leader_returns_a_finding_with_a_reason_and_it_does_not_count(field):
    finding, _ = record(field)
    assert refusal(lambda: services.return_finding(field.inspector, finding, "  "))[:2] == (
        "reason",
        "请填写退回原因",
    )
    services.return_finding(field.inspector, finding, "请补拍水表照片")
    finding.refresh_from_db()
    assert (finding.status, finding.return_reason) == ("recorded", "请补拍水表照片")
    assert observations.collect(field.contest) == []


def test_a_recorder_may_withdraw_an_unconfirmed_finding_but_not_a_confirmed_one(field):
    finding, _ = record(field)
    services.withdraw_finding(field.inspector2, finding, "记错单位", roles={"inspector"})
    other, _ = record(field)
    services.confirm_finding(field.inspector, other)
    assert (
        refusal(
            lambda: services.withdraw_finding(field.inspector2, other, "x", roles={"inspector"})
        )[3]
        == 403
    )


@pytest.mark.parametrize(
    "fields, expected",
    [
        (
            {"item": "饮水达标率"},
            (
                "item",
                "指标“饮水达标率”不是南川县所在组别的实地核查指标(可选:实地核查)",
                "item '饮水达标率' is not an inspection indicator of 南川县's group "
                "(choose from: 实地核查)",
            ),
        ),
        (
            {"category": "道路破损"},
            (
                "category",
                "问题类别“道路破损”不在方案列出的选项中(可选:管网老化、水表损坏、公示不到位)",
                "category '道路破损' is not one the scheme lists "
                "(choose from: 管网老化, 水表损坏, 公示不到位)",
            ),
        ),
        (
            {"severity": ""},
            (
                "severity",
                "严重程度空不在方案列出的选项中(可选:一般、较重、严重)",
                "severity '' is not one the scheme lists (choose from: 一般, 较重, 严重)",
            ),
        ),
        ({"description": " "}, ("description", "请填写问题描述", "a description is required")),
        ({"site": "村" * 201}, ("site", "村/户不能超过 200 字", "site: at most 200 characters")),
        ({"key": "短"}, ("key", "提交标识无效", "invalid idempotency key")),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(field, fields, expected):
    assert refusal(lambda: record(field, **fields))[:3] == expected
    assert Finding.objects.count() == 0


def test_a_department_has_no_inspection_leaf_to_record_against(field):
    visit = setup.add_visit(field.organizer, field.team, field.entrants["教育局"])
    f, zh, _, _ = refusal(lambda: record(field, visit=visit))
    assert (f, zh) == ("item", "指标“实地核查”不是教育局所在组别的实地核查指标(可选:无)")


def test_someone_outside_the_team_cannot_record(field):
    from bipin.contests.models import Role
    from bipin.contests.services import grant_role
    from bipin.testing.cast import make_user

    outsider = make_user("inspector3", contest=field.contest)
    grant_role(field.organizer, field.contest, outsider, Role.INSPECTOR)
    assert refusal(lambda: record(field, user=outsider))[0::3] == ("visit", 404)
    assert Finding.objects.count() == 0


def test_the_confirm_and_withdraw_hooks_are_called_in_the_transaction(field, monkeypatch):
    import types

    calls = []
    hooks = types.SimpleNamespace(
        on_confirmed=lambda a, f: calls.append(("confirmed", a.username, f.pk)),
        on_withdrawn=lambda a, f: calls.append(("withdrawn", a.username, f.pk)),
    )
    monkeypatch.setattr(
        services, "app_modules", lambda name: [("x", hooks)] if name == "finding_hooks" else []
    )
    finding, _ = record(field)
    services.confirm_finding(field.inspector, finding)
    services.withdraw_finding(field.organizer, finding, "误判", roles={"organizer"})
    assert calls == [("confirmed", "inspector", finding.pk), ("withdrawn", "organizer", finding.pk)]


def test_a_failing_hook_undoes_the_confirmation(field, monkeypatch):
    import types

    def boom(actor, finding):
        raise RuntimeError("ledger down")

    monkeypatch.setattr(
        services, "app_modules", lambda name: [("x", types.SimpleNamespace(on_confirmed=boom))]
    )
    finding, _ = record(field)
    with pytest.raises(RuntimeError):
        services.confirm_finding(field.inspector, finding)
    finding.refresh_from_db()
    assert finding.status == "recorded" and finding.confirmed_at is None

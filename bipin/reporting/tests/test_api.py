"""A provincial system feeds a department's values through the JSON API."""

import json

from bipin.reporting.models import Submission, Value

A = "/api/reporting/test-contest/departments/教育局/"

CELLS = [
    {"entrant": "A01", "item": "教育保障", "value": "8"},
    {"entrant": "A01", "item": "控辍保学率", "value": 99.5},
    {"entrant": "北原县", "item": "教育保障", "value": 7},
    {"entrant": "A02", "item": "控辍保学率", "value": "100"},
    {"entrant": "B01", "item": "教育专项", "value": "9"},
    {"entrant": "B01", "item": "教育保障", "value": "6"},
]


def put(client, body):
    return client.put(A + "values", json.dumps(body), content_type="application/json")


def post(client, path, body=None):
    return client.post(A + path, json.dumps(body or {}), content_type="application/json")


def test_the_grid_lists_items_entrants_and_cells(dept, client_as):
    doc = client_as("reporter").get(A + "grid").json()
    assert doc["department"] == "教育局" and doc["state"] == "draft" and doc["awaiting"] == ""
    assert [i["id"] for i in doc["items"]] == ["教育专项", "教育保障", "控辍保学率"]
    assert doc["items"][1]["range"] == "[0, 10]"
    assert [(c["entrant"], c["item"], c["value"]) for c in doc["cells"]] == [
        ("A01", "教育保障", None),
        ("A01", "控辍保学率", None),
        ("A02", "教育保障", None),
        ("A02", "控辍保学率", None),
        ("B01", "教育专项", None),
        ("B01", "教育保障", None),
    ]


def test_a_round_trip_put_submit_review(dept, client_as):
    c = client_as("reporter")
    r = put(c, {"values": CELLS})
    assert r.status_code == 200 and r.json() == {
        "changed": 6,
        "state": "draft",
        "awaiting": "",
        "deadline": None,
    }
    assert put(c, {"values": CELLS}).json()["changed"] == 0  # idempotent
    assert Value.objects.count() == 6 and set(Value.objects.values_list("via", flat=True)) == {
        "api"
    }
    assert post(c, "submit").json()["awaiting"] == "department"
    r = post(client_as("reviewer"), "review", {"decision": "return"})
    assert r.status_code == 400 and r.json()["errors"][0]["zh"] == "退回须填写原因"
    assert (
        post(client_as("reviewer"), "review", {"decision": "approve"}).json()["state"] == "approved"
    )
    cells = client_as("reporter").get(A + "grid").json()["cells"]
    assert cells[0]["value"] == "8" and cells[0]["ref"].startswith("dept-value:")


def test_one_bad_value_refuses_the_whole_put(dept, client_as):
    bad = [*CELLS[:5], {"entrant": "B01", "item": "教育保障", "value": "12"}]
    r = put(client_as("reporter"), {"values": bad})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == f"v-{dept.ids['教育局']}-教育保障"
    assert r.json()["errors"][0]["zh"].startswith(
        "教育局 · 教育保障:“教育保障”的分值12超出有效范围[0, 10]"
    )
    assert not Value.objects.exists()


def test_malformed_bodies_are_refused_by_field(dept, client_as):
    c = client_as("reporter")
    assert put(c, {"values": []}).json()["errors"][0]["field"] == "values"
    r = put(c, {"values": [{"entrant": "西山县", "item": "教育保障", "value": 1}, {"item": 3}]})
    assert [e["field"] for e in r.json()["errors"]] == ["values[0].entrant", "values[1]"]
    r = put(c, {"values": [{"entrant": "A01", "item": "教育保障", "value": True}]})
    assert r.json()["errors"][0]["zh"] == "须为数字或 null"
    r = c.put(A + "values", "not json", content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"][0]["en"] == "the body must be JSON"
    assert not Submission.objects.exists()


def test_a_submitted_grid_refuses_a_put_with_409(dept, client_as):
    c = client_as("reporter")
    put(c, {"values": CELLS})
    post(c, "submit")
    r = put(c, {"values": CELLS[:1]})
    assert r.status_code == 409


def test_after_approval_the_reviewer_corrects_through_the_api_with_a_reason(dept, client_as):
    c = client_as("reporter")
    put(c, {"values": CELLS})
    post(c, "submit")
    post(client_as("reviewer"), "review", {"decision": "approve"})
    r = put(
        client_as("reviewer"), {"values": [{"entrant": "A01", "item": "教育保障", "value": "7"}]}
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "reason"
    r = put(
        client_as("reviewer"),
        {
            "values": [{"entrant": "A01", "item": "教育保障", "value": "7"}],
            "reason": "省平台复核更正",
        },
    )
    assert r.json()["changed"] == 1
    assert (
        Value.objects.get(current=True, item="教育保障", entrant=dept.entrants["南川县"]).reason
        == "省平台复核更正"
    )


def test_a_put_without_the_csrf_header_is_refused(dept, cast):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(cast.reporter)
    r = c.put(A + "values", json.dumps({"values": CELLS}), content_type="application/json")
    assert r.status_code == 403 and not Value.objects.exists()


def test_a_cell_without_its_value_is_refused_not_cleared(dept, client_as):
    c = client_as("reporter")
    put(c, {"values": CELLS})
    r = put(c, {"values": [{"entrant": "A01", "item": "教育保障"}]})
    assert r.status_code == 400 and r.json()["errors"] == [
        {
            "field": "values[0].value",
            "zh": "须含 value(清空单元格请写 null)",
            "en": "needs a value (null clears the cell)",
        }
    ]
    kept = Value.objects.get(current=True, item="教育保障", entrant=dept.entrants["南川县"])
    assert kept.text == "8"
    r = put(c, {"values": [{"entrant": "A01", "item": "教育保障", "value": None}]})
    assert r.json()["changed"] == 1  # null is how a cell is cleared


def test_a_reason_that_is_not_text_or_too_long_is_refused(dept, client_as):
    c = client_as("reporter")
    put(c, {"values": CELLS})
    post(c, "submit")
    reviewer = client_as("reviewer")
    r = post(reviewer, "review", {"decision": "approve", "reason": 5})
    assert r.status_code == 400 and r.json()["errors"][0] == {
        "field": "reason",
        "zh": "reason 须为文字",
        "en": "reason must be text",
    }
    r = post(reviewer, "review", {"decision": "return", "reason": "长" * 501})
    assert r.status_code == 400 and r.json()["errors"][0]["zh"] == "原因不能超过 500 字"
    assert Submission.objects.get().state == "submitted"  # neither approved nor returned
    post(reviewer, "review", {"decision": "approve"})
    one = [{"entrant": "A01", "item": "教育保障", "value": "7"}]
    r = put(reviewer, {"values": one, "reason": ["省平台复核更正"]})
    assert r.status_code == 400 and r.json()["errors"][0]["en"] == "reason must be text"
    assert (
        Value.objects.get(current=True, item="教育保障", entrant=dept.entrants["南川县"]).text
        == "8"
    )


def test_a_bad_decision_is_refused_before_anything_is_reported(dept, client_as):
    r = post(client_as("reviewer"), "review", {"decision": "maybe"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "decision"
    r = post(client_as("reviewer"), "review", {"decision": "approve"})
    assert r.status_code == 409 and r.json()["errors"][0]["zh"] == "该部门尚未填报"


def test_a_resent_correction_is_refused_as_changing_nothing(dept, client_as):
    c = client_as("reporter")
    put(c, {"values": CELLS})
    post(c, "submit")
    reviewer = client_as("reviewer")
    post(reviewer, "review", {"decision": "approve"})
    body = {"values": [{"entrant": "A01", "item": "教育保障", "value": "7"}], "reason": "复核"}
    assert put(reviewer, body).json()["changed"] == 1
    r = put(reviewer, body)
    assert r.status_code == 400 and r.json()["errors"][0] == {
        "field": "values",
        "zh": "没有数值改变,无需更正",
        "en": "no value changed; nothing to correct",
    }
    assert Value.objects.filter(item="教育保障", entrant=dept.entrants["南川县"]).count() == 2

"""A save the network delivers late must not overwrite a newer answer.

The page gives up on a save after a while and carries on; a busy server may
still carry that save out after a newer one of the same answer. The page
numbers every change of an answer (``seq``) and the server keeps the answer
with the highest number.
"""

from __future__ import annotations

import json

import pytest

from bipin.audit.models import Record
from bipin.exams.models import Answer, Candidate
from bipin.exams.tests.test_taking import item, login, urls


def save(client, exam, question, response, seq=None):
    body = {"item": question.pk, "response": response}
    if seq is not None:
        body["seq"] = seq
    return client.post(urls(exam)["save"], json.dumps(body), content_type="application/json")


def stored(exam, question):
    return Answer.objects.get(candidate=exam.candidates["cand_a"], item=question)


def saves_recorded():
    return Record.objects.filter(action="exam.answer_save").count()


def test_a_late_save_of_an_older_change_is_acknowledged_but_changes_nothing(client, exam):
    login(client, exam)
    first = item(exam, 0)  # single choice, B is right: 2 points
    with exam.at(0):
        client.post(urls(exam)["start"])
        assert save(client, exam, first, ["B"], seq=2).json()["ok"]
        late = save(client, exam, first, ["A"], seq=1)
        # ok, so the page stops resending; it is told what is kept, not what it sent
        assert late.status_code == 200
        assert (late.json()["ok"], late.json()["response"], late.json()["seq"]) == (True, ["B"], 2)
        client.post(urls(exam)["submit"])
    assert (stored(exam, first).response, stored(exam, first).seq) == (["B"], 2)
    assert stored(exam, first).points == 2
    assert Candidate.objects.get(pk=exam.candidates["cand_a"].pk).score == 2


@pytest.mark.parametrize(("first_seq", "second_seq", "kept", "recorded"), [
    (7, 7, ["B"], 0),  # the stored number again: nothing changes, nothing is recorded
    (1, 2, ["C"], 1),  # a newer change: saved and recorded once
], ids=["same-number", "newer"])
def test_only_a_higher_number_changes_the_answer_and_the_log(client, exam, first_seq, second_seq, kept, recorded):
    login(client, exam)
    first = item(exam, 0)
    with exam.at(0):
        client.post(urls(exam)["start"])
        save(client, exam, first, ["B"], seq=first_seq)
        before = saves_recorded()
        assert save(client, exam, first, ["C"], seq=second_seq).json()["response"] == kept
    assert (stored(exam, first).response, stored(exam, first).seq) == (kept, max(first_seq, second_seq))
    assert saves_recorded() == before + recorded


def test_a_page_from_before_the_upgrade_saves_as_it_did(client, exam):
    login(client, exam)
    first = item(exam, 0)
    with exam.at(0):
        client.post(urls(exam)["start"])
        save(client, exam, first, ["A"])
        assert save(client, exam, first, ["C"]).json()["response"] == ["C"]  # last one wins
        assert stored(exam, first).seq == 0
        # once a numbered page has saved it, an unnumbered save is the older one
        save(client, exam, first, ["B"], seq=1)
        assert save(client, exam, first, ["D"]).json()["response"] == ["B"]
    assert stored(exam, first).response == ["B"]


def test_a_number_that_is_not_a_whole_number_is_refused(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
        for bad in (-1, 1.5, True, "²", 2**63, [1]):
            response = save(client, exam, item(exam, 0), ["B"], seq=bad)
            assert response.status_code == 400, bad
            assert response.json()["error"] == "作答数据格式错误 / bad request"
    assert not Answer.objects.filter(candidate=exam.candidates["cand_a"]).exists()

"""评分表导入: the organizer (or a village's scorer, for their village) scores households in
bulk from a sheet; each rating from the checklist, every bad row named, nothing written when
any row is wrong, a large file in a background job that may be stopped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bipin.audit.models import Record
from bipin.campaigns import answers, services
from bipin.campaigns.answers import import_answers
from bipin.campaigns.models import Score
from bipin.campaigns.tests.conftest import household, score, score_all
from bipin.io.problems import ImportFailed
from bipin.jobs.models import Job
from bipin.jobs.progress import Progress

pytestmark = pytest.mark.django_db

HEADER = "乡镇,村,门牌号,户主,庭院整洁,绿化美化,孝老爱亲,law\n"
SHEET = HEADER + ("东河镇,甲村,1号,张一,是,30,是,是\n"
                  "东河镇,甲村,2号,李二,√,15,×,√\n"
                  "东河镇,甲村,3号,王三,1,20,1,0\n")


def post(client, text: str, name: str = "评分表.csv"):
    return client.post(reverse("campaigns:scores", args=["stars"]),
                       {"file": SimpleUploadedFile(name, text.encode())})


def refused(campaign, text: str, village=None) -> list[str]:
    before = Score.objects.count(), Record.objects.count()
    with pytest.raises(ImportFailed) as failed:
        import_answers(campaign.contest.created_by, campaign, text.encode(), "评分表.csv", village=village)
    assert (Score.objects.count(), Record.objects.count()) == before
    return [m["en"] for m in failed.value.messages()]


def current(campaign, village: str, number: str) -> Score:
    return Score.objects.get(household=household(campaign, village, number), superseded_at__isnull=True)


def test_the_organizers_sheet_rates_each_household_by_the_checklist(cast, campaign):
    code = household(campaign, "乙村", "1号").code
    text = "查询码," + SHEET.replace("\n东", "\n,东") + f"{code.lower()},,,,,yes,10,YES,y\n"
    assert import_answers(cast.organizer, campaign, text.encode(), "评分表.csv") == 4
    rows = [(current(campaign, v, n).total, current(campaign, v, n).stars, current(campaign, v, n).vetoed_by)
            for v, n in [("甲村", "1号"), ("甲村", "2号"), ("甲村", "3号"), ("乙村", "1号")]]
    # 40 + 30 + 30; 40 + 15 + 0 + veto passed; 40 + 20 + 30 but the veto failed; 40 + 10 + 30.
    assert rows == [(Decimal("100.0"), 5, []), (Decimal("55.0"), 0, []), (Decimal("90.0"), 0, ["law"]),
                    (Decimal("80.0"), 4, [])]
    assert current(campaign, "甲村", "2号").answers == {"clean": True, "green": "15.0", "kin": False, "law": True}
    assert current(campaign, "乙村", "1号").entered_by == cast.organizer


def test_a_sheet_supersedes_the_phones_score_and_keeps_it_in_the_record(cast, campaign):
    old = score(campaign, cast.scorer_a, "甲村", "1号")
    import_answers(cast.organizer, campaign, SHEET.encode(), "评分表.csv")
    old.refresh_from_db()
    assert old.superseded_at is not None
    assert Score.objects.filter(household=old.household).count() == 2
    rows = Record.objects.get(action="campaign.score_rows")
    assert str(old.pk) in rows.rows["campaigns.score"] and rows.data["replaced"] == 1
    assert len(rows.rows["campaigns.score"]) == 4  # three new scores and the superseded one
    assert Record.objects.get(action="campaign.score_import").data["stars"] == {"5": 1, "0": 2}


def test_each_chunk_has_its_audit_record(cast, campaign, monkeypatch):
    monkeypatch.setattr(answers, "CHUNK_ROWS", 2)
    import_answers(cast.organizer, campaign, SHEET.encode(), "评分表.csv")
    chunks = Record.objects.filter(action="campaign.score_rows").order_by("seq")
    assert [c.data["rows"] for c in chunks] == [[2, 3], [4, 4]]
    assert [len(c.rows["campaigns.score"]) for c in chunks] == [2, 1]


def test_an_unknown_household_is_named_and_nothing_is_written(campaign):
    assert refused(campaign, SHEET + "东河镇,甲村,9号,无名,是,1,是,是\n") == [
        "评分表.csv, row 5, column C: 甲村 of 东河镇 has no household at '9号'"]
    assert refused(campaign, "查询码," + HEADER + "ABCD-EFGH-JKMN,,,,,是,1,是,是\n") == [
        "评分表.csv, row 2, column A: no household has the lookup code 'ABCD-EFGH-JKMN'"]


def test_a_bad_answer_and_points_over_the_item_are_named(campaign):
    found = refused(campaign, HEADER + "东河镇,甲村,1号,张一,也许,31,是,是\n")
    assert found == ["评分表.csv, row 2, column E (庭院整洁): 'also' is not yes or no (write 是/否, √/×, 1/0 or yes/no)"
                     .replace("also", "也许"),
                     "评分表.csv, row 2, column F (绿化美化): item 'green': at most 30.0 points"]


def test_a_household_given_twice_names_the_first_row(campaign):
    assert refused(campaign, SHEET + "东河镇,甲村,1号,张一,否,0,否,是\n") == [
        "评分表.csv, row 5, column C: this household is given twice (see row 2)"]


def test_a_missing_item_column_and_an_unknown_column_are_refused(campaign):
    found = refused(campaign, "乡镇,村,门牌号,庭院整洁,绿化美化,孝老爱亲,遵纪守法,得分\n东河镇,甲村,1号,是,3,是,是,9\n")
    assert len(found) == 1 and "unrecognised column '得分'" in found[0]
    found = refused(campaign, "乡镇,村,门牌号,庭院整洁,绿化美化,孝老爱亲\n东河镇,甲村,1号,是,3,是\n")
    assert len(found) == 1 and "missing required column 'law'" in found[0]
    assert refused(campaign, "村,门牌号,庭院整洁,绿化美化,孝老爱亲,law\n甲村,1号,是,3,是,是\n") == [
        "评分表.csv: give a lookup code column, or the township, village and house number columns"]


def test_an_approved_village_is_frozen_for_the_sheet_too(cast, campaign, village_a):
    score_all(campaign, cast.scorer_a, "甲村")
    services.draw_sample(cast.reviewer_e, village_a, 1)
    services.review_village(cast.reviewer_e, village_a, "approved")
    assert refused(campaign, SHEET)[0] == (
        "评分表.csv, row 2, column C: 甲村's list is approved; scores change only after the township returns it")


def test_a_village_scorer_imports_their_own_village(cast, campaign, client_as):
    answer = post(client_as("scorer_a"), SHEET)
    assert answer.status_code == 302
    assert current(campaign, "甲村", "1号").entered_by == cast.scorer_a


def test_a_scorer_giving_another_villages_row_has_the_whole_file_refused(cast, campaign, client_as):
    answer = post(client_as("scorer_b"), SHEET.replace("甲村,3号", "乙村,2号"))
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "row 2, column C: this household is of 甲村; you score 乙村&#x27;s only" in page
    assert "row 4" not in page
    assert not Score.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("reviewer_e", 403), ("helper", 403), ("other_organizer", 404),
                                             ("judge", 404)])
def test_others_may_not_import_a_sheet_nor_open_its_page(cast, campaign, client_as, who, status):
    client = client_as(who)
    assert client.get(reverse("campaigns:scores", args=["stars"])).status_code == status
    assert post(client, SHEET).status_code == status
    assert not Score.objects.exists()


def test_the_blank_sheet_of_a_village_lists_its_households_and_items(cast, campaign, client_as, village_a):
    import io

    from openpyxl import load_workbook

    answer = client_as("scorer_a").get(reverse("campaigns:answers_template", args=["stars", village_a.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(answer.streaming_content if answer.streaming else
                                                  [answer.content]))).active.values)
    assert rows[0] == ("查询码", "乡镇", "村", "门牌号", "户主", "庭院整洁", "绿化美化", "孝老爱亲", "遵纪守法")
    assert [r[3] for r in rows[1:]] == ["1号", "2号", "3号"]
    assert client_as("scorer_b").get(
        reverse("campaigns:answers_template", args=["stars", village_a.pk])).status_code == 404


def test_a_large_sheet_is_scored_by_a_background_job(cast, campaign, client_as, settings):
    settings.BIPIN_BACKGROUND_IMPORT_BYTES = 10
    answer = post(client_as("organizer"), SHEET)
    job = Job.objects.get(contest=campaign.contest)
    assert answer["Location"] == reverse("jobs:job", args=["stars", job.pk])
    assert job.status == Job.Status.DONE and job.outcome == {"households": 3}
    assert current(campaign, "甲村", "3号").vetoed_by == ["law"]


def test_a_stopped_background_sheet_counts_for_nothing(cast, campaign, client_as, settings, monkeypatch):
    settings.BIPIN_BACKGROUND_IMPORT_BYTES = 10
    monkeypatch.setattr(answers, "CHUNK_ROWS", 1)
    reached = Progress.reached

    def organizer_stops_it_while_it_saves(self, done):
        reached(self, done)
        if done == 2:
            type(self.job).objects.filter(pk=self.job.pk, stage_zh="写入评分").update(cancel_requested=True)

    monkeypatch.setattr(Progress, "reached", organizer_stops_it_while_it_saves)
    old = score(campaign, cast.scorer_a, "甲村", "1号")
    post(client_as("organizer"), SHEET)
    job = Job.objects.get(contest=campaign.contest)
    assert job.status == Job.Status.CANCELLED
    assert list(Score.objects.values_list("pk", "superseded_at")) == [(old.pk, None)]
    assert not Record.objects.filter(action__startswith="campaign.score_").exists()


def test_a_row_naming_no_household_says_what_to_fill_in(campaign):
    assert refused(campaign, HEADER + "东河镇,,1号,张一,是,30,是,是\n") == [
        "评分表.csv, row 2, column B: give the lookup code, or the township, village and house number"]



class ServerStopped(BaseException):
    """What a killed worker looks like to the code it was running."""


def test_a_sheet_saved_just_before_the_server_stopped_is_not_saved_twice(cast, campaign, client_as, settings,
                                                                          monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from bipin.campaigns import background

    settings.BIPIN_BACKGROUND_IMPORT_BYTES = 10
    save = background.save_answers

    def server_stops_after_the_commit(actor, campaign, planned, filename, progress=None):
        saved = save(actor, campaign, planned, filename, progress)
        if progress.job.attempts == 1:
            raise ServerStopped()
        return saved

    monkeypatch.setattr(background, "save_answers", server_stops_after_the_commit)
    post(client_as("organizer"), SHEET)  # the queue's worker dies with it; the job does not end
    job = Job.objects.get(contest=campaign.contest)
    assert job.status == Job.Status.RUNNING and job.checkpoint == {"saved": 3}
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=2))
    # A minute of silence later, the page that watches it queues it again.
    client_as("organizer").get(reverse("jobs:status", args=["stars", job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2 and job.outcome == {"households": 3}
    assert Score.objects.count() == 3  # once
    assert Record.objects.filter(action="campaign.score_import").count() == 1


def test_the_blank_sheet_filled_in_imports_as_it_is(cast, campaign, client_as, village_a):
    import io

    from openpyxl import load_workbook

    scorer = client_as("scorer_a")
    blank = scorer.get(reverse("campaigns:answers_template", args=["stars", village_a.pk]))
    book = load_workbook(io.BytesIO(b"".join(blank.streaming_content) if blank.streaming else blank.content))
    sheet = book.active
    assert len(sheet.data_validations.dataValidation) == 4  # 是/否 lists, the points' range
    for r in range(2, sheet.max_row + 1):
        for c, value in zip(range(6, 10), ["是", 25, "否", "是"], strict=True):
            sheet.cell(r, c, value)
    out = io.BytesIO()
    book.save(out)
    answer = scorer.post(reverse("campaigns:scores", args=["stars"]),
                         {"file": SimpleUploadedFile("甲村评分表.xlsx", out.getvalue())})
    assert answer.status_code == 302
    scores = Score.objects.filter(household__village=village_a, superseded_at__isnull=True)
    assert sorted(scores.values_list("total", "stars")) == [(Decimal("65.0"), 3)] * 3  # 40 + 25 + 0


def test_a_scorers_sheet_is_imported_at_once_whatever_its_size(cast, campaign, client_as, settings):
    settings.BIPIN_BACKGROUND_IMPORT_BYTES = 10  # the job pages are the organizer's
    answer = post(client_as("scorer_a"), SHEET)
    assert answer.status_code == 302 and answer["Location"] == reverse("campaigns:scores", args=["stars"])
    assert not Job.objects.exists() and Score.objects.count() == 3

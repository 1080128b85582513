"""The organizer imports the household list: areas made from it, a code per household,
every bad row named, nothing written when any row is wrong, a large file in the background."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.campaigns.households import import_households
from bipin.campaigns.models import Area, Household, Level
from bipin.certificates.codes import as_typed
from bipin.io.problems import ImportFailed
from bipin.jobs.models import Job

pytestmark = pytest.mark.django_db


def problems(campaign, text: str) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_households(campaign.contest.created_by, campaign, text.encode(), "new.csv")
    return [m["en"] for m in failed.value.messages()]


def test_the_sheet_builds_the_area_tree_and_gives_each_household_a_code(campaign):
    county = campaign.areas.get(level=Level.COUNTY)
    towns = {a.name: a for a in campaign.areas.filter(level=Level.TOWNSHIP)}
    assert county.name == "示例县" and set(towns) == {"东河镇", "西山乡"}
    assert all(t.parent == county for t in towns.values())
    assert sorted(campaign.areas.filter(parent=towns["东河镇"]).values_list("name", flat=True)) == ["乙村", "甲村"]
    codes = list(Household.objects.filter(campaign=campaign).values_list("code", flat=True))
    assert len(codes) == 6 and len(set(codes)) == 6 and all(as_typed(c) == c for c in codes)


def test_a_second_file_adds_to_the_villages_already_there(campaign):
    import_households(campaign.contest.created_by, campaign, "乡镇,村,户主,门牌号\n东河镇,甲村,周七,4号\n".encode(),
                      "more.csv")
    assert campaign.areas.filter(name="甲村").count() == 1
    assert campaign.households.filter(village__name="甲村").count() == 4


def test_a_house_number_given_twice_names_both_rows_and_nothing_is_written(campaign):
    before = Household.objects.count(), Area.objects.count()
    found = problems(campaign, "乡镇,村,户主,门牌号\n北岭镇,丁村,甲,8号\n北岭镇,丁村,乙,8号\n")
    assert found == ["new.csv, row 3, column D: house number '8号' is given twice in 丁村 (see row 2)"]
    assert (Household.objects.count(), Area.objects.count()) == before


def test_a_house_number_already_in_the_village_is_refused(campaign):
    found = problems(campaign, "乡镇,村,户主,门牌号\n东河镇,甲村,新户,1号\n")
    assert found == ["new.csv, row 2, column D: 甲村 already has a household at '1号'"]


def test_a_missing_head_and_a_missing_column_are_named(campaign):
    assert any("row 2, column C" in p for p in problems(campaign, "乡镇,村,户主,门牌号\n北岭镇,丁村,,8号\n"))
    assert any("门牌号" in p or "house" in p for p in problems(campaign, "乡镇,村,户主\n北岭镇,丁村,甲\n"))


def test_a_large_file_is_imported_by_a_background_job(cast, campaign, client_as, settings):
    settings.BIPIN_BACKGROUND_IMPORT_BYTES = 10
    rows = "".join(f"北岭镇,丁村,户主{i},{i}号\n" for i in range(1, 51))
    upload = ("大名单.csv", ("乡镇,村,户主,门牌号\n" + rows).encode())
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client_as("organizer").post(reverse("campaigns:households", args=["stars"]),
                                         {"file": SimpleUploadedFile(*upload)})
    job = Job.objects.get(contest=campaign.contest)
    assert answer.status_code == 302 and answer["Location"] == reverse("jobs:job", args=["stars", job.pk])
    assert job.status == Job.Status.DONE and job.outcome == {"households": 50}
    assert campaign.households.filter(village__name="丁村").count() == 50


def test_a_bad_row_in_a_large_file_fails_its_job_and_writes_nothing(cast, campaign, client_as, settings):
    settings.BIPIN_BACKGROUND_IMPORT_BYTES = 10
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "乡镇,村,户主,门牌号\n北岭镇,丁村,甲,1号\n北岭镇,丁村,,2号\n"
    client_as("organizer").post(reverse("campaigns:households", args=["stars"]),
                                {"file": SimpleUploadedFile("坏.csv", text.encode())})
    job = Job.objects.get(contest=campaign.contest)
    assert job.status == Job.Status.FAILED
    assert not campaign.areas.filter(name="丁村").exists()


def test_no_household_is_added_to_an_approved_village(cast, campaign, village_a):
    from bipin.campaigns import services
    from bipin.campaigns.tests.conftest import score_all

    score_all(campaign, cast.scorer_a, "甲村")
    services.draw_sample(cast.reviewer_e, village_a, 1)
    services.review_village(cast.reviewer_e, village_a, "approved")
    found = problems(campaign, "乡镇,村,户主,门牌号\n东河镇,甲村,新户,9号\n东河镇,乙村,新户,9号\n")
    assert found == ["new.csv, row 2, column B: 甲村's list is approved; households are added only "
                     "after the township returns it"]
    assert not campaign.households.filter(house_number="9号").exists()

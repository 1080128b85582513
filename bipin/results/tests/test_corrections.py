"""A value imported again for the same entrant and item is never blended with the
earlier one: it is refused, or it replaces it as a recorded correction."""

import io

import pytest
from django.urls import reverse

from bipin.audit.models import Record
from bipin.io import ImportFailed
from bipin.results import services
from bipin.results.models import ImportBatch, ImportedObservation, Supersession
from bipin.results.observations import collect
from bipin.results.tests.conftest import SCHEME, give_scheme

pytestmark = pytest.mark.django_db

HEADER = "参评对象,来源,指标,填报人,分值,类别\n"


def imp(cast, text, filename="again.csv", **kwargs):
    return services.import_observations(cast.organizer, cast.contest, (HEADER + text).encode(),
                                        filename, **kwargs)


def rate_of(cast, name="南川县"):
    entrant = str(cast.entrants[name].pk)
    return [(o.value, o.ref) for o in collect(cast.contest) if o.entrant == entrant and o.item == "饮水达标率"]


def refused(cast, text, **kwargs):
    before = (ImportBatch.objects.count(), ImportedObservation.objects.count(),
              Supersession.objects.count(), Record.objects.count())
    with pytest.raises(ImportFailed) as caught:
        imp(cast, text, **kwargs)
    after = (ImportBatch.objects.count(), ImportedObservation.objects.count(),
             Supersession.objects.count(), Record.objects.count())
    assert after == before, "a refused import must write nothing"
    return [str(p) for p in caught.value.problems]


class TestRefusedByDefault:
    def test_a_second_value_is_refused_naming_the_earlier_value_and_its_batch(self, cast, imported):
        assert refused(cast, "南川县,data,饮水达标率,,96,\n") == [
            f"again.csv 第2行 E列:参评对象“南川县”的指标“饮水达标率”已有值 99.7(批次#{imported.pk}“data.csv”第2行)。"
            "如需更改:撤回该批次后重新导入,或勾选“更正导入”并填写原因后导入本文件 / "
            f"again.csv, row 2, column E: entrant '南川县', item '饮水达标率' already has the value 99.7 "
            f"(batch #{imported.pk} 'data.csv', row 2). To change it, withdraw that batch and import "
            "again, or import this file as a correction with a reason"]
        assert rate_of(cast) == [(99.7, f"import:{imported.pk}:2")]

    def test_the_entrant_by_code_is_the_same_entrant(self, cast, imported):
        problems = refused(cast, "A01,data,饮水达标率,,96,\n")
        assert "已有值 99.7" in problems[0]

    def test_findings_and_records_are_events_and_keep_adding(self, cast, imported):
        imp(cast, "南川县,inspection,实地核查,核查组,1,管网老化\n北原县,supervision,日常监督加分,督查室,1,\n")
        entrant = str(cast.entrants["南川县"].pk)
        assert len([o for o in collect(cast.contest) if o.entrant == entrant and o.item == "实地核查"]) == 3

    def test_a_withdrawn_batch_does_not_block_a_new_value(self, cast, imported):
        services.withdraw_batch(cast.organizer, imported, "整批重报")
        batch = imp(cast, "南川县,data,饮水达标率,,96,\n")
        assert rate_of(cast) == [(96.0, f"import:{batch.pk}:2")]

    def test_two_values_in_one_file_are_refused_with_both_rows(self, cast, scheme):
        assert refused(cast, "南川县,data,饮水达标率,,85,\n北原县,data,饮水达标率,,90,\n南川县,data,饮水达标率,,96,\n") == [
            "again.csv 第4行 E列:参评对象“南川县”的指标“饮水达标率”已在第2行给出值,每个对象只能有一个值;"
            "请删除重复的行(若多行本应合并,如按村平均,请在方案中为该指标声明 reduce) / "
            "again.csv, row 4, column E: entrant '南川县', item '饮水达标率' already has a value on row 2; "
            "it takes one value per entrant. Delete the repeated row (if several rows are meant to be "
            "combined, e.g. averaged per village, declare `reduce:` on the leaf)"]

    def test_a_leaf_that_declares_reduce_takes_several_rows(self, cast):
        give_scheme(cast.contest, SCHEME.replace(
            b'rule: "target_step(target=100, step=0.1, deduct=1)"}',
            b'rule: "target_step(target=100, step=0.1, deduct=1)", reduce: mean}'))
        imp(cast, "南川县,data,饮水达标率,,99,\n南川县,data,饮水达标率,,100,\n")
        assert sorted(v for v, _ in rate_of(cast)) == [99.0, 100.0]
        # A later batch for the same key is still refused as a whole.
        assert "已有值 99、100" in refused(cast, "南川县,data,饮水达标率,,98,\n")[0]


class TestCorrections:
    def test_a_correction_replaces_the_value_and_keeps_the_earlier_row(self, cast, imported):
        batch = imp(cast, "南川县,data,饮水达标率,,96,\n", correction=True, reason="复核后更正")
        assert rate_of(cast) == [(96.0, f"import:{batch.pk}:2")]
        old = imported.rows.get(row_number=2)
        assert old.value == 99.7  # kept as it was
        (s,) = Supersession.objects.all()
        assert (s.old, s.new.batch, s.new.batch.uploaded_by, s.new.batch.reason) == (
            old, batch, cast.organizer, "复核后更正")
        rec = Record.objects.filter(action="observations.import").order_by("-seq").first()
        assert rec.reason == "复核后更正" and rec.data["correction"] is True
        assert rec.data["replaced"] == [{
            "entrant": "南川县", "item": "饮水达标率", "judge": "", "round": "", "old": [99.7], "new": [96.0],
            "old_rows": [f"{imported.pk}:2"], "new_rows": [f"{batch.pk}:2"]}]

    def test_a_correction_needs_a_reason(self, cast, imported):
        assert refused(cast, "南川县,data,饮水达标率,,96,\n", correction=True, reason="  ") == [
            "again.csv:更正导入须填写更正原因 / again.csv: a correction needs a reason"]

    def test_withdrawing_the_correction_brings_the_earlier_value_back(self, cast, imported):
        batch = imp(cast, "南川县,data,饮水达标率,,96,\n", correction=True, reason="复核")
        services.withdraw_batch(cast.organizer, batch, "更正有误")
        assert rate_of(cast) == [(99.7, f"import:{imported.pk}:2")]

    def test_withdrawing_a_middle_correction_never_brings_back_an_older_value(self, cast, imported):
        first = imp(cast, "南川县,data,饮水达标率,,96,\n", correction=True, reason="一次更正")
        second = imp(cast, "南川县,data,饮水达标率,,98,\n", correction=True, reason="二次更正")
        services.withdraw_batch(cast.organizer, first, "一次更正作废")
        assert rate_of(cast) == [(98.0, f"import:{second.pk}:2")]

    def test_a_leaf_that_replaces_needs_no_correction(self, cast):
        give_scheme(cast.contest, SCHEME.replace(
            b'rule: "target_step(target=100, step=0.1, deduct=1)"}',
            b'rule: "target_step(target=100, step=0.1, deduct=1)", on_repeat: replace}'))
        imp(cast, "南川县,data,饮水达标率,,85,\n")
        later = imp(cast, "南川县,data,饮水达标率,,96,\n")
        assert rate_of(cast) == [(96.0, f"import:{later.pk}:2")]
        assert Supersession.objects.count() == 1

    def test_the_snapshot_uses_and_cites_only_the_current_value(self, cast, imported, live):
        batch = imp(cast, "南川县,data,饮水达标率,,100,\n", correction=True, reason="复核")
        snapshot, _ = services.compute_snapshot(cast.organizer, cast.contest)
        entrant = str(cast.entrants["南川县"].pk)
        rates = [o for o in snapshot.inputs["observations"]
                 if o["entrant"] == entrant and o["item"] == "饮水达标率"]
        assert [(o["value"], o["ref"]) for o in rates] == [(100.0, f"import:{batch.pk}:2")]
        assert f"import:{imported.pk}:2" not in str(snapshot.evaluation)


class TestPage:
    def url(self, cast):
        return reverse("results:imports", args=[cast.contest.slug])

    def post(self, client, cast, text, **fields):
        upload = io.BytesIO((HEADER + text).encode())
        upload.name = "again.csv"
        return client.post(self.url(cast), {"file": upload, **fields})

    def test_a_refused_repeat_is_explained_on_the_page(self, cast, imported, client_as):
        response = self.post(client_as("organizer"), cast, "南川县,data,饮水达标率,,96,\n")
        assert response.status_code == 400
        assert "已有值 99.7" in response.content.decode()

    def test_a_correction_without_a_reason_is_refused(self, cast, imported, client_as):
        response = self.post(client_as("organizer"), cast, "南川县,data,饮水达标率,,96,\n", correction="1")
        assert response.status_code == 400 and "更正导入须填写更正原因" in response.content.decode()
        assert ImportBatch.objects.count() == 1

    def test_the_superseded_row_is_shown_with_who_when_and_why(self, cast, imported, client_as):
        client = client_as("organizer")
        response = self.post(client, cast, "南川县,data,饮水达标率,,96,\n", correction="1", reason="复核后更正")
        assert response.status_code == 302
        page = client.get(self.url(cast)).content.decode()
        assert "更正记录" in page and "<del>99.7</del>" in page and "复核后更正" in page
        assert f"#{imported.pk} · 2" in page and cast.organizer.username in page

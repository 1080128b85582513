import random

import pytest
from django.urls import reverse

from bipin.audit.models import Record
from bipin.results import engine, services
from bipin.results.models import Snapshot
from bipin.results.tests.conftest import SCHEME, give_scheme

pytestmark = pytest.mark.django_db


def test_computing_creates_a_numbered_hashed_audited_snapshot(cast, snapshot):
    assert snapshot.number == 1
    assert len(snapshot.input_hash) == 64
    assert snapshot.label == f"第1版 · {snapshot.input_hash[:8]}"
    assert snapshot.evaluation["groups"]
    assert snapshot.inputs["scheme"] == snapshot.scheme_sha256
    assert Record.objects.filter(action="results.compute", data__hash=snapshot.input_hash).exists()


def test_the_snapshot_stores_the_explained_evaluation(cast, snapshot):
    result = snapshot.evaluation["groups"][0]["results"][0]
    assert "explanation" in result and result["explanation"]["children"]


def test_the_same_inputs_give_the_same_hash_and_figures(cast, snapshot):
    again = engine.compute(cast.contest)
    assert again.input_hash == snapshot.input_hash
    assert again.evaluation == snapshot.evaluation


def test_the_hash_does_not_depend_on_the_order_inputs_arrive_in(cast, snapshot):
    observations = engine.normalise(cast.contest, engine.collect_all(cast.contest))
    shuffled = observations[:]
    random.Random(7).shuffle(shuffled)
    entrants = engine.engine_entrants(cast.contest)
    a = engine.canonical_inputs(snapshot.scheme_sha256, entrants, observations)
    b = engine.canonical_inputs(snapshot.scheme_sha256, entrants[::-1], shuffled)
    assert engine.inputs_hash(a) == engine.inputs_hash(b) == snapshot.input_hash


def test_recomputing_unchanged_inputs_keeps_the_last_snapshot(cast, snapshot):
    again, created = services.compute_snapshot(cast.organizer, cast.contest)
    assert (again.pk, created) == (snapshot.pk, False)
    assert Snapshot.objects.count() == 1


def test_a_changed_input_makes_a_new_snapshot_and_the_change_is_listed(cast, snapshot, imported, client_as):
    services.withdraw_batch(cast.organizer, imported, "改用核实后的数据")
    services.import_observations(cast.organizer, cast.contest,
                                 "参评对象,来源,指标,分值\n南川县,data,饮水达标率,100\n".encode(), "fix.csv")
    second, created = services.compute_snapshot(cast.organizer, cast.contest)
    assert created and second.number == 2 and second.input_hash != snapshot.input_hash
    page = client_as("organizer").get(reverse("results:diff", args=[cast.contest.slug, 2]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "删除" in text and "南川县" in text and "第1版" in text
    # the re-imported value is one change, not a removal and an addition
    assert "修改" in text and "99.70" in text and "100.00" in text
    assert "新增" not in text


def test_a_new_scheme_changes_the_hash(cast, snapshot):
    give_scheme(cast.contest, SCHEME + b"\n# v2: same rules, new file\n")
    assert engine.compute(cast.contest).input_hash != snapshot.input_hash


def test_without_a_scheme_nothing_is_computed(cast, client_as):
    response = client_as("organizer").post(reverse("results:compute", args=[cast.contest.slug]))
    assert response.status_code == 302
    assert not Snapshot.objects.exists()


class TestComputeView:
    def url(self, cast):
        return reverse("results:compute", args=[cast.contest.slug])

    def test_the_organizer_computes_and_lands_on_the_ranking(self, cast, scheme, live, imported, client_as):
        response = client_as("organizer").post(self.url(cast))
        assert response.status_code == 302
        assert response.url == reverse("results:ranking", args=[cast.contest.slug])
        assert Snapshot.objects.filter(contest=cast.contest).count() == 1

    def test_compute_takes_only_post(self, cast, client_as):
        assert client_as("organizer").get(self.url(cast)).status_code == 405

    def test_a_chief_judge_may_not_compute(self, cast, scheme, client_as):
        assert client_as("chief").post(self.url(cast)).status_code == 403
        assert not Snapshot.objects.exists()

    def test_another_organizer_may_not_compute(self, cast, scheme, client_as):
        assert client_as("other_organizer").post(self.url(cast)).status_code == 404


def test_a_second_computation_lands_on_what_changed(cast, snapshot, imported, client_as):
    services.withdraw_batch(cast.organizer, imported, "复核")
    response = client_as("organizer").post(reverse("results:compute", args=[cast.contest.slug]))
    assert response.status_code == 302
    assert response.url == reverse("results:diff", args=[cast.contest.slug, 2])


def test_recomputing_unchanged_inputs_from_the_page_says_so(cast, snapshot, client_as):
    client = client_as("organizer")
    response = client.post(reverse("results:compute", args=[cast.contest.slug]), follow=True)
    assert "输入未变化" in response.content.decode()
    assert Snapshot.objects.count() == 1


def test_a_new_finding_is_listed_as_added(cast, snapshot, client_as):
    services.import_observations(cast.organizer, cast.contest,
                                 "参评对象,来源,指标,填报人,分值,类别\n北原县,inspection,实地核查,核查组,1,公示缺失\n"
                                 .encode(), "more.csv")
    services.compute_snapshot(cast.organizer, cast.contest)
    text = client_as("organizer").get(reverse("results:diff", args=[cast.contest.slug, 2])).content.decode()
    assert "新增" in text and "北原县" in text and "删除" not in text


class TestNoUnscorableValueReachesASnapshot:
    """Every app's values pass the engine's checks; a refusal names the record, stores nothing."""

    def feed(self, monkeypatch, cast, observation):
        installed = engine.collectors
        monkeypatch.setattr(engine, "collectors", lambda: [*installed(), lambda contest: [observation]])

    @pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e308])
    def test_a_non_finite_mark_from_any_app_is_refused_naming_it(self, monkeypatch, cast, scheme,
                                                                  value):
        from bipin.scoring import Observation, ObservationError

        entrant = cast.entrants["南川县"]
        self.feed(monkeypatch, cast, Observation(str(entrant.pk), "panel", "内容", value,
                                                 judge="评委甲", ref="sheet:41"))
        with pytest.raises(ObservationError) as err:
            services.compute_snapshot(cast.organizer, cast.contest)
        assert err.value.message_zh.startswith("评分表41:分值")
        assert err.value.message_en.startswith("score sheet 41: value")
        assert not Snapshot.objects.exists()

    def test_an_apps_own_kind_of_record_is_named_in_its_words(self, monkeypatch, cast, scheme):
        from types import SimpleNamespace

        from bipin.scoring import Observation, ObservationError

        entrant = cast.entrants["南川县"]
        self.feed(monkeypatch, cast, Observation(str(entrant.pk), "panel", "内容", float("nan"),
                                                 judge="评委甲", ref="finding:7"))
        app = SimpleNamespace(REF_LABELS={"finding": ("实地核查问题{}", "finding {}")},
                              collect=lambda contest: [])
        installed = engine.app_modules
        monkeypatch.setattr(engine, "app_modules", lambda name: [*installed(name), ("核查", app)])
        with pytest.raises(ObservationError) as err:
            services.compute_snapshot(cast.organizer, cast.contest)
        assert err.value.message_zh.startswith("实地核查问题7:分值")
        assert err.value.message_en.startswith("finding 7: value")

    def test_one_figure_from_a_file_and_from_a_report_form_is_refused_not_blended(
            self, monkeypatch, cast, scheme, imported):
        from bipin.scoring import Observation, ObservationError

        row = imported.rows.filter(source="department").first()
        self.feed(monkeypatch, cast, Observation(str(row.entrant_id), "department", row.item, 60.0,
                                                 judge="dept:市教育局", ref="dept-value:5"))
        with pytest.raises(ObservationError) as err:
            services.compute_snapshot(cast.organizer, cast.contest)
        assert err.value.message_zh.startswith(
            f"“{row.item}”的值同时来自导入批次{imported.pk}第{row.row_number}行和部门评价数值5")
        assert "the two are never blended" in err.value.message_en
        assert not Snapshot.objects.exists()

    def test_findings_from_a_file_and_from_the_inspectors_add_up(self, monkeypatch, cast, scheme,
                                                                  imported):
        from bipin.scoring import Observation

        entrant = cast.entrants["南川县"]
        observations = [Observation(str(entrant.pk), "inspection", "实地核查", None, ref=ref)
                        for ref in ("import:1:2", "finding:3")]
        engine.check_single_origin(observations)  # no refusal

    def test_an_imported_value_outside_a_newer_schemes_range_names_its_batch_and_row(
            self, cast, scheme, imported, client_as):
        give_scheme(cast.contest, SCHEME.replace(b'rule: "scaled(max=100)"}\n      - {name: \xe6\x97\xa5',
                                                 b'rule: "scaled(max=50)"}\n      - {name: \xe6\x97\xa5'))
        response = client_as("organizer").post(reverse("results:compute", args=[cast.contest.slug]),
                                               follow=True)
        page = response.content.decode()
        assert f"计算失败:导入批次{imported.pk}第9行:“部门评价”的分值85超出有效范围[0, 50]" in page
        assert not Snapshot.objects.exists()


def test_a_snapshot_of_an_older_engine_is_computed_again_though_the_inputs_are_the_same(
        cast, snapshot, client_as):
    """An engine update that changes what an explanation lists (bipin.scoring.version) gives a
    new snapshot for unchanged inputs, and its changes page says why nothing else moved."""
    Snapshot.objects.filter(pk=snapshot.pk).update(engine="1")
    again, created = services.compute_snapshot(cast.organizer, cast.contest)
    assert created and again.input_hash == snapshot.input_hash and again.number == 2
    page = client_as("organizer").get(reverse("results:diff", args=[cast.contest.slug, 2])).content.decode()
    assert "计算程序已更新" in page
    assert services.compute_snapshot(cast.organizer, cast.contest) == (again, False)

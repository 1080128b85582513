"""The ranking page and the report card show the engine's figures, warnings and reasons."""

import pytest
from django.urls import reverse

from bipin.results.presenters import report_of

pytestmark = pytest.mark.django_db


def ranking(client_as, cast, query=""):
    response = client_as("organizer").get(reverse("results:ranking", args=[cast.contest.slug]) + query)
    assert response.status_code == 200
    return response.content.decode()


def card(client_as, cast, name="南川县", who="organizer"):
    url = reverse("results:card", args=[cast.contest.slug, cast.entrants[name].pk])
    response = client_as(who).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_ranking_shows_totals_ranks_grades_and_dimensions(cast, snapshot, client_as):
    text = ranking(client_as, cast)
    report = report_of(snapshot)
    for g in report.groups:
        assert g.name in text
        for r in g.rows:
            assert r.name in text and f"{r.total:.2f}" in text and r.grade in text
            for v in r.dimensions.values():
                assert f"{v:.2f}" in text
    for d in ("责任落实", "政策落实", "工作落实", "成效巩固", "推进力度"):
        assert d in text
    assert snapshot.label in text


def test_the_ranking_sorts_by_a_column(cast, snapshot, client_as):
    by_name = ranking(client_as, cast, "?sort=name")
    assert by_name.index("北原县") < by_name.index("南川县")
    by_name_desc = ranking(client_as, cast, "?sort=-name")
    assert by_name_desc.index("南川县") < by_name_desc.index("北原县")
    assert "sort=-total" in by_name


def test_the_ranking_shows_the_engines_warnings(cast, scheme, live, client_as):
    from bipin.results import services

    services.compute_snapshot(cast.organizer, cast.contest)  # no imported data: missing values
    text = ranking(client_as, cast)
    assert "计算提示" in text and "缺少数据" in text


def test_an_older_snapshot_can_be_shown(cast, snapshot, client_as):
    text = ranking(client_as, cast, "?snapshot=1")
    assert snapshot.label in text
    assert client_as("organizer").get(
        reverse("results:ranking", args=[cast.contest.slug]) + "?snapshot=5").status_code == 404


def test_the_ranking_takes_only_get(cast, snapshot, client_as):
    assert client_as("organizer").post(reverse("results:ranking", args=[cast.contest.slug])).status_code == 405


def test_with_no_snapshot_the_ranking_is_not_found(cast, client_as):
    assert client_as("organizer").get(reverse("results:ranking", args=[cast.contest.slug])).status_code == 404


def test_the_report_card_draws_a_radar_against_mean_and_best(cast, snapshot, client_as):
    text = card(client_as, cast)
    assert '<svg class="radar"' in text
    assert text.count('class="series own"') == 2  # the polygon and its legend key
    assert "组内平均" in text and "组内最高" in text


def test_the_report_card_names_strengths_weaknesses_and_the_gap(cast, snapshot, client_as):
    report = report_of(snapshot)
    group, row = report.find(str(cast.entrants["南川县"].pk))
    text = card(client_as, cast)
    assert "优势" in text and "短板" in text
    above = [r for r in group.rows if r.rank and r.rank < (row.rank or 0)]
    if above:
        gap = max(above, key=lambda r: r.rank).total - row.total
        assert f"{gap:.2f}" in text
    else:
        assert "已是组内第一" in text


def test_the_report_card_drills_down_to_dropped_marks_and_findings(cast, snapshot, client_as):
    text = card(client_as, cast)
    assert text.count("<details") > 10
    assert "去掉" in text  # trimmed marks are shown, struck through
    assert "管网老化" in text and "水表损坏" in text  # each finding and what it cost
    assert "评委甲" in text
    assert "计分规则" in text


def test_the_report_card_is_printable(cast, snapshot, client_as):
    text = card(client_as, cast)
    assert "results/card.js" in text and "data-print" in text


def test_an_entrant_in_no_group_result_gets_not_found(cast, snapshot, client_as):
    from bipin.contests import services

    late = services.add_entrant(cast.organizer, cast.contest, group=cast.groups["市直部门"], name="后加单位")
    url = reverse("results:card", args=[cast.contest.slug, late.pk])
    assert client_as("organizer").get(url).status_code == 404


def test_the_desk_lists_snapshots_and_offers_release(cast, snapshot, client_as):
    text = client_as("organizer").get(reverse("results:desk", args=[cast.contest.slug])).content.decode()
    assert snapshot.label in text and "发布快照" in text and "未发布" in text


def test_the_desk_takes_only_get(cast, client_as):
    assert client_as("organizer").post(reverse("results:desk", args=[cast.contest.slug])).status_code == 405


def test_a_veto_is_marked_in_the_ranking_and_on_the_card(cast, snapshot, client_as):
    from bipin.results import services

    services.import_observations(cast.organizer, cast.contest,
                                 "参评对象,来源,指标,填报人,分值\n北原县,supervision,一票否决,督查室,1\n".encode(),
                                 "veto.csv")
    vetoed, _ = services.compute_snapshot(cast.organizer, cast.contest)
    row = report_of(vetoed).find(str(cast.entrants["北原县"].pk))[1]
    assert row.vetoed and row.grade == "较差"
    text = ranking(client_as, cast)
    assert 'class="vetoed"' in text and "一票否决" in text
    assert "触发一票否决" in card(client_as, cast, "北原县")


def test_a_blind_contest_shows_each_entrys_code_next_to_its_name(cast, snapshot, client_as):
    cast.contest.blind = True
    cast.contest.save(update_fields=["blind"])
    text = ranking(client_as, cast)
    assert "编号" in text and "A01" in text and "B01" in text


def test_an_entrant_reads_judges_as_numbers_and_the_organizer_by_name(cast, released, client_as):
    from bipin.results.presenters import judge_labels

    as_entrant = card(client_as, cast, who="entrant")
    assert "评委甲" not in as_entrant and "评委1" in as_entrant and "评委3" in as_entrant
    assert "评委甲" in card(client_as, cast)
    snapshot = released.snapshot
    snapshot.inputs["observations"][0].update(source="panel", judge=f"judge:{cast.judge.pk}")
    assert judge_labels(snapshot, reveal=True)[f"judge:{cast.judge.pk}"] == "judge"


def test_dimension_columns_keep_the_schemes_order_on_every_database(cast, snapshot, client_as):
    text = ranking(client_as, cast)
    head = text[text.index("<thead>"):text.index("</thead>")]
    positions = [head.index(d) for d in ("责任落实", "政策落实", "工作落实", "成效巩固", "推进力度")]
    assert positions == sorted(positions)


def test_pages_run_a_fixed_number_of_queries(cast, released, client_as, django_assert_max_num_queries):
    client = client_as("organizer")
    slug = cast.contest.slug
    for url in (reverse("results:desk", args=[slug]), reverse("results:ranking", args=[slug]),
                reverse("results:card", args=[slug, cast.entrants["南川县"].pk]),
                reverse("results:imports", args=[slug])):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


@pytest.fixture
def english(settings):
    """Requests in English; the middleware leaves the language active, so restore it."""
    from django.utils import translation

    yield settings.LANGUAGE_COOKIE_NAME
    translation.activate(settings.LANGUAGE_CODE)


def test_the_pages_speak_english_too(cast, released, client_as, english):
    from django.conf import settings

    client = client_as("organizer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("results:ranking", args=[cast.contest.slug])).content.decode()
    assert "Overall ranking" in text and "Total" in text
    card_text = client.get(reverse("results:card", args=[cast.contest.slug, cast.entrants["南川县"].pk])
                           ).content.decode()
    assert "Breakdown" in card_text and "Group mean" in card_text


def test_an_entrant_with_too_little_data_is_listed_unranked_in_words(cast, live, client_as):
    from bipin.results import services
    from bipin.results.tests.conftest import SCHEME, give_scheme

    give_scheme(cast.contest, b"min_coverage: 1\n" + SCHEME)
    # 北原县 gets no 饮水达标率: 3 of its 4 value indicators have data (75%).
    services.import_observations(cast.organizer, cast.contest,
                                 "参评对象,来源,指标,填报人,分值\n南川县,data,饮水达标率,,99.7\n"
                                 "教育局,data,饮水达标率,,98\n北原县,department,部门评价,教育局,88\n"
                                 "南川县,department,部门评价,教育局,92\n教育局,department,部门评价,市委办,85\n".encode(),
                                 "data.csv")
    snap, _ = services.compute_snapshot(cast.organizer, cast.contest)
    row = report_of(snap).find(str(cast.entrants["北原县"].pk))[1]
    assert row.rank is None
    words = "实际数据仅3/4项(75%),低于方案要求的100%,不参与排名"
    assert words in ranking(client_as, cast)
    assert words in card(client_as, cast, "北原县")

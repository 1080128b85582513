"""The demo's inspectors, leader, county and organizer each have work to do."""

from collections import Counter

from bipin.contests.models import Contest
from bipin.inspections import observations
from bipin.inspections.demo import example_findings
from bipin.inspections.models import Appeal, Finding
from bipin.results.demo import demo_file
from bipin.testing.demo import load_demo


def test_the_demo_records_the_example_findings_and_leaves_work_waiting(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    city = Contest.objects.get(slug="demo-dabipin")
    names = {str(e.pk): e.name for e in city.entrants.all()}
    counted = Counter(
        (names[o.entrant], o.category, o.severity) for o in observations.collect(city)
    )
    assert counted == Counter((r["参评对象"], r["类别"], r["严重程度"]) for r in example_findings())
    waiting = Finding.objects.filter(contest=city, status="recorded")
    assert {f.entrant.name for f in waiting} == {"示例一县"} and waiting.count() == 2
    appeal = Appeal.objects.get(finding__contest=city)
    assert appeal.decision == "pending" and appeal.filed_by.username == "county"
    # The results demo no longer imports the rows this app records.
    assert ",inspection," not in demo_file().decode("utf-8")


def test_the_demo_visits_sites_were_drawn_and_verify(db, settings):
    from bipin.inspections.models import SiteDraw
    from bipin.inspections.sitedraws import published_record
    from bipin.scoring.draw import verify_record

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    draws = SiteDraw.objects.filter(visit__team__round__contest__slug="demo-dabipin")
    assert draws.exists()
    for draw in draws.select_related("visit__team__round__contest", "visit__entrant"):
        assert draw.visit.sites == draw.order[:3] and len(set(draw.visit.sites)) == 3
        assert verify_record(published_record(draw)).ok
        sites = set(
            Finding.objects.filter(entrant=draw.visit.entrant).values_list("site", flat=True)
        )
        assert sites <= set(draw.visit.sites)

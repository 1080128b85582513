"""The demo's own judges still get working QR codes in both demo contests."""

from bipin.contests import demo
from bipin.contests.models import Contest, Membership, Role
from bipin.testing.demo import load_demo


def test_the_demo_organizer_prints_working_links_for_every_judge(client, db):
    load_demo()
    organizer = Membership.objects.get(contest__slug=demo.CITY_SLUG, role=Role.ORGANIZER).user
    for slug in (demo.CITY_SLUG, demo.APPLES_SLUG):
        contest = Contest.objects.get(slug=slug)
        judges = Membership.objects.filter(contest=contest,
                                           role__in=[Role.JUDGE, Role.CHIEF_JUDGE])
        client.force_login(organizer)
        html = client.post(f"/c/{slug}/setup/login-links/",
                           {"member": list(judges.values_list("pk", flat=True)), "hours": "24"}
                           ).content.decode()
        assert html.count("/accounts/link/") == judges.count() == 6, slug
        # The first link's path (the page also names the address in its 127.0.0.1 warning).
        path = "/accounts/link/" + html.split("http://127.0.0.1:8000/accounts/link/", 1)[1].split("<", 1)[0]
        client.logout()
        assert client.get(path)["Location"] == f"/c/{slug}/"

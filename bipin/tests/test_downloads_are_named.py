"""Every file Bipin hands out is saved under a name any browser or mail gateway reads.

Each URL pattern is opened as the demo's organizer and department reporter (who
between them may download every kind of file) and by the public; every answer
that is a file carries ``filename="<ascii>"`` (for the programs that read only
that) and ``filename*=UTF-8''…`` (the real, Chinese name).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bipin.contests import demo
from bipin.contests.models import Contest
from bipin.testing.demo import load_demo
from bipin.tests.test_no_input_reaches_a_500 import concrete, ids, routes, variants, year_ids

DISPOSITION = re.compile(
    r"""(attachment|inline); filename="([A-Za-z0-9._-]+)"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)""")
PAGES = ("text/html", "application/json", "application/problem+json", "text/plain")
# The downloads the demo offers; the crawl must find each, so a new download is
# checked and a renamed one is noticed.
EXPECTED = {
    "c/<slug:slug>/results/export.<str:fmt>", "c/<slug:slug>/results/imports/template.csv",
    "c/<slug:slug>/exam/bank/export.xlsx", "c/<slug:slug>/rectification/ledger.xlsx",
    "c/<slug:slug>/supervision/export/", "api/judging/<slug:slug>/draws/<id:number>.json",
    "c/<slug:slug>/evidence/<int:pk>/", "c/<slug:slug>/evidence/<int:pk>/thumb/",
    "c/<slug:slug>/exam/sittings/<id:sitting_id>/analysis.xlsx",
    "c/<slug:slug>/reporting/d/<str:department>/template.xlsx",
    "api/inspections/<slug:slug>/visits/<id:visit_id>/draws/<id:number>.json",
    "c/<slug:slug>/committees/<id:committee_id>/decisions.xlsx",
    "c/<slug:slug>/registrations/export.xlsx", "c/<slug:slug>/registrations/labels.pdf",
    "c/<slug:slug>/registrations/key.pdf",
}


@pytest.fixture
def city(db):
    load_demo()
    return Contest.objects.get(slug=demo.CITY_SLUG)


def test_every_download_carries_a_plain_name_beside_the_utf8_one(city):
    users = get_user_model().objects
    clients = [Client()]
    for name in ("organizer", "reporter"):
        clients.append(Client())
        clients[-1].force_login(users.get(username=name))
    real = {"slug": city.slug, **ids(city)}
    scoped = year_ids(city)
    files, bad = {}, []
    for route in routes():
        for values in variants(route, real, scoped):
            for fmt in ("xlsx", "pdf") if "<str:fmt>" in route else ("",):
                url = concrete(route, {**values, "fmt": fmt} if fmt else values)
                for client in clients:
                    response = client.get(url)
                    kind = response.get("Content-Type", "").split(";")[0]
                    if response.status_code != 200 or (
                            kind in PAGES and "Content-Disposition" not in response):
                        continue
                    header = response.get("Content-Disposition", "")
                    found = DISPOSITION.fullmatch(header)
                    if not found:
                        bad.append((url, kind, header))
                        continue
                    files.setdefault(route, set()).add(unquote(found.group(3)))
    assert bad == []
    assert EXPECTED <= set(files), sorted(EXPECTED - set(files))
    # The organizer's downloads keep their Chinese names in filename*.
    assert any("考评数据模板" in name for name in files["c/<slug:slug>/results/imports/template.csv"])

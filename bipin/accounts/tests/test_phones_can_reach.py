"""QR codes carry an address phones can reach: the links pages warn while
SITE_URL names this computer only, and `bipin serve --host 0.0.0.0` fills in
the LAN address when nobody set one."""

import pytest

from bipin.accounts.qr import only_this_computer
from bipin.commands.serve import reachable_defaults
from bipin.contests.models import Membership

LINKS = "/c/test-contest/setup/login-links/"
WARNING = "只有本机能打开,手机和投影电脑无法访问"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000",
                                 "http://127.0.1.1"])
def test_loopback_addresses_are_this_computer_only(url):
    assert only_this_computer(url)


@pytest.mark.parametrize("url", ["http://192.168.1.20:8000", "https://bipin.example.org"])
def test_lan_and_public_addresses_reach_phones(url):
    assert not only_this_computer(url)


def test_the_links_page_warns_while_qr_codes_name_127_0_0_1(cast, client_as, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    page = client_as("organizer").get(LINKS).content.decode()
    assert WARNING in page and "bipin serve --host 0.0.0.0" in page


def test_the_links_page_says_nothing_when_phones_can_reach_it(cast, client_as, settings):
    settings.SITE_URL = "http://192.168.1.20:8000"
    assert WARNING not in client_as("organizer").get(LINKS).content.decode()


def test_the_printed_cards_warn_too_but_not_on_paper(cast, client_as, settings):
    settings.SITE_URL = "http://localhost:8000"
    judge = Membership.objects.get(contest=cast.contest, user=cast.judge)
    page = client_as("organizer").post(LINKS, {"member": [judge.pk], "hours": 12}).content.decode()
    assert "qr-card" in page and "http://localhost:8000/" in page
    assert '<div class="no-print"><div class="problems loopback-warning"' in page.replace("\n", "")


def test_serving_on_every_address_puts_the_lan_address_in_qr_codes():
    found, note = reachable_defaults("0.0.0.0", 8001, {}, "192.168.1.20")
    assert found == {"SITE_URL": "http://192.168.1.20:8001",
                     "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1],192.168.1.20"}
    assert note == ""


def test_serving_on_127_0_0_1_says_phones_cannot_reach_it():
    found, note = reachable_defaults("127.0.0.1", 8002, {}, "192.168.1.20")
    assert found == {"SITE_URL": "http://127.0.0.1:8002"}
    assert "手机和投影电脑无法访问" in note and "--host 0.0.0.0" in note


def test_settings_made_by_hand_win():
    environ = {"SITE_URL": "https://bipin.example.org", "ALLOWED_HOSTS": "bipin.example.org"}
    assert reachable_defaults("0.0.0.0", 8000, environ, "192.168.1.20") == ({}, "")
    # In production ALLOWED_HOSTS is the operator's to give, never guessed.
    found, _ = reachable_defaults("0.0.0.0", 8000, {"BIPIN_MODE": "production"}, "10.0.0.5")
    assert "ALLOWED_HOSTS" not in found

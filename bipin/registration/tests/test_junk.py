"""Every registration page of the demo's apple contest, sent junk by the organizer and the
public: a refusal, a form error or a redirect with a message, never a 5xx."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from bipin.contests.demo import APPLES_SLUG
from bipin.registration.models import Measure, Registration
from bipin.testing.demo import load_demo
from bipin.tests.test_no_input_reaches_a_500 import HUGE, JUNK

pytestmark = pytest.mark.django_db
FIELDS = ["producer", "contact", "phone", "group", "variety", "origin", "area", "receipt",
          "opens_at", "closes_at", "per_producer", "name", "unit", "low", "high", "decimals",
          "reason", "back", "q", "copies"]


def test_no_registration_page_answers_5xx_whatever_it_is_sent():
    load_demo()
    regs = Registration.objects.filter(contest__slug=APPLES_SLUG)
    # received and coded; sent back; still waiting
    samples = [regs.filter(entrant__isnull=False).first(), regs.get(status="rejected"),
               regs.get(status="registered")]
    measures = [f"m-{pk}" for pk in Measure.objects.values_list("pk", flat=True)]
    urls = [reverse(f"registration:{name}", args=[APPLES_SLUG]) for name in (
        "register", "status", "list", "window", "import", "export", "receiving", "measures",
        "codes", "labels", "key")]
    urls += [reverse(f"registration:{name}", args=[APPLES_SLUG, s.pk])
             for s in samples for name in ("sample", "receive", "reject")]
    organizer, public = Client(), Client()
    organizer.force_login(get_user_model().objects.get(username="organizer"))
    failures = []
    for url in urls:
        for client in (organizer, public):
            for value in JUNK:
                data = dict.fromkeys(FIELDS + measures, value)
                for answer in (client.get(url, data),
                               client.post(url, urlencode(data),
                                           content_type="application/x-www-form-urlencoded")):
                    if answer.status_code >= 500:
                        failures.append((url, value[:10], answer.status_code))
            if client.get(url, {"q": HUGE, "receipt": HUGE, "copies": HUGE}).status_code >= 500:
                failures.append((url, "huge"))
    assert failures == []

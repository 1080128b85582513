"""The demo, built as users build a contest, verifies clean in every table."""

import pytest

from bipin.testing.demo import load_demo
from bipin.testing.tampering import named, verify

pytestmark = pytest.mark.django_db


def test_the_whole_demo_verifies(capsys, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    code, out = verify(capsys)
    assert code == 0, out
    assert named(out) == set()
    assert "rows match their records" in out

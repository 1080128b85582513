"""Sessions read by the fixed statement behave as Django's database sessions."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from bipin.accounts.sessions import SessionStore


def test_a_live_session_loads_and_an_expired_one_is_gone(db):
    store = SessionStore()
    store["_auth_user_id"] = "7"
    store.create()
    assert SessionStore(store.session_key).load() == {"_auth_user_id": "7"}

    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {} and expired.session_key is None
    assert SessionStore("x" * 32).load() == {}

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


def test_a_deactivated_user_is_logged_out_on_the_next_request(client, django_user_model):
    user = django_user_model.objects.create_user("评委甲", password="pw-123456789")
    client.force_login(user)
    assert client.get("/accounts/invitations/").status_code == 200
    django_user_model.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/accounts/invitations/").status_code == 302  # back to the login page

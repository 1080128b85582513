"""Accounts made by a contest before origins were recorded keep their QR codes."""

import importlib

from django.apps import apps
from django.contrib.auth import get_user_model

from bipin.accounts.models import AccountOrigin
from bipin.contests import services
from bipin.contests.models import Role

migration = importlib.import_module("bipin.accounts.migrations.0003_existing_account_origins")


def old_style_account(username):
    """What the people form made before: an account without a password and no origin."""
    user = get_user_model().objects.create_user(username)
    assert not user.has_usable_password()
    return user


def test_an_account_found_in_one_contest_gets_that_contest(cast):
    user = old_style_account("old_judge")
    services.grant_role(cast.organizer, cast.contest, user, Role.JUDGE)
    services.grant_role(cast.organizer, cast.contest, user, Role.INSPECTOR)
    migration.note_existing_origins(apps, None)
    assert AccountOrigin.objects.get(user=user).contest == cast.contest


def test_an_account_found_in_two_contests_gets_none(cast):
    user = old_style_account("shared")
    services.grant_role(cast.organizer, cast.contest, user, Role.JUDGE)
    services.grant_role(cast.other_organizer, cast.other_contest, user, Role.JUDGE)
    migration.note_existing_origins(apps, None)
    assert not AccountOrigin.objects.filter(user=user).exists()


def test_accounts_with_a_password_or_staff_get_none(cast):
    staff = old_style_account("staff_judge")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    for user in (staff, cast.bystander):
        services.grant_role(cast.organizer, cast.contest, user, Role.JUDGE)
    migration.note_existing_origins(apps, None)
    assert not AccountOrigin.objects.filter(user__in=[staff, cast.bystander]).exists()

"""Give accounts made before origins were recorded the contest that made them.

The old people form, people import and candidate import created accounts
without a password (they log in by link). Such an account that appears in
exactly one contest, as a member or a candidate, was made by that contest, so
its links keep working. An account found in several contests is left without
an origin: nobody can tell which made it, and it may be the very case of one
contest adding another's account. Those contests invite it again, and its
owner accepts (docs/accounts.md). Accounts with a password, staff and
superusers were never made by a contest and get no origin.
"""

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations


def note_existing_origins(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Membership = apps.get_model("contests", "Membership")
    Candidate = apps.get_model("exams", "Candidate")
    AccountOrigin = apps.get_model("accounts", "AccountOrigin")
    made_by_a_contest = User.objects.filter(
        password__startswith=UNUSABLE_PASSWORD_PREFIX, is_staff=False, is_superuser=False)
    contests: dict[int, set[int]] = {}
    for user_id, contest_id in Membership.objects.filter(user__in=made_by_a_contest).values_list(
            "user_id", "contest_id"):
        contests.setdefault(user_id, set()).add(contest_id)
    for user_id, contest_id in Candidate.objects.filter(user__in=made_by_a_contest).values_list(
            "user_id", "sitting__contest_id"):
        contests.setdefault(user_id, set()).add(contest_id)
    AccountOrigin.objects.bulk_create([
        AccountOrigin(user_id=user_id, contest_id=next(iter(found)))
        for user_id, found in contests.items() if len(found) == 1
    ], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_account_origin_invitation"),
        ("exams", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(note_existing_origins, migrations.RunPython.noop)]

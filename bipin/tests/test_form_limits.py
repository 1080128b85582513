"""Every page form's text limit is the limit of the column the text is stored in.

A form that allowed more than the column would let an over-long value through
to the database (an error page on PostgreSQL, stored silently on SQLite); the
table below pairs each typed form field with its column.
"""

import pytest
from django.contrib.auth import get_user_model

from bipin.committees import forms as committee_forms
from bipin.committees.models import Committee, Decision, Entry, Member, Review
from bipin.contests import forms as contest_forms
from bipin.contests.models import Entrant, Group
from bipin.contests.params import max_length
from bipin.exams import forms as exam_forms
from bipin.exams.models import Paper
from bipin.registration import forms as registration_forms
from bipin.registration.models import Measure, Registration
from bipin.results import forms as result_forms
from bipin.results.models import Release

User = get_user_model()
PAIRS = [
    (contest_forms.GroupForm, "name", Group, "name"),
    (contest_forms.EntrantForm, "name", Entrant, "name"),
    (contest_forms.EntrantForm, "short_name", Entrant, "short_name"),
    (contest_forms.EntrantForm, "code", Entrant, "code"),
    (contest_forms.RoleForm, "username", User, "username"),
    (contest_forms.RoleForm, "full_name", User, "first_name"),
    (result_forms.ReleaseForm, "title", Release, "title"),
    (exam_forms.PaperForm, "name", Paper, "name"),
    (exam_forms.CandidateForm, "username", User, "username"),
    (exam_forms.CandidateForm, "full_name", User, "first_name"),
    (committee_forms.CommitteeForm, "name", Committee, "name"),
    (committee_forms.EntryForm, "title", Entry, "title"),
    (committee_forms.EntryForm, "party", Entry, "party"),
    (committee_forms.DecideForm, "missing_reason", Decision, "missing_reason"),
    (committee_forms.ReopenForm, "reopen_reason", Decision, "reopen_reason"),
    *((registration_forms.RegisterForm, f, Registration, f)
      for f in ("producer", "contact", "phone", "variety", "origin")),
    (registration_forms.MeasureForm, "name", Measure, "name"),
    (registration_forms.MeasureForm, "unit", Measure, "unit"),
]


# Text columns without a database limit, whose forms take the model's own limit.
UNBOUNDED = [
    (committee_forms.ConflictsForm, "conflicts", Member.CONFLICTS_MAX_LENGTH),
    (committee_forms.EntryForm, "description", Entry.DESCRIPTION_MAX_LENGTH),
    (committee_forms.ReviewForm, "comment", Review.COMMENT_MAX_LENGTH),
]


@pytest.mark.parametrize("form, field, model, column", PAIRS,
                         ids=[f"{f.__name__}.{n}" for f, n, _, _ in PAIRS])
def test_a_form_field_takes_no_more_than_its_column(form, field, model, column):
    assert form.base_fields[field].max_length == max_length(model, column)


@pytest.mark.parametrize("form, field, limit", UNBOUNDED,
                         ids=[f"{f.__name__}.{n}" for f, n, _ in UNBOUNDED])
def test_a_text_field_takes_no_more_than_its_domain_function(form, field, limit):
    assert form.base_fields[field].max_length == limit

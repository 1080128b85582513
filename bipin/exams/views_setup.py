"""The organizer corrects the exam's set-up: edits and deletes papers, sittings and
bank questions, each through :mod:`bipin.exams.services`; what a score depends on
is refused there with a message saying why."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bipin.contests.access import organizer_contest
from bipin.exams import services
from bipin.exams.access import organizer_sitting
from bipin.exams.forms import QuestionForm, SittingForm
from bipin.exams.models import Paper
from bipin.io import ImportFailed


class PaperEditForm(forms.ModelForm):
    class Meta:
        model = Paper
        fields = ["name", "shuffle_questions", "shuffle_options"]


def _edit(request, form, save, title: str, delete_url: str, done_url: str):
    """The shared edit page: save on a valid POST, else show the form (with the input kept)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except services.ExamError as exc:
            form.add_error(None, f"{exc.message_zh} / {exc.message_en}")
        else:
            messages.success(request, _("已保存。"))
            return redirect(done_url)
    return render(request, "exams/edit.html", {
        "contest": form.contest, "form": form, "title": title, "delete_url": delete_url},
        status=400 if form.errors else 200)


def _delete(request, change, done: str, back: str, after: str):
    """Run a delete; a refusal goes back to ``back`` saying why, success on to ``after``."""
    try:
        change()
    except services.ExamError as exc:
        messages.error(request, f"{exc.message_zh} / {exc.message_en}")
        return redirect(back)
    messages.success(request, done)
    return redirect(after)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, slug: str, question_id: int):
    contest = organizer_contest(request.user, slug)
    question = get_object_or_404(contest.questions, pk=question_id)
    form = QuestionForm(request.POST or None, question=question)
    form.contest = contest

    def save(_data):
        try:
            services.update_question(request.user, question, form.cells())
        except ImportFailed as exc:  # the bank's reader says what is wrong, in both languages
            raise services.ExamError(";".join(p.message_zh for p in exc.problems),
                                     "; ".join(p.message_en for p in exc.problems)) from None

    return _edit(request, form, save, _("编辑题目"), reverse("exams:question_delete", args=[slug, question.pk]),
                 reverse("exams:bank", args=[slug]))


@login_required
@require_POST
def question_delete(request, slug: str, question_id: int):
    contest = organizer_contest(request.user, slug)
    question = get_object_or_404(contest.questions, pk=question_id)
    bank = reverse("exams:bank", args=[slug])
    return _delete(request, lambda: services.delete_question(request.user, question),
                   _("已删除这道题。"), bank, bank)


@login_required
@require_http_methods(["GET", "POST"])
def paper_edit(request, slug: str, paper_id: int):
    contest = organizer_contest(request.user, slug)
    paper = get_object_or_404(contest.papers, pk=paper_id)
    form = PaperEditForm(request.POST or None, initial=model_to_dict(paper, PaperEditForm.Meta.fields))
    form.contest = contest
    return _edit(request, form, lambda data: services.update_paper(request.user, paper, **data),
                 _("编辑试卷"), reverse("exams:paper_delete", args=[slug, paper.pk]),
                 reverse("exams:overview", args=[slug]))


@login_required
@require_POST
def paper_delete(request, slug: str, paper_id: int):
    contest = organizer_contest(request.user, slug)
    paper = get_object_or_404(contest.papers, pk=paper_id)
    return _delete(request, lambda: services.delete_paper(request.user, paper),
                   _("已删除试卷“%(name)s”。") % {"name": paper.name},
                   reverse("exams:paper_edit", args=[slug, paper.pk]), reverse("exams:overview", args=[slug]))


@login_required
@require_http_methods(["GET", "POST"])
def sitting_edit(request, slug: str, sitting_id: int):
    sitting = organizer_sitting(request.user, slug, sitting_id)
    # Not bound to the instance: the service compares the posted values with the stored ones.
    form = SittingForm(request.POST or None, contest=sitting.contest,
                       leaf_ids=services.exam_leaf_ids(sitting.contest),
                       initial=model_to_dict(sitting, SittingForm.Meta.fields))
    form.contest = sitting.contest
    return _edit(request, form, lambda data: services.update_sitting(request.user, sitting, **data),
                 _("编辑测试场次"), reverse("exams:sitting_delete", args=[slug, sitting.pk]),
                 reverse("exams:sitting", args=[slug, sitting.pk]))


@login_required
@require_POST
def sitting_delete(request, slug: str, sitting_id: int):
    sitting = organizer_sitting(request.user, slug, sitting_id)
    return _delete(request, lambda: services.delete_sitting(request.user, sitting),
                   _("已删除测试场次“%(name)s”。") % {"name": sitting.name},
                   reverse("exams:sitting_edit", args=[slug, sitting.pk]),
                   reverse("exams:overview", args=[slug]))

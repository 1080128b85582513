"""评审委员会 pages: the list, one committee, one entry with its reviews and decision,
a member's history, and the decisions workbook.

Thin views: fetch through bipin.committees.access (404/403), call one domain
function, show its refusal in both languages, redirect after a change.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.committees import access, exports, services
from bipin.committees.forms import (
    AppointForm,
    CommitteeForm,
    ConflictsForm,
    DecideForm,
    EntryForm,
    ReopenForm,
    ReviewForm,
)
from bipin.committees.models import Position, Review, Rule
from bipin.committees.progress import progress, with_progress
from bipin.committees.rubric import parse_rubric
from bipin.contests.params import whole_number
from bipin.downloads import download
from bipin.judging.views import show_problems
from bipin.objections.views import _refused  # a refusal at its form field, as there
from bipin.rectification.views import attempt

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def committees(request, slug: str):
    contest, is_organizer = access.contest_of(request.user, slug)
    found = access.committees(request.user, contest, is_organizer).prefetch_related("members")
    return render(request, "committees/list.html", {
        "contest": contest, "committees": found, "is_organizer": is_organizer})


@login_required
@require_http_methods(["GET", "POST"])
def create(request, slug: str):
    contest = access.organizer_contest(request.user, slug)
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            committee = services.create_committee(
                request.user, contest, name=d["name"], term_start=d["term_start"],
                term_end=d["term_end"], rule=d["rule"], pass_mark=d["pass_mark"],
                reviewers_per_entry=d["reviewers_per_entry"], rubric=parse_rubric(d["rubric"]))
        except services.JudgingError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("评审委员会已设立,请任命委员。"))
            return redirect("committees:detail", slug=slug, committee_id=committee.pk)
    return render(request, "committees/create.html", {"contest": contest, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def detail(request, slug: str, committee_id: int):
    s = access.seat(request.user, slug, committee_id)
    members = list(s.committee.members.select_related("user"))
    appointed = {m.user_id for m in members}
    people = ([p for p in access.appointable(s.contest) if p.pk not in appointed]
              if s.is_organizer else [])
    entries = [progress(e) for e in with_progress(access.entries(s))]
    return render(request, "committees/detail.html", {
        "contest": s.contest, "committee": s.committee, "s": s, "members": members,
        "entries": entries, "has_chair": any(m.position == "chair" for m in members),
        "appoint_form": AppointForm(people=people) if s.is_organizer else None,
        "positions": Position.choices,
        "conflicts_form": ConflictsForm()})


def _back(slug: str, committee_id: int):
    return redirect("committees:detail", slug=slug, committee_id=committee_id)


@login_required
@require_POST
def appoint(request, slug: str, committee_id: int):
    s = access.organizing(request.user, slug, committee_id)
    person = access.appointable(s.contest).filter(
        pk=whole_number(request.POST.get("member", ""))).first()
    attempt(request, lambda: services.appoint(request.user, s.committee, person,
                                              request.POST.get("position", "")), _("已任命。"))
    return _back(slug, committee_id)


@login_required
@require_POST
def conflicts(request, slug: str, committee_id: int, member_id: int):
    s, member = access.declaring(request.user, slug, committee_id, member_id)
    attempt(request, lambda: services.declare_conflicts(request.user, member,
                                                        request.POST.get("conflicts", "")),
            _("利益冲突已申报,今后分配评审事项时自动回避。"))
    return _back(slug, committee_id)


@login_required
@require_POST
def position(request, slug: str, committee_id: int, member_id: int):
    member = access.managing_member(request.user, slug, committee_id, member_id)[1]
    attempt(request, lambda: services.change_position(request.user, member,
                                                      request.POST.get("position", "")),
            _("职务已调整。"))
    return _back(slug, committee_id)


@login_required
@require_POST
def relieve(request, slug: str, committee_id: int, member_id: int):
    member = access.managing_member(request.user, slug, committee_id, member_id)[1]
    attempt(request, lambda: services.relieve(request.user, member, request.POST.get("reason", "")),
            _("已免去其委员职务;分配给其尚未评审的事项请另行指定委员。"))
    return _back(slug, committee_id)


@login_required
@require_http_methods(["GET", "POST"])
def add_entry(request, slug: str, committee_id: int):
    s = access.organizing(request.user, slug, committee_id)
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            entry = services.add_entry(request.user, s.committee, title=d["title"], party=d["party"],
                                       received_on=d["received_on"], description=d["description"],
                                       by_hand=d["by_hand"])
        except services.JudgingError as exc:
            _refused(form, exc)
        else:
            names = "、".join(a.member.name for a in entry.assignments.select_related("member__user"))
            messages.success(request, _("事项已登记,评审委员:%(names)s。") % {"names": names}
                             if names else _("事项已登记,请指定评审委员。"))
            return redirect("committees:entry", slug=slug, committee_id=committee_id,
                            entry_id=entry.pk)
    return render(request, "committees/add_entry.html", {
        "contest": s.contest, "committee": s.committee, "form": form},
        status=400 if form.errors else 200)


def _entry_page(request, s, entry, review_form=None, status: int = 200):
    committee = entry.committee
    assignments = list(entry.assignments.select_related("member__user", "review"))
    decision = services.standing_decision(entry)
    own = next((a for a in assignments if s.member and a.member_id == s.member.pk), None)
    own_review = getattr(own, "review", None) if own else None
    if own and decision is None and review_form is None:
        initial = {}
        if own_review is not None:
            initial = {f"score-{k}": v for k, v in own_review.scores.items()}
            initial.update(vote=own_review.vote, comment=own_review.comment)
        review_form = ReviewForm(initial=initial, rubric=committee.rubric)
    sees_all = access.sees_every_review(s, decision is not None)
    shown = [a for a in assignments if sees_all or a is own]
    assigned = {a.member_id for a in assignments}
    others = [m for m in committee.members.select_related("user") if m.pk not in assigned]
    undecided = decision is None
    return render(request, "committees/entry.html", {
        "contest": s.contest, "committee": committee, "entry": entry, "s": s,
        "assignments": assignments, "shown": shown, "own": own, "review_form": review_form,
        "decision": decision, "rubric": committee.rubric,
        "reopened": entry.decisions.exclude(reopened_at=None).select_related("decided_by",
                                                                               "reopened_by"),
        "candidates": [m for m in others if not m.conflicts_with(entry.party)]
        if s.may_decide and undecided else [],
        "conflicted": [m for m in others if m.conflicts_with(entry.party)] if s.may_decide else [],
        "may_decide": s.may_decide and undecided and any(hasattr(a, "review") for a in assignments),
        "chair_rule": committee.rule == Rule.CHAIR,
        "missing": [a.member.name for a in assignments if not hasattr(a, "review")],
        "decide_form": DecideForm(), "reopen_form": ReopenForm(),
        "may_reopen": s.is_organizer and not undecided}, status=status)


@login_required
@require_GET
def entry(request, slug: str, committee_id: int, entry_id: int):
    s, found = access.entry_for(request.user, slug, committee_id, entry_id)
    return _entry_page(request, s, found)


def _entry_back(slug: str, committee_id: int, entry_id: int):
    return redirect("committees:entry", slug=slug, committee_id=committee_id, entry_id=entry_id)


@login_required
@require_POST
def review(request, slug: str, committee_id: int, entry_id: int):
    s, found, assignment = access.reviewing(request.user, slug, committee_id, entry_id)
    form = ReviewForm(request.POST, rubric=found.committee.rubric)
    if form.is_valid():
        d = form.cleaned_data
        revising = Review.objects.filter(assignment=assignment).exists()
        try:
            services.submit_review(request.user, assignment, scores=form.scores(), vote=d["vote"],
                                   comment=d["comment"])
        except services.JudgingError as exc:
            if exc.status == 409:  # decided meanwhile: the form is gone, the page says why
                show_problems(request, exc)
                return _entry_back(slug, committee_id, entry_id)
            _refused(form, exc)
        else:
            messages.success(request, _("评审意见已修改。") if revising else _("评审意见已提交。"))
            return _entry_back(slug, committee_id, entry_id)
    return _entry_page(request, s, found, review_form=form, status=400)


@login_required
@require_POST
def assign(request, slug: str, committee_id: int, entry_id: int):
    s, found = access.deciding(request.user, slug, committee_id, entry_id)
    member = s.committee.members.select_related("user").filter(
        pk=whole_number(request.POST.get("member", ""))).first()
    attempt(request, lambda: services.assign_by_hand(request.user, found, member), _("已指定评审委员。"))
    return _entry_back(slug, committee_id, entry_id)


@login_required
@require_POST
def decide(request, slug: str, committee_id: int, entry_id: int):
    s, found = access.deciding(request.user, slug, committee_id, entry_id)
    attempt(request, lambda: services.decide(
        request.user, found, outcome=request.POST.get("outcome", ""),
        missing_reason=request.POST.get("missing_reason", "")), _("决议已作出。"))
    return _entry_back(slug, committee_id, entry_id)


@login_required
@require_POST
def reopen(request, slug: str, committee_id: int, entry_id: int):
    s, found = access.reopening(request.user, slug, committee_id, entry_id)
    attempt(request, lambda: services.reopen(request.user, found,
                                             request.POST.get("reopen_reason", "")),
            _("已重新审议,评审意见可以修改。"))
    return _entry_back(slug, committee_id, entry_id)


@login_required
@require_GET
def history(request, slug: str, committee_id: int, member_id: int):
    s, member = access.history_for(request.user, slug, committee_id, member_id)
    assignments = (member.assignments.select_related("entry", "review")
                   .prefetch_related("entry__decisions").order_by("-entry__received_on", "-pk"))
    rows = [(a, getattr(a, "review", None),
             next((d for d in a.entry.decisions.all() if d.reopened_at is None), None))
            for a in assignments]
    return render(request, "committees/history.html", {
        "contest": s.contest, "committee": s.committee, "member": member, "rows": rows,
        "names": {c["id"]: c["name"] for c in s.committee.rubric}})


@login_required
@require_GET
def export(request, slug: str, committee_id: int):
    s = access.exporting(request.user, slug, committee_id)
    book = exports.decisions_book(s.committee)
    return download(book, XLSX, f"{s.committee.name}-决议记录.xlsx",
                    fallback=f"{slug}-committee-{s.committee.pk}-decisions.xlsx")

"""Contest home pages and the organizer's set-up pages.

Each view fetches its contest through :mod:`bipin.contests.access` (the one
place access is decided), changes state only through
:mod:`bipin.contests.services`, and redirects after a POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.accounts import profile
from bipin.accounts.invitations import InvitationClosed, pending_for
from bipin.accounts.invitations import withdraw as withdraw_invitation
from bipin.accounts.models import Invitation
from bipin.contests import blank_forms, scheme_review, services
from bipin.contests.access import can_create_contests, organizer_contest, roles_of, visible_contests
from bipin.contests.dependents import Refused, dependents
from bipin.contests.forms import (
    ContestForm,
    EntrantForm,
    GroupForm,
    PersonForm,
    RoleForm,
    RoleTieForm,
    UploadForm,
    errors_in_words,
)
from bipin.contests.models import Contest, Membership, Role
from bipin.contests.navigation import sections, todos
from bipin.contests.scheme_tree import scheme_groups
from bipin.contests.uploads import PageProblems, import_upload, pop_problems
from bipin.downloads import download
from bipin.io import ImportFailed
from bipin.judging.engine import scheme_of


@require_GET
def home(request):
    contests = visible_contests(request.user).annotate(n_entrants=Count("entrants", distinct=True))
    return render(request, "contests/home.html", {
        "contests": contests, "can_create": can_create_contests(request.user),
        "invitations": pending_for(request.user).count(), "todos": todos(request.user)})


@require_GET
def detail(request, slug: str):
    contest = get_object_or_404(Contest, slug=slug)
    roles = roles_of(request.user, contest)
    if not contest.is_public and not roles:
        raise Http404("no such contest")
    groups = contest.groups.annotate(n=Count("entrants"))
    return render(request, "contests/detail.html", {
        "contest": contest, "groups": groups, "roles": sorted(roles),
        "role_labels": [Role(r).label for r in sorted(roles)],
        "is_organizer": Role.ORGANIZER in roles, "is_campaign": contest.kind == Contest.Kind.CAMPAIGN,
        "sections": sections(contest, roles, request.user),
        "scheme": services.current_scheme(contest)})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not can_create_contests(request.user):
        raise PermissionDenied("may not create contests")
    form = ContestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contest = services.create_contest(request.user, **form.cleaned_data)
        messages.success(request, _("已创建比拼活动“%(name)s”。") % {"name": contest.name})
        return redirect("contests:groups", slug=contest.slug)
    return render(request, "contests/create.html", {"form": form})


def _setup(request, contest, tab, context, status=200):
    return render(request, f"contests/setup_{tab}.html",
                  {"contest": contest, "tab": tab.split("_")[0], **context}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def groups(request, slug: str):
    contest = organizer_contest(request.user, slug)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"].strip()
        if contest.groups.filter(name=name).exists():
            form.add_error("name", _("该组别已存在"))
        else:
            services.add_group(request.user, contest, name)
            return redirect("contests:groups", slug=slug)
    return _groups_page(request, contest, form)


def _groups_page(request, contest, form, renamed: tuple[int, str] | None = None):
    """The groups page; ``renamed`` is a refused rename (group pk, the name as typed)."""
    return _setup(request, contest, "groups", {
        "form": form, "groups": contest.groups.annotate(n=Count("entrants")),
        "renamed_pk": renamed[0] if renamed else None, "renamed_value": renamed[1] if renamed else ""})


@login_required
@require_POST
def group_delete(request, slug: str, group_id: int):
    contest = organizer_contest(request.user, slug)
    group = get_object_or_404(contest.groups, pk=group_id)
    _refusable(request, lambda: services.delete_group(request.user, group),
               _("已删除组别“%(name)s”。") % {"name": group.name})
    return redirect("contests:groups", slug=slug)


@login_required
@require_POST
def group_rename(request, slug: str, group_id: int):
    contest = organizer_contest(request.user, slug)
    group = get_object_or_404(contest.groups, pk=group_id)
    form = GroupForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_in_words(form))
    elif contest.groups.exclude(pk=group.pk).filter(name=form.cleaned_data["name"].strip()).exists():
        messages.error(request, _("组别“%(name)s”已存在。") % {"name": form.cleaned_data["name"].strip()})
    else:
        services.rename_group(request.user, group, form.cleaned_data["name"])
        messages.success(request, _("已保存。"))
        return redirect("contests:groups", slug=slug)
    # Refused: the page again, with the name as typed in that row to put right.
    return _groups_page(request, contest, GroupForm(), (group.pk, request.POST.get("name", "")))


def _refusable(request, change, done: str) -> bool:
    """Run ``change``; a refusal becomes a message saying why, in both languages."""
    try:
        change()
    except Refused as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def entrants(request, slug: str):
    contest = organizer_contest(request.user, slug)
    form = EntrantForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        services.add_entrant(request.user, contest, **form.cleaned_data)
        return redirect("contests:entrants", slug=slug)
    return _setup(request, contest, "entrants", {
        "form": form, "upload": UploadForm(), "problems": pop_problems(request),
        "entrants": contest.entrants.select_related("group")})


@login_required
@require_http_methods(["GET", "POST"])
def entrant_edit(request, slug: str, entrant_id: int):
    contest = organizer_contest(request.user, slug)
    entrant = get_object_or_404(contest.entrants.select_related("group"), pk=entrant_id)
    form = EntrantForm(request.POST or None, contest=contest, entrant=entrant)
    if request.method == "POST" and form.is_valid():
        if _refusable(request, lambda: services.update_entrant(request.user, entrant, **form.cleaned_data),
                      _("已保存。")):
            return redirect("contests:entrants", slug=slug)
    return _setup(request, contest, "entrants_edit", {
        "form": form, "entrant": entrant, "depends": dependents(entrant)},
        status=400 if form.errors else 200)


@login_required
@require_POST
def entrant_delete(request, slug: str, entrant_id: int):
    contest = organizer_contest(request.user, slug)
    entrant = get_object_or_404(contest.entrants, pk=entrant_id)
    if _refusable(request, lambda: services.delete_entrant(request.user, entrant),
                  _("已删除“%(name)s”。") % {"name": entrant.name}):
        return redirect("contests:entrants", slug=slug)
    return redirect("contests:entrant_edit", slug=slug, entrant_id=entrant.pk)


@login_required
@require_POST
def entrants_import(request, slug: str):
    contest = organizer_contest(request.user, slug)
    import_upload(
        request,
        lambda up: services.import_entrants(request.user, contest, up.data, up.name,
                                            sheet=up.sheet).created,
        _("已导入 %(n)d 个参评单位。"),
        _("文件有误,未导入任何数据。请按下列提示修改后重新上传。"))
    return redirect("contests:entrants", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def people(request, slug: str):
    contest = organizer_contest(request.user, slug)
    form = RoleForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = services.add_person(request.user, contest, data["username"], data["role"],
                                    full_name=data["full_name"], entrant=data["entrant"])
        if added.invitation is not None:
            messages.warning(request, _(
                "已邀请 %(username)s 担任%(role)s。该账号不是本活动创建的,"
                "待本人登录后接受邀请,角色才生效。") % {
                "username": data["username"], "role": added.invitation.get_role_display()})
        return redirect("contests:people", slug=slug)
    members = (Membership.objects.filter(contest=contest)
               .select_related("user", "entrant").order_by("role", "user__username"))
    # Accepted ones are memberships above; withdrawn ones the organizer took back.
    invitations = (contest.invitations
                   .filter(status__in=[Invitation.Status.PENDING, Invitation.Status.DECLINED])
                   .select_related("user", "entrant", "invited_by"))
    return _setup(request, contest, "people", {
        "form": form, "upload": UploadForm(), "problems": pop_problems(request), "members": members,
        "invitations": invitations})


@login_required
@require_POST
def people_import(request, slug: str):
    contest = organizer_contest(request.user, slug)
    summaries: list[services.PeopleImport] = []

    def run(up):
        summaries.append(services.import_people(request.user, contest, up.data, up.name, sheet=up.sheet))
        return summaries[-1].created

    import_upload(request, run, _("已导入 %(n)d 条人员角色。"),
                  _("文件有误,未导入任何数据。请按下列提示修改后重新上传。"))
    done = summaries[0] if summaries else services.PeopleImport(0, "")
    if done.invited:
        messages.warning(request, _(
            "其中 %(n)d 个是已有账号(%(names)s),已发出邀请,待本人登录后接受,角色才生效。") % {
            "n": len(done.invited), "names": "、".join(done.invited)})
    if done.renamed:
        messages.success(request, _("已按表格更正 %(n)d 个账号的姓名或邮箱:%(names)s。") % {
            "n": len(done.renamed), "names": "、".join(done.renamed)})
    if done.kept:
        messages.warning(request, _(
            "%(names)s 不是本活动创建的账号,表格中的姓名或邮箱未采用,由本人修改。") % {
            "names": "、".join(done.kept)})
    return redirect("contests:people", slug=slug)


@login_required
@require_POST
def invitation_withdraw(request, slug: str, invitation_id: int):
    contest = organizer_contest(request.user, slug)
    invitation = get_object_or_404(contest.invitations, pk=invitation_id,
                                   status=Invitation.Status.PENDING)
    try:
        withdraw_invitation(request.user, invitation)
    except InvitationClosed:
        messages.error(request, _("该邀请已处理过。"))
    return redirect("contests:people", slug=slug)


@login_required
@require_POST
def role_revoke(request, slug: str, membership_id: int):
    contest = organizer_contest(request.user, slug)
    membership = get_object_or_404(Membership, contest=contest, pk=membership_id)
    if membership.user == request.user and membership.role == Role.ORGANIZER:
        messages.error(request, _("不能撤销自己的组织者角色。"))
    else:
        _refusable(request, lambda: services.revoke_role(request.user, membership,
                                                         request.POST.get("reason", "")),
                   _("已撤销 %(username)s 的%(role)s角色。") % {
                       "username": membership.user.get_username(), "role": membership.get_role_display()})
    return redirect("contests:people", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def role_edit(request, slug: str, membership_id: int):
    contest = organizer_contest(request.user, slug)
    membership = _membership(contest, membership_id)
    form = RoleTieForm(request.POST or None, contest=contest, initial={
        "entrant": membership.entrant_id, "department": membership.department})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_role(request.user, membership, **form.cleaned_data)
        except Refused as exc:
            form.add_error("entrant", exc.zh)
        else:
            messages.success(request, _("已保存。"))
            return redirect("contests:people", slug=slug)
    return _person_page(request, contest, membership, form=form)


@login_required
@require_POST
def person_edit(request, slug: str, membership_id: int):
    """The person's name and email (only for an account this contest created)."""
    contest = organizer_contest(request.user, slug)
    membership = _membership(contest, membership_id)
    person = PersonForm(request.POST)
    if person.is_valid():
        try:
            changed = profile.update_person(request.user, contest, membership.user, **person.cleaned_data)
        except profile.ProfileRefused as exc:
            person.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存。") if changed else _("没有改动。"))
            return redirect("contests:people", slug=slug)
    return _person_page(request, contest, membership, person=person)


def _membership(contest, membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user", "entrant"),
                             contest=contest, pk=membership_id)


def _person_page(request, contest, membership, *, form=None, person=None):
    """A person's page: the role's unit or department, and their name and email if ours to edit."""
    user = membership.user
    form = form or RoleTieForm(contest=contest, initial={
        "entrant": membership.entrant_id, "department": membership.department})
    person = person or PersonForm(initial={"full_name": user.first_name, "email": user.email})
    return _setup(request, contest, "people_edit", {
        "form": form, "membership": membership, "person": person,
        "person_refusal": profile.edit_refusal(contest, user)},
        status=400 if form.errors or person.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def scheme(request, slug: str):
    contest = organizer_contest(request.user, slug)
    upload = UploadForm(request.POST or None, request.FILES or None)
    problems = PageProblems()
    if request.method == "POST":
        try:
            posted = upload.upload()
            # Blank 计分规则 with 评价标准 beside them: proposed for review first.
            held = scheme_review.hold(request, contest, posted)
            version = None if held else services.upload_scheme(
                request.user, contest, posted.data, posted.name)
        except ImportFailed as exc:  # too large, no file, or not a scheme file: nothing kept
            problems = PageProblems.of(exc)
        else:
            if version is None:
                return redirect("contests:scheme_review", slug=slug)
            if version.is_valid:
                messages.success(request, _("考评方案第 %(n)d 版已生效。") % {"n": version.number})
            else:
                messages.error(request, _("考评方案有误,未生效。请按下列提示修改后重新上传。"))
            return redirect("contests:scheme", slug=slug)
    versions = contest.scheme_versions.defer("content")[:20]
    latest = versions[0] if versions else None
    current = services.current_scheme(contest)
    response = _setup(request, contest, "scheme", {
        "upload": upload, "versions": versions, "latest": latest, "problems": problems,
        "current": current, "sections": scheme_groups(scheme_of(current)) if current else []})
    response.status_code = 400 if problems else 200
    return response


@login_required
@require_GET
def blank_form(request, slug: str, kind: str):
    contest = organizer_contest(request.user, slug)
    if kind not in blank_forms.FORMS:
        raise Http404("no such form")
    name, data = blank_forms.blank_form(contest, kind)
    return download(data, blank_forms.XLSX, name, fallback=f"{slug}-{kind}-form.xlsx")

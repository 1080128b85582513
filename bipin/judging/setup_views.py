"""评委组设置: panels from the scheme, judges' seats, recusals, the panel on stage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bipin.contests.access import organizer_contest
from bipin.contests.models import Membership, Role
from bipin.contests.params import whole_number
from bipin.judging import services
from bipin.judging.engine import contest_scheme
from bipin.judging.models import Panel, Recusal


def _chosen(queryset, raw, field: str, zh: str, en: str):
    """The object the form's select named, or a refusal naming the field."""
    found = queryset.filter(pk=whole_number(raw)).first()
    if found is None:
        raise services.JudgingError([services.Problem(field, zh, en)])
    return found


def _do(request, contest, action: str) -> None:
    post = request.POST
    if action == "panel":
        services.create_panel_from_scheme(request.user, contest, post.get("item", ""),
                                          post.get("name", "").strip(), post.get("double_entry") == "1")
    elif action in ("seat", "recuse"):
        member = _chosen(Membership.objects.select_related("user").filter(
            contest=contest, role__in=[Role.JUDGE, Role.CHIEF_JUDGE]), post.get("member"),
            "member", "请选择评委", "choose a judge")
        if action == "seat":
            services.seat_judge(request.user, _chosen(Panel.objects.filter(contest=contest), post.get("panel"),
                                                      "panel", "请选择评委组", "choose a panel"), member.user)
        else:
            services.recuse(request.user, contest, member.user,
                            _chosen(contest.entrants.all(), post.get("entrant"), "entrant",
                                    "请选择参评对象", "choose an entry"), post.get("reason", ""))
    elif action == "stage":
        services.put_on_stage(request.user, _chosen(Panel.objects.filter(contest=contest), post.get("panel"),
                                                    "panel", "请选择评委组", "choose a panel"))
    else:
        raise services.JudgingError([services.Problem("action", "未知操作", "unknown action")])


@login_required
@require_http_methods(["GET", "POST"])
def setup(request, slug: str):
    contest = organizer_contest(request.user, slug)
    if request.method == "POST":
        try:
            _do(request, contest, request.POST.get("action", ""))
            messages.success(request, _("已保存。"))
        except services.JudgingError as exc:
            for p in exc.problems:
                messages.error(request, f"{p.zh} / {p.en}")
        return redirect("judging:setup", slug=slug)
    scheme = contest_scheme(contest)
    panels = list(Panel.objects.filter(contest=contest).prefetch_related("seats__user").order_by("pk"))
    taken = {p.item for p in panels}
    return render(request, "judging/setup.html", {
        "contest": contest, "panels": panels, "stage": services.stage_of(contest),
        "scheme_panels": [i for i in (scheme.panels if scheme else {}) if i not in taken],
        "judges": Membership.objects.filter(contest=contest, role__in=[Role.JUDGE, Role.CHIEF_JUDGE])
                                    .select_related("user").order_by("user__username"),
        "entrants": contest.entrants.all(),
        "recusals": Recusal.objects.filter(contest=contest).select_related("user", "entrant")})


def _criterion_rows(panel: Panel, post) -> list[dict]:
    """Each criterion as its form shows it (what was just posted for it, if it was refused)
    and how many marks it has."""
    fields = ("name", "max", "step", "descriptor")
    marked = services.marked_criteria(panel)
    return [{**c, **({f: post.get(f, "") for f in fields} if post.get("criterion") == c["id"] else {}),
             "id": c["id"], "marks": marked.get(c["id"], 0)} for c in panel.criteria]


@login_required
@require_http_methods(["GET", "POST"])
def panel_edit(request, slug: str, panel_id: int):
    contest = organizer_contest(request.user, slug)
    panel = get_object_or_404(Panel.objects.filter(contest=contest), pk=panel_id)
    post, problems = request.POST, []
    if request.method == "POST":
        action, criterion = post.get("action", ""), post.get("criterion", "")
        try:
            if action == "panel":
                services.update_panel(request.user, panel, name=post.get("name", ""),
                                      double_entry=post.get("double_entry") == "1")
            elif action == "criterion":
                services.update_criterion(request.user, panel, criterion, name=post.get("name", ""),
                                          max=post.get("max", ""), step=post.get("step", ""),
                                          descriptor=post.get("descriptor", ""))
            elif action == "delete_criterion":
                services.delete_criterion(request.user, panel, criterion)
            else:
                raise services.JudgingError([services.Problem("action", "未知操作", "unknown action")])
        except services.JudgingError as exc:
            problems = exc.problems
            panel.refresh_from_db()
        else:
            messages.success(request, _("已保存。"))
            return redirect("judging:panel_edit", slug=slug, panel_id=panel.pk)
    return render(request, "judging/panel_edit.html", {
        "contest": contest, "panel": panel, "problems": problems,
        "name": post.get("name", panel.name) if post.get("action") == "panel" else panel.name,
        "criteria": _criterion_rows(panel, post)}, status=400 if problems else 200)


@login_required
@require_POST
def panel_delete(request, slug: str, panel_id: int):
    contest = organizer_contest(request.user, slug)
    panel = get_object_or_404(Panel.objects.filter(contest=contest), pk=panel_id)
    try:
        services.delete_panel(request.user, panel)
    except services.JudgingError as exc:
        for p in exc.problems:
            messages.error(request, f"{p.zh} / {p.en}")
        return redirect("judging:panel_edit", slug=slug, panel_id=panel.pk)
    messages.success(request, _("已删除评委组“%(name)s”。") % {"name": panel.name})
    return redirect("judging:setup", slug=slug)

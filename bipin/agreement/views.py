"""The judge analysis pages: a list of panels and one page (or workbook) per panel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from bipin.agreement import access
from bipin.agreement.analysis import OUTLIER_STEPS, analyse
from bipin.agreement.chart import severity_chart
from bipin.agreement.exports import workbook
from bipin.downloads import download as send
from bipin.judging.adjust import adjustment_state
from bipin.judging.models import Panel
from bipin.judging.refs import naming

# What each Shrout & Fleiss form answers, in the organizer's words (docs/judges.md).
ICC_MEANINGS = {
    "ICC(1,1)": _("单个评委的可靠度(不区分评委)"),
    "ICC(2,1)": _("单个评委的绝对一致(评委宽严差也算不一致)"),
    "ICC(3,1)": _("单个评委的相对一致(只看高低是否一致)"),
    "ICC(1,k)": _("评委组平均分的可靠度(不区分评委)"),
    "ICC(2,k)": _("评委组平均分的绝对一致"),
    "ICC(3,k)": _("评委组平均分的相对一致"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def index(request, slug: str):
    contest = access.analysis_contest(request.user, slug)
    panels = list(Panel.objects.filter(contest=contest).order_by("pk"))
    if len(panels) == 1:
        return redirect("agreement:panel", slug=slug, panel_id=panels[0].pk)
    return render(request, "agreement/index.html", {"contest": contest, "panels": panels})


@login_required
@require_GET
def panel(request, slug: str, panel_id: int):
    contest = access.analysis_contest(request.user, slug)
    found = access.panel_in(contest, panel_id)
    result = analyse(found, naming(contest))
    return render(request, "agreement/panel.html", {
        "contest": contest, "panel": found, "a": result, "outlier_steps": f"{OUTLIER_STEPS:g}",
        "adjust": adjustment_state(found),
        "chart": severity_chart(result.judges, result.drift_limit),
        "icc_rows": [(f, ICC_MEANINGS[f.form]) for f in result.icc.forms],
        "others": Panel.objects.filter(contest=contest).exclude(pk=found.pk).order_by("pk")})


@login_required
@require_GET
def download(request, slug: str, panel_id: int):
    contest = access.analysis_contest(request.user, slug)
    found = access.panel_in(contest, panel_id)
    return send(workbook(analyse(found, naming(contest))), XLSX, f"{slug}-judges-{found.pk}.xlsx")

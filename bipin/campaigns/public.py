"""The public side of a campaign: a village's star list in 公示, and a household's own
stars looked up by its code (throttled, as certificate checks are), with its objection."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bipin.accounts import throttle
from bipin.campaigns import services
from bipin.campaigns.forms import ObjectionForm
from bipin.campaigns.models import Area, Campaign, Household, Level, Score
from bipin.campaigns.status import current_publication
from bipin.certificates.codes import as_typed

# Failed look-ups count against the address as failed log-ins do: codes cannot be
# guessed, and the page is not a way to try.
THROTTLE_KEY = "campaigns:check"
# Households per page of a published list (a village may have thousands).
NOTICE_PAGE = 300


def _campaign(slug: str) -> Campaign:
    campaign = Campaign.objects.filter(contest__slug=slug).select_related("contest").first()
    if campaign is None:
        raise Http404("没有这个评星活动 / no such campaign")
    return campaign


@require_GET
def notice(request, slug: str, village_id: int):
    """A published village's star list, as published, with its objection end date."""
    campaign = _campaign(slug)
    village = Area.objects.filter(campaign=campaign, level=Level.VILLAGE, pk=village_id).first()
    shown = current_publication(village) if village else None
    if shown is None:
        raise Http404("该村名单尚未公示 / not published")
    return render(request, "campaigns/notice.html", {
        "campaign": campaign, "contest": campaign.contest, "village": village, "publication": shown,
        "page": Paginator(shown.stars, NOTICE_PAGE).get_page(request.GET.get("page")),
        "open": shown.starts_on <= timezone.localdate() <= shown.ends_on})


def _lookup(campaign: Campaign, typed: str) -> Household | None:
    code = as_typed(typed)
    if code is None:
        return None
    return Household.objects.filter(campaign=campaign, code=code).select_related("village__parent").first()


def _published_stars(household: Household):
    """The household's stars as its village's current 公示 shows them (None before it)."""
    shown = current_publication(household.village)
    if shown is None:
        return None, None
    stars = next((row["stars"] for row in shown.stars if row["household"] == household.pk), None)
    return shown, stars


@require_http_methods(["GET", "POST"])
def check(request, slug: str):
    campaign = _campaign(slug)
    typed = (request.POST.get("code") or request.GET.get("code", "")).strip()[:40]
    context = {"campaign": campaign, "contest": campaign.contest, "typed": typed, "household": None}
    if not typed:
        return render(request, "campaigns/check.html", context)
    address = throttle.client_address(request)
    seconds = throttle.wait(THROTTLE_KEY, address, page=throttle.PAGE)
    if seconds:
        context["wait"] = seconds
        return render(request, "campaigns/check.html", context, status=429)
    household = _lookup(campaign, typed)
    if household is None:
        throttle.failed(THROTTLE_KEY, address, page=throttle.PAGE)
        return render(request, "campaigns/check.html", context, status=404)
    publication, stars = _published_stars(household)
    form = ObjectionForm(request.POST or None, initial={"code": household.code})
    if request.method == "POST" and form.is_valid():
        try:
            services.file_objection(household, form.cleaned_data["reason"])
        except services.JudgingError as exc:
            for p in exc.problems:
                form.add_error("reason", f"{p.zh} / {p.en}")
        else:
            messages.success(request, _("异议已提交,请等待答复。"))
            return redirect(f"{request.path}?code={household.code}")
    context.update(household=household, publication=publication, stars=stars, form=form,
                   objections=household.objections.order_by("-filed_at"),
                   open=publication is not None and publication.starts_on <= timezone.localdate()
                   <= publication.ends_on,
                   scored=Score.objects.filter(household=household, superseded_at__isnull=True).exists())
    return render(request, "campaigns/check.html", context, status=400 if form.errors else 200)

"""获奖证书 pages: the organizer's list and issuing, a producer's own, and the public check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from bipin.accounts import throttle
from bipin.certificates import access, services
from bipin.certificates.pdf import certificate_pdf
from bipin.certificates.winners import published
from bipin.downloads import download
from bipin.judging.views import show_problems
from bipin.results.services import current_release

# Failed checks count against the address as failed log-ins do: codes cannot be
# guessed, and the page is not a way to try.
THROTTLE_KEY = "certificates:check"


@login_required
@require_GET
def listing(request, slug: str):
    v = access.viewer(request.user, slug)
    found = list(access.certificates(v).order_by("-release__released_at", "pk"))
    release = current_release(v.contest) if v.is_organizer else None
    return render(request, "certificates/list.html", {
        "contest": v.contest, "v": v, "certificates": found, "release": release,
        # A reverse one-to-one without its row raises an AttributeError: getattr's default.
        "publication": getattr(release, "publication", None),
        "check_url": reverse("certificates:check")})


@login_required
@require_POST
def issue(request, slug: str):
    contest = access.issuing_contest(request.user, slug)
    try:
        made = services.issue_certificates(request.user, contest)
    except services.JudgingError as exc:
        show_problems(request, exc)
    else:
        messages.success(request, ngettext("已颁发 %(n)s 张证书。", "已颁发 %(n)s 张证书。", len(made))
                         % {"n": len(made)} if made else _("这次发布的奖项都已颁发证书。"))
    return redirect("certificates:list", slug=slug)


@login_required
@require_GET
def pdf(request, slug: str, certificate_id: int):
    v = access.viewer(request.user, slug)
    c = access.certificate(v, certificate_id)
    data = certificate_pdf(c, request.build_absolute_uri(reverse("certificates:check")))
    return download(data, "application/pdf", f"{v.contest.name}-{c.holder}-{c.award}-获奖证书.pdf")


@require_GET
def check(request):
    """Anyone types or scans a code and sees what the certificate prints, and whether it stands."""
    typed = request.GET.get("code", "").strip()[:40]
    context = {"typed": typed, "certificate": None}
    if typed:
        address = throttle.client_address(request)
        seconds = throttle.wait(THROTTLE_KEY, address, page=throttle.PAGE)
        if seconds:
            context["wait"] = seconds
            return render(request, "certificates/check.html", context, status=429)
        context["certificate"] = access.by_code(typed)
        if context["certificate"] is None:
            throttle.failed(THROTTLE_KEY, address, page=throttle.PAGE)
    return render(request, "certificates/check.html", context)


@login_required
@require_POST
def publish(request, slug: str):
    contest = access.issuing_contest(request.user, slug)
    try:
        services.publish_winners(request.user, contest, request.POST.get("judges_named") == "on")
    except services.JudgingError as exc:
        show_problems(request, exc)
    else:
        messages.success(request, _("获奖名单和评分表已公布。"))
    return redirect("certificates:list", slug=slug)


@require_GET
def winners(request, slug: str):
    """获奖名单 of the current release, for anyone, once the organizer has published it."""
    publication = access.published_winners(slug)
    release = publication.release
    return render(request, "certificates/winners.html", {
        "contest": release.contest, "release": release, "publication": publication,
        "groups": published(release.snapshot, publication.judges_named, release.contest.blind)})

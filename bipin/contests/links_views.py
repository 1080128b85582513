"""The organizer prints one-time login QR codes for the contest's judges."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from bipin.accounts.links import create_login_link
from bipin.contests.access import organizer_contest
from bipin.contests.models import Membership, Role
from bipin.contests.params import whole_number

LINK_ROLES = [Role.JUDGE, Role.CHIEF_JUDGE, Role.INSPECTOR]
MAX_HOURS = 24 * 14


@login_required
@require_http_methods(["GET", "POST"])
def login_links(request, slug: str):
    contest = organizer_contest(request.user, slug)
    members = (Membership.objects.filter(contest=contest, role__in=LINK_ROLES)
               .select_related("user").order_by("role", "user__username"))
    if request.method == "POST":
        chosen = {whole_number(i) for i in request.POST.getlist("member")}
        hours = whole_number(request.POST.get("hours") or str(settings.LOGIN_LINK_HOURS),
                             minimum=1, maximum=MAX_HOURS)
        if hours is None:
            messages.error(request, f"有效时长须为 1 到 {MAX_HOURS} 之间的整数小时 / "
                                    f"hours: a whole number from 1 to {MAX_HOURS}")
            return render(request, "contests/setup_links.html", {
                "contest": contest, "tab": "links", "members": members,
                "hours": settings.LOGIN_LINK_HOURS}, status=400)
        cards = []
        for m in members:
            if m.pk not in chosen:
                continue
            token = create_login_link(request.user, m.user, contest=contest, hours=hours)
            url = settings.SITE_URL + reverse("accounts:link_login", args=[token])
            svg = segno.make(url, error="m").svg_inline(scale=4)
            cards.append({"member": m, "url": url, "qr": mark_safe(svg)})
        return render(request, "contests/login_links_print.html",
                      {"contest": contest, "cards": cards, "hours": hours})
    return render(request, "contests/setup_links.html", {
        "contest": contest, "tab": "links", "members": members, "hours": settings.LOGIN_LINK_HOURS})

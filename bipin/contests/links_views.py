"""The organizer prints one-time login QR codes for the contest's judges."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from bipin.accounts.links import create_login_link
from bipin.contests.access import organizer_contest
from bipin.contests.models import Membership, Role

LINK_ROLES = [Role.JUDGE, Role.CHIEF_JUDGE, Role.INSPECTOR]


@login_required
@require_http_methods(["GET", "POST"])
def login_links(request, slug: str):
    contest = organizer_contest(request.user, slug)
    members = (Membership.objects.filter(contest=contest, role__in=LINK_ROLES)
               .select_related("user").order_by("role", "user__username"))
    if request.method == "POST":
        chosen = {int(i) for i in request.POST.getlist("member") if i.isdigit()}
        hours = max(1, min(int(request.POST.get("hours") or settings.LOGIN_LINK_HOURS), 24 * 14))
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

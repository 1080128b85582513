"""One-time login QR codes: the organizer prints them for the contest's judges and
inspectors, the chief judge re-issues a judge's. Who may be linked at all is
decided by :mod:`bipin.accounts.links`; this page shows it and refuses the rest."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bipin.accounts.links import PENDING, LinkRefused, create_login_link, link_refusals
from bipin.accounts.models import Invitation
from bipin.accounts.qr import qr_svg
from bipin.contests.access import link_printing_contest, roles_of
from bipin.contests.forms import LoginLinksForm
from bipin.contests.models import Membership, Role


@login_required
@require_http_methods(["GET", "POST"])
def login_links(request, slug: str):
    contest, roles = link_printing_contest(request.user, slug)
    members = list(Membership.objects.filter(contest=contest, role__in=roles)
                   .select_related("user").order_by("role", "user__username"))
    form = LoginLinksForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["member"])
        hours = form.cleaned_data["hours"]
        cards, refused = [], []
        for m in members:
            if m.pk not in chosen:
                continue
            try:
                token = create_login_link(request.user, m.user, contest=contest, hours=hours)
            except LinkRefused as exc:
                refused.append(exc)
                continue
            url = settings.SITE_URL + reverse("accounts:link_login", args=[token])
            cards.append({"member": m, "url": url, "qr": qr_svg(url)})
        return render(request, "contests/login_links_print.html",
                      {"contest": contest, "cards": cards, "refused": refused, "hours": hours})
    refusals = link_refusals(contest, [m.user for m in members])
    pending = (contest.invitations.filter(status=Invitation.Status.PENDING, role__in=roles)
               .select_related("user"))
    return render(request, "contests/setup_links.html", {
        "contest": contest, "tab": "links", "form": form,
        # The chief judge has no set-up tabs to show.
        "base": "contests/setup_base.html" if Role.ORGANIZER in roles_of(request.user, contest)
        else "contests/links_base.html",
        "rows": [(m, refusals[m.user_id]) for m in members],
        "pending": pending, "pending_reason": PENDING})

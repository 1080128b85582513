"""Log in (by password, throttled; or by a one-time link) and answer invitations."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bipin.accounts import backends, invitations, throttle
from bipin.accounts.access import own_pending_invitation
from bipin.accounts.links import redeem_login_link
from bipin.contests.extensions import app_modules


def landing_page(user, contest=None) -> str | None:
    """The page an app wants ``user`` to land on after logging in (the judge's
    scoring page of the day), from the first ``landing`` extension module that has one."""
    for _name, module in app_modules("landing"):
        url = module.landing(user, contest)
        if url:
            return url
    return None


class LoginView(auth_views.LoginView):
    """Django's login page, with failed passwords counted by :mod:`bipin.accounts.throttle`."""

    template_name = "accounts/login.html"

    def post(self, request, *args, **kwargs):
        self.attempt = (request.POST.get("username", ""), throttle.client_address(request))
        seconds = throttle.wait(*self.attempt)
        if seconds:
            return self.refuse(seconds)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        # Only a checked password counts: an empty field never reached authenticate().
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            throttle.failed(*self.attempt)
        return super().form_invalid(form)

    def form_valid(self, form):
        throttle.succeeded(*self.attempt)
        return super().form_valid(form)

    def get_default_redirect_url(self):
        # Only when no ?next= was given: a page the user asked for comes first.
        return landing_page(self.request.user) or super().get_default_redirect_url()

    def refuse(self, seconds: int):
        # The same answer whether or not the username exists.
        minutes = max(1, math.ceil(seconds / 60))
        context = self.get_context_data(form=self.get_form_class()(self.request), throttled={
            "zh": f"登录尝试次数过多,请 {minutes} 分钟后再试。"
                  "评委如急需登录,请向组织者或评委组长索取新的登录二维码。",
            "en": f"Too many failed log-ins; try again in {minutes} minute(s). A judge who "
                  "needs to log in now can ask the organizer or the chief judge for a fresh "
                  "login QR code."})
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(seconds)
        return response


@require_GET
def link_login(request, token: str):
    link = redeem_login_link(token)
    if link is None:
        return render(request, "accounts/link_invalid.html", status=410)
    login(request, link.user, backend=backends.PATH)
    return redirect(landing_page(link.user, link.contest) or reverse("contests:detail", args=[link.contest.slug]))


@login_required
@require_GET
def invitation_list(request):
    return render(request, "accounts/invitations.html",
                  {"invitations": invitations.pending_for(request.user)})


@login_required
@require_POST
def invitation_accept(request, invitation_id: int):
    invitation = own_pending_invitation(request.user, invitation_id)
    try:
        invitations.accept(request.user, invitation)
    except invitations.InvitationClosed:
        messages.error(request, _("该邀请已处理过。"))
        return redirect("accounts:invitations")
    messages.success(request, _("您已接受“%(contest)s”的%(role)s角色。") % {
        "contest": invitation.contest.name, "role": invitation.get_role_display()})
    return redirect("contests:detail", slug=invitation.contest.slug)


@login_required
@require_POST
def invitation_decline(request, invitation_id: int):
    invitation = own_pending_invitation(request.user, invitation_id)
    try:
        invitations.decline(request.user, invitation)
    except invitations.InvitationClosed:
        messages.error(request, _("该邀请已处理过。"))
    else:
        messages.success(request, _("您已谢绝“%(contest)s”的邀请。") % {
            "contest": invitation.contest.name})
    return redirect("accounts:invitations")

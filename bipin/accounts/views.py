"""Log in by a one-time link, and answer invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bipin.accounts import invitations
from bipin.accounts.access import own_pending_invitation
from bipin.accounts.links import redeem_login_link


@require_GET
def link_login(request, token: str):
    link = redeem_login_link(token)
    if link is None:
        return render(request, "accounts/link_invalid.html", status=410)
    login(request, link.user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(reverse("contests:detail", args=[link.contest.slug]))


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

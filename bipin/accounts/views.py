from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from bipin.accounts.links import redeem_login_link


@require_GET
def link_login(request, token: str):
    link = redeem_login_link(token)
    if link is None:
        return render(request, "accounts/link_invalid.html", status=410)
    login(request, link.user, backend="django.contrib.auth.backends.ModelBackend")
    if link.contest is not None:
        return redirect(reverse("contests:detail", args=[link.contest.slug]))
    return redirect("contests:home")

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bipin.audit.chain import chain_key
from bipin.audit.models import Record
from bipin.audit.verification import verify
from bipin.contests.access import organizer_contest


@login_required
@require_GET
def contest_log(request, slug: str):
    contest = organizer_contest(request.user, slug)
    key = chain_key(contest)
    records = Record.objects.filter(chain__key=key).select_related("actor").order_by("-seq")
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    return render(request, "audit/contest_log.html",
                  {"contest": contest, "page": page, "verification": verify(key)})

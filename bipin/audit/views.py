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
    # The row digests can be megabytes for a large import; the list shows none of them.
    records = (Record.objects.filter(chain__key=key).select_related("actor").defer("rows")
               .order_by("-seq"))
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    # Verifying reads every tracked row of the contest: once, on the first page,
    # not again for every page of the log an auditor turns.
    verification = verify(key) if page.number == 1 else None
    return render(request, "audit/contest_log.html",
                  {"contest": contest, "page": page, "verification": verification})

"""The JSON API of 实地核查: the inspector's phone and provincial systems.

Same conventions as the judges' API (bipin.judging.api, whose ``endpoint``
decorator makes the method, login and CSRF checks here too): session
authentication, every refusal JSON in Chinese and English, "not there" and
"not yours" one 404. Documented in :mod:`bipin.inspections.openapi`, served at
/api/inspections/openapi.json.
"""

from __future__ import annotations

import functools
import json

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from bipin.contests.models import Contest
from bipin.contests.params import max_length, whole_number
from bipin.downloads import content_disposition
from bipin.inspections import access, services, sitedraws
from bipin.inspections.models import Finding
from bipin.inspections.openapi import SCHEMA
from bipin.inspections.views import _filtered
from bipin.judging.api import _error, _json, _problem, endpoint
from bipin.judging.services import JudgingError, Problem

PAGE_SIZE = 100


def _not_found():
    return _error(404, [_problem(*access.NOT_FOUND.split(" / "))])


def _answers_404(view):
    """ "Not there" in this API's words (the judges' decorator would say "no such entry")."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return _not_found()

    return wrapper


@csrf_exempt
def unknown(request, *args, **kwargs):
    """Any other URL under /api/inspections/: a JSON 404."""
    return _not_found()


@endpoint("GET", login=False)
def openapi(request):
    return _json(SCHEMA)


def _leaf_json(leaf: services.Leaf) -> dict:
    return {
        "id": leaf.id,
        "name": leaf.name,
        "catalogue": list(leaf.catalogue),
        "severities": list(leaf.severities),
    }


@endpoint("GET")
@_answers_404
def visits(request, slug: str):
    """The inspector's visits, each with the indicators, categories and severities to pick from."""
    contest = access.inspector_contest(request.user, slug)
    leaves = services.inspection_leaves(contest)
    out = []
    for v in access.my_visits(request.user, contest).prefetch_related("site_draws"):
        out.append(
            {
                "id": v.pk,
                "round": v.team.round.name,
                "team": v.team.name,
                "entrant": v.entrant.name,
                "sites": list(v.sites),
                "draw": _draw_json(slug, v),
                "items": [_leaf_json(leaf) for leaf in leaves.get(v.entrant.group.name, [])],
            }
        )
    return _json({"visits": out})


def _draw_json(slug: str, visit) -> dict | None:
    """The visit's draw in force: before its reveal only the commitment, never the seed."""
    draw = sitedraws.current_draw(visit)
    if draw is None:
        return None
    return {
        "number": draw.number,
        "status": draw.status,
        "commitment": draw.commitment,
        "count": draw.count,
        "url": reverse("inspections:site_draws", args=[slug, visit.pk]),
    }


def finding_json(f: Finding) -> dict:
    return {
        "id": f.pk,
        **services.finding_data(f),
        "recorded_by": f.recorded_by.get_username(),
        "recorded_at": f.recorded_at.isoformat(),
        "confirmed_at": f.confirmed_at.isoformat() if f.confirmed_at else None,
        "return_reason": f.return_reason,
        "withdraw_reason": f.withdraw_reason,
        "photos": [p.sha256 for p in f.photos.all()],
        "url": reverse("inspections:finding", args=[f.contest.slug, f.pk]),
    }


_TEXT_FIELDS = ("key", "item", "category", "severity", "site", "description")


def _body(request) -> tuple[dict, list]:
    """The finding's fields and photos, from a multipart form or a JSON object."""
    if request.content_type == "multipart/form-data":
        body = {k: request.POST.get(k, "") for k in (*_TEXT_FIELDS, "visit")}
        photos = request.FILES.getlist("photos")
    else:
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise JudgingError(
                [Problem("", "请求不是有效的 JSON", "body is not valid JSON")]
            ) from None
        if not isinstance(body, dict):
            raise JudgingError([Problem("", "请求须为 JSON 对象", "body must be a JSON object")])
        photos = []
    problems = [
        Problem(f, "缺少该项或格式不对", f"{f} must be a string")
        for f in ("key", "item", "description")
        if not isinstance(body.get(f), str)
    ]
    problems += [
        Problem(f, "格式不对", f"{f} must be a string")
        for f in ("category", "severity", "site")
        if not isinstance(body.get(f, ""), str)
    ]
    visit = body.get("visit")
    if isinstance(visit, str) and visit.isascii() and visit.isdigit() and len(visit) <= 18:
        body["visit"] = int(visit)
    elif not (isinstance(visit, int) and not isinstance(visit, bool) and 0 < visit < 10**18):
        problems.append(
            Problem("visit", "缺少核查任务编号", "visit must be a visit id from /visits")
        )
    if problems:
        raise JudgingError(problems)
    return body, photos


def _submit(request, contest: Contest):
    access.inspector_contest(request.user, contest.slug)
    body, photos = _body(request)
    visit = access.my_visit(request.user, contest, body["visit"])
    found, created = services.record_finding(
        request.user,
        visit,
        key=body["key"],
        item=body["item"],
        category=body.get("category", ""),
        severity=body.get("severity", ""),
        site=body.get("site", ""),
        description=body["description"],
        photos=photos,
    )
    found = Finding.objects.select_related(
        "round", "team", "entrant", "recorded_by", "contest"
    ).get(pk=found.pk)
    return _json({**finding_json(found), "created": created}, status=201 if created else 200)


def _check_filters(params) -> int:
    """Refuse a filter the list would otherwise ignore (and answer every finding); the page.

    The organizer's page skips a filter it cannot read, which is harmless in a
    form; a provincial system asking for ``team=abc`` must not get every team.
    """
    problems = []
    for name in ("round", "team", "entrant", "page"):
        if name in params and whole_number(params[name], minimum=1) is None:
            problems.append(
                Problem(name, f"{name} 须为正整数", f"{name} must be a whole number of at least 1")
            )
    if "status" in params and params["status"] not in Finding.Status.values:
        problems.append(
            Problem(
                "status",
                f"status 须为 {'、'.join(Finding.Status.values)} 之一",
                f"status must be one of {', '.join(Finding.Status.values)}",
            )
        )
    for name in ("category", "severity"):
        limit = max_length(Finding, name)
        if len(params.get(name, "")) > limit:
            problems.append(
                Problem(name, f"{name} 不能超过 {limit} 字", f"{name}: at most {limit} characters")
            )
    if problems:
        raise JudgingError(problems)
    return whole_number(params.get("page", "1"), minimum=1)


def _list(request, contest: Contest):
    access.organizer_contest(request.user, contest.slug)
    number = _check_filters(request.GET)
    qs, _ = _filtered(contest, request.GET)
    qs = (
        qs.select_related("round", "team", "entrant", "recorded_by", "contest")
        .order_by("pk")
        .prefetch_related("photos")
    )
    paginator = Paginator(qs, PAGE_SIZE)
    if number > paginator.num_pages:
        raise JudgingError(
            [
                Problem(
                    "page",
                    f"没有第 {number} 页(共 {paginator.num_pages} 页)",
                    f"there is no page {number} (pages: {paginator.num_pages})",
                )
            ]
        )
    page = paginator.page(number)
    return _json(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "findings": [finding_json(f) for f in page.object_list],
        }
    )


@endpoint("GET", "POST")
@_answers_404
def findings(request, slug: str):
    """POST: an inspector records a finding (idempotent by key). GET: the organizer's list."""
    contest = access.contest_for_findings(request.user, slug)
    return _submit(request, contest) if request.method == "POST" else _list(request, contest)


@endpoint("GET")
@_answers_404
def finding_by_key(request, slug: str, key: str):
    """A finding of the inspector's team by its idempotency key: did my resend arrive?"""
    contest = access.inspector_contest(request.user, slug)
    found = (
        access.team_findings(request.user, contest)
        .filter(key=key)
        .select_related("round", "team", "entrant", "recorded_by", "contest")
        .first()
    )
    if found is None:
        return _not_found()
    return _json(finding_json(found))


@endpoint("GET")
@_answers_404
def site_draw(request, slug: str, visit_id: int, number: int):
    """A revealed site draw's record, for ``bipin draw verify``; before the reveal, 404."""
    contest = access.contest_for_findings(request.user, slug)
    visit, _ = access.visit_for(request.user, contest, visit_id)
    draw = access.site_draw_in(visit, number)
    if not draw.revealed:
        return _error(
            404,
            [_problem("该抽签尚未揭晓,记录未公布", "this draw is not revealed yet")],
        )
    response = _json(sitedraws.published_record(draw))
    response["Content-Disposition"] = content_disposition(
        f"{slug}-visit-{visit.pk}-draw-{number}.json"
    )
    return response

"""The JSON API the judge's phone, the big screen and the console talk to.

Documented in :mod:`bipin.judging.openapi` (served at /api/judging/openapi.json;
a test checks every URL here is in it). Errors are JSON with Chinese and
English text; "not there", "not yours" and "recused" all answer the same 404.
"""

from __future__ import annotations

import functools
import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from bipin.contests.models import Contest
from bipin.judging import access, live, services
from bipin.judging.access import NOT_FOUND
from bipin.judging.draws import published_record, stage_order
from bipin.judging.models import Draw, Sheet
from bipin.judging.openapi import SCHEMA
from bipin.judging.refs import entry_label, entry_ref, hides_names


def _error(status: int, problems: list[dict]) -> JsonResponse:
    return JsonResponse({"errors": problems}, status=status, json_dumps_params={"ensure_ascii": False})


def json_api(view):
    """Answer refusals as JSON (the page shows them) instead of HTML error pages."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            zh, en = NOT_FOUND.split(" / ")
            return _error(404, [{"field": "", "zh": zh, "en": en}])
        except PermissionDenied:
            return _error(403, [{"field": "", "zh": "无权访问", "en": "forbidden"}])
        except services.JudgingError as exc:
            return _error(exc.status, [p.as_dict() for p in exc.problems])

    return wrapper


def signed_in(view):
    """401, not 404, for a visitor without a session: the phone then keeps its
    unsent sheets and asks the judge to log in again instead of dropping them."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _error(401, [{"field": "", "zh": "请重新登录", "en": "please log in again"}])
        return view(request, *args, **kwargs)

    return wrapper


def _json(data, status: int = 200, **headers) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@require_GET
def openapi(request):
    return _json(SCHEMA)


def sheet_json(sheet: Sheet, hidden: bool) -> dict:
    # A sheet stored by this request carries its marks; a stored one reads them.
    marks = getattr(sheet, "new_marks", None) or sheet.marks.all()
    return {"key": sheet.key, "panel": sheet.panel.item, "entry": entry_ref(sheet.entrant),
            "label": entry_label(sheet.entrant, hidden), "status": sheet.status,
            "marks": {m.criterion: f"{m.value:.2f}" for m in marks}, "comment": sheet.comment,
            "reopen_reason": sheet.reopen_reason}


def _task(sheet: Sheet | None, entrant, hidden: bool) -> dict:
    entry = {"ref": entry_ref(entrant), "label": entry_label(entrant, hidden),
             "status": sheet.status if sheet else "open"}
    if sheet is not None and sheet.status == Sheet.Status.REOPENED:
        entry["reason"] = sheet.reopen_reason  # why the chief judge sent it back
    return entry


@json_api
@signed_in
@require_GET
def tasks(request, slug: str):
    """The judge's panels, criteria and entries, with the state of each sheet."""
    contest = access.judge_contest(request.user, slug)
    stage = services.stage_of(contest)
    hidden = hides_names(contest, stage)
    recused = access.recused_ids(request.user, contest)
    own = {(s.panel_id, s.entrant_id): s for s in Sheet.objects.filter(
        panel__contest=contest, judge=request.user, status__in=Sheet.ACTIVE).only(
        "panel_id", "entrant_id", "status", "reopen_reason")}
    entrants = [e for e in stage_order(contest) if e.pk not in recused]
    panels = []
    for panel in access.seated_panels(request.user, contest):
        panels.append({
            "id": panel.item, "name": panel.name, "criteria": panel.criteria,
            "entries": [_task(own.get((panel.pk, e.pk)), e, hidden) for e in entrants],
        })
    current = None
    if stage.entrant_id and stage.entrant_id not in recused and stage.panel_id:
        current = {"panel": stage.panel.item, "entry": entry_ref(stage.entrant)}
    return _json({"version": stage.version, "current": current, "panels": panels})


def _body(request) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise services.JudgingError([services.Problem("", "请求不是有效的 JSON", "body is not valid JSON")]) from None
    if not isinstance(body, dict) or not isinstance(body.get("marks"), dict):
        raise services.JudgingError([services.Problem("marks", "缺少评分", "marks must be an object")])
    return body


@json_api
@signed_in
@require_POST
def submit(request, slug: str):
    """Store a sheet once per key: 201 when stored, 200 with the stored sheet on a repeat."""
    contest = access.judge_contest(request.user, slug)
    body = _body(request)
    panel = access.any_panel(contest, str(body.get("panel", "")))
    entrant = access.any_entry(contest, str(body.get("entry", "")))
    sheet, created = services.submit_sheet(request.user, panel, entrant, key=body.get("key"),
                                           marks=body["marks"], comment=str(body.get("comment", ""))[:2000])
    sheet.panel, sheet.entrant = panel, entrant
    hidden = contest.blind and hides_names(contest, services.stage_of(contest))
    return _json({**sheet_json(sheet, hidden), "created": created}, status=201 if created else 200)


@json_api
@signed_in
@require_GET
def sheet(request, slug: str, key: str):
    contest = access.judge_contest(request.user, slug)
    found = access.own_sheet(request.user, contest, key)
    return _json(sheet_json(found, hides_names(contest, services.stage_of(contest))))


def _polled(request, contest: Contest, build) -> HttpResponse:
    """A poll answers 304 from one indexed row read when nothing changed."""
    stage = services.stage_of(contest)
    etag = f'"{contest.pk}-{stage.version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        # Build from the row just read (the one the ETag names): one query fewer.
        response = _json(build(stage))
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@json_api
@signed_in
@require_GET
def board(request, slug: str):
    contest = access.screen_contest(request.user, slug)
    return _polled(request, contest, lambda stage: live.board(contest, stage))


@json_api
@signed_in
@require_GET
def console(request, slug: str):
    contest = access.contest_for(request.user, slug, ["organizer"])
    return _polled(request, contest, lambda stage: live.console(contest, stage))


@json_api
@require_GET
def draw_record(request, slug: str, number: int):
    contest = access.public_contest(request.user, slug)
    draw = get_object_or_404(Draw.objects.select_related("contest", "group", "replaces"),
                             contest=contest, number=number)
    response = _json(published_record(draw))
    response["Content-Disposition"] = f'attachment; filename="{slug}-draw-{number}.json"'
    return response

"""The JSON API the judge's phone, the big screen and the console talk to.

Documented in :mod:`bipin.judging.openapi` (served at /api/judging/openapi.json;
a test checks every URL here is in it, and a property-based run checks every
answer against it). Every error is JSON with Chinese and English text, also
for an unknown URL under /api/judging/; "not there", "not yours" and
"recused" all answer the same 404.
"""

from __future__ import annotations

import functools
import json

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt

from bipin.contests.models import Contest
from bipin.downloads import content_disposition
from bipin.judging import access, flights, live, services
from bipin.judging.access import NOT_FOUND
from bipin.judging.draws import published_record, stage_order
from bipin.judging.models import Draw, Mark, Sheet
from bipin.judging.openapi import SCHEMA
from bipin.judging.refs import Naming, entry_ref, naming
from bipin.judging.rounds import current_round, round_name

_SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _error(status: int, problems: list[dict]) -> JsonResponse:
    return JsonResponse({"errors": problems}, status=status, json_dumps_params={"ensure_ascii": False})


def _problem(zh: str, en: str) -> dict:
    return {"field": "", "zh": zh, "en": en}


def _not_found() -> JsonResponse:
    return _error(404, [_problem(*NOT_FOUND.split(" / "))])


class _CsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check, giving the reason instead of an HTML 403 page."""

    def _reject(self, request, reason):
        return reason


def _csrf_failure(request) -> str | None:
    check = _CsrfCheck(lambda _request: None)
    check.process_request(request)
    return check.process_view(request, None, (), {})


def endpoint(*methods: str, login: bool = True):
    """An API view answering ``methods``; every refusal is JSON.

    The method check, the login check (401, not a redirect: the phone then
    keeps its unsent sheets and asks the judge to log in again) and the CSRF
    check are made here rather than by Django's decorators and middleware,
    which answer in HTML. "Not there", "not yours" and "recused" are one 404.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                response = _error(405, [_problem("不支持该请求方法", "method not allowed")])
                response["Allow"] = ", ".join(methods)
                return response
            if login and not request.user.is_authenticated:
                return _error(401, [_problem("请重新登录", "please log in again")])
            try:
                if request.method not in _SAFE_METHODS and _csrf_failure(request) is not None:
                    return _error(403, [_problem("安全校验未通过,请刷新页面",
                                                 "the CSRF check failed; reload the page")])
                return view(request, *args, **kwargs)
            except Http404:
                return _not_found()
            except PermissionDenied:
                return _error(403, [_problem("无权访问", "forbidden")])
            except services.JudgingError as exc:
                return _error(exc.status, [p.as_dict() for p in exc.problems])
            except RequestDataTooBig:
                return _error(413, [_problem("请求过大", "the request is too large")])
            except SuspiciousOperation:
                return _error(400, [_problem("请求无效", "bad request")])

        # The wrapper makes the CSRF check itself, so the middleware's HTML page never answers.
        wrapper.csrf_exempt = True
        return wrapper

    return decorate


@csrf_exempt
def unknown(request, *args, **kwargs):
    """Any other URL under /api/judging/: the same JSON 404 as an unknown entry."""
    return _not_found()


def _json(data, status: int = 200, **headers) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@endpoint("GET", login=False)
def openapi(request):
    return _json(SCHEMA)


def sheet_json(sheet: Sheet, names: Naming) -> dict:
    # A sheet stored by this request carries its marks; a stored one reads them.
    marks = getattr(sheet, "new_marks", None) or sheet.marks.all()
    return {"key": sheet.key, "panel": sheet.panel.item, "entry": entry_ref(sheet.entrant),
            "label": names.label(sheet.entrant), "status": sheet.status,
            "marks": {m.criterion: f"{m.value:.2f}" for m in marks}, "comment": sheet.comment,
            "reopen_reason": sheet.reopen_reason}


def _task(sheet: Sheet | None, entrant, names: Naming) -> dict:
    entry = {"ref": entry_ref(entrant), "label": names.label(entrant),
             "status": sheet.status if sheet else "open"}
    if sheet is not None and sheet.status == Sheet.Status.REOPENED:
        # Why the chief judge sent it back, and what the judge filed: the
        # correction starts from the old sheet, so no mark or comment is lost.
        entry["reason"] = sheet.reopen_reason
        entry["marks"] = {m.criterion: f"{m.value:.2f}" for m in sheet.marks.all()}
        entry["comment"] = sheet.comment
    return entry


@endpoint("GET")
def tasks(request, slug: str):
    """The judge's panels, criteria and entries, with the state of each sheet."""
    contest = access.judge_contest(request.user, slug)
    stage = services.stage_of(contest)
    names = naming(contest, stage)
    recused = access.recused_ids(request.user, contest)
    own = {(s.panel_id, s.entrant_id): s for s in Sheet.objects.filter(
        panel__contest=contest, judge=request.user, status__in=Sheet.ACTIVE,
        round=current_round(contest).key).only(
        "panel_id", "entrant_id", "status", "reopen_reason", "comment").prefetch_related(
        Prefetch("marks", queryset=Mark.objects.filter(sheet__status=Sheet.Status.REOPENED)))}
    entrants = [e for e in names.ordered(stage_order(contest, names)) if e.pk not in recused]
    panels = []
    for panel in access.seated_panels(request.user, contest):
        # 分桌: in a stage judged in flights a judge sees only their own table's samples.
        tables = flights.current_tables(panel)
        table = tables.table_of_judge(request.user.pk) if tables else None
        listed = entrants if tables is None else [
            e for e in entrants if table is not None and e.pk in tables.samples[table.pk]]
        panels.append({
            "id": panel.item, "name": panel.name, "criteria": panel.criteria,
            "entries": [_task(own.get((panel.pk, e.pk)), e, names) for e in listed],
            **({"flight": table.name if table else ""} if tables else {}),
        })
    current = None
    if stage.entrant_id and stage.entrant_id not in recused and stage.panel_id:
        current = {"panel": stage.panel.item, "entry": entry_ref(stage.entrant)}
    return _json({"version": stage.version, "round": round_name(contest), "current": current,
                  "panels": panels})


def _body(request) -> dict:
    """The sheet's JSON, its fields of the types the OpenAPI document names."""
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise services.JudgingError([services.Problem("", "请求不是有效的 JSON", "body is not valid JSON")]) from None
    if not isinstance(body, dict):
        raise services.JudgingError([services.Problem("", "请求须为 JSON 对象", "body must be a JSON object")])
    problems = [services.Problem(f, "缺少该项或格式不对", f"{f} must be a string")
                for f in ("key", "panel", "entry") if not isinstance(body.get(f), str)]
    if not isinstance(body.get("marks"), dict) or not body["marks"]:
        problems.append(services.Problem("marks", "缺少评分", "marks must name every criterion"))
    if not isinstance(body.get("comment", ""), str):
        problems.append(services.Problem("comment", "评价指导须为文字", "comment must be a string"))
    if problems:
        raise services.JudgingError(problems)
    return body


@endpoint("POST")
def submit(request, slug: str):
    """Store a sheet once per key: 201 when stored, 200 with the stored sheet on a repeat."""
    contest = access.judge_contest(request.user, slug)
    body = _body(request)
    panel = access.any_panel(contest, body["panel"])
    entrant = access.any_entry(contest, body["entry"])
    sheet, created = services.submit_sheet(request.user, panel, entrant, key=body["key"],
                                           marks=body["marks"], comment=body.get("comment", ""))
    sheet.panel, sheet.entrant = panel, entrant
    return _json({**sheet_json(sheet, naming(contest)), "created": created}, status=201 if created else 200)


@endpoint("GET")
def sheet(request, slug: str, key: str):
    contest = access.judge_contest(request.user, slug)
    found = access.own_sheet(request.user, contest, key)
    return _json(sheet_json(found, naming(contest)))


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


@endpoint("GET")
def board(request, slug: str):
    contest = access.screen_contest(request.user, slug)
    return _polled(request, contest, lambda stage: live.board(contest, stage))


@endpoint("GET", login=False)
def screen_link_board(request, token: str):
    """The board for a 大屏专用链接: the same JSON as the organizer's screen, read-only."""
    try:
        contest = access.screen_link_contest(token)
    except Http404:  # the projector shows why it stopped, not "no such entry"
        return _error(404, [_problem(*access.SCREEN_LINK_GONE.split(" / "))])
    return _polled(request, contest, lambda stage: live.board(contest, stage))


@endpoint("GET")
def console(request, slug: str):
    contest = access.console_contest(request.user, slug)
    return _polled(request, contest, lambda stage: live.console(contest, stage))


@endpoint("GET", login=False)
def draw_record(request, slug: str, number: int):
    contest = access.public_contest(request.user, slug)
    draw = get_object_or_404(Draw.objects.select_related("contest", "group", "replaces"),
                             contest=contest, number=number)
    response = _json(published_record(draw))
    response["Content-Disposition"] = content_disposition(f"{slug}-draw-{number}.json")
    return response

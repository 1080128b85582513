"""The JSON API a provincial system (or a script) feeds department values through.

Same conventions as the judges' API (bipin.judging.api: session log-in, CSRF
header on writes, every answer JSON with Chinese and English text, any other
URL under /api/reporting/ a JSON 404), documented in bipin.reporting.openapi.
A PUT of values is all or nothing and idempotent: sending the same values
again changes nothing.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal

from django.views.decorators.csrf import csrf_exempt

from bipin.judging import api as judging_api
from bipin.reporting import access, services
from bipin.reporting.grid import LEVELS, Grid
from bipin.reporting.models import Value
from bipin.reporting.openapi import SCHEMA
from bipin.reporting.review import REASON_MAX_LENGTH, ReviewError, ReviewState, pending_level

MAX_BODY = 2 * 2**20  # a 24 × 60 grid is about 100 KB of JSON


def endpoint(*methods: str, login: bool = True):
    """judging.api.endpoint (method, log-in and CSRF checks, JSON 404/403), plus this app's refusals."""

    def decorate(view):
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except services.ReportingError as exc:
                return judging_api._error(exc.status, [p.as_dict() for p in exc.problems])
            except ReviewError as exc:
                return judging_api._error(exc.status, [exc.as_dict()])

        return judging_api.endpoint(*methods, login=login)(inner)

    return decorate


@csrf_exempt
def unknown(request, *args, **kwargs):
    return judging_api._not_found()


def _refuse(field: str, zh: str, en: str, status: int = 400) -> services.ReportingError:
    return services.ReportingError([services.Problem(field, zh, en)], status)


def _body(request) -> dict:
    if len(request.body) > MAX_BODY:
        raise _refuse("", "请求过大", "the request is too large", 413)
    try:
        # Decimal, not float: a figure such as 1234567890.12345 keeps every digit.
        body = json.loads(request.body.decode("utf-8") or "{}", parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _refuse("", "请求须为 JSON", "the body must be JSON") from None
    if not isinstance(body, dict):
        raise _refuse("", "请求须为 JSON 对象", "the body must be a JSON object")
    return body


def _reason(body: dict) -> str:
    """The body's ``reason``: text of at most REASON_MAX_LENGTH characters as sent, or refused.

    Read as "" it would drop a reason a reviewer meant to give (an approval's
    note) or answer "a correction needs a reason" to one that was given.
    """
    reason = body.get("reason", "")
    if not isinstance(reason, str):
        raise _refuse("reason", "reason 须为文字", "reason must be text")
    if len(reason) > REASON_MAX_LENGTH:
        raise _refuse(
            "reason",
            f"原因不能超过 {REASON_MAX_LENGTH} 字",
            f"reason: at most {REASON_MAX_LENGTH} characters",
        )
    return reason


def _entrant_name(entrant) -> str:
    return entrant.code or entrant.name


def _state(desk: access.Desk) -> dict:
    sub = services.submission_of(desk.contest, desk.grid.department)
    return {
        "state": sub.state if sub else ReviewState.DRAFT.value,
        "awaiting": (pending_level(sub, LEVELS) or "") if sub else "",
        "deadline": sub.deadline.isoformat() if sub and sub.deadline else None,
    }


def _grid_json(desk: access.Desk) -> dict:
    g: Grid = desk.grid
    values = services.current_values(services.submission_of(desk.contest, g.department))
    cells = []
    for entrant in g.entrants:
        for column in g.columns:
            if g.node(entrant.pk, column.id) is None:
                continue
            v = values.get((entrant.pk, column.id))
            cells.append(
                {
                    "entrant": _entrant_name(entrant),
                    "item": column.id,
                    "value": None if v is None or v.value is None else v.text,
                    "ref": f"dept-value:{v.pk}" if v else None,
                }
            )
    return {
        "department": g.department,
        **_state(desk),
        "items": [
            {"id": n.id, "name": n.name, "points": n.points, "range": g.range_text(n)}
            | ({"formula": n.formula.text, "inputs": list(n.formula.inputs)} if n.formula else {})
            for n in g.items
        ],
        "entrants": [
            {"entrant": _entrant_name(e), "name": e.name, "group": e.group.name} for e in g.entrants
        ],
        "cells": cells,
    }


@endpoint("GET", login=False)
def openapi(request):
    return judging_api._json(SCHEMA)


@endpoint("GET")
def grid(request, slug: str, department: str):
    return judging_api._json(_grid_json(access.desk(request.user, slug, department)))


def _cells(desk: access.Desk, items) -> dict:
    if not isinstance(items, list) or not items:
        raise _refuse("values", "values 须为非空列表", "values must be a non-empty list")
    by_name = {}
    for e in desk.grid.entrants:
        by_name.setdefault(e.name, e)
        if e.code:
            by_name[e.code] = e
    raw: dict = {}
    problems = []
    for i, cell in enumerate(items):
        if (
            not isinstance(cell, dict)
            or not isinstance(cell.get("entrant"), str)
            or not isinstance(cell.get("item"), str)
        ):
            problems.append(
                services.Problem(
                    f"values[{i}]", "须含 entrant、item 与 value", "needs entrant, item and value"
                )
            )
            continue
        if "value" not in cell:
            # A missing value is not a blank one: reading it as null would clear the cell.
            problems.append(
                services.Problem(
                    f"values[{i}].value",
                    "须含 value(清空单元格请写 null)",
                    "needs a value (null clears the cell)",
                )
            )
            continue
        entrant = by_name.get(cell["entrant"])
        value = cell["value"]
        if entrant is None:
            problems.append(
                services.Problem(
                    f"values[{i}].entrant",
                    f"本部门不评价“{cell['entrant'][:40]}”",
                    f"{cell['entrant'][:40]!r} is not an entrant this department rates",
                )
            )
            continue
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal))
        ):
            problems.append(
                services.Problem(
                    f"values[{i}].value", "须为数字或 null", "must be a number or null"
                )
            )
            continue
        key = (entrant.pk, cell["item"])
        if key in raw:
            problems.append(
                services.Problem(
                    f"values[{i}]", "同一单元格出现两次", "the same cell is given twice"
                )
            )
            continue
        raw[key] = value
    if problems:
        raise services.ReportingError(problems)
    return raw


@endpoint("PUT")
def values(request, slug: str, department: str):
    """Save cells (reporter, draft or returned); after approval the reviewer corrects with a reason."""
    desk = access.desk(request.user, slug, department)
    sub = services.submission_of(desk.contest, department)
    correcting = sub is not None and sub.state == ReviewState.APPROVED
    access.require(desk.reviewer if correcting else desk.reporter)
    body = _body(request)
    raw = _cells(desk, body.get("values"))
    reason = _reason(body)
    if correcting:
        changed = services.correct_values(request.user, desk.contest, desk.grid, raw, reason)
    else:
        changed = services.save_values(
            request.user, desk.contest, desk.grid, raw, via=Value.Via.API
        )
    return judging_api._json({"changed": changed, **_state(desk)})


@endpoint("POST")
def submit(request, slug: str, department: str):
    desk = access.desk(request.user, slug, department)
    access.require(desk.reporter)
    services.submit(request.user, desk.contest, desk.grid)
    return judging_api._json(_state(desk))


@endpoint("POST")
def review(request, slug: str, department: str):
    desk = access.desk(request.user, slug, department)
    access.require(desk.reviewer)
    body = _body(request)
    decision = body.get("decision")
    if decision not in ("approve", "return"):
        raise _refuse(
            "decision", "decision 须为 approve 或 return", "decision must be approve or return"
        )
    reason = _reason(body)
    sub = services.reported(desk.contest, department)  # a bad request is 400 in any state
    if decision == "approve":
        services.approve(request.user, sub, reason)
    else:
        services.send_back(request.user, sub, reason)
    return judging_api._json(_state(desk))

"""OpenAPI 3.1 description of the department grid API, served at /api/reporting/openapi.json.

Hand-written like bipin.judging.openapi; tests/test_openapi.py checks every URL
of the API is described here and every answer agrees with it.
"""

from __future__ import annotations

from bipin.judging.openapi import SCHEMA as JUDGING
from bipin.judging.openapi import _nullable, _ok
from bipin.reporting.review import REASON_MAX_LENGTH, ReviewState

_ERROR_TEXT = {
    "400": "请求被拒绝,field 指出哪一项(数值超出范围等,整批不保存) / refused; field names the part "
    "(a value out of range etc.; nothing of the request is saved)",
    "401": "未登录或登录已过期 / no session: log in",
    "403": "不是本部门的填报人或审核人,或安全校验(CSRF)未通过 / not this department's reporter or "
    "reviewer, or the CSRF check failed",
    "404": "不存在或不属于您(/api/reporting/ 下其他网址亦同) / not there or not yours "
    "(also any other URL under /api/reporting/)",
    "405": "请求方法不对,见 Allow / wrong method; see the Allow header",
    "409": "当前状态不允许(如已提交待审核) / not allowed in the submission's state "
    "(e.g. submitted and waiting for review)",
    "413": "请求体过大 / the body is too large",
}
_SIGNED_IN = ("401", "403", "404", "405")
_DEPT = [
    {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
    {
        "name": "department",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": "考核部门,如方案所写 / the department as the scheme names it",
    },
]


def _errors(*statuses: str) -> dict:
    out = {}
    for status in statuses:
        out[status] = {
            "description": _ERROR_TEXT[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
        }
        if status == "405":
            out[status]["headers"] = {"Allow": {"schema": {"type": "string"}}}
    return out


def _body(ref: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": ref}}}}


_STATE = {"$ref": "#/components/schemas/State"}
BASE = "/api/reporting/{slug}/departments/{department}"

SCHEMA = {
    "openapi": "3.1.0",
    "info": {
        "title": "Bipin department grid API / 行业部门评价填报接口",
        "version": "1",
        "description": "Session-authenticated (log in first); PUT and POST need the X-CSRFToken "
        "header (the value of the csrftoken cookie). Entrants are named by their code (编码), or by "
        "their name when they have none. Values are decimal strings or numbers, read as the "
        "XLSX upload reads them (full-width digits, thousands separators and a trailing % are "
        "allowed; more than 6 decimals is refused, never rounded); null or blank text clears a "
        "cell, and every cell sent must say its value. A PUT is all or nothing. Before "
        "approval it is idempotent: the same values sent again answer 200 with changed 0. "
        "After approval a PUT is the reviewer's correction, with a reason; one that changes "
        "nothing (such as a resent correction) is refused with 400, field values. Every error "
        "is JSON (components/schemas/Errors) with Chinese and English text.",
    },
    "paths": {
        "/api/reporting/openapi.json": {
            "get": {
                "summary": "本文档 / this document",
                "responses": {"200": _ok("OpenAPI", {"type": "object"}), **_errors("405")},
            }
        },
        BASE + "/grid": {
            "get": {
                "summary": "本部门的填报表:指标 × 参评单位与当前数值 / the department's grid and values",
                "parameters": _DEPT,
                "responses": {
                    "200": _ok("grid", {"$ref": "#/components/schemas/Grid"}),
                    **_errors(*_SIGNED_IN),
                },
            }
        },
        BASE + "/values": {
            "put": {
                "summary": "保存数值(填报人;审核通过后由审核人填写原因更正) / save values (the reporter; "
                "after approval the reviewer corrects them with a reason)",
                "parameters": _DEPT,
                "requestBody": _body("#/components/schemas/ValuesIn"),
                "responses": {
                    "200": _ok("saved", {"$ref": "#/components/schemas/Saved"}),
                    **_errors("400", *_SIGNED_IN, "409", "413"),
                },
            }
        },
        BASE + "/submit": {
            "post": {
                "summary": "提交审核(须填满) / submit for review (every cell filled)",
                "parameters": _DEPT,
                "responses": {"200": _ok("state", _STATE), **_errors("400", *_SIGNED_IN, "409")},
            }
        },
        BASE + "/review": {
            "post": {
                "summary": "审核人通过或退回(退回须填写原因) / the reviewer approves or returns "
                "(a return needs a reason)",
                "parameters": _DEPT,
                "requestBody": _body("#/components/schemas/ReviewIn"),
                "responses": {
                    "200": _ok("state", _STATE),
                    **_errors("400", *_SIGNED_IN, "409", "413"),
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Errors": JUDGING["components"]["schemas"]["Errors"],
            "State": {
                "type": "object",
                "required": ["state", "awaiting", "deadline"],
                "properties": {
                    "state": {"enum": list(ReviewState.values)},
                    "awaiting": {"type": "string", "description": "the level awaited, or ''"},
                    "deadline": _nullable("string"),
                },
            },
            "Saved": {
                "allOf": [
                    _STATE,
                    {
                        "type": "object",
                        "required": ["changed"],
                        "properties": {"changed": {"type": "integer", "minimum": 0}},
                    },
                ]
            },
            "Grid": {
                "allOf": [
                    _STATE,
                    {
                        "type": "object",
                        "required": ["department", "items", "entrants", "cells"],
                        "properties": {
                            "department": {"type": "string"},
                            "items": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["id", "name", "points", "range"],
                                    "properties": {
                                        "id": {"type": "string"},
                                        "name": {"type": "string"},
                                        "points": {"type": "number"},
                                        "range": {"type": "string"},
                                        # a derived leaf: cells name its inputs, not it
                                        "formula": {"type": "string"},
                                        "inputs": {"type": "array", "items": {"type": "string"}},
                                    },
                                },
                            },
                            "entrants": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["entrant", "name", "group"],
                                    "properties": {
                                        "entrant": {"type": "string"},
                                        "name": {"type": "string"},
                                        "group": {"type": "string"},
                                    },
                                },
                            },
                            "cells": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Cell"},
                            },
                        },
                    },
                ]
            },
            "Cell": {
                "type": "object",
                "required": ["entrant", "item", "value", "ref"],
                "properties": {
                    "entrant": {"type": "string"},
                    "item": {"type": "string"},
                    "value": _nullable("string"),
                    "ref": _nullable("string"),
                },
            },
            "CellIn": {
                "type": "object",
                "required": ["entrant", "item", "value"],
                "properties": {
                    "entrant": {"type": "string", "description": "编码或名称 / code or name"},
                    "item": {"type": "string", "description": "指标 / the indicator's id"},
                    "value": {
                        "type": ["string", "number", "null"],
                        "description": "null 或空白清空单元格 / null or blank text clears the cell",
                    },
                },
            },
            "ValuesIn": {
                "type": "object",
                "required": ["values"],
                "properties": {
                    "values": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"$ref": "#/components/schemas/CellIn"},
                    },
                    "reason": {
                        "type": "string",
                        "maxLength": REASON_MAX_LENGTH,
                        "description": "更正原因,审核通过后必填;此前不记录 / required for a "
                        "correction after approval; before approval values carry no reason",
                    },
                },
            },
            "ReviewIn": {
                "type": "object",
                "required": ["decision"],
                "properties": {
                    "decision": {"enum": ["approve", "return"]},
                    "reason": {
                        "type": "string",
                        "maxLength": REASON_MAX_LENGTH,
                        "description": "退回必填,通过可选 / required to return, optional to approve",
                    },
                },
            },
        }
    },
}

"""OpenAPI 3.1 description of the judging API, served at /api/judging/openapi.json.

Hand-written on purpose (no schema generator); tests/test_openapi.py checks that
every URL and every status of the API is described here, and
tests/test_api_schema.py runs schemathesis over it against the app, so the
two cannot drift apart.
"""

from __future__ import annotations

from bipin.judging.models import Sheet
from bipin.judging.services import KEY_RE

_ERROR_TEXT = {
    "400": "请求被拒绝,field 指出哪一项 / refused; field names the part",
    "401": "未登录或登录已过期 / no session: log in again (the phone keeps unsent sheets)",
    "403": "角色无权,或安全校验(CSRF)未通过 / the role may not, or the CSRF check failed",
    "404": "不存在或不属于您(/api/judging/ 下其他网址亦同) / not there or not yours "
           "(also any other URL under /api/judging/)",
    "405": "请求方法不对,见 Allow / wrong method; see the Allow header",
    "409": "评分表已锁定,或提交标识已用于另一张评分表 / the sheet is locked, or the key "
           "was used for another sheet",
    "413": "请求体超过上传上限 / the body is over the upload limit",
}


def _errors(*statuses: str) -> dict:
    out = {}
    for status in statuses:
        out[status] = {"description": _ERROR_TEXT[status], "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Errors"}}}}
        if status == "405":
            out[status]["headers"] = {"Allow": {"schema": {"type": "string"}}}
    return out


_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
# What every operation that needs a session may answer besides its own statuses.
_SIGNED_IN = ("401", "403", "404", "405")
# A staged contest's phones and screen say which stage they show.
ROUND = {"type": "string", "description": "the stage being judged (a scheme stage id); \"\" without stages"}
_UNCHANGED = {"304": {"description": "与 If-None-Match 相同,未变化 / unchanged since the ETag given"}}


def _ok(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _nullable(kind: str) -> dict:
    return {"type": [kind, "null"]}


SCHEMA = {
    "openapi": "3.1.0",
    "info": {"title": "Bipin judging API / 现场评审接口", "version": "1",
             "description": "Session-authenticated (log in first); POST needs the X-CSRFToken header "
                            "(the value of the csrftoken cookie). Entries are named by opaque refs, "
                            "never by entrant names or ids. Every error is JSON "
                            "(components/schemas/Errors) with Chinese and English text."},
    "paths": {
        "/api/judging/openapi.json": {"get": {
            "summary": "本文档 / this document",
            "responses": {"200": _ok("OpenAPI", {"type": "object"}), **_errors("405")}}},
        "/api/judging/{slug}/tasks": {"get": {
            "summary": "评委的评分任务 / the judge's panels, criteria and entries",
            "parameters": [_SLUG],
            "responses": {"200": _ok("tasks", {"$ref": "#/components/schemas/Tasks"}),
                          **_errors(*_SIGNED_IN)}}},
        "/api/judging/{slug}/sheets": {"post": {
            "summary": "提交评分表(幂等) / submit a sheet, idempotent by key",
            "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/SheetIn"}}}},
            "responses": {"201": _ok("stored", {"$ref": "#/components/schemas/Sheet"}),
                          "200": _ok("repeat of a stored key: the stored sheet, unchanged",
                                     {"$ref": "#/components/schemas/Sheet"}),
                          **_errors("400", *_SIGNED_IN, "409", "413")}}},
        "/api/judging/{slug}/sheets/{key}": {"get": {
            "summary": "自己的一张评分表 / one of the judge's own sheets",
            "parameters": [_SLUG, {"name": "key", "in": "path", "required": True,
                                   "schema": {"type": "string"}}],
            "responses": {"200": _ok("sheet", {"$ref": "#/components/schemas/Sheet"}),
                          **_errors(*_SIGNED_IN)}}},
        "/api/judging/{slug}/board": {"get": {
            "summary": "大屏数据;ETag 未变时 304 / big screen data, 304 when the ETag matches",
            "parameters": [_SLUG, {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}}],
            "responses": {"200": _ok("board", {"$ref": "#/components/schemas/Board"}), **_UNCHANGED,
                          **_errors(*_SIGNED_IN)}}},
        "/api/judging/screen/{token}/board": {"get": {
            "summary": "大屏专用链接的大屏数据(无需登录,可撤销) / the board for a screen-only link "
                       "(no log-in; 404 once revoked)",
            "parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}}],
            "responses": {"200": _ok("board", {"$ref": "#/components/schemas/Board"}), **_UNCHANGED,
                          **_errors("404", "405")}}},
        "/api/judging/{slug}/console": {"get": {
            "summary": "现场控制台(组织者、评委组长):各评委提交情况 / the console (organizer, chief judge): "
                       "who has submitted",
            "parameters": [_SLUG, {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}}],
            "responses": {"200": _ok("console", {"$ref": "#/components/schemas/Console"}),
                          **_UNCHANGED, **_errors(*_SIGNED_IN)}}},
        "/api/judging/{slug}/draws/{number}.json": {"get": {
            "summary": "公开的抽签记录(可用 bipin draw verify 验证) / published draw record",
            "parameters": [_SLUG, {"name": "number", "in": "path", "required": True,
                                   "schema": {"type": "integer", "minimum": 0}}],
            "responses": {"200": _ok("draw record", {"$ref": "#/components/schemas/DrawRecord"}),
                          **_errors("404", "405")}}},
    },
    "components": {"schemas": {
        "Errors": {"type": "object", "required": ["errors"], "properties": {"errors": {
            "type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["field", "zh", "en"],
                "properties": {"field": {"type": "string", "description": "the refused part, or ''"},
                               "zh": {"type": "string"}, "en": {"type": "string"}}}}}},
        "Criterion": {"type": "object", "required": ["id", "name", "max", "step"], "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}, "max": {"type": "string"},
            "min": {"type": "string", "description": "the lowest mark when below 0 (GOE −5); else 0"},
            "step": {"type": "string"}, "descriptor": {"type": "string"}}},
        "Tasks": {"type": "object", "required": ["version", "round", "current", "panels"], "properties": {
            "version": {"type": "integer"},
            "round": ROUND,
            "current": {"type": ["object", "null"], "properties": {"panel": {"type": "string"},
                                                                  "entry": {"type": "string"}}},
            "panels": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "name": {"type": "string"},
                "flight": {"type": "string", "description": "only in a stage judged in flights (分桌): the "
                           "judge's table, e.g. 第1桌, or empty when the judge is at no table; the "
                           "entries are then that table's samples only"},
                "criteria": {"type": "array", "items": {"$ref": "#/components/schemas/Criterion"}},
                "entries": {"type": "array", "items": {"type": "object", "properties": {
                    "ref": {"type": "string"}, "label": {"type": "string"},
                    "status": {"enum": ["open", "pending", "locked", "reopened"]},
                    "reason": {"type": "string", "description": "only when reopened"},
                    "marks": {"type": "object", "additionalProperties": {"type": "string"},
                              "description": "only when reopened: the marks filed before"},
                    "comment": {"type": "string", "description": "only when reopened"}}}}}}}}},
        "SheetIn": {"type": "object", "required": ["key", "panel", "entry", "marks"], "properties": {
            "key": {"type": "string", "pattern": KEY_RE.pattern,
                    "description": "idempotency key chosen by the phone"},
            "panel": {"type": "string", "description": "a panel id from /tasks"},
            "entry": {"type": "string", "description": "an entry ref from /tasks"},
            "marks": {"type": "object", "minProperties": 1,
                      "additionalProperties": {"type": ["string", "number"]},
                      "description": "criterion id -> mark; every criterion of the panel once, "
                                     "each within min..max (min 0 unless given) and on the step, else 400 naming it"},
            "comment": {"type": "string", "maxLength": Sheet.COMMENT_MAX_LENGTH}}},
        "Sheet": {"type": "object", "required": ["key", "panel", "entry", "label", "status", "marks",
                                                 "comment", "reopen_reason"], "properties": {
            "key": {"type": "string"}, "panel": {"type": "string"}, "entry": {"type": "string"},
            "label": {"type": "string"}, "status": {"enum": list(Sheet.Status.values)},
            "marks": {"type": "object", "additionalProperties": {"type": "string"}},
            "comment": {"type": "string"}, "reopen_reason": {"type": "string"},
            "created": {"type": "boolean", "description": "only in the answer to a POST"}}},
        "Board": {"type": "object", "required": ["version", "round", "mode", "results_shown", "panel",
                                                 "timer", "entries"], "properties": {
            "version": {"type": "integer"}, "round": ROUND, "mode": {"enum": ["immediate", "at_end", "ranks_only"]},
            "results_shown": {"type": "boolean"}, "panel": _nullable("string"),
            "timer": {"$ref": "#/components/schemas/Timer"},
            "entries": {"type": "array", "items": {"type": "object", "properties": {
                "ref": {"type": "string"}, "label": {"type": "string"}, "group": {"type": "string"},
                "submitted": {"type": "integer"}, "expected": {"type": "integer"},
                "complete": {"type": "boolean"}, "total": _nullable("string"),
                "rank": _nullable("integer")}}}}},
        "Timer": {"type": "object", "properties": {
            "entry": _nullable("string"),
            "length": {**_nullable("integer"), "description": "seconds; null: the panel has no timer"},
            "started_at": _nullable("string"), "paused_at": _nullable("string"),
            "paused_seconds": {"type": "number"}, "server_now": {"type": "string"}}},
        "Console": {"type": "object", "required": ["version", "judges", "entries"], "properties": {
            "version": {"type": "integer"},
            "timer": {"oneOf": [{"$ref": "#/components/schemas/Timer"}, {"type": "null"}]},
            "on_stage": _nullable("string"),
            "next": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {
                "label": {"type": "string"}, "basis": {"enum": ["draw", "code", "list"]}}}],
                "description": "who is called next: never the one on stage; basis says the order followed"},
            "judges": {"type": "array", "items": {"type": "string"}},
            "entries": {"type": "array", "items": {"type": "object", "properties": {
                "ref": {"type": "string"}, "label": {"type": "string"}, "code": {"type": "string"},
                "on_stage": {"type": "boolean"},
                "judges": {"type": "array", "items": {"type": "string"},
                           "description": "per judge: the sheet's status, 'recused', 'elsewhere' "
                                          "(the sample is at another table) or ''"},
                "total": _nullable("string")}}},
            "drift": {"type": "array", "items": {"type": "boolean"},
                      "description": "per judge: marks drift from the panel (docs/judges.md)"},
            "analysis": {**_nullable("string"), "description": "the panel's judge analysis page"}}},
        "DrawRecord": {"type": "object", "required": ["algorithm", "commitment"], "properties": {
            "algorithm": {"const": "bipin-draw-v1"}, "commitment": {"type": "string"},
            "seed": _nullable("string"), "inputs": {"type": ["array", "null"]},
            "entrants": {"type": "array"}, "order": {"type": ["array", "null"]}}},
    }},
}

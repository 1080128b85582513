"""OpenAPI 3.1 description of the judging API, served at /api/judging/openapi.json.

Hand-written on purpose (no schema generator); tests/test_openapi.py checks that
every URL of the API is described here, so the two cannot drift apart.
"""

from __future__ import annotations

_ERRORS = {"description": "错误 / error", "content": {"application/json": {"schema": {
    "$ref": "#/components/schemas/Errors"}}}}
_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}


def _ok(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


SCHEMA = {
    "openapi": "3.1.0",
    "info": {"title": "Bipin judging API / 现场评审接口", "version": "1",
             "description": "Session-authenticated (log in first); POST needs the X-CSRFToken header. "
                            "Entries are named by opaque refs, never by entrant names or ids."},
    "paths": {
        "/api/judging/openapi.json": {"get": {"summary": "This document",
                                              "responses": {"200": {"description": "OpenAPI"}}}},
        "/api/judging/{slug}/tasks": {"get": {
            "summary": "评委的评分任务 / the judge's panels, criteria and entries",
            "parameters": [_SLUG],
            "responses": {"200": _ok("tasks", {"$ref": "#/components/schemas/Tasks"}),
                          "401": _ERRORS, "403": _ERRORS, "404": _ERRORS}}},
        "/api/judging/{slug}/sheets": {"post": {
            "summary": "提交评分表(幂等) / submit a sheet, idempotent by key",
            "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/SheetIn"}}}},
            "responses": {"201": _ok("stored", {"$ref": "#/components/schemas/Sheet"}),
                          "200": _ok("repeat of a stored key", {"$ref": "#/components/schemas/Sheet"}),
                          "400": _ERRORS, "401": _ERRORS, "403": _ERRORS, "404": _ERRORS,
                          "409": _ERRORS}}},
        "/api/judging/{slug}/sheets/{key}": {"get": {
            "summary": "自己的一张评分表 / one of the judge's own sheets",
            "parameters": [_SLUG, {"name": "key", "in": "path", "required": True,
                                   "schema": {"type": "string"}}],
            "responses": {"200": _ok("sheet", {"$ref": "#/components/schemas/Sheet"}),
                          "404": _ERRORS}}},
        "/api/judging/{slug}/board": {"get": {
            "summary": "大屏数据;ETag 未变时 304 / big screen data, 304 when the ETag matches",
            "parameters": [_SLUG, {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}}],
            "responses": {"200": _ok("board", {"$ref": "#/components/schemas/Board"}),
                          "304": {"description": "unchanged"}, "403": _ERRORS, "404": _ERRORS}}},
        "/api/judging/{slug}/console": {"get": {
            "summary": "组织者控制台:各评委提交情况 / organizer console: who has submitted",
            "parameters": [_SLUG],
            "responses": {"200": _ok("console", {"type": "object"}), "304": {"description": "unchanged"},
                          "403": _ERRORS, "404": _ERRORS}}},
        "/api/judging/{slug}/draws/{number}.json": {"get": {
            "summary": "公开的抽签记录(可用 bipin draw verify 验证) / published draw record",
            "parameters": [_SLUG, {"name": "number", "in": "path", "required": True,
                                   "schema": {"type": "integer"}}],
            "responses": {"200": _ok("draw record", {"$ref": "#/components/schemas/DrawRecord"}),
                          "404": _ERRORS}}},
    },
    "components": {"schemas": {
        "Errors": {"type": "object", "properties": {"errors": {"type": "array", "items": {
            "type": "object", "properties": {"field": {"type": "string"}, "zh": {"type": "string"},
                                             "en": {"type": "string"}}}}}},
        "Criterion": {"type": "object", "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}, "max": {"type": "string"},
            "step": {"type": "string"}, "descriptor": {"type": "string"}}},
        "Tasks": {"type": "object", "properties": {
            "version": {"type": "integer"},
            "current": {"type": ["object", "null"], "properties": {"panel": {"type": "string"},
                                                                  "entry": {"type": "string"}}},
            "panels": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "name": {"type": "string"},
                "criteria": {"type": "array", "items": {"$ref": "#/components/schemas/Criterion"}},
                "entries": {"type": "array", "items": {"type": "object", "properties": {
                    "ref": {"type": "string"}, "label": {"type": "string"},
                    "status": {"enum": ["open", "pending", "locked", "reopened"]},
                    "reason": {"type": "string", "description": "only when reopened"}}}}}}}}},
        "SheetIn": {"type": "object", "required": ["key", "panel", "entry", "marks"], "properties": {
            "key": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$",
                    "description": "idempotency key chosen by the phone"},
            "panel": {"type": "string"}, "entry": {"type": "string"},
            "marks": {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
            "comment": {"type": "string", "maxLength": 2000}}},
        "Sheet": {"type": "object", "properties": {
            "key": {"type": "string"}, "panel": {"type": "string"}, "entry": {"type": "string"},
            "label": {"type": "string"}, "status": {"type": "string"},
            "marks": {"type": "object", "additionalProperties": {"type": "string"}},
            "comment": {"type": "string"}, "reopen_reason": {"type": "string"},
            "created": {"type": "boolean"}}},
        "Board": {"type": "object", "properties": {
            "version": {"type": "integer"}, "mode": {"enum": ["immediate", "at_end", "ranks_only"]},
            "results_shown": {"type": "boolean"}, "panel": {"type": ["string", "null"]},
            "timer": {"type": "object"},
            "entries": {"type": "array", "items": {"type": "object", "properties": {
                "ref": {"type": "string"}, "label": {"type": "string"}, "group": {"type": "string"},
                "submitted": {"type": "integer"}, "expected": {"type": "integer"},
                "complete": {"type": "boolean"}, "total": {"type": ["string", "null"]},
                "rank": {"type": ["integer", "null"]}}}}}},
        "DrawRecord": {"type": "object", "properties": {
            "algorithm": {"const": "bipin-draw-v1"}, "commitment": {"type": "string"},
            "seed": {"type": ["string", "null"]}, "inputs": {"type": ["array", "null"]},
            "entrants": {"type": "array"}, "order": {"type": ["array", "null"]}}},
    }},
}

"""OpenAPI 3.1 description of the inspections API, served at /api/inspections/openapi.json.

Hand-written like the judges' (bipin.judging.openapi); tests/test_openapi.py
checks every URL and status of the API is described here.
"""

from __future__ import annotations

from bipin.contests.params import max_length
from bipin.inspections.models import Finding
from bipin.judging.openapi import _errors as _judging_errors
from bipin.judging.openapi import _ok
from bipin.judging.services import KEY_RE

# The judges' error answers, in this API's words where they differ.
_OWN_TEXT = {
    "404": "不存在或不属于您(/api/inspections/ 下其他网址亦同) / not there or not yours "
    "(also any other URL under /api/inspections/)",
    "409": "提交标识已用于另一条问题记录 / the key was used for another finding",
}


def _errors(*statuses: str) -> dict:
    out = _judging_errors(*statuses)
    for status, text in _OWN_TEXT.items():
        if status in out:
            out[status] = {**out[status], "description": text}
    return out


_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
_SIGNED_IN = ("401", "403", "404", "405")
_ID = {"type": "integer", "minimum": 1}
_FILTERS = [
    {"name": name, "in": "query", "schema": schema, "description": text}
    for name, schema, text in [
        ("round", _ID, "轮次 id / round id"),
        ("team", _ID, "核查组 id / team id"),
        ("entrant", _ID, "参评单位 id / entrant id"),
        (
            "category",
            {"type": "string", "maxLength": max_length(Finding, "category")},
            "问题类别 / category",
        ),
        (
            "severity",
            {"type": "string", "maxLength": max_length(Finding, "severity")},
            "严重程度 / severity",
        ),
        ("status", {"enum": list(Finding.Status.values)}, "recorded | confirmed | withdrawn"),
        ("page", _ID, "页码,每页 100 条;超出页数答 400 / page, 100 a page; past the last: 400"),
    ]
]
_FINDING_IN = {
    "type": "object",
    "required": ["key", "visit", "item", "description"],
    "properties": {
        "key": {
            "type": "string",
            "pattern": KEY_RE.pattern,
            "description": "idempotency key chosen by the client",
        },
        "visit": {"type": ["integer", "string"], "description": "a visit id from /visits"},
        "item": {"type": "string", "description": "an indicator id of the visit's items"},
        "category": {
            "type": "string",
            "description": "one of the item's catalogue, when it has one",
        },
        "severity": {
            "type": "string",
            "description": "one of the item's severities, when it has them",
        },
        "site": {"type": "string", "description": "村/户 / village or household"},
        "description": {"type": "string", "maxLength": Finding.DESCRIPTION_MAX_LENGTH},
    },
}

SCHEMA = {
    "openapi": "3.1.0",
    "info": {
        "title": "Bipin inspections API / 实地核查接口",
        "version": "1",
        "description": "Session-authenticated (log in first); POST needs the X-CSRFToken header. "
        "Findings are recorded once per key: a resend answers 200 with the stored finding. "
        "Photos go as multipart/form-data files named 'photos'; every error is JSON "
        "(components/schemas/Errors) with Chinese and English text.",
    },
    "paths": {
        "/api/inspections/openapi.json": {
            "get": {
                "summary": "本文档 / this document",
                "responses": {"200": _ok("OpenAPI", {"type": "object"}), **_errors("405")},
            }
        },
        "/api/inspections/{slug}/visits": {
            "get": {
                "summary": "核查员的核查任务 / the inspector's visits, with what may be picked",
                "parameters": [_SLUG],
                "responses": {
                    "200": _ok("visits", {"$ref": "#/components/schemas/Visits"}),
                    **_errors(*_SIGNED_IN),
                },
            }
        },
        "/api/inspections/{slug}/findings": {
            "post": {
                "summary": "记录问题(幂等) / record a finding, idempotent by key (inspector)",
                "parameters": [_SLUG],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": _FINDING_IN},
                        "multipart/form-data": {
                            "schema": {
                                **_FINDING_IN,
                                "properties": {
                                    **_FINDING_IN["properties"],
                                    "photos": {
                                        "type": "array",
                                        "items": {"type": "string", "format": "binary"},
                                    },
                                },
                            }
                        },
                    },
                },
                "responses": {
                    "201": _ok("stored", {"$ref": "#/components/schemas/Finding"}),
                    "200": _ok(
                        "repeat of a stored key: the stored finding",
                        {"$ref": "#/components/schemas/Finding"},
                    ),
                    **_errors("400", *_SIGNED_IN, "409", "413"),
                },
            },
            "get": {
                "summary": "全部问题(组织者,可筛选) / every finding, filtered (organizer)",
                "parameters": [_SLUG, *_FILTERS],
                "responses": {
                    "200": _ok("findings", {"$ref": "#/components/schemas/FindingPage"}),
                    **_errors("400", *_SIGNED_IN),
                },
            },
        },
        "/api/inspections/{slug}/findings/{key}": {
            "get": {
                "summary": "本组按提交标识查问题 / a finding of the inspector's team by its key",
                "parameters": [
                    _SLUG,
                    {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": _ok("finding", {"$ref": "#/components/schemas/Finding"}),
                    **_errors(*_SIGNED_IN),
                },
            }
        },
        "/api/inspections/{slug}/visits/{visit_id}/draws/{number}.json": {
            "get": {
                "summary": "已揭晓的核查点抽签记录(可用 bipin draw verify 验证) / "
                "a revealed site draw's record",
                "parameters": [
                    _SLUG,
                    {
                        "name": "visit_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 0},
                    },
                    {
                        "name": "number",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 0},
                    },
                ],
                "responses": {
                    "200": _ok("draw record", {"$ref": "#/components/schemas/SiteDrawRecord"}),
                    **_errors(*_SIGNED_IN),
                    "404": {
                        **_errors("404")["404"],
                        "description": "不存在、不属于您或尚未揭晓 / not there, not yours, "
                        "or not revealed yet",
                    },
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Errors": {
                "type": "object",
                "required": ["errors"],
                "properties": {
                    "errors": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["field", "zh", "en"],
                            "properties": {
                                "field": {"type": "string"},
                                "zh": {"type": "string"},
                                "en": {"type": "string"},
                            },
                        },
                    }
                },
            },
            "Visits": {
                "type": "object",
                "required": ["visits"],
                "properties": {
                    "visits": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "integer"},
                                "round": {"type": "string"},
                                "team": {"type": "string"},
                                "entrant": {"type": "string"},
                                "sites": {"type": "array", "items": {"type": "string"}},
                                "draw": {
                                    "oneOf": [
                                        {"type": "null"},
                                        {"$ref": "#/components/schemas/SiteDrawState"},
                                    ],
                                    "description": "the draw of the sites in force, if any",
                                },
                                "items": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "id": {"type": "string"},
                                            "name": {"type": "string"},
                                            "catalogue": {
                                                "type": "array",
                                                "items": {"type": "string"},
                                            },
                                            "severities": {
                                                "type": "array",
                                                "items": {"type": "string"},
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    }
                },
            },
            "Finding": {
                "type": "object",
                "required": ["id", "key", "entrant", "item", "status"],
                "properties": {
                    "id": {"type": "integer"},
                    "key": {"type": "string"},
                    "round": {"type": "string"},
                    "team": {"type": "string"},
                    "entrant": {"type": "string"},
                    "item": {"type": "string"},
                    "category": {"type": "string"},
                    "severity": {"type": "string"},
                    "site": {"type": "string"},
                    "description": {"type": "string"},
                    "status": {"enum": list(Finding.Status.values)},
                    "recorded_by": {"type": "string"},
                    "recorded_at": {"type": "string"},
                    "confirmed_at": {"type": ["string", "null"]},
                    "return_reason": {"type": "string"},
                    "withdraw_reason": {"type": "string"},
                    "photos": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "SHA-256 of each stored photo",
                    },
                    "url": {"type": "string"},
                    "created": {"type": "boolean", "description": "only in the answer to a POST"},
                },
            },
            "SiteDrawState": {
                "type": "object",
                "required": ["number", "status", "commitment", "count", "url"],
                "properties": {
                    "number": {"type": "integer"},
                    "status": {"enum": ["committed", "revealed"]},
                    "commitment": {"type": "string", "description": "SHA-256 of the secret seed"},
                    "count": {"type": "integer", "description": "how many sites are drawn"},
                    "url": {"type": "string", "description": "the draw's page"},
                },
            },
            "SiteDrawRecord": {
                "type": "object",
                "description": "bipin-draw-v1 record; the candidates are its entrants "
                "(docs/draw.md)",
                "required": ["algorithm", "commitment", "seed", "inputs", "entrants", "order"],
                "properties": {
                    "algorithm": {"const": "bipin-draw-v1"},
                    "commitment": {"type": "string"},
                    "candidates_sha256": {"type": "string"},
                    "seed": {"type": "string"},
                    "inputs": {"type": "array", "items": {"type": "string"}},
                    "entrants": {"type": "array", "items": {"type": "string"}},
                    "order": {"type": "array", "items": {"type": "string"}},
                    "count": {"type": "integer"},
                    "sites": {"type": "array", "items": {"type": "string"}},
                    "draw": {"type": "integer"},
                    "visit": {"type": "integer"},
                    "replaces": {"type": ["integer", "null"]},
                    "reason": {"type": "string"},
                },
            },
            "FindingPage": {
                "type": "object",
                "required": ["count", "page", "pages", "findings"],
                "properties": {
                    "count": {"type": "integer"},
                    "page": {"type": "integer"},
                    "pages": {"type": "integer"},
                    "findings": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Finding"},
                    },
                },
            },
        }
    },
}

"""Property-based runs of a JSON API against the OpenAPI document it serves.

schemathesis reads the document from the app and sends generated requests,
both ones the document allows and ones it forbids, to the WSGI app in this
process (no network). Every answer must be in the document: no 5xx, a
documented status, content type, headers and body, 405 with Allow for an
undocumented method, and a request the document forbids is refused. Runs are
bounded and derandomized, so they cost the same few seconds on every run.
Used by the judges' and the inspections' API tests.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable

import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis import checks as builtin

CHECKS = [getattr(builtin, name) for name in (
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_headers_conformance", "response_schema_conformance", "negative_data_rejection")]
SLUG = {"slug": "test-contest"}


@contextlib.contextmanager
def served_in_this_transaction():
    """The app as the server runs it, inside the test's transaction.

    Django's handler closes "obsolete" connections around each request, which
    inside a test's transaction would end it; Django's own test client
    disconnects the same receivers while it runs a request (and connects them
    again after, so this wraps the run, not a fixture before the client's use).
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def run_schemathesis(wsgi_app, document: str, cookies: dict, headers: dict, *,
                     hooks: Iterable[tuple[str, Callable]] = (), examples: int = 15) -> list[int]:
    """Every operation, allowed then forbidden requests; the statuses answered.

    ``hooks`` (schemathesis hook name, function) steer the allowed requests
    towards real data; forbidden ones stay as generated. Each operation gets
    ``examples`` requests for the test contest and 5 with a generated slug.
    """
    seen: list[int] = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        schema = schemathesis.openapi.from_wsgi(document, wsgi_app)
        if mode == GenerationMode.POSITIVE:  # a forbidden body must stay forbidden
            for name, hook in hooks:
                schema.hook(name)(hook)
        for operation in (result.ok() for result in schema.get_all_operations()):
            for slug in (SLUG, None):
                if slug is None and "{slug}" not in operation.path:
                    continue

                @settings(max_examples=examples if slug else 5, derandomize=True, deadline=None,
                          database=None, suppress_health_check=list(HealthCheck))
                @given(case=operation.as_strategy(generation_mode=mode, path_parameters=slug))
                def run(case):
                    response = case.call_and_validate(headers=headers, cookies=cookies,
                                                      checks=CHECKS)
                    seen.append(response.status_code)

                try:
                    run()
                except Unsatisfiable:
                    # Nothing left to break: every input of the operation is fixed.
                    assert mode == GenerationMode.NEGATIVE, operation.label
    return seen

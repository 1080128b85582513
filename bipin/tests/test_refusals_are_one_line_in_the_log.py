"""A 403 or 404 is the app refusing, not failing: the log gets one line for it,
not a traceback (bipin/log_filters.py, settings.LOGGING)."""

import logging

from bipin.log_filters import NoTracebackBelow500


def formatted(caplog) -> str:
    handler = logging.StreamHandler()
    return "\n".join(handler.format(r) for r in caplog.records)


def test_a_forbidden_page_is_logged_without_a_traceback(cast, client_as, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client_as("judge").get("/c/test-contest/judging/console/").status_code == 403
    text = formatted(caplog)
    assert "Forbidden" in text and "/c/test-contest/judging/console/" in text
    assert "Traceback" not in text and "PermissionDenied" not in text


def test_a_missing_page_is_logged_without_a_traceback(cast, client_as, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client_as("judge").get("/c/no-such-contest/judging/score/").status_code == 404
    assert "Traceback" not in formatted(caplog)


def test_a_server_error_keeps_its_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error",
                                   (), sys.exc_info())
    record.status_code = 500
    assert NoTracebackBelow500().filter(record) and record.exc_info is not None
    assert "Traceback" in logging.Formatter().format(record)

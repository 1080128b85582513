"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging


class NoTracebackBelow500(logging.Filter):
    """A refused request (403, 404, 400) is logged as one line, without the
    traceback of the exception that refused it: it is the app working, and
    pages of tracebacks in the log of the day hide the real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True

"""Commands set Django up; inside a process that already did, they must not do it again.

A second ``django.setup()`` points logging at whatever ``sys.stderr`` is at that
moment. Under a test's captured output that stream is closed after the test,
and every later log line (a server thread's "Broken pipe") printed
"--- Logging error ---" into another test's output.
"""

import logging
import sys

from bipin.commands.serve import setup_django


def test_a_command_run_under_captured_output_leaves_logging_alone(capsys):
    before = [h.stream for h in logging.getLogger().handlers if hasattr(h, "stream")]
    setup_django()
    after = [h.stream for h in logging.getLogger().handlers if hasattr(h, "stream")]
    assert after == before
    assert sys.stderr not in after


def test_a_later_log_line_is_written_without_an_error(capsys):
    logging.getLogger("bipin.tests").warning("a line from another test's thread")
    assert "Logging error" not in capsys.readouterr().err

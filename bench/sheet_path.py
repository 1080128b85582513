"""Server CPU per judge's sheet, in-process: the request path without the HTTP server.

``bench.event`` measures the hall end to end, and its CPU per sheet includes
gunicorn and whatever else the shared machine does. This calls Bipin's WSGI
application directly, in one process, for the same requests (the event
bench's halls, judges, sessions and sheets), and reads ``time.process_time``:
CPU time, which a busy neighbour disturbs far less than wall time. The
baseline in the same run is the cheapest request a judge's phone makes, a
board poll answered 304 from one indexed row (its middleware, session, user
and contest reads are the sheet's too). Also counts the SQL statements of one
sheet. Options: --sheets 2000 --db sqlite|postgres (database ``bipin_bench_sheet``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time

SAFETY = 50  # warm-up requests, not timed


def options(argv):
    p = argparse.ArgumentParser(prog="python -m bench.sheet_path")
    p.add_argument("--sheets", type=int, default=2000)
    p.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    return p.parse_args(argv)


def _environ(method, path, cookie, body=b"", headers=None):
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
           "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
           "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)), "HTTP_COOKIE": cookie}
    env.update(headers or {})
    return env


def _cpu_per_request(app, environs) -> tuple[float, dict]:
    statuses: dict[str, int] = {}

    def start_response(status, headers, exc_info=None):
        statuses[status] = statuses.get(status, 0) + 1

    started = time.process_time()
    for env in environs:
        b"".join(app(env, start_response))
    return (time.process_time() - started) / len(environs) * 1000, statuses


def main(argv=None) -> int:
    args = options(sys.argv[1:] if argv is None else argv)
    folder = tempfile.mkdtemp(prefix="bipin-bench-sheet-")
    os.environ.update({"BIPIN_VAR_DIR": folder, "BIPIN_MODE": "development", "BIPIN_LOG_LEVEL": "ERROR",
                       "DJANGO_SETTINGS_MODULE": "bipin.settings"})
    if args.db == "postgres":
        import subprocess

        os.environ.update({"BIPIN_DB": "postgres", "BIPIN_DB_NAME": "bipin_bench_sheet",
                           "BIPIN_DB_USER": os.environ.get("BIPIN_DB_USER", "postgres")})
        for sql in ("DROP DATABASE IF EXISTS bipin_bench_sheet", "CREATE DATABASE bipin_bench_sheet"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", os.environ["BIPIN_DB_USER"], "-qc", sql,
                            "postgres"], check=True)
    from bench.event import CSRF, HALLS, PER_HALL, setup

    per_judge = (args.sheets + SAFETY) // (HALLS * PER_HALL) + 1
    world = setup(per_judge)
    from django.core.wsgi import get_wsgi_application
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    app = get_wsgi_application()
    halls = world["halls"]
    judges = [(h, k) for h in range(len(halls)) for k in range(PER_HALL)]

    def sheet(i):
        h, k = judges[i % len(judges)]
        body = json.dumps({"key": f"bench-{i:07d}-0000", "panel": "report",
                           "entry": halls[h]["refs"][i // len(judges)],
                           "marks": {"内容": "30", "查摆": "20.5", "表达": str(10 + i % 7)}}).encode()
        return _environ("POST", f"/api/judging/{halls[h]['slug']}/sheets",
                        f"sessionid={halls[h]['judges'][k]}; csrftoken={CSRF}", body,
                        {"CONTENT_TYPE": "application/json", "HTTP_X_CSRFTOKEN": CSRF})

    def poll(i, etag):
        h, k = judges[i % len(judges)]
        return _environ("GET", f"/api/judging/{halls[h]['slug']}/board", f"sessionid={halls[h]['screen']}",
                        headers={"HTTP_IF_NONE_MATCH": etag[h]})

    sheets = [sheet(i) for i in range(args.sheets + SAFETY)]
    _cpu_per_request(app, sheets[:SAFETY - 1])
    reset_queries()  # each request clears the log when it starts; begin from empty too
    with CaptureQueriesContext(connection) as statements:
        _cpu_per_request(app, sheets[SAFETY - 1:SAFETY])
    per_sheet = len(statements.captured_queries)  # before the next request clears the log
    sheet_ms, sheet_status = _cpu_per_request(app, sheets[SAFETY:])

    from bipin.judging.models import Stage

    etag = {h: f'"{c}-{v}"' for h, (c, v) in enumerate(
        Stage.objects.filter(contest__slug__in=[hall["slug"] for hall in halls])
        .order_by("contest_id").values_list("contest_id", "version"))}
    polls = [poll(i, etag) for i in range(args.sheets)]
    _cpu_per_request(app, polls[:SAFETY])
    poll_ms, poll_status = _cpu_per_request(app, polls)
    print(f"# {args.db}: {args.sheets} sheets, answers {sheet_status}; {len(polls)} polls, answers {poll_status}; "
          f"{per_sheet} SQL statements per sheet")
    print(json.dumps({"db": args.db, "sheet_cpu_ms": round(sheet_ms, 3), "poll_cpu_ms": round(poll_ms, 3),
                      "sheet_over_poll": round(sheet_ms / poll_ms, 2),
                      "statements_per_sheet": per_sheet}))
    ok = sheet_status == {"201 Created": args.sheets} and poll_status == {"304 Not Modified": args.sheets}
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Event-day benchmark: 200 judges' phones against ``bipin serve``.

Judges sit in 40 halls (contests) of 5; each hall has its own panel and big
screen. An open-loop generator offers sheets at a fixed combined rate (a sheet
is due at ``t0 + i / rate`` whether or not earlier ones were answered; latency
counts from that due time, so a slow server cannot hide its queue). A failed
request is resent with the same idempotency key, as the phone does, until the
drain deadline. Four screens poll their board every 500 ms with an ETag;
``board_p95_ms`` is the 95th percentile, over entrants, of the time from the
reply to an entrant's last sheet to the first poll that shows its result.

Loopback only; the run is bounded by --seconds plus a 15 s drain. The last line
printed is one JSON object. Options (or BENCH_EVENT_* environment variables):
--seconds 60 --rate 300 --threads 2 --workers 4 --db sqlite|postgres --servers 1.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import queue
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bipin.testing.server import bipin_serve

HALLS, PER_HALL, SCREENS, DRAIN = 40, 5, 4, 15.0
CRITERIA = [{"id": "内容", "max": 40, "step": 0.5}, {"id": "查摆", "max": 30, "step": 0.5},
            {"id": "表达", "max": 30, "step": 0.5}]


def options(argv: list[str]) -> argparse.Namespace:
    env = os.environ.get
    p = argparse.ArgumentParser(prog="python -m bench event")
    p.add_argument("--seconds", type=float, default=float(env("BENCH_EVENT_SECONDS", "60")))
    p.add_argument("--rate", type=float, default=float(env("BENCH_EVENT_RATE", "300")))
    # Four processes of two threads: see "Serving the day" in docs/event-day.md.
    p.add_argument("--threads", type=int, default=int(env("BENCH_EVENT_THREADS", "2")))
    p.add_argument("--workers", type=int, default=int(env("BENCH_EVENT_WORKERS", "4")))
    p.add_argument("--db", choices=("sqlite", "postgres"), default=env("BENCH_EVENT_DB", "sqlite"))
    p.add_argument("--clients", type=int, default=96, help="generator threads (bounds requests in flight)")
    # Several app servers on one database, as behind a reverse proxy (docs/deployment.md):
    # the judges and screens are spread over them.
    p.add_argument("--servers", type=int, default=int(env("BENCH_EVENT_SERVERS", "1")))
    return p.parse_args(argv)


def server_env(args, var_dir: Path) -> dict[str, str]:
    env = {**os.environ, "BIPIN_VAR_DIR": str(var_dir), "BIPIN_MODE": "development",
           "DJANGO_SETTINGS_MODULE": "bipin.settings", "BIPIN_LOG_LEVEL": "ERROR"}
    if args.db == "postgres":
        env.update(BIPIN_DB="postgres", BIPIN_DB_NAME="bipin_bench_event")
    return env


def reset_postgres(env: dict[str, str]) -> None:
    from bipin.testing.server import fresh_postgres_database

    fresh_postgres_database("bipin_bench_event", env.get("BIPIN_DB_HOST", "127.0.0.1"),
                            env.get("BIPIN_DB_USER", "postgres"))


def setup(per_judge: int) -> dict:
    """Halls, judges, panels and logged-in sessions, made in this process."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from bipin.contests import services as contest_services
    from bipin.contests.models import Entrant, Membership, Role
    from bipin.judging import services
    from bipin.judging.refs import entry_ref

    call_command("migrate", interactive=False, verbosity=0)
    User = get_user_model()
    organizer = User.objects.create_user("bench-organizer")
    halls = []
    for h in range(HALLS):
        contest = contest_services.create_contest(organizer, name=f"基准测试会场{h}", slug=f"bench-{h}")
        group = contest_services.add_group(organizer, contest, "组")
        # Bulk rows keep set-up to seconds; the code under test is the request path.
        Entrant.objects.bulk_create([Entrant(contest=contest, group=group, name=f"对象{h}-{i}", order=i)
                                     for i in range(per_judge)])
        panel = services.create_panel(organizer, contest, item="report", name="汇报", criteria=CRITERIA)
        judges = User.objects.bulk_create([User(username=f"bench-j{h}-{k}") for k in range(PER_HALL)])
        Membership.objects.bulk_create([Membership(contest=contest, user=u, role=Role.JUDGE) for u in judges])
        for u in judges:
            services.seat_judge(organizer, panel, u)
        sessions = []
        for u in judges:
            s = SessionStore()
            s.update({"_auth_user_id": str(u.pk), "_auth_user_backend": settings.AUTHENTICATION_BACKENDS[0],
                      "_auth_user_hash": u.get_session_auth_hash()})
            s.create()
            sessions.append(s.session_key)
        screen = SessionStore()
        screen.update({"_auth_user_id": str(organizer.pk), "_auth_user_hash": organizer.get_session_auth_hash(),
                       "_auth_user_backend": settings.AUTHENTICATION_BACKENDS[0]})
        screen.create()
        refs = [entry_ref(e) for e in contest.entrants.order_by("order")]
        halls.append({"slug": contest.slug, "judges": sessions, "refs": refs, "screen": screen.session_key})
    from django.db import connections

    connections.close_all()
    return {"halls": halls}


class Client:
    """One keep-alive HTTP connection per generator thread."""

    def __init__(self, port: int):
        self.port, self.conn = port, None

    def request(self, method, path, body=None, headers=None, timeout=10.0):
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                r = self.conn.getresponse()
                data = r.read()
                return r.status, r.getheader("ETag"), data
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise OSError("unreachable")


CSRF = "b" * 32  # any 32-character token works when cookie and header agree


def run_load(args, ports: list[int], world: dict) -> dict:
    halls = world["halls"]
    judges = [(h, k) for h in range(HALLS) for k in range(PER_HALL)]
    total = int(args.seconds * args.rate)
    jobs: queue.Queue = queue.Queue(maxsize=total + 1)
    latencies, results, lock = [], {}, threading.Lock()
    last_reply: dict[tuple[int, str], float] = {}
    t0 = time.perf_counter() + 1.0
    deadline = t0 + args.seconds + DRAIN

    def make(i):
        h, k = judges[i % len(judges)]
        hall = halls[h]
        ref = hall["refs"][i // len(judges)]
        body = json.dumps({"key": f"bench-{i:07d}-{secrets.token_hex(4)}", "panel": "report", "entry": ref,
                           "marks": {"内容": "30", "查摆": "20.5", "表达": str(10 + (i % 7))}}).encode()
        headers = {"Content-Type": "application/json", "X-CSRFToken": CSRF, "Host": "127.0.0.1",
                   "Cookie": f"sessionid={hall['judges'][k]}; csrftoken={CSRF}"}
        return i, h, ref, f"/api/judging/{hall['slug']}/sheets", body, headers

    def worker(n):
        client = Client(ports[n % len(ports)])
        while True:
            job = jobs.get()
            if job is None:
                return
            i, h, ref, path, body, headers = job
            due = t0 + i / args.rate
            while True:
                try:
                    status, _, _ = client.request("POST", path, body, headers)
                except OSError:
                    status = 0
                if status in (200, 201):
                    done = time.perf_counter()
                    with lock:
                        latencies.append(done - due)
                        results[i] = status
                        key = (h, ref)
                        last_reply[key] = max(last_reply.get(key, 0.0), done)
                    break
                if status in (400, 403, 404, 409) or time.perf_counter() > deadline:
                    with lock:
                        results.setdefault(i, status or -1)
                    break
                time.sleep(0.1)  # the phone's resend, same key

    seen: dict[tuple[int, str], float] = {}
    stop = threading.Event()

    def screen(h):
        client, etag = Client(ports[h % len(ports)]), None
        hall = halls[h]
        headers = {"Cookie": f"sessionid={hall['screen']}", "Host": "127.0.0.1"}
        while not stop.is_set():
            started = time.perf_counter()
            hdrs = dict(headers, **({"If-None-Match": etag} if etag else {}))
            try:
                status, tag, data = client.request("GET", f"/api/judging/{hall['slug']}/board", None, hdrs)
            except OSError:
                status = 0
            now = time.perf_counter()
            if status == 200:
                etag = tag
                for e in json.loads(data)["entries"]:
                    if e["complete"]:
                        seen.setdefault((h, e["ref"]), now)
            stop.wait(max(0.0, 0.5 - (now - started)))

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(args.clients)]
    screens = [threading.Thread(target=screen, args=(h,), daemon=True) for h in range(SCREENS)]
    for t in threads + screens:
        t.start()
    for i in range(total):  # the open loop: release each sheet at its due time
        delay = t0 + i / args.rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        jobs.put(make(i))
    for _ in threads:
        jobs.put(None)
    for t in threads:
        t.join(max(0.1, deadline - time.perf_counter()))
    time.sleep(1.5)  # one more poll round for the screens
    stop.set()
    finished = time.perf_counter()
    board = [seen[k] - last_reply[k] for k in last_reply if k[0] < SCREENS and k in seen]
    missing_board = sum(1 for k in last_reply if k[0] < SCREENS and k not in seen)
    ok = [i for i, s in results.items() if s in (200, 201)]
    # From the first sheet's due time to the last reply: the time it took to
    # answer what was offered (a server that falls behind stretches it).
    span = max(last_reply.values()) - t0 if last_reply else args.seconds
    return {"offered": total, "submitted": len(ok), "latencies": latencies, "board": board,
            "board_missing": missing_board, "span": min(span, finished - t0)}


def cpu_seconds(pid: int) -> float:
    """CPU time of the server and its forked workers so far (Linux /proc; 0 elsewhere)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def pct(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def count_stored(env) -> tuple[int, int]:
    """(rows stored, rows beyond one per judge and entrant) straight from the database."""
    code = ("import django; django.setup();"
            "from django.db.models import Count;"
            "from bipin.judging.models import Sheet;"
            "q=Sheet.objects.values('judge','entrant').annotate(n=Count('id'));"
            "print(Sheet.objects.count(), sum(r['n']-1 for r in q if r['n']>1))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    stored, dup = out.stdout.split()
    return int(stored), int(dup)


def main(argv: list[str] | None = None) -> int:
    args = options(sys.argv[2:] if argv is None and sys.argv[1:2] == ["event"] else (argv or []))
    per_judge = int(args.seconds * args.rate / (HALLS * PER_HALL)) + 1
    with tempfile.TemporaryDirectory(prefix="bipin-bench-") as tmp:
        env = server_env(args, Path(tmp))
        if args.db == "postgres":
            reset_postgres(env)
        os.environ.update(env)
        world = setup(per_judge)
        serve_options = ["--threads", str(args.threads), "--workers", str(args.workers), "--no-migrate"]
        with contextlib.ExitStack() as stack:
            started = [stack.enter_context(bipin_serve(env, *serve_options))
                       for _ in range(args.servers)]
            ports = [int(base.rsplit(":", 1)[1]) for base, _ in started]
            cpu_before = sum(cpu_seconds(server.pid) for _, server in started)
            run = run_load(args, ports, world)
            run["server_cpu"] = sum(cpu_seconds(server.pid) for _, server in started) - cpu_before
        stored, duplicated = count_stored(env)
    lat = run["latencies"]
    result = {
        "judges": HALLS * PER_HALL, "servers": args.servers, "offered_per_s": args.rate,
        "submitted": run["submitted"],
        "stored": stored, "lost": run["offered"] - stored, "duplicated": duplicated,
        "throughput_per_s": round(run["submitted"] / run["span"], 1),
        "p50_ms": round(pct(lat, 50) * 1000, 1) if lat else None,
        "p95_ms": round(pct(lat, 95) * 1000, 1) if lat else None,
        "board_p95_ms": round(pct(run["board"], 95) * 1000, 1) if run["board"] else None,
    }
    print(f"# {platform.node()} {platform.processor() or platform.machine()} cpus={os.cpu_count()} "
          f"db={args.db} servers={args.servers} workers={args.workers} threads={args.threads} "
          f"seconds={args.seconds} "
          f"board_samples={len(run['board'])} board_missing={run['board_missing']} "
          f"server_cpu_ms_per_sheet={run['server_cpu'] * 1000 / max(stored, 1):.1f} "
          f"p99_ms={pct(lat, 99) * 1000 if lat else 0:.1f} max_ms={max(lat, default=0) * 1000:.1f} "
          f"load={os.getloadavg()[0]:.1f}", flush=True)
    print(json.dumps(result), flush=True)
    return 0 if result["lost"] == 0 and duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

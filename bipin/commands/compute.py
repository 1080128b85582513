"""``bipin compute SCHEME DATA...``: score a contest from files, no server.

DATA files are CSV/XLSX/XLS/ODS observations in long form, or entrant lists (with a
组别 column); entrants may also come from the scheme's ``entrants:``. Bad
input exits with status 2 and a message naming file, row and column; nothing
is printed as if it were a result; a missing file, or one in a format Bipin
cannot read, is named as such. ``--explain ENTRANT`` prints that
entrant's explanation tree instead of the results (JSON with ``--format json``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

FORMAT_CHOICES = ("table", "json", "csv", "xlsx", "pdf")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scheme", help="考评方案 .yaml/.yml/.xlsx/.xls/.ods")
    parser.add_argument("data", nargs="+", help="观测数据或参评对象名单 .csv/.xlsx/.xls/.ods")
    parser.add_argument("--format", choices=FORMAT_CHOICES, default="table")
    parser.add_argument("--out", help="写入文件而非标准输出 / write to FILE")
    parser.add_argument(
        "--explain", metavar="ENTRANT", help="输出该对象的得分说明 / explain one entrant"
    )


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 2


def _emit(args: argparse.Namespace, text: str) -> None:
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


def _refused(exc: ValueError, files: list) -> int:
    from bipin.scoring import ObservationError

    if isinstance(exc, ObservationError):
        located = next((p for p in (f.locate(exc) for f in files) if p is not None), None)
        return _fail([str(located) if located else f"{exc.message_zh} / {exc}"])
    return _fail([f"{getattr(exc, 'message_zh', exc)} / {exc}"])


def _explained(args, explain) -> int:
    """``--explain``: how one entrant got its figure, as JSON or as indented lines.

    ``explain(name)`` gives (the JSON form, the lines) or raises KeyError for no such entrant.
    """
    try:
        as_dict, lines = explain(args.explain)
    except KeyError:
        return _fail([f"没有参评对象“{args.explain}” / no entrant {args.explain!r}"])
    text = json.dumps(as_dict, ensure_ascii=False, indent=2) if args.format == "json" else "\n".join(lines)
    _emit(args, text + "\n")
    return 0


def _listed(args: argparse.Namespace, files: list) -> list:
    """Every value read, one object a row: only the workbook and the report list them."""
    return [o for f in files for o in f.observations] if args.format in ("xlsx", "pdf") else []


def _staged(args, scheme, entrants, observations, draw, files) -> int:
    """A scheme with ``stages:``: each stage's ranking and cut, then the final placings."""
    from bipin.io.exports import ExportUnavailable
    from bipin.io.stage_exports import write_stages
    from bipin.scoring import evaluate_stages

    try:
        staged = evaluate_stages(scheme, entrants, observations, draw_order=draw)
    except ValueError as exc:
        return _refused(exc, files)
    if args.explain:
        return _explained(args, lambda name: (staged.explain(name), staged.lines(name)))
    try:
        write_stages(staged, args.format, args.out or sys.stdout, decimals=scheme.decimals,
                     observations=_listed(args, files))
    except ExportUnavailable as exc:
        return _fail([f"该格式暂不可用 / {exc}"])
    return 0


class Progress:
    """What a long run is doing, said on stderr when it is a terminal (a campaign takes a
    minute; a script reading stderr for problems gets only those)."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.on = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.monotonic()

    def __call__(self, zh: str, en: str) -> None:
        if self.on:
            print(f"[{time.monotonic() - self.start:6.1f} s] {zh} / {en}", file=self.stream,
                  flush=True)


def _read_what(f) -> tuple[str, str]:
    if f.entrants:
        return f"{len(f.entrants):,} 个参评对象", f"{len(f.entrants):,} entrants"
    return f"{len(f.read):,} 行数据", f"{len(f.read):,} rows of data"


def run(args: argparse.Namespace) -> int:
    from bipin.scoring.collector import collector_paused

    # Reading, checking and writing a campaign make millions of objects too.
    with collector_paused():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from bipin.io.exports import ExportUnavailable, write_result
    from bipin.io.observations import entrant_problems, read_data_file, repeated_in_files
    from bipin.io.problems import ImportFailed, Problems
    from bipin.io.schemes import load_scheme
    from bipin.io.sheets import Limits
    from bipin.scoring import ObservationTable, evaluate, rank_robustness

    # Every file is read before anything is reported, so one run names every
    # problem of every file.
    problems = Problems()
    say = Progress()
    local = Limits.from_env(local=True)
    scheme = None
    files = []
    try:
        # Always a path: a name such as missing.xlsm must never be read as YAML text.
        scheme = load_scheme(Path(args.scheme))
    except ImportFailed as exc:
        problems.take(exc)
    for path in args.data:
        try:
            files.append(read_data_file(Path(path), problems=problems, limits=local))
        except ImportFailed as exc:
            problems.take(exc)
        else:
            zh, en = _read_what(files[-1])
            say(f"已读 {Path(path).name}:{zh}", f"read {Path(path).name}: {en}")
    entrants = (list(scheme.entrants) if scheme else []) + [e for f in files for e in f.entrants]
    if scheme is not None:
        problems.extend(entrant_problems(scheme, files))
        problems.extend(repeated_in_files(scheme, entrants, files))
    if problems:
        return _fail(str(ImportFailed(problems)).splitlines())
    draw = {k: v for f in files for k, v in f.draw.items()} or None
    if not entrants:
        return _fail(
            [
                "没有参评对象:请在方案中写 entrants,或提供含“参评对象、组别”列的名单文件 / "
                "no entrants: list them under entrants: in the scheme or give a file with entrant and group columns"
            ]
        )
    # Columns, not an object per row: a campaign's file has millions of rows.
    observed = [f for f in files if f.read]
    try:
        observations = (ObservationTable.concat([f.table for f in observed]) if observed
                        else ObservationTable.from_observations([]))
    except ValueError as exc:
        return _refused(exc, files)
    if scheme.stages:
        return _staged(args, scheme, entrants, observations, draw, files)
    say(f"计分、排名 {len(entrants):,} 个参评对象", f"scoring and ranking {len(entrants):,} entrants")
    try:
        evaluation = evaluate(scheme, entrants, observations, draw_order=draw)
    except ValueError as exc:
        return _refused(exc, files)
    if args.explain:

        def explained(name):
            explanation = evaluation.result(name).explanation
            return explanation.to_dict(), explanation.lines()

        return _explained(args, explained)
    # The workbook carries the rank robustness the scheme declares, as the web download does.
    robustness = (
        rank_robustness(scheme, entrants, observations, draw_order=draw)
        if args.format == "xlsx" and scheme.robustness is not None
        else None
    )
    say("写出结果", f"writing the {args.format} result")
    try:
        write_result(
            evaluation,
            args.format,
            args.out or sys.stdout,
            decimals=scheme.decimals,
            observations=_listed(args, files),
            robustness=robustness,
        )
    except ExportUnavailable as exc:
        return _fail([f"该格式暂不可用 / {exc}"])
    say("完成", "done")
    return 0

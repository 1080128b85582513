"""The 核验数据 of a release, rechecked offline by `bipin verify-snapshot`.

Records here are built from the example files with no database, as the
results app builds them from a snapshot (inputs and evaluation as stored).
"""

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bipin.cli import main
from bipin.io.observations import read_data_file
from bipin.io.schemes import load_scheme
from bipin.io.snapshot_check import check_record
from bipin.io.snapshot_record import (
    FORMAT,
    RecordError,
    build_record,
    canonical_bytes,
    load_record,
    mask_observations,
)
from bipin.scoring import evaluate

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def record_from(folder: str, *data: str) -> dict:
    """A record as a release of the example contest would publish it."""
    scheme_path = EXAMPLES / folder / "scheme.yaml"
    scheme = load_scheme(scheme_path)
    files = [read_data_file(EXAMPLES / folder / name) for name in data]
    entrants = list(scheme.entrants) + [e for f in files for e in f.entrants]
    observations = [o for f in files for o in f.observations]
    draw = {k: v for f in files for k, v in f.draw.items()} or None
    evaluation = evaluate(scheme, entrants, observations, draw_order=draw).to_dict(explain=True)
    inputs = {"entrants": [asdict(e) for e in entrants],
              "observations": [{**asdict(o), "source": str(o.source)} for o in observations]}
    if draw:
        inputs["draw"] = draw
    return build_record(contest=scheme.contest, release={"title": "示例发布"},
                        snapshot={"number": 1, "label": "第1版 · 00000000", "input_hash": "0" * 64},
                        scheme_content=scheme_path.read_bytes(), scheme_filename="scheme.yaml",
                        inputs=inputs, evaluation=json.loads(json.dumps(evaluation)))


@pytest.fixture(scope="module")
def gymnastics():
    # The apple example is staged (分桌初评 → 决赛), and a staged contest has no record.
    return record_from("gymnastics", "marks.csv")


@pytest.fixture(scope="module")
def city():
    return record_from("dabipin", "entrants.csv", "panel.csv", "data.csv", "records.csv")


def write(tmp_path, record, name="record.json") -> Path:
    path = tmp_path / name
    path.write_bytes(canonical_bytes(record))
    return path


def first_panel_mark(record):
    return next(o for o in record["observations"] if o["source"] == "panel")


class TestMasking:
    def test_no_judge_or_reporter_name_is_published(self, gymnastics, city):
        for record in (gymnastics, city):
            judges = {o["judge"] for o in record["observations"] if o["judge"]}
            assert judges and all(j.startswith(("评委", "填报人")) for j in judges)
            text = canonical_bytes(record).decode()
            assert "专家A" not in text and '"E1"' not in text and '"D组"' not in text

    def test_pseudonyms_sort_as_the_names_they_replace(self):
        names = [f"judge:{n}" for n in (3, 12, 7, 100, 9, 10, 11, 2, 5, 4, 8)]
        masked = mask_observations([{"source": "panel", "judge": n} for n in names])
        by_name = dict(zip(names, (o["judge"] for o in masked), strict=True))
        assert [by_name[n] for n in sorted(names)] == sorted(by_name.values())
        assert by_name["judge:10"] == "评委01" and by_name["judge:9"] == "评委11"

    @given(st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=40))
    def test_one_name_one_pseudonym_in_the_same_order(self, names):
        masked = [o["judge"] for o in mask_observations([{"source": "data", "judge": n} for n in names])]
        pairs = dict(zip(names, masked, strict=True))
        assert len(set(pairs.values())) == len(set(names))
        assert sorted(pairs, key=pairs.get) == sorted(pairs)

    def test_masked_inputs_give_the_published_results_exactly(self, gymnastics, city):
        for record in (gymnastics, city):
            check = check_record(record)
            assert check.ok, check.differences[:3]
            assert check.entrants == len(record["entrants"])

    def test_the_record_carries_the_engines_ranking_keys(self, city):
        group = city["results"][0]["results"]
        assert city["tie_break"] == ["dimension:成效巩固", "fewer_deductions", "draw"]
        # The demo's veto ranks last: a first key (−1 vetoed, else 0), the total, three tie-breaks.
        assert all(len(r["ranking_keys"]) == 5 for r in group)
        assert all(r["ranking_keys"][0] == -float(r["vetoed"]) for r in group)
        assert all(r["ranking_keys"][1] == round(r["total"] * 10 ** city["decimals"]) for r in group)
        assert city["draw"]["示例甲区"] == 22


class TestVerifySnapshotCommand:
    def test_a_faithful_record_is_consistent(self, tmp_path, capsys, gymnastics):
        assert main(["verify-snapshot", str(write(tmp_path, gymnastics))]) == 0
        out = capsys.readouterr().out
        assert f"一致 / consistent: {len(gymnastics['entrants'])} 个参评对象" in out

    def test_a_tampered_mark_names_the_entrant_and_the_item(self, tmp_path, capsys, gymnastics):
        record = json.loads(canonical_bytes(gymnastics))
        mark = first_panel_mark(record)
        mark["value"] = 4.0  # the D score 5.4 of 示例运动员甲
        assert main(["verify-snapshot", str(write(tmp_path, record))]) == 1
        out = capsys.readouterr().out
        assert "不一致 / NOT consistent" in out
        entrant = next(e for e in record["entrants"] if mark["entrant"] in (e["id"], e["code"]))
        assert f"{entrant['name']} ({entrant['id']}) · total: 公布 / published" in out
        assert (f"{entrant['name']} ({entrant['id']}) · 平衡木 / 难度分 · 取值 / value: "
                "公布 / published 5.4, 重算 / recomputed 4.0") in out

    def test_a_tampered_rank_is_named(self, tmp_path, capsys, city):
        record = json.loads(canonical_bytes(city))
        first = record["results"][1]["results"][0]
        first["rank"] = 2
        assert main(["verify-snapshot", str(write(tmp_path, record))]) == 1
        lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  - ")]
        name = next(e["name"] for e in record["entrants"] if e["id"] == first["entrant"])
        assert lines == [f"  - {name} ({first['entrant']}) · rank: 公布 / published 2, "
                         "重算 / recomputed 1"]

    def test_a_changed_scheme_is_refused_by_its_hash(self, tmp_path, capsys, gymnastics):
        record = json.loads(canonical_bytes(gymnastics))
        record["scheme"]["content"] = record["scheme"]["content"].replace("trimmed", "mean")
        assert main(["verify-snapshot", str(write(tmp_path, record))]) == 2
        assert "考评方案与其 SHA-256 不符" in capsys.readouterr().err

    def test_the_published_hash_is_compared_when_given(self, tmp_path, capsys, gymnastics):
        import hashlib

        path = write(tmp_path, gymnastics)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert main(["verify-snapshot", str(path), "--sha256", digest]) == 0
        assert main(["verify-snapshot", str(path), "--sha256", "0" * 64]) == 1
        assert "SHA-256 与公示的不同" in capsys.readouterr().out

    def test_a_pretty_printed_record_still_checks_with_a_note(self, tmp_path, capsys, gymnastics):
        path = tmp_path / "pretty.json"
        path.write_text(json.dumps(gymnastics, ensure_ascii=False, indent=2), encoding="utf-8")
        assert main(["verify-snapshot", str(path)]) == 0
        assert "不是规范格式" in capsys.readouterr().out

    @pytest.mark.parametrize(("content", "message"), [
        (None, "无法读取"),
        (b"{not json", "文件不是有效的 JSON"),
        (b'{"algorithm": "bipin-draw-v1"}', f"不是核验数据(format 应为 {FORMAT})"),
        (json.dumps({"format": FORMAT, "scheme": {}}).encode(), "核验数据缺少字段"),
    ])
    def test_a_bad_or_missing_file_is_one_line_and_exit_2(self, tmp_path, capsys, content, message):
        path = tmp_path / "x.json"
        if content is not None:
            path.write_bytes(content)
        assert main(["verify-snapshot", str(path)]) == 2
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1


def test_load_record_refuses_a_list():
    with pytest.raises(RecordError, match="not a verification record"):
        load_record(b"[]")


def test_the_command_runs_without_django(tmp_path, gymnastics):
    # Anyone rechecks a release on a laptop: no server, no database, no Django.
    import subprocess
    import sys

    path = write(tmp_path, gymnastics)
    code = ("import sys; from bipin.cli import main; rc = main(['verify-snapshot', sys.argv[1]]); "
            "assert 'django' not in sys.modules, 'django imported'; sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr
    assert "一致 / consistent" in done.stdout

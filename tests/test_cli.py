import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from devtriage import cli, collect, schema

from test_collect import NOTES, _evidence


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setattr(collect, "ADAPTERS", {"test_notes": NOTES})
    return CliRunner()


def test_ingest_writes_tables_and_manifest(runner, tmp_path):
    root = _evidence(tmp_path)
    out = tmp_path / "out"
    res = runner.invoke(cli.main, ["ingest", str(root), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "rows: messages 3" in res.output
    assert "test_notes" in res.output
    for name in schema.TABLES:
        assert (out / "tables" / f"{name}.parquet").exists()
    t = pq.read_table(out / "tables" / "messages.parquet")
    assert t.num_rows == 3
    m = json.loads((out / "manifest.json").read_text())
    assert m["tables"]["messages"] == 3 and m["device"] == "exhibit"
    assert not list(out.rglob("*.part"))


def test_ingest_is_byte_identical_on_rerun(runner, tmp_path):
    root = _evidence(tmp_path)
    for out in ("a", "b"):
        assert runner.invoke(cli.main, ["ingest", str(root), "--out", str(tmp_path / out), "-q"]).exit_code == 0
    for name in schema.TABLES:
        assert (tmp_path / "a" / "tables" / f"{name}.parquet").read_bytes() == (tmp_path / "b" / "tables" / f"{name}.parquet").read_bytes()


def test_missing_path_is_a_usage_error(runner, tmp_path):
    res = runner.invoke(cli.main, ["ingest", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "does not exist" in res.output


def test_unknown_layout_exits_1(runner, tmp_path):
    f = tmp_path / "blob.bin"
    f.write_bytes(b"\x01" * 600)
    res = runner.invoke(cli.main, ["ingest", str(f), "--out", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert "unknown layout" in res.output


def test_unwritable_output_exits_1(runner, tmp_path):
    root = _evidence(tmp_path)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    res = runner.invoke(cli.main, ["ingest", str(root), "--out", str(blocker / "sub")])
    assert res.exit_code == 1
    assert "cannot write to output folder" in res.output


def test_invalid_case_file_is_a_usage_error(runner, tmp_path):
    root = _evidence(tmp_path)
    case = tmp_path / "case.toml"
    case.write_text('timezone = "Nowhere/Land"')
    res = runner.invoke(cli.main, ["ingest", str(root), "--out", str(tmp_path / "o"), "--case", str(case)])
    assert res.exit_code == 2
    assert "IANA" in res.output


def test_help_explains_ingest():
    res = CliRunner().invoke(cli.main, ["ingest", "--help"])
    assert res.exit_code == 0
    assert "iTunes/Finder backup" in res.output and "--case" in res.output


def test_readme_formats_table_matches_the_registry():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("\n## Supported formats\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"^\| `\w+` \|", line)]
    assert "\n".join(rows) == cli.formats_text(markdown=True)


def test_readme_scenario_table_lists_every_scenario():
    from devtriage.synth.generate import SCENARIOS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("\n### `devtriage synth`\n", 1)[1].split("\n### ", 1)[0]
    names = [m.group(1) for line in section.splitlines() if (m := re.match(r"^\| `(\w+)` \|", line))]
    assert sorted(names) == sorted(SCENARIOS)


def test_demo_synthesises_and_ingests_the_queue(tmp_path):
    res = CliRunner().invoke(cli.main, ["demo", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    truths = sorted((tmp_path / "queue").glob("EXH-*.truth.json"))
    assert len(truths) == 8
    planted_somewhere = 0
    for truth_file in truths:
        truth = json.loads(truth_file.read_text())
        exhibit = truth_file.name.removesuffix(".truth.json")
        assert exhibit in res.output
        m = json.loads((tmp_path / "out" / "devices" / exhibit / "manifest.json").read_text())
        assert m["warnings"] == []
        assert m["tables"]["messages"] > 1000
        t = pq.read_table(tmp_path / "out" / "devices" / exhibit / "tables" / "messages.parquet")
        calls = pq.read_table(tmp_path / "out" / "devices" / exhibit / "tables" / "calls.parquet")
        rows = {(r["src_file"], r["src_table"], r["src_row"]): r["direction"] for r in t.select(["src_file", "src_table", "src_row", "direction"]).to_pylist()}
        rows |= {(r["src_file"], r["src_table"], r["src_row"]): r["direction"] for r in calls.select(["src_file", "src_table", "src_row", "direction"]).to_pylist()}
        for scenario in truth["scenarios"]:
            for p in scenario["planted"]:
                assert rows[(p["file"], p["table"], p["rowid"])] == p["direction"]
                planted_somewhere += 1
    assert planted_somewhere > 0
    # the detectors ran: the stalking case's two phones lead the queue
    tops = {}
    for truth_file in truths:
        exhibit = truth_file.name.removesuffix(".truth.json")
        f = pq.read_table(tmp_path / "out" / "devices" / exhibit / "findings.parquet")
        tops[json.loads(truth_file.read_text())["scenario"]] = max(f.column("score").to_pylist(), default=0.0)
    case = min(tops["threats"], tops["fixated_victim"])
    assert all(score < case for s, score in tops.items() if s not in ("threats", "fixated_victim"))
    order = [line.split()[1] for line in res.output.splitlines() if re.match(r"^\s+\d+\s+EXH-", line)]
    assert len(order) == 8
    assert set(order[:2]) == {t.name.removesuffix(".truth.json") for t in truths
                              if json.loads(t.read_text())["scenario"] in ("threats", "fixated_victim")}
    for exhibit in order:
        out = tmp_path / "out" / "devices" / exhibit
        assert (out / "shortlist.json").is_file() and (out / "report.html").is_file()
    assert (tmp_path / "out" / "queue.csv").is_file() and (tmp_path / "out" / "queue.html").is_file()


def test_synth_offers_every_scenario_the_generator_knows():
    from devtriage.synth.generate import SCENARIOS

    option = next(p for p in cli.synth.params if p.name == "scenarios")
    assert list(option.type.choices) == list(SCENARIOS)


def test_synth_writes_a_queue_with_truth_and_case_files(tmp_path):
    res = CliRunner().invoke(cli.main, ["synth", str(tmp_path), "--devices", "2", "--profile", "tiny", "--seed", "3", "--scenario", "threats", "--scenario", "fixated_victim"])
    assert res.exit_code == 0, res.output
    for exhibit in ("EXH-0001-android", "EXH-0002-ios"):
        assert (tmp_path / exhibit).is_dir()
        truth = json.loads((tmp_path / f"{exhibit}.truth.json").read_text())
        assert truth["scenarios"] and truth["scenarios"][0]["planted"]
        assert "[victim]" in (tmp_path / f"{exhibit}.case.toml").read_text()

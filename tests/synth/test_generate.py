"""``devtriage synth``: determinism, truth.json against what ingest reads, case files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from devtriage.case import load as load_case
from devtriage.collect import ingest
from devtriage.synth.generate import generate


@pytest.fixture(scope="module")
def book():
    from devtriage.synth.text import Phrasebook

    return Phrasebook.load()


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def queue(tmp_path_factory, book):
    out = tmp_path_factory.mktemp("queue")
    paths = generate(out, 2, "tiny", 42, ["fixated"], phrasebook=book)
    return out, paths


def test_layout(queue):
    out, paths = queue
    assert [p.name for p in paths] == ["EXH-0001-android", "EXH-0002-ios"]
    for p in paths:
        assert (out / f"{p.name}.truth.json").is_file() and (out / f"{p.name}.case.toml").is_file()
        assert not list(p.rglob("*.json")) or all("truth" not in x.name for x in p.rglob("*.json"))
    assert (paths[0] / "data/data/com.android.providers.telephony/databases/mmssms.db").is_file()
    assert (paths[1] / "private/var/mobile/Library/SMS/sms.db").is_file()


def test_deterministic(queue, tmp_path, book):
    out, _ = queue
    again = tmp_path / "again"
    generate(again, 2, "tiny", 42, ["fixated"], phrasebook=book)
    assert _hashes(out) == _hashes(again)
    other = tmp_path / "other"
    generate(other, 1, "tiny", 43, phrasebook=book)
    a, b = _hashes(out), _hashes(other)
    shared = set(a) & set(b)
    assert shared and all(a[k] != b[k] for k in shared if k.endswith(".db"))


def test_round_trip_counts_and_no_warnings(queue):
    out, paths = queue
    for p in paths:
        truth = json.loads((out / f"{p.name}.truth.json").read_text())
        case = load_case(out / f"{p.name}.case.toml")
        assert case.timezone == truth["owner"]["timezone"]
        result = ingest(p, case)
        assert result.warnings == []
        for table, n in truth["counts"]["tables"].items():
            assert result.manifest["tables"][table] == n, (p.name, table)
        got: dict[str, dict[str, int]] = {}
        for name in ("messages", "calls", "contacts"):
            t = result.tables[name]
            for f, tb in zip(t.column("src_file").to_pylist(), t.column("src_table").to_pylist()):
                got.setdefault(f, {}).setdefault(tb, 0)
                got[f][tb] += 1
        assert got == truth["counts"]["files"]


def test_fixated_planted_rows_exist(queue):
    out, paths = queue
    truth = json.loads((out / f"{paths[0].name}.truth.json").read_text())
    assert truth["scenario"] == "fixated"
    scen = truth["scenarios"][0]
    planted = scen["planted"]
    assert len(planted) > 20
    case = load_case(out / f"{paths[0].name}.case.toml")
    assert scen["params"]["victim_phone"] in case.victim.phones
    result = ingest(paths[0], case)
    rows = {}
    for name in ("messages", "calls"):
        t = result.tables[name]
        for f, tb, r, d, cp in zip(*(t.column(c).to_pylist() for c in ("src_file", "src_table", "src_row", "direction", "counterpart"))):
            rows[(f, tb, r)] = (d, cp)
    for p in planted:
        d, cp = rows[(p["file"], p["table"], p["rowid"])]
        assert d == p["direction"]
        assert cp == scen["params"]["victim_phone"]
    whats = {p["what"] for p in planted}
    assert "fixated refusal" in whats and any("after refusal" in w for w in whats)
    benign = json.loads((out / f"{paths[1].name}.truth.json").read_text())
    assert benign["scenario"] is None and benign["scenarios"] == []

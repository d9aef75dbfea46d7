"""Planted scenarios beyond ``fixated``: the victim's device and benign look-alikes.

Every check goes through what ``devtriage.collect.ingest`` reads back, keyed by the
``file/table/rowid`` truth.json gives.
"""

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


def _truth(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".truth.json").read_text())


def _ingested(path: Path):
    case = load_case(path.with_name(path.name + ".case.toml"))
    result = ingest(path, case)
    assert result.warnings == []
    return case, result


def _rows(result) -> dict[tuple, dict]:
    """(src_file, src_table, src_row) -> the ingested row (messages and calls)."""
    out = {}
    for name in ("messages", "calls"):
        t = result.tables[name]
        cols = ("src_file", "src_table", "src_row", "direction", "counterpart", "ts")
        for f, tb, r, d, cp, ts in zip(*(t.column(c).to_pylist() for c in cols)):
            out[(f, tb, r)] = {"direction": d, "counterpart": cp, "ts": ts, "table": name}
        if name == "calls":
            for key, st in zip(zip(*(t.column(c).to_pylist() for c in cols[:3])), t.column("status").to_pylist()):
                out[key]["status"] = st
    return out


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --- fixated_victim ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pair(tmp_path_factory, book):
    """Victim first in the queue: the suspect's device must still be made first."""
    out = tmp_path_factory.mktemp("pair")
    paths = generate(out, 2, "tiny", 7, ["fixated_victim", "fixated"], phrasebook=book)
    return out, paths


def _scen(truth: dict, name: str) -> dict:
    assert truth["scenario"] == name
    (s,) = truth["scenarios"]
    assert s["name"] == name
    return s


def test_victim_planted_rows_incoming_from_suspect_then_new_number(pair):
    _, (vpath, spath) = pair
    vt = _truth(vpath)
    scen = _scen(vt, "fixated_victim")
    p = scen["params"]
    assert scen["benign"] is False
    assert p["paired"] is True and p["paired_exhibit"] == spath.name
    assert p["new_number"] not in (p["suspect_phone"], p["victim_phone"])
    case, result = _ingested(vpath)
    rows = _rows(result)
    planted, context = scen["planted"], scen["context"]
    assert len(planted) > 30 and context
    for r in planted:
        got = rows[(r["file"], r["table"], r["rowid"])]
        assert r["direction"] == got["direction"] == "in"
        want = p["new_number"] if "new number" in r["what"] else p["suspect_phone"]
        assert got["counterpart"] == want, r
    for r in context:  # the victim's own replies and refusal
        got = rows[(r["file"], r["table"], r["rowid"])]
        assert r["direction"] == got["direction"] == "out" and got["counterpart"] == p["suspect_phone"]
    calls = [rows[(r["file"], r["table"], r["rowid"])] for r in planted if "missed call" in r["what"]]
    assert calls and all(c["table"] == "calls" and c["status"] == "missed" for c in calls)
    whats = [r["what"] for r in planted]
    assert any("after refusal" in w for w in whats)
    assert any("missed call" in w for w in whats) and any("night burst" in w for w in whats)
    assert any(w.startswith("fixated_victim new number") for w in whats)
    assert [r["what"] for r in context].count("fixated_victim refusal") == 1
    # order of the story: refusal < blocked < first new-number contact; nothing from the old number after the block
    refusal = next(r["ts"] for r in context if r["what"] == "fixated_victim refusal")
    assert refusal == p["refusal"]
    assert p["refusal"] < p["blocked"] < p["new_number_first_contact"]
    assert min(r["ts"] for r in planted if "new number" in r["what"]) >= p["blocked"]
    old = [r for r in planted if "new number" not in r["what"]]
    assert max(r["ts"] for r in old) < p["blocked"]
    assert any(r["ts"] > p["refusal"] for r in old)  # contact went on after "stop"
    # every message from the suspect's number after the block is absent from this phone
    t = result.tables["messages"]
    cps, tss = t.column("counterpart").to_pylist(), t.column("ts").to_pylist()
    blocked = _ts(p["blocked"])
    assert not any(cp == p["suspect_phone"] and ts >= blocked for cp, ts in zip(cps, tss))
    # the new number is not in the address book; the suspect is
    idents = set(result.tables["contacts"].column("identifier").to_pylist())
    assert p["new_number"] not in idents and p["suspect_phone"] in idents
    # the case file names the victim (the owner)
    assert p["victim_phone"] in case.victim.phones and p["victim_name"] in case.victim.names
    assert vt["owner"]["phone"] == p["victim_phone"] and vt["owner"]["name"] == p["victim_name"]


def _ts(iso: str):
    import datetime as dt

    return dt.datetime.fromisoformat(iso)


def test_pair_shares_numbers_and_times(pair):
    _, (vpath, spath) = pair
    vt, st = _truth(vpath), _truth(spath)
    v, s = _scen(vt, "fixated_victim"), _scen(st, "fixated")
    vp, sp = v["params"], s["params"]
    assert sp["paired_exhibit"] == vpath.name
    assert vp["suspect_phone"] == st["owner"]["phone"] and vp["suspect_name"] == st["owner"]["name"]
    assert sp["victim_phone"] == vt["owner"]["phone"] == vp["victim_phone"]
    assert sp["victim_name"] == vp["victim_name"]
    assert (sp["breakup"], sp["refusal"]) == (vp["breakup"], vp["refusal"])
    # both case files name the victim
    for path in (vpath, spath):
        case = load_case(path.with_name(path.name + ".case.toml"))
        assert vp["victim_name"] in case.victim.names and vp["victim_phone"] in case.victim.phones
    # every suspect row before the block is on the victim's phone at the same instant, the other way round
    flip = {"in": "out", "out": "in"}
    victim_side = {(r["ts"], r["direction"]) for r in v["planted"] + v["context"] if "new number" not in r["what"]}
    suspect_side = {(r["ts"], flip[r["direction"]]) for r in s["planted"] if r["ts"] < vp["blocked"]}
    assert suspect_side and victim_side == suspect_side
    # and ingest agrees on those instants on both devices
    _, vres = _ingested(vpath)
    _, sres = _ingested(spath)
    vrows, srows = _rows(vres), _rows(sres)
    vts = sorted(vrows[(r["file"], r["table"], r["rowid"])]["ts"] for r in v["planted"] + v["context"]
                 if "new number" not in r["what"])
    sts = sorted(srows[(r["file"], r["table"], r["rowid"])]["ts"] for r in s["planted"] if r["ts"] < vp["blocked"])
    assert vts == sts


def test_unpaired_victim_and_determinism(tmp_path, book):
    a, b = tmp_path / "a", tmp_path / "b"
    (pa,) = generate(a, 1, "tiny", 11, ["fixated_victim"], phrasebook=book)
    generate(b, 1, "tiny", 11, ["fixated_victim"], phrasebook=book)
    assert _hashes(a) == _hashes(b)
    scen = _scen(_truth(pa), "fixated_victim")
    p = scen["params"]
    assert p["paired"] is False and "paired_exhibit" not in p
    _, result = _ingested(pa)
    rows = _rows(result)
    for r in scen["planted"]:
        got = rows[(r["file"], r["table"], r["rowid"])]
        assert got["direction"] == "in"
        assert got["counterpart"] in (p["suspect_phone"], p["new_number"])


# --- benign look-alikes -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lookalikes(tmp_path_factory, book):
    out = tmp_path_factory.mktemp("benign")
    paths = generate(out, 2, "tiny", 21, ["couple", "gaming"], phrasebook=book)
    return out, paths


def _check_rows(path: Path, scen: dict) -> tuple[list[dict], object]:
    _, result = _ingested(path)
    rows = _rows(result)
    got = []
    for r in scen["planted"]:
        row = rows[(r["file"], r["table"], r["rowid"])]
        assert row["direction"] == r["direction"]
        assert row["counterpart"] == scen["params"]["person_phone"]
        got.append(row)
    return got, result


def test_couple_reciprocal_day_and_night(lookalikes):
    _, (path, _) = lookalikes
    scen = _scen(_truth(path), "couple")
    assert scen["benign"] is True and "fixated" in scen["looks_like"]
    got, _ = _check_rows(path, scen)
    msgs = [r for r in got if r["table"] == "messages"]
    assert len(msgs) >= 400
    out_share = sum(r["direction"] == "out" for r in msgs) / len(msgs)
    assert 0.35 <= out_share <= 0.65
    calls = [r for r in got if r["table"] == "calls"]
    assert {r["direction"] for r in calls} == {"in", "out"}
    # night-time texting well above the device's everyday share, in both directions
    night = [r for r, p in zip(got, scen["planted"]) if p["what"] == "couple night message"]
    assert len(night) > 0.1 * len(msgs) and {r["direction"] for r in night} == {"in", "out"}
    # no refusal / one-sided stretch: every week with traffic has both directions
    weeks: dict[int, set] = {}
    for r in msgs:
        weeks.setdefault(r["ts"].isocalendar()[1], set()).add(r["direction"])
    assert sum(len(d) == 2 for d in weeks.values()) >= 0.8 * len(weeks)


def test_gaming_trash_talk_both_ways(lookalikes, book):
    _, (_, path) = lookalikes
    scen = _scen(_truth(path), "gaming")
    assert scen["benign"] is True and "threats" in scen["looks_like"]
    got, result = _check_rows(path, scen)
    whats = [p["what"] for p in scen["planted"]]
    trash = [r for r, w in zip(got, whats) if w == "gaming trash talk"]
    assert len(trash) >= 0.2 * len(got) and {r["direction"] for r in trash} == {"in", "out"}
    assert 0.35 <= sum(r["direction"] == "out" for r in got) / len(got) <= 0.65
    # the trash-talk bodies were read back, and they are varied lines, not one repeated string
    t = result.tables["messages"]
    body = {(f, tb, r): b for f, tb, r, b in zip(*(t.column(c).to_pylist() for c in ("src_file", "src_table", "src_row", "body")))}
    texts = [body[(p["file"], p["table"], p["rowid"])] for p in scen["planted"] if p["what"] == "gaming trash talk"]
    assert all(isinstance(x, str) and x for x in texts) and len(set(texts)) > len(texts) / 2
    assert scen["params"]["trash_talk"] == len(texts)


def test_lookalikes_deterministic(lookalikes, tmp_path, book):
    out, _ = lookalikes
    again = tmp_path / "again"
    generate(again, 2, "tiny", 21, ["couple", "gaming"], phrasebook=book)
    assert _hashes(out) == _hashes(again)


# --- threats ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def threats(tmp_path_factory, book):
    out = tmp_path_factory.mktemp("threats")
    paths = generate(out, 2, "tiny", 33, ["threats", "fixated_victim"], phrasebook=book)
    return out, paths


def test_threats_every_kind_labelled_and_read_back(threats):
    from devtriage.synth.device import THREAT_KINDS

    _, (spath, _) = threats
    scen = _scen(_truth(spath), "threats")
    p = scen["params"]
    assert scen["benign"] is False
    assert set(p["threats"]) == set(THREAT_KINDS) and all(n >= 1 for n in p["threats"].values())
    _, result = _ingested(spath)
    rows = _rows(result)
    t = result.tables["messages"]
    body = {(f, tb, r): b for f, tb, r, b in zip(*(t.column(c).to_pylist() for c in ("src_file", "src_table", "src_row", "body")))}
    seen = {}
    for r in scen["planted"]:
        key = (r["file"], r["table"], r["rowid"])
        got = rows[key]
        assert got["direction"] == r["direction"] and got["counterpart"] == p["victim_phone"]
        if r["what"] in THREAT_KINDS:
            assert r["direction"] == "out" and got["table"] == "messages" and body[key]
            assert r["ts"] > p["breakup"]
            seen[r["what"]] = seen.get(r["what"], 0) + 1
    assert seen == p["threats"]
    # the fixated part is there too
    whats = {r["what"] for r in scen["planted"]}
    assert "fixated refusal" in whats and "fixated message after refusal" in whats


def test_threats_pair_with_victim_and_deterministic(threats, tmp_path, book):
    out, (spath, vpath) = threats
    s, v = _scen(_truth(spath), "threats"), _scen(_truth(vpath), "fixated_victim")
    blocked = v["params"]["blocked"]
    assert v["params"]["suspect_phone"] == _truth(spath)["owner"]["phone"]
    sent = sorted(r["ts"] for r in s["planted"] if r["what"].startswith("threat") and r["ts"] < blocked)
    got = sorted(r["ts"] for r in v["planted"] if r["what"].startswith("fixated_victim threat"))
    assert got == sent
    assert all(r["direction"] == "in" for r in v["planted"])
    again = tmp_path / "again"
    generate(again, 2, "tiny", 33, ["threats", "fixated_victim"], phrasebook=book)
    assert _hashes(out) == _hashes(again)

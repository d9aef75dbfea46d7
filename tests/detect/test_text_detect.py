"""The threat-language detector (detect/text.py) on hand-built tables and on synthetic
devices whose planted threat messages are known (truth.json)."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest

from devtriage.detect import DETECTORS, run_all
from devtriage.detect import text as det
from devtriage.detect.base import SCHEMA
from devtriage.schema import conform

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
A, B, C = "+447700900001", "+447700900002", "+447700900003"
MIN_PLANTED_SHARE = 0.5  # measured: see the README (text detector on synthetic devices)
FAMILY = {"threat_direct": "threat", "threat_conditional": "threat", "threat_veiled": "threat",
          "surveillance": "surveillance", "image_abuse": "image_abuse",
          "self_harm_leverage": "coercion", "possessive": "coercion"}


def _messages(rows: list[tuple]) -> pa.Table:
    """rows: (minutes after T0, direction, counterpart, body)."""
    cols = {"ts": [T0 + dt.timedelta(minutes=r[0]) for r in rows], "direction": [r[1] for r in rows],
            "counterpart": [r[2] for r in rows], "body": [r[3] for r in rows], "app": ["sms"] * len(rows)}
    return conform("messages", pa.table(cols))


@pytest.fixture(scope="module")
def hand():
    rows = [
        (0, "out", A, "hiya how was work"),
        (5, "out", A, "if you go near him again I'll kill you"),  # 1: threat, sent by the owner
        (9, "out", A, "I know where you live now"),  # 2: surveillance
        (15, "out", A, "I'll send your nudes to your mum and all your mates"),  # 3: image abuse
        (20, "out", A, "if you leave me I'll kill myself and it'll be on you"),  # 4: coercion
        (30, "in", B, "this hangover is killing me"),  # idiom
        (31, "in", B, "I could murder a curry tbh"),  # idiom
        (32, "in", C, "he said he'd kill me if I went to the police"),  # reported speech
        (33, "in", C, "you're dead next round lol gg"),  # gaming
        (40, "in", B, "you're a dead man when I find you"),  # 9: threat received by the owner
        (41, "in", B, None),
        (42, "in", B, ""),
    ]
    tables = {"messages": _messages(rows)}
    return rows, tables, det.run(tables, None, "dev")


def _one(f: pa.Table, indicator: str, subject: str, side: str) -> dict:
    got = [r for r in f.to_pylist() if r["indicator"] == indicator and r["subject"] == subject and r["side"] == side]
    assert len(got) == 1, (indicator, subject, side, f.select(["indicator", "subject", "side"]).to_pylist())
    return got[0]


def test_registered():
    assert DETECTORS["text"] is det
    assert set(det.INDICATORS) == {"text.threat", "text.surveillance", "text.image_abuse", "text.coercion"}


@pytest.mark.parametrize("indicator, row", [("text.threat", 1), ("text.surveillance", 2), ("text.image_abuse", 3),
                                            ("text.coercion", 4)])
def test_each_family_found_with_span(hand, indicator, row):
    rows, tables, f = hand
    r = _one(f, indicator, A, "out")
    ev = r["evidence"]
    assert ev[0]["table"] == "messages" and row in [e["row"] for e in ev]
    details = json.loads(r["details"])
    e = next(e for e in details["rows"] if e["row"] == row)
    body = rows[row][3]
    assert e["spans"], "no span for the flagged phrase"
    s, t = e["spans"][0]
    assert 0 <= s < t <= len(body)
    assert "sent to" in r["summary"] and 0 < r["score"] <= 1
    assert e["rule"] or e["model_terms"]


def test_received_threat_is_side_in(hand):
    rows, tables, f = hand
    r = _one(f, "text.threat", B, "in")
    assert [e["row"] for e in r["evidence"]] == [9]
    assert "received from" in r["summary"]


def test_idioms_reported_speech_and_gaming_not_flagged(hand):
    rows, tables, f = hand
    flagged = {e["row"] for r in f.to_pylist() for e in r["evidence"]}
    assert not flagged & {0, 5, 6, 7, 8, 10, 11}, sorted(flagged)


def test_shortlist_evidence_carries_the_spans(hand):
    from devtriage.rank import rank, shortlist

    rows, tables, f = hand
    doc = shortlist("dev", rank(f), tables)
    marked = [e for r in doc["reasons"] if r["indicator"].startswith("text.") for e in r["evidence"] if e.get("spans")]
    assert marked
    for e in marked:
        s, t = e["spans"][0]
        assert e["text"][s:t].strip()


def test_empty_and_missing_tables():
    assert det.run({}, None, "d").num_rows == 0
    f = det.run({"messages": _messages([])}, None, "d")
    assert f.num_rows == 0 and f.schema.names[: len(SCHEMA.names)] == SCHEMA.names


def test_coverage_reports_untrained_languages(hand):
    rows, tables, f = hand
    cov = det.coverage(tables)
    assert cov["messages"] == len(rows)
    assert cov["untrained"] == 0
    extra = _messages([(0, "in", A, "Привет, как дела? Увидимся завтра"), (1, "in", A, "hello mate how are you")])
    cov = det.coverage({"messages": extra})
    assert cov["untrained"] == 1 and cov["untrained_share"] == pytest.approx(0.5)


# --- synthetic devices ----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=[7, 20261121], ids=["seed7", "seed20261121"])
def devices(request, tmp_path_factory):
    from devtriage.case import load as load_case
    from devtriage.collect import ingest
    from devtriage.synth.generate import generate
    from devtriage.synth.text import Phrasebook

    out = tmp_path_factory.mktemp("threatq")
    paths = generate(out, 3, "tiny", request.param, ["threats", "gaming", "couple"], phrasebook=Phrasebook.load())
    res = {}
    for p in paths:
        truth = json.loads(p.with_name(p.name + ".truth.json").read_text())
        case = load_case(p.with_name(p.name + ".case.toml"))
        tables = ingest(p, case).tables
        res[truth["scenario"]] = (truth, tables, run_all(tables, case, p.name))
    return res


def _flagged_sources(tables, f, family: str) -> set:
    msgs = tables["messages"]
    out = set()
    for r in f.to_pylist():
        if r["indicator"] == f"text.{family}":
            for e in r["evidence"]:
                row = msgs.slice(e["row"], 1).to_pylist()[0]
                out.add((row["src_file"], row["src_table"], row["src_row"]))
    return out


def test_planted_threats_found(devices):
    """The phrasebook's planted lines (written independently of the training corpus) are
    found; lines that need the conversation to read as a threat ("I'll put them online",
    "I decide who you see") may be missed, so the bar is per kind, not every row."""
    truth, tables, f = devices["threats"]
    planted = [p for p in truth["scenarios"][0]["planted"] if p["what"] in FAMILY]
    assert len(planted) >= 10
    found = {p["what"]: [] for p in planted}
    for p in planted:
        found[p["what"]].append((p["file"], p["table"], p["rowid"]) in _flagged_sources(tables, f, FAMILY[p["what"]]))
    share = sum(sum(v) for v in found.values()) / len(planted)
    assert share >= MIN_PLANTED_SHARE, {k: f"{sum(v)}/{len(v)}" for k, v in found.items()}
    victim = truth["scenarios"][0]["params"]["victim_phone"]
    mine = [r for r in f.to_pylist() if r["subject"] == victim and r["indicator"] == "text.threat"]
    assert mine and all(r["side"] == "out" and r["anchored"] for r in mine)


def test_lookalikes_have_few_false_alarms(devices):
    """Gaming trash talk and a couple's idioms: under 1% of their messages flagged (the
    gaming friends trade "kill him kill him" all day; see test_mutual_... for how mutual
    talk weighs less)."""
    for s in ("gaming", "couple"):
        truth, tables, f = devices[s]
        flagged = {(r["indicator"], e["row"]) for r in f.to_pylist() if r["indicator"].startswith("text.")
                   for e in r["evidence"]}
        n = tables["messages"].num_rows
        assert len(flagged) <= 0.01 * n, (s, len(flagged), n)


def test_planted_threat_device_outranks_lookalikes(devices):
    from devtriage.rank import rank

    case_score = rank(devices["threats"][2])["score"]
    for s in ("gaming", "couple"):
        assert rank(devices[s][2])["score"] < case_score, s


def test_mutual_threats_are_marked_and_weigh_less():
    one_sided = _messages([(0, "out", A, "I'm going to kill you when I find you")])
    mutual = _messages([(0, "out", A, "I'm going to kill you when I find you"),
                        (1, "in", A, "I'm going to kill you first mate")])
    f1 = _one(det.run({"messages": one_sided}, None, "d"), "text.threat", A, "out")
    f2 = det.run({"messages": mutual}, None, "d")
    out, back = _one(f2, "text.threat", A, "out"), _one(f2, "text.threat", A, "in")
    assert out["score"] == pytest.approx(f1["score"] * det.MUTUAL)
    assert json.loads(out["details"])["mutual"] and json.loads(back["details"])["mutual"]
    assert "both sides" in out["summary"] and "both sides" not in f1["summary"]


def test_context_hits_are_shown_but_never_scored_or_alone(monkeypatch):
    """A message the model finds borderline is shown next to a person's flagged messages
    (adding nothing to the score), and makes nothing on its own."""
    from devtriage.text import classify as C
    from devtriage.text import threats
    from devtriage.text.model import load

    m = load()
    cands = ["remember what I told you about him", "I hope you sleep well tonight, really well",
             "say hello to your sister for me", "we need to talk about what happened on friday",
             "you know exactly what you did to me"]
    p = m.proba(cands)
    picks = [(fam, text, float(p[i, m.head(fam)] / m.threshold[m.head(fam)]))
             for i, text in enumerate(cands) for fam in C.FAMILIES
             if 0.05 < p[i, m.head(fam)] / m.threshold[m.head(fam)] < 1 and not threats.guarded([text], fam)[0]]
    assert picks, "no borderline candidate for this model"
    fam, text, ratio = max(picks, key=lambda x: x[2])
    monkeypatch.setattr(det, "CONTEXT", ratio / 2)
    rows = [(0, "out", A, "if you go near him again I'll kill you"), (5, "out", A, text), (10, "out", B, text)]
    tables = {"messages": _messages(rows)}
    f = det.run(tables, None, "dev")
    assert not [r for r in f.to_pylist() if r["subject"] == B], "a context hit alone made a finding"
    r = _one(f, f"text.{fam}", A, "out")
    per_row = {e["row"]: e for e in json.loads(r["details"])["rows"]}
    assert per_row[1]["context"] is True and "in context" in r["summary"]
    assert 1 in [e["row"] for e in r["evidence"]]
    from devtriage.rank import rank, shortlist

    ranked = rank(f)
    doc = shortlist("dev", ranked, tables)
    ev = {e["row"]: e for x in doc["reasons"] if x["indicator"] == f"text.{fam}" and x["subject"] == A
          for e in x["evidence"]}
    assert ev[1].get("context") is True and not [k for k, e in ev.items() if k != 1 and e.get("context")]
    if r["score"] == 0:  # a family seen only in context is not one of the person's indicators
        assert f"text.{fam}" not in next(p["indicators"] for p in ranked["people"] if p["subject"] == A)
    monkeypatch.setattr(det, "CONTEXT", 2.0)  # no context hits at all
    without = [x for x in det.run(tables, None, "dev").to_pylist() if x["indicator"] == f"text.{fam}" and x["subject"] == A]
    assert 1 not in [e["row"] for x in without for e in x["evidence"]]
    assert r["score"] == (without[0]["score"] if without else 0.0), "a context hit changed the score"

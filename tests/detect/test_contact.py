"""The contact detector on hand-built tables and on synthetic devices with ground truth."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest

from devtriage.case import Case, Order, Victim
from devtriage.detect import DETECTORS, contact, run_all
from devtriage.detect.base import SCHEMA
from devtriage.schema import conform

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # a Monday
A, B, C = "+447700900001", "+447700900002", "+447700900003"


def _messages(rows: list[tuple]) -> pa.Table:
    """rows: (minutes after T0, direction, counterpart, body[, group])."""
    cols = {"ts": [], "direction": [], "counterpart": [], "body": [], "group": [], "app": []}
    for r in rows:
        cols["ts"].append(T0 + dt.timedelta(minutes=r[0]))
        cols["direction"].append(r[1])
        cols["counterpart"].append(r[2])
        cols["body"].append(r[3])
        cols["group"].append(r[4] if len(r) > 4 else False)
        cols["app"].append("sms")
    return conform("messages", pa.table(cols))


def _calls(rows: list[tuple]) -> pa.Table:
    cols = {"ts": [], "direction": [], "counterpart": [], "status": []}
    for m, d, cp, st in rows:
        cols["ts"].append(T0 + dt.timedelta(minutes=m))
        cols["direction"].append(d)
        cols["counterpart"].append(cp)
        cols["status"].append(st)
    return conform("calls", pa.table(cols))


def _by(f: pa.Table, indicator: str, subject: str | None = None) -> list[dict]:
    return [r for r in f.to_pylist() if r["indicator"] == indicator and (subject is None or r["subject"] == subject)]


@pytest.fixture(scope="module")
def fixated():
    """Owner -> A: 3 replies then a refusal, then 40 more; owner <-> B: an even conversation."""
    rows = []
    t = 0
    for i in range(60):  # 60 messages over ~10 days, mostly unanswered
        t += 240
        rows.append((t, "out", A, f"please answer me {i}"))
        if i in (5, 12, 20):
            rows.append((t + 30, "in", A, "ok"))
    rows.append((t + 60, "in", A, "Please stop contacting me."))
    refusal_row = len(rows) - 1
    for i in range(40):
        t += 300
        rows.append((t, "out", A, f"why are you ignoring me {i}"))
    for i in range(100):  # the even conversation
        rows.append((10 * i, "out" if i % 2 == 0 else "in", B, "see you later x"))
    rows.append((5, "out", "group-1", "hi all", True))
    rows.append((6, "in", C, "in the group", True))
    msgs = _messages(rows)
    calls = _calls([(t + 10 * k, "out", A, "missed") for k in range(5)])
    contacts = conform("contacts", pa.table({"name": ["Ann", "Ann", "Bob"], "identifier": [A, "ann@example.com", B]}))
    tables = {"messages": msgs, "calls": calls, "contacts": contacts}
    return tables, refusal_row, contact.run(tables, None, "DEV")


def test_findings_follow_the_schema(fixated):
    _, _, f = fixated
    assert f.schema.names[: len(SCHEMA.names)] == SCHEMA.names
    assert all(0 <= s <= 1 for s in f.column("score").to_pylist())
    assert f.column("device").to_pylist() == ["DEV"] * f.num_rows
    assert "contact" in DETECTORS


def test_one_sided_contact_after_refusal(fixated):
    tables, refusal_row, f = fixated
    (ar,) = _by(f, "contact.after_refusal", A)
    assert ar["count"] == 45  # 40 messages and 5 calls after "Please stop contacting me."
    assert ar["evidence"][0] == {"table": "messages", "row": refusal_row}
    assert {e["table"] for e in ar["evidence"][1:]} == {"messages", "calls"}
    assert ar["side"] == "out" and ar["name"] == "Ann"
    (un,) = _by(f, "contact.unanswered", A)
    assert un["count"] == 45  # the last run: 40 messages + 5 calls, no reply
    assert json.loads(un["details"])["unanswered_calls"] == 5
    # the couple-like even exchange gives no one-sided finding
    assert not _by(f, "contact.unanswered", B) and not _by(f, "contact.after_refusal", B)
    vol_a = _by(f, "contact.volume", A)[0]["score"]
    vol_b = [r["score"] for r in _by(f, "contact.volume", B)]
    assert not vol_b or max(vol_b) < vol_a


def test_group_messages_are_not_one_to_one_contact(fixated):
    _, _, f = fixated
    assert "group-1" not in set(f.column("subject").to_pylist())
    assert C not in set(f.column("subject").to_pylist())


def test_evidence_rows_point_at_the_right_person(fixated):
    tables, _, f = fixated
    for r in f.to_pylist():
        for e in r["evidence"]:
            cp = tables[e["table"]].column("counterpart")[e["row"]].as_py()
            assert cp == r["subject"], (r["indicator"], e)


def test_order_breach_and_victim_anchor():
    rows = [(i * 60, "out", A, f"hello {i}") for i in range(30)] + [(i * 60 + 7, "out", B, "x") for i in range(30)]
    msgs = _messages(rows)
    start = T0 + dt.timedelta(minutes=600)
    case = Case(timezone="Europe/London", victim=Victim(phones=("07700 900001",)),
                orders=(Order("bail", start, start + dt.timedelta(hours=5)),))
    f = contact.run({"messages": msgs}, case, "D")
    (ob,) = _by(f, "contact.order_breach")
    assert ob["subject"] == A and ob["anchored"] is True
    assert ob["count"] == 5  # minutes 600, 660, ..., 840 inside [600, 900)
    assert not _by(f, "contact.order_breach", B)


def test_night_share_uses_local_time_across_dst():
    # 2026-03-29: London moves from GMT to BST at 01:00 UTC. 23:30 UTC on 28 Mar is 23:30 local (not night);
    # 23:30 UTC on 29 Mar is 00:30 BST (night).
    base = dt.datetime(2026, 3, 20, 23, 30, tzinfo=dt.UTC)
    rows = [(int((base + dt.timedelta(days=d) - T0).total_seconds() // 60), "out", A, "u up?") for d in range(18)]
    case = Case(timezone="Europe/London")
    f = contact.run({"messages": _messages(rows)}, case, "D")
    (n,) = _by(f, "contact.night", A)
    assert n["count"] == 9  # 29 Mar .. 6 Apr inclusive are after the change
    f_utc = contact.run({"messages": _messages(rows)}, None, "D")
    assert not _by(f_utc, "contact.night", A)


def test_new_identity_after_refusal():
    rows = [(i * 30, "in", A, "why won't you talk to me, I miss you") for i in range(20)]
    rows.append((700, "out", A, "Leave me alone. I've blocked you."))
    rows += [(2000 + i * 30, "in", C, "it's me, new number. why won't you talk to me") for i in range(6)]
    f = contact.run({"messages": _messages(rows)}, None, "V")
    (ni,) = _by(f, "contact.new_identity", C)
    assert ni["score"] >= 0.8 and json.loads(ni["details"])["previous"] == A
    assert ni["side"] == "in"


def test_empty_tables():
    f = contact.run({"messages": conform("messages", pa.table({"ts": pa.array([], pa.timestamp("ms", tz="UTC"))}))}, None, "E")
    assert f.num_rows == 0 and f.schema.names[: len(SCHEMA.names)] == SCHEMA.names


# --- synthetic devices with ground truth --------------------------------------------------------------


@pytest.fixture(scope="module", params=[(20261121, "fixated"), (7, "threats")], ids=["seed20261121", "seed7-threats"])
def queue(request, tmp_path_factory):
    from devtriage.case import load as load_case
    from devtriage.collect import ingest
    from devtriage.synth.generate import generate
    from devtriage.synth.text import Phrasebook

    seed, suspect = request.param
    out = tmp_path_factory.mktemp("queue")
    paths = generate(out, 4, "tiny", seed, [suspect, "fixated_victim", "couple", "gaming"],
                     phrasebook=Phrasebook.load())
    res = {}
    for p in paths:
        truth = json.loads(p.with_name(p.name + ".truth.json").read_text())
        case = load_case(p.with_name(p.name + ".case.toml"))
        tables = ingest(p, case).tables
        res["fixated" if truth["scenario"] == "threats" else truth["scenario"]] = (truth, case, tables,
                                                                                    run_all(tables, case, p.name))
    return res


def _top(f: pa.Table) -> dict:
    """The strongest contact finding (run_all's other detectors, e.g. knowledge.victim on
    the victim's address, may score as high)."""
    return next(r for r in f.to_pylist() if r["indicator"].startswith("contact."))


def test_suspect_device_names_the_victim_first(queue):
    truth, case, tables, f = queue["fixated"]
    p = truth["scenarios"][0]["params"]
    assert _top(f)["subject"] == p["victim_phone"]
    found = {r["indicator"] for r in f.to_pylist() if r["subject"] == p["victim_phone"]}
    assert {"contact.volume", "contact.unanswered", "contact.night", "contact.burst", "contact.after_refusal",
            "contact.order_breach", "contact.escalation"} <= found, found
    (ar,) = _by(f, "contact.after_refusal", p["victim_phone"])
    assert ar["side"] == "out" and ar["anchored"] is True
    # the refusal message is the first evidence row, and it is the planted one
    ev = ar["evidence"][0]
    row = tables[ev["table"]].slice(ev["row"], 1).to_pylist()[0]
    planted = {(r["file"], r["table"], r["rowid"]) for r in truth["scenarios"][0]["planted"] if r["what"] == "fixated refusal"}
    assert planted
    assert (row["src_file"], row["src_table"], row["src_row"]) in planted


def test_victim_device_sees_the_pursuer_and_the_new_number(queue):
    truth, case, tables, f = queue["fixated_victim"]
    p = truth["scenarios"][0]["params"]
    mine = {r["indicator"] for r in f.to_pylist() if r["subject"] == p["suspect_phone"]}
    assert {"contact.unanswered", "contact.after_refusal"} <= mine
    assert all(r["side"] == "in" for r in f.to_pylist() if r["subject"] == p["suspect_phone"]
               and r["indicator"] in ("contact.unanswered", "contact.after_refusal"))
    (ni,) = _by(f, "contact.new_identity", p["new_number"])
    assert json.loads(ni["details"])["previous"] == p["suspect_phone"]
    assert _top(f)["subject"] in (p["suspect_phone"], p["new_number"])


def test_benign_lookalikes_score_below_every_planted_case(queue):
    planted = [max(queue[s][3].column("score").to_pylist()) for s in ("fixated", "fixated_victim")]
    for s in ("couple", "gaming"):
        f = queue[s][3]
        scores = f.column("score").to_pylist()
        assert not scores or max(scores) < min(planted), (s, _top(f))
        for bad in ("contact.after_refusal", "contact.new_identity", "contact.order_breach"):
            assert not _by(f, bad), (s, bad)


def test_same_input_same_findings(queue):
    truth, case, tables, f = queue["fixated"]
    again = run_all(tables, case, truth["exhibit"])
    assert again.equals(f)

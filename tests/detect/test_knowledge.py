"""knowledge.victim on hand-built tables and on synthetic devices with ground truth."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest

from devtriage.case import Case, Victim
from devtriage.detect import DETECTORS, knowledge
from devtriage.schema import conform
from devtriage.text.identifiers import address_forms, phone_forms, victim_patterns

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
VICTIM = Victim(names=("Jane Doe", "Janey"), phones=("+44 7700 900123", "07700 900935"), emails=("Jane.Doe@example.com",),
                handles=("@janedoe99",), addresses=("Flat 4, 30 Grange Avenue, Leeds LS6 3EA",))
CASE = Case(victim=VICTIM)


def _texts(rows: list[tuple]) -> pa.Table:
    """rows: (days after T0 or None, kind, text)."""
    return conform("texts", pa.table({
        "ts": [None if r[0] is None else T0 + dt.timedelta(days=r[0]) for r in rows],
        "kind": [r[1] for r in rows], "text": [r[2] for r in rows]}))


@pytest.fixture(scope="module")
def hand():
    texts = _texts([
        (0, "search", "weather leeds"),
        (3, "note", "new place:\n30 grange ave\nLS6 3EA\n07700 900 935"),  # 1: address, postcode, new number
        (4, "directions", "30 Grange Av, Leeds"),  # 2: address
        (5, "search", "130 grange avenue leeds"),  # 3: another house: no address hit
        (6, "search", "call 07700 900936 or 077009009351"),  # 4: look-alike numbers: no hit
        (7, "visit", "instagram.com/JaneDoe99 - Instagram"),  # 5: handle
        (None, "note", "janet's birthday; JANE.DOE@EXAMPLE.COM"),  # 6: e-mail, no time
        (8, "search", "LS63EA"),  # 7: postcode without its space
    ])
    contacts = conform("contacts", pa.table({"name": ["J", "Mum"], "identifier": ["+447700900123", "+447700900001"],
                                             "identifier_raw": ["+44 (0)7700 900123", "07700 900001"]}))
    messages = conform("messages", pa.table({"ts": [T0 + dt.timedelta(days=1)], "direction": ["in"],
                                             "counterpart": ["+447700900001"], "body": ["Janey said her number is 07700900123"]}))
    tables = {"texts": texts, "contacts": contacts, "messages": messages}
    return tables, knowledge.run(tables, CASE, "dev")


def _by_kind(f: pa.Table) -> dict[str, dict]:
    return {json.loads(r["details"])["kind"]: r for r in f.to_pylist()}


def test_registered():
    assert DETECTORS["knowledge"] is knowledge


def test_every_identifier_found_where_it_is(hand):
    tables, f = hand
    got = _by_kind(f)
    rows = {k: sorted((e["table"], e["row"]) for e in r["evidence"]) for k, r in got.items()}
    assert rows["address"] == [("texts", 1), ("texts", 2)]
    assert rows["postcode"] == [("texts", 1), ("texts", 7)]
    assert rows["email"] == [("texts", 6)] and rows["handle"] == [("texts", 5)]
    assert rows["name"] == [("messages", 0), ("texts", 6)]  # "Janey"; her e-mail spells her name
    matched = {r["row"]: r["matched"] for r in json.loads(got["name"]["details"])["rows"]}
    assert matched == {0: "Janey", 6: "JANE.DOE"}  # not "janet's"
    phones = {r["subject"]: sorted((e["table"], e["row"]) for e in r["evidence"])
              for r in f.to_pylist() if json.loads(r["details"])["kind"] == "phone"}
    assert phones == {"+447700900123": [("contacts", 0), ("messages", 0)], "+447700900935": [("texts", 1)]}
    assert all(r["side"] == "out" for r in f.to_pylist())


def test_evidence_in_time_order_with_spans_and_summary(hand):
    tables, f = hand
    addr = _by_kind(f)["address"]
    d = json.loads(addr["details"])
    texts = tables["texts"].column("text").to_pylist()
    for row in d["rows"]:
        (s, e), = row["spans"]
        assert texts[row["row"]][s:e] == row["matched"] and row["matched"].lower().startswith("30 grange av")
    assert [r["row"] for r in d["rows"]] == [1, 2]
    assert "first on 5 Mar 2026 in a note" in addr["summary"] and "1 note, 1 route" in addr["summary"]
    email = _by_kind(f)["email"]
    assert email["first_ts"] is None and json.loads(email["details"])["rows"][0]["ts"] is None


def test_scores_weigh_what_identifies_her(hand):
    _, f = hand
    got = _by_kind(f)
    assert got["address"]["score"] > got["postcode"]["score"] > got["name"]["score"]
    assert got["name"]["score"] <= knowledge.KIND_CAP["name"]
    held = {r["subject"]: r["score"] for r in f.to_pylist()}
    # a number only in the address book and a message weighs less than one written in a note
    assert held["+447700900935"] > knowledge.KIND_WEIGHT["phone"] * knowledge.SOURCE_WEIGHT["contacts"]


def test_no_case_or_nothing_found():
    assert knowledge.run({"texts": _texts([(0, "note", "30 grange ave")])}, None, "d").num_rows == 0
    assert knowledge.run({"texts": _texts([(0, "note", "nothing here")])}, CASE, "d").num_rows == 0
    assert knowledge.run({}, CASE, "d").num_rows == 0
    assert knowledge.run({"texts": _texts([(0, "note", "x")])}, Case(), "d").num_rows == 0


def test_same_input_same_output(hand):
    tables, f = hand
    assert knowledge.run(tables, CASE, "dev").equals(f)


def test_identifier_forms():
    e164, forms = phone_forms("07700 900123")
    assert e164 == "+447700900123"
    assert set(forms) == {"7700900123", "07700900123", "447700900123", "4407700900123", "00447700900123"}
    streets, pcs = address_forms("Flat 4, 30 Grange Avenue, Leeds LS6 3EA")
    assert streets == ["30 Grange avenue", "30 Grange ave", "30 Grange av"] and pcs == ["LS6 3EA", "LS63EA"]
    assert address_forms("12 Acacia Road, Leeds") == (["12 Acacia road", "12 Acacia rd"], [])
    assert address_forms("Rose Cottage, Leeds") == ([], [])
    from devtriage.text.identifiers import name_forms

    assert name_forms("Jane Doe") == ["Jane Doe", "Doe Jane", "J Doe"] and name_forms("Ifeoma Q") == ["Ifeoma Q", "Q Ifeoma"]
    warned = []
    p = victim_patterns(Victim(phones=("not a number", "+447700900123", "07700900123")), warn=warned.append)
    assert p.identifiers == ["+447700900123"] and len(warned) == 1


# --- synthetic devices -----------------------------------------------------------------------


@pytest.fixture(scope="module", params=[7, 20261121], ids=["seed7", "seed20261121"])
def synth(request, tmp_path_factory):
    from devtriage.case import load as load_case
    from devtriage.collect import ingest
    from devtriage.synth.generate import generate
    from devtriage.synth.text import Phrasebook

    out = tmp_path_factory.mktemp("knowq")
    paths = generate(out, 2, "tiny", request.param, ["fixated", "couple"], phrasebook=Phrasebook.load())
    res = {}
    for p in paths:
        truth = json.loads(p.with_name(p.name + ".truth.json").read_text())
        case = load_case(p.with_name(p.name + ".case.toml"))
        tables = ingest(p, case).tables
        res[truth["scenario"]] = (truth, tables, knowledge.run(tables, case, p.name))
    return res


def test_planted_knowledge_found(synth):
    """Every planted record that holds the victim's details is evidence of a finding
    (browser history is read as one row per URL and a Keep note as one row: a planted
    visit or list item is found through its URL's ``visit_ids`` or its note's
    ``first_item_row``)."""
    truth, tables, f = synth["fixated"]
    planted = truth["scenarios"][0]["planted_knowledge"]
    assert len(planted) >= 5
    held = set()
    for r in f.to_pylist():
        for e in r["evidence"]:
            row = tables[e["table"]].slice(e["row"], 1).to_pylist()[0]
            held.add((row["src_file"], row["src_table"], row["src_row"]))
            for v in row.get("visit_ids") or ():
                held |= {(row["src_file"], "visits", v), (row["src_file"], "history_visits", v)}
            if row.get("first_item_row") is not None:
                held.add((row["src_file"], "list_item", row["first_item_row"]))
    missing = [p for p in planted if (p["file"], p["table"], p["rowid"]) not in held]
    assert not missing, missing
    kinds = {json.loads(r["details"])["kind"] for r in f.to_pylist()}
    assert {"phone", "address", "postcode"} <= kinds


def test_lookalike_holds_only_what_anyone_would(synth):
    """The couple's phone holds the partner's number in the address book: a weak finding, no address."""
    _, _, f = synth["couple"]
    assert all(r["score"] <= knowledge.KIND_WEIGHT["phone"] * knowledge.SOURCE_WEIGHT["contacts"] + 1e-9 or
               json.loads(r["details"])["kind"] == "name" for r in f.to_pylist())
    assert not {json.loads(r["details"])["kind"] for r in f.to_pylist()} & {"address", "postcode"}


def test_lookalike_number_and_house_are_not_hers(synth):
    """The synthetic suspect also wrote a note with her number one digit off and "1" before
    her house number: no finding points at it."""
    truth, tables, f = synth["fixated"]
    decoys = {(d["file"], d["table"], d["rowid"]) for d in truth["scenarios"][0]["decoy_knowledge"]}
    assert decoys
    for r in f.to_pylist():
        for e in r["evidence"]:
            row = tables[e["table"]].slice(e["row"], 1).to_pylist()[0]
            keys = {(row["src_file"], row["src_table"], row["src_row"])}
            if row.get("first_item_row") is not None:
                keys.add((row["src_file"], "list_item", row["first_item_row"]))
            assert not keys & decoys, (r["indicator"], r["subject"], row.get("text"))
    # and the note was read: the look-alike text is in the texts table
    texts = tables["texts"].column("text").to_pylist()
    assert any(t and t.startswith("plumber ") for t in texts)


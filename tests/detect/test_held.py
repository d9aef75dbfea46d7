"""Examiner material without a case file: searched places, numbers under several names, written numbers."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa

from devtriage.detect.held import held
from devtriage.schema import conform

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _tables():
    texts = conform("texts", pa.table({
        "ts": [T0 + dt.timedelta(days=d) for d in range(7)],
        "kind": ["search", "directions", "maps_search", "note", "search", "visit", "search"],
        "text": ["30 Grange Ave Leeds", "30 grange ave, leeds", "30 GRANGE AVE LEEDS", "her new number 07700 900935",
                 "weather", "30 grange ave leeds", "weather"]}))
    contacts = conform("contacts", pa.table({
        "name": ["Jo", "J new", "Mum", "Mum"], "identifier": ["+447700900123", "+447700900123", "+447700900001", "+447700900001"],
        "identifier_raw": ["07700900123", "07700 900123", "07700900001", "07700900001"]}))
    return {"texts": texts, "contacts": contacts}


def test_held_lists_what_stands_out():
    h = held(_tables())
    top = h["searched"][0]
    assert top["count"] == 3 and sorted(e["row"] for e in top["evidence"]) == [0, 1, 2]  # a visit is not a search
    assert top["kinds"] == ["directions", "maps_search", "search"] and top["first_ts"].startswith("2026-03-02")
    assert [x["text"] for x in h["searched"]] == [top["text"], "weather"]
    assert h["several_names"] == [{"identifier": "+447700900123", "names": ["J new", "Jo"], "count": 2, "first_ts": None,
                                   "last_ts": None, "evidence": [{"table": "contacts", "row": 0}, {"table": "contacts", "row": 1}]}]
    assert [x["identifier"] for x in h["written_numbers"]] == ["+447700900935"]
    json.dumps(h)  # goes into shortlist.json as it is


def test_held_leaves_out_saved_numbers_and_empty_tables():
    t = _tables()
    t["contacts"] = conform("contacts", pa.table({"name": ["C"], "identifier": ["+447700900935"], "identifier_raw": ["x"]}))
    assert held(t)["written_numbers"] == []
    assert held({}) == {"searched": [], "several_names": [], "written_numbers": []}

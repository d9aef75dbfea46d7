"""google_maps_app: gmm_myplaces.db and da_destination_history built from the app's CREATE statements.

``sync_item`` / ``sync_corpus`` are the statements of the Maps helper that opens
``gmm_myplaces.db`` (database version 5, decompiled); ``destination_history`` is the
statement of the Maps navigation helper that opens ``da_destination_history``. The
``sync_item`` protobuf is built with the fields ALEAPP's ``googleMapsGmm.py`` reads
(6 -> 7 name, 2 address, 6 URL). There are no real Maps databases among the samples.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow as pa
import pytest
from conftest import probe_of, run_adapter

from devtriage.ingest import ADAPTERS, google_maps_app
from devtriage.schema import conform

T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z in Unix ms

MYPLACES_V5 = (
    "CREATE TABLE sync_item (corpus INTEGER, key_string TEXT, timestamp BIGINT, merge_key BIGINT, feature_fprint BIGINT, "
    "latitude INTEGER, longitude INTEGER, is_local BOOLEAN, sync_item BLOB, PRIMARY KEY (corpus, key_string));",
    "CREATE INDEX idx_sync_item_timestamp ON sync_item (corpus, timestamp);",
    "CREATE INDEX idx_sync_item_merge_key ON sync_item (corpus, merge_key);",
    "CREATE INDEX idx_sync_item_feature_fprint ON sync_item (corpus, feature_fprint);",
    "CREATE INDEX idx_sync_item_lat_long ON sync_item (corpus, latitude, longitude);",
    "CREATE TABLE sync_corpus (corpus INTEGER PRIMARY KEY, last_sync_time BIGINT);",
)
DESTINATION_V1 = (
    "CREATE TABLE destination_history (time INTEGER PRIMARY KEY, dest_lat INTEGER NOT NULL, dest_lng INTEGER NOT NULL, "
    "dest_title STRING, dest_address STRING, dest_token STRING, source_lat INTEGER NOT NULL, source_lng INTEGER NOT NULL, "
    "day_of_week INTEGER NOT NULL, hour_of_day INTEGER NOT NULL );",
)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _ld(field: int, payload: bytes) -> bytes:
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def place_proto(name: str | None, address: str | None, url: str | None) -> bytes:
    inner = _varint(1 << 3) + _varint(3)  # an unrelated varint field, as real messages have
    for field, value in ((7, name), (2, address), (6, url)):
        if value is not None:
            inner += _ld(field, value.encode())
    return _ld(1, b"\x08\x01") + _ld(6, inner)


def make_myplaces(path: Path, items) -> None:
    """items: (corpus, key_string, timestamp, lat_e6, lon_e6, blob)."""
    conn = sqlite3.connect(path)
    for s in MYPLACES_V5:
        conn.execute(s)
    conn.executemany(
        "INSERT INTO sync_item (corpus, key_string, timestamp, merge_key, feature_fprint, latitude, longitude, is_local, "
        "sync_item) VALUES (?,?,?,0,0,?,?,0,?)", items)
    conn.commit()
    conn.close()


def make_destinations(path: Path, rows) -> None:
    """rows: (time, dest_lat, dest_lng, title, address, source_lat, source_lng)."""
    conn = sqlite3.connect(path)
    for s in DESTINATION_V1:
        conn.execute(s)
    conn.executemany(
        "INSERT INTO destination_history VALUES (?,?,?,?,?,'tok',?,?,1,9)", rows)
    conn.commit()
    conn.close()


def _full(t: pa.Table) -> pa.Table:
    n = t.num_rows
    return conform("texts", t.append_column("device", pa.array(["d"] * n)).append_column("src_file", pa.array(["f"] * n)))


def test_saved_places(tmp_path):
    path = tmp_path / "gmm_myplaces.db"
    make_myplaces(path, [
        (0, "0:0", T0, 53_800_800, -1_549_100, place_proto(None, "12 Acacia Avenue, Leeds LS1 4AB", None)),
        (1, "abc", T0 + 1_000, 53_790_000, -1_540_000,
         place_proto("Jane's new flat", "Flat 3, 40 Park Rd, Leeds LS6 2AB", "https://maps.google.com/?cid=1")),
        (1, "url-only", T0 + 2_000, 0, 0, place_proto(None, None, "https://maps.google.com/?cid=2")),
        (1, "broken", T0 + 3_000, 1, 2, b"\x0a\xff\xff"),
    ])
    tables, warnings = run_adapter(google_maps_app, path,
                                   path="data/data/com.google.android.apps.maps/databases/gmm_myplaces.db")
    t = tables["texts"]
    _full(t)
    rows = t.to_pylist()
    assert [r["src_row"] for r in rows] == [1, 2, 3, 4]
    assert {r["src_table"] for r in rows} == {"sync_item"}
    assert {r["kind"] for r in rows} == {"saved_place"} and {r["app"] for r in rows} == {"google_maps"}
    assert rows[0]["text"] == "12 Acacia Avenue, Leeds LS1 4AB" and rows[0]["key_string"] == "0:0"
    assert rows[0]["lat"] == pytest.approx(53.8008) and rows[0]["lon"] == pytest.approx(-1.5491)
    assert rows[1]["text"] == "Jane's new flat\nFlat 3, 40 Park Rd, Leeds LS6 2AB"
    assert rows[1]["url"] == "https://maps.google.com/?cid=1"
    assert int(rows[1]["ts"].timestamp() * 1000) == T0 + 1_000
    assert rows[2]["text"] == "https://maps.google.com/?cid=2"
    assert rows[3]["title"] is None and rows[3]["text"] == "" and rows[3]["ts"] is not None
    assert any("1 places whose sync_item protobuf could not be read" in w.reason for w in warnings)


def test_destinations(tmp_path):
    path = tmp_path / "da_destination_history"
    make_destinations(path, [
        (T0, 53_800_800, -1_549_100, "12 Acacia Ave", "12 Acacia Avenue, Leeds LS1 4AB", 53_700_000, -1_500_000),
        (T0 + 86_400_000, 51_500_000, -120_000, None, "Leeds Station", 53_800_800, -1_549_100),
    ])
    tables, warnings = run_adapter(google_maps_app, path,
                                   path="data/data/com.google.android.apps.maps/databases/da_destination_history")
    t = tables["texts"]
    _full(t)
    rows = t.to_pylist()
    assert [r["kind"] for r in rows] == ["directions", "directions"]
    assert [r["src_row"] for r in rows] == [T0, T0 + 86_400_000]  # rowid = time (INTEGER PRIMARY KEY)
    assert {r["src_table"] for r in rows} == {"destination_history"}
    assert rows[0]["text"] == "12 Acacia Ave\n12 Acacia Avenue, Leeds LS1 4AB"
    assert rows[1]["text"] == "Leeds Station"
    assert int(rows[0]["ts"].timestamp() * 1000) == T0
    assert rows[0]["lat"] == pytest.approx(53.8008) and rows[1]["lon"] == pytest.approx(-0.12)
    assert rows[1]["source_lat"] == pytest.approx(53.8008)
    assert not warnings


def test_detect(tmp_path):
    a, b = tmp_path / "gmm_myplaces.db", tmp_path / "da_destination_history"
    make_myplaces(a, [])
    make_destinations(b, [])
    assert google_maps_app.detect(probe_of(a)) and google_maps_app.detect(probe_of(b))
    c = tmp_path / "other.db"
    conn = sqlite3.connect(c)
    conn.execute("CREATE TABLE sync_item (corpus INTEGER, key_string TEXT)")
    conn.commit()
    conn.close()
    assert not google_maps_app.detect(probe_of(c))
    assert ADAPTERS["google_maps_app"] is google_maps_app


def test_place_fields_reader():
    assert google_maps_app.place_fields(place_proto("A", "B", "C")) == ("A", "B", "C")
    assert google_maps_app.place_fields(b"") == (None, None, None)
    assert google_maps_app.place_fields(_ld(1, b"x")) == (None, None, None)

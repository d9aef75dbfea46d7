"""safari_history: Safari ``History.db``, built fixtures and synth round trips.

There is no real History.db among the samples. Layouts: schema 16 (iOS 14-17, as the synth
writer holds it) and the older layout published from a macOS Catalina History.db
(``history_items`` without ``status_code``), here with ``history_visits`` as iOS 9-10 wrote
it (without the later ``score``).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import numpy as np
from conftest import probe_of, run_adapter

from devtriage.ingest import ADAPTERS, safari_history
from devtriage.schema import conform
from devtriage.synth import browser as B

SAFARI = "private/var/mobile/Library/Safari/History.db"
T0 = 1_767_000_000_000

OLD_SCHEMA = (
    "CREATE TABLE history_items (id INTEGER PRIMARY KEY AUTOINCREMENT,url TEXT NOT NULL UNIQUE,domain_expansion TEXT "
    "NULL,visit_count INTEGER NOT NULL,daily_visit_counts BLOB NOT NULL,weekly_visit_counts BLOB NULL,"
    "autocomplete_triggers BLOB NULL,should_recompute_derived_visit_counts INTEGER NOT NULL,visit_count_score "
    "INTEGER NOT NULL)",
    "CREATE TABLE history_visits (id INTEGER PRIMARY KEY AUTOINCREMENT,history_item INTEGER NOT NULL REFERENCES "
    "history_items(id) ON DELETE CASCADE,visit_time REAL NOT NULL,title TEXT NULL,load_successful BOOLEAN NOT NULL "
    "DEFAULT 1,http_non_get BOOLEAN NOT NULL DEFAULT 0,synthesized BOOLEAN NOT NULL DEFAULT 0,redirect_source "
    "INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE,redirect_destination INTEGER NULL UNIQUE "
    "REFERENCES history_visits(id) ON DELETE CASCADE,origin INTEGER NOT NULL DEFAULT 0,generation INTEGER NOT NULL "
    "DEFAULT 0,attributes INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE history_tombstones (id INTEGER PRIMARY KEY AUTOINCREMENT,start_time REAL NOT NULL,end_time REAL NOT "
    "NULL,url TEXT,generation INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE metadata (key TEXT NOT NULL UNIQUE, value)",
)


def _ms(ts) -> int:
    return int(round(ts.timestamp() * 1000))


def _build(path, statements, items, visits):
    """``items`` (id, url), ``visits`` (id, item, unix ms, title)."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.executemany("INSERT INTO history_items (id, url, visit_count, daily_visit_counts, "
                     "should_recompute_derived_visit_counts, visit_count_score) VALUES (?, ?, 1, x'', 0, 100)", items)
    conn.executemany("INSERT INTO history_visits (id, history_item, visit_time, title) VALUES (?, ?, ?, ?)",
                     [(i, h, B.cocoa_time(ms), title) for i, h, ms, title in visits])
    conn.commit()
    conn.close()


def test_old_layout_rows(tmp_path):
    path = tmp_path / "History.db"
    items = [
        (1, "https://www.google.co.uk/maps/dir/My+Location/114+Victoria+Rd,+Leeds/@53.8,-1.5,13z"),
        (2, "https://www.google.com/search?q=Emily+Mohamed+Greggs&ie=UTF-8&oe=UTF-8&client=safari"),
        (3, "https://www.bbc.co.uk/news"),
        (4, "https://www.google.com/maps/search/LS6+1AA"),  # its visits have expired
    ]
    visits = [
        (1, 1, T0, "Google Maps"),
        (2, 2, T0 + 1_000, "Emily Mohamed Greggs - Google Search"),
        (3, 3, T0 + 2_000, "Home - BBC News"),
        (4, 3, T0 + 9_000, ""),  # a later visit without a title: the latest non-empty title is kept
        (5, 3, T0 + 5_000, "BBC News"),
        (6, 77, T0 + 3_000, "orphan"),
    ]
    _build(path, OLD_SCHEMA, items, visits)
    probe = probe_of(path, SAFARI)
    assert [n for n, mod in ADAPTERS.items() if mod.detect(probe)] == ["safari_history"]
    tables, warnings = run_adapter(safari_history, path, path=SAFARI)
    t = tables["texts"]
    conform("texts", t)
    rows = t.to_pylist()
    assert [(r["src_table"], r["src_row"], r["kind"], r["text"]) for r in rows] == [
        ("history_items", 1, "directions", "114 Victoria Rd, Leeds (from My Location)"),
        ("history_items", 2, "search", "Emily Mohamed Greggs"),
        ("history_items", 3, "visit", "BBC News https://www.bbc.co.uk/news"),
        ("history_items", 4, "maps_search", "LS6 1AA"),
    ]
    assert {r["app"] for r in rows} == {"safari"}
    r = rows[2]
    assert (_ms(r["ts"]), _ms(r["last_ts"]), r["visit_ids"], r["title"]) == (T0 + 2_000, T0 + 9_000, [3, 4, 5],
                                                                            "BBC News")
    assert rows[3]["ts"] is None and rows[3]["visit_ids"] is None
    reasons = " | ".join(w.reason for w in warnings)
    assert "1 history items without visits" in reasons
    assert "1 visits whose history item is missing" in reasons and sum(w.rows_skipped for w in warnings) == 1


def test_bad_times_and_text(tmp_path):
    path = tmp_path / "History.db"
    _build(path, B.SAFARI_HISTORY_V16, [(1, "https://example.org/a"), (2, "https://example.org/b")],
           [(1, 1, T0, "fine")])
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO history_visits (id, history_item, visit_time, title) VALUES (2, 2, 0, CAST(? AS TEXT))",
                 (b"b\xffad",))
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(safari_history, path, path=SAFARI)
    rows = tables["texts"].to_pylist()
    assert [r["text"] for r in rows] == ["fine https://example.org/a", "b\ufffdad https://example.org/b"]
    assert rows[1]["ts"] is None and rows[0]["ts"] is not None
    reasons = " | ".join(w.reason for w in warnings)
    assert "visit_time 0" in reasons and "U+FFFD" in reasons


def test_synth_writer_round_trip(tmp_path):
    rng = np.random.default_rng(3)
    items = B.everyday_browsing(rng, T0, T0 + 3 * 86_400_000, 120)
    n = len(items)
    items += [
        B.Search(T0 + 3_600_000, "Jane Doe Acme Leeds"),
        B.Search(T0 + 7_200_000, "12 Acacia Ave Leeds LS1 4AB", maps=True),
        B.Visit(T0 + 9_000_000, B.maps_dir_url("", "12 Acacia Ave, Leeds LS1 4AB"), B.maps_title("12 Acacia Ave")),
    ]
    path = tmp_path / "History.db"
    placed = B.write_safari_history(path, items)
    tables, warnings = run_adapter(safari_history, path, path=SAFARI)
    assert warnings == []
    t = tables["texts"]
    conform("texts", t)
    rows = {(r["src_table"], r["src_row"]): r for r in t.to_pylist()}
    assert len(rows) == sqlite3.connect(path).execute("SELECT count(*) FROM history_items").fetchone()[0]
    for item, where in zip(items, placed):
        r = rows[("history_items", dict(where)["history_items"])]
        assert dict(where)["history_visits"] in r["visit_ids"]
        assert _ms(r["ts"]) <= item.ts_ms <= _ms(r["last_ts"])
        if isinstance(item, B.Search):
            assert (r["kind"], r["text"]) == ("maps_search" if item.maps else "search", item.term)
    d = rows[("history_items", dict(placed[n + 2])["history_items"])]
    assert (d["kind"], d["text"]) == ("directions", "12 Acacia Ave, Leeds LS1 4AB")
    s = rows[("history_items", dict(placed[n])["history_items"])]
    assert (s["kind"], s["text"], _ms(s["ts"])) == ("search", "Jane Doe Acme Leeds", T0 + 3_600_000)


def test_synth_device_planted_rows(tmp_path):
    """Every Safari row a synthetic iOS device plants (truth.json) is read back with its provenance."""
    from devtriage.synth.generate import generate

    paths = generate(tmp_path, 2, "tiny", 42, ["fixated", "fixated"])
    dev = next(p for p in paths if p.name.endswith("ios"))
    truth = json.loads((tmp_path / f"{dev.name}.truth.json").read_text())
    planted = [r for s in truth["scenarios"] for r in s.get("planted_knowledge", []) if r["file"] == SAFARI]
    assert planted, "the fixated scenario plants Safari rows"
    know = {k["ts"]: k for s in truth["scenarios"] for k in s["params"].get("knowledge", [])}
    tables, warnings = run_adapter(safari_history, dev / SAFARI, path=SAFARI)
    assert warnings == []
    rows = tables["texts"].to_pylist()
    keyed = {(r["src_table"], r["src_row"]): r for r in rows}
    kinds = set()
    for p in planted:
        k = know[p["ts"]]
        if p["table"] == "history_visits":
            assert any(p["rowid"] in (r["visit_ids"] or []) for r in rows), p
            continue
        r = keyed[(p["table"], p["rowid"])]
        when = datetime.fromisoformat(p["ts"].replace("Z", "+00:00")).astimezone(UTC)
        assert r["ts"] <= when <= r["last_ts"]
        assert (r["kind"], r["text"]) == ({"maps": "maps_search"}.get(k["kind"], k["kind"]), k["text"])
        kinds.add(k["kind"])
    assert kinds == {"search", "maps", "directions"}

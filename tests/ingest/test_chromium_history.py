"""chromium_history: Chrome / Samsung Internet ``History``, built fixtures and synth round trips.

There is no real History file among the samples. Layouts: the version-70 statements of
Chromium's own ``components/test/data/history/history.70.sql`` (as the synth writer holds
them) and the older layout plaso's Chrome-history plugin lists for Chrome 19/20 (``urls``
with ``favicon_id``, ``visits`` with ``is_indexed``, ``keyword_search_terms`` with
``lower_term``: renamed ``normalized_term`` by the version-42 migration).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import numpy as np
import pytest
from conftest import probe_of, run_adapter

from devtriage.ingest import ADAPTERS, chromium_history, urltext
from devtriage.schema import conform
from devtriage.synth import browser as B

CHROME = "data/data/com.android.chrome/app_chrome/Default/History"
SAMSUNG = "data/data/com.sec.android.app.sbrowser/app_sbrowser/Default/History"
T0 = 1_767_000_000_000  # 2025-12-29, Unix ms

OLD_SCHEMA = (  # Chrome 19/20 era (meta version 20), as plaso's chrome_8_history plugin lists it
    "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)",
    "CREATE TABLE urls(id INTEGER PRIMARY KEY,url LONGVARCHAR,title LONGVARCHAR,visit_count INTEGER DEFAULT 0 NOT "
    "NULL,typed_count INTEGER DEFAULT 0 NOT NULL,last_visit_time INTEGER NOT NULL,hidden INTEGER DEFAULT 0 NOT "
    "NULL,favicon_id INTEGER DEFAULT 0 NOT NULL)",
    "CREATE TABLE visits(id INTEGER PRIMARY KEY,url INTEGER NOT NULL,visit_time INTEGER NOT NULL,from_visit INTEGER,"
    "transition INTEGER DEFAULT 0 NOT NULL,segment_id INTEGER,is_indexed BOOLEAN)",
    "CREATE TABLE keyword_search_terms (keyword_id INTEGER NOT NULL,url_id INTEGER NOT NULL,lower_term LONGVARCHAR "
    "NOT NULL,term LONGVARCHAR NOT NULL)",
    "CREATE TABLE visit_source(id INTEGER PRIMARY KEY,source INTEGER NOT NULL)",
    "CREATE TABLE segments (id INTEGER PRIMARY KEY,name VARCHAR,url_id INTEGER NON NULL,pres_index INTEGER DEFAULT "
    "-1 NOT NULL)",
)


def _ms(row_ts) -> int:
    return int(row_ts.timestamp() * 1000)


def _v70(path, urls, visits, terms, version="70"):
    """A version-70 History: ``urls`` (id, url, title, last_ms), ``visits`` (id, url_id, ms), ``terms``."""
    conn = sqlite3.connect(path)
    for statement in B.CHROME_HISTORY_V70:
        conn.execute(statement)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("version", version), ("last_compatible_version", "16")])
    conn.executemany("INSERT INTO urls (id, url, title, visit_count, typed_count, last_visit_time, hidden) "
                     "VALUES (?, ?, ?, 1, 0, ?, 0)", [(i, u, t, B.chrome_time(ms)) for i, u, t, ms in urls])
    conn.executemany("INSERT INTO visits (id, url, visit_time, transition) VALUES (?, ?, ?, 805306368)",
                     [(i, u, B.chrome_time(ms)) for i, u, ms in visits])
    conn.executemany("INSERT INTO keyword_search_terms (keyword_id, url_id, term, normalized_term) VALUES (2, ?, ?, ?)",
                     [(u, t, B.normalize_term(t)) for u, t in terms])
    conn.commit()
    conn.close()


def test_v70_kinds_texts_times(tmp_path):
    path = tmp_path / "History"
    g = "https://www.google.com/search?q=Jane+Doe+Leeds&oq=Jane+Doe+Leeds&sourceid=chrome-mobile&ie=UTF-8"
    urls = [
        (1, g, "Jane Doe Leeds - Google Search", T0 + 5_000),
        (2, "https://www.google.com/maps/dir/Home/12+Acacia+Ave,+Leeds+LS1+4AB/@53.8,-1.5,14z/data=!4m2!4m1",
         "Directions - Google Maps", T0 + 60_000),
        (3, "https://www.google.co.uk/maps/place/12+Acacia+Avenue/@53.8008,-1.5491,17z", "12 Acacia Avenue",
         T0 + 70_000),
        (4, "https://www.bing.com/search?q=07700+900123&form=QBLH", "07700 900123 - Search", T0 + 80_000),
        (5, "https://www.bbc.co.uk/news/uk-12+Acacia", "UK - BBC News", T0 + 90_000),
        (6, "https://www.google.com/maps/search/LS1+4AB", "LS1 4AB - Google Maps", T0 + 100_000),  # visits expired
    ]
    visits = [(1, 1, T0), (2, 2, T0 + 60_000), (3, 3, T0 + 70_000), (4, 4, T0 + 80_000), (5, 5, T0 + 85_000),
              (6, 5, T0 + 90_000), (7, 1, T0 + 5_000), (8, 99, T0 + 1)]  # visit 8: its URL row is gone
    _v70(path, urls, visits, [(1, "Jane Doe Leeds")])
    probe = probe_of(path, CHROME)
    assert [n for n, mod in ADAPTERS.items() if mod.detect(probe)] == ["chromium_history"]
    tables, warnings = run_adapter(chromium_history, path, path=CHROME)
    t = tables["texts"]
    conform("texts", t)
    rows = t.to_pylist()
    got = [(r["src_table"], r["src_row"], r["kind"], r["text"]) for r in rows]
    assert got == [
        ("urls", 1, "visit", "Jane Doe Leeds - Google Search https://www.google.com/search?q=Jane Doe Leeds&oq=Jane "
                             "Doe Leeds&sourceid=chrome-mobile&ie=UTF-8"),
        ("urls", 2, "directions", "12 Acacia Ave, Leeds LS1 4AB (from Home)"),
        ("urls", 3, "maps_search", "12 Acacia Avenue"),
        ("urls", 4, "search", "07700 900123"),
        ("urls", 5, "visit", "UK - BBC News https://www.bbc.co.uk/news/uk-12 Acacia"),
        ("urls", 6, "maps_search", "LS1 4AB"),
        ("keyword_search_terms", 1, "search", "Jane Doe Leeds"),
    ]
    assert all(r["app"] == "chrome" for r in rows)
    by = {(r["src_table"], r["src_row"]): r for r in rows}
    assert _ms(by["urls", 5]["ts"]) == T0 + 85_000 and _ms(by["urls", 5]["last_ts"]) == T0 + 90_000
    assert by["urls", 5]["visit_ids"] == [5, 6] and by["urls", 1]["visit_ids"] == [1, 7]
    assert _ms(by["urls", 6]["ts"]) == T0 + 100_000 and by["urls", 6]["visit_ids"] is None
    s = by["keyword_search_terms", 1]
    assert _ms(s["ts"]) == T0 and _ms(s["last_ts"]) == T0 + 5_000
    assert (s["url_id"], s["keyword_id"], s["normalized_term"], s["url"]) == (1, 2, "jane doe leeds", g)
    reasons = " | ".join(w.reason for w in warnings)
    assert "1 URLs without visit rows" in reasons
    assert "1 visits whose URL row is missing" in reasons and sum(w.rows_skipped for w in warnings) == 1


def test_old_schema_lower_term_samsung(tmp_path):
    path = tmp_path / "History"
    conn = sqlite3.connect(path)
    for statement in OLD_SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT INTO meta VALUES ('version', '20')")
    conn.execute("INSERT INTO urls VALUES (1, 'https://www.google.co.uk/search?q=Acacia+Ave+Leeds', "
                 "'Acacia Ave Leeds - Google Search', 1, 0, ?, 0, 0)", (B.chrome_time(T0),))
    conn.execute("INSERT INTO urls VALUES (2, 'https://duckduckgo.com/?q=jane%40example.com&t=h_', 'DDG', 1, 0, ?, 0, 0)",
                 (B.chrome_time(T0 + 1000),))
    conn.execute("INSERT INTO visits VALUES (1, 1, ?, 0, 1, 0, 1)", (B.chrome_time(T0),))
    conn.execute("INSERT INTO visits VALUES (2, 2, ?, 0, 1, 0, 1)", (B.chrome_time(T0 + 1000),))
    conn.execute("INSERT INTO keyword_search_terms VALUES (3, 1, 'acacia ave leeds', 'Acacia Ave Leeds')")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(chromium_history, path, path=SAMSUNG)
    assert warnings == []
    rows = tables["texts"].to_pylist()
    assert [(r["src_table"], r["kind"], r["text"], r["normalized_term"]) for r in rows] == [
        ("urls", "visit", "Acacia Ave Leeds - Google Search https://www.google.co.uk/search?q=Acacia Ave Leeds", None),
        ("urls", "search", "jane@example.com", None),
        ("keyword_search_terms", "search", "Acacia Ave Leeds", "acacia ave leeds"),
    ]
    assert {r["app"] for r in rows} == {"samsung_internet"}
    assert _ms(rows[2]["ts"]) == T0


def test_bad_values_and_old_epoch(tmp_path):
    path = tmp_path / "History"
    _v70(path, [(1, "https://example.org/", "ok", T0)], [(1, 1, T0)], [], version="16")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO urls (id, url, title, last_visit_time) VALUES (2, 'https://example.org/b', "
                 "CAST(? AS TEXT), 0)", (b"T\xffitle",))
    conn.execute("INSERT INTO visits (id, url, visit_time) VALUES (2, 2, 0)")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(chromium_history, path, path="some/other/browser/History")
    reasons = " | ".join(w.reason for w in warnings)
    assert "version 16 predates" in reasons and "U+FFFD" in reasons
    rows = tables["texts"].to_pylist()
    assert [r["text"] for r in rows] == ["ok https://example.org/", "T\ufffditle https://example.org/b"]
    assert rows[1]["ts"] is None and rows[0]["ts"] is not None
    assert {r["app"] for r in rows} == {"chromium"}


def test_not_detected_elsewhere(tmp_path):
    path = tmp_path / "History.db"
    conn = sqlite3.connect(path)
    for statement in B.SAFARI_HISTORY_V16:
        conn.execute(statement)
    conn.close()
    assert not chromium_history.detect(probe_of(path))


def test_app_of():
    assert chromium_history.app_of(CHROME) == "chrome"
    assert chromium_history.app_of(SAMSUNG) == "samsung_internet"
    assert chromium_history.app_of("data/data/com.chrome.beta/app_chrome/Default/History") == "chrome"
    assert chromium_history.app_of("data/data/com.brave.browser/app_chrome/Default/History") == "chromium"


@pytest.mark.parametrize("url, expect", [
    ("https://www.google.com/maps/dir//12+Acacia+Ave,+Leeds+LS1+4AB", ("directions", "12 Acacia Ave, Leeds LS1 4AB")),
    ("https://www.google.com/maps/dir/Work/Gym/12+Acacia+Ave/@53.8,-1.5,13z/data=!3m1",
     ("directions", "Gym / 12 Acacia Ave (from Work)")),
    ("https://www.google.com/maps/dir/?api=1&destination=LS1%204AB", ("directions", "LS1 4AB")),
    ("https://maps.google.com/maps?saddr=Home&daddr=12+Acacia+Ave", ("directions", "12 Acacia Ave (from Home)")),
    ("https://www.google.com/maps/search/12+Acacia+Ave/@53.8,-1.5,15z", ("maps_search", "12 Acacia Ave")),
    ("https://www.google.com/maps/search/?api=1&query=Leeds%20LS1", ("maps_search", "Leeds LS1")),
    ("https://maps.google.co.uk/?q=Jane%27s+work", ("maps_search", "Jane's work")),
    ("https://www.google.com/maps?q=53.8,-1.5", ("maps_search", "53.8,-1.5")),
    ("https://www.google.com/maps/@53.8,-1.5,14z", None),
    ("https://www.google.de/search?q=Stra%C3%9Fe+12&hl=de", ("search", "Straße 12")),
    ("https://www.google.com/#q=Jane+Doe", ("search", "Jane Doe")),
    ("https://www.bing.com/search?q=Jane+DOE", ("search", "Jane DOE")),
    ("https://html.duckduckgo.com/html/?q=jane", ("search", "jane")),
    ("https://search.yahoo.com/search?p=07700900123", ("search", "07700900123")),
    ("https://www.bing.com/maps?q=x", None),
    ("https://notgoogle.com/search?q=x", None),
    ("https://www.google.com.evil.net/search?q=x", None),
    ("file:///sdcard/a.html", None),
    ("http://[::1", None),
])
def test_classify(url, expect):
    assert urltext.classify(url) == expect


def _items():
    rng = np.random.default_rng(7)
    items = B.everyday_browsing(rng, T0, T0 + 4 * 86_400_000, 150)
    planted = [
        B.Search(T0 + 3_600_000, "Jane Doe Acme Leeds"),
        B.Search(T0 + 7_200_000, "12 Acacia Ave Leeds LS1 4AB", maps=True),
        B.Visit(T0 + 9_000_000, B.maps_dir_url("", "12 Acacia Ave, Leeds LS1 4AB"), B.maps_title("12 Acacia Ave")),
    ]
    return items + planted, len(items)


def test_synth_writer_round_trip(tmp_path):
    items, first_planted = _items()
    path = tmp_path / "History"
    placed = B.write_chrome_history(path, items)
    tables, warnings = run_adapter(chromium_history, path, path=CHROME)
    assert warnings == []
    t = tables["texts"]
    conform("texts", t)
    rows = {(r["src_table"], r["src_row"]): r for r in t.to_pylist()}
    n_urls = sqlite3.connect(path).execute("SELECT count(*) FROM urls").fetchone()[0]
    assert sum(1 for k in rows if k[0] == "urls") == n_urls
    for item, where in zip(items, placed):
        url_row = rows[("urls", dict(where)["urls"])]
        assert dict(where)["visits"] in url_row["visit_ids"]
        assert _ms(url_row["ts"]) <= item.ts_ms <= _ms(url_row["last_ts"])
        if "keyword_search_terms" in dict(where):
            s = rows[("keyword_search_terms", dict(where)["keyword_search_terms"])]
            assert (s["kind"], s["text"]) == ("search", item.term)
            assert url_row["kind"] == "visit"
        elif isinstance(item, B.Search):  # a Maps search
            assert (url_row["kind"], url_row["text"]) == ("maps_search", item.term)
        else:
            assert url_row["kind"] == "visit" or url_row["kind"] == "directions"
    d = rows[("urls", dict(placed[first_planted + 2])["urls"])]
    assert (d["kind"], d["text"]) == ("directions", "12 Acacia Ave, Leeds LS1 4AB")
    s = rows[("keyword_search_terms", dict(placed[first_planted])["keyword_search_terms"])]
    assert s["text"] == "Jane Doe Acme Leeds" and _ms(s["ts"]) == T0 + 3_600_000


def test_synth_device_planted_rows(tmp_path):
    """Every browser row a synthetic device plants (truth.json) is read back with its provenance."""
    from devtriage.synth.generate import generate

    paths = generate(tmp_path, 1, "tiny", 42, ["fixated"])
    dev = paths[0]
    truth = json.loads((tmp_path / f"{dev.name}.truth.json").read_text())
    planted = [r for s in truth["scenarios"] for r in s.get("planted_knowledge", []) if r["file"] == CHROME]
    assert planted, "the fixated scenario plants browser rows"
    tables, warnings = run_adapter(chromium_history, dev / CHROME, path=CHROME)
    assert warnings == []
    rows = tables["texts"].to_pylist()
    keyed = {(r["src_table"], r["src_row"]): r for r in rows}
    know = {k["ts"]: k for s in truth["scenarios"] for k in s["params"].get("knowledge", [])}
    kinds = set()
    for p in planted:
        when = datetime.fromisoformat(p["ts"].replace("Z", "+00:00")).astimezone(UTC)
        k = know[p["ts"]]
        if p["table"] == "visits":
            assert any(r["src_table"] == "urls" and p["rowid"] in (r["visit_ids"] or []) for r in rows), p
            continue
        r = keyed[(p["table"], p["rowid"])]
        assert r["ts"] <= when <= r["last_ts"]
        if p["table"] == "keyword_search_terms":
            assert (r["kind"], r["text"]) == ("search", k["text"])
        elif k["kind"] in ("maps", "directions"):
            assert (r["kind"], r["text"]) == ({"maps": "maps_search"}.get(k["kind"], k["kind"]), k["text"])
        else:
            assert r["kind"] == "visit" and k["text"] in r["text"]
        kinds.add(k["kind"])
    assert kinds == {"search", "maps", "directions"}

"""Chrome History / Safari History.db builders: schema, times, rowids, determinism."""

import hashlib
import sqlite3

import numpy as np
import pytest

from devtriage.synth import browser as b

T0 = 1_735_732_800_123  # 2025-01-01 12:00:00.123 UTC

# Chromium components/test/data/history/history.70.sql
CHROME_TABLES = {
    "meta", "urls", "sqlite_sequence", "visits", "visit_source", "keyword_search_terms", "downloads",
    "downloads_url_chains", "downloads_slices", "segments", "segment_usage", "content_annotations",
    "context_annotations", "clusters", "clusters_and_visits", "cluster_keywords", "cluster_visit_duplicates",
    "visited_links", "history_sync_metadata",
}
CHROME_COLUMNS = {
    "urls": ["id", "url", "title", "visit_count", "typed_count", "last_visit_time", "hidden"],
    "visits": ["id", "url", "visit_time", "from_visit", "external_referrer_url", "transition", "segment_id",
               "visit_duration", "incremented_omnibox_typed_score", "opener_visit", "originator_cache_guid",
               "originator_visit_id", "originator_from_visit", "originator_opener_visit", "is_known_to_sync",
               "consider_for_ntp_most_visited", "visited_link_id", "app_id"],
    "keyword_search_terms": ["keyword_id", "url_id", "term", "normalized_term"],
    "segments": ["id", "name", "url_id"],
    "segment_usage": ["id", "segment_id", "time_slot", "visit_count"],
    "meta": ["key", "value"],
}
# SafariShared WBSHistorySQLiteSchema, schema version 16
SAFARI_TABLES = {
    "history_items", "sqlite_sequence", "history_visits", "history_tombstones", "metadata", "history_client_versions",
    "history_event_listeners", "history_events", "history_tags", "history_items_to_tags",
}
SAFARI_COLUMNS = {
    "history_items": ["id", "url", "domain_expansion", "visit_count", "daily_visit_counts", "weekly_visit_counts",
                      "autocomplete_triggers", "should_recompute_derived_visit_counts", "visit_count_score",
                      "status_code"],
    "history_visits": ["id", "history_item", "visit_time", "title", "load_successful", "http_non_get", "synthesized",
                       "redirect_source", "redirect_destination", "origin", "generation", "attributes", "score"],
}

PLANTED = [
    b.Visit(T0, "https://www.bbc.co.uk/news", "Home - BBC News"),
    b.Search(T0 + 61_007, "12 Acacia Avenue Leeds"),
    b.Search(T0 + 120_500, "Straße nach Łódź", maps=True),
    b.Visit(T0 + 180_999, b.maps_dir_url("Leeds station", "12 Acacia Avenue, Leeds LS1 4AB"), "Directions - Google Maps"),
    b.Search(T0 + 240_000, "  Jane   DOE new number "),
    b.Visit(T0 + 300_000, "https://www.bbc.co.uk/news", "Home - BBC News", typed=True),
    b.Search(T0 - 5_000, "Łódź pogoda"),  # out of time order on input
]


def _tables(conn):
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _cols(conn, table):
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


@pytest.fixture
def chrome(tmp_path):
    path = tmp_path / "History"
    placed = b.write_chrome_history(path, PLANTED)
    conn = sqlite3.connect(path)
    yield conn, placed
    conn.close()


@pytest.fixture
def safari(tmp_path):
    path = tmp_path / "History.db"
    placed = b.write_safari_history(path, PLANTED)
    conn = sqlite3.connect(path)
    yield conn, placed
    conn.close()


def test_chrome_schema(chrome):
    conn, _ = chrome
    assert _tables(conn) == CHROME_TABLES
    for table, cols in CHROME_COLUMNS.items():
        assert _cols(conn, table) == cols, table
    assert dict(conn.execute("SELECT key, value FROM meta")) == {
        "mmap_status": "-1", "version": "70", "last_compatible_version": "16"}
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL")}
    assert {"visits_url_index", "visits_time_index", "keyword_search_terms_index1", "urls_url_index"} <= indexes


def test_chrome_rows_times_and_transitions(chrome):
    conn, placed = chrome
    for item, where in zip(PLANTED, placed):
        where = dict(where)
        url, title, last = conn.execute(
            "SELECT url, title, last_visit_time FROM urls WHERE id=?", (where["urls"],)).fetchone()
        vurl, vtime, transition = conn.execute(
            "SELECT url, visit_time, transition FROM visits WHERE id=?", (where["visits"],)).fetchone()
        assert vurl == where["urls"]
        assert b.from_chrome_time(vtime) == item.ts_ms  # exact (microseconds hold every ms)
        assert vtime == (item.ts_ms + 11_644_473_600_000) * 1000
        assert last >= vtime
        if isinstance(item, b.Search) and not item.maps:
            assert url == b.google_search_url(item.term)
            assert transition == 0x32000005  # GENERATED | CHAIN_START | CHAIN_END | FROM_ADDRESS_BAR
            kw, url_id, term, norm = conn.execute(
                "SELECT keyword_id, url_id, term, normalized_term FROM keyword_search_terms WHERE rowid=?",
                (where["keyword_search_terms"],)).fetchone()
            assert (kw, url_id, term, norm) == (b.GOOGLE_KEYWORD_ID, where["urls"], item.term, b.normalize_term(item.term))
        elif isinstance(item, b.Search):
            assert url.startswith("https://www.google.com/maps/search/") and "keyword_search_terms" not in where
            assert transition == 0x30000000
        else:
            assert url == item.url and title == item.title
            assert transition == (0x32000001 if item.typed else 0x30000000)
    # repeated URL: one urls row, two visits, typed once
    assert conn.execute("SELECT visit_count, typed_count FROM urls WHERE url='https://www.bbc.co.uk/news'").fetchone() == (2, 1)
    assert b.normalize_term("  Jane   DOE new number ") == "jane doe new number"
    # ids follow time order (the out-of-order search is the first visit)
    assert dict(placed[-1])["visits"] == 1


def test_chrome_non_ascii_and_segments(chrome):
    conn, placed = chrome
    where = dict(placed[-1])
    assert conn.execute("SELECT term FROM keyword_search_terms WHERE rowid=?",
                        (where["keyword_search_terms"],)).fetchone()[0] == "Łódź pogoda"
    url = conn.execute("SELECT url FROM urls WHERE id=?", (dict(placed[2])["urls"],)).fetchone()[0]
    assert url == "https://www.google.com/maps/search/Stra%C3%9Fe+nach+%C5%81%C3%B3d%C5%BA"
    assert b.chrome_segment_name("https://www.bbc.co.uk/news?x=1#y") == "http://bbc.co.uk/news"
    seg = conn.execute("SELECT segment_id FROM visits WHERE id=?", (dict(placed[0])["visits"],)).fetchone()[0]
    assert conn.execute("SELECT name FROM segments WHERE id=?", (seg,)).fetchone()[0] == "http://bbc.co.uk/news"
    assert conn.execute("SELECT SUM(visit_count) FROM segment_usage WHERE segment_id=?", (seg,)).fetchone()[0] == 2


def test_safari_schema_rows_and_times(safari):
    conn, placed = safari
    assert _tables(conn) == SAFARI_TABLES
    for table, cols in SAFARI_COLUMNS.items():
        assert _cols(conn, table) == cols, table
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 16
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert triggers == {"increment_count_on_insert", "decrement_count_on_delete"}
    for item, where in zip(PLANTED, placed):
        where = dict(where)
        hid, vtime, title = conn.execute(
            "SELECT history_item, visit_time, title FROM history_visits WHERE id=?", (where["history_visits"],)).fetchone()
        assert hid == where["history_items"]
        assert b.from_cocoa_time(vtime) == item.ts_ms
        url = conn.execute("SELECT url FROM history_items WHERE id=?", (hid,)).fetchone()[0]
        if isinstance(item, b.Search) and not item.maps:
            assert url == b.google_search_url(item.term, "safari") and title == b.search_title(item.term)
        elif isinstance(item, b.Visit):
            assert url == item.url and title == item.title
    assert conn.execute("SELECT title FROM history_visits WHERE id=?",
                        (dict(placed[2])["history_visits"],)).fetchone()[0] == "Straße nach Łódź - Google Maps"
    assert conn.execute("SELECT visit_count, domain_expansion FROM history_items WHERE url='https://www.bbc.co.uk/news'"
                        ).fetchone() == (2, "bbc")
    assert b.safari_domain_expansion("https://news.sky.com/uk") == "news.sky"


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_bytes(tmp_path):
    start, end = T0, T0 + 14 * 86_400_000
    hashes = []
    for run in range(2):
        items = b.everyday_browsing(np.random.default_rng(7), start, end, 300) + PLANTED
        c, s = tmp_path / f"History{run}", tmp_path / f"History{run}.db"
        b.write_chrome_history(c, items)
        b.write_safari_history(s, items)
        hashes.append((_sha(c), _sha(s)))
    assert hashes[0] == hashes[1]
    other = b.everyday_browsing(np.random.default_rng(8), start, end, 300)
    assert other != b.everyday_browsing(np.random.default_rng(7), start, end, 300)


def test_everyday_browsing_shape():
    start, end = T0, T0 + 28 * 86_400_000
    items = b.everyday_browsing(np.random.default_rng(1), start, end, 2000, tz="Europe/London")
    assert len(items) == 2000
    ts = np.array([i.ts_ms for i in items])
    assert (np.diff(ts) >= 0).all() and ts.min() >= start and ts.max() < end
    hours = (ts // 3_600_000) % 24  # January: London = UTC
    night = np.isin(hours, [2, 3, 4, 5]).mean()
    evening = np.isin(hours, [19, 20, 21]).mean()
    assert night < 0.03 and evening > 0.2
    kinds = [type(i).__name__ + str(getattr(i, "maps", "")) for i in items]
    assert 0.4 < kinds.count("Visit") / 2000 < 0.8 and kinds.count("SearchTrue") > 100
    pl = b.everyday_browsing(np.random.default_rng(1), start, end, 200, lang="pl")
    assert any("ł" in i.term or "ż" in i.term for i in pl if isinstance(i, b.Search))


def test_refuses_to_overwrite(tmp_path):
    path = tmp_path / "History"
    path.write_bytes(b"x")
    with pytest.raises(FileExistsError):
        b.write_chrome_history(path, PLANTED)

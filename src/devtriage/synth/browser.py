"""Builders for mobile browser history in its real on-disk formats.

Two writers take one input model, a sequence of :class:`Visit` (``ts_ms``, ``url``,
``title``) and :class:`Search` (``ts_ms``, ``term``; ``maps=True`` for a Google Maps
search) items, and return for every input item where it was written, as
``((table, rowid), ...)`` pairs relative to the file (for example
``(("urls", 17), ("visits", 31), ("keyword_search_terms", 4))``), so a ground-truth
file can point at the planted rows.

* Chrome / Chromium ``History`` (Android:
  ``data/data/com.android.chrome/app_chrome/Default/History``), :func:`write_chrome_history`.
  Schema version 70 (``meta`` version 70, last_compatible_version 16; Chrome of 2024-2025),
  statement for statement from Chromium's own dump of a version-70 database,
  ``components/test/data/history/history.70.sql`` (chromium/chromium), whose ``visits``
  statement matches ``components/history/core/browser/visit_database.cc`` of that
  generation. Times are microseconds since 1601-01-01 UTC (``base::Time`` internal value).
  ``transition`` is a ``ui::PageTransition``: core type in the low byte (0 LINK, 1 TYPED,
  5 GENERATED, ...) OR'd with qualifiers (0x10000000 CHAIN_START, 0x20000000 CHAIN_END,
  0x02000000 FROM_ADDRESS_BAR), as in ``ui/base/page_transition_types.h``. A search typed
  in the omnibox is a GENERATED visit to the Google results URL plus a
  ``keyword_search_terms`` row (``keyword_id`` = the default engine's id in ``Web Data``;
  :data:`GOOGLE_KEYWORD_ID` by default). Segments follow
  ``VisitSegmentDatabase::ComputeSegmentName`` (host without ``www.``/``m.``/``mobile.``/
  ``touch.``, https shown as http, no query or fragment) with one ``segment_usage`` row per
  segment and local day. Written columns follow ``VisitDatabase::AddVisit`` (0 / ``''``
  rather than NULL in the sync columns). Not written: ``context_annotations`` /
  ``content_annotations`` / clusters (Chrome fills them asynchronously), downloads.

* Safari ``History.db`` (iOS: ``private/var/mobile/Library/Safari/History.db``, iOS 14-17),
  :func:`write_safari_history`. History schema version 16 (``PRAGMA user_version = 16``):
  the CREATE TABLE / TRIGGER statements of ``-[WBSHistorySQLiteSchema
  migrateToCurrentSchemaVersionIfNeeded]`` (SafariShared, as decompiled in public iOS
  framework dumps; version 16 adds ``history_items.status_code``) and the five indexes a
  real History.db lists (``history_items__domain_expansion``, ``history_visits__last_visit``,
  ``history_visits__origin``, ``history_tombstones__generation``,
  ``history_tombstones__end_time``). ``visit_time`` is Core Data seconds since 2001-01-01
  UTC as a float. ``domain_expansion`` is the host label(s) without ``www.`` and the public
  suffix (``bbc`` for ``www.bbc.co.uk``). Assumptions (no public source pins them): a visit
  ``score`` / ``visit_count_score`` of 100 per visit, ``daily_visit_counts`` as little-endian
  int32 scores per day ending on the last visit's day (up to 30 days); ``metadata`` and
  ``history_client_versions`` are left empty.

:func:`everyday_browsing` makes the background: news, football, weather, recipes,
shopping, bus times and map look-ups several times a day with a daily rhythm. Every
function is deterministic: no wall clock, ids in time order, fixed PRAGMAs.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, quote_plus, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import numpy as np

ANDROID_CHROME_HISTORY = "data/data/com.android.chrome/app_chrome/Default/History"
IOS_SAFARI_HISTORY = "private/var/mobile/Library/Safari/History.db"

WEBKIT_EPOCH_OFFSET_MS = 11_644_473_600_000  # 1601-01-01 -> 1970-01-01
COCOA_EPOCH_MS = 978_307_200_000  # 1970-01-01 -> 2001-01-01

# ui::PageTransition (ui/base/page_transition_types.h)
PT_LINK = 0
PT_TYPED = 1
PT_GENERATED = 5
PT_CORE_MASK = 0xFF
PT_FROM_ADDRESS_BAR = 0x02000000
PT_CHAIN_START = 0x10000000
PT_CHAIN_END = 0x20000000
PT_CHAIN = PT_CHAIN_START | PT_CHAIN_END

GOOGLE_KEYWORD_ID = 2  # keywords.id of the default (Google) engine in Web Data; a profile setting

SAFARI_VISIT_SCORE = 100  # assumed score of one ordinary visit (see module docstring)

Placed = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Visit:
    """A page view: ``ts_ms`` Unix ms (UTC); ``typed`` = URL typed in the address bar."""

    ts_ms: int
    url: str
    title: str
    typed: bool = False


@dataclass(frozen=True)
class Search:
    """A search typed in the address bar (``maps=False``) or in Google Maps (``maps=True``)."""

    ts_ms: int
    term: str
    maps: bool = False


Item = Visit | Search


# --- URLs -------------------------------------------------------------------------------------


def google_search_url(term: str, client: str = "chrome-mobile") -> str:
    """The results URL a mobile browser opens for an address-bar search."""
    q = quote_plus(term)
    if client == "safari":
        return f"https://www.google.com/search?q={q}&ie=UTF-8&oe=UTF-8&hl=en-gb&client=safari"
    return f"https://www.google.com/search?q={q}&oq={q}&sourceid=chrome-mobile&ie=UTF-8"


def maps_search_url(query: str) -> str:
    """``https://www.google.com/maps/search/<query>`` (spaces as ``+``, as Maps writes them)."""
    return "https://www.google.com/maps/search/" + quote(query, safe="").replace("%20", "+")


def maps_place_url(name: str, lat: float, lon: float, zoom: int = 17) -> str:
    """A Maps place page: ``/maps/place/<name>/@lat,lon,zoomz``."""
    return f"https://www.google.com/maps/place/{quote(name, safe='').replace('%20', '+')}/@{lat:.7f},{lon:.7f},{zoom}z"


def maps_dir_url(origin: str, destination: str) -> str:
    """Maps directions: ``/maps/dir/<origin>/<destination>``."""
    o = quote(origin, safe="").replace("%20", "+")
    d = quote(destination, safe="").replace("%20", "+")
    return f"https://www.google.com/maps/dir/{o}/{d}"


def search_title(term: str) -> str:
    return f"{term} - Google Search"


def maps_title(query: str) -> str:
    return f"{query} - Google Maps"


def _item_url_title(item: Item, client: str) -> tuple[str, str]:
    if isinstance(item, Search):
        if item.maps:
            return maps_search_url(item.term), maps_title(item.term)
        return google_search_url(item.term, client), search_title(item.term)
    return item.url, item.title


# --- time -------------------------------------------------------------------------------------


def chrome_time(ts_ms: int) -> int:
    """Unix ms -> Chrome/WebKit microseconds since 1601-01-01 UTC (exact)."""
    return (int(ts_ms) + WEBKIT_EPOCH_OFFSET_MS) * 1000


def from_chrome_time(us: int) -> int:
    return us // 1000 - WEBKIT_EPOCH_OFFSET_MS


def cocoa_time(ts_ms: int) -> float:
    """Unix ms -> Core Data seconds since 2001-01-01 UTC (float; ms survive the round trip)."""
    return (int(ts_ms) - COCOA_EPOCH_MS) / 1000.0


def from_cocoa_time(s: float) -> int:
    return round(s * 1000.0) + COCOA_EPOCH_MS


# --- shared -----------------------------------------------------------------------------------


def new_database(path: str | Path) -> sqlite3.Connection:
    """A new, empty SQLite file in autocommit mode with the page size and journal the apps use."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists: builders only create new databases")
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = OFF")
    return conn


def _order(items: Sequence[Item]) -> list[int]:
    """Input indexes in write order: by time, ties in input order."""
    return sorted(range(len(items)), key=lambda i: (int(items[i].ts_ms), i))


# --- Chrome -----------------------------------------------------------------------------------

CHROME_HISTORY_V70 = (
    "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)",
    "CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT,url LONGVARCHAR,title LONGVARCHAR,visit_count INTEGER DEFAULT 0 NOT NULL,typed_count INTEGER DEFAULT 0 NOT NULL,last_visit_time INTEGER NOT NULL,hidden INTEGER DEFAULT 0 NOT NULL)",
    "CREATE TABLE visits(id INTEGER PRIMARY KEY AUTOINCREMENT,url INTEGER NOT NULL,visit_time INTEGER NOT NULL,from_visit INTEGER,external_referrer_url TEXT,transition INTEGER DEFAULT 0 NOT NULL,segment_id INTEGER,visit_duration INTEGER DEFAULT 0 NOT NULL,incremented_omnibox_typed_score BOOLEAN DEFAULT FALSE NOT NULL,opener_visit INTEGER,originator_cache_guid TEXT,originator_visit_id INTEGER,originator_from_visit INTEGER,originator_opener_visit INTEGER,is_known_to_sync BOOLEAN DEFAULT FALSE NOT NULL,consider_for_ntp_most_visited BOOLEAN DEFAULT FALSE NOT NULL,visited_link_id INTEGER DEFAULT 0 NOT NULL,app_id TEXT)",
    "CREATE TABLE visit_source(id INTEGER PRIMARY KEY,source INTEGER NOT NULL)",
    "CREATE TABLE keyword_search_terms (keyword_id INTEGER NOT NULL,url_id INTEGER NOT NULL,term LONGVARCHAR NOT NULL,normalized_term LONGVARCHAR NOT NULL)",
    "CREATE TABLE downloads (id INTEGER PRIMARY KEY,guid VARCHAR NOT NULL,current_path LONGVARCHAR NOT NULL,target_path LONGVARCHAR NOT NULL,start_time INTEGER NOT NULL,received_bytes INTEGER NOT NULL,total_bytes INTEGER NOT NULL,state INTEGER NOT NULL,danger_type INTEGER NOT NULL,interrupt_reason INTEGER NOT NULL,hash BLOB NOT NULL,end_time INTEGER NOT NULL,opened INTEGER NOT NULL,last_access_time INTEGER NOT NULL,transient INTEGER NOT NULL,referrer VARCHAR NOT NULL,site_url VARCHAR NOT NULL,embedder_download_data VARCHAR NOT NULL,tab_url VARCHAR NOT NULL,tab_referrer_url VARCHAR NOT NULL,http_method VARCHAR NOT NULL,by_ext_id VARCHAR NOT NULL,by_ext_name VARCHAR NOT NULL,by_web_app_id VARCHAR NOT NULL,etag VARCHAR NOT NULL,last_modified VARCHAR NOT NULL,mime_type VARCHAR(255) NOT NULL,original_mime_type VARCHAR(255) NOT NULL)",
    "CREATE TABLE downloads_url_chains (id INTEGER NOT NULL,chain_index INTEGER NOT NULL,url LONGVARCHAR NOT NULL, PRIMARY KEY (id, chain_index) )",
    "CREATE TABLE downloads_slices (download_id INTEGER NOT NULL,offset INTEGER NOT NULL,received_bytes INTEGER NOT NULL,finished INTEGER NOT NULL DEFAULT 0,PRIMARY KEY (download_id, offset) )",
    "CREATE TABLE segments (id INTEGER PRIMARY KEY,name VARCHAR,url_id INTEGER NON NULL)",
    "CREATE TABLE segment_usage (id INTEGER PRIMARY KEY,segment_id INTEGER NOT NULL,time_slot INTEGER NOT NULL,visit_count INTEGER DEFAULT 0 NOT NULL)",
    "CREATE TABLE content_annotations(visit_id INTEGER PRIMARY KEY,visibility_score NUMERIC,floc_protected_score NUMERIC,categories VARCHAR,page_topics_model_version INTEGER,annotation_flags INTEGER NOT NULL,entities VARCHAR,related_searches VARCHAR,search_normalized_url VARCHAR,search_terms LONGVARCHAR,alternative_title VARCHAR,page_language VARCHAR,password_state INTEGER DEFAULT 0 NOT NULL,has_url_keyed_image BOOLEAN NOT NULL)",
    "CREATE TABLE context_annotations(visit_id INTEGER PRIMARY KEY,context_annotation_flags INTEGER NOT NULL,duration_since_last_visit INTEGER,page_end_reason INTEGER,total_foreground_duration INTEGER,browser_type INTEGER DEFAULT 0 NOT NULL,window_id INTEGER DEFAULT -1 NOT NULL,tab_id INTEGER DEFAULT -1 NOT NULL,task_id INTEGER DEFAULT -1 NOT NULL,root_task_id INTEGER DEFAULT -1 NOT NULL,parent_task_id INTEGER DEFAULT -1 NOT NULL,response_code INTEGER DEFAULT 0 NOT NULL)",
    "CREATE TABLE clusters(cluster_id INTEGER PRIMARY KEY AUTOINCREMENT,should_show_on_prominent_ui_surfaces BOOLEAN NOT NULL,label VARCHAR NOT NULL,raw_label VARCHAR NOT NULL,triggerability_calculated BOOLEAN NOT NULL,originator_cache_guid TEXT NOT NULL,originator_cluster_id INTEGER NOT NULL)",
    "CREATE TABLE clusters_and_visits(cluster_id INTEGER NOT NULL,visit_id INTEGER NOT NULL,score NUMERIC DEFAULT 0 NOT NULL,engagement_score NUMERIC DEFAULT 0 NOT NULL,url_for_deduping LONGVARCHAR NOT NULL,normalized_url LONGVARCHAR NOT NULL,url_for_display LONGVARCHAR NOT NULL,interaction_state INTEGER DEFAULT 0 NOT NULL,PRIMARY KEY(cluster_id,visit_id))WITHOUT ROWID",
    "CREATE TABLE cluster_keywords(cluster_id INTEGER NOT NULL,keyword VARCHAR NOT NULL,type INTEGER NOT NULL,score NUMERIC NOT NULL,collections VARCHAR NOT NULL)",
    "CREATE TABLE cluster_visit_duplicates(visit_id INTEGER NOT NULL,duplicate_visit_id INTEGER NOT NULL,PRIMARY KEY(visit_id,duplicate_visit_id))WITHOUT ROWID",
    "CREATE TABLE visited_links(id INTEGER PRIMARY KEY AUTOINCREMENT,link_url_id INTEGER NOT NULL,top_level_url LONGVARCHAR NOT NULL,frame_url LONGVARCHAR NOT NULL,visit_count INTEGER DEFAULT 0 NOT NULL)",
    "CREATE TABLE history_sync_metadata (storage_key INTEGER PRIMARY KEY NOT NULL, value BLOB)",
    "CREATE INDEX visits_url_index ON visits (url)",
    "CREATE INDEX visits_from_index ON visits (from_visit)",
    "CREATE INDEX visits_time_index ON visits (visit_time)",
    "CREATE INDEX visits_originator_id_index ON visits (originator_visit_id)",
    "CREATE INDEX keyword_search_terms_index1 ON keyword_search_terms (keyword_id, normalized_term)",
    "CREATE INDEX keyword_search_terms_index2 ON keyword_search_terms (url_id)",
    "CREATE INDEX keyword_search_terms_index3 ON keyword_search_terms (term)",
    "CREATE INDEX segments_name ON segments(name)",
    "CREATE INDEX segments_url_id ON segments(url_id)",
    "CREATE INDEX segment_usage_time_slot_segment_id ON segment_usage(time_slot, segment_id)",
    "CREATE INDEX segments_usage_seg_id ON segment_usage(segment_id)",
    "CREATE INDEX clusters_for_visit ON clusters_and_visits(visit_id)",
    "CREATE INDEX cluster_keywords_cluster_id_index ON cluster_keywords(cluster_id)",
    "CREATE INDEX visited_links_index ON visited_links (link_url_id, top_level_url, frame_url)",
    "CREATE INDEX urls_url_index ON urls (url)",
)
CHROME_META = (("mmap_status", "-1"), ("version", "70"), ("last_compatible_version", "16"))


def chrome_segment_name(url: str) -> str:
    """``VisitSegmentDatabase::ComputeSegmentName``: the URL with its host's common mobile
    prefix stripped, https shown as http, no user, port, query or fragment."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile.", "touch."):
        if len(host) > len(prefix) and host.startswith(prefix):
            host = host[len(prefix):]
            break
    scheme = "http" if parts.scheme == "https" else parts.scheme
    return urlunsplit((scheme, host, parts.path or "/", "", ""))


def normalize_term(term: str) -> str:
    """Chrome's ``normalized_term``: lower case, runs of white space collapsed, trimmed."""
    return " ".join(term.lower().split())


def _chrome_transition(item: Item) -> int:
    if isinstance(item, Search) and not item.maps:
        return PT_GENERATED | PT_CHAIN | PT_FROM_ADDRESS_BAR
    if isinstance(item, Visit) and item.typed:
        return PT_TYPED | PT_CHAIN | PT_FROM_ADDRESS_BAR
    return PT_LINK | PT_CHAIN


def write_chrome_history(
    path: str | Path,
    items: Sequence[Item],
    *,
    tz: str = "Europe/London",
    keyword_id: int = GOOGLE_KEYWORD_ID,
) -> list[Placed]:
    """Write a new Chrome ``History`` (version 70) holding ``items``.

    Returns, per input item (input order), ``(("urls", id), ("visits", id))`` plus
    ``("keyword_search_terms", rowid)`` for an address-bar search. ``tz`` is the phone's
    zone, used only for ``segment_usage.time_slot`` (local midnight, as Chrome computes it).
    ``visit_duration`` is the time to the next visit, capped at 10 minutes.
    """
    zone = ZoneInfo(tz)
    order = _order(items)
    url_ids: dict[str, int] = {}
    urls: list[list] = []  # id, url, title, visit_count, typed_count, last_visit_time, hidden
    kst: list[tuple] = []
    kst_rowid: dict[int, int] = {}  # url id -> keyword_search_terms rowid
    segments: dict[str, int] = {}
    seg_rows: list[tuple] = []
    usage: dict[tuple[int, int], int] = {}  # (segment, time_slot) -> usage id
    usage_rows: list[list] = []
    visits: list[tuple] = []
    placed: list[Placed | None] = [None] * len(items)

    times = [int(items[i].ts_ms) for i in order]
    for pos, i in enumerate(order):
        item = items[i]
        url, title = _item_url_title(item, "chrome")
        when = chrome_time(item.ts_ms)
        transition = _chrome_transition(item)
        core = transition & PT_CORE_MASK
        if url not in url_ids:
            url_ids[url] = len(urls) + 1
            urls.append([url_ids[url], url, title, 0, 0, when, 0])
        uid = url_ids[url]
        row = urls[uid - 1]
        row[2] = title
        row[3] += 1
        row[4] += core == PT_TYPED
        row[5] = max(row[5], when)
        segment_id = 0
        if core in (PT_LINK, PT_TYPED):
            name = chrome_segment_name(url)
            if name not in segments:
                segments[name] = len(seg_rows) + 1
                seg_rows.append((segments[name], name, uid))
            segment_id = segments[name]
            local = datetime.fromtimestamp(item.ts_ms / 1000, UTC).astimezone(zone)
            midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
            slot = chrome_time(int(midnight.timestamp()) * 1000)
            key = (segment_id, slot)
            if key not in usage:
                usage[key] = len(usage_rows) + 1
                usage_rows.append([usage[key], segment_id, slot, 0])
            usage_rows[usage[key] - 1][3] += 1
        gap = times[pos + 1] - times[pos] if pos + 1 < len(times) else 60_000
        duration_us = min(max(gap, 0), 600_000) * 1000
        vid = len(visits) + 1
        visits.append(
            (vid, uid, when, 0, "", transition, segment_id, duration_us, 0, 0, "", 0, 0, 0, 0,
             int(core in (PT_LINK, PT_TYPED)), 0, "")
        )
        out: list[tuple[str, int]] = [("urls", uid), ("visits", vid)]
        if isinstance(item, Search) and not item.maps:
            if uid not in kst_rowid:
                kst.append((keyword_id, uid, item.term, normalize_term(item.term)))
                kst_rowid[uid] = len(kst)
            out.append(("keyword_search_terms", kst_rowid[uid]))
        placed[i] = tuple(out)

    conn = new_database(path)
    try:
        conn.execute("BEGIN")
        for statement in CHROME_HISTORY_V70:
            conn.execute(statement)
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", CHROME_META)
        conn.executemany(
            "INSERT INTO urls (id, url, title, visit_count, typed_count, last_visit_time, hidden) VALUES (?,?,?,?,?,?,?)",
            urls,
        )
        conn.executemany(
            "INSERT INTO visits (id, url, visit_time, from_visit, external_referrer_url, transition, segment_id, "
            "visit_duration, incremented_omnibox_typed_score, opener_visit, originator_cache_guid, originator_visit_id, "
            "originator_from_visit, originator_opener_visit, is_known_to_sync, consider_for_ntp_most_visited, "
            "visited_link_id, app_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            visits,
        )
        conn.executemany(
            "INSERT INTO keyword_search_terms (keyword_id, url_id, term, normalized_term) VALUES (?,?,?,?)", kst
        )
        conn.executemany("INSERT INTO segments (id, name, url_id) VALUES (?,?,?)", seg_rows)
        conn.executemany(
            "INSERT INTO segment_usage (id, segment_id, time_slot, visit_count) VALUES (?,?,?,?)", usage_rows
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return placed  # type: ignore[return-value]


# --- Safari -----------------------------------------------------------------------------------

SAFARI_HISTORY_V16 = (
    "CREATE TABLE history_items (id INTEGER PRIMARY KEY AUTOINCREMENT,url TEXT NOT NULL UNIQUE,domain_expansion TEXT NULL,visit_count INTEGER NOT NULL,daily_visit_counts BLOB NOT NULL,weekly_visit_counts BLOB NULL,autocomplete_triggers BLOB NULL,should_recompute_derived_visit_counts INTEGER NOT NULL,visit_count_score INTEGER NOT NULL,status_code INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE history_visits (id INTEGER PRIMARY KEY AUTOINCREMENT,history_item INTEGER NOT NULL REFERENCES history_items(id) ON DELETE CASCADE,visit_time REAL NOT NULL,title TEXT NULL,load_successful BOOLEAN NOT NULL DEFAULT 1,http_non_get BOOLEAN NOT NULL DEFAULT 0,synthesized BOOLEAN NOT NULL DEFAULT 0,redirect_source INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE,redirect_destination INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE,origin INTEGER NOT NULL DEFAULT 0,generation INTEGER NOT NULL DEFAULT 0,attributes INTEGER NOT NULL DEFAULT 0,score INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE history_tombstones (id INTEGER PRIMARY KEY AUTOINCREMENT,start_time REAL NOT NULL,end_time REAL NOT NULL,url TEXT,generation INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE metadata (key TEXT NOT NULL UNIQUE, value)",
    "CREATE TABLE history_client_versions (client_version INTEGER PRIMARY KEY,last_seen REAL NOT NULL)",
    "CREATE TABLE history_event_listeners (listener_name TEXT PRIMARY KEY NOT NULL UNIQUE,last_seen REAL NOT NULL)",
    "CREATE TABLE history_events (id INTEGER PRIMARY KEY AUTOINCREMENT,event_type TEXT NOT NULL,event_time REAL NOT NULL,pending_listeners TEXT NOT NULL,value BLOB)",
    "CREATE TABLE history_tags (id INTEGER PRIMARY KEY,type INTEGER NOT NULL,level INTEGER NOT NULL,identifier TEXT NOT NULL,title TEXT NOT NULL,modification_timestamp REAL NOT NULL,item_count INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE history_items_to_tags (history_item INTEGER NOT NULL,tag_id INTEGER NOT NULL,timestamp REAL NOT NULL,FOREIGN KEY(tag_id) REFERENCES history_tags(id) ON DELETE CASCADE,FOREIGN KEY(history_item) REFERENCES history_items(id) ON DELETE CASCADE,UNIQUE(history_item, tag_id) ON CONFLICT REPLACE)",
    "CREATE TRIGGER increment_count_on_insert AFTER INSERT ON history_items_to_tags BEGIN  UPDATE history_tags SET item_count = item_count + 1 WHERE id = NEW.tag_id;END;",
    "CREATE TRIGGER decrement_count_on_delete BEFORE DELETE ON history_items_to_tags BEGIN  UPDATE history_tags SET item_count = item_count - 1 WHERE id = OLD.tag_id;END;",
    "CREATE INDEX history_items__domain_expansion ON history_items (domain_expansion)",
    "CREATE INDEX history_visits__last_visit ON history_visits (history_item, visit_time DESC, synthesized ASC)",
    "CREATE INDEX history_visits__origin ON history_visits (origin, generation)",
    "CREATE INDEX history_tombstones__generation ON history_tombstones (generation)",
    "CREATE INDEX history_tombstones__end_time ON history_tombstones (end_time)",
)
SAFARI_SCHEMA_VERSION = 16

# Second-level public suffixes common in the generated data (enough for domain_expansion).
_TWO_LEVEL_SUFFIXES = {"co.uk", "org.uk", "ac.uk", "gov.uk", "nhs.uk", "com.pl", "co.in", "com.au"}


def safari_domain_expansion(url: str) -> str | None:
    """Safari's ``domain_expansion``: host without ``www.`` and the public suffix."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or host.replace(".", "").isdigit():
        return None
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    cut = 2 if len(labels) > 2 and ".".join(labels[-2:]) in _TWO_LEVEL_SUFFIXES else 1
    rest = labels[:-cut]
    return ".".join(rest) if rest else None


def _daily_counts(visit_days: list[int]) -> bytes:
    last = max(visit_days)
    span = min(last - min(visit_days) + 1, 30)
    counts = [0] * span
    for d in visit_days:
        k = last - d
        if k < span:
            counts[k] += SAFARI_VISIT_SCORE
    return struct.pack(f"<{span}i", *counts)


def write_safari_history(path: str | Path, items: Sequence[Item]) -> list[Placed]:
    """Write a new Safari ``History.db`` (schema 16, iOS 14-17) holding ``items``.

    Returns, per input item, ``(("history_items", id), ("history_visits", id))``.
    """
    order = _order(items)
    item_ids: dict[str, int] = {}
    rows: list[list] = []  # id, url, domain_expansion, visit_count, days
    visits: list[tuple] = []
    placed: list[Placed | None] = [None] * len(items)
    for i in order:
        item = items[i]
        url, title = _item_url_title(item, "safari")
        if url not in item_ids:
            item_ids[url] = len(rows) + 1
            rows.append([item_ids[url], url, safari_domain_expansion(url), 0, []])
        hid = item_ids[url]
        rows[hid - 1][3] += 1
        rows[hid - 1][4].append(int(item.ts_ms) // 86_400_000)
        vid = len(visits) + 1
        visits.append((vid, hid, cocoa_time(item.ts_ms), title, 1, 0, 0, None, None, 0, 0, 0, SAFARI_VISIT_SCORE))
        placed[i] = (("history_items", hid), ("history_visits", vid))

    conn = new_database(path)
    try:
        conn.execute("BEGIN")
        for statement in SAFARI_HISTORY_V16:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SAFARI_SCHEMA_VERSION}")
        conn.executemany(
            "INSERT INTO history_items (id, url, domain_expansion, visit_count, daily_visit_counts, weekly_visit_counts, "
            "autocomplete_triggers, should_recompute_derived_visit_counts, visit_count_score, status_code) "
            "VALUES (?,?,?,?,?,NULL,NULL,0,?,0)",
            [(r[0], r[1], r[2], r[3], _daily_counts(r[4]), r[3] * SAFARI_VISIT_SCORE) for r in rows],
        )
        conn.executemany(
            "INSERT INTO history_visits (id, history_item, visit_time, title, load_successful, http_non_get, synthesized, "
            "redirect_source, redirect_destination, origin, generation, attributes, score) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            visits,
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return placed  # type: ignore[return-value]


# --- everyday background ----------------------------------------------------------------------

# (url, title) pages by theme; searches and map look-ups by language.
_PAGES_EN = {
    "news": [
        ("https://www.bbc.co.uk/news", "Home - BBC News"),
        ("https://www.bbc.co.uk/news/uk", "UK - BBC News"),
        ("https://www.theguardian.com/uk", "News, sport and opinion from the Guardian's UK edition | The Guardian"),
        ("https://news.sky.com/uk", "UK News | Sky News"),
        ("https://www.yorkshireeveningpost.co.uk/news", "Latest news | Yorkshire Evening Post"),
    ],
    "football": [
        ("https://www.bbc.co.uk/sport/football", "Football - BBC Sport"),
        ("https://www.skysports.com/premier-league-table", "Premier League Table, Form Guide & Season Archives | Sky Sports"),
        ("https://www.bbc.co.uk/sport/football/scores-fixtures", "Football Scores & Fixtures - BBC Sport"),
    ],
    "weather": [
        ("https://www.metoffice.gov.uk/weather/forecast/gcwfhf1w0", "Leeds (West Yorkshire) weather - Met Office"),
        ("https://www.bbc.co.uk/weather/2644688", "Leeds - BBC Weather"),
    ],
    "recipes": [
        ("https://www.bbcgoodfood.com/recipes/easy-chicken-curry", "Easy chicken curry recipe | BBC Good Food"),
        ("https://www.bbcgoodfood.com/recipes/spaghetti-bolognese-recipe", "Best spaghetti bolognese recipe | BBC Good Food"),
        ("https://www.jamieoliver.com/recipes/vegetable-recipes/veggie-chilli/", "Veggie chilli | Jamie Oliver recipes"),
    ],
    "shopping": [
        ("https://www.amazon.co.uk/", "Amazon.co.uk: Low Prices in Electronics, Books, Sports Equipment & more"),
        ("https://www.argos.co.uk/browse/home-and-furniture/", "Home and Furniture | Argos"),
        ("https://www.tesco.com/groceries/en-GB/", "Tesco Groceries - Online food shopping"),
        ("https://www.ebay.co.uk/", "Electronics, Cars, Fashion, Collectibles & More | eBay"),
        ("https://www.screwfix.com/", "Screwfix | Tools, Plumbing, Electrical & Heating"),
    ],
    "transport": [
        ("https://bustimes.org/stops/450010234", "Headrow, Leeds - bustimes.org"),
        ("https://www.firstbus.co.uk/leeds/plan-journey/timetables", "Timetables | First Bus Leeds"),
        ("https://www.nationalrail.co.uk/", "National Rail"),
    ],
    "social": [
        ("https://m.facebook.com/", "Facebook"),
        ("https://www.reddit.com/r/soccer/", "r/soccer"),
        ("https://www.youtube.com/", "YouTube"),
    ],
}
_SEARCHES_EN = [
    "weather leeds", "weather tomorrow", "premier league table", "leeds united score", "bus times 42",
    "easy chicken curry recipe", "b&q opening times", "argos discount code", "tesco delivery slots",
    "how long to boil an egg", "cheap flights to malaga", "mot check", "council tax band", "bin collection day leeds",
    "screwfix near me", "netflix new releases", "champions league fixtures", "paracetamol and ibuprofen together",
]
_MAPS_EN = ["tesco near me", "petrol station", "b&q leeds", "leeds train station", "white rose shopping centre", "mcdonalds"]

_SEARCHES_DE = ["wetter münchen", "bundesliga tabelle", "rezept käsespätzle", "öffnungszeiten rewe", "straßenbahn fahrplan"]
_MAPS_DE = ["rewe in der nähe", "tankstelle", "hauptbahnhof münchen"]
_SEARCHES_PL = ["pogoda łódź", "ekstraklasa tabela", "przepis na żurek", "godziny otwarcia biedronka", "rozkład jazdy mpk łódź"]
_MAPS_PL = ["biedronka w pobliżu", "stacja paliw", "łódź fabryczna"]

_LANG = {
    "en": (_SEARCHES_EN, _MAPS_EN),
    "de": (_SEARCHES_DE, _MAPS_DE),
    "pl": (_SEARCHES_PL, _MAPS_PL),
}

# Relative browsing activity by local hour (a phone's daily rhythm: commute, lunch, evening peak).
_HOUR_WEIGHTS = np.array(
    [0.4, 0.2, 0.1, 0.05, 0.05, 0.1, 0.6, 2.0, 2.5, 1.5, 1.2, 1.3, 2.2, 2.0, 1.2, 1.2, 1.4, 2.0, 2.4, 2.8, 3.0, 3.0, 2.4, 1.2]
)
_HOUR_P = _HOUR_WEIGHTS / _HOUR_WEIGHTS.sum()


def everyday_browsing(
    rng: np.random.Generator,
    start_ms: int,
    end_ms: int,
    n: int,
    lang: str = "en",
    tz: str = "Europe/London",
) -> list[Item]:
    """``n`` background items between ``start_ms`` and ``end_ms``, sorted by time.

    A UK-flavoured mix (English pages; searches and map look-ups in ``lang``: en, de, pl):
    about 55 % page views across news, football, weather, recipes, shopping, bus times and
    social sites, 30 % address-bar searches (half followed by a click on a result within a
    minute), 15 % map searches. Times: a uniform day, an hour from a daily rhythm (low
    overnight, peaks at the commute, lunch and evening) in ``tz``, a uniform minute.
    """
    if end_ms <= start_ms:
        raise ValueError("end_ms must be after start_ms")
    searches, maps = _LANG.get(lang, _LANG["en"])
    zone = ZoneInfo(tz)
    themes = list(_PAGES_EN)
    items: list[Item] = []
    first_day = datetime.fromtimestamp(start_ms / 1000, UTC).astimezone(zone).date()
    n_days = max(1, int((end_ms - start_ms) // 86_400_000) + 1)
    while len(items) < n:
        day = first_day.toordinal() + int(rng.integers(0, n_days))
        hour = int(rng.choice(24, p=_HOUR_P))
        second = int(rng.integers(0, 3600))
        local = datetime.fromordinal(day).replace(hour=hour, tzinfo=zone)
        ts = int(local.timestamp()) * 1000 + second * 1000 + int(rng.integers(0, 1000))
        kind = rng.random()
        if not start_ms <= ts < end_ms:
            continue
        if kind < 0.55:
            theme = themes[int(rng.integers(0, len(themes)))]
            url, title = _PAGES_EN[theme][int(rng.integers(0, len(_PAGES_EN[theme])))]
            items.append(Visit(ts, url, title, typed=bool(rng.random() < 0.1)))
        elif kind < 0.85:
            term = searches[int(rng.integers(0, len(searches)))]
            items.append(Search(ts, term))
            if rng.random() < 0.5 and len(items) < n:
                theme = themes[int(rng.integers(0, len(themes)))]
                url, title = _PAGES_EN[theme][int(rng.integers(0, len(_PAGES_EN[theme])))]
                click = ts + int(rng.integers(3_000, 60_000))
                if click < end_ms:
                    items.append(Visit(click, url, title))
        else:
            items.append(Search(ts, maps[int(rng.integers(0, len(maps)))], maps=True))
    items = items[:n]
    items.sort(key=lambda it: it.ts_ms)
    return items

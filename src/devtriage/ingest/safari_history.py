"""Safari browser history ``History.db`` (iOS 8-18, also macOS Safari 8+).

iOS: ``private/var/mobile/Library/Safari/History.db`` (``HomeDomain/Library/Safari/`` in an
iTunes backup; macOS ``~/Library/Safari/History.db``). Recognised by its tables:
``history_items`` (``id``, ``url``: one row per distinct URL) and ``history_visits``
(``history_item`` -> ``history_items.id``, ``visit_time``, ``title``: one row per visit;
the page title lives on the visit). ``visit_time`` is Core Data time: seconds since
2001-01-01 UTC as a float. Schema versions (``PRAGMA user_version``) up to 16 (iOS 14-17
add ``status_code``, iCloud-sync columns ``origin`` / ``generation`` / ``attributes`` /
``score`` came earlier); only ``history_items.id`` / ``url`` and
``history_visits.history_item`` / ``visit_time`` / ``title`` are read, which every version
has.

One ``texts`` row per ``history_items`` row (``src_table`` ``history_items``, ``src_row``
its ``id``): ``ts`` the first visit, ``last_ts`` the last visit, ``kind`` and ``text``
from the URL (:mod:`~devtriage.ingest.urltext`): ``maps_search`` / ``directions`` for
Google Maps with the decoded place text, ``search`` for a search engine's results page
(the term as typed), otherwise ``visit`` with the latest non-empty visit title and the
decoded URL. Safari keeps no separate search-term table: a typed search is its results
URL. An item without visits (kept by Safari for a while after they expire) has ``ts``
null and a warning.

Extra columns: ``last_ts``, ``app`` (``safari``), ``url``, ``title`` (latest non-empty),
``visit_count`` (raw ``history_items.visit_count``), ``visit_ids`` (the
``history_visits.id`` of the item, ascending; null when it has none).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql, urltext
from .arrowutil import cocoa_ts
from .base import Artifact, Context, Probe, repeat

NAME = "safari_history"
FORMAT = "Safari History.db (history_items + history_visits): page visits, searches and Maps look-ups"
VERSIONS = "Safari History.db of iOS 8-18 / macOS Safari 8+ (schema user_version up to 16)"
TABLES = ("texts",)

_REQUIRED = {"history_items": ("id", "url"), "history_visits": ("history_item", "visit_time")}


def detect(probe: Probe) -> bool:
    return probe.requires(_REQUIRED)


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    has_title = "title" in artifact.columns("history_visits")
    title = ("(SELECT t.title FROM history_visits t WHERE t.history_item = i.id AND t.title IS NOT NULL "
             "AND trim(t.title) <> '' ORDER BY t.visit_time DESC, t.id DESC LIMIT 1)") if has_title else "NULL"
    vid = sql.rowid(artifact, "history_visits")
    visits = (f"SELECT history_item, min(visit_time) AS first_visit, max(visit_time) AS last_visit, "
              f"group_concat(vid) AS visit_ids FROM (SELECT history_item, visit_time, {vid} AS vid "
              f"FROM history_visits ORDER BY {vid}) GROUP BY history_item")
    query = (f"SELECT i.id AS src_row, i.url AS url, {title} AS title, "
             f"{sql.col(artifact, 'history_items', 'visit_count', prefix='i.')}, "
             "v.first_visit AS first_visit, v.last_visit AS last_visit, v.visit_ids AS visit_ids "
             f"FROM history_items i LEFT JOIN ({visits}) v ON v.history_item = i.id ORDER BY i.id")
    t = sql.read(artifact, query, ctx=ctx, what="History.db history_items", types={
        "src_row": pa.int64(), "url": pa.string(), "title": pa.string(), "visit_count": pa.int64(),
        "first_visit": pa.float64(), "last_visit": pa.float64(), "visit_ids": pa.string(),
    })
    orphan = sql.read(artifact, "SELECT count(*) AS n FROM history_visits WHERE history_item NOT IN "
                      "(SELECT id FROM history_items)", ctx=ctx, what="History.db history_visits",
                      types={"n": pa.int64()})
    n_orphan = orphan.column("n")[0].as_py() or 0
    if n_orphan:
        ctx.warn(f"{n_orphan} visits whose history item is missing (no URL to read): skipped",
                 rows_skipped=n_orphan)
    first = t.column("first_visit").combine_chunks()
    no_visits = int(pc.sum(pc.is_null(first)).as_py() or 0)
    if no_visits:
        ctx.warn(f"{no_visits} history items without visits: kept with ts null")
    kinds, texts = urltext.classify_many(t.column("url").to_pylist(), t.column("title").to_pylist())
    n = t.num_rows
    yield "texts", pa.table({
        "ts": cocoa_ts(first, ctx, "history_visits", "visit_time", unit="cocoa_s"),
        "kind": pa.array(kinds, pa.string()),
        "text": pa.array(texts, pa.string()),
        "src_table": repeat("history_items", n),
        "src_row": t.column("src_row"),
        "last_ts": cocoa_ts(t.column("last_visit").combine_chunks(), ctx, "history_visits last visit",
                            "visit_time", unit="cocoa_s", warn_zero=False),
        "app": repeat("safari", n),
        "url": t.column("url"),
        "title": t.column("title"),
        "visit_count": t.column("visit_count"),
        "visit_ids": pc.split_pattern(t.column("visit_ids").combine_chunks(), ",").cast(pa.list_(pa.int64())),
    })

"""Chromium browser history ``History`` (Chrome, Samsung Internet and other Chromium browsers).

Paths on Android: ``data/data/com.android.chrome/app_chrome/Default/History`` (Chrome;
``com.chrome.beta`` / ``.dev`` / ``.canary`` likewise),
``data/data/com.sec.android.app.sbrowser/app_sbrowser/Default/History`` (Samsung
Internet), and the same file of other Chromium browsers (Brave, Edge, Opera, Kiwi ...).
Recognised by its tables, not its path: ``urls`` (``id``, ``url``, ``title``,
``last_visit_time``) and ``visits`` (``url`` -> ``urls.id``, ``visit_time``);
``keyword_search_terms`` is read when present.

Versions: history schema (``meta`` key ``version``) 17 to 70 (Chrome 5 to Chrome of
2025, and every Samsung Internet). The columns read have existed since version 17 except
``keyword_search_terms.normalized_term``, which was ``lower_term`` until the version-42
migration (``MigrateKeywordsSearchTermsLowerTermColumn``): either is read. Before
version 17 Chrome on Mac/Linux counted time from 1970 (``MigrateTimeEpoch``); such a
database gets a warning and its times are read as the later convention.

Times (``visit_time``, ``last_visit_time``) are microseconds since 1601-01-01 UTC
(``base::Time`` internal value); 0 is "not set".

``texts`` rows:

* one per ``urls`` row (``src_table`` ``urls``, ``src_row`` ``urls.id``): ``ts`` the
  first visit (earliest ``visits.visit_time`` of the URL, else ``urls.last_visit_time``
  when its visits have expired), ``last_ts`` the latest visit. ``kind`` and ``text`` from
  the URL (:mod:`~devtriage.ingest.urltext`): ``maps_search`` / ``directions`` for Google
  Maps with the decoded place text; ``search`` for a search engine's results page with the
  term from the URL, unless a ``keyword_search_terms`` row covers that URL (then the URL
  row is a ``visit`` and the typed term is its own row); otherwise ``visit``: the title
  then the decoded URL;
* one per ``keyword_search_terms`` row (``src_table`` ``keyword_search_terms``,
  ``src_row`` its rowid): ``kind`` ``search``, ``text`` the term as typed (``term``),
  ``ts`` / ``last_ts`` the first / last visit of its URL (``url_id``).

Extra columns: ``last_ts``, ``app`` (``chrome``, ``samsung_internet`` or ``chromium``, from
the path), ``url``, ``title``, ``url_id``, ``visit_count`` / ``typed_count`` / ``hidden``
(raw ``urls`` values), ``visit_ids`` (the ``visits.id`` of the URL, ascending; null when it has none),
``keyword_id`` and ``normalized_term`` (search-term rows).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql, urltext
from .arrowutil import lookup, timestamps, zero_to_null
from .base import Artifact, Context, Probe, repeat

NAME = "chromium_history"
FORMAT = "Chromium History SQLite (Chrome, Samsung Internet, other Chromium browsers): URLs, visits, search terms"
VERSIONS = "History schema (meta.version) 17-70: Chrome 5 to 2025 builds, Samsung Internet, Chromium-based browsers"
TABLES = ("texts",)

_REQUIRED = {"urls": ("id", "url", "title", "last_visit_time"), "visits": ("id", "url", "visit_time")}
WEBKIT_OFFSET_US = 11_644_473_600_000_000  # 1601-01-01 -> 1970-01-01 in microseconds
FIRST_1601_VERSION = 17

_APPS = (
    ("com.sec.android.app.sbrowser", "samsung_internet"),
    ("com.android.chrome", "chrome"),
    ("com.chrome.", "chrome"),
    ("com.google.chrome", "chrome"),
    ("/google/chrome/", "chrome"),
)


def detect(probe: Probe) -> bool:
    return probe.requires(_REQUIRED)


def app_of(path: str) -> str:
    """``chrome``, ``samsung_internet`` or ``chromium`` from the file's path in the extraction."""
    low = path.lower()
    for marker, app in _APPS:
        if marker in low:
            return app
    return "chromium"


def _webkit_ts(values, ctx: Context, what: str) -> pa.Array:
    """Microseconds since 1601 (0 = not set) -> ``timestamp[ms, UTC]``."""
    values, _ = zero_to_null(values.cast(pa.int64()))
    return timestamps(pc.subtract(values, WEBKIT_OFFSET_US), "us", ctx, what)


def _version(artifact: Artifact, ctx: Context) -> int | None:
    if not artifact.probe.has("meta", "key", "value"):
        return None
    t = sql.read(artifact, "SELECT value FROM meta WHERE key = 'version'", ctx=ctx, what="meta",
                 types={"value": pa.string()})
    try:
        return int(t.column("value")[0].as_py()) if t.num_rows else None
    except (TypeError, ValueError):
        return None


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    version = _version(artifact, ctx)
    if version is not None and version < FIRST_1601_VERSION:
        ctx.warn(f"History schema version {version} predates the 1601 epoch (version 17): "
                 "times on Mac/Linux builds may be Unix microseconds and read wrong")
    app = app_of(artifact.path)
    urls = _read_urls(artifact, ctx)
    url_first = urls.column("first_visit").combine_chunks()
    url_last = urls.column("last_visit").combine_chunks()
    ids = urls.column("src_row").combine_chunks()

    searches = _read_terms(artifact, ctx)
    covered = pc.is_in(ids, value_set=searches.column("url_id").combine_chunks()) if searches is not None else None

    url_list = urls.column("url").to_pylist()
    title_list = urls.column("title").to_pylist()
    kinds, texts = urltext.classify_many(url_list, title_list)
    kind = pa.array(kinds, pa.string())
    text = pa.array(texts, pa.string())
    if covered is not None and len(covered):
        # a results page whose typed term has its own keyword_search_terms row: a page visit
        page = pa.array([urltext.visit_text(t, u) for t, u in zip(title_list, url_list)], pa.string())
        dup = pc.and_(covered, pc.equal(kind, "search"))
        kind = pc.if_else(dup, pa.scalar("visit"), kind)
        text = pc.if_else(dup, page, text)
    n = urls.num_rows
    ts = _webkit_ts(pc.coalesce(url_first, urls.column("last_visit_time").combine_chunks()), ctx, "urls")
    last = _webkit_ts(pc.max_element_wise(url_last, urls.column("last_visit_time").combine_chunks()), ctx,
                      "urls last visit")
    no_visits = int(pc.sum(pc.is_null(url_first)).as_py() or 0)
    if no_visits:
        ctx.warn(f"{no_visits} URLs without visit rows (expired or bookmarked): ts is their last_visit_time")
    yield "texts", pa.table({
        "ts": ts,
        "kind": kind,
        "text": text,
        "src_table": repeat("urls", n),
        "src_row": ids,
        "last_ts": last,
        "app": repeat(app, n),
        "url": urls.column("url"),
        "title": urls.column("title"),
        "url_id": ids,
        "visit_count": urls.column("visit_count"),
        "typed_count": urls.column("typed_count"),
        "hidden": urls.column("hidden"),
        "visit_ids": _id_lists(urls.column("visit_ids")),
        "keyword_id": pa.nulls(n, pa.int64()),
        "normalized_term": pa.nulls(n, pa.string()),
    })

    if searches is None or searches.num_rows == 0:
        return
    s_url = searches.column("url_id").combine_chunks()
    first = lookup(s_url, ids, url_first)
    latest = pc.max_element_wise(lookup(s_url, ids, url_last), lookup(s_url, ids, urls.column("last_visit_time")))
    orphans = int(pc.sum(pc.is_null(lookup(s_url, ids, ids))).as_py() or 0)
    if orphans:
        ctx.warn(f"{orphans} search terms whose URL row is missing: kept with ts null")
    term = searches.column("term").combine_chunks()
    empty = int(pc.sum(pc.is_null(term)).as_py() or 0)
    if empty:
        ctx.warn(f"keyword_search_terms: {empty} rows without a term (kept with text null)")
    m = searches.num_rows
    yield "texts", pa.table({
        "ts": _webkit_ts(pc.coalesce(first, lookup(s_url, ids, urls.column("last_visit_time"))), ctx,
                         "keyword_search_terms"),
        "kind": repeat("search", m),
        "text": term,
        "src_table": repeat("keyword_search_terms", m),
        "src_row": searches.column("src_row"),
        "last_ts": _webkit_ts(latest, ctx, "keyword_search_terms last visit"),
        "app": repeat(app, m),
        "url": lookup(s_url, ids, urls.column("url")),
        "title": lookup(s_url, ids, urls.column("title")),
        "url_id": s_url,
        "visit_count": lookup(s_url, ids, urls.column("visit_count")),
        "typed_count": lookup(s_url, ids, urls.column("typed_count")),
        "hidden": lookup(s_url, ids, urls.column("hidden")),
        "visit_ids": _id_lists(lookup(s_url, ids, urls.column("visit_ids"))),
        "keyword_id": searches.column("keyword_id"),
        "normalized_term": searches.column("normalized_term"),
    })


def _read_urls(artifact: Artifact, ctx: Context) -> pa.Table:
    """``urls`` with each URL's first / last visit time and its visit ids (in id order)."""
    select = ", ".join([
        'u."id" AS src_row', 'u."url" AS url', 'u."title" AS title',
        sql.col(artifact, "urls", "visit_count", prefix="u."),
        sql.col(artifact, "urls", "typed_count", prefix="u."),
        sql.col(artifact, "urls", "hidden", prefix="u."),
        'u."last_visit_time" AS last_visit_time',
        "v.first_visit AS first_visit", "v.last_visit AS last_visit", "v.visit_ids AS visit_ids",
    ])
    visits = ("SELECT url, min(NULLIF(visit_time, 0)) AS first_visit, max(NULLIF(visit_time, 0)) AS last_visit, "
              "group_concat(id) AS visit_ids FROM (SELECT url, visit_time, id FROM visits ORDER BY id) GROUP BY url")
    query = f"SELECT {select} FROM urls u LEFT JOIN ({visits}) v ON v.url = u.id ORDER BY u.id"
    t = sql.read(artifact, query, ctx=ctx, what="History urls", types={
        "src_row": pa.int64(), "url": pa.string(), "title": pa.string(), "visit_count": pa.int64(),
        "typed_count": pa.int64(), "hidden": pa.int64(), "last_visit_time": pa.int64(),
        "first_visit": pa.int64(), "last_visit": pa.int64(), "visit_ids": pa.string(),
    })
    orphan = sql.read(artifact, "SELECT count(*) AS n FROM visits WHERE url NOT IN (SELECT id FROM urls)",
                      ctx=ctx, what="History visits", types={"n": pa.int64()})
    n_orphan = orphan.column("n")[0].as_py() or 0
    if n_orphan:
        ctx.warn(f"{n_orphan} visits whose URL row is missing (no text to read): skipped", rows_skipped=n_orphan)
    return t


def _read_terms(artifact: Artifact, ctx: Context) -> pa.Table | None:
    """``keyword_search_terms`` (``normalized_term`` or, before version 42, ``lower_term``)."""
    have = artifact.columns("keyword_search_terms")
    if not {"url_id", "term"} <= set(have):
        return None
    norm = "normalized_term" if "normalized_term" in have else "lower_term"
    query = ("SELECT rowid AS src_row, " + sql.col(artifact, "keyword_search_terms", "keyword_id") + ", url_id, "
             f"term, {sql.ref(artifact, 'keyword_search_terms', norm)} AS normalized_term "
             "FROM keyword_search_terms ORDER BY rowid")
    return sql.read(artifact, query, ctx=ctx, what="keyword_search_terms", types={
        "src_row": pa.int64(), "keyword_id": pa.int64(), "url_id": pa.int64(), "term": pa.string(),
        "normalized_term": pa.string(),
    })


def _id_lists(joined) -> pa.Array:
    """``"3,17,40"`` (SQLite group_concat) -> list<int64> ``[3, 17, 40]``; null (no visits) stays null."""
    joined = joined.combine_chunks() if isinstance(joined, pa.ChunkedArray) else joined
    return pc.split_pattern(joined.cast(pa.string()), ",").cast(pa.list_(pa.int64()))

"""Google Takeout Maps: saved places and the Maps part of My Activity, as ``texts`` rows.

Two Takeout files (localised or renamed copies are recognised by content):

* ``Takeout/Maps (your places)/Saved Places.json`` (also ``Takeout/Maps/My labeled
  places/Labeled places.json``): a GeoJSON ``FeatureCollection``; each ``Feature`` has
  ``geometry.coordinates`` ``[lon, lat]`` (``[0, 0]`` when unknown) and ``properties`` in
  one of two forms:

  - the older form (Takeout until about 2022): ``Title``, ``Published`` / ``Updated``
    (ISO 8601 UTC), ``Google Maps URL``, ``Location`` {``Address``, ``Business Name``,
    ``Country Code``, ``Geo Coordinates`` {``Latitude``, ``Longitude``} (strings)},
    sometimes ``Comment``;
  - the newer form (Google's Data Portability schema for "Maps (your places)"):
    ``date`` (the last time the place was saved or changed, ISO 8601 UTC),
    ``google_maps_url``, ``location`` {``name``, ``address``, ``country_code``},
    sometimes ``Comment``; labeled places have flat ``name`` / ``address``.

  Keys are matched case-insensitively with spaces read as ``_``. One row per feature,
  ``kind`` ``saved_place``: ``text`` the place's name, then its address on the next line
  when it differs, then the user's comment; a feature with neither name nor address
  takes the place from its Maps URL (``?q=``, ``/maps/place/<name>``). ``ts`` is
  ``Published`` (else ``date``), ``last_ts`` ``Updated`` (else ``date``). Extra
  columns: ``name``, ``address``, ``comment``, ``url``, ``country_code``, ``lat`` /
  ``lon`` (null when unknown or 0, 0). ``src_table`` ``"features"``, ``src_row`` the
  feature's 0-based index.

* ``Takeout/My Activity/Maps/MyActivity.json``: a JSON array of activity items
  ``{"header": "Maps", "title", "titleUrl", "time" (ISO 8601 UTC), "products": ["Maps"],
  "activityControls", "locationInfos", "details"}``. Items whose ``header`` or
  ``products`` say Maps are read (a combined My Activity file holds other products too):

  - ``Searched for X`` -> ``maps_search``, text ``X``;
  - ``Directions to X`` -> ``directions``, text ``X``; ``Directions from A to B`` ->
    text ``B (from A)`` (as the browser-history adapters write routes), ``origin`` A;
  - ``Viewed X`` or a bare place name with a ``/maps/place/`` URL -> ``maps_view``,
    text ``X`` (a place the user opened; not in the core vocabulary, an extra kind);
  - any other title (localised exports, ``Pesquisou por X`` ...) is classified by its
    ``titleUrl`` as in :mod:`~devtriage.ingest.urltext` (``/maps/search/X``,
    ``/maps/dir/A/B``, ``?q=X``, ``/maps/place/X``); items saying nothing about a place
    (``Used Maps``, ``Viewed area in Google Maps``, bare map views) are not rows.

  ``ts`` = ``last_ts`` = ``time``. Extra columns: ``title`` (raw), ``url``, ``origin``.
  ``src_table`` ``"activity"``, ``src_row`` the item's 0-based index in the array.

Both: ``app`` ``google_maps``; text keeps what the user typed. A file that is not valid
JSON is a warning and no rows; features / items that are not objects, or that name no
place, are skipped and counted in a warning; rows without a readable time are kept with
a null ``ts`` and counted in a warning. The files are small (kilobytes to a few MB) and
are parsed whole.

Formats: Google's Data Portability schema reference ("Maps (your places)": ``date``,
``google_maps_url``, ``location.address`` / ``country_code`` / ``name``), public Takeout
samples of both Saved Places forms, and public My Activity samples and parsers (titles
``Searched for`` / ``Directions to`` / ``Directions from .. to``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from . import urltext
from .base import Artifact, Context, Probe, repeat
from .locutil import iso_to_ms, ts_array

NAME = "takeout_maps"
FORMAT = "Google Takeout Maps: Saved Places.json (GeoJSON) and My Activity/Maps/MyActivity.json"
VERSIONS = ("Takeout Saved Places / Labeled places 2018-2025 (older Title/Published/Location form and newer "
            "date/google_maps_url/location form); My Activity JSON (English titles, other languages by URL)")
TABLES = ("texts",)
APP = "google_maps"

_BOM = rb"(?:\xef\xbb\xbf)?\s*"
_SAVED = re.compile(_BOM + rb'\{\s*"type"\s*:\s*"FeatureCollection"\s*,\s*"features"\s*:\s*(?:\[|$)')
_ACTIVITY = re.compile(_BOM + rb'\[\s*\{\s*"header"\s*:\s*"(?:Google )?Maps"')
_ACTIVITY_ANY = re.compile(_BOM + rb'\[\s*\{\s*"header"\s*:')

_SEARCHED = re.compile(r"^\s*Searched for\s+(.+?)\s*$", re.S)
_DIR_FROM = re.compile(r"^\s*Directions from\s+(.+?)\s+to\s+(.+?)\s*$", re.S)
_DIR_TO = re.compile(r"^\s*Directions to\s+(.+?)\s*$", re.S)
_VIEWED = re.compile(r"^\s*Viewed\s+(.+?)\s*$", re.S)
_GENERIC = re.compile(r"^\s*(?:Used (?:Google )?Maps|Viewed area\b.*|Explored\b.*|Viewed (?:a )?map\b.*)\s*$", re.S | re.I)


def detect(probe: Probe) -> bool:
    if probe.is_sqlite:
        return False
    head = probe.head
    if _SAVED.match(head) or _ACTIVITY.match(head):
        return True
    # another product's header first, in a file kept under My Activity/Maps
    return bool(_ACTIVITY_ANY.match(head)) and "/maps/" in f"/{probe.path.lower()}"


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    try:
        with open(artifact.local, "rb") as fh:
            doc = json.loads(fh.read().decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:
        ctx.warn(f"not valid JSON (truncated?), nothing read: {exc}")
        return
    if isinstance(doc, dict) and isinstance(doc.get("features"), list):
        t = _saved_places(doc["features"], ctx)
    elif isinstance(doc, list):
        t = _activity(doc, ctx)
    else:
        ctx.warn("neither a GeoJSON FeatureCollection nor a My Activity array: nothing read")
        return
    if t is not None and t.num_rows:
        yield "texts", t


# --- Saved Places ---------------------------------------------------------------------------


def _keys(d) -> dict:
    """``d`` with keys lower-cased and spaces as ``_`` (``Google Maps URL`` -> ``google_maps_url``)."""
    return {str(k).strip().lower().replace(" ", "_"): v for k, v in d.items()} if isinstance(d, dict) else {}


def _s(v) -> str | None:
    return v.strip() or None if isinstance(v, str) else None


def _float(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None


def _coords(feature: dict, loc: dict) -> tuple[float | None, float | None]:
    geo = _keys(loc.get("geo_coordinates"))
    lat, lon = _float(geo.get("latitude")), _float(geo.get("longitude"))
    if lat is None or lon is None:
        c = _keys(feature.get("geometry")).get("coordinates")
        if isinstance(c, list) and len(c) >= 2:
            lon, lat = _float(c[0]), _float(c[1])
    if lat is None or lon is None or (lat == 0 and lon == 0) or abs(lat) > 90 or abs(lon) > 180:
        return None, None
    return lat, lon


def _place_text(name: str | None, address: str | None, comment: str | None) -> str | None:
    parts = [name]
    if address and address != name:
        parts.append(address)
    if comment:
        parts.append(comment)
    parts = [p for p in parts if p]
    return "\n".join(parts) if parts else None


def _saved_places(features: list, ctx: Context) -> pa.Table | None:
    cols: dict[str, list] = {k: [] for k in ("src_row", "text", "name", "address", "comment", "url", "country_code",
                                             "lat", "lon", "created", "updated")}
    not_obj = no_place = 0
    for i, f in enumerate(features):
        if not isinstance(f, dict):
            not_obj += 1
            continue
        p = _keys(f.get("properties"))
        loc = _keys(p.get("location"))
        name = _s(loc.get("name")) or _s(loc.get("business_name")) or _s(p.get("name")) or _s(p.get("title"))
        address = _s(loc.get("address")) or _s(p.get("address"))
        comment = _s(p.get("comment"))
        url = _s(p.get("google_maps_url")) or _s(p.get("url"))
        text = _place_text(name, address, comment)
        if text is None and url:
            hit = urltext.classify(url)
            text = hit[1] if hit else None
        if text is None:
            no_place += 1
            continue
        lat, lon = _coords(f, loc)
        cols["src_row"].append(i)
        cols["text"].append(text)
        cols["name"].append(name)
        cols["address"].append(address)
        cols["comment"].append(comment)
        cols["url"].append(url)
        cols["country_code"].append(_s(loc.get("country_code")) or _s(p.get("country_code")))
        cols["lat"].append(lat)
        cols["lon"].append(lon)
        date = p.get("date")
        cols["created"].append(p.get("published") or date)
        cols["updated"].append(p.get("updated") or date or p.get("published"))
    if not_obj:
        ctx.warn(f"Saved Places: {not_obj} features are not JSON objects: skipped", not_obj)
    if no_place:
        ctx.warn(f"Saved Places: {no_place} features name no place (no name, address or Maps URL): skipped", no_place)
    n = len(cols["src_row"])
    if n == 0:
        return None
    ts, ts_ok = iso_to_ms(cols["created"])
    last, last_ok = iso_to_ms(cols["updated"])
    _warn_times(ctx, "Saved Places", int(np.count_nonzero(~ts_ok)))
    return pa.table({
        "ts": ts_array(ts, ts_ok),
        "kind": repeat("saved_place", n),
        "text": pa.array(cols["text"], pa.string()),
        "src_table": repeat("features", n),
        "src_row": pa.array(cols["src_row"], pa.int64()),
        "last_ts": ts_array(last, last_ok),
        "app": repeat(APP, n),
        **{k: pa.array(cols[k], pa.string()) for k in ("name", "address", "comment", "url", "country_code")},
        "lat": pa.array(cols["lat"], pa.float64()),
        "lon": pa.array(cols["lon"], pa.float64()),
    })


# --- My Activity ----------------------------------------------------------------------------


def classify_title(title: str | None, url: str | None) -> tuple[str, str, str | None] | None:
    """``(kind, text, origin)`` of one Maps activity item, or None when it names no place."""
    title = title if isinstance(title, str) else ""
    url = url if isinstance(url, str) else None
    m = _SEARCHED.match(title)
    if m:
        return "maps_search", m.group(1), None
    m = _DIR_FROM.match(title)
    if m:
        return "directions", f"{m.group(2)} (from {m.group(1)})", m.group(1)
    m = _DIR_TO.match(title)
    if m:
        return "directions", m.group(1), None
    if _GENERIC.match(title):
        return None
    m = _VIEWED.match(title)
    if m:
        return "maps_view", m.group(1), None
    hit = urltext.classify(url) if url else None
    if hit is None:
        return None
    kind, text = hit
    if kind == urltext.MAPS_SEARCH and "/place/" in url and title.strip():
        return "maps_view", title.strip(), None  # a place opened: its title is its name
    return kind, text, None


def _is_maps(item: dict) -> bool:
    header = item.get("header")
    products = item.get("products")
    return (isinstance(header, str) and header.strip() in ("Maps", "Google Maps")) or (
        isinstance(products, list) and any(p in ("Maps", "Google Maps") for p in products))


def _activity(items: list, ctx: Context) -> pa.Table | None:
    rows, kinds, texts, origins, titles, urls, times = [], [], [], [], [], [], []
    not_obj = 0
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            not_obj += 1
            continue
        if not _is_maps(item):
            continue
        title, url = item.get("title"), item.get("titleUrl")
        hit = classify_title(title, url)
        if hit is None:
            continue
        rows.append(i)
        kinds.append(hit[0])
        texts.append(hit[1])
        origins.append(hit[2])
        titles.append(title if isinstance(title, str) else None)
        urls.append(url if isinstance(url, str) else None)
        times.append(item.get("time"))
    if not_obj:
        ctx.warn(f"My Activity: {not_obj} items are not JSON objects: skipped", not_obj)
    n = len(rows)
    if n == 0:
        return None
    ms, ok = iso_to_ms(times)
    _warn_times(ctx, "My Activity", int(np.count_nonzero(~ok)))
    ts = ts_array(ms, ok)
    return pa.table({
        "ts": ts,
        "kind": pa.array(kinds, pa.string()),
        "text": pa.array(texts, pa.string()),
        "src_table": repeat("activity", n),
        "src_row": pa.array(rows, pa.int64()),
        "last_ts": ts,
        "app": repeat(APP, n),
        "title": pa.array(titles, pa.string()),
        "url": pa.array(urls, pa.string()),
        "origin": pa.array(origins, pa.string()),
    })


def _warn_times(ctx: Context, what: str, n: int) -> None:
    if n:
        ctx.warn(f"{what}: {n} rows without a readable time: kept with a null ts")

"""Google Maps app stores (Android): saved places and navigation destinations as ``texts``.

Two SQLite databases of ``com.google.android.apps.maps`` (under
``data/data/com.google.android.apps.maps/databases/``), each recognised by its table:

* ``gmm_myplaces.db`` (saved / starred / labelled places, synced with the Google
  account, so not necessarily saved on this phone). Table ``sync_item``, from the app's
  own ``CREATE TABLE`` (database version 5, as decompiled in a public repository):
  ``corpus`` INTEGER, ``key_string`` TEXT, ``timestamp`` BIGINT (Unix ms), ``merge_key``,
  ``feature_fprint``, ``latitude`` / ``longitude`` INTEGER (degrees x 1e6), ``is_local``,
  ``sync_item`` BLOB (a protobuf), primary key ``(corpus, key_string)``. The protobuf is
  read as ALEAPP's ``googleMapsGmm.py`` reads it: field 6 (the place) holds 7 (its name,
  the user's label), 2 (the address) and 6 (a Maps URL); ``key_string`` ``0:0`` is the
  user's Home and ``1:0`` their Work (ALEAPP). One row per ``sync_item`` row, kind
  ``saved_place``.

* ``da_destination_history`` (destinations navigated to). Table ``destination_history``,
  from the app's ``CREATE TABLE``: ``time`` INTEGER PRIMARY KEY (Unix ms, as ALEAPP's
  ``googlemaplocation.py`` and Autopsy's ``GoogleMapLocationAnalyzer`` read it),
  ``dest_lat``, ``dest_lng``, ``source_lat``, ``source_lng`` INTEGER (degrees x 1e6: Autopsy
  puts the decimal point six digits from the end), ``dest_title``, ``dest_address``,
  ``dest_token``, ``day_of_week``, ``hour_of_day``. One row per destination, kind
  ``directions``.

Versions: ``gmm_myplaces.db`` database version 5 (the decompiled helper drops and
recreates its tables on any version change); ``da_destination_history`` as created by
the Maps navigation component (database version 1). Maps' search history lives in
``gmm_storage.db`` as serialised Java objects without a documented layout: not read here.

``texts`` columns (``app`` ``google_maps`` throughout):

* saved places: ``ts`` = ``timestamp`` (the item's sync timestamp; ALEAPP reports it as
  the place's time; whether it is the time of saving is not documented), ``last_ts``
  null; ``text`` = the name, a newline, then the address (the one present when the other
  is missing; the URL when both are); ``src_table`` ``sync_item``, ``src_row`` its rowid;
  extra ``title``, ``address``, ``url``, ``key_string`` (raw), ``corpus``, ``lat``,
  ``lon``;
* destinations: ``ts`` = ``time``; ``text`` = ``dest_title``, a newline, then
  ``dest_address`` (as for places); ``src_table`` ``destination_history``, ``src_row``
  its rowid (= ``time``); extra ``title``, ``address``, ``lat``, ``lon`` (destination),
  ``source_lat``, ``source_lon``.

A protobuf that cannot be read leaves that place's name and address null (its
coordinates and time are still kept) and is counted in a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .apple_notes import ProtoError, field_path
from .arrowutil import timestamps, zero_to_null
from .base import Artifact, Context, Probe

NAME = "google_maps_app"
FORMAT = "Google Maps app: gmm_myplaces.db sync_item (saved places) and da_destination_history"
VERSIONS = "gmm_myplaces.db database version 5; da_destination_history version 1"
TABLES = ("texts",)

_MYPLACES = {"sync_item": ("corpus", "key_string", "timestamp", "latitude", "longitude", "sync_item")}
_DESTINATIONS = {"destination_history": ("time", "dest_lat", "dest_lng", "dest_title", "dest_address")}
_SEP = "\n"
_PLACE = 6  # sync_item protobuf: the place message
_NAME, _ADDRESS, _URL = 7, 2, 6  # fields of the place message (ALEAPP googleMapsGmm.py)
E6 = 1e-6


def detect(probe: Probe) -> bool:
    return probe.requires(_MYPLACES) or probe.requires(_DESTINATIONS)


def _join(title, address, fallback=None) -> pa.Array:
    """title + newline + address; whichever is present; else ``fallback``; else ''."""
    empty = pa.scalar(None, pa.string())
    t = pc.if_else(pc.equal(pc.fill_null(title, ""), ""), empty, title)
    a = pc.if_else(pc.equal(pc.fill_null(address, ""), ""), empty, address)
    parts = [pc.binary_join_element_wise(t, a, _SEP), t, a]
    if fallback is not None:
        parts.append(fallback)
    return pc.coalesce(*parts, pa.scalar("", pa.string()))


def _degrees(values) -> pa.Array:
    return pc.multiply(pc.cast(values, pa.float64()), E6)


def _utf8(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", "replace")


def place_fields(blob: bytes | None) -> tuple[str | None, str | None, str | None]:
    """(name, address, url) from a ``sync_item`` protobuf; ProtoError when it is not one."""
    if not blob:
        return None, None, None
    place = field_path(bytes(blob), (_PLACE,))
    if place is None:
        return None, None, None
    return (_utf8(field_path(place, (_NAME,))), _utf8(field_path(place, (_ADDRESS,))),
            _utf8(field_path(place, (_URL,))))


def _places(artifact: Artifact, ctx: Context) -> pa.Table:
    t = "sync_item"
    rows = sql.read(
        artifact,
        "SELECT rowid AS src_row, corpus, key_string, timestamp AS ts, latitude, longitude, sync_item AS blob "
        "FROM sync_item ORDER BY rowid",
        ctx=ctx, what="maps sync_item",
        types={"src_row": pa.int64(), "corpus": pa.int64(), "key_string": pa.string(), "ts": pa.int64(),
               "latitude": pa.int64(), "longitude": pa.int64(), "blob": pa.binary()},
    )
    names, addresses, urls = [], [], []
    bad = 0
    for blob in rows.column("blob").to_pylist():
        try:
            name, address, url = place_fields(blob)
        except ProtoError:
            bad += 1
            name = address = url = None
        names.append(name)
        addresses.append(address)
        urls.append(url)
    if bad:
        ctx.warn(f"maps {t}: {bad} places whose sync_item protobuf could not be read (kept without name/address)")
    n = rows.num_rows
    title, address, url = pa.array(names, pa.string()), pa.array(addresses, pa.string()), pa.array(urls, pa.string())
    ts, _ = zero_to_null(rows.column("ts").combine_chunks())
    stamp = timestamps(ts, "ms", ctx, "maps sync_item timestamp")
    return pa.table({
        "ts": stamp,
        "kind": pa.repeat(pa.scalar("saved_place"), n),
        "text": _join(title, address, url),
        "src_table": pa.repeat(pa.scalar(t), n),
        "src_row": rows.column("src_row"),
        "last_ts": pa.nulls(n, stamp.type),
        "app": pa.repeat(pa.scalar("google_maps"), n),
        "title": title,
        "address": address,
        "url": url,
        "key_string": rows.column("key_string"),
        "corpus": rows.column("corpus"),
        "lat": _degrees(rows.column("latitude")),
        "lon": _degrees(rows.column("longitude")),
    })


def _destinations(artifact: Artifact, ctx: Context) -> pa.Table:
    t = "destination_history"
    rows = sql.read(
        artifact,
        "SELECT rowid AS src_row, time AS ts, dest_title AS title, dest_address AS address, dest_lat, dest_lng, "
        f"{sql.ref(artifact, t, 'source_lat')} AS source_lat, {sql.ref(artifact, t, 'source_lng')} AS source_lng "
        "FROM destination_history ORDER BY rowid",
        ctx=ctx, what="maps destination_history",
        types={"src_row": pa.int64(), "ts": pa.int64(), "title": pa.string(), "address": pa.string(),
               "dest_lat": pa.int64(), "dest_lng": pa.int64(), "source_lat": pa.int64(), "source_lng": pa.int64()},
    )
    n = rows.num_rows
    ts, _ = zero_to_null(rows.column("ts").combine_chunks())
    stamp = timestamps(ts, "ms", ctx, "maps destination_history time")
    title = rows.column("title").combine_chunks()
    address = rows.column("address").combine_chunks()
    return pa.table({
        "ts": stamp,
        "kind": pa.repeat(pa.scalar("directions"), n),
        "text": _join(title, address),
        "src_table": pa.repeat(pa.scalar(t), n),
        "src_row": rows.column("src_row"),
        "last_ts": pa.nulls(n, stamp.type),
        "app": pa.repeat(pa.scalar("google_maps"), n),
        "title": title,
        "address": address,
        "lat": _degrees(rows.column("dest_lat")),
        "lon": _degrees(rows.column("dest_lng")),
        "source_lat": _degrees(rows.column("source_lat")),
        "source_lon": _degrees(rows.column("source_lng")),
    })


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    if artifact.probe.requires(_MYPLACES):
        yield "texts", _places(artifact, ctx)
    if artifact.probe.requires(_DESTINATIONS):
        yield "texts", _destinations(artifact, ctx)

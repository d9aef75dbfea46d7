"""iOS app usage: CoreDuet ``knowledgeC.db``, stream ``/app/inFocus`` (apps in the foreground).

``/private/var/mobile/Library/CoreDuet/Knowledge/knowledgeC.db`` is a Core Data SQLite
store (macOS keeps the same store per user). Table ``ZOBJECT``, rows with
``ZSTREAMNAME = '/app/inFocus'``: one per stretch of an app in the foreground (the column
names and conventions are those Sarah Edwards' knowledgeC research, APOLLO's
``knowledge_app_inFocus`` module and iLEAPP's knowledgeC parsers use). One ``app_events``
row each:

* ``ts`` = ``ZSTARTDATE`` (seconds since 2001-01-01 UTC, a float); ``end_ts`` = ``ZENDDATE``;
* ``app`` = ``ZVALUESTRING`` (the bundle id, e.g. ``com.life360.safetymap``);
* ``event`` = ``foreground``; ``detail`` = the duration in seconds (``ZENDDATE - ZSTARTDATE``,
  as text, to the millisecond), also as a number in ``duration_s``;
* ``seconds_from_gmt`` = ``ZSECONDSFROMGMT`` (the phone's UTC offset at the time).

Rows without a start date are kept with ``ts`` null and counted in a warning.
Provenance: ``src_table`` ``ZOBJECT``, ``src_row`` ``Z_PK``. Other streams (``/app/usage``,
``/app/intents``, ``/device/isLocked``, ...) are not read. From iOS 16 app usage is kept in
Biome (SEGB files) rather than knowledgeC; those are not read.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from .arrowutil import cocoa_ts
from .base import Artifact, Context, Probe
from .sql import col, read as sql_read

NAME = "ios_knowledgec"
FORMAT = "iOS CoreDuet knowledgeC.db: /app/inFocus (app in the foreground) events of ZOBJECT"
VERSIONS = "knowledgeC.db iOS 11-15 (and iOS 16+ where still present; Biome not read); macOS 10.13+"
TABLES = ("app_events",)

_REQUIRED = {"ZOBJECT": ("ZSTREAMNAME", "ZVALUESTRING", "ZSTARTDATE", "ZENDDATE")}
STREAM = "/app/inFocus"


def detect(probe: Probe) -> bool:
    return probe.requires(_REQUIRED)


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    sql = (f"SELECT Z_PK AS src_row, ZSTARTDATE AS start, ZENDDATE AS end, CAST(ZVALUESTRING AS TEXT) AS app, "
           f"{col(artifact, 'ZOBJECT', 'ZSECONDSFROMGMT', 'seconds_from_gmt')} "
           f"FROM ZOBJECT WHERE ZSTREAMNAME = '{STREAM}' ORDER BY Z_PK")
    t = sql_read(artifact, sql, types={"src_row": pa.int64(), "start": pa.float64(), "end": pa.float64(),
                                       "app": pa.string(), "seconds_from_gmt": pa.int64()},
                 ctx=ctx, what="knowledgeC ZOBJECT")
    n = t.num_rows
    if not n:
        return
    c = {name: t.column(name).combine_chunks() for name in t.column_names}
    ts = cocoa_ts(c["start"], ctx, "knowledgeC", "ZSTARTDATE", unit="cocoa_s")
    end = cocoa_ts(c["end"], ctx, "knowledgeC", "ZENDDATE", unit="cocoa_s", warn_zero=False)
    missing = pc.sum(pc.is_null(c["start"])).as_py() or 0
    if missing:
        ctx.warn(f"knowledgeC: {missing} /app/inFocus rows without ZSTARTDATE (kept with ts null)")
    dur = pc.subtract(c["end"], c["start"])
    detail = [None if d is None else (f"{d:.3f}".rstrip("0").rstrip(".") or "0") for d in pc.round(dur, 3).to_pylist()]
    yield "app_events", pa.table({
        "ts": ts,
        "app": c["app"],
        "event": pa.array(["foreground"] * n, pa.string()),
        "detail": pa.array(detail, pa.string()),
        "src_table": pa.array(["ZOBJECT"] * n, pa.string()),
        "src_row": c["src_row"],
        "end_ts": end,
        "duration_s": pc.round(dur, 3),
        "seconds_from_gmt": c["seconds_from_gmt"],
    })

"""iOS call history: ``CallHistory.storedata`` (iOS 8-18) and ``call_history.db`` (iOS 4-7).

``/private/var/mobile/Library/CallHistoryDB/CallHistory.storedata`` is a Core Data
SQLite store (``HomeDomain/Library/CallHistoryDB/`` in an iTunes backup; macOS keeps the
same store). Table ``ZCALLRECORD``, one row per call, read as:

* ``ZDATE`` seconds since 2001-01-01 (float; 0 means "not set" and becomes null, with a
  warning); ``ZDURATION`` seconds (float);
* ``ZORIGINATED`` 1 = outgoing, 0 = incoming;
* ``ZANSWERED`` 1 -> ``answered``, 0 -> ``missed`` (for an outgoing call: nobody picked
  up). ``ZDISCONNECTED_CAUSE`` is kept raw (``disconnected_cause``): its codes are not
  documented and public tools do not agree on them, so they are not mapped to
  rejected/blocked. A call with ``ZBLOCKEDBYEXTENSION`` set (the bundle id of a call
  blocking extension, newer releases) is ``blocked``.
* ``ZADDRESS``: the other party (phone number, e-mail or app handle), TEXT or a BLOB of
  UTF-8 bytes depending on the release; ``ZNAME`` the caller-ID name.
* app: ``ZSERVICE_PROVIDER`` (iOS 10+): ``com.apple.Telephony`` -> ``telephony``,
  ``com.apple.FaceTime`` -> ``facetime``, a third-party CallKit app keeps its bundle id
  (``net.whatsapp.WhatsApp``). Before iOS 10 (no provider) ``ZCALLTYPE`` decides: 1 phone,
  8 FaceTime video, 16 FaceTime audio (kept raw in ``call_type``).
* group FaceTime calls (newer releases) have no ``ZADDRESS``; their participants are in
  ``ZHANDLE`` via the ``Z_<n>REMOTEPARTICIPANTHANDLES`` join table. One participant ->
  that handle; several -> ``group`` is true and the counterpart is the initiator
  (``ZINITIATOR``) for an incoming call, the group (``ZPARTICIPANTGROUPUUID`` as hex) for
  an outgoing one; ``participants`` lists them all, ``;``-joined.

``call_history.db`` (iOS 7 and earlier), table ``call``: ``date`` Unix seconds,
``duration`` seconds, ``flags`` bit 0 = outgoing (the database's own timer triggers test
``flags & 1``); ``flags`` is kept raw. App ``facetime`` when ``face_time_data`` is set,
else ``telephony``. It does not say whether a call was answered, so ``status`` is null.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from .arrowutil import blank_to_null, cocoa_ts, lookup, map_codes, timestamps
from .base import Artifact, Context, Probe
from .sql import col, fetch

NAME = "ios_calls"
FORMAT = "iOS call history (CallHistory.storedata ZCALLRECORD; legacy call_history.db)"
VERSIONS = "CallHistory.storedata iOS 8-18 (also macOS); call_history.db iOS 4-7"
TABLES = ("calls",)

_CORE_DATA = {"ZCALLRECORD": ("ZDATE", "ZORIGINATED", "ZADDRESS")}
_LEGACY = {"call": ("address", "date", "duration", "flags")}

_PROVIDERS = {"com.apple.telephony": "telephony", "com.apple.facetime": "facetime"}
_CALLTYPE_APP = {1: "telephony", 8: "facetime", 16: "facetime"}


def detect(probe: Probe) -> bool:
    return probe.requires(_CORE_DATA) or (probe.requires(_LEGACY) and probe.has("_SqliteDatabaseProperties"))


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    conn = artifact.connect()
    try:
        if "ZCALLRECORD" in artifact.tables:
            table = _read_core_data(artifact, conn, ctx)
        else:
            table = _read_legacy(artifact, conn, ctx)
    finally:
        conn.close()
    yield "calls", table


def _participants_join(artifact: Artifact) -> tuple[str, str, str] | None:
    """(table, call column, handle column) of the Core Data many-to-many join, if any."""
    for name, cols in artifact.tables.items():
        if re.fullmatch(r"Z_\d+REMOTEPARTICIPANTHANDLES", name):
            calls = [c for c in cols if c.endswith("REMOTEPARTICIPANTCALLS")]
            handles = [c for c in cols if c.endswith("REMOTEPARTICIPANTHANDLES")]
            if calls and handles:
                return name, calls[0], handles[0]
    return None


def _read_core_data(artifact: Artifact, conn, ctx: Context) -> pa.Table:
    cols = artifact.columns("ZCALLRECORD")
    has_handles = artifact.probe.has("ZHANDLE", "Z_PK", "ZVALUE")
    select = [
        "Z_PK AS src_row",
        col(artifact, "ZCALLRECORD", "ZDATE", "date"),
        col(artifact, "ZCALLRECORD", "ZDURATION", "duration"),
        col(artifact, "ZCALLRECORD", "ZORIGINATED", "originated"),
        col(artifact, "ZCALLRECORD", "ZANSWERED", "answered"),
        # BLOB (UTF-8 bytes) in older releases, TEXT in later ones: read both as text
        'CAST(ZADDRESS AS TEXT) AS "address"',
        col(artifact, "ZCALLRECORD", "ZNAME", "name"),
        col(artifact, "ZCALLRECORD", "ZCALLTYPE", "call_type"),
        col(artifact, "ZCALLRECORD", "ZSERVICE_PROVIDER", "service_provider"),
        col(artifact, "ZCALLRECORD", "ZDISCONNECTED_CAUSE", "disconnected_cause"),
        col(artifact, "ZCALLRECORD", "ZBLOCKEDBYEXTENSION", "blocked_by_extension"),
        col(artifact, "ZCALLRECORD", "ZFILTERED_OUT_REASON", "filtered_out_reason"),
        col(artifact, "ZCALLRECORD", "ZISO_COUNTRY_CODE", "iso_country_code"),
        col(artifact, "ZCALLRECORD", "ZLOCATION", "location"),
        col(artifact, "ZCALLRECORD", "ZREAD", "read"),
        col(artifact, "ZCALLRECORD", "ZUNIQUE_ID", "unique_id"),
        col(artifact, "ZCALLRECORD", "ZINITIATOR", "initiator_pk") if has_handles else "NULL AS initiator_pk",
        ("lower(hex(ZPARTICIPANTGROUPUUID)) AS group_id" if "ZPARTICIPANTGROUPUUID" in cols else "NULL AS group_id"),
    ]
    types = {
        "src_row": pa.int64(), "date": pa.float64(), "duration": pa.float64(), "originated": pa.int64(),
        "answered": pa.int64(), "address": pa.string(), "name": pa.string(), "call_type": pa.int64(),
        "service_provider": pa.string(), "disconnected_cause": pa.int64(), "blocked_by_extension": pa.string(),
        "filtered_out_reason": pa.int64(), "iso_country_code": pa.string(), "location": pa.string(),
        "read": pa.int64(), "unique_id": pa.string(), "initiator_pk": pa.int64(), "group_id": pa.string(),
    }
    t = fetch(conn, f"SELECT {', '.join(select)} FROM ZCALLRECORD ORDER BY Z_PK", types=types, ctx=ctx,
              what="CallHistory ZCALLRECORD")
    n = t.num_rows
    c = {name: t.column(name).combine_chunks() for name in t.column_names}

    # group-call participants and initiators: small tables, joined in Arrow
    c["initiator"] = pa.nulls(n, pa.string())
    c["n_participants"] = pa.nulls(n, pa.int64())
    c["first_participant"] = pa.nulls(n, pa.string())
    c["participants"] = pa.nulls(n, pa.string())
    if has_handles:
        h = fetch(conn, "SELECT Z_PK AS pk, ZVALUE AS value FROM ZHANDLE", types={"pk": pa.int64(), "value": pa.string()},
                  ctx=ctx, what="CallHistory ZHANDLE")
        c["initiator"] = lookup(c["initiator_pk"], h.column("pk"), h.column("value"))
        join = _participants_join(artifact)
        if join:
            table, call_col, handle_col = join
            p = fetch(conn, f'SELECT j."{call_col}" AS call, COUNT(*) AS n, MIN(h.ZVALUE) AS first, '
                            f"group_concat(h.ZVALUE, ';') AS participants FROM \"{table}\" j "
                            f'LEFT JOIN ZHANDLE h ON h.Z_PK = j."{handle_col}" GROUP BY j."{call_col}"',
                      types={"call": pa.int64(), "n": pa.int64(), "first": pa.string(), "participants": pa.string()},
                      ctx=ctx, what="CallHistory participants")
            for name, src in (("n_participants", "n"), ("first_participant", "first"), ("participants", "participants")):
                c[name] = lookup(c["src_row"], p.column("call"), p.column(src))

    outgoing = pc.not_equal(c["originated"], 0)
    direction = pc.if_else(outgoing, pa.scalar("out"), pa.scalar("in"))
    address = blank_to_null(c["address"])
    n_part = pc.fill_null(c["n_participants"], 0)
    group = pc.greater(n_part, 1)
    group_party = pc.if_else(
        pc.fill_null(outgoing, False),
        pc.coalesce(c["group_id"], c["first_participant"]),
        pc.coalesce(c["initiator"], c["first_participant"], c["group_id"]),
    )
    counterpart_raw = pc.coalesce(address, pc.if_else(group, group_party, c["first_participant"]))
    unknown = pc.sum(pc.is_null(counterpart_raw)).as_py() or 0
    if unknown:
        ctx.warn(f"{unknown} calls without an address (withheld number or unknown party): counterpart null (kept)")

    provider = pc.utf8_lower(c["service_provider"])
    mapped = map_codes(provider, _PROVIDERS)
    by_type = map_codes(c["call_type"], _CALLTYPE_APP)
    app = pc.coalesce(mapped, c["service_provider"], by_type)

    answered = pc.not_equal(c["answered"], 0)
    status = pc.if_else(answered, pa.scalar("answered"), pa.scalar("missed"))
    blocked = pc.fill_null(pc.is_valid(blank_to_null(c["blocked_by_extension"])), False)
    status = pc.if_else(blocked, pa.scalar("blocked"), status)

    ts = cocoa_ts(c["date"], ctx, "", "ZDATE", unit="cocoa_s")
    no_date = pc.sum(pc.is_null(c["date"])).as_py() or 0
    if no_date:
        ctx.warn(f"{no_date} calls without ZDATE (kept with ts null)")
    return pa.table({
        "ts": ts,
        "direction": direction,
        "counterpart": ctx.normalise(counterpart_raw),
        "counterpart_raw": counterpart_raw,
        "app": app,
        "duration_s": c["duration"],
        "status": status,
        "src_table": pa.repeat(pa.scalar("ZCALLRECORD"), n),
        "src_row": c["src_row"],
        "group": group,
        "name": c["name"],
        "call_type": c["call_type"],
        "service_provider": c["service_provider"],
        "answered": c["answered"],
        "disconnected_cause": c["disconnected_cause"],
        "blocked_by_extension": c["blocked_by_extension"],
        "filtered_out_reason": c["filtered_out_reason"],
        "iso_country_code": c["iso_country_code"],
        "location": c["location"],
        "read": c["read"],
        "unique_id": c["unique_id"],
        "participants": c["participants"],
    })


def _read_legacy(artifact: Artifact, conn, ctx: Context) -> pa.Table:
    select = [
        "ROWID AS src_row",
        col(artifact, "call", "date"),
        col(artifact, "call", "duration"),
        col(artifact, "call", "flags"),
        "CAST(address AS TEXT) AS address",
        col(artifact, "call", "name"),
        col(artifact, "call", "country_code"),
        col(artifact, "call", "read"),
        ("(face_time_data IS NOT NULL AND length(face_time_data) > 0) AS facetime"
         if "face_time_data" in artifact.columns("call") else "0 AS facetime"),
    ]
    t = fetch(conn, f"SELECT {', '.join(select)} FROM call ORDER BY ROWID",
              types={"src_row": pa.int64(), "date": pa.float64(), "duration": pa.float64(), "flags": pa.int64(),
                     "address": pa.string(), "name": pa.string(), "country_code": pa.string(), "read": pa.int64(),
                     "facetime": pa.int64()},
              ctx=ctx, what="call_history.db call")
    n = t.num_rows
    c = {name: t.column(name).combine_chunks() for name in t.column_names}
    outgoing = pc.equal(pc.bit_wise_and(c["flags"], 1), 1)
    address = blank_to_null(c["address"])
    unknown = pc.sum(pc.is_null(address)).as_py() or 0
    if unknown:
        ctx.warn(f"{unknown} calls without an address: counterpart null (kept)")
    ts = timestamps(c["date"], "s", ctx)
    return pa.table({
        "ts": ts,
        "direction": pc.if_else(outgoing, pa.scalar("out"), pa.scalar("in")),
        "counterpart": ctx.normalise(address),
        "counterpart_raw": address,
        "app": pc.if_else(pc.fill_null(pc.not_equal(c["facetime"], 0), False), pa.scalar("facetime"),
                          pa.scalar("telephony")),
        "duration_s": c["duration"],
        "status": pa.nulls(n, pa.string()),
        "src_table": pa.repeat(pa.scalar("call"), n),
        "src_row": c["src_row"],
        "group": pa.repeat(pa.scalar(False), n),
        "name": c["name"],
        "flags": c["flags"],
        "country_code": c["country_code"],
        "read": c["read"],
    })

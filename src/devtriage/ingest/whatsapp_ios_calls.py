"""WhatsApp for iOS ``CallHistory.sqlite``: WhatsApp voice and video calls.

A Core Data store in WhatsApp's app group container, beside ``ChatStorage.sqlite``. Written
for WhatsApp iOS 2.21-2.24 (real sample: iOS 15, the iLEAPP test image; iLEAPP reports the
same layout from iOS 14.3 / WhatsApp 2.21.20 to iOS 18 / WhatsApp 25.x, older builds lacking
``ZGROUPCALLCREATORUSERJIDSTRING``). One row is read per call event:

* ``ZWACDCALLEVENT`` (one call): ``ZDATE`` (Core Data seconds since 2001-01-01; 0 means
  "not set" and becomes null), ``ZDURATION`` (seconds, float), ``ZOUTCOME``,
  ``ZGROUPCALLCREATORUSERJIDSTRING`` (who started the call), ``ZGROUPJIDSTRING`` (the group
  of a group call), ``Z1CALLEVENTS`` -> its aggregate.
* ``ZWAAGGREGATECALLEVENT`` (the run of calls shown as one entry in the app's call list):
  ``ZINCOMING``, ``ZMISSED``, ``ZVIDEO``, ``ZFIRSTDATE``.
* ``ZWACDCALLEVENTPARTICIPANT``: ``ZJIDSTRING``, ``Z1PARTICIPANTS`` -> the **aggregate**.

The joins come from the Core Data model cached in the file itself (``Z_MODELCACHE``, a
deflated NSKeyedArchiver plist): ``WAAggregateCallEvent`` owns two ordered to-many
relationships without inverses, ``callEvents`` -> ``WACDCallEvent`` and ``participants`` ->
``WACDCallEventParticipant``; Core Data stores such a relationship as a foreign key named
``Z<owner entity number><NAME>`` in the destination table, and ``Z_PRIMARYKEY`` numbers
``WAAggregateCallEvent`` 1. So ``ZWACDCALLEVENT.Z1CALLEVENTS`` and
``ZWACDCALLEVENTPARTICIPANT.Z1PARTICIPANTS`` both hold an aggregate ``Z_PK`` (the same join
iLEAPP uses), and a call's participants are those of its aggregate.

Direction: ``ZINCOMING`` of the aggregate (1 in, 0 out); where it is null, a call whose
creator is one of the participants is incoming, one whose creator is not is outgoing (the
two agree on every call of the sample). Counterpart: the first participant (by ``Z_PK``);
for a group call (``ZGROUPJIDSTRING`` set) an incoming call's counterpart is its creator, an
outgoing call's the group JID.

Status from ``ZOUTCOME``: 0 answered (the sample's four calls all have outcome 0 and 95-105 s
of duration), 1 missed (iLEAPP's observation; WAProto ``CallLogMessage.CallOutcome`` has
MISSED = 1 too), 3 rejected (WAProto REJECTED = 3); other values (2 failed, 4 accepted
elsewhere in WAProto, which iLEAPP labels "rejected") give a null status and stay in
``outcome``. Null outcomes with ``ZMISSED`` = 1 are missed.

``ZWAJOINABLECALLEVENT`` (joinable group calls; empty in every image iLEAPP documents) is
not read; a warning says how many rows it holds when it has any.

Extra columns: ``group``, ``video``, ``outcome``, ``missed``, ``participants`` (all
participant JIDs, space-separated), ``n_participants``, ``aggregate`` (the aggregate Z_PK).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .arrowutil import cocoa_ts, flag_direction, map_codes
from .base import Artifact, Context, Probe, repeat

NAME = "whatsapp_ios_calls"
FORMAT = "WhatsApp for iOS CallHistory.sqlite: WhatsApp calls"
VERSIONS = "WhatsApp iOS 2.21-2.24+ (Core Data CallHistory.sqlite; sample: iOS 15)"
TABLES = ("calls",)

REQUIRED = {
    "ZWACDCALLEVENT": ("Z_PK", "ZDATE", "ZDURATION", "ZOUTCOME", "Z1CALLEVENTS"),
    "ZWAAGGREGATECALLEVENT": ("Z_PK", "ZINCOMING"),
}

APP = "whatsapp"

OUTCOME_STATUS = {0: "answered", 1: "missed", 3: "rejected"}


def detect(probe: Probe) -> bool:
    return probe.requires(REQUIRED)


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    a = artifact
    creator = f"NULLIF({sql.ref(a, 'ZWACDCALLEVENT', 'ZGROUPCALLCREATORUSERJIDSTRING', 'e.')}, '')"
    group = f"NULLIF({sql.ref(a, 'ZWACDCALLEVENT', 'ZGROUPJIDSTRING', 'e.')}, '')"
    joins = ["LEFT JOIN ZWAAGGREGATECALLEVENT g ON g.Z_PK = e.Z1CALLEVENTS"]
    first = everyone = n_part = is_part = "NULL"
    if all(c in a.columns("ZWACDCALLEVENTPARTICIPANT") for c in ("Z_PK", "Z1PARTICIPANTS", "ZJIDSTRING")):
        # SQLite returns the bare column of the MIN() row: the first participant by Z_PK
        joins.append(
            "LEFT JOIN (SELECT Z1PARTICIPANTS AS agg, ZJIDSTRING AS first_jid, MIN(Z_PK) AS first_pk,"
            " COUNT(*) AS n, group_concat(ZJIDSTRING, ' ') AS everyone"
            " FROM (SELECT * FROM ZWACDCALLEVENTPARTICIPANT ORDER BY Z_PK) GROUP BY Z1PARTICIPANTS) p ON p.agg = e.Z1CALLEVENTS"
        )
        first, everyone, n_part = "p.first_jid", "p.everyone", "p.n"
        is_part = f"EXISTS (SELECT 1 FROM ZWACDCALLEVENTPARTICIPANT q WHERE q.Z1PARTICIPANTS = e.Z1CALLEVENTS AND q.ZJIDSTRING = {creator})"
    else:
        ctx.warn("ZWACDCALLEVENTPARTICIPANT missing or incomplete: call counterparts unknown")
    incoming = sql.ref(a, "ZWAAGGREGATECALLEVENT", "ZINCOMING", "g.")
    query = f"""
        SELECT e.Z_PK AS src_row,
               e.ZDATE AS ts_raw,
               COALESCE({incoming}, CASE WHEN {creator} IS NULL THEN NULL WHEN {is_part} THEN 1 ELSE 0 END) AS incoming,
               CASE WHEN {group} IS NULL THEN {first}
                    WHEN COALESCE({incoming}, 1) = 1 THEN COALESCE({creator}, {first}, {group})
                    ELSE {group} END AS counterpart_raw,
               e.ZDURATION AS duration_s,
               e.ZOUTCOME AS outcome,
               {sql.ref(a, "ZWAAGGREGATECALLEVENT", "ZMISSED", "g.")} AS missed,
               {sql.ref(a, "ZWAAGGREGATECALLEVENT", "ZVIDEO", "g.")} AS video,
               {group} AS group_jid,
               {everyone} AS participants,
               {n_part} AS n_participants,
               e.Z1CALLEVENTS AS aggregate
        FROM ZWACDCALLEVENT e {' '.join(joins)}
        ORDER BY e.Z_PK"""
    types = {
        "src_row": pa.int64(),
        "ts_raw": pa.float64(),
        "incoming": pa.int64(),
        "counterpart_raw": pa.string(),
        "duration_s": pa.float64(),
        "outcome": pa.int64(),
        "missed": pa.int64(),
        "video": pa.int64(),
        "group_jid": pa.string(),
        "participants": pa.string(),
        "n_participants": pa.int64(),
        "aggregate": pa.int64(),
    }
    conn = a.connect()
    try:
        t = sql.fetch(conn, query, types=types, ctx=ctx, what="ZWACDCALLEVENT")
        if "Z_PK" in a.columns("ZWAJOINABLECALLEVENT"):
            joinable = conn.execute("SELECT COUNT(*) FROM ZWAJOINABLECALLEVENT").fetchone()[0]
            if joinable:
                ctx.warn(f"ZWAJOINABLECALLEVENT: {joinable} joinable group call rows not read (layout not verified on real data)", rows_skipped=joinable)
    finally:
        conn.close()
    if not t.num_rows:
        return
    n = t.num_rows
    ts = cocoa_ts(t.column("ts_raw"), ctx, "ZWACDCALLEVENT", "ZDATE", unit="cocoa_s")
    direction = flag_direction(t.column("incoming"), ctx, "ZWACDCALLEVENT",
                               "calls whose direction is unknown (no aggregate ZINCOMING, no creator)", one="in")
    status = map_codes(t.column("outcome"), OUTCOME_STATUS)
    missed = t.column("missed")
    status = pc.if_else(pc.and_(pc.is_null(t.column("outcome")), pc.equal(missed, 1)), "missed", status)
    raw = t.column("counterpart_raw")
    group_jid = t.column("group_jid")
    yield "calls", pa.table(
        {
            "ts": ts,
            "direction": direction,
            "counterpart": ctx.normalise(raw),
            "counterpart_raw": raw,
            "app": repeat(APP, n),
            "duration_s": t.column("duration_s"),
            "status": status,
            "src_table": repeat("ZWACDCALLEVENT", n),
            "src_row": t.column("src_row"),
            "group": pc.fill_null(pc.is_valid(group_jid), False),
            "video": pc.cast(t.column("video"), pa.bool_()),
            "outcome": t.column("outcome"),
            "missed": pc.cast(missed, pa.bool_()),
            "participants": t.column("participants"),
            "n_participants": t.column("n_participants"),
            "aggregate": t.column("aggregate"),
        }
    )

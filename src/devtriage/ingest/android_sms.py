"""Android telephony provider ``mmssms.db``: SMS, MMS and Samsung RCS chat messages.

The database of ``com.android.providers.telephony`` (``/data/user_de/0/com.android.
providers.telephony/databases/mmssms.db``; ``/data/data/...`` before Android 7), written by
AOSP's ``MmsSmsDatabaseHelper`` from Android 4.4 to 14 and by vendor forks of it. Read:

* ``sms``: one row per SMS. ``type`` 1 inbox -> ``in``; 2 sent, 4 outbox, 5 failed,
  6 queued -> ``out`` (each is an attempt to contact, whether or not it got through);
  3 draft -> null: a draft was neither sent nor received, so it is not contact (it is
  still read, with its text). The raw code is kept in ``sms_type``. ``date`` is Unix
  milliseconds; ``address`` is the other party; ``thread_id`` the conversation.
* ``pdu`` + ``addr`` + ``part``: one row per MMS. ``pdu.date`` is Unix *seconds* (values
  above 1e11 are taken as milliseconds, which a few vendor builds write); ``msg_box`` 1
  inbox -> ``in``, 2 sent / 4 outbox / 5 failed -> ``out``, 3 drafts -> null (as SMS
  drafts; the raw code is kept in ``msg_box``). ``addr.type`` is the
  WAP header code: 137 FROM, 151 TO, 130 CC, 129 BCC; the device owner appears as the
  placeholder ``insert-address-token``. Incoming: counterpart = FROM. Outgoing (and
  drafts): counterpart = the first TO, every recipient (TO/CC/BCC, owner placeholder left out) is
  joined with ``;`` in ``recipients``. ``group`` is true when more than one party other
  than the owner takes part (or the thread has several recipients). The body is the
  text/plain parts' ``text`` concatenated in ``seq`` order; ``has_attachment`` when any part
  is neither text/plain nor application/smil. Delivery and read reports (``m_type`` 134,
  136, ...) are not messages and are skipped with a warning.
* Samsung builds (Galaxy S10 / One UI, 41 tables) add columns and tables; extra ones are
  ignored. Samsung's RCS "Chat+" tables ``im`` (text) and ``ft`` (file transfer) are read
  as app ``rcs`` (``date`` ms, ``type`` taken as the ``sms.type`` codes; not verified on
  real rows: the DFRWS 2021 sample has none). Samsung's ``messages`` table is an index the
  Samsung Messages app keeps over the provider: each row points back to its source row by
  ``transport_type`` + ``remote_id`` (``sms``/``mms``/...); in the DFRWS 2021 Galaxy S10
  image all 32 rows mirror the 32 ``sms`` rows one to one (same date, address, content,
  ``box_type`` = ``sms.type``), so only rows whose source row no longer exists are read
  (src_table ``messages``), and nothing is counted twice.

Encrypted bodies. A body that is ``HHY`` followed by standard base64 of whole 16-byte
blocks is AES ciphertext, not text (recognised by that shape, not by Samsung's
``secret_mode`` flag, which is 0 on every such row of the DFRWS 2021 sample). In that
image both incoming and outgoing SMS carry it; the challenge authors' published
``decrypt_message.py`` (dfrc-korea/DFRWS_Challenge_2021) decrypts it as AES-192-ECB with a
fixed string + the message's local date as key, PKCS#7 padded, and wrote the plaintext to
an added table ``dec_sms(type, address, date, body)``. When ``dec_sms`` exists its rows are
matched to the encrypted ``sms`` rows by address + second + direction and their plaintext
becomes ``body`` (the ciphertext is kept in ``body_raw``). The offset of ``dec_sms.date``
(local wall-clock text) is inferred from the data as the most frequent whole-quarter-hour
difference to ``sms.date``: in the DFRWS sample it is +02:00 (Central European Summer
Time, Swiss phone, April 2021) on all 27 rows, although the published script says
"+1 hours". ``dec_sms.type`` is the reverse of ``sms.type`` there (the script maps type 1,
inbox, to "SEND"), so the direction convention is also inferred (majority over matched
rows) and ``sms.type`` stays the source of direction. Encrypted bodies without a match
become null (ciphertext in ``body_raw``) with a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .arrowutil import timestamps
from .base import Artifact, Context, Probe, repeat
from .sql import fetch, missing

NAME = "android_sms"
FORMAT = "Android telephony provider mmssms.db: SMS (sms), MMS (pdu/addr/part), Samsung RCS (im/ft)"
VERSIONS = "AOSP TelephonyProvider, Android 4.4 to 14; Samsung One UI builds (Galaxy S10 schema, 41 tables)"
TABLES = ("messages",)

OWNER_TOKEN = "insert-address-token"
ADDR_FROM, ADDR_TO, ADDR_CC, ADDR_BCC = 137, 151, 130, 129
MMS_MESSAGE_TYPES = (128, 130, 132)  # send-req, notification-ind, retrieve-conf
OUT_TYPES = (2, 4, 5, 6)  # sent, outbox, failed, queued: attempts to contact
OUT_BOXES = (2, 4, 5)  # sent, outbox, failed
DRAFT_TYPE = 3  # sms.type draft: never sent, so no direction (neither in nor out)
DRAFT_BOX = 3  # pdu.msg_box drafts

ENCRYPTED_RE = r"^HHY(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
_NULL_STR = pa.scalar(None, pa.string())

# Extra columns, the same on every table this adapter yields.
_EXTRA = [
    ("sms_type", pa.int64()),
    ("msg_box", pa.int64()),
    ("m_type", pa.int64()),
    ("read", pa.int64()),
    ("subject", pa.string()),
    ("recipients", pa.string()),
    ("group", pa.bool_()),
    ("body_raw", pa.string()),
]


def detect(probe: Probe) -> bool:
    return probe.has("sms", "address", "date", "type", "body") and (
        probe.has("threads") or probe.has("canonical_addresses") or probe.has("pdu")
    )


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    conn = artifact.connect()
    try:
        if artifact.columns("sms"):
            yield "messages", _read_sms(conn, artifact, ctx)
        if artifact.columns("pdu"):
            table = _read_mms(conn, artifact, ctx)
            if table is not None:
                yield "messages", table
        for name in ("im", "ft"):
            if artifact.columns(name):
                table = _read_rcs(conn, artifact, ctx, name)
                if table is not None:
                    yield "messages", table
        if artifact.columns("messages"):
            table = _read_samsung_messages(conn, artifact, ctx)
            if table is not None:
                yield "messages", table
    finally:
        conn.close()


# --- helpers ----------------------------------------------------------------------------


def _arr(table: pa.Table, name: str) -> pa.Array:
    return table.column(name).combine_chunks()


def _warn_missing(artifact: Artifact, ctx: Context, table: str, columns: list[str]) -> None:
    lacking = missing(artifact, table, columns)
    if lacking:
        ctx.warn(f"{table}: column(s) {', '.join(lacking)} absent in this schema version; read as null")


def _direction(codes: pa.Array, in_codes: tuple[int, ...], out_codes: tuple[int, ...]) -> pa.Array:
    is_in = pc.fill_null(pc.is_in(codes, value_set=pa.array(in_codes, pa.int64())), False)
    is_out = pc.fill_null(pc.is_in(codes, value_set=pa.array(out_codes, pa.int64())), False)
    return pc.if_else(is_in, "in", pc.if_else(is_out, "out", _NULL_STR))


def _unknown(codes: pa.Array, direction: pa.Array, draft: int) -> int:
    """Rows whose code is neither in, out nor draft (drafts have no direction by design)."""
    drafts = pc.sum(pc.fill_null(pc.equal(codes, draft), False)).as_py() or 0
    return len(direction) - pc.count(direction).as_py() - drafts


def _seconds_or_ms(values: pa.Array, ctx: Context, what: str) -> pa.Array:
    """Unix seconds, except values above 1e11, which are already milliseconds."""
    v = values.cast(pa.float64())
    ms = pc.if_else(pc.greater(v, 1e11), v, pc.multiply(v, 1000.0))
    return timestamps(ms, "ms", ctx, what)


def _group_threads(conn, artifact: Artifact, ctx: Context) -> pa.Array:
    """Ids of the threads with more than one recipient (``threads.recipient_ids`` "1 5 7")."""
    if not artifact.probe.has("threads", "_id", "recipient_ids"):
        return pa.array([], pa.int64())
    t = fetch(
        conn,
        "SELECT _id FROM threads WHERE instr(trim(recipient_ids), ' ') > 0",
        types={"_id": pa.int64()},
        ctx=ctx,
        what="threads",
    )
    return _arr(t, "_id")


def _in_group_thread(thread_id: pa.Array, group_threads: pa.Array) -> pa.Array:
    if len(group_threads) == 0:
        return pa.array(np.zeros(len(thread_id), dtype=bool))
    return pc.is_in(thread_id, value_set=group_threads)


def encrypted_mask(body: pa.Array) -> pa.Array:
    """True where ``body`` is ``HHY`` + base64 of whole AES blocks (16 bytes, at least one)."""
    body = body.combine_chunks() if isinstance(body, pa.ChunkedArray) else body
    shape = pc.fill_null(pc.match_substring_regex(body, ENCRYPTED_RE), False)
    if not pc.any(shape).as_py():
        return shape
    n = pc.subtract(pc.utf8_length(body), 3)
    pads = pc.count_substring(body, "=")
    nbytes = pc.subtract(pc.multiply(pc.divide(n, 4), 3), pads).cast(pa.int64())
    whole = pc.and_(pc.equal(pc.bit_wise_and(nbytes, 15), 0), pc.greater_equal(nbytes, 16))
    return pc.and_(shape, pc.fill_null(whole, False))


def _assemble(ctx: Context, src_table: str, n: int, core: dict, extra: dict, src_row: pa.Array) -> pa.Table:
    cols, names = [], []
    raw = core["counterpart_raw"]
    core = dict(core)
    core["counterpart"] = ctx.normalise(raw) if n else pa.array([], pa.string())
    order = [
        ("ts", None), ("direction", pa.string()), ("counterpart", pa.string()), ("counterpart_raw", pa.string()),
        ("app", pa.string()), ("thread", pa.string()), ("body", pa.string()), ("has_attachment", pa.bool_()),
    ]
    for name, typ in order:
        value = core[name]
        if isinstance(value, pa.ChunkedArray):
            value = value.combine_chunks()
        if typ is not None and value.type != typ:
            value = value.cast(typ)
        cols.append(value)
        names.append(name)
    for name, typ in _EXTRA:
        value = extra.get(name)
        if value is None:
            value = pa.nulls(n, typ)
        elif isinstance(value, pa.ChunkedArray):
            value = value.combine_chunks()
        if value.type != typ:
            value = value.cast(typ)
        cols.append(value)
        names.append(name)
    cols += [repeat(src_table, n), src_row.cast(pa.int64())]
    names += ["src_table", "src_row"]
    return pa.Table.from_arrays(cols, names=names)


# --- SMS ----------------------------------------------------------------------------------


def _read_sms(conn, artifact: Artifact, ctx: Context) -> pa.Table:
    _warn_missing(artifact, ctx, "sms", ["thread_id", "address", "date", "type", "body", "read"])
    query = (
        f"SELECT {sql.rowid(artifact, 'sms')} AS src_row, "
        + ", ".join(sql.col(artifact, "sms", c) for c in ("thread_id", "address", "date", "type", "body", "read", "subject"))
        + " FROM sms"
    )
    types = {
        "src_row": pa.int64(), "thread_id": pa.int64(), "address": pa.string(), "date": pa.int64(),
        "type": pa.int64(), "body": pa.string(), "read": pa.int64(), "subject": pa.string(),
    }
    t = fetch(conn, query, types=types, ctx=ctx, what="sms")
    n = t.num_rows
    codes = _arr(t, "type")
    direction = _direction(codes, (1,), OUT_TYPES)
    unknown = _unknown(codes, direction, DRAFT_TYPE)
    if unknown:
        ctx.warn(f"sms: {unknown} rows with an unknown type (direction null)")
    body = _arr(t, "body")
    body_raw = pa.nulls(n, pa.string())
    enc = encrypted_mask(body)
    n_enc = pc.sum(enc).as_py() or 0
    if n_enc:
        # drafts were written on this phone: matched to dec_sms as outgoing rows
        written = _direction(codes, (1,), OUT_TYPES + (DRAFT_TYPE,))
        body, body_raw = _decrypted_bodies(conn, artifact, ctx, t, body, enc, written, n_enc)
    thread = _arr(t, "thread_id").cast(pa.string())
    core = {
        "ts": timestamps(_arr(t, "date"), "ms", ctx, "sms"),
        "direction": direction,
        "counterpart_raw": _arr(t, "address"),
        "app": repeat("sms", n),
        "thread": thread,
        "body": body,
        "has_attachment": pa.array(np.zeros(n, dtype=bool)),
    }
    extra = {
        "sms_type": codes,
        "read": _arr(t, "read"),
        "subject": _arr(t, "subject"),
        "group": _in_group_thread(_arr(t, "thread_id"), _group_threads(conn, artifact, ctx)),
        "body_raw": body_raw,
    }
    return _assemble(ctx, "sms", n, core, extra, _arr(t, "src_row"))


def _decrypted_bodies(conn, artifact, ctx, t: pa.Table, body, enc, direction, n_enc: int):
    """Replace encrypted bodies by their dec_sms plaintext where one matches; null the rest."""
    n = t.num_rows
    replaced = pa.nulls(n, pa.string())
    matched = 0
    if artifact.probe.has("dec_sms", "type", "address", "date", "body"):
        replaced, matched = _match_dec_sms(conn, ctx, t, enc, direction)
    new_body = pc.if_else(enc, replaced, body)
    body_raw = pc.if_else(enc, body, _NULL_STR)
    unmatched = n_enc - matched
    if unmatched:
        ctx.warn(
            f"{unmatched} SMS bodies are encrypted ('HHY' + base64 AES ciphertext, as in Samsung secret-mode "
            "exports) and no decrypted copy was found: body null, ciphertext kept in body_raw"
        )
    return new_body, body_raw


def _match_dec_sms(conn, ctx: Context, t: pa.Table, enc, direction) -> tuple[pa.Array, int]:
    """Match dec_sms rows to encrypted sms rows: (plaintext per sms row or null, rows matched)."""
    n = t.num_rows
    dec = fetch(
        conn,
        "SELECT rowid AS dec_row, type AS dec_type, address AS dec_address, "
        "CAST(strftime('%s', date) AS INTEGER) AS local_s, body AS dec_body FROM dec_sms",
        types={"dec_row": pa.int64(), "dec_type": pa.string(), "dec_address": pa.string(), "local_s": pa.int64(), "dec_body": pa.string()},
        ctx=ctx,
        what="dec_sms",
    )
    if dec.num_rows == 0:
        return pa.nulls(n, pa.string()), 0
    bad_dates = dec.num_rows - pc.count(_arr(dec, "local_s")).as_py()
    if bad_dates:
        ctx.warn(f"dec_sms: {bad_dates} rows whose date is not 'YYYY-MM-DD HH:MM:SS' were not matched", rows_skipped=bad_dates)
    idx = pc.indices_nonzero(enc)
    date = _arr(t, "date")
    utc_s = pc.floor(pc.divide(pc.take(date, idx).cast(pa.float64()), 1000.0)).cast(pa.int64())
    enc_t = pa.table({
        "row": idx.cast(pa.int64()),
        "address": pc.take(_arr(t, "address"), idx),
        "utc_s": utc_s,
        "dir": pc.take(direction, idx),
    }).filter(pc.and_(pc.is_valid(utc_s), pc.is_valid(pc.take(_arr(t, "address"), idx))))
    dec_t = dec.filter(pc.is_valid(_arr(dec, "local_s")))
    kind = pc.utf8_upper(pc.utf8_trim_whitespace(_arr(dec_t, "dec_type")))
    dec_dir = pc.if_else(
        pc.fill_null(pc.is_in(kind, value_set=pa.array(["RECEIVE", "RECEIVED", "INBOX", "IN"])), False), "in",
        pc.if_else(pc.fill_null(pc.is_in(kind, value_set=pa.array(["SEND", "SENT", "OUTBOX", "OUT"])), False), "out", _NULL_STR),
    )
    dec_t = dec_t.append_column("dec_dir", dec_dir)
    # 1. the offset of dec_sms's local wall-clock time: the most frequent whole quarter hour
    #    between a dec_sms row and an encrypted row of the same address (from up to 1000 rows)
    pairs = enc_t.join(dec_t.slice(0, 1000), keys="address", right_keys="dec_address", join_type="inner")
    if pairs.num_rows == 0:
        return pa.nulls(n, pa.string()), 0
    diff = pc.subtract(_arr(pairs, "local_s"), _arr(pairs, "utc_s"))
    whole_quarter = pc.equal(pc.subtract(diff, pc.multiply(pc.divide(diff, 900), 900)), 0)
    ok = pc.and_(pc.less_equal(pc.abs(diff), 14 * 3600), whole_quarter)
    cand = pc.filter(diff, ok)
    if len(cand) == 0:
        ctx.warn("dec_sms: no row lies a whole number of quarter hours from an encrypted sms row; not used")
        return pa.nulls(n, pa.string()), 0
    counts = pc.value_counts(cand)
    vals, freq = counts.field("values").to_numpy(), counts.field("counts").to_numpy()
    best = int(vals[np.lexsort((np.abs(vals), -freq))[0]])
    # every dec_sms row against the sms rows at exactly that offset
    dec_t = dec_t.append_column("utc_s", pc.subtract(_arr(dec_t, "local_s"), best))
    at = enc_t.join(dec_t, keys=["address", "utc_s"], right_keys=["dec_address", "utc_s"], join_type="inner")
    at = at.filter(pc.is_valid(_arr(at, "dec_dir")))
    # 2. the direction convention: same as sms.type, or reversed (the DFRWS table's is)
    same = pc.sum(pc.equal(_arr(at, "dir"), _arr(at, "dec_dir"))).as_py() or 0
    reverse = at.num_rows - same
    flipped = reverse > same
    if flipped:
        want = pc.if_else(pc.equal(_arr(at, "dec_dir"), "in"), "out", "in")
    else:
        want = _arr(at, "dec_dir")
    at = at.filter(pc.fill_null(pc.equal(_arr(at, "dir"), want), False))
    # 3. one plaintext per sms row: the first dec_sms row (lowest rowid) that matches it
    at = at.sort_by([("row", "ascending"), ("dec_row", "ascending")])
    rows = _arr(at, "row").to_numpy()
    first = np.ones(len(rows), dtype=bool)
    first[1:] = rows[1:] != rows[:-1]
    rows = rows[first]
    bodies = pc.filter(_arr(at, "dec_body"), pa.array(first))
    out = np.full(n, -1, dtype=np.int64)
    out[rows] = np.arange(len(rows))
    mask = out < 0
    plain = pc.take(bodies, pa.array(np.where(mask, 0, out), mask=mask)) if len(rows) else pa.nulls(n, pa.string())
    if not len(rows):
        ctx.warn("dec_sms: no row matches an encrypted sms row (address, time and direction); not used")
        return pa.nulls(n, pa.string()), 0
    sign = "+" if best >= 0 else "-"
    hh, mm = divmod(abs(best) // 60, 60)
    note = (
        f"dec_sms: {len(rows)} encrypted SMS bodies replaced by the decrypted copies in dec_sms "
        f"(matched by address, second and direction; dec_sms.date is local time UTC{sign}{hh:02d}:{mm:02d}"
    )
    if flipped:
        note += f"; its type labels are the reverse of sms.type on {reverse} of {same + reverse} matches, direction kept from sms.type"
    ctx.warn(note + ")")
    return plain, len(rows)


# --- MMS ----------------------------------------------------------------------------------


def _read_mms(conn, artifact: Artifact, ctx: Context) -> pa.Table | None:
    _warn_missing(artifact, ctx, "pdu", ["thread_id", "date", "msg_box", "m_type"])
    query = (
        f"SELECT {sql.rowid(artifact, 'pdu')} AS src_row, "
        + ", ".join(sql.col(artifact, "pdu", c) for c in ("thread_id", "date", "msg_box", "m_type", "read", "sub"))
        + " FROM pdu"
    )
    types = {
        "src_row": pa.int64(), "thread_id": pa.int64(), "date": pa.int64(), "msg_box": pa.int64(),
        "m_type": pa.int64(), "read": pa.int64(), "sub": pa.string(),
    }
    t = fetch(conn, query, types=types, ctx=ctx, what="pdu")
    if t.num_rows == 0:
        return None
    m_type = _arr(t, "m_type")
    keep = pc.or_(pc.is_null(m_type), pc.is_in(m_type, value_set=pa.array(MMS_MESSAGE_TYPES, pa.int64())))
    reports = t.num_rows - (pc.sum(keep).as_py() or 0)
    if reports:
        ctx.warn(f"pdu: {reports} MMS delivery/read reports (m_type not 128/130/132) skipped: they are not messages", rows_skipped=reports)
        t = t.filter(keep)
    n = t.num_rows
    if n == 0:
        return None
    t = t.sort_by("src_row")
    addr = _mms_addresses(conn, artifact, ctx)
    parts = _mms_parts(conn, artifact, ctx)
    if addr is not None:
        t = t.join(addr, keys="src_row", right_keys="msg_id", join_type="left outer")
    if parts is not None:
        t = t.join(parts, keys="src_row", right_keys="mid", join_type="left outer")
    t = t.sort_by("src_row")
    box = _arr(t, "msg_box")
    direction = _direction(box, (1,), OUT_BOXES)
    unknown = _unknown(box, direction, DRAFT_BOX)
    if unknown:
        ctx.warn(f"pdu: {unknown} MMS with an unknown msg_box (direction null)")

    def col(name, typ):
        return _arr(t, name) if name in t.column_names else pa.nulls(n, typ)

    is_in = pc.fill_null(pc.equal(direction, "in"), False)
    # written on this phone (sent or draft): a draft is addressed like an outgoing MMS
    composed = pc.or_(pc.fill_null(pc.equal(direction, "out"), False), pc.fill_null(pc.equal(box, DRAFT_BOX), False))
    sender, first_to = col("from_addr", pa.string()), col("first_to", pa.string())
    counterpart = pc.if_else(is_in, sender, pc.if_else(composed, first_to, _NULL_STR))
    n_rcpt = pc.fill_null(col("n_recipients", pa.int64()), 0)
    token = pc.fill_null(col("owner_token", pa.bool_()), False)
    # parties other than the owner: incoming = sender + recipients other than the owner
    # (the owner is the placeholder token when present, else one of the recipients)
    in_group = pc.greater_equal(n_rcpt, pc.if_else(token, 1, 2))
    out_group = pc.greater_equal(n_rcpt, 2)
    addr_group = pc.if_else(is_in, in_group, pc.if_else(composed, out_group, False))
    in_thread = _in_group_thread(_arr(t, "thread_id"), _group_threads(conn, artifact, ctx))
    group = pc.or_(pc.fill_null(addr_group, False), in_thread)
    core = {
        "ts": _seconds_or_ms(_arr(t, "date"), ctx, "pdu"),
        "direction": direction,
        "counterpart_raw": counterpart,
        "app": repeat("mms", n),
        "thread": _arr(t, "thread_id").cast(pa.string()),
        "body": col("text_body", pa.string()),
        "has_attachment": pc.fill_null(col("attachment", pa.bool_()), False),
    }
    extra = {
        "msg_box": box,
        "m_type": _arr(t, "m_type"),
        "read": _arr(t, "read"),
        "subject": _arr(t, "sub"),
        "recipients": col("recipients", pa.string()),
        "group": group,
    }
    return _assemble(ctx, "pdu", n, core, extra, _arr(t, "src_row"))


def _mms_addresses(conn, artifact: Artifact, ctx: Context) -> pa.Table | None:
    if not artifact.probe.has("addr", "msg_id", "address", "type"):
        ctx.warn("pdu: the addr table (or its msg_id/address/type columns) is missing: MMS counterparts are null")
        return None
    a = fetch(
        conn,
        f"SELECT msg_id, address, type FROM addr WHERE type IN ({ADDR_FROM},{ADDR_TO},{ADDR_CC},{ADDR_BCC}) "
        f"ORDER BY msg_id, {sql.rowid(artifact, 'addr')}",
        types={"msg_id": pa.int64(), "address": pa.string(), "type": pa.int64()},
        ctx=ctx,
        what="addr",
    )
    if a.num_rows == 0:
        return None
    a = a.filter(pc.is_valid(_arr(a, "msg_id")))
    address = _arr(a, "address")
    trimmed = pc.utf8_trim_whitespace(address)
    token = pc.fill_null(pc.equal(pc.utf8_lower(trimmed), OWNER_TOKEN), False)
    real = pc.and_(pc.invert(token), pc.fill_null(pc.greater(pc.utf8_length(trimmed), 0), False))
    typ = _arr(a, "type")
    rcpt = pc.is_in(typ, value_set=pa.array([ADDR_TO, ADDR_CC, ADDR_BCC], pa.int64()))
    a = a.append_column("token", token)

    def agg(mask, aggs):
        sub = a.filter(mask)
        return sub.group_by("msg_id", use_threads=False).aggregate(aggs)

    senders = agg(pc.and_(real, pc.equal(typ, ADDR_FROM)), [("address", "first")]).rename_columns(["msg_id", "from_addr"])
    tos = agg(pc.and_(real, pc.equal(typ, ADDR_TO)), [("address", "first")]).rename_columns(["msg_id", "first_to"])
    rc = agg(pc.and_(real, rcpt), [("address", "list"), ("address", "count_distinct")])
    rc = pa.table({
        "msg_id": rc.column("msg_id"),
        "recipients": pc.binary_join(rc.column("address_list"), ";"),
        "n_recipients": rc.column("address_count_distinct"),
    })
    tok = agg(pc.and_(token, rcpt), [("token", "any")]).rename_columns(["msg_id", "owner_token"])
    out = pa.table({"msg_id": pc.unique(_arr(a, "msg_id"))})
    for part in (senders, tos, rc, tok):
        out = out.join(part, keys="msg_id", join_type="left outer")
    return out


def _mms_parts(conn, artifact: Artifact, ctx: Context) -> pa.Table | None:
    if not artifact.probe.has("part", "mid", "ct"):
        ctx.warn("pdu: the part table (or its mid/ct columns) is missing: MMS bodies are null")
        return None
    seq = '"seq"' if "seq" in artifact.columns("part") else "0"
    p = fetch(
        conn,
        f"SELECT mid, ct, {sql.col(artifact, 'part', 'text')} FROM part ORDER BY mid, {seq}, {sql.rowid(artifact, 'part')}",
        types={"mid": pa.int64(), "ct": pa.string(), "text": pa.string()},
        ctx=ctx,
        what="part",
    )
    if p.num_rows == 0:
        return None
    p = p.filter(pc.is_valid(_arr(p, "mid")))
    ct = pc.utf8_lower(pc.utf8_trim_whitespace(_arr(p, "ct")))
    is_text = pc.fill_null(pc.equal(ct, "text/plain"), False)
    attach = pc.fill_null(pc.invert(pc.is_in(ct, value_set=pa.array(["text/plain", "application/smil"]))), False)
    p = p.append_column("attach", attach)
    texts = p.filter(pc.and_(is_text, pc.is_valid(_arr(p, "text"))))
    texts = texts.group_by("mid", use_threads=False).aggregate([("text", "list")])
    texts = pa.table({"mid": texts.column("mid"), "text_body": pc.binary_join(texts.column("text_list"), "")})
    att = p.group_by("mid", use_threads=False).aggregate([("attach", "any")]).rename_columns(["mid", "attachment"])
    return att.join(texts, keys="mid", join_type="left outer")


# --- Samsung RCS (im / ft) and the messages index ------------------------------------------


def _read_rcs(conn, artifact: Artifact, ctx: Context, name: str) -> pa.Table | None:
    need = ["address", "date", "type"] + (["body"] if name == "im" else [])
    lacking = missing(artifact, name, need)
    if lacking:
        ctx.warn(f"{name}: column(s) {', '.join(lacking)} missing; Samsung RCS table not read")
        return None
    body = sql.col(artifact, name, "body") if name == "im" else "NULL AS body"
    t = fetch(
        conn,
        f"SELECT {sql.rowid(artifact, name)} AS src_row, {sql.col(artifact, name, 'thread_id')}, address, date, type, {body}, "
        f"{sql.col(artifact, name, 'read')}, {sql.col(artifact, name, 'recipients')} FROM {name}",
        types={"src_row": pa.int64(), "thread_id": pa.int64(), "address": pa.string(), "date": pa.int64(),
               "type": pa.int64(), "body": pa.string(), "read": pa.int64(), "recipients": pa.string()},
        ctx=ctx,
        what=name,
    )
    n = t.num_rows
    if n == 0:
        return None
    codes = _arr(t, "type")
    direction = _direction(codes, (1,), OUT_TYPES)
    unknown = _unknown(codes, direction, DRAFT_TYPE)
    if unknown:
        ctx.warn(f"{name}: {unknown} rows with an unknown type (direction null)")
    recipients = _arr(t, "recipients")
    group = pc.fill_null(pc.match_substring_regex(recipients, r"[;,]"), False)
    body = _arr(t, "body")
    enc = encrypted_mask(body)
    n_enc = pc.sum(enc).as_py() or 0
    body_raw = pa.nulls(n, pa.string())
    if n_enc:
        ctx.warn(f"{name}: {n_enc} message bodies are encrypted ('HHY' + base64 AES ciphertext): body null, ciphertext kept in body_raw")
        body_raw = pc.if_else(enc, body, _NULL_STR)
        body = pc.if_else(enc, _NULL_STR, body)
    core = {
        "ts": timestamps(_arr(t, "date"), "ms", ctx, name),
        "direction": direction,
        "counterpart_raw": _arr(t, "address"),
        "app": repeat("rcs", n),
        "thread": _arr(t, "thread_id").cast(pa.string()),
        "body": body,
        "has_attachment": pa.array(np.full(n, name == "ft")),
    }
    extra = {"sms_type": codes, "read": _arr(t, "read"), "recipients": recipients, "group": group, "body_raw": body_raw}
    return _assemble(ctx, name, n, core, extra, _arr(t, "src_row"))


_MIRRORED = {"sms": "sms", "mms": "pdu", "im": "im", "ft": "ft", "rcs": "im"}


def _read_samsung_messages(conn, artifact: Artifact, ctx: Context) -> pa.Table | None:
    """Rows of Samsung's ``messages`` index whose source row is gone (the rest mirror it)."""
    need = ["transport_type", "remote_id", "address", "date", "box_type"]
    if missing(artifact, "messages", need):
        return None  # not Samsung's index: some other table of that name
    conds = []
    for transport, table in _MIRRORED.items():
        if artifact.columns(table):
            conds.append(
                f"(lower(m.transport_type) = '{transport}' AND m.remote_id IN (SELECT {sql.rowid(artifact, table)} FROM {table}))"
            )
    mirrored = " OR ".join(conds) or "0"
    t = fetch(
        conn,
        f"SELECT {sql.rowid(artifact, 'messages', 'm.')} AS src_row, lower(m.transport_type) AS transport, "
        f"{sql.col(artifact, 'messages', 'thread_id', prefix='m.')}, m.address AS address, m.date AS date, "
        f"m.box_type AS box_type, {sql.col(artifact, 'messages', 'content', prefix='m.')}, "
        f"{sql.col(artifact, 'messages', 'read', prefix='m.')}, {sql.col(artifact, 'messages', 'recipients', prefix='m.')}, "
        f"{sql.col(artifact, 'messages', 'subject', prefix='m.')}, {sql.col(artifact, 'messages', 'content_type', prefix='m.')} "
        f"FROM messages m WHERE NOT ({mirrored})",
        types={"src_row": pa.int64(), "transport": pa.string(), "thread_id": pa.int64(), "address": pa.string(),
               "date": pa.int64(), "box_type": pa.int64(), "content": pa.string(), "read": pa.int64(),
               "recipients": pa.string(), "subject": pa.string(), "content_type": pa.string()},
        ctx=ctx,
        what="messages",
    )
    n = t.num_rows
    if n == 0:
        return None
    ctx.warn(f"messages: {n} rows of Samsung's messages index have no source row left in sms/pdu/im/ft; read from the index")
    transport = _arr(t, "transport")
    app = pc.if_else(
        pc.fill_null(pc.is_in(transport, value_set=pa.array(["sms", "mms"])), False), transport, pa.scalar("rcs")
    )
    codes = _arr(t, "box_type")
    direction = _direction(codes, (1,), OUT_TYPES)
    body = _arr(t, "content")
    enc = encrypted_mask(body)
    n_enc = pc.sum(enc).as_py() or 0
    body_raw = pa.nulls(n, pa.string())
    if n_enc:
        ctx.warn(f"messages: {n_enc} message bodies are encrypted ('HHY' + base64 AES ciphertext): body null, ciphertext kept in body_raw")
        body_raw = pc.if_else(enc, body, _NULL_STR)
        body = pc.if_else(enc, _NULL_STR, body)
    ct = pc.utf8_lower(pc.fill_null(_arr(t, "content_type"), ""))
    attach = pc.and_(pc.greater(pc.utf8_length(ct), 0), pc.invert(pc.is_in(ct, value_set=pa.array(["text/plain", "application/smil"]))))
    recipients = _arr(t, "recipients")
    core = {
        "ts": _seconds_or_ms(_arr(t, "date"), ctx, "messages"),
        "direction": direction,
        "counterpart_raw": _arr(t, "address"),
        "app": app,
        "thread": _arr(t, "thread_id").cast(pa.string()),
        "body": body,
        "has_attachment": attach,
    }
    extra = {
        "sms_type": codes, "read": _arr(t, "read"), "subject": _arr(t, "subject"), "recipients": recipients,
        "group": pc.fill_null(pc.match_substring_regex(recipients, r"[;,]"), False), "body_raw": body_raw,
    }
    return _assemble(ctx, "messages", n, core, extra, _arr(t, "src_row"))

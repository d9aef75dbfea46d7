"""Android contacts provider ``contacts2.db``: phone numbers and e-mail addresses of contacts.

The database of ``com.android.providers.contacts`` (``ContactsDatabaseHelper``), Android 4
to 14. Every datum of a contact is a row of ``data`` whose ``mimetype_id`` points into
``mimetypes``; the row belongs to a ``raw_contacts`` row (one per account the contact is
stored in), which belongs to an ``accounts`` row (Android 4.1+; before that
``raw_contacts`` carried ``account_name`` / ``account_type`` itself, which is read too).

* ``vnd.android.cursor.item/phone_v2``: ``data1`` = the number as entered -> one row,
  ``kind`` ``phone``;
* ``vnd.android.cursor.item/email_v2``: ``data1`` = the address -> one row, ``kind``
  ``email``;
* name: ``raw_contacts.display_name``, else the contact's structured name
  (``vnd.android.cursor.item/name`` ``data1``).

One ``contacts`` row per identifier: ``identifier`` (normalised), ``identifier_raw``,
``name``; extra columns ``kind``, ``account`` (``account_type``, e.g. ``com.google``,
``com.whatsapp``: apps that sync their contacts add rows under their own account type),
``account_name`` and ``deleted`` (``raw_contacts.deleted``: 1 = deleted on the phone, kept
until the next sync). ``src_table`` is ``data`` and ``src_row`` is ``data._id``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from .base import Artifact, Context, Probe, repeat
from .sql import fetch

NAME = "android_contacts"
FORMAT = "Android contacts provider contacts2.db: phone numbers and e-mail addresses (data/mimetypes/raw_contacts)"
VERSIONS = "AOSP ContactsProvider, Android 4 to 14"
TABLES = ("contacts",)

PHONE = "vnd.android.cursor.item/phone_v2"
EMAIL = "vnd.android.cursor.item/email_v2"
STRUCTURED_NAME = "vnd.android.cursor.item/name"


def detect(probe: Probe) -> bool:
    return probe.has("data", "mimetype_id", "raw_contact_id", "data1") and probe.has("mimetypes", "_id", "mimetype")


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    rc_cols = artifact.columns("raw_contacts")
    joins, name_expr, account, account_name, deleted = [], [], "NULL", "NULL", "NULL"
    if rc_cols:
        joins.append("LEFT JOIN raw_contacts rc ON rc._id = d.raw_contact_id")
        if "display_name" in rc_cols:
            name_expr.append("rc.display_name")
        if "deleted" in rc_cols:
            deleted = "rc.deleted"
        if "account_id" in rc_cols and artifact.columns("accounts"):
            joins.append("LEFT JOIN accounts a ON a._id = rc.account_id")
            acc_cols = artifact.columns("accounts")
            account = "a.account_type" if "account_type" in acc_cols else "NULL"
            account_name = "a.account_name" if "account_name" in acc_cols else "NULL"
        else:
            account = "rc.account_type" if "account_type" in rc_cols else "NULL"
            account_name = "rc.account_name" if "account_name" in rc_cols else "NULL"
    else:
        ctx.warn("raw_contacts table missing: names (other than structured names), accounts and deleted flags are null")
    joins.append(
        "LEFT JOIN (SELECT raw_contact_id, data1 AS sname, MIN(_id) FROM data WHERE mimetype_id IN "
        f"(SELECT _id FROM mimetypes WHERE mimetype = '{STRUCTURED_NAME}') AND data1 IS NOT NULL AND data1 != '' "
        "GROUP BY raw_contact_id) n ON n.raw_contact_id = d.raw_contact_id"
    )
    name_expr.append("n.sname")
    rowid = "d._id" if "_id" in artifact.columns("data") else "d.rowid"
    sql = (
        f"SELECT {rowid} AS src_row, m.mimetype AS mimetype, d.data1 AS value, "
        f"COALESCE(NULLIF({name_expr[0]}, ''), {name_expr[-1]}) AS name, "
        f"{account} AS account, {account_name} AS account_name, {deleted} AS deleted "
        f"FROM data d JOIN mimetypes m ON m._id = d.mimetype_id {' '.join(joins)} "
        f"WHERE m.mimetype IN ('{PHONE}', '{EMAIL}') ORDER BY {rowid}"
    )
    types = {
        "src_row": pa.int64(), "mimetype": pa.string(), "value": pa.string(), "name": pa.string(),
        "account": pa.string(), "account_name": pa.string(), "deleted": pa.int64(),
    }
    conn = artifact.connect()
    try:
        t = fetch(conn, sql, types=types, ctx=ctx, what="data")
    finally:
        conn.close()
    if t.num_rows == 0:
        return
    value = t.column("value").combine_chunks()
    usable = pc.fill_null(pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(value)), 0), False)
    empty = t.num_rows - (pc.sum(usable).as_py() or 0)
    if empty:
        ctx.warn(f"data: {empty} phone/e-mail rows without a value skipped", rows_skipped=empty)
        t = t.filter(usable)
    n = t.num_rows
    if n == 0:
        return
    raw = t.column("value").combine_chunks()
    kind = pc.if_else(pc.equal(t.column("mimetype").combine_chunks(), PHONE), "phone", "email")
    table = pa.table({
        "name": t.column("name").combine_chunks(),
        "identifier": ctx.normalise(raw),
        "identifier_raw": raw,
        "kind": kind,
        "account": t.column("account").combine_chunks(),
        "account_name": t.column("account_name").combine_chunks(),
        "deleted": t.column("deleted").combine_chunks(),
        "src_table": repeat("data", n),
        "src_row": t.column("src_row").combine_chunks(),
    })
    yield "contacts", table

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
until the next sync). ``src_table`` is ``data`` and ``src_row`` is ``data._id`` (the rowid in
a schema without ``_id``; tables are joined on ``_id`` or, lacking it, rowid).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .base import Artifact, Context, Probe, repeat

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
    a = artifact
    joins, display_name, account, account_name, deleted = [], "NULL", "NULL", "NULL", "NULL"
    if a.columns("raw_contacts"):
        joins.append(f"LEFT JOIN raw_contacts rc ON {sql.rowid(a, 'raw_contacts', 'rc.')} = d.raw_contact_id")
        display_name = sql.ref(a, "raw_contacts", "display_name", "rc.")
        deleted = sql.ref(a, "raw_contacts", "deleted", "rc.")
        if "account_id" in a.columns("raw_contacts") and a.columns("accounts"):
            joins.append(f"LEFT JOIN accounts a ON {sql.rowid(a, 'accounts', 'a.')} = rc.account_id")
            account = sql.ref(a, "accounts", "account_type", "a.")
            account_name = sql.ref(a, "accounts", "account_name", "a.")
        else:
            account = sql.ref(a, "raw_contacts", "account_type", "rc.")
            account_name = sql.ref(a, "raw_contacts", "account_name", "rc.")
    else:
        ctx.warn("raw_contacts table missing: names (other than structured names), accounts and deleted flags are null")
    data_row = sql.rowid(a, "data")
    joins.append(
        f"LEFT JOIN (SELECT raw_contact_id, data1 AS sname, MIN({data_row}) FROM data WHERE mimetype_id IN "
        f"(SELECT _id FROM mimetypes WHERE mimetype = '{STRUCTURED_NAME}') AND data1 IS NOT NULL AND data1 != '' "
        "GROUP BY raw_contact_id) n ON n.raw_contact_id = d.raw_contact_id"
    )
    query = (
        f"SELECT {sql.rowid(a, 'data', 'd.')} AS src_row, m.mimetype AS mimetype, d.data1 AS value, "
        f"COALESCE(NULLIF({display_name}, ''), n.sname) AS name, "
        f"{account} AS account, {account_name} AS account_name, {deleted} AS deleted "
        f"FROM data d JOIN mimetypes m ON m._id = d.mimetype_id {' '.join(joins)} "
        f"WHERE m.mimetype IN ('{PHONE}', '{EMAIL}') ORDER BY src_row"
    )
    types = {
        "src_row": pa.int64(), "mimetype": pa.string(), "value": pa.string(), "name": pa.string(),
        "account": pa.string(), "account_name": pa.string(), "deleted": pa.int64(),
    }
    t = sql.read(artifact, query, types=types, ctx=ctx, what="data")
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

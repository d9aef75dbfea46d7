"""Android contacts provider ``contacts2.db``: phone numbers, e-mail and postal addresses of contacts.

The database of ``com.android.providers.contacts`` (``ContactsDatabaseHelper``), Android 4
to 14. Every datum of a contact is a row of ``data`` whose ``mimetype_id`` points into
``mimetypes``; the row belongs to a ``raw_contacts`` row (one per account the contact is
stored in), which belongs to an ``accounts`` row (Android 4.1+; before that
``raw_contacts`` carried ``account_name`` / ``account_type`` itself, which is read too).

* ``vnd.android.cursor.item/phone_v2``: ``data1`` = the number as entered -> one row,
  ``kind`` ``phone``;
* ``vnd.android.cursor.item/email_v2``: ``data1`` = the address -> one row, ``kind``
  ``email``;
* ``vnd.android.cursor.item/postal-address_v2`` (``ContactsContract.CommonDataKinds.
  StructuredPostal``): ``data1`` = the formatted address (often several lines), ``data2``
  type, ``data3`` custom label, ``data4`` street, ``data5`` PO box, ``data6``
  neighbourhood, ``data7`` city, ``data8`` region, ``data9`` postcode, ``data10`` country
  -> one row, ``kind`` ``address``: ``identifier`` and ``identifier_raw`` are the address
  on one line (the formatted address with its line breaks turned into ", "; when it is
  empty, the structured parts joined with ", "), not normalised; the parts are kept in
  ``street``, ``city``, ``region``, ``postcode`` and ``country`` (null for phones and
  e-mails);
* name: ``raw_contacts.display_name``, else the contact's structured name
  (``vnd.android.cursor.item/name`` ``data1``).

One ``contacts`` row per identifier: ``identifier`` (normalised; addresses as one line), ``identifier_raw``,
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
FORMAT = "Android contacts provider contacts2.db: phone numbers, e-mail and postal addresses (data/mimetypes/raw_contacts)"
VERSIONS = "AOSP ContactsProvider, Android 4 to 14"
TABLES = ("contacts",)

PHONE = "vnd.android.cursor.item/phone_v2"
EMAIL = "vnd.android.cursor.item/email_v2"
STRUCTURED_NAME = "vnd.android.cursor.item/name"
POSTAL = "vnd.android.cursor.item/postal-address_v2"
# StructuredPostal columns: the parts joined (in this order) when data1 is empty
POSTAL_PARTS = {"street": "data4", "pobox": "data5", "neighborhood": "data6", "city": "data7", "region": "data8",
                "postcode": "data9", "country": "data10"}
_KEPT_PARTS = ("street", "city", "region", "postcode", "country")


def detect(probe: Probe) -> bool:
    return probe.has("data", "mimetype_id", "raw_contact_id", "data1") and probe.has("mimetypes", "_id", "mimetype")


def address_line(formatted: str | None, parts: list[str | None]) -> str | None:
    """An address on one line: ``formatted`` with line breaks as ", ", else the non-blank ``parts``.

    White space runs become one space; an address with nothing in it is None.
    """
    text = formatted if formatted is not None and formatted.strip() else ", ".join(p for p in parts if p and p.strip())
    lines = [" ".join(x.split()) for x in text.replace("\r", "\n").split("\n")]
    line = ", ".join(x for x in lines if x)
    return line or None


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
        f"{account} AS account, {account_name} AS account_name, {deleted} AS deleted, "
        + ", ".join(f"{sql.ref(a, 'data', c, 'd.')} AS {k}" for k, c in POSTAL_PARTS.items())
        + f" FROM data d JOIN mimetypes m ON m._id = d.mimetype_id {' '.join(joins)} "
        f"WHERE m.mimetype IN ('{PHONE}', '{EMAIL}', '{POSTAL}') ORDER BY src_row"
    )
    types = {
        "src_row": pa.int64(), "mimetype": pa.string(), "value": pa.string(), "name": pa.string(),
        "account": pa.string(), "account_name": pa.string(), "deleted": pa.int64(),
        **{k: pa.string() for k in POSTAL_PARTS},
    }
    t = sql.read(artifact, query, types=types, ctx=ctx, what="data")
    if t.num_rows == 0:
        return
    mime = t.column("mimetype").combine_chunks()
    postal = pc.fill_null(pc.equal(mime, POSTAL), False)
    value = t.column("value").combine_chunks()
    if pc.any(postal).as_py():
        # few rows: the one-line form of each address is made in Python
        idx = pc.indices_nonzero(postal)
        parts = [t.column(k).combine_chunks().take(idx).to_pylist() for k in POSTAL_PARTS]
        lines = [address_line(f, list(p)) for f, *p in zip(value.take(idx).to_pylist(), *parts)]
        value = value.to_pylist()
        for i, line in zip(idx.to_pylist(), lines):
            value[i] = line
        value = pa.array(value, pa.string())
    t = t.set_column(t.column_names.index("value"), "value", value)
    usable = pc.fill_null(pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(value)), 0), False)
    empty = t.num_rows - (pc.sum(usable).as_py() or 0)
    if empty:
        ctx.warn(f"data: {empty} phone/e-mail/postal-address rows without a value skipped", rows_skipped=empty)
        t = t.filter(usable)
    n = t.num_rows
    if n == 0:
        return
    raw = t.column("value").combine_chunks()
    mime = t.column("mimetype").combine_chunks()
    is_postal = pc.equal(mime, POSTAL)
    kind = pc.if_else(pc.equal(mime, PHONE), "phone", pc.if_else(is_postal, "address", "email"))
    table = pa.table({
        "name": t.column("name").combine_chunks(),
        "identifier": pc.if_else(is_postal, raw, ctx.normalise(raw)),
        "identifier_raw": raw,
        "kind": kind,
        "account": t.column("account").combine_chunks(),
        "account_name": t.column("account_name").combine_chunks(),
        "deleted": t.column("deleted").combine_chunks(),
        **{k: pc.if_else(is_postal, _blank_null(t.column(k).combine_chunks()), pa.scalar(None, pa.string()))
           for k in _KEPT_PARTS},
        "src_table": repeat("data", n),
        "src_row": t.column("src_row").combine_chunks(),
    })
    yield "contacts", table


def _blank_null(values: pa.Array) -> pa.Array:
    blank = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(values), ""), True)
    return pc.if_else(blank, pa.scalar(None, pa.string()), values)

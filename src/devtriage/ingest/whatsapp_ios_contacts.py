"""WhatsApp for iOS ``ContactsV2.sqlite``: WhatsApp's copy of the address book.

A Core Data store in WhatsApp's app group container, beside ``ChatStorage.sqlite``. Written
for WhatsApp iOS 2.20-2.24 (real sample: iOS 15, the iLEAPP test image; iLEAPP reads the same
table from iOS 12 to iOS 18). ``ZWAADDRESSBOOKCONTACT`` has one row per address-book phone
number: ``ZFULLNAME`` / ``ZGIVENNAME``, ``ZPHONENUMBER`` (as typed in the address book, e.g.
"(919) 802-7080"), ``ZPHONENUMBERLABEL`` (raw, e.g. ``_$!<Mobile>!$_``), ``ZWHATSAPPID``
(``<digits>@s.whatsapp.net`` when the number is on WhatsApp), ``ZPHONESTATUS``,
``ZABOUTTEXT``. Address-book entries without a phone number (e-mail-only cards) have no
number and no WhatsApp ID.

Rows: ``name`` = ``ZFULLNAME``, else ``ZGIVENNAME``; ``identifier_raw`` = ``ZWHATSAPPID``
(it carries the country code, so it normalises to E.164 whatever the case's region), else
``ZPHONENUMBER``, else null. Every row is kept. Extra columns: ``phone_number``,
``whatsapp_id``, ``label``, ``phone_status``, ``about``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from . import sql
from .base import Artifact, Context, Probe, repeat

NAME = "whatsapp_ios_contacts"
FORMAT = "WhatsApp for iOS ContactsV2.sqlite: WhatsApp address book"
VERSIONS = "WhatsApp iOS 2.20-2.24+ (Core Data ContactsV2.sqlite; sample: iOS 15)"
TABLES = ("contacts",)

REQUIRED = {"ZWAADDRESSBOOKCONTACT": ("Z_PK", "ZFULLNAME", "ZPHONENUMBER", "ZWHATSAPPID")}


def detect(probe: Probe) -> bool:
    return probe.requires(REQUIRED)


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    a = artifact
    lacking = sql.missing(a, "ZWAADDRESSBOOKCONTACT", ["ZGIVENNAME", "ZPHONENUMBERLABEL", "ZPHONESTATUS", "ZABOUTTEXT"])
    if lacking:
        ctx.warn(f"ZWAADDRESSBOOKCONTACT: columns {', '.join(lacking)} missing in this version (read as null)")

    def ref(column: str) -> str:
        return sql.ref(a, "ZWAADDRESSBOOKCONTACT", column)

    query = f"""
        SELECT Z_PK AS src_row,
               COALESCE(NULLIF(ZFULLNAME, ''), {ref("ZGIVENNAME")}) AS name,
               COALESCE(NULLIF(ZWHATSAPPID, ''), NULLIF(ZPHONENUMBER, '')) AS identifier_raw,
               ZPHONENUMBER AS phone_number,
               ZWHATSAPPID AS whatsapp_id,
               {ref("ZPHONENUMBERLABEL")} AS label,
               {ref("ZPHONESTATUS")} AS phone_status,
               {ref("ZABOUTTEXT")} AS about
        FROM ZWAADDRESSBOOKCONTACT ORDER BY Z_PK"""
    types = {
        "src_row": pa.int64(),
        "name": pa.string(),
        "identifier_raw": pa.string(),
        "phone_number": pa.string(),
        "whatsapp_id": pa.string(),
        "label": pa.string(),
        "phone_status": pa.int64(),
        "about": pa.string(),
    }
    t = sql.read(a, query, types=types, ctx=ctx, what="ZWAADDRESSBOOKCONTACT")
    if not t.num_rows:
        return
    raw = t.column("identifier_raw")
    yield "contacts", pa.table(
        {
            "name": t.column("name"),
            "identifier": ctx.normalise(raw),
            "identifier_raw": raw,
            "src_table": repeat("ZWAADDRESSBOOKCONTACT", t.num_rows),
            "src_row": t.column("src_row"),
            "phone_number": t.column("phone_number"),
            "whatsapp_id": t.column("whatsapp_id"),
            "label": t.column("label"),
            "phone_status": t.column("phone_status"),
            "about": t.column("about"),
        }
    )

"""WhatsApp for Android ``wa.db``: the WhatsApp contact list (``wa_contacts``).

``/data/data/com.whatsapp/databases/wa.db``. ``wa_contacts`` has one row per JID WhatsApp
knows: address-book contacts (``display_name``, ``number`` as written in the phone's
address book, ``given_name`` / ``family_name``), their WhatsApp profile name (``wa_name``),
whether the number is on WhatsApp (``is_whatsapp_user``), and groups the user is in
(``...@g.us`` JIDs whose ``display_name`` is the group subject). The table layout has been
stable since "contacts database version 15" (2015) and was extended up to version 74
(WhatsApp 2.22-2.24: ``disappearing_mode_*``, ``history_sync_initial_phash``); only ``jid``
is required, every other column is read when present.

Rows: ``name`` = ``display_name``, else ``wa_name``; ``identifier_raw`` = the JID (a user JID
normalises to E.164), else ``number``. Extra columns: ``display_name``, ``wa_name``,
``number``, ``is_whatsapp_user``, ``group``. Every row is kept, groups included.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .base import Artifact, Context, Probe, repeat

NAME = "whatsapp_android_contacts"
FORMAT = "WhatsApp for Android wa.db: WhatsApp contacts (wa_contacts)"
VERSIONS = "WhatsApp Android contacts database versions 15-74 (WhatsApp 2.12-2.24+)"
TABLES = ("contacts",)

REQUIRED = {"wa_contacts": ("jid", "is_whatsapp_user")}


def detect(probe: Probe) -> bool:
    return probe.requires(REQUIRED)


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    a = artifact
    lacking = sql.missing(a, "wa_contacts", ["display_name", "wa_name", "number"])
    if lacking:
        ctx.warn(f"wa_contacts: columns {', '.join(lacking)} missing in this version (read as null)")

    def ref(column: str) -> str:
        return sql.ref(a, "wa_contacts", column)

    rowid = sql.rowid(a, "wa_contacts")
    query = f"""
        SELECT {rowid} AS src_row,
               COALESCE({ref("display_name")}, {ref("wa_name")}) AS name,
               COALESCE(NULLIF(jid, ''), {ref("number")}) AS identifier_raw,
               {ref("display_name")} AS display_name,
               {ref("wa_name")} AS wa_name,
               {ref("number")} AS number,
               {ref("is_whatsapp_user")} AS is_whatsapp_user
        FROM wa_contacts ORDER BY {rowid}"""
    types = {
        "src_row": pa.int64(),
        "name": pa.string(),
        "identifier_raw": pa.string(),
        "display_name": pa.string(),
        "wa_name": pa.string(),
        "number": pa.string(),
        "is_whatsapp_user": pa.int64(),
    }
    t = sql.read(a, query, types=types, ctx=ctx, what="wa_contacts")
    if not t.num_rows:
        return
    raw = t.column("identifier_raw")
    yield "contacts", pa.table(
        {
            "name": t.column("name"),
            "identifier": ctx.normalise(raw),
            "identifier_raw": raw,
            "src_table": repeat("wa_contacts", t.num_rows),
            "src_row": t.column("src_row"),
            "display_name": t.column("display_name"),
            "wa_name": t.column("wa_name"),
            "number": t.column("number"),
            "is_whatsapp_user": pc.cast(t.column("is_whatsapp_user"), pa.bool_()),
            "group": pc.fill_null(pc.ends_with(raw, "@g.us"), False),
        }
    )

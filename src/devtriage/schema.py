"""The core Arrow schemas every adapter writes and every detector reads.

Each table has its own core columns (below) plus the same four columns at the end:
``device`` (the exhibit name) and the provenance columns ``src_file`` (path inside the
extraction), ``src_table`` (table or element) and ``src_row`` (rowid or record index).
Times are ``timestamp[ms, tz=UTC]``; each adapter converts its format's epoch. Adapters
may add columns of their own after the core ones; the core columns are always present,
in this order.

Value vocabularies (raw values, not display labels):

* ``direction``: ``"in"`` (received by the device owner) or ``"out"`` (sent by the owner).
* ``calls.status``: ``"answered"``, ``"missed"`` (not answered: an incoming call the owner
  missed, or an outgoing call nobody picked up), ``"rejected"``, ``"blocked"``,
  ``"voicemail"``; null when the format does not say.
* ``app``: the messaging or calling service, lower case: ``sms``, ``mms``, ``imessage``,
  ``rcs``, ``whatsapp``, ``telephony``, ``facetime``, or the app's own id when unknown.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"

TS = pa.timestamp("ms", tz="UTC")

PROVENANCE = [
    pa.field("device", pa.string()),
    pa.field("src_file", pa.string()),
    pa.field("src_table", pa.string()),
    pa.field("src_row", pa.int64()),
]

_CORE: dict[str, list[pa.Field]] = {
    "messages": [
        pa.field("ts", TS),
        pa.field("direction", pa.string()),
        pa.field("counterpart", pa.string()),
        pa.field("counterpart_raw", pa.string()),
        pa.field("app", pa.string()),
        pa.field("thread", pa.string()),
        pa.field("body", pa.string()),
        pa.field("has_attachment", pa.bool_()),
    ],
    "calls": [
        pa.field("ts", TS),
        pa.field("direction", pa.string()),
        pa.field("counterpart", pa.string()),
        pa.field("counterpart_raw", pa.string()),
        pa.field("app", pa.string()),
        pa.field("duration_s", pa.float64()),
        pa.field("status", pa.string()),
    ],
    "contacts": [
        pa.field("name", pa.string()),
        pa.field("identifier", pa.string()),
        pa.field("identifier_raw", pa.string()),
    ],
    "locations": [
        pa.field("ts", TS),
        pa.field("lat", pa.float64()),
        pa.field("lon", pa.float64()),
        pa.field("accuracy_m", pa.float64()),
        pa.field("source", pa.string()),
    ],
    "app_events": [
        pa.field("ts", TS),
        pa.field("app", pa.string()),
        pa.field("event", pa.string()),
        pa.field("detail", pa.string()),
    ],
    "apps": [
        pa.field("app", pa.string()),
        pa.field("name", pa.string()),
        pa.field("installed_ts", TS),
        pa.field("source", pa.string()),
    ],
    "texts": [
        pa.field("ts", TS),
        pa.field("kind", pa.string()),
        pa.field("text", pa.string()),
    ],
}

TABLES: tuple[str, ...] = tuple(_CORE)


def core_fields(table: str) -> list[pa.Field]:
    """The table's own core columns, without device and provenance."""
    try:
        return list(_CORE[table])
    except KeyError:
        raise KeyError(f"unknown table {table!r}; core tables are {', '.join(TABLES)}") from None


def schema(table: str) -> pa.Schema:
    """The full core schema of ``table``: its core columns, then device and provenance."""
    return pa.schema(core_fields(table) + PROVENANCE, metadata={"devtriage.schema": SCHEMA_VERSION})


def conform(table: str, data: pa.Table) -> pa.Table:
    """Return ``data`` with the core columns of ``table`` first, cast to their types.

    Missing core columns are added as nulls; extra columns are kept after the core ones,
    ordered by name (so the column order never depends on which adapter ran first). Raises ``TypeError`` when a present column cannot be cast.
    """
    target = schema(table)
    columns, fields = [], []
    for field in target:
        if field.name in data.column_names:
            col = data.column(field.name)
            if col.type != field.type:
                try:
                    col = col.cast(field.type)
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                    raise TypeError(f"{table}.{field.name}: cannot cast {col.type} to {field.type}: {exc}") from exc
        else:
            col = pa.nulls(data.num_rows, field.type)
        columns.append(col)
        fields.append(pa.field(field.name, field.type, nullable=True))
    core = set(target.names)
    for name in sorted(data.column_names):
        if name not in core:
            columns.append(data.column(name))
            fields.append(data.schema.field(name))
    return pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=target.metadata))


def empty(table: str) -> pa.Table:
    """An empty table with the core schema of ``table``."""
    return schema(table).empty_table()

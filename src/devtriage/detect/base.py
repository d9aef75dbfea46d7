"""The findings table: one row per indicator hit, shared by every detector.

Columns (DESIGN.md "Findings schema"): ``device``, ``indicator`` (an indicator code),
``score`` (0-1, the detector's own strength), ``subject`` (the counterpart, place label or
app the finding is about), ``summary`` (one human line with the figures), ``first_ts``,
``last_ts`` and ``evidence``: a list of ``{table, row}``, where ``row`` is the 0-based row
number in the ingested table (``tables/<table>.parquet`` keeps that order), whose
provenance columns lead back to the source file and record. Detectors add their own
measurement columns after these (kept, null where another detector has none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyarrow as pa

from ..schema import TS

EVIDENCE = pa.list_(pa.struct([pa.field("table", pa.string()), pa.field("row", pa.int64())]))

FIELDS = [
    pa.field("device", pa.string()),
    pa.field("indicator", pa.string()),
    pa.field("score", pa.float64()),
    pa.field("subject", pa.string()),
    pa.field("summary", pa.string()),
    pa.field("first_ts", TS),
    pa.field("last_ts", TS),
    pa.field("evidence", EVIDENCE),
]
SCHEMA = pa.schema(FIELDS)

#: Indicator codes (DESIGN.md), the contract between detectors, ranking and reports.
INDICATORS = (
    "contact.volume", "contact.unanswered", "contact.burst", "contact.night", "contact.escalation",
    "contact.after_refusal", "contact.order_breach", "contact.new_identity",
    "location.place_visits", "location.order_breach", "location.fixation",
    "apps.stalkerware", "apps.tracker",
    "text.threat", "text.surveillance", "text.image_abuse", "text.coercion",
    "knowledge.victim",
)


def evidence(table: str, rows: Sequence[int] | Iterable[int]) -> list[dict]:
    return [{"table": table, "row": int(r)} for r in rows]


def findings(rows: list[dict], extra: Sequence[pa.Field] = ()) -> pa.Table:
    """Build a findings table from dicts with the core keys (and ``extra`` columns).

    Raises ``ValueError`` for an unknown indicator or a score outside 0-1.
    """
    for r in rows:
        if r["indicator"] not in INDICATORS:
            raise ValueError(f"unknown indicator {r['indicator']!r}")
        if not 0.0 <= r["score"] <= 1.0:
            raise ValueError(f"{r['indicator']}: score {r['score']} outside 0-1")
    schema = pa.schema(FIELDS + list(extra))
    return pa.Table.from_pylist(rows, schema=schema)


def empty() -> pa.Table:
    return SCHEMA.empty_table()


def concat(tables: Sequence[pa.Table]) -> pa.Table:
    """Concatenate findings of several detectors: core columns first, extras by name."""
    if not tables:
        return empty()
    t = pa.concat_tables(tables, promote_options="permissive")
    core = [f.name for f in FIELDS]
    return t.select(core + sorted(c for c in t.column_names if c not in core))

"""Identifiers the owner keeps looking up or storing: examiner material when there is no case file.

Without the victim's identifiers nothing can be matched, but what a stalker searches and
saves stands out on its own. :func:`held` lists, for the examiner to read (not scored,
not a finding):

* ``searched`` -- places and terms searched or routed to more than once (``texts`` rows of
  kind ``search``, ``maps_search``, ``maps_view``, ``directions`` and ``saved_place``), grouped by their
  folded text (case, punctuation and spacing ignored), most often first;
* ``several_names`` -- phone numbers and e-mails saved in the address book under two or
  more different names (the same person kept under an alias, or a new number saved as
  "J new" beside the old one);
* ``written_numbers`` -- phone numbers written in notes and searches that are not in the
  owner's address book.

Each item carries its count, first and last time and up to :data:`MAX_ROWS` evidence
references ``{table, row}``, like a finding's evidence.
"""

from __future__ import annotations

import datetime as dt

import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

from ..kernels.match import fold

SEARCH_KINDS = ("search", "maps_search", "maps_view", "directions", "saved_place")
NOTE_KINDS = ("note", "search", "maps_search", "directions")
TOP = 20
MAX_ROWS = 20


def _ms(v) -> int | None:
    return None if v is None else int(v.timestamp() * 1000)


def _iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _item(rows: list[tuple[int | None, str, int]], **extra) -> dict:
    times = sorted(t for t, _, _ in rows if t is not None)
    return {**extra, "count": len(rows), "first_ts": _iso(times[0]) if times else None,
            "last_ts": _iso(times[-1]) if times else None,
            "evidence": [{"table": tb, "row": r} for _, tb, r in sorted(rows, key=lambda x: (x[0] is None, x[0] or 0))[:MAX_ROWS]]}


def held(tables: dict[str, pa.Table], region: str = "GB") -> dict:
    """``{"searched", "several_names", "written_numbers"}`` (see the module docstring)."""
    out = {"searched": [], "several_names": [], "written_numbers": []}
    tx = tables.get("texts")
    con = tables.get("contacts")
    saved: set[str] = set()
    if con is not None and con.num_rows:
        names: dict[str, dict[str, str]] = {}
        rows: dict[str, list] = {}
        for i, (nm, ident) in enumerate(zip(con.column("name").to_pylist(), con.column("identifier").to_pylist())):
            if not ident:
                continue
            saved.add(ident)
            if nm and nm.strip():
                names.setdefault(ident, {}).setdefault(nm.strip().lower(), nm.strip())
            rows.setdefault(ident, []).append((None, "contacts", i))
        for ident in sorted(names, key=lambda k: (-len(names[k]), k)):
            if len(names[ident]) >= 2:
                out["several_names"].append(_item(rows[ident], identifier=ident, names=sorted(names[ident].values())))
    if tx is not None and tx.num_rows:
        kinds = pc.fill_null(tx.column("kind"), "").to_pylist()
        texts = pc.fill_null(tx.column("text"), "").to_pylist()
        ts = [_ms(v) for v in tx.column("ts").to_pylist()]
        groups: dict[bytes, list] = {}
        shown: dict[bytes, str] = {}
        numbers: dict[str, list] = {}
        for i, (k, t) in enumerate(zip(kinds, texts)):
            if k in SEARCH_KINDS and t.strip():
                key = fold(t)
                groups.setdefault(key, []).append((ts[i], "texts", i))
                shown[key] = t.strip()  # the latest spelling in table order
            if k in NOTE_KINDS and any(ch.isdigit() for ch in t):
                for m in phonenumbers.PhoneNumberMatcher(t, region, leniency=phonenumbers.Leniency.POSSIBLE):
                    e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
                    if e164 not in saved:
                        numbers.setdefault(e164, []).append((ts[i], "texts", i))
        repeated = sorted((k for k in groups if len(groups[k]) >= 2), key=lambda k: (-len(groups[k]), shown[k]))
        out["searched"] = [_item(groups[k], text=shown[k], kinds=sorted({kinds[r] for _, _, r in groups[k]}))
                           for k in repeated[:TOP]]
        out["written_numbers"] = [_item(numbers[n], identifier=n)
                                  for n in sorted(numbers, key=lambda n: (-len(numbers[n]), n))[:TOP]]
    out["several_names"] = out["several_names"][:TOP]
    return out

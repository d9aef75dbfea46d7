"""``knowledge.victim``: the victim's identifiers held or searched on the device.

In reviewed cases the suspect's phone already held the victim's new number and the address
she had fled to. With a case file, this detector reads every contact entry, message body
and free text (notes, web and map searches, browsing; the ``texts`` table) once, with the
match kernels of ``devtriage.kernels.match``, for the victim's identifiers in the forms
people type them (:mod:`devtriage.text.identifiers`: phone numbers by digits in any
spacing or prefix, e-mails, handles, names and their variants, house number + street in
any spelling of the street type, postcodes).

One finding per case identifier found (``subject``: the E.164 number for a phone, so that
it joins the contact findings about that number; the identifier as the case writes it
otherwise), ``side`` ``out`` (the owner holds her details). Its evidence is every record
that names it, in time order (records without a time last), and ``details["rows"]`` gives
per record where (``source``: contact, message, or the text kind such as ``note`` /
``search`` / ``maps_search`` / ``directions`` / ``visit``), what matched, the character
``spans`` and the surrounding text (``around``), and when the record was created. The summary says
when the device first held it ("first on 3 Feb 2026 in a note").

Score: ``1 - prod(1 - w)`` over the records, ``w`` = the identifier kind's weight
(:data:`KIND_WEIGHT`: an address or a phone number identifies her, a name alone hardly
does) x the source's (:data:`SOURCE_WEIGHT`: writing it in a note or searching it is the
owner's own act; a message body may be her giving it to him; a number in the address book
is what anyone she knows holds, so the contact entries of one identifier count once and
weigh less), at most :data:`KIND_CAP` for names and postcodes. Without a case file there is nothing to
look for and the detector returns no findings.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..case import Case
from ..kernels.match import find_numbers, find_terms
from ..text.identifiers import victim_patterns
from ..text.model import utf8
from .base import findings

NAME = "knowledge"
INPUTS = {"contacts": ("name", "identifier"), "messages": ("ts", "body"), "texts": ("ts", "kind", "text")}
INDICATORS = ("knowledge.victim",)
EXTRA = [pa.field("side", pa.string()), pa.field("count", pa.int64()), pa.field("details", pa.string())]
MAX_EVIDENCE = 500
CONTEXT_CHARS = 60

KIND_WEIGHT = {"address": 0.8, "phone": 0.7, "email": 0.6, "handle": 0.5, "postcode": 0.4, "name": 0.2}
SOURCE_WEIGHT = {"contacts": 0.3, "texts": 1.0, "messages": 0.5}
#: A name or a postcode alone never makes a strong finding, however often it appears.
KIND_CAP = {"name": 0.3, "postcode": 0.6}
_WHAT = {"address": "address", "phone": "number", "email": "e-mail address", "handle": "handle",
         "postcode": "postcode", "name": "name"}


#: How a source reads in a summary: (one, many).
_LABEL = {"contact": ("contact entry", "contact entries"), "search": ("search", "searches"),
          "maps_search": ("map search", "map searches"), "maps_view": ("place viewed in Maps", "places viewed in Maps"),
          "saved_place": ("saved place", "saved places"), "directions": ("route", "routes"),
          "visit": ("page visit", "page visits")}


def _label(source: str, n: int = 1) -> str:
    one, many = _LABEL.get(source, (source, source + "s"))
    return one if n == 1 else many


def _count(source: str, n: int) -> str:
    return f"{n} {_label(source, n)}"


def _day(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%-d %b %Y")


def _sources(tables: dict[str, pa.Table]) -> list[tuple[str, pa.Array, np.ndarray, list]]:
    """``(table, text, ts ms (or -1), source label per row)`` of each searchable table."""
    out = []
    con = tables.get("contacts")
    if con is not None and con.num_rows:
        raw = con.column("identifier_raw") if "identifier_raw" in con.column_names else con.column("identifier")
        text = pc.binary_join_element_wise(pc.fill_null(con.column("name"), ""),
                                           pc.coalesce(raw, con.column("identifier"), pa.scalar("")), "\n")
        ts = np.full(con.num_rows, -1, np.int64)
        out.append(("contacts", text.combine_chunks(), ts, ["contact"] * con.num_rows))
    msgs = tables.get("messages")
    if msgs is not None and msgs.num_rows and "body" in msgs.column_names:
        ts = pc.fill_null(msgs.column("ts").cast(pa.int64()), -1).to_numpy()
        out.append(("messages", pc.fill_null(msgs.column("body"), "").combine_chunks(), ts, ["message"] * msgs.num_rows))
    tx = tables.get("texts")
    if tx is not None and tx.num_rows:
        ts = pc.fill_null(tx.column("ts").cast(pa.int64()), -1).to_numpy()
        kinds = pc.fill_null(tx.column("kind"), "text").to_pylist()
        out.append(("texts", pc.fill_null(tx.column("text"), "").combine_chunks(), ts, kinds))
    return out


def run(tables: dict[str, pa.Table], case: Case | None = None, device: str = "") -> pa.Table:
    if case is None:
        return findings([], EXTRA)
    pat = victim_patterns(case.victim, case.default_region)
    auto = pat.automaton()
    hits: dict[int, list[dict]] = {}
    for table, text, ts, source in _sources(tables):
        lowered = pc.utf8_lower(text)  # the kernels fold ASCII case only
        data, offsets = utf8(lowered)
        found = []
        if auto is not None:
            r, s, e, t = find_terms(data, offsets, auto)
            found += [(int(a), int(b), int(c), int(pat.term_of[d])) for a, b, c, d in zip(r, s, e, t)]
        if pat.keys.size:
            r, s, e, i = find_numbers(data, offsets, pat.keys, pat.key_of)
            found += [(int(a), int(b), int(c), int(d)) for a, b, c, d in zip(r, s, e, i)]
        for row, start, stop, ident in found:
            lo = int(offsets[row])
            low = bytes(data[lo:int(offsets[row + 1])]).decode("utf-8", "replace")
            body = text[row].as_py()
            if len(body) != len(low):  # lower-casing changed the length (rare): show the lowered text
                body = low
            cs = len(bytes(data[lo:start]).decode("utf-8", "replace"))
            ce = cs + len(bytes(data[start:stop]).decode("utf-8", "replace"))
            hits.setdefault(ident, []).append({
                "table": table, "row": row, "source": source[row], "ts": int(ts[row]), "matched": body[cs:ce],
                # a contact is shown as name and number separately: no spans into this joined text
                "spans": [] if table == "contacts" else [[cs, ce]], "around": body[max(0, cs - CONTEXT_CHARS): ce + CONTEXT_CHARS]})
    rows = []
    for ident in sorted(hits):
        kind = pat.kinds[ident]
        recs: dict[tuple[str, int], dict] = {}
        for h in hits[ident]:  # one record per (table, row); several matches in it join their spans
            key = (h["table"], h["row"])
            if key in recs:
                recs[key]["spans"] = sorted(recs[key]["spans"] + h["spans"])
            else:
                recs[key] = h
        ordered = sorted(recs.values(), key=lambda h: (h["ts"] < 0, h["ts"], h["table"], h["row"]))
        w = [KIND_WEIGHT[kind] * SOURCE_WEIGHT[h["table"]] for h in ordered if h["table"] != "contacts"]
        if any(h["table"] == "contacts" for h in ordered):  # one entry or several (phone, WhatsApp): held once
            w.append(KIND_WEIGHT[kind] * SOURCE_WEIGHT["contacts"])
        score = float(min(KIND_CAP.get(kind, 1.0), 1.0 - np.prod(1.0 - np.array(w))))
        timed = [h["ts"] for h in ordered if h["ts"] >= 0]
        where = {}
        for h in ordered:
            where[h["source"]] = where.get(h["source"], 0) + 1
        places = ", ".join(_count(src, n) for src, n in where.items())
        first = next((h for h in ordered if h["ts"] >= 0), None)
        when = f'; first on {_day(first["ts"])} in a {_label(first["source"])} ("{first["matched"]}")' if first else ""
        summary = f"the victim's {_WHAT[kind]} {pat.identifiers[ident]} held on the device: {places}{when}"
        ev = ordered[:MAX_EVIDENCE]
        rows.append({
            "device": device, "indicator": "knowledge.victim", "score": score, "subject": pat.identifiers[ident],
            "summary": summary, "first_ts": min(timed) if timed else None, "last_ts": max(timed) if timed else None,
            "evidence": [{"table": h["table"], "row": h["row"]} for h in ev], "side": "out", "count": len(ordered),
            "details": json.dumps({"kind": kind, "identifier": pat.identifiers[ident], "where": where,
                                   "rows": [{k: h[k] for k in ("table", "row", "source", "matched", "spans", "around")}
                                            | {"ts": h["ts"] if h["ts"] >= 0 else None} for h in ev]},
                                  ensure_ascii=False),
        })
    return findings(rows, EXTRA)

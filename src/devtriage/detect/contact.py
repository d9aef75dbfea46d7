"""Contact patterns: fixated, obsessive, unwanted and repeated contact with one person.

Every message (1:1 only; group-chat messages are left out) and call of the device, from
every app, becomes one event of a *person*: counterparts are joined across apps by their
normalised identifier (E.164 numbers, so a WhatsApp JID and an SMS number meet) and
through the contacts table (identifiers saved under one name are one person). Events are
sorted by (person, time) and the statistics come from the Numba kernels in
:mod:`devtriage.kernels.contact`.

For each person the *pursuing side* is the side with more contact: ``out`` when the
device owner does most of the contacting (a suspect's phone), ``in`` when the
counterpart does (a target's phone). Its share of all contact, ``r``, gives the
one-sidedness ``o = 2r - 1`` (0 for an even exchange, 1 when the other side never
answers). Indicators, each scored 0-1 (``1 - exp(-x / k)`` saturating curves, so that a
little is little and a lot is near 1):

* ``contact.volume``: contact from the pursuing side in its busiest week ``w``,
  ``(1 - exp(-w / 100)) * (0.4 + 0.6 o)`` -- heavy two-way traffic (a couple) is
  repeated contact, but not unwanted, so it stays below 0.4 of what the same volume
  scores one-sided. Distinct contact days and the longest streak of consecutive days are
  reported with it.
* ``contact.unanswered``: the longest run ``L`` of contacts from the pursuing side with no
  reply in between, ``(1 - exp(-L / 25)) * (0.3 + 0.7 o)``; outgoing calls nobody
  answered and missed / rejected / blocked calls are counted in the summary.
* ``contact.burst``: the most contacts from the pursuing side in a sliding window of 10
  minutes, 1 hour and 24 hours, less the replies inside that window, ``B``; the window
  scoring highest of ``(1 - exp(-B / k)) * (0.3 + 0.7 o)`` with k = 12, 25, 60 (ten
  messages in ten minutes is an ordinary chat; forty unanswered in an hour is not).
* ``contact.night``: contact from the pursuing side between 00:00 and 06:00 in the case's
  local time (DST-correct), ``N`` events, share ``s``:
  ``min(1, s / 0.3) * (1 - exp(-N / 30)) * (0.3 + 0.7 o)``.
* ``contact.escalation``: Mann-Kendall trend test on the pursuing side's weekly counts
  (silent weeks count as 0) with the Theil-Sen slope; for a rising trend
  ``clip((z - 1.64) / 2.5, 0, 1) * (0.4 + 0.6 o)``.
* ``contact.after_refusal``: the first refusal of contact (text rules of
  :mod:`devtriage.text.refusal`: "stop contacting me", "I've blocked you", "I'll call the
  police", in several languages; or the owner's phone blocking the person's calls) and
  the ``K`` contacts from the other side after it, ``1 - exp(-K / 10)``.
* ``contact.order_breach``: contacts inside the case's order windows with the victim
  (the persons holding a victim identifier; on a phone where no victim identifier
  appears -- the victim's own phone -- every person with contact after a refusal), ``K``
  contacts, ``1 - exp(-K / 3)``; the first breach is named.
* ``contact.new_identity``: a person B who first appears within 45 days after another
  person A refused or blocked contact, or stopped replying (A's last reply followed by
  at least 10 unanswered contacts), where B is pursued from the same side as A, mostly
  one way (``o >= 0.5``), and B's messages from that side say they are a new number or
  resemble A's (cosine similarity of character 3-gram profiles >= 0.5); scored by the
  similarity or 0.8 for an explicit "it's me, new number", times 0.7 when B is saved in
  the contacts. On a target's phone this is the pursuer's new number; on a pursuer's
  phone, the target's new number or account being pursued.

With a case file, persons holding the victim's identifiers are marked ``anchored``
(findings about them come first among equals); without one every person is ranked the
same way. Findings carry the person as ``subject`` (their main identifier), ``name``
(from the contacts), ``side``, ``anchored``, ``count`` (the indicator's main count) and
``details`` (every measurement, JSON). Evidence rows are in time order, the key rows
first (the refusal, the first breach), at most :data:`MAX_EVIDENCE` per finding.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..case import Case
from ..identifiers import Normaliser
from ..kernels import contact as K
from ..text import refusal
from .base import findings

NAME = "contact"
INPUTS = {
    "messages": ("ts", "direction", "counterpart", "body"),
    "calls": ("ts", "direction", "counterpart", "status"),
    "contacts": ("name", "identifier"),
}
INDICATORS = ("contact.volume", "contact.unanswered", "contact.burst", "contact.night", "contact.escalation",
              "contact.after_refusal", "contact.order_breach", "contact.new_identity")
MAX_EVIDENCE = 200
_DAY = 86_400_000
_WEEK = 7 * _DAY
WINDOWS = ((10 * 60_000, "10 minutes", 12.0), (3_600_000, "1 hour", 25.0), (_DAY, "24 hours", 60.0))
EXTRA = [pa.field("counterpart", pa.string()), pa.field("name", pa.string()), pa.field("side", pa.string()),
         pa.field("anchored", pa.bool_()), pa.field("count", pa.int64()), pa.field("details", pa.string())]
_STATUS = {"answered": 1, "missed": 2, "rejected": 3, "blocked": 4, "voicemail": 5}
_MSG, _CALL = 0, 1
_TABLES = ("messages", "calls")


# --- events --------------------------------------------------------------------------------------


@dataclass
class Events:
    """Every 1:1 message and call, sorted by (person, ts); arrays are index-aligned."""

    person: np.ndarray  # int64
    ts: np.ndarray  # int64 Unix ms
    day: np.ndarray  # int64 local day number
    hour: np.ndarray  # int64 local hour
    direction: np.ndarray  # int8: 1 out, 0 in, -1 unknown
    table: np.ndarray  # int8: 0 messages, 1 calls
    row: np.ndarray  # int64 row in that table
    status: np.ndarray  # int8 call status code (_STATUS), 0 for messages / unknown
    refusal: np.ndarray  # bool: a refusal message
    new_number: np.ndarray  # bool: "it's me, new number"
    messages_body: pa.ChunkedArray | None  # the messages table's body column (events point into it by row)
    offsets: np.ndarray  # int64[g + 1]
    label: list[str]  # main identifier per person
    identifiers: list[list[str]]
    name: list[str | None]

    def __len__(self) -> int:
        return len(self.ts)

    def text(self, idx) -> list[str | None]:
        """Message bodies of events ``idx`` (None for calls)."""
        idx = np.atleast_1d(np.asarray(idx, dtype=np.int64))
        out: list[str | None] = [None] * len(idx)
        msg = np.flatnonzero(self.table[idx] == _MSG)
        if len(msg) and self.messages_body is not None:
            got = self.messages_body.take(pa.array(self.row[idx[msg]], pa.int64())).to_pylist()
            for k, t in zip(msg.tolist(), got):
                out[k] = t
        return out

    @property
    def groups(self) -> int:
        return len(self.label)


def _col(t: pa.Table, name: str, typ: pa.DataType | None = None):
    if name in t.column_names:
        c = t.column(name)
        return c if typ is None else c.cast(typ)
    return pa.nulls(t.num_rows, typ or pa.null())


def _direction(arr) -> np.ndarray:
    d = np.asarray(pc.fill_null(pc.if_else(pc.equal(arr, "out"), 1, pc.if_else(pc.equal(arr, "in"), 0, -1)), -1))
    return d.astype(np.int8)


class _Union:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, a: int) -> int:
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def build_events(tables: dict[str, pa.Table], case: Case | None) -> Events:
    """The event arrays of one device (see :class:`Events`)."""
    parts = []
    for k, name in enumerate(_TABLES):
        t = tables.get(name)
        if t is None or t.num_rows == 0:
            continue
        rows = np.arange(t.num_rows, dtype=np.int64)
        keep = pc.and_(pc.is_valid(_col(t, "ts")), pc.is_valid(_col(t, "counterpart", pa.string())))
        if name == "messages" and "group" in t.column_names:
            keep = pc.and_(keep, pc.invert(pc.fill_null(t.column("group").cast(pa.bool_()), False)))
        keep = np.asarray(pc.fill_null(keep, False), dtype=bool)
        wanted = [c for c in ("ts", "direction", "counterpart", "body", "status") if c in t.column_names]
        sub = t.select(wanted).filter(pa.array(keep))
        cp = sub.column("counterpart").cast(pa.string())
        ts = np.asarray(sub.column("ts").cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)
        flags = np.zeros((2, sub.num_rows), dtype=bool)  # refusal, new number
        if name == "calls":
            st = _col(sub, "status", pa.string())
            status = np.zeros(sub.num_rows, dtype=np.int8)
            for s, code in _STATUS.items():
                status[np.asarray(pc.fill_null(pc.equal(st, s), False), dtype=bool)] = code
        else:
            status = np.zeros(sub.num_rows, dtype=np.int8)
            flags[0], flags[1] = _rules(_col(sub, "body", pa.string()))
        parts.append((k, rows[keep], ts, _direction(_col(sub, "direction", pa.string())), cp, status, flags))
    tz = case.timezone if case is not None else "UTC"
    if not parts:
        z = np.zeros(0, dtype=np.int64)
        return Events(z, z, z, z, z.astype(np.int8), z.astype(np.int8), z, z.astype(np.int8), z.astype(bool),
                      z.astype(bool), None, np.zeros(1, dtype=np.int64), [], [], [])
    cp = pa.chunked_array([p[4] for p in parts]).combine_chunks()
    flags = np.concatenate([p[6] for p in parts], axis=1)
    ts = np.concatenate([p[2] for p in parts])
    table = np.concatenate([np.full(len(p[1]), p[0], dtype=np.int8) for p in parts])
    row = np.concatenate([p[1] for p in parts])
    direction = np.concatenate([p[3] for p in parts])
    status = np.concatenate([p[5] for p in parts])
    # persons: identifiers joined through the contacts table (one saved name = one person)
    enc = pc.dictionary_encode(cp)
    idents: list[str] = enc.dictionary.to_pylist()
    codes = np.asarray(enc.indices, dtype=np.int64)
    uf = _Union(len(idents))
    names: dict[str, str] = {}
    con = tables.get("contacts")
    if con is not None and con.num_rows:
        where = {v: i for i, v in enumerate(idents)}
        first_of: dict[str, int] = {}
        kinds = _col(con, "kind", pa.string()).to_pylist()  # postal addresses are not counterparts: left out
        for nm, ident, kind in zip(_col(con, "name", pa.string()).to_pylist(), _col(con, "identifier", pa.string()).to_pylist(), kinds):
            if not nm or ident is None or kind == "address" or ident not in where:
                continue
            names.setdefault(ident, nm)
            i = where[ident]
            if nm in first_of:
                uf.union(first_of[nm], i)
            else:
                first_of[nm] = i
    root = np.array([uf.find(i) for i in range(len(idents))], dtype=np.int64)
    roots, person_of_ident = np.unique(root, return_inverse=True)
    person = person_of_ident[codes]
    counts = np.bincount(codes, minlength=len(idents))
    label, members, pname = [], [], []
    for g in range(len(roots)):
        mine = np.flatnonzero(person_of_ident == g)
        main = int(mine[np.argmax(counts[mine])])
        label.append(idents[main])
        members.append(sorted(idents[i] for i in mine))
        pname.append(next((names[idents[i]] for i in mine if idents[i] in names), None))
    order = np.lexsort((row, table, ts, person))
    person, ts, table, row, direction, status = (a[order] for a in (person, ts, table, row, direction, status))
    ref, new = flags[0][order], flags[1][order]
    local = pc.local_timestamp(pa.array(ts, pa.timestamp("ms", tz="UTC")).cast(pa.timestamp("ms", tz=tz)))
    local_ms = np.asarray(local.cast(pa.int64()), dtype=np.int64)
    day = np.floor_divide(local_ms, _DAY)
    hour = np.floor_divide(local_ms - day * _DAY, 3_600_000)
    offsets = np.searchsorted(person, np.arange(len(roots) + 1)).astype(np.int64)
    msgs = tables.get("messages")
    return Events(person, ts, day, hour, direction, table, row, status, ref, new,
                  msgs.column("body") if msgs is not None and "body" in msgs.column_names else None,
                  offsets, label, members, pname)


def _rules(body: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Refusal and new-number flags per message, each distinct text matched once."""
    if isinstance(body, pa.ChunkedArray):
        body = body.combine_chunks()
    enc = pc.dictionary_encode(body)
    idx = np.asarray(pc.fill_null(enc.indices, -1), dtype=np.int64)
    ref, _ = refusal.match(enc.dictionary, "refusal")
    new, _ = refusal.match(enc.dictionary, "identity")
    ref = np.append(np.asarray(ref, dtype=bool), False)  # -1 (null body) -> the appended False
    new = np.append(np.asarray(new, dtype=bool), False)
    return ref[idx], new[idx]


# --- helpers -------------------------------------------------------------------------------------


def _sat(x: float, k: float) -> float:
    return 1.0 - math.exp(-max(x, 0.0) / k)


def _iso(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _date(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%-d %b %Y")


def _who(ev: Events, g: int) -> str:
    return f"{ev.label[g]} ({ev.name[g]})" if ev.name[g] else ev.label[g]


def _ev(ev: Events, idx: np.ndarray) -> list[dict]:
    """Evidence rows for event indices (in the given order, capped)."""
    idx = idx[:MAX_EVIDENCE]
    return [{"table": _TABLES[t], "row": r} for t, r in zip(ev.table[idx].tolist(), ev.row[idx].tolist())]


def _victim_persons(ev: Events, case: Case | None) -> set[int]:
    if case is None:
        return set()
    norm = Normaliser(case.default_region)
    wanted = {norm.one(x) for x in case.victim.phones + case.victim.emails + case.victim.handles}
    wanted |= {h.lower() for h in case.victim.handles}
    return {g for g in range(ev.groups) if wanted & set(ev.identifiers[g])}


def _orders(case: Case | None) -> tuple[np.ndarray, np.ndarray, list]:
    if case is None or not case.orders:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), []
    iv = sorted((int(o.start.timestamp() * 1000), int(o.end.timestamp() * 1000) if o.end else np.iinfo(np.int64).max, o)
                for o in case.orders)
    merged: list[list] = []
    for s, e, o in iv:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return (np.array([m[0] for m in merged], np.int64), np.array([m[1] for m in merged], np.int64), [o for _, _, o in iv])


# --- the detector ----------------------------------------------------------------------------------


def run(tables: dict[str, pa.Table], case: Case | None = None, device: str = "") -> pa.Table:
    """Contact findings for one device (see the module docstring)."""
    ev = build_events(tables, case)
    rows: list[dict] = []
    if len(ev) == 0:
        return findings(rows, EXTRA)
    g_n = ev.groups
    off = ev.offsets
    n_out = np.add.reduceat((ev.direction == 1).astype(np.int64), off[:-1]) if len(ev) else np.zeros(g_n, np.int64)
    n_in = np.add.reduceat((ev.direction == 0).astype(np.int64), off[:-1]) if len(ev) else np.zeros(g_n, np.int64)
    empty = off[1:] == off[:-1]
    n_out[empty] = 0
    n_in[empty] = 0
    side_out = n_out >= n_in  # the pursuing side per person
    total = n_out + n_in
    share = np.where(total > 0, np.maximum(n_out, n_in) / np.maximum(total, 1), 0.5)
    one_sided = np.clip(2 * share - 1, 0, 1)
    pursuer = np.where(side_out[ev.person], ev.direction == 1, ev.direction == 0)  # event from the pursuing side
    replier = np.where(side_out[ev.person], ev.direction == 0, ev.direction == 1)
    distinct, streak, streak_end = K.day_runs(off, ev.day)
    run_out = K.one_sided_runs(off, ev.direction, side=1)
    run_in = K.one_sided_runs(off, ev.direction, side=0)
    # pursuing-side sub-arrays (for windows, weeks)
    p_idx = np.flatnonzero(pursuer)
    p_off = np.searchsorted(ev.person[p_idx], np.arange(g_n + 1)).astype(np.int64)
    p_ts = ev.ts[p_idx]
    r_idx = np.flatnonzero(replier)
    r_person = ev.person[r_idx]
    r_ts = ev.ts[r_idx]
    r_off = np.searchsorted(r_person, np.arange(g_n + 1)).astype(np.int64)
    bursts = [K.max_in_window(p_off, p_ts, w) for w, _, _ in WINDOWS]
    week = np.floor_divide(ev.day[p_idx] - 4, 7)  # Monday-based weeks (1970-01-01 was a Thursday)
    values, week0, w_off = K.weekly_counts(p_off, week)
    mk_s, mk_var, mk_z, slope = K.mann_kendall(values, w_off)
    anchored = _victim_persons(ev, case)
    o_start, o_end, orders = _orders(case)

    def base(g: int) -> dict:
        return {"device": device, "subject": ev.label[g], "counterpart": ev.label[g], "name": ev.name[g],
                "side": "out" if side_out[g] else "in", "anchored": g in anchored}

    def span(g: int, idx: np.ndarray) -> tuple:
        if len(idx) == 0:
            return None, None
        t = ev.ts[idx]
        return int(t.min()), int(t.max())

    def ts_obj(ms):
        return None if ms is None else dt.datetime.fromtimestamp(ms / 1000, dt.UTC)

    def add(g: int, indicator: str, score: float, summary: str, idx, count: int, details: dict, key=()):
        idx = np.asarray(list(idx) if not isinstance(idx, np.ndarray) else idx, dtype=np.int64)
        first, last = span(g, idx)
        keys = np.asarray(key, dtype=np.int64)
        order = np.concatenate([keys, idx[~np.isin(idx, keys)]])[:MAX_EVIDENCE]
        rows.append({**base(g), "indicator": indicator, "score": float(round(min(max(score, 0.0), 1.0), 6)),
                     "summary": summary, "first_ts": ts_obj(first), "last_ts": ts_obj(last), "evidence": _ev(ev, order),
                     "count": int(count), "details": json.dumps(details, sort_keys=True)})

    refusal_at: dict[int, tuple[int, int]] = {}  # person -> (event index of first refusal, refusing side 1 out/0 in)
    silent_after: dict[int, int] = {}
    for g in range(g_n):
        a, b = int(off[g]), int(off[g + 1])
        if b - a == 0:
            continue
        sel = np.arange(a, b)
        purs = sel[pursuer[a:b]]
        n_p = len(purs)
        side = "from the owner to" if side_out[g] else "from"
        who = _who(ev, g)
        o = float(one_sided[g])
        msgs = int((ev.table[purs] == _MSG).sum())
        calls = int((ev.table[purs] == _CALL).sum())
        active_days = max(1.0, (int(ev.ts[b - 1]) - int(ev.ts[a])) / _DAY)
        details = {"out": int(n_out[g]), "in": int(n_in[g]), "one_sided": round(o, 4), "distinct_days": int(distinct[g]),
                   "longest_streak_days": int(streak[g]), "per_day": round(n_p / active_days, 3),
                   "per_week": round(7 * n_p / active_days, 3)}
        # volume
        wv = values[w_off[g]:w_off[g + 1]]
        peak = int(wv.max()) if len(wv) else 0
        if n_p >= 20 and distinct[g] >= 3:
            s = _sat(peak, 100) * (0.4 + 0.6 * o)
            add(g, "contact.volume", s,
                f"{msgs} messages and {calls} calls {side} {who} on {int(distinct[g])} days; busiest week {peak}, "
                f"longest streak {int(streak[g])} days in a row; {int(n_in[g] if side_out[g] else n_out[g])} the other way",
                purs, n_p, {**details, "peak_week": peak})
        # unanswered: the longest run from the pursuing side
        rs = run_out if side_out[g] else run_in
        L, r0, r1 = int(rs[0][g]), int(rs[1][g]), int(rs[2][g])
        if L >= 10:
            run_idx = [i for i in range(r0, r1 + 1) if pursuer[i]]
            miss = int(((ev.table[sel] == _CALL) & (ev.status[sel] == _STATUS["missed"]) & pursuer[sel]).sum())
            blocked = int(((ev.table[sel] == _CALL) & np.isin(ev.status[sel], (_STATUS["rejected"], _STATUS["blocked"]))).sum())
            add(g, "contact.unanswered", _sat(L, 25) * (0.3 + 0.7 * o),
                f"{L} contacts {side} {who} in a row with no reply ({_date(int(ev.ts[r0]))} to {_date(int(ev.ts[r1]))}); "
                f"{n_p} of {int(total[g])} contacts one way; {miss} unanswered calls, {blocked} rejected or blocked",
                run_idx, L, {**details, "longest_run": L, "unanswered_calls": miss, "rejected_or_blocked": blocked})
        # bursts
        best = (0.0, None)
        for (w, label, k), (cnt, first) in zip(WINDOWS, bursts):
            c, f = int(cnt[g]), int(first[g])
            if c == 0 or f < 0:
                continue
            t0 = int(p_ts[f])
            rr = r_ts[r_off[g]:r_off[g + 1]]
            replies = int(np.searchsorted(rr, t0 + w, "left") - np.searchsorted(rr, t0, "left"))
            s = _sat(c - replies, k) * (0.3 + 0.7 * o)
            if s > best[0]:
                best = (s, (w, label, c, replies, f))
        if best[1] is not None and best[0] >= 0.2:
            w, label, c, replies, f = best[1]
            gi = p_idx[f:f + c]
            add(g, "contact.burst", best[0],
                f"{c} contacts {side} {who} within {label} on {_iso(int(p_ts[f]))}, "
                f"{replies} {'reply' if replies == 1 else 'replies'}",
                gi, c, {**details, "window_s": w // 1000, "burst": c, "replies": replies})
        # night
        night = purs[ev.hour[purs] < 6]
        if len(night) >= 5:
            sh = len(night) / max(n_p, 1)
            s = min(1.0, sh / 0.3) * _sat(len(night), 30) * (0.3 + 0.7 * o)
            add(g, "contact.night", s,
                f"{len(night)} of {n_p} contacts {side} {who} between 00:00 and 06:00 local time ({sh:.0%})",
                night, len(night), {**details, "night": len(night), "night_share": round(sh, 4)})
        # escalation
        nw = int(w_off[g + 1] - w_off[g])
        if nw >= 4 and mk_z[g] >= 1.96 and slope[g] > 0:
            s = float(np.clip((mk_z[g] - 1.64) / 2.5, 0, 1)) * (0.4 + 0.6 * o)
            add(g, "contact.escalation", s,
                f"contact {side} {who} rising over {nw} weeks: Mann-Kendall z = {mk_z[g]:.1f}, "
                f"Theil-Sen slope +{slope[g]:.1f} a week, busiest week {peak}",
                purs[-MAX_EVIDENCE:], n_p, {**details, "weeks": nw, "mk_s": int(mk_s[g]), "mk_z": round(float(mk_z[g]), 3),
                                             "slope_per_week": round(float(slope[g]), 3)})
        # refusal: the first refusal by either side (a message, or the owner's phone blocking the calls)
        refs = sel[(ev.refusal[sel] & (ev.table[sel] == _MSG) & (ev.direction[sel] >= 0))
                   | ((ev.table[sel] == _CALL) & (ev.status[sel] == _STATUS["blocked"]) & (ev.direction[sel] == 0))]
        if len(refs):
            i = int(refs[0])
            refusing = int(ev.direction[i]) if ev.table[i] == _MSG else 1  # a blocked incoming call: the owner refused
            refusal_at[g] = (i, refusing)
            after = sel[(ev.ts[sel] > ev.ts[i]) & (ev.direction[sel] == 1 - refusing)]
            if len(after) >= 3:
                what = "blocked calls" if ev.table[i] == _CALL else f"\u201c{_short(ev.text(i)[0])}\u201d"
                by = "the owner" if refusing == 1 else "they"
                to = f"to {who}" if refusing == 0 else f"from {who}"
                add(g, "contact.after_refusal", _sat(len(after), 10),
                    f"{len(after)} contacts {to} after {by} refused contact on {_date(int(ev.ts[i]))} ({what}); "
                    f"last {_date(int(ev.ts[after[-1]]))}",
                    after, len(after), {**details, "refusal_ts": _iso(int(ev.ts[i])), "after": len(after)}, key=(i,))
        replies = sel[replier[a:b]]
        if len(replies) and (purs > replies[-1]).sum() >= 10:  # stopped replying, the other side carried on
            silent_after[g] = int(ev.ts[replies[-1]])
    # order breaches
    if len(o_start):
        targets = anchored or set(refusal_at)
        for g in sorted(targets):
            a, b = int(off[g]), int(off[g + 1])
            sel = np.arange(a, b)
            t = ev.ts[sel]
            pos = np.searchsorted(o_start, t, "right") - 1
            inside = (pos >= 0) & (t < o_end[np.maximum(pos, 0)])
            hits = sel[inside & (ev.direction[sel] >= 0)]
            if len(hits):
                first = int(hits[0])
                kinds = ", ".join(sorted({o.kind for o in orders}))
                add(g, "contact.order_breach", _sat(len(hits), 3),
                    f"{len(hits)} contacts with {_who(ev, g)} inside the {kinds} window; first on {_iso(int(ev.ts[first]))}",
                    hits, len(hits), {"breaches": len(hits), "first_breach": _iso(int(ev.ts[first]))}, key=(first,))
    _new_identities(ev, refusal_at, silent_after, side_out, one_sided, add)
    rows.sort(key=lambda r: (-r["score"], r["indicator"], r["subject"]))
    return findings(rows, EXTRA)


def _short(text: str | None, n: int = 60) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _profile(texts: list[str]) -> dict[str, float]:
    grams: dict[str, float] = {}
    for t in texts:
        t = " ".join((t or "").lower().split())
        for i in range(len(t) - 2):
            g = t[i:i + 3]
            grams[g] = grams.get(g, 0.0) + 1.0
    norm = math.sqrt(sum(v * v for v in grams.values())) or 1.0
    return {k: v / norm for k, v in grams.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _new_identities(ev: Events, refusal_at, silent_after, side_out, one_sided, add) -> None:
    """``contact.new_identity`` (see the module docstring), added through ``add``."""
    ends = {g: int(ev.ts[i]) for g, (i, _) in refusal_at.items()}
    for g, t in silent_after.items():
        ends.setdefault(g, t)
    if not ends:
        return
    off = ev.offsets
    first_ts = np.array([ev.ts[off[g]] if off[g + 1] > off[g] else np.iinfo(np.int64).max for g in range(ev.groups)])

    def texts(g: int, direction: int) -> list[str]:
        sel = np.arange(off[g], off[g + 1])
        sel = sel[(ev.table[sel] == _MSG) & (ev.direction[sel] == direction)]
        return [t for t in ev.text(sel) if t]

    for b in range(ev.groups):
        if b in ends or off[b + 1] - off[b] < 3:
            continue
        if one_sided[b] < 0.5:
            continue
        cand = [a for a, t in ends.items()
                if a != b and t <= first_ts[b] <= t + 45 * _DAY and side_out[a] == side_out[b]]
        if not cand:
            continue
        side = 1 if side_out[b] else 0
        sel = np.arange(off[b], off[b + 1])
        said = sel[ev.new_number[sel] & (ev.direction[sel] == side)]
        prof_b = _profile(texts(b, side))
        best = (0.0, None)
        for a in cand:
            sim = _cosine(prof_b, _profile(texts(a, 1 if side_out[a] else 0)))
            s = max(sim if sim >= 0.5 else 0.0, 0.8 if len(said) else 0.0)
            if s > best[0]:
                best = (s, a, sim)
        if best[1] is None:
            continue
        s, a, sim = best
        saved = ev.name[b] is not None
        score = s * (0.7 if saved else 1.0)
        if score < 0.4:
            continue
        gap_days = (first_ts[b] - ends[a]) / _DAY
        how = "says it is a new number" if len(said) else f"writes like them (similarity {sim:.2f})"
        add(b, "contact.new_identity", score,
            f"{_who(ev, b)} first appears {gap_days:.0f} days after {_who(ev, a)} was refused or fell silent, and {how}",
            list(said) + list(sel[ev.direction[sel] == side]), int(off[b + 1] - off[b]),
            {"previous": ev.label[a], "similarity": round(sim, 4), "says_new_number": int(len(said)),
             "gap_days": round(float(gap_days), 2)}, key=tuple(int(i) for i in said[:1]))

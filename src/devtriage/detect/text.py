"""Threat language in messages: threats, surveillance talk, intimate-image threats, coercion.

Every message body of the ``messages`` table (1:1 and group chats, every app) is
classified by :mod:`devtriage.text.classify` (coded rules with guards, and the shipped
model). Flagged messages are grouped by (indicator, counterpart, side) into one finding:

* ``side`` ``"out"``: the device owner sent them (evidence about the owner's conduct);
  ``"in"``: the owner received them (the owner is the one threatened);
* ``score``: ``1 - prod(1 - PER_MESSAGE x s)`` over the messages' scores ``s`` (x
  :data:`MODEL_ONLY` for a message only the model flagged: the model is less precise
  than the rules away from its training text, so alone it suggests rather than decides):
  the same text sent several times counts once; one flagged text is a moderate signal,
  repeated ones a strong one (five make about 0.95) -- one "I'm gonna end you" between
  gaming friends must not outrank a pursuer's pattern; and x :data:`MUTUAL` when the
  other side of the same person also sends flagged messages of the family (friends
  trading "I'll kill you"s in a game, a mutual row: the summary says so), because a
  pursuer's threats are one-sided;
* context: threats, surveillance talk and coercion come in patterns, and many lines of a
  pattern ("enjoy your last Sunday", "I decide who you see") read as such only next to
  the others. So once a person has a flagged message of any family on one side, that
  side's messages which the model scores at :data:`CONTEXT` x the head's threshold or
  more (four or more words, no guard) are shown as context hits of that family. They
  put the lines in front of the examiner but add nothing to the score (a finding of
  context hits alone scores 0): on synthetic queues they show 2-6 more planted lines per
  threatening phone; weighted even at 0.3 they lifted look-alike phones' ranks more than
  the case phones', and at half the threshold they showed gaming friends' banter as
  often as the flags themselves. A person with no flagged message gets none;
* ``evidence``: the flagged rows, strongest first (at most :data:`MAX_EVIDENCE`);
  ``details["rows"]`` gives per row the rule code (or, for a model-only hit, the subword
  n-grams that weighed most), the character ``spans`` of the phrase that made it match
  (the reports mark them), the model's probability and whether it is a context hit.

The summary names the count, the direction, the person and the first flagged message
("3 threatening messages sent to +447700900861 (Michelle Roberts), 12 Jan-3 Feb 2026:
"I'll bury you in the back garden""). ``coverage`` (module function) gives the manifest's
language coverage: the share of messages in languages the model was not trained for.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..case import Case
from ..identifiers import Normaliser
from ..text import classify as C
from ..text import lang, threats
from ..text.model import as_strings, load
from .base import findings

NAME = "text"
INPUTS = {"messages": ("ts", "direction", "counterpart", "body")}
INDICATORS = ("text.threat", "text.surveillance", "text.image_abuse", "text.coercion")
MAX_EVIDENCE = 200
PER_MESSAGE = 0.6
MUTUAL = 0.4
MODEL_ONLY = 0.5
CONTEXT = 0.75
EXTRA = [pa.field("counterpart", pa.string()), pa.field("name", pa.string()), pa.field("side", pa.string()),
         pa.field("anchored", pa.bool_()), pa.field("count", pa.int64()), pa.field("details", pa.string())]
NOUN = {"threat": "threatening message", "surveillance": "surveillance message",
        "image_abuse": "intimate-image threat", "coercion": "coercive message"}


def _names(tables: dict[str, pa.Table]) -> dict[str, str]:
    con = tables.get("contacts")
    out: dict[str, str] = {}
    if con is None or not con.num_rows or "identifier" not in con.column_names:
        return out
    for nm, ident in zip(con.column("name").to_pylist(), con.column("identifier").to_pylist()):
        if nm and ident:
            out.setdefault(ident, nm)
    return out


def _victim(case: Case | None) -> set[str]:
    if case is None:
        return set()
    norm = Normaliser(case.default_region)
    ids = {norm.one(x) for x in case.victim.phones + case.victim.emails + case.victim.handles}
    return {x for x in ids if x} | {h.lower() for h in case.victim.handles}


def _day(ms: int) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%-d %b %Y")


def run(tables: dict[str, pa.Table], case: Case | None = None, device: str = "") -> pa.Table:
    msgs = tables.get("messages")
    if msgs is None or msgs.num_rows == 0 or "body" not in msgs.column_names:
        return findings([], EXTRA)
    model = load()
    body = msgs.column("body")
    res = C.classify(body, model)
    ts = np.asarray(pc.fill_null(msgs.column("ts").cast(pa.int64()), 0), dtype=np.int64)
    direction = np.asarray(pc.fill_null(msgs.column("direction"), "").to_pylist(), dtype=object)
    cp = np.asarray(pc.fill_null(msgs.column("counterpart"), "").to_pylist(), dtype=object)
    names, victim = _names(tables), _victim(case)
    body_key = np.asarray(pc.dictionary_encode(as_strings(body)).indices.fill_null(-1))
    context = _context(res, model, body, cp, np.where(direction == "out", "out", "in"))
    rows = []
    for fam in C.FAMILIES:
        hit = np.flatnonzero(res.flag[fam] | context[fam])
        if hit.size == 0:
            continue
        # the phrases of every rule hit of the family in one pass (one RE2 call per rule language)
        rule_rows = [r for r in hit.tolist() if res.rule[fam][r]]
        rule_texts = body.take(pa.array(rule_rows, pa.int64())).to_pylist() if rule_rows else []
        span_at = dict(zip(rule_rows, threats.RULESET.spans_of([t or "" for t in rule_texts],
                                                              [res.rule[fam][r] for r in rule_rows])))
        side = np.where(direction[hit] == "out", "out", "in")
        keys = sorted({(str(c), str(s)) for c, s in zip(cp[hit], side)})
        for who, sd in keys:
            mine = hit[(cp[hit] == who) & (side == sd)]
            s = res.score[fam][mine]
            order = mine[np.lexsort((ts[mine], -s))]
            weight = np.where(res.rule[fam][mine].astype(bool), 1.0, np.where(res.flag[fam][mine], MODEL_ONLY, 0.0))
            strength = weight * np.minimum(s, 0.999)
            # one text sent many times counts once (its strongest copy)
            distinct = {}
            for key, v in zip(body_key[mine].tolist(), strength.tolist()):
                distinct[key] = max(v, distinct.get(key, 0.0))
            score = float(min(1.0, 1.0 - np.prod(1.0 - PER_MESSAGE * np.array(list(distinct.values())))))
            mutual = (who, "in" if sd == "out" else "out") in keys and bool(res.flag[fam][
                hit[(cp[hit] == who) & (side != sd)]].any())
            if mutual:  # both sides write like this: banter between friends, a game, a row
                score *= MUTUAL
            ev_rows = order[:MAX_EVIDENCE]
            texts = body.take(pa.array(ev_rows, pa.int64())).to_pylist()
            ev, per_row = [], []
            for r, text in zip(ev_rows.tolist(), texts):
                why = C.explain(text or "", fam, res.rule[fam][r], model, rule_span=span_at.get(r))
                ev.append({"table": "messages", "row": r})
                per_row.append({"row": r, "rule": why["rule"], "model_terms": why.get("model_terms"),
                                "spans": why.get("spans") or [], "p": round(float(res.proba[r, model.head(fam)]), 4),
                                "context": bool(context[fam][r])})
            first, last = int(ts[mine].min()), int(ts[mine].max())
            nm = names.get(who)
            person = f"{who} ({nm})" if nm else (who or "an unknown sender")
            verb = "sent to" if sd == "out" else "received from"
            quote = (texts[0] or "")[:80]
            when = _day(first) if _day(first) == _day(last) else f"{_day(first)}-{_day(last)}"
            n, n_context = len(mine), int(context[fam][mine].sum())
            k = n - n_context
            if k:
                summary = f'{k} {NOUN[fam]}{"s" if k != 1 else ""} {verb} {person}, {when}: "{quote}"'
                summary += f" (+{n_context} in context)" if n_context else ""
            else:
                summary = (f'{n} {NOUN[fam]}{"s" if n != 1 else ""} in context of other flagged messages, '
                           f'{verb} {person}, {when}: "{quote}"')
            if mutual:
                summary += "; both sides write like this (banter?)"
            codes = sorted({p["rule"] for p in per_row if p["rule"]})
            rows.append({
                "device": device, "indicator": f"text.{fam}", "score": score, "subject": who, "summary": summary,
                "first_ts": first, "last_ts": last, "evidence": ev, "counterpart": who, "name": nm, "side": sd,
                "anchored": who in victim, "count": n,
                "details": json.dumps({"rules": codes, "mutual": mutual, "rows": per_row, "context": n_context,
                                       "model_only": sum(1 for p in per_row if not p["rule"] and not p["context"])},
                                      ensure_ascii=False),
            })
    return findings(rows, EXTRA)


def _context(res: C.Classified, model, body: pa.Array, cp: np.ndarray, side: np.ndarray) -> dict[str, np.ndarray]:
    """Per family, the unflagged messages that count in context: on a (person, side) with a
    flagged message of any family, the model gives them >= CONTEXT x the head's threshold,
    they have at least :data:`classify.MIN_WORDS` words and no guard of the family."""
    flagged = res.any_flag()
    anchors = set(zip(cp[flagged].tolist(), side[flagged].tolist()))
    on_anchor = np.array([(c, s) in anchors for c, s in zip(cp.tolist(), side.tolist())], dtype=bool)
    words = np.asarray(pc.fill_null(pc.list_value_length(pc.utf8_split_whitespace(as_strings(body))), 0))
    out = {}
    for fam in C.FAMILIES:
        h = model.head(fam)
        cand = np.flatnonzero(on_anchor & ~res.flag[fam] & (words >= C.MIN_WORDS)
                              & (res.proba[:, h] >= CONTEXT * model.threshold[h]))
        if cand.size:
            cand = cand[~threats.guarded(as_strings(body).take(pa.array(cand, pa.int64())), fam)]
        mask = np.zeros(len(flagged), dtype=bool)
        mask[cand] = True
        out[fam] = mask
    return out


def coverage(tables: dict[str, pa.Table]) -> dict:
    """Language coverage of the messages: counts per guessed language and the share in
    languages the model was not trained for (not scored by the model; the rules cover
    their own languages)."""
    msgs = tables.get("messages")
    if msgs is None or "body" not in msgs.column_names:
        return {"messages": 0}
    return lang.coverage(msgs.column("body"), load().languages)


def model_info() -> dict:
    """The model the scan used (for the manifest): directory, file hashes, heads, thresholds."""
    m = load()
    return {"tokenizer_sha256": m.tokenizer_sha256, "heads": list(m.heads), "languages": list(m.languages),
            "thresholds": {h: round(float(t), 4) for h, t in zip(m.heads, m.threshold)}}

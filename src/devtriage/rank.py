"""Ranking: a device score (0-100), a role and the ordered reasons, from the findings.

Each finding's detector score (0-1) is multiplied by its indicator's weight
(:data:`WEIGHTS`) and by 0.95 (no single finding is certainty): its *points*. The weights follow what the police's own risk questions
treat as serious (FOUR: fixated, obsessive, unwanted, repeated; the S-DASH stalking
questions), documented in the README:

* contact continuing after a refusal, and any breach of bail or an order, weigh most
  (1.0): unwanted contact the person has been told to stop, the pattern the reviews
  found ignored;
* threats (1.0), intimate-image threats (0.9), being at the victim's places (0.9) and
  stalkerware (0.9) are S-DASH questions in their own right;
* surveillance talk, coercion, the victim's details on the device and a new identity
  after blocking (0.8);
* one-sided and escalating contact (0.7), fixation on an unexplained place (0.6);
* night-time contact (0.5), trackers (0.5), bursts (0.4) and plain volume (0.3) are
  weak alone: couples and families text a lot, at night, in bursts.

Findings are grouped by the person (or place, or app) they are about. A person's score
combines their findings as independent pieces of evidence (``1 - prod(1 - points)``), so
several indicators towards one person outweigh one strong signal: two findings of 0.6
make 0.84, more than a single 0.8. The device score is 100 x the best person's score;
a device with no findings scores 0.

Role: ``suspect`` when the points of findings where the owner does the pursuing (side
``out``: the owner sends the one-sided contact, goes to the places, holds the victim's
details, runs a tracker) clearly outweigh those where the owner is pursued (side
``in``, stalkerware on the phone), ``target`` the other way round, ``unclear`` when
neither has twice the other or the score is under 35 (nothing strong enough to say).
"""

from __future__ import annotations

import json
from collections import defaultdict

import pyarrow as pa

WEIGHTS: dict[str, float] = {
    "contact.after_refusal": 1.0,
    "contact.order_breach": 1.0,
    "location.order_breach": 1.0,
    "text.threat": 1.0,
    "text.image_abuse": 0.9,
    "location.place_visits": 0.9,
    "apps.stalkerware": 0.9,
    "text.surveillance": 0.8,
    "text.coercion": 0.8,
    "knowledge.victim": 0.8,
    "contact.new_identity": 0.8,
    "contact.unanswered": 0.7,
    "contact.escalation": 0.7,
    "location.fixation": 0.6,
    "contact.night": 0.5,
    "apps.tracker": 0.5,
    "contact.burst": 0.4,
    "contact.volume": 0.3,
}
#: Indicators whose finding is evidence about the owner's own conduct whatever their side.
OWNER_SIDE = {"location.place_visits": "out", "location.order_breach": "out", "location.fixation": "out",
              "knowledge.victim": "out", "apps.tracker": "out", "apps.stalkerware": "in"}
MAX_REASONS = 15


#: No single finding is certainty: points are capped below 1 so that strong devices still differ.
CAP = 0.95


def points(indicator: str, score: float) -> float:
    return CAP * WEIGHTS.get(indicator, 0.5) * float(score)


def _side(f: dict) -> str | None:
    return OWNER_SIDE.get(f["indicator"]) or f.get("side")


def rank(findings: pa.Table) -> dict:
    """``{"score", "role", "role_why", "reasons", "people"}`` for one device's findings.

    ``reasons`` are the findings (as dicts, with ``weight`` and ``points``) ordered by
    points, at most :data:`MAX_REASONS`, always including the best finding of each of
    the top people; ``people`` the subjects ordered by their combined score.
    """
    rows = findings.to_pylist() if findings is not None else []
    for f in rows:
        f["weight"] = WEIGHTS.get(f["indicator"], 0.5)
        f["points"] = round(points(f["indicator"], f["score"]), 6)
    by: dict[str, list[dict]] = defaultdict(list)
    for f in rows:
        by[f["subject"] or ""].append(f)
    people = []
    for subject, fs in by.items():
        miss = 1.0
        for f in fs:
            miss *= 1.0 - f["points"]
        people.append({"subject": subject, "name": next((f.get("name") for f in fs if f.get("name")), None),
                       "score": round(1.0 - miss, 6),
                       "indicators": sorted({f["indicator"] for f in fs if f["points"] > 0}, key=lambda i: -WEIGHTS.get(i, 0.5))})
    people.sort(key=lambda p: (-p["score"], p["subject"]))
    score = round(100.0 * people[0]["score"], 1) if people else 0.0
    # role: weigh the findings about the top people by side
    top = {p["subject"] for p in people[:3] if p["score"] >= 0.2}
    out_pts = sum(f["points"] for f in rows if f["subject"] in top and _side(f) == "out")
    in_pts = sum(f["points"] for f in rows if f["subject"] in top and _side(f) == "in")
    if score < 35 or (out_pts < 2 * in_pts and in_pts < 2 * out_pts):
        role = "unclear"
        why = ("no strong finding" if score < 35 else
               f"findings point both ways (owner pursuing {out_pts:.2f}, owner pursued {in_pts:.2f})")
    elif out_pts > in_pts:
        role = "suspect"
        why = f"the owner does the pursuing in the strongest findings ({out_pts:.2f} points against {in_pts:.2f})"
    else:
        role = "target"
        why = f"the owner is pursued in the strongest findings ({in_pts:.2f} points against {out_pts:.2f})"
    ordered = sorted(rows, key=lambda f: (-f["points"], f["indicator"], f["subject"] or ""))
    keep = ordered[:MAX_REASONS]
    for p in people[:3]:  # each top person's best finding is a reason
        best = next(f for f in ordered if f["subject"] == p["subject"])
        if best not in keep:
            keep.append(best)
    keep.sort(key=lambda f: (-f["points"], f["indicator"], f["subject"] or ""))
    return {"score": score, "role": role, "role_why": why, "reasons": keep, "people": people}


def _iso(ts) -> str | None:
    if ts is None:
        return None
    return ts.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def evidence_rows(tables: dict[str, pa.Table], refs: list[dict]) -> list[dict]:
    """The shortlist form of evidence references ``[{table, row}]``: the row's time,
    direction, counterpart, app, text (or place / app fields) and provenance."""
    out = []
    for ref in refs:
        t = tables.get(ref["table"])
        if t is None or not 0 <= ref["row"] < t.num_rows:
            out.append({"table": ref["table"], "row": ref["row"], "missing": True})
            continue
        r = t.slice(ref["row"], 1).to_pylist()[0]
        item = {"table": ref["table"], "row": ref["row"], "ts": _iso(r.get("ts") or r.get("installed_ts"))}
        if ref["table"] in ("messages", "calls"):
            item |= {"direction": r.get("direction"), "counterpart": r.get("counterpart"), "app": r.get("app"),
                     "text": r.get("body") if ref["table"] == "messages" else _call_text(r)}
        elif ref["table"] == "locations":
            item |= {"lat": r.get("lat"), "lon": r.get("lon"), "accuracy_m": r.get("accuracy_m"), "source": r.get("source")}
        elif ref["table"] == "apps":
            item |= {"app": r.get("app"), "name": r.get("name"), "source": r.get("source")}
        elif ref["table"] == "contacts":
            item |= {"name": r.get("name"), "text": r.get("identifier")}
        else:
            item |= {k: r.get(k) for k in ("kind", "text", "app", "event", "detail") if k in r}
        for k in ("spans", "context"):
            if ref.get(k):
                item[k] = ref[k]
        item |= {"src_file": r.get("src_file"), "src_table": r.get("src_table"), "src_row": r.get("src_row")}
        out.append(item)
    return out


def _with_spans(f: dict, refs: list[dict]) -> list[dict]:
    """Evidence references with the ``spans`` (and ``context`` mark) a detector gave per
    row in its details (``details["rows"] = [{"table", "row", "spans", "context"}, ...]``;
    ``table`` defaults to ``messages``, as the text detector writes them)."""
    try:
        rows = json.loads(f["details"]).get("rows") if f.get("details") else None
    except (ValueError, AttributeError):
        rows = None
    if not isinstance(rows, list):
        return refs
    per_row = {}
    for r in rows:
        if isinstance(r, dict) and "row" in r:
            extra = {"spans": r["spans"]} if r.get("spans") else {}
            if r.get("context") is True:
                extra["context"] = True
            per_row[(r.get("table", "messages"), r["row"])] = extra
    return [{**ref, **per_row.get((ref["table"], ref["row"]), {})} for ref in refs]


def _call_text(r: dict) -> str:
    dur = r.get("duration_s")
    status = r.get("status") or "call"
    return f"{status} call" + (f", {dur:.0f} s" if dur else "")


def shortlist(device: str, ranked: dict, tables: dict[str, pa.Table], case_id: str | None = None,
              version: str = "", max_evidence: int = 50) -> dict:
    """The ``shortlist.json`` document (DESIGN.md output contract)."""
    reasons = []
    for f in ranked["reasons"]:
        reasons.append({
            "indicator": f["indicator"], "score": round(f["score"], 4), "weight": f["weight"], "points": round(f["points"], 4),
            "subject": f["subject"], "name": f.get("name"), "side": f.get("side"), "anchored": f.get("anchored"),
            "summary": f["summary"], "first_ts": _iso(f.get("first_ts")), "last_ts": _iso(f.get("last_ts")),
            "details": json.loads(f["details"]) if f.get("details") else None,
            "evidence": evidence_rows(tables, _with_spans(f, (f.get("evidence") or [])[:max_evidence])),
            "evidence_total": len(f.get("evidence") or []),
        })
    return {
        "device": device, "score": ranked["score"], "role": ranked["role"], "role_why": ranked["role_why"],
        "case_id": case_id, "generated_by": f"devtriage {version}".strip(),
        "counts": {name: t.num_rows for name, t in sorted(tables.items())},
        "reasons": reasons, "people": ranked["people"][:20],
    }

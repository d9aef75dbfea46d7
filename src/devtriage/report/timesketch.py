"""Timesketch JSONL timeline of the shortlisted evidence (``timeline.jsonl``).

Timesketch imports JSON Lines with three mandatory fields per event: ``message`` (a
string), ``datetime`` (ISO 8601, e.g. ``2015-07-24T19:01:01+00:00``) and
``timestamp_desc`` (what the time means); ``timestamp`` (microseconds since the epoch)
is optional and given here too. Every other key becomes a searchable attribute.

One event per distinct shortlisted evidence row (a row cited by several reasons appears
once, with ``indicator`` the first, strongest reason citing it and ``indicators`` all of
them), sorted by time, then table and row. Rows without a time (a contact, an app with no
install time) cannot be placed on a timeline and are left out. Built from
``shortlist.json`` only; the same scan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..output import _atomic

FILENAME = "timeline.jsonl"
DESC = {"messages": "Message sent", "calls": "Call", "locations": "Location recorded", "apps": "App installed",
        "app_events": "App event", "texts": "Text recorded", "contacts": "Contact"}


def _message(e: dict) -> str:
    table = e["table"]
    if table in ("messages", "calls"):
        arrow = "to" if e.get("direction") == "out" else "from"
        what = "message" if table == "messages" else "call"
        head = f"[{e.get('app') or table}] {'outgoing' if e.get('direction') == 'out' else 'incoming'} {what} {arrow} {e.get('counterpart')}"
        return f"{head}: {e.get('text')}" if e.get("text") else head
    if table == "locations":
        acc = f" (accuracy {e['accuracy_m']:g} m)" if e.get("accuracy_m") is not None else ""
        return f"location {e.get('lat')}, {e.get('lon')}{acc}" + (f" from {e['source']}" if e.get("source") else "")
    if table == "apps":
        return f"app installed: {e.get('name') or e.get('app')} ({e.get('app')})"
    bits = [str(e[k]) for k in ("kind", "app", "event", "text", "detail") if e.get(k)]
    return f"{table}: " + " - ".join(bits) if bits else table


def events(shortlist: dict) -> list[dict]:
    device = shortlist.get("device")
    by_row: dict[tuple[str, int], dict] = {}
    for r in shortlist.get("reasons") or []:
        for e in r.get("evidence") or []:
            if e.get("missing") or not e.get("ts"):
                continue
            key = (e["table"], e["row"])
            ev = by_row.get(key)
            if ev is not None:
                if r["indicator"] not in ev["indicators"]:
                    ev["indicators"].append(r["indicator"])
                ev["score"] = max(ev["score"], r["score"])
                continue
            when = dt.datetime.fromisoformat(e["ts"].replace("Z", "+00:00")).astimezone(dt.UTC)
            ev = {
                "message": _message(e),
                "datetime": when.isoformat(timespec="microseconds"),
                "timestamp": (when - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1),
                "timestamp_desc": DESC.get(e["table"], "Event recorded") if not (e["table"] == "messages" and e.get("direction") == "in")
                else "Message received",
                "data_type": f"devtriage:{e['table']}",
                "indicator": r["indicator"], "indicators": [r["indicator"]], "score": r["score"],
                "subject": r.get("subject"),
            }
            if e["table"] in ("messages", "calls"):
                ev |= {"counterpart": e.get("counterpart"), "direction": e.get("direction"), "app": e.get("app")}
                if e["table"] == "calls":
                    ev["timestamp_desc"] = "Call made" if e.get("direction") == "out" else "Call received"
            elif e["table"] == "locations":
                ev |= {"latitude": e.get("lat"), "longitude": e.get("lon"), "accuracy_m": e.get("accuracy_m")}
            ev |= {"device": device, "src_file": e.get("src_file"), "src_table": e.get("src_table"),
                   "src_row": e.get("src_row"), "table": e["table"], "row": e["row"]}
            by_row[key] = ev
    out = sorted(by_row.values(), key=lambda v: (v["timestamp"], v["table"], v["row"]))
    for ev in out:
        ev["indicators"] = ",".join(ev["indicators"])
    return out


def write(out_dir: str | Path) -> Path:
    """Write ``out_dir/timeline.jsonl`` (atomically) and return its path."""
    out_dir = Path(out_dir)
    shortlist = json.loads((out_dir / "shortlist.json").read_text(encoding="utf-8"))
    lines = [json.dumps({k: v for k, v in ev.items() if v is not None}, ensure_ascii=False, sort_keys=False)
             for ev in events(shortlist)]
    dest = out_dir / FILENAME
    _atomic(dest, lambda tmp: Path(tmp).write_text("".join(line + "\n" for line in lines), encoding="utf-8"))
    return dest

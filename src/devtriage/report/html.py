"""Self-contained HTML reports: ``report.html`` for one device, ``queue.html`` for a batch.

Both pages work offline: inline CSS, charts drawn as inline SVG here in Python, one small
inline script (opens collapsed evidence before printing), and no external URL at all
(no fonts, no CDN, no map tiles). The device report reads a scan output folder
(``shortlist.json``, ``findings.parquet``, ``tables/*.parquet``, ``manifest.json`` and,
if present, ``case.json``) and shows:

- the header: device, score (0-100), role and why, case id, row counts, tool version,
  warnings;
- every reason in shortlist order with its summary, score and points, and an evidence
  table (time in UTC and in the case's local time, direction, counterpart, app, text with
  flagged ``spans`` in ``<mark>``, and the provenance ``src_file / src_table / row
  src_row``); every evidence row has an anchor ``id="ev-<table>-<row>"`` (a row cited by
  a later reason again gets ``ev-<table>-<row>-r<k>``);
- a contact timeline (contacts per day or week, outgoing above and incoming below the
  axis) for the key counterparts, with refusal and order-window markers;
- a places plot: case places as circles of their radius in a local equirectangular
  projection with a scale bar, and the location evidence points;
- the manifest: input files with SHA-256 and size, warnings.

The output depends only on the input files (no clock), so the same scan gives the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import urllib.parse
import zoneinfo
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..output import _atomic

_E = html.escape
_DAY_S = 86400
MAX_KEY_COUNTERPARTS = 5
#: Evidence rows shown open per reason; the rest are in a collapsed <details> (opened for printing).
OPEN_ROWS = 10

_CSS = """
:root{--ink:#1b1f24;--muted:#5b6570;--line:#d5dae0;--soft:#f4f6f8;--out:#2f5d9e;--in:#d0812a;--warn:#b3261e;
--order:#e9d8f4;--mark:#ffe27a}
*{box-sizing:border-box}
body{font:15px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:var(--ink);
margin:0;background:#fff}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:34px 0 10px;border-bottom:2px solid var(--ink);padding-bottom:4px}
h3{font-size:16px;margin:0}
a{color:#1d4f91}
.muted{color:var(--muted)}.small{font-size:13px}
nav.toc{font-size:14px;margin:10px 0 0}nav.toc a{margin-right:14px}
header.top{display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap;border-bottom:1px solid var(--line);padding-bottom:14px}
header.top .id{flex:1 1 520px}
.score{font-size:40px;font-weight:700;line-height:1;min-width:120px;text-align:center;padding:10px 14px;border-radius:8px;
background:var(--soft);border:1px solid var(--line)}
.score small{display:block;font-size:12px;font-weight:400;color:var(--muted);margin-top:4px}
.role{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;font-size:14px;border:1px solid currentColor}
.role-suspect{color:var(--warn)}.role-target{color:#6a3d9a}.role-unclear{color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0 0;font-size:14px}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.prov{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:11.5px;word-break:break-all;
color:var(--muted);max-width:300px}
td.text{max-width:380px;word-wrap:break-word}
td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
td.time .local{color:var(--muted);display:block}
tr:target{background:#fff6cc}
mark{background:var(--mark);padding:0 1px}
.dir-out{color:var(--out);font-weight:600}.dir-in{color:var(--in);font-weight:600}
section.reason{border:1px solid var(--line);border-radius:6px;padding:12px 14px;margin:14px 0;break-inside:avoid-page}
section.reason header{display:flex;gap:12px;align-items:baseline;flex-wrap:wrap}
.code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px;background:var(--soft);
padding:1px 6px;border-radius:4px}
.pts{margin-left:auto;font-variant-numeric:tabular-nums;color:var(--muted);font-size:13px}
.summary{margin:6px 0 8px;font-size:15px}
.badge{font-size:11px;padding:1px 6px;border-radius:9px;background:#fde8e7;color:var(--warn);border:1px solid #f3b8b4}
.kv{font-size:12px;color:var(--muted);margin:0 0 8px}.kv span{margin-right:12px}
details.more summary{cursor:pointer;color:#1d4f91;font-size:13px;margin:6px 0}
svg{max-width:100%;height:auto;display:block}
svg text{font-family:inherit}
.closeups{display:flex;flex-wrap:wrap;gap:12px;margin:10px 0}
figure.closeup{margin:0;break-inside:avoid}
figure.closeup figcaption{font-size:13px;font-weight:600;margin:0 0 4px}
.legend{font-size:13px;margin:6px 0}.legend i{display:inline-block;width:12px;height:12px;margin:0 4px -1px 12px;
border-radius:2px}
.note{background:var(--soft);border-left:4px solid var(--line);padding:8px 12px;font-size:14px}
.scorebar{background:var(--soft);border-radius:3px;height:12px;width:120px;display:inline-block;vertical-align:middle;
margin-right:6px}.scorebar b{display:block;height:100%;border-radius:3px;background:var(--warn)}
tr.error td{color:var(--warn)}
@media print{
 body{font-size:11pt}main{max-width:none;padding:0}nav.toc{display:none}
 a{color:inherit;text-decoration:none}
 h2{break-after:avoid}tr,section.reason header,svg{break-inside:avoid}
 details.more summary{display:none}
 td.prov{max-width:none}
}
"""

_JS = ("window.addEventListener('beforeprint',function(){document.querySelectorAll('details')"
       ".forEach(function(d){d.open=true})});")

_OUT_CLR = "#2f5d9e"
_IN_CLR = "#d0812a"
_REFUSAL_CLR = "#b3261e"
_ORDER_CLR = "#e9d8f4"
_PALETTE = ("#b3261e", "#2f5d9e", "#2e7d32", "#6a3d9a", "#d0812a", "#00838f", "#8d6e63", "#ad1457")


# --- small helpers ---------------------------------------------------------------------------------------


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _ts(value) -> dt.datetime | None:
    """ISO string (``...Z``), datetime, or epoch ms -> aware UTC datetime (None when absent or bad)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC)
    try:
        text = str(value).strip()
        if text.endswith(" UTC"):  # detectors' human form "2026-02-03 23:17 UTC"
            text = text[:-4] + "+00:00"
        d = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=dt.UTC)


def _tz(case: dict | None) -> zoneinfo.ZoneInfo | None:
    name = (case or {}).get("timezone")
    if not name or name == "UTC":
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _utc_s(d: dt.datetime | None) -> str:
    return d.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if d else ""


def _local_s(d: dt.datetime | None, tz) -> str:
    if not d or tz is None:
        return ""
    loc = d.astimezone(tz)
    same = loc.date() == d.astimezone(dt.UTC).date()
    return loc.strftime(("%H:%M:%S %Z" if same else "%Y-%m-%d %H:%M:%S %Z"))


def _date_s(d: dt.datetime | None) -> str:
    return f"{d.day} {d.strftime('%b %Y')}" if d else ""


def _size(n) -> str:
    try:
        n = float(n)
    except (TypeError, ValueError):
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return ""


def _num(v) -> str:
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _marked(text: str, spans) -> str:
    """Escape ``text`` and wrap the character ranges ``spans`` ([[start, end], ...]) in <mark>."""
    text = "" if text is None else str(text)
    cuts = []
    for s in spans or ():
        try:
            a, b = int(s[0]), int(s[1])
        except (TypeError, ValueError, IndexError):
            continue
        a, b = max(0, a), min(len(text), b)
        if b > a:
            cuts.append((a, b))
    cuts.sort()
    merged: list[list[int]] = []
    for a, b in cuts:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out.append(_E(text[pos:a]))
        out.append(f"<mark>{_E(text[a:b])}</mark>")
        pos = b
    out.append(_E(text[pos:]))
    return "".join(out)


def _details(obj) -> dict:
    d = obj.get("details") if isinstance(obj, dict) else None
    if isinstance(d, str):
        try:
            d = json.loads(d)
        except ValueError:
            return {}
    return d if isinstance(d, dict) else {}


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_E(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
            f"<script>{_JS}</script>\n</body>\n</html>\n")


def _write(dest: Path, text: str) -> Path:
    def w(tmp):
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)

    _atomic(dest, w)
    return dest


# --- tables ----------------------------------------------------------------------------------------------


class _Tables:
    """Lazy reader of ``tables/<name>.parquet``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.cache: dict[str, pa.Table | None] = {}

    def get(self, name: str) -> pa.Table | None:
        if name not in self.cache:
            path = self.folder / f"{name}.parquet"
            try:
                self.cache[name] = pq.read_table(path) if path.is_file() else None
            except (OSError, pa.ArrowException):
                self.cache[name] = None
        return self.cache[name]


_FIELDS = ("ts", "direction", "counterpart", "app", "text", "src_file", "src_table", "src_row", "lat", "lon",
           "accuracy_m", "name")


def _content(table: str, row: dict) -> str | None:
    if table == "messages":
        return row.get("body")
    if table == "calls":
        bits = ["call", row.get("status") or ""]
        if row.get("duration_s") is not None:
            bits.append(f"{row['duration_s']} s")
        return " ".join(b for b in bits if b)
    if table == "app_events":
        return " ".join(str(x) for x in (row.get("event"), row.get("detail")) if x)
    if table == "texts":
        return row.get("text")
    if table == "contacts":
        return row.get("name")
    return None


def _enrich(reasons: list[dict], tables: _Tables) -> None:
    """Fill evidence fields that shortlist.json leaves out from the ingested table rows."""
    want: dict[str, set[int]] = defaultdict(set)
    for r in reasons:
        for ev in r.get("evidence") or ():
            if any(ev.get(k) is None for k in ("src_file", "src_row")) and ev.get("table") and ev.get("row") is not None:
                want[ev["table"]].add(int(ev["row"]))
    looked: dict[tuple[str, int], dict] = {}
    for name, rows in want.items():
        t = tables.get(name)
        if t is None:
            continue
        rows_l = sorted(r for r in rows if 0 <= r < t.num_rows)
        for r, rec in zip(rows_l, t.take(pa.array(rows_l, pa.int64())).to_pylist()):
            looked[(name, r)] = rec
    for r in reasons:
        for ev in r.get("evidence") or ():
            rec = looked.get((ev.get("table"), ev.get("row")))
            if rec is None:
                continue
            rec = dict(rec)
            rec.setdefault("text", _content(ev["table"], rec))
            if ev["table"] == "contacts":
                rec.setdefault("counterpart", rec.get("identifier"))
            for k in _FIELDS:
                if ev.get(k) is None and rec.get(k) is not None:
                    ev[k] = rec[k]


# --- device report: sections -----------------------------------------------------------------------------


def _header(sl: dict, manifest: dict, case: dict | None) -> str:
    role = str(sl.get("role") or "unclear")
    score = sl.get("score")
    counts = sl.get("counts") or manifest.get("tables") or {}
    warnings = manifest.get("warnings") or []
    version = sl.get("generated_by") or (f"devtriage {manifest['version']}" if manifest.get("version") else "")
    case_id = sl.get("case_id") or (case or {}).get("case_id") or (manifest.get("case") or {}).get("case_id") or ""
    tz = (case or {}).get("timezone") or (manifest.get("case") or {}).get("timezone") or ""
    facts = [("Case", _E(case_id) if case_id else "<span class=muted>none (victim-agnostic)</span>"),
             ("Role", f"<span class=\"role role-{_E(role)}\">{_E(role)}</span> {_E(sl.get('role_why') or '')}"),
             ("Rows", ", ".join(f"{_E(k)} {v:,}" if isinstance(v, int) else f"{_E(k)} {_E(str(v))}"
                                for k, v in counts.items()) or "<span class=muted>none</span>"),
             ("Reasons", f"{len(sl.get('reasons') or [])}"),
             ("Warnings", f"<a href=\"#warnings\">{len(warnings)}</a>" if warnings else "0"),
             ("Tool", _E(version))]
    if tz:
        facts.insert(1, ("Local time", _E(tz)))
    extraction = manifest.get("extraction") or {}
    if extraction.get("path"):
        facts.append(("Extraction", f"<span class=code>{_E(str(extraction['path']))}</span> "
                                    f"<span class=muted>({_E(str(extraction.get('layout') or ''))})</span>"))
    if manifest.get("quick"):
        facts.append(("Quick scan", _E(json.dumps(manifest["quick"], ensure_ascii=False)[:400])))
    score_s = f"{float(score):.1f}".removesuffix(".0") if score is not None else "&ndash;"
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return (f"<header class=\"top\" id=\"top\"><div class=\"id\"><div class=\"muted small\">devtriage device report</div>"
            f"<h1>{_E(str(sl.get('device') or '?'))}</h1><dl class=\"facts\">{dl}</dl></div>"
            f"<div class=\"score\" id=\"score\">{score_s}<small>score out of 100</small></div></header>"
            "<nav class=\"toc\"><a href=\"#overview\">Overview</a><a href=\"#timeline\">Contact timeline</a>"
            "<a href=\"#places\">Places</a><a href=\"#reasons\">Evidence by reason</a><a href=\"#people\">People</a><a href=\"#manifest\">Manifest</a></nav>")


def _ev_row(ev: dict, anchor: str, tz) -> str:
    table = str(ev.get("table") or "")
    when = _ts(ev.get("ts"))
    local = _local_s(when, tz)
    time_td = f"<td class=\"time\">{_E(_utc_s(when))}" + (f"<span class=\"local\">{_E(local)}</span>" if local else "") + "</td>"
    d = str(ev.get("direction") or "")
    dir_td = {"out": "<td class=\"dir-out\">out &rarr;</td>", "in": "<td class=\"dir-in\">&larr; in</td>"}.get(
        d, f"<td>{_E(d)}</td>")
    if table == "locations" and ev.get("lat") is not None:
        acc = f" &plusmn;{float(ev['accuracy_m']):.0f} m" if ev.get("accuracy_m") is not None else ""
        text = f"{float(ev['lat']):.5f}, {float(ev['lon']):.5f}{acc}"
    elif table == "apps":
        text = _E(" ".join(str(x) for x in (ev.get("name"), ev.get("text")) if x))
    else:
        text = _marked(ev.get("text"), ev.get("spans"))
        if ev.get("context"):
            text += (" <span class=\"badge\" title=\"not flagged alone: scored near the threshold next to "
                     "this person's flagged messages; adds nothing to the score\">context</span>")
    src_row = ev.get("src_row")
    prov = (f"{_E(str(ev.get('src_file') or '?'))} / {_E(str(ev.get('src_table') or '?'))} / row "
            f"{_E(str(src_row) if src_row is not None else '?')}")
    ref = f"<a href=\"#{anchor}\" title=\"{_E(table)} row {_E(str(ev.get('row')))}\">{_E(table)}:{_E(str(ev.get('row')))}</a>"
    return (f"<tr id=\"{anchor}\" class=\"ev\">{time_td}{dir_td}<td>{_E(str(ev.get('counterpart') or ''))}</td>"
            f"<td>{_E(str(ev.get('app') or ''))}</td><td class=\"text\">{text}</td>"
            f"<td class=\"prov\">{prov}<br>{ref}</td></tr>")


def _reasons(sl: dict, findings: dict, tz) -> str:
    reasons = sl.get("reasons") or []
    if not reasons:
        return "<h2 id=\"reasons\">Reasons</h2><p class=\"note\">No indicator was found on this device.</p>"
    seen: set[str] = set()
    out = [f"<h2 id=\"reasons\">Evidence by reason <span class=\"muted small\">({len(reasons)} reasons)</span></h2>"]
    thead = ("<thead><tr><th>Time (UTC" + (" / local" if tz else "") + ")</th><th>Dir</th><th>Counterpart</th>"
             "<th>App</th><th>Content</th><th>Source (file / table / row)</th></tr></thead>")
    for k, r in enumerate(reasons, 1):
        subject = str(r.get("subject") or "")
        name = r.get("name")
        who = f"{subject} ({name})" if name and name != subject else subject
        score, weight, points = r.get("score"), r.get("weight"), r.get("points")
        pts = []
        if score is not None:
            pts.append(f"score {float(score):.2f}")
        if weight is not None:
            pts.append(f"weight {float(weight):.2f}")
        if points is not None:
            pts.append(f"points {float(points):.2f}")
        badges = ""
        if r.get("anchored"):
            badges += " <span class=\"badge\" title=\"the subject is the case's victim\">victim</span>"
        span = ""
        f0, f1 = _ts(r.get("first_ts")), _ts(r.get("last_ts"))
        if f0:
            span = f"{_date_s(f0)}" + (f" &ndash; {_date_s(f1)}" if f1 and f1.date() != f0.date() else "")
        det = _details(r) or findings.get((r.get("indicator"), subject), {})
        kv = "".join(f"<span>{_E(str(key).replace('_', ' '))}: {_E(_num(v))}</span>" for key, v in det.items()
                     if isinstance(v, (int, float, str)) and not isinstance(v, bool))
        evs = r.get("evidence") or []
        rows = []
        for ev in evs:
            base = f"ev-{ev.get('table')}-{ev.get('row')}"
            anchor = base if base not in seen else f"{base}-r{k}"
            seen.add(anchor)
            rows.append(_ev_row(ev, anchor, tz))
        body = ""
        if rows:
            body = f"<table class=\"evidence\">{thead}<tbody>{''.join(rows[:OPEN_ROWS])}</tbody></table>"
            if len(rows) > OPEN_ROWS:
                body += (f"<details class=\"more\"><summary>{len(rows) - OPEN_ROWS} more evidence rows</summary>"
                         f"<table class=\"evidence\">{thead}<tbody>{''.join(rows[OPEN_ROWS:])}</tbody></table></details>")
        else:
            body = "<p class=\"muted small\">no evidence rows</p>"
        total = r.get("evidence_total")
        count = f" &middot; {len(evs)} evidence rows" if evs else ""
        if isinstance(total, int) and total > len(evs):
            count = f" &middot; {len(evs)} of {total:,} evidence rows shown (all in findings.parquet)"
        out.append(
            f"<section class=\"reason\" id=\"reason-{k}\"><header><h3>{k}. <span class=\"code\">{_E(str(r.get('indicator')))}"
            f"</span> {_E(who)}{badges}</h3><span class=\"pts\">{' &middot; '.join(pts)}</span></header>"
            f"<p class=\"summary\">{_E(str(r.get('summary') or ''))}</p>"
            f"<p class=\"kv\"><span>{span}{count}</span>{kv}</p>{body}</section>")
    return "".join(out)


def _overview(sl: dict) -> str:
    reasons = sl.get("reasons") or []
    if not reasons:
        return ""
    rows = []
    for k, r in enumerate(reasons, 1):
        pts = r.get("points", r.get("score"))
        subject = str(r.get("subject") or "")
        name = r.get("name")
        who = f"{subject} ({name})" if name and name != subject else subject
        rows.append(f"<tr><td class=\"num\"><a href=\"#reason-{k}\">{k}</a></td>"
                    f"<td><span class=\"code\">{_E(str(r.get('indicator')))}</span></td><td>{_E(who)}</td>"
                    f"<td class=\"num\">{_E(f'{float(pts):.2f}' if pts is not None else '')}</td>"
                    f"<td>{_E(str(r.get('summary') or ''))}</td></tr>")
    return ("<h2 id=\"overview\">Why this device <span class=\"muted small\">(reasons, strongest first)</span></h2>"
            "<table id=\"overview-table\"><thead><tr><th class=\"num\">#</th><th>Indicator</th><th>Subject</th>"
            f"<th class=\"num\">Points</th><th>Summary</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _people(sl: dict) -> str:
    people = sl.get("people") or []
    if not people:
        return ""
    rows = "".join(
        f"<tr><td>{_E(str(p.get('subject') or ''))}</td><td>{_E(str(p.get('name') or ''))}</td>"
        f"<td class=\"num\">{_E(_num(p.get('score')) if p.get('score') is not None else '')}</td>"
        f"<td>{_E(', '.join(p.get('indicators') or []))}</td></tr>" for p in people)
    return (f"<h2 id=\"people\">People</h2><table><thead><tr><th>Subject</th><th>Name</th><th class=\"num\">Score</th>"
            f"<th>Indicators</th></tr></thead><tbody>{rows}</tbody></table>")


def _held(sl: dict) -> str:
    """Without a case file: what the owner searches and stores most (shortlist ``held``)."""
    held = sl.get("held")
    if not isinstance(held, dict) or not any(held.values()):
        return ""
    parts = ["<h2 id=\"held\">Identifiers the owner keeps <span class=\"muted small\">(no case file: "
             "material to read, not scored)</span></h2>"]
    titles = (("searched", "Searched or routed to more than once"), ("several_names", "Saved under several names"),
              ("written_numbers", "Numbers written in notes and searches, not in the address book"))
    for key, title in titles:
        items = held.get(key) or []
        if not items:
            continue
        rows = []
        for it in items:
            refs = ", ".join(f"{e.get('table')}:{e.get('row')}" for e in it.get("evidence") or [])
            rows.append(f"<tr><td>{_E(str(it.get('text') or it.get('identifier') or ''))}</td>"
                        f"<td>{_E(', '.join(it.get('names') or it.get('kinds') or []))}</td>"
                        f"<td class=\"num\">{_E(str(it.get('count')))}</td><td>{_E(_utc_s(_ts(it.get('first_ts'))))}</td>"
                        f"<td>{_E(_utc_s(_ts(it.get('last_ts'))))}</td><td>{_E(refs)}</td></tr>")
        parts.append(f"<h3>{_E(title)}</h3><table><thead><tr><th>Identifier</th><th>Names / kinds</th><th class=\"num\">Count</th>"
                     f"<th>First (UTC)</th><th>Last (UTC)</th><th>Rows</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return "".join(parts)


# --- contact timeline ------------------------------------------------------------------------------------


def _key_counterparts(sl: dict, known: set[str]) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    for r in sl.get("reasons") or ():
        s = r.get("subject")
        if not s or s not in known or any(s == k for k, _ in keys):
            continue
        keys.append((str(s), str(r.get("name") or "")))
        if len(keys) >= MAX_KEY_COUNTERPARTS:
            break
    return keys


def _contact_events(tables: _Tables, subjects: set[str]) -> tuple[dict[str, list[tuple[int, int]]], set[str]]:
    """subject -> [(ts ms, 1 out / 0 in)] from messages and calls; and every counterpart seen."""
    ev: dict[str, list[tuple[int, int]]] = defaultdict(list)
    known: set[str] = set()
    for name in ("messages", "calls"):
        t = tables.get(name)
        if t is None or not {"ts", "direction", "counterpart"} <= set(t.column_names):
            continue
        cp = t.column("counterpart")
        known.update(x for x in pc.unique(cp).to_pylist() if x)
        if not subjects:
            continue
        mask = pc.is_in(cp, value_set=pa.array(sorted(subjects), pa.string()))
        sub = t.filter(mask).select(["ts", "direction", "counterpart"])
        ts = sub.column("ts").cast(pa.timestamp("ms", tz="UTC")).cast(pa.int64()).to_pylist()
        for when, d, c in zip(ts, sub.column("direction").to_pylist(), sub.column("counterpart").to_pylist()):
            if when is not None and d in ("out", "in"):
                ev[c].append((when, 1 if d == "out" else 0))
    return ev, known


def _nice_step(target: float) -> float:
    if target <= 0:
        return 1.0
    p = 10 ** math.floor(math.log10(target))
    for m in (1, 2, 5, 10):
        if m * p >= target:
            return m * p
    return 10 * p


def _timeline(sl: dict, tables: _Tables, findings_rows: list[dict], case: dict | None, tz) -> str:
    head = "<h2 id=\"timeline\">Contact timeline</h2>"
    _, known = _contact_events(tables, set())
    keys = _key_counterparts(sl, known)
    if not keys:
        return head + "<p class=\"note\">No counterpart among the reasons has messages or calls on this device.</p>"
    events, _ = _contact_events(tables, {k for k, _ in keys})
    local = tz or dt.UTC

    def day(ms: int) -> dt.date:
        return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).astimezone(local).date()

    all_days = [day(ms) for k, _ in keys for ms, _ in events.get(k, ())]
    if not all_days:
        return head + "<p class=\"note\">No messages or calls with the key counterparts.</p>"
    refusals: dict[str, list[dt.datetime]] = defaultdict(list)
    for f in findings_rows + list(sl.get("reasons") or ()):
        if f.get("indicator") == "contact.after_refusal":
            t = _ts(_details(f).get("refusal_ts"))
            if t and t not in refusals[str(f.get("subject"))]:
                refusals[str(f.get("subject"))].append(t)
    d0, d1 = min(all_days), max(all_days)
    for s, _ in keys:
        for t in refusals.get(s, ()):
            d0, d1 = min(d0, t.astimezone(local).date()), max(d1, t.astimezone(local).date())
    span_days = (d1 - d0).days + 1
    weekly = span_days > 120
    unit = "week" if weekly else "day"
    if weekly:
        d0 = d0 - dt.timedelta(days=d0.weekday())
        d1 = d1 - dt.timedelta(days=d1.weekday()) + dt.timedelta(days=6)
    n_days = (d1 - d0).days + 1
    n_bins = (n_days + 6) // 7 if weekly else n_days

    def bin_of(d: dt.date) -> int:
        return ((d - d0).days // 7) if weekly else (d - d0).days

    W, LEFT, RIGHT, TOP, ROW, GAP = 1000, 190, 20, 34, 96, 14
    plot_w = W - LEFT - RIGHT
    H = TOP + len(keys) * (ROW + GAP) + 26
    bw = plot_w / max(n_bins, 1)

    def x_of_day(d: dt.date, frac: float = 0.0) -> float:
        return LEFT + ((d - d0).days + frac) / n_days * plot_w

    def x_of_ts(t: dt.datetime) -> float:
        loc = t.astimezone(local)
        return x_of_day(loc.date(), (loc.hour * 3600 + loc.minute * 60 + loc.second) / _DAY_S)

    parts = [f"<svg id=\"timeline-chart\" viewBox=\"0 0 {W} {H}\" "
             f"width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"contacts per {unit} with the key counterparts\">"]
    # order windows (behind everything)
    orders_txt = []
    for o in (case or {}).get("orders") or ():
        s, e = _ts(o.get("start")), _ts(o.get("end"))
        if s is None:
            continue
        xs = max(LEFT, x_of_ts(s))
        xe = min(W - RIGHT, x_of_ts(e) if e else W - RIGHT)
        orders_txt.append(f"{o.get('kind') or 'order'} {_date_s(s)} \u2013 {_date_s(e) if e else 'open-ended'}")
        if xe > xs:
            parts.append(f"<rect class=\"order\" x=\"{xs:.1f}\" y=\"{TOP - 6}\" width=\"{xe - xs:.1f}\" "
                         f"height=\"{H - TOP - 20}\" fill=\"{_ORDER_CLR}\" opacity=\"0.6\">"
                         f"<title>{_E(orders_txt[-1])}</title></rect>"
                         f"<text x=\"{xs + 4:.1f}\" y=\"{TOP - 10}\" font-size=\"12\" fill=\"#6a3d9a\">"
                         f"{_E(str(o.get('kind') or 'order'))} window</text>")
    # month ticks
    tick = dt.date(d0.year, d0.month, 1)
    months = []
    while tick <= d1:
        if tick >= d0:
            months.append(tick)
        tick = dt.date(tick.year + (tick.month == 12), tick.month % 12 + 1, 1)
    every = max(1, math.ceil(len(months) / 12))
    for i, m in enumerate(months):
        x = x_of_day(m)
        parts.append(f"<line x1=\"{x:.1f}\" y1=\"{TOP - 4}\" x2=\"{x:.1f}\" y2=\"{H - 22}\" stroke=\"#d5dae0\"/>")
        if i % every == 0:
            parts.append(f"<text x=\"{x + 2:.1f}\" y=\"{H - 8}\" font-size=\"12\" fill=\"#5b6570\">{m.strftime('%b %Y')}</text>")
    if not months or months[0] != d0:
        parts.append(f"<text x=\"{LEFT:.1f}\" y=\"{H - 8}\" font-size=\"11\" fill=\"#5b6570\" text-anchor=\"end\">"
                     f"{d0.isoformat()}</text>")
    for i, (subject, name) in enumerate(keys):
        y0 = TOP + i * (ROW + GAP)
        mid = y0 + ROW / 2
        out_n, in_n = [0] * n_bins, [0] * n_bins
        for ms, d in events.get(subject, ()):
            b = bin_of(day(ms))
            if 0 <= b < n_bins:
                (out_n if d else in_n)[b] += 1
        peak = max(max(out_n), max(in_n), 1)
        half = ROW / 2 - 4
        label = name or subject
        parts.append(f"<g class=\"counterpart\" data-subject=\"{_E(subject)}\">"
                     f"<text x=\"8\" y=\"{mid - 6:.1f}\" font-size=\"13\" font-weight=\"600\">{_E(label[:24])}</text>"
                     f"<text x=\"8\" y=\"{mid + 10:.1f}\" font-size=\"11\" fill=\"#5b6570\">"
                     f"{_E(subject[:28] if name else '')}</text>"
                     f"<text x=\"8\" y=\"{mid + 24:.1f}\" font-size=\"11\" fill=\"#5b6570\">"
                     f"{sum(out_n)} out, {sum(in_n)} in; max {peak}/{unit}</text>"
                     f"<line x1=\"{LEFT}\" y1=\"{mid:.1f}\" x2=\"{W - RIGHT}\" y2=\"{mid:.1f}\" stroke=\"#8a939c\"/>")
        for b in range(n_bins):
            x = LEFT + b * bw
            w = max(bw - (1 if bw > 3 else 0), 0.8)
            start = d0 + dt.timedelta(days=b * 7 if weekly else b)
            for n, clr, cls, up in ((out_n[b], _OUT_CLR, "out", True), (in_n[b], _IN_CLR, "in", False)):
                if n:
                    h = max(n / peak * half, 1.0)
                    y = mid - h if up else mid
                    parts.append(f"<rect class=\"bar {cls}\" x=\"{x:.1f}\" y=\"{y:.1f}\" width=\"{w:.2f}\" "
                                 f"height=\"{h:.1f}\" fill=\"{clr}\"><title>{unit} of {start.isoformat()}: {n} {cls}"
                                 f"</title></rect>")
        for t in refusals.get(subject, ()):
            x = x_of_ts(t)
            parts.append(f"<line class=\"refusal\" x1=\"{x:.1f}\" y1=\"{y0:.1f}\" x2=\"{x:.1f}\" y2=\"{y0 + ROW:.1f}\" "
                         f"stroke=\"{_REFUSAL_CLR}\" stroke-width=\"2\" stroke-dasharray=\"4 3\">"
                         f"<title>refusal {_E(_utc_s(t))}</title></line>"
                         f"<text x=\"{x + 3:.1f}\" y=\"{y0 + ROW - 2:.1f}\" font-size=\"11\" fill=\"{_REFUSAL_CLR}\">"
                         f"refused {_E(_date_s(t))}</text>")
        parts.append("</g>")
    parts.append("</svg>")
    legend = (f"<p class=\"legend\">Contacts per {unit} ({'local time, ' + _E(str(local)) if tz else 'UTC'}):"
              f"<i style=\"background:{_OUT_CLR}\"></i>outgoing (above the line)"
              f"<i style=\"background:{_IN_CLR}\"></i>incoming (below)"
              f"<i style=\"background:{_REFUSAL_CLR};height:3px\"></i>refusal"
              + (f"<i style=\"background:{_ORDER_CLR}\"></i>order window: {_E('; '.join(orders_txt))}" if orders_txt else "")
              + "<br><span class=\"small muted\">Each row has its own scale (the maximum is printed on the left).</span></p>")
    return head + "".join(parts) + legend


# --- places ----------------------------------------------------------------------------------------------


_R_EARTH = 6371008.8


def _distance_m(a_lat, a_lon, b_lat, b_lon) -> float:
    cos0 = math.cos(math.radians((float(a_lat) + float(b_lat)) / 2))
    dx = math.radians(float(b_lon) - float(a_lon)) * cos0 * _R_EARTH
    dy = math.radians(float(b_lat) - float(a_lat)) * _R_EARTH
    return math.hypot(dx, dy)


def _plot(places: list[dict], points: list[tuple], tz, *, svg_id: str, cls: str, W: int, H: int,
          label_points: bool, min_extent: float = 200.0) -> str:
    """One SVG: ``places`` as circles of their radius, ``points`` (reason, evidence, anchor) as dots."""
    coords = [(float(p["lat"]), float(p["lon"])) for p in places] + [(float(e["lat"]), float(e["lon"]))
                                                                      for _, e, _ in points]
    lat0 = sum(c[0] for c in coords) / len(coords)
    lon0 = sum(c[1] for c in coords) / len(coords)
    cos0 = math.cos(math.radians(lat0))

    def proj(lat, lon) -> tuple[float, float]:
        return (math.radians(float(lon) - lon0) * cos0 * _R_EARTH, math.radians(float(lat) - lat0) * _R_EARTH)

    xs, ys = [], []
    for p in places:
        x, y = proj(p["lat"], p["lon"])
        r = float(p.get("radius_m") or 0)
        xs += [x - r, x + r]
        ys += [y - r, y + r]
    for _, e, _ in points:
        x, y = proj(e["lat"], e["lon"])
        xs.append(x)
        ys.append(y)
    PX, PY, BOTTOM = 130, 36, 34  # room for labels, and for the scale bar below
    dx, dy = max(max(xs) - min(xs), min_extent), max(max(ys) - min(ys), min_extent)
    s = min((W - 2 * PX) / dx, (H - 2 * PY - BOTTOM) / dy)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def px(x, y) -> tuple[float, float]:
        return W / 2 + (x - cx) * s, PY + (H - 2 * PY - BOTTOM) / 2 - (y - cy) * s

    parts = [f"<svg id=\"{svg_id}\" class=\"{cls}\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" "
             f"aria-label=\"case places and location evidence\">"
             f"<rect x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" fill=\"#fbfcfd\" stroke=\"#d5dae0\"/>"]
    for i, p in enumerate(places):
        x, y = px(*proj(p["lat"], p["lon"]))
        r = max(float(p.get("radius_m") or 0) * s, 3.0)
        label = str(p.get("label") or f"place {i + 1}")
        parts.append(f"<g class=\"place\"><circle cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"{r:.1f}\" fill=\"#6a3d9a\" "
                     f"fill-opacity=\"0.12\" stroke=\"#6a3d9a\" stroke-width=\"1.5\"><title>{_E(label)}: "
                     f"{float(p['lat']):.5f}, {float(p['lon']):.5f}, radius {float(p.get('radius_m') or 0):.0f} m"
                     f"</title></circle><circle cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"2\" fill=\"#6a3d9a\"/>"
                     f"<text x=\"{x + min(r, 60) + 4:.1f}\" y=\"{y - min(r, 60) * 0.7 - 2:.1f}\" font-size=\"13\" "
                     f"font-weight=\"600\" fill=\"#4a2a6a\" stroke=\"#fbfcfd\" stroke-width=\"3\" paint-order=\"stroke\">"
                     f"{_E(label)}</text></g>")
    for k, e, anchor in points:
        x, y = px(*proj(e["lat"], e["lon"]))
        clr = _PALETTE[(k - 1) % len(_PALETTE)]
        acc = e.get("accuracy_m")
        acc_c = (f"<circle cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"{float(acc) * s:.1f}\" fill=\"{clr}\" fill-opacity=\"0.06\" "
                 f"stroke=\"{clr}\" stroke-opacity=\"0.35\"/>" if acc and float(acc) * s > 4 else "")
        when = _ts(e.get("ts"))
        tip = f"reason {k}: {_utc_s(when)}" + (f" ({_local_s(when, tz)})" if tz else "")
        if acc:
            tip += f", accuracy {float(acc):.0f} m"
        lbl = (f"<text x=\"{x + 6:.1f}\" y=\"{y + 4:.1f}\" font-size=\"11\" fill=\"{clr}\">"
               f"{_E(when.astimezone(tz or dt.UTC).strftime('%d %b %H:%M') if when else str(k))}</text>"
               if label_points else "")
        parts.append(f"<a href=\"#{anchor}\" class=\"point\">{acc_c}<circle cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"4\" "
                     f"fill=\"{clr}\" stroke=\"#fff\" stroke-width=\"1\"><title>{_E(tip)}</title></circle>{lbl}</a>")
    step = _nice_step((W - 2 * PX) / 5 / s)
    bar = step * s
    sx, sy = 16, H - 16
    txt = f"{step / 1000:g} km" if step >= 1000 else f"{step:g} m"
    parts.append(f"<g class=\"scale\"><line x1=\"{sx}\" y1=\"{sy}\" x2=\"{sx + bar:.1f}\" y2=\"{sy}\" stroke=\"#1b1f24\" "
                 f"stroke-width=\"3\"/><line x1=\"{sx}\" y1=\"{sy - 6}\" x2=\"{sx}\" y2=\"{sy + 6}\" stroke=\"#1b1f24\"/>"
                 f"<line x1=\"{sx + bar:.1f}\" y1=\"{sy - 6}\" x2=\"{sx + bar:.1f}\" y2=\"{sy + 6}\" stroke=\"#1b1f24\"/>"
                 f"<text x=\"{sx + bar + 8:.1f}\" y=\"{sy + 4}\" font-size=\"12\">{txt}</text></g>"
                 f"<g class=\"north\"><text x=\"{W - 22}\" y=\"24\" font-size=\"14\" font-weight=\"700\" "
                 f"text-anchor=\"middle\">N</text><line x1=\"{W - 22}\" y1=\"50\" x2=\"{W - 22}\" y2=\"30\" "
                 f"stroke=\"#1b1f24\" stroke-width=\"2\"/></g></svg>")
    return "".join(parts)


def _places(sl: dict, case: dict | None, tz) -> str:
    head = "<h2 id=\"places\">Places</h2>"
    places = [p for p in (case or {}).get("places") or () if p.get("lat") is not None and p.get("lon") is not None]
    points = []  # (reason number, evidence, anchor)
    seen: set[str] = set()
    for k, r in enumerate(sl.get("reasons") or (), 1):
        for ev in r.get("evidence") or ():
            base = f"ev-{ev.get('table')}-{ev.get('row')}"
            anchor = base if base not in seen else f"{base}-r{k}"
            seen.add(anchor)
            if ev.get("table") == "locations" and ev.get("lat") is not None and ev.get("lon") is not None:
                points.append((k, ev, anchor))
    note = "" if points else "<p class=\"note\" id=\"no-location-evidence\">No location evidence among the reasons.</p>"
    if not places and not points:
        return head + "<p class=\"note\">No case places (no case file or no places in it).</p>" + note
    # close-ups: each case place with the evidence points near it, at a scale where its radius is visible
    closeups = []
    for i, p in enumerate(places):
        radius = float(p.get("radius_m") or 0)
        reach = max(10 * radius, 1000.0)
        near = [t for t in points if _distance_m(p["lat"], p["lon"], t[1]["lat"], t[1]["lon"]) <= reach]
        if not near:
            continue
        closeups.append(f"<figure class=\"closeup\"><figcaption>{_E(str(p.get('label') or ''))}: {len(near)} "
                        f"evidence point{'s' if len(near) != 1 else ''} within {reach:,.0f} m</figcaption>"
                        + _plot([p], near, tz, svg_id=f"place-closeup-{i + 1}", cls="places closeup", W=490, H=380,
                                label_points=len(near) <= 15, min_extent=max(4 * radius, 100.0)) + "</figure>")
    overview = _plot(places, points, tz, svg_id="places-plot", cls="places", W=1000, H=560,
                     label_points=not closeups and len(points) <= 12)
    legend = ("<p class=\"legend small\">Local equirectangular projection; no map tiles. Circles: case places with their "
              "radius." + (" Points: location evidence, coloured by reason"
                           + "".join(f"<i style=\"background:{_PALETTE[(k - 1) % len(_PALETTE)]}\"></i>reason {k}"
                                     for k in sorted({k for k, _, _ in points}))
                           + "; faint rings are the fix accuracy; click a point for its evidence row." if points else "")
              + "</p>")
    table = ""
    if places:
        table = ("<table><thead><tr><th>Place</th><th class=\"num\">Lat</th><th class=\"num\">Lon</th>"
                 "<th class=\"num\">Radius</th></tr></thead><tbody>"
                 + "".join(f"<tr><td>{_E(str(p.get('label') or ''))}</td><td class=\"num\">{float(p['lat']):.5f}</td>"
                           f"<td class=\"num\">{float(p['lon']):.5f}</td>"
                           f"<td class=\"num\">{float(p.get('radius_m') or 0):.0f} m</td></tr>" for p in places)
                 + "</tbody></table>")
    inset = f"<div class=\"closeups\">{''.join(closeups)}</div>" if closeups else ""
    return head + note + overview + legend + inset + table


# --- manifest --------------------------------------------------------------------------------------------


def _manifest(manifest: dict) -> str:
    out = ["<h2 id=\"manifest\">Manifest</h2>"]
    if not manifest:
        return out[0] + "<p class=\"note\">No manifest.json in the output folder.</p>"
    facts = []
    for key in ("tool", "version", "schema_version", "device", "files_seen", "sqlite_probed"):
        if manifest.get(key) is not None:
            facts.append((key.replace("_", " "), _E(str(manifest[key]))))
    ex = manifest.get("extraction") or {}
    for c in ex.get("containers") or ():
        facts.append(("container", f"<span class=code>{_E(str(c.get('path')))}</span> {_E(_size(c.get('size')))} "
                                   f"sha256 <span class=code>{_E(str(c.get('sha256')))}</span>"))
    case = manifest.get("case") or {}
    if case.get("path"):
        facts.append(("case file", f"<span class=code>{_E(str(case['path']))}</span> sha256 "
                                   f"<span class=code>{_E(str(case.get('sha256') or ''))}</span>"))
    if manifest.get("detectors"):
        facts.append(("detectors", _E(json.dumps(manifest["detectors"], ensure_ascii=False)[:600])))
    if manifest.get("parameters"):
        facts.append(("parameters", _E(json.dumps(manifest["parameters"], ensure_ascii=False)[:600])))
    if manifest.get("timings"):
        facts.append(("timings", _E(", ".join(f"{k} {v}" for k, v in manifest["timings"].items()))))
    out.append("<dl class=\"facts\">" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    inputs = manifest.get("inputs") or []
    out.append(f"<h3 style=\"margin-top:16px\">Input files ({len(inputs)})</h3>")
    if inputs:
        out.append("<table id=\"inputs\"><thead><tr><th>Path in extraction</th><th class=\"num\">Size</th>"
                   "<th>SHA-256</th><th>Read by</th></tr></thead><tbody>")
        for f in inputs:
            readers = f.get("adapters") or []
            readers_s = ", ".join(str(a) for a in readers) if isinstance(readers, list) else str(readers)
            if f.get("role"):
                readers_s = (readers_s + " " if readers_s else "") + f"({f['role']})"
            out.append(f"<tr><td class=\"prov\">{_E(str(f.get('path')))}</td><td class=\"num\">{_E(_size(f.get('size')))}"
                       f"</td><td class=\"prov\">{_E(str(f.get('sha256') or ''))}</td><td>{_E(readers_s)}</td></tr>")
        out.append("</tbody></table>")
    warnings = manifest.get("warnings") or []
    out.append(f"<h3 id=\"warnings\" style=\"margin-top:16px\">Warnings ({len(warnings)})</h3>")
    if warnings:
        out.append("<table><thead><tr><th>Artifact</th><th>Adapter</th><th>Reason</th><th class=\"num\">Rows skipped"
                   "</th></tr></thead><tbody>")
        for w in warnings:
            w = w if isinstance(w, dict) else {"reason": str(w)}
            rows = w.get("rows_skipped", w.get("rows"))
            out.append(f"<tr><td class=\"prov\">{_E(str(w.get('src_file') or w.get('artifact') or ''))}</td>"
                       f"<td>{_E(str(w.get('adapter') or ''))}</td><td>{_E(str(w.get('reason') or ''))}</td>"
                       f"<td class=\"num\">{_E(str(rows) if rows is not None else '')}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p class=\"muted small\">none</p>")
    return "".join(out)


# --- public API ------------------------------------------------------------------------------------------


def _findings(out_dir: Path) -> list[dict]:
    path = out_dir / "findings.parquet"
    if not path.is_file():
        return []
    try:
        t = pq.read_table(path)
    except (OSError, pa.ArrowException):
        return []
    cols = [c for c in ("indicator", "subject", "details") if c in t.column_names]
    return t.select(cols).to_pylist() if {"indicator", "subject"} <= set(cols) else []


def render_device(out_dir: str | Path) -> str:
    """The device report's HTML text for the scan output folder ``out_dir``."""
    out_dir = Path(out_dir)
    sl = _read_json(out_dir / "shortlist.json")
    if not isinstance(sl, dict):
        raise FileNotFoundError(f"no readable shortlist.json in {out_dir}")
    manifest = _read_json(out_dir / "manifest.json") or {}
    case = _read_json(out_dir / "case.json")
    case = case if isinstance(case, dict) else None
    tz = _tz(case)
    tables = _Tables(out_dir / "tables")
    _enrich(sl.get("reasons") or [], tables)
    frows = _findings(out_dir)
    by_key = {}
    for f in frows:
        by_key.setdefault((f.get("indicator"), f.get("subject")), _details(f))
    body = (_header(sl, manifest, case) + _overview(sl) + _timeline(sl, tables, frows, case, tz)
            + _places(sl, case, tz) + _reasons(sl, by_key, tz) + _people(sl) + _held(sl) + _manifest(manifest))
    return _page(f"devtriage: {sl.get('device') or ''}", body)


def write_device(out_dir: str | Path) -> Path:
    """Write ``out_dir/report.html`` from the scan outputs in ``out_dir``; returns its path."""
    out_dir = Path(out_dir)
    return _write(out_dir / "report.html", render_device(out_dir))


def _float(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def render_queue(batch_dir: str | Path, rows: list[dict]) -> str:
    """The queue page's HTML text for ``rows`` (queue.csv rows, as dicts)."""
    batch_dir = Path(batch_dir)
    rows = list(rows)
    rows.sort(key=lambda r: (_float(r.get("rank")) if _float(r.get("rank")) is not None else math.inf,
                             -(_float(r.get("score")) or 0), str(r.get("device"))))
    roles: dict[str, int] = defaultdict(int)
    failed = 0
    trs = []
    for i, r in enumerate(rows, 1):
        device = str(r.get("device") or "")
        score = _float(r.get("score"))
        role = str(r.get("role") or "unclear")
        roles[role] += 1
        err = str(r.get("error") or "")
        failed += bool(err)
        top = r.get("top_indicators") or ""
        top = "; ".join(top) if isinstance(top, (list, tuple)) else str(top)
        link = f"devices/{urllib.parse.quote(device)}/report.html"
        has_report = (batch_dir / "devices" / device / "report.html").is_file()
        dev_cell = f"<a class=\"device\" href=\"{_E(link)}\">{_E(device)}</a>"
        if not has_report:
            dev_cell = f"<span class=\"device\">{_E(device)}</span> <span class=\"muted small\">(no report)</span>"
        why = ""
        sl = _read_json(batch_dir / "devices" / device / "shortlist.json") if device else None
        if isinstance(sl, dict) and sl.get("reasons"):
            why = str(sl["reasons"][0].get("summary") or "")
        pct = max(0.0, min(100.0, score or 0.0))
        score_cell = (f"<span class=\"scorebar\"><b style=\"width:{pct:.0f}%\"></b></span>{score:.1f}" if score is not None
                      else "")
        trs.append(f"<tr class=\"device-row{' error' if err else ''}\" id=\"q-{_E(device)}\">"
                   f"<td class=\"num\">{_E(str(r.get('rank') or i))}</td><td style=\"white-space:nowrap\">{dev_cell}</td>"
                   f"<td class=\"num\" style=\"white-space:nowrap\">{score_cell}</td>"
                   f"<td><span class=\"role role-{_E(role)}\">{_E(role)}</span></td>"
                   f"<td class=\"small\">{_E(top)}</td><td class=\"small\">{_E(why)}</td>"
                   f"<td class=\"small\">{_E(err)}</td></tr>")
    summary = ", ".join(f"{n} {_E(k)}" for k, n in sorted(roles.items()))
    body = ("<header class=\"top\"><div class=\"id\"><div class=\"muted small\">devtriage queue</div>"
            f"<h1>Device queue <span class=\"muted\">({len(rows)} devices)</span></h1>"
            f"<p>{summary or 'no devices'}{'; ' + str(failed) + ' failed' if failed else ''}. "
            "Ranked by score (0-100), highest first; open a device for its reasons and evidence.</p></div></header>"
            "<table id=\"queue\"><thead><tr><th class=\"num\">Rank</th><th>Device</th><th class=\"num\">Score</th>"
            "<th>Role</th><th>Top indicators</th><th>Top reason</th><th>Error</th></tr></thead><tbody>"
            + "".join(trs) + "</tbody></table>")
    return _page("devtriage queue", body)


def write_queue(batch_dir: str | Path, rows: list[dict]) -> Path:
    """Write ``batch_dir/queue.html`` linking each device to ``devices/<device>/report.html``."""
    batch_dir = Path(batch_dir)
    return _write(batch_dir / "queue.html", render_queue(batch_dir, rows))

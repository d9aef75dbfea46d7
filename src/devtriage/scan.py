"""``devtriage scan``: one device, full triage -- ingest, detectors, ranking, reports.

:func:`scan` writes the output contract of DESIGN.md into ``out``: ``tables/*.parquet``,
``findings.parquet``, ``shortlist.json``, ``manifest.json`` (the ingest manifest plus
the detectors run, the parameters, the ranking and timings per stage), ``case.json``
(the case file as read), ``report.html``, and the interchange exports of the
shortlisted evidence: ``case_uco.jsonld`` (CASE/UCO), ``places.kml`` and
``timeline.jsonl`` (Timesketch). Every file is written atomically (a temp
file renamed into place), ``shortlist.json`` and ``manifest.json`` last, so a killed
scan never leaves a half-written file and a folder without a shortlist is not done.
Nothing time-dependent goes into findings or the shortlist: the same input gives the
same bytes there (timings live only in the manifest).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .case import DEFAULT, Case
from .collect import ingest
from .detect import DETECTORS, run_all
from .output import prepare, write_json, write_parquet, write_tables
from .rank import WEIGHTS, rank, shortlist

Stage = Callable[[str], None]


@dataclass
class ScanResult:
    device: str
    score: float
    role: str
    top_indicators: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


def case_json(case: Case) -> dict:
    """The case as read, for reports (``case.json``)."""
    iso = lambda t: None if t is None else t.isoformat().replace("+00:00", "Z")
    v = case.victim
    return {
        "case_id": case.case_id, "timezone": case.timezone, "default_region": case.default_region, "path": case.path,
        "victim": {"names": list(v.names), "phones": list(v.phones), "emails": list(v.emails), "handles": list(v.handles),
                   "addresses": list(v.addresses)},
        "places": [{"label": p.label, "lat": p.lat, "lon": p.lon, "radius_m": p.radius_m} for p in case.places],
        "orders": [{"kind": o.kind, "start": iso(o.start), "end": iso(o.end)} for o in case.orders],
    }


def scan(extraction: str | Path, out: str | Path, case: Case | None = None, device: str | None = None,
         indicators: tuple[str, ...] = (), quick: float | None = None, progress: Stage | None = None) -> ScanResult:
    """Triage one extraction into ``out`` (see the module docstring).

    ``quick`` is a time budget in seconds for reading (highest-yield files first; what
    was not read is listed in the manifest). ``indicators`` are stalkerware / tracker
    indicator files (AssoEchap ioc.yaml / watchware.yaml, ISDI app-flags.csv) added to
    the built-in list for the apps detector; unreadable ones are manifest warnings.
    Raises what ingest raises when the extraction cannot be read at all.
    """
    t0 = time.perf_counter()
    case = case or DEFAULT
    out = prepare(out)
    stage = progress or (lambda s: None)
    timings: dict[str, float] = {}

    stage("ingest")
    t = time.perf_counter()
    result = ingest(extraction, case, device=device, budget_s=quick)
    timings["ingest_s"] = time.perf_counter() - t

    stage("detect")
    t = time.perf_counter()
    from .detect import apps

    lists = apps.load_indicators(indicators)
    found = run_all(result.tables, case, result.device, indicators=lists)
    timings["detect_s"] = time.perf_counter() - t

    stage("rank")
    t = time.perf_counter()
    ranked = rank(found)
    doc = shortlist(result.device, ranked, result.tables, case.case_id or None, __version__)
    v = case.victim
    if not (v.phones or v.emails or v.handles or v.names or v.addresses):  # nothing to match: examiner material
        from .detect.held import held

        doc["held"] = held(result.tables, case.default_region)
    timings["rank_s"] = time.perf_counter() - t

    stage("write")
    t = time.perf_counter()
    write_tables(out, result.tables)
    write_parquet(out / "findings.parquet", found)
    write_json(out / "case.json", case_json(case))
    timings["write_s"] = time.perf_counter() - t

    stage("report")
    t = time.perf_counter()
    report_error = None
    write_json(out / "shortlist.json", doc)
    manifest = dict(result.manifest)
    manifest["detectors"] = {name: sorted(mod.INDICATORS) for name, mod in DETECTORS.items()}
    from .detect import text as text_detector

    manifest["text"] = {"model": text_detector.model_info(), "language_coverage": text_detector.coverage(result.tables)}
    manifest["ranking"] = {"weights": WEIGHTS, "score": doc["score"], "role": doc["role"], "findings": found.num_rows}
    manifest["parameters"] = {"quick_s": quick, "indicators": [str(p) for p in indicators]}
    manifest["warnings"] = list(manifest["warnings"]) + [
        {"src_file": str(w), "adapter": "indicators", "reason": str(w), "rows_skipped": 0} for w in lists.warnings]
    manifest["scan_timings"] = {k: round(v, 4) for k, v in timings.items()}
    write_json(out / "manifest.json", manifest)  # the reports read it; rewritten below with their timings
    from .report import html, interchange

    for name, write in (("report.html", html.write_device), ("case_uco.jsonld, places.kml, timeline.jsonl",
                                                             interchange.write_all)):
        try:
            write(out)
        except Exception as exc:  # a report bug must not lose the triage itself
            report_error = (report_error + "; " if report_error else "") + f"{name}: {type(exc).__name__}: {exc}"
    timings["report_s"] = time.perf_counter() - t
    timings["total_s"] = time.perf_counter() - t0
    manifest["scan_timings"] = {k: round(v, 4) for k, v in timings.items()}
    if report_error:
        manifest["warnings"] = list(manifest["warnings"]) + [
            {"src_file": "", "adapter": "report", "reason": f"not written: {report_error}", "rows_skipped": 0}]
    write_json(out / "manifest.json", manifest)
    top = list(dict.fromkeys(r["indicator"] for r in doc["reasons"]))[:3]
    return ScanResult(result.device, doc["score"], doc["role"], top, None, time.perf_counter() - t0)

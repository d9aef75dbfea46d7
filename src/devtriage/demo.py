"""``devtriage demo``: a small synthetic queue, triaged.

The queue is eight device extractions written by :mod:`devtriage.synth` in the real
on-disk formats (Android and iOS), the two phones of one planted stalking case among
benign look-alikes and everyday phones, with each exhibit's case file and ground truth
beside it. The queue is triaged as ``devtriage batch`` does (each device scanned with its
case file: ingest, detectors, ranking, reports); the demo prints the ranked queue (score, role,
top indicators and what the ground truth says was planted), the top device's shortlist,
and where the outputs are.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .batch import run_batch
from .synth.generate import SCENARIOS, generate

DEVICES = 8
PROFILE = "tiny"
SEED = 20261121
# the stalking case from both sides (both Android: location history and apps; the suspect also sends
# threats of every kind), then benign look-alikes
WANTED = ("threats", "couple", "fixated_victim", "gaming", "delivery", "family_locator")
PLANTED = ("planted", "planted_places", "planted_apps", "planted_knowledge")


def scenarios() -> list[str]:
    """The planted scenarios of the demo queue (those the generator knows)."""
    return [s for s in WANTED if s in SCENARIOS]


def run(root: Path, echo: Callable[[str], None] = print) -> list[dict]:
    """Write the queue under ``root/queue`` and triage it with ``devtriage batch`` into ``root/out``.

    Returns one row per device, in rank order: exhibit, platform, score, role, top
    indicators, the planted scenario and its number of planted rows.
    """
    queue = Path(root) / "queue"
    generate(queue, DEVICES, PROFILE, SEED, scenarios())
    ranked = run_batch(queue, Path(root) / "out")
    rows = []
    for r in ranked:
        truth = json.loads((queue / f"{r['device']}.truth.json").read_text(encoding="utf-8"))
        planted = sum(len(s.get(k, [])) for s in truth.get("scenarios", []) for k in PLANTED)
        benign = any(s.get("benign") for s in truth.get("scenarios", []))
        rows.append({"exhibit": r["device"], "platform": truth["owner"]["platform"], "score": r["score"], "role": r["role"],
                     "top": list(r["top_indicators"]), "error": r["error"],
                     "scenario": (truth.get("scenario") or "") + (" (benign look-alike)" if benign else "") or None,
                     "planted": planted})
    rows.sort(key=lambda r: (-r["score"], r["exhibit"]))
    echo(f"devtriage demo: {len(rows)} synthetic devices ({PROFILE} profile, seed {SEED}) in {queue}")
    echo("")
    echo(f"{'rank':>4}  {'exhibit':<18} {'score':>5}  {'role':<8} {'top indicators':<52} planted (truth.json)")
    for i, r in enumerate(rows, 1):
        planted = f"{r['scenario']}: {r['planted']} rows" if r["scenario"] else "-"
        echo(f"{i:>4}  {r['exhibit']:<18} {r['score']:>5.0f}  {r['role']:<8} {', '.join(r['top']) or '-':<52} {planted}")
    best = rows[0]
    doc = json.loads((Path(root) / "out" / "devices" / best["exhibit"] / "shortlist.json").read_text(encoding="utf-8"))
    echo("")
    echo(f"{best['exhibit']}: score {doc['score']:.0f}, {doc['role']} ({doc['role_why']})")
    for r in doc["reasons"][:6]:
        echo(f"  {r['points']:.2f}  {r['indicator']:<22} {r['summary']}")
    echo("")
    echo(f"queue: {Path(root) / 'out'}/queue.html and queue.csv; each device: "
         f"{Path(root) / 'out'}/devices/<exhibit>/report.html, shortlist.json, findings.parquet, tables/, manifest.json")
    return rows

"""``devtriage demo``: a small synthetic queue, triaged with what devtriage can do today.

The queue is eight device extractions written by :mod:`devtriage.synth` in the real
on-disk formats (Android and iOS in turn), one of them a planted stalking case, with each
exhibit's case file and ground truth beside it. Each device is ingested with its case
file and every detector runs on it (``findings.parquet``); the demo prints the queue
(rows read, the strongest finding, and what the ground truth says was planted), the top
device's strongest findings, and where the outputs are. As ranking and reports land,
the demo runs them too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .case import load as load_case
from .collect import ingest
from .detect import run_all
from .output import write_json, write_parquet, write_tables
from .synth.generate import SCENARIOS, generate

DEVICES = 8
PROFILE = "tiny"
SEED = 20261121
# the stalking case from both sides (both Android: location history and apps), then benign look-alikes
WANTED = ("fixated", "couple", "fixated_victim", "gaming", "delivery", "family_locator")
PLANTED = ("planted", "planted_places", "planted_apps", "planted_knowledge")


def scenarios() -> list[str]:
    """The planted scenarios of the demo queue (those the generator knows)."""
    return [s for s in WANTED if s in SCENARIOS]


def run(root: Path, echo: Callable[[str], None] = print) -> list[dict]:
    """Write the queue under ``root/queue``, ingest each device into ``root/out``.

    Returns one row per device: exhibit, platform, rows per table, warnings and the
    planted scenario with its number of planted rows.
    """
    queue = Path(root) / "queue"
    exhibits = generate(queue, DEVICES, PROFILE, SEED, scenarios())
    rows = []
    for exhibit in exhibits:
        case = load_case(exhibit.parent / f"{exhibit.name}.case.toml")
        truth = json.loads((exhibit.parent / f"{exhibit.name}.truth.json").read_text(encoding="utf-8"))
        result = ingest(exhibit, case)
        dest = Path(root) / "out" / result.device
        write_tables(dest, result.tables)
        write_json(dest / "manifest.json", result.manifest)
        found = run_all(result.tables, case, result.device)
        write_parquet(dest / "findings.parquet", found)
        planted = sum(len(s.get(k, [])) for s in truth.get("scenarios", []) for k in PLANTED)
        benign = any(s.get("benign") for s in truth.get("scenarios", []))
        rows.append(
            {
                "exhibit": result.device,
                "platform": truth["owner"]["platform"] if "owner" in truth else "",
                "tables": result.manifest["tables"],
                "warnings": len(result.warnings),
                "scenario": (truth.get("scenario") or "") + (" (benign look-alike)" if benign else "") or None,
                "planted": planted,
                "findings": found.to_pylist(),
            }
        )
    echo(f"devtriage demo: {len(rows)} synthetic devices ({PROFILE} profile, seed {SEED}) in {queue}")
    echo("")
    echo("ordered by the strongest finding (a stand-in until `devtriage scan` ranks devices):")
    echo("")
    echo(f"{'exhibit':<18} {'platform':<8} {'messages':>8} {'calls':>6} {'warnings':>8} {'top':>5}  {'strongest finding':<24}  planted (truth.json)")
    rows.sort(key=lambda r: (-(r["findings"][0]["score"] if r["findings"] else 0.0), r["exhibit"]))
    for r in rows:
        t = r["tables"]
        top = r["findings"][0] if r["findings"] else None
        planted = f"{r['scenario']}: {r['planted']} rows" if r["scenario"] else "-"
        echo(f"{r['exhibit']:<18} {r['platform']:<8} {t['messages']:>8,} {t['calls']:>6,} {r['warnings']:>8} "
             f"{(top['score'] if top else 0):>5.2f}  {(top['indicator'] if top else '-'):<24}  {planted}")
    best = rows[0]
    echo("")
    echo(f"{best['exhibit']}: strongest findings")
    for f in best["findings"][:6]:
        echo(f"  {f['score']:.2f}  {f['indicator']:<22} {f['summary']}")
    echo("")
    echo(f"tables, findings and manifests: {Path(root) / 'out'}/<exhibit>/tables/*.parquet, findings.parquet, manifest.json")
    echo("(device scores, roles and reports come with `devtriage scan` and `devtriage batch`)")
    return rows

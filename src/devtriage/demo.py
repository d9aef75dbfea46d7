"""``devtriage demo``: a small synthetic queue, triaged with what devtriage can do today.

The queue is eight device extractions written by :mod:`devtriage.synth` in the real
on-disk formats (Android and iOS in turn), one of them a planted stalking case, with each
exhibit's case file and ground truth beside it. Each device is ingested with its case
file; the demo prints the queue (rows read, warnings, and what the ground truth says was
planted) and where the outputs are. As scanning, ranking and reports land, the demo runs
them too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .case import load as load_case
from .collect import ingest
from .output import write_json, write_tables
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
            }
        )
    echo(f"devtriage demo: {len(rows)} synthetic devices ({PROFILE} profile, seed {SEED}) in {queue}")
    echo("")
    echo(f"{'exhibit':<18} {'platform':<8} {'messages':>8} {'calls':>6} {'contacts':>8} {'warnings':>8}  planted (truth.json)")
    for r in rows:
        t = r["tables"]
        planted = f"{r['scenario']}: {r['planted']} rows" if r["scenario"] else "-"
        echo(f"{r['exhibit']:<18} {r['platform']:<8} {t['messages']:>8,} {t['calls']:>6,} {t['contacts']:>8,} {r['warnings']:>8}  {planted}")
    echo("")
    echo(f"tables and manifests: {Path(root) / 'out'}/<exhibit>/tables/*.parquet, manifest.json")
    echo("(ranking and reports come with `devtriage scan` and `devtriage batch`; today the demo ingests)")
    return rows

"""Interchange exports of one scan output folder: CASE/UCO JSON-LD, KML, Timesketch JSONL."""

from __future__ import annotations

from pathlib import Path

from . import case_uco, kml, timesketch


def write_all(out_dir: str | Path) -> dict[str, Path]:
    """Write ``case_uco.jsonld``, ``places.kml`` and ``timeline.jsonl`` into ``out_dir``
    (from its shortlist.json, manifest.json, case.json and tables/); returns their paths."""
    return {"case_uco": case_uco.write(out_dir), "kml": kml.write(out_dir), "timesketch": timesketch.write(out_dir)}

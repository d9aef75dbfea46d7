"""Detectors: indicator findings from the ingested tables (see :mod:`.registry`, :mod:`.base`)."""

from __future__ import annotations

import pyarrow as pa

from ..case import Case
from . import contact
from .base import concat
from .registry import build

#: Every detector by NAME, in the order they run.
DETECTORS = build([contact])


def run_all(tables: dict[str, pa.Table], case: Case | None = None, device: str = "") -> pa.Table:
    """Run every registered detector; one findings table, best score first."""
    out = concat([mod.run(tables, case, device) for mod in DETECTORS.values()])
    if out.num_rows:
        out = out.take(pa.compute.sort_indices(out, [("score", "descending"), ("indicator", "ascending"),
                                                     ("subject", "ascending")]))
    return out

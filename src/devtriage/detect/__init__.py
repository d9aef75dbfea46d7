"""Detectors: indicator findings from the ingested tables (see :mod:`.registry`, :mod:`.base`)."""

from __future__ import annotations

import inspect

import pyarrow as pa

from ..case import Case
from . import apps, contact, knowledge, location, text
from .base import concat
from .registry import build


def _accepted(fn, options: dict) -> dict:
    params = inspect.signature(fn).parameters
    return {k: v for k, v in options.items() if k in params}

#: Every detector by NAME, in the order they run.
DETECTORS = build([contact, apps, location, text, knowledge])


def run_all(tables: dict[str, pa.Table], case: Case | None = None, device: str = "", **options) -> pa.Table:
    """Run every registered detector; one findings table, best score first.

    ``options`` (e.g. ``indicators=`` loaded indicator lists for the apps detector) go to
    the detectors whose ``run`` takes them by name.
    """
    out = concat([mod.run(tables, case, device, **_accepted(mod.run, options)) for mod in DETECTORS.values()])
    if out.num_rows:
        out = out.take(pa.compute.sort_indices(out, [("score", "descending"), ("indicator", "ascending"),
                                                     ("subject", "ascending")]))
    return out

"""The detector registry: every detector module imported by ``devtriage.detect``.

A detector is a module with ``NAME``, ``INPUTS`` (table -> columns it reads),
``INDICATORS`` (the codes it emits) and ``run(tables, case, device) -> findings``; no
I/O inside. Registering one means writing its module and adding one import line to
``detect/__init__.py``; two detectors with one name are an error.
"""

from __future__ import annotations

from types import ModuleType

from ..schema import TABLES
from .base import INDICATORS

_REQUIRED = ("NAME", "INPUTS", "INDICATORS", "run")


class RegistryError(Exception):
    pass


def build(modules: list[ModuleType]) -> dict[str, ModuleType]:
    out: dict[str, ModuleType] = {}
    for mod in modules:
        lacking = [a for a in _REQUIRED if not hasattr(mod, a)]
        if lacking:
            raise RegistryError(f"{mod.__name__} is not a detector: lacks {', '.join(lacking)}")
        if not (mod.__doc__ or "").strip():
            raise RegistryError(f"{mod.__name__}: a detector's docstring says what its indicators mean")
        unknown = set(mod.INPUTS) - set(TABLES)
        if unknown:
            raise RegistryError(f"{mod.__name__}: unknown input tables {sorted(unknown)}")
        bad = set(mod.INDICATORS) - set(INDICATORS)
        if bad:
            raise RegistryError(f"{mod.__name__}: unknown indicators {sorted(bad)}")
        if mod.NAME in out:
            raise RegistryError(f"duplicate detector name {mod.NAME!r}: {out[mod.NAME].__name__} and {mod.__name__}")
        out[mod.NAME] = mod
    return out

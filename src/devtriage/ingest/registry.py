"""The adapter registry: every adapter module imported by ``devtriage.ingest``.

Registering an adapter means writing its module and adding one import line to
``ingest/__init__.py``. A module is an adapter when it has ``NAME``, ``FORMAT``,
``VERSIONS``, ``TABLES``, ``detect`` and ``read``; two adapters with one name are an error.
"""

from __future__ import annotations

from types import ModuleType

from ..schema import TABLES

_REQUIRED = ("NAME", "FORMAT", "VERSIONS", "TABLES", "detect", "read")


class RegistryError(Exception):
    pass


def build(modules: list[ModuleType]) -> dict[str, ModuleType]:
    """Check each adapter module and return them by NAME, in import order."""
    out: dict[str, ModuleType] = {}
    for mod in modules:
        lacking = [a for a in _REQUIRED if not hasattr(mod, a)]
        if lacking:
            raise RegistryError(f"{mod.__name__} is not an adapter: lacks {', '.join(lacking)}")
        if not (mod.__doc__ or "").strip():
            raise RegistryError(f"{mod.__name__}: an adapter's docstring names its format and versions")
        unknown = set(mod.TABLES) - set(TABLES)
        if unknown:
            raise RegistryError(f"{mod.__name__}: unknown tables {sorted(unknown)}")
        if mod.NAME in out:
            raise RegistryError(f"duplicate adapter name {mod.NAME!r}: {out[mod.NAME].__name__} and {mod.__name__}")
        out[mod.NAME] = mod
    return out

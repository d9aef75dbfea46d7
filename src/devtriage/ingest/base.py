"""What an adapter receives and the shared helpers adapters use.

An adapter is a module with:

* ``NAME`` (unique), ``FORMAT`` (one line: what it reads), ``VERSIONS`` (which app / OS
  versions it has been written for), ``TABLES`` (core tables it fills);
* ``detect(probe: Probe) -> bool``: cheap recognition by content (SQLite tables and
  columns, magic bytes), optionally helped by the path;
* ``read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]``: yields
  ``(core table name, table)`` pairs whose columns are the core columns of that table
  (see :mod:`devtriage.schema`) plus ``src_table`` and ``src_row``; the pipeline adds
  ``device`` and ``src_file``. Extra columns are allowed.

Adapters never open evidence: an :class:`Artifact` points at a private working copy
(SQLite databases are copied with their ``-wal`` / ``-journal``, so rows that live only in
the write-ahead log are read too). Bad input never raises out of ``read`` for a single bad
row: the adapter skips or nulls it and calls :meth:`Context.warn` with the reason and the
number of rows affected.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import pyarrow as pa

from ..case import Case
from ..identifiers import Normaliser
from ..layout.base import SQLITE_MAGIC



@dataclass
class Probe:
    """What detection may look at: the path, the first bytes and (SQLite) the schema."""

    path: str
    size: int
    head: bytes
    tables: dict[str, tuple[str, ...]] | None = None  # SQLite: table -> column names

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def is_sqlite(self) -> bool:
        return self.head.startswith(SQLITE_MAGIC)

    def has(self, table: str, *columns: str) -> bool:
        """True when the SQLite database has ``table`` with all of ``columns``."""
        if not self.tables or table not in self.tables:
            return False
        have = self.tables[table]
        return all(c in have for c in columns)

    def requires(self, structure: Mapping[str, Iterable[str]]) -> bool:
        """plaso-style REQUIRED_STRUCTURE: every table present with its columns."""
        return all(self.has(t, *cols) for t, cols in structure.items())


@dataclass
class Artifact:
    """One recognised file, copied into the working directory."""

    path: str  # inside the extraction: the provenance ``src_file``
    local: Path  # private working copy (its SHA-256 goes into the manifest)
    size: int
    probe: Probe

    @property
    def tables(self) -> dict[str, tuple[str, ...]]:
        return self.probe.tables or {}

    def columns(self, table: str) -> tuple[str, ...]:
        return self.tables.get(table, ())

    def connect(self) -> sqlite3.Connection:
        """A read-only connection to the private copy (never to the evidence)."""
        conn = sqlite3.connect(Path(self.local).resolve().as_uri() + "?mode=ro", uri=True)
        conn.execute("PRAGMA query_only = 1")
        return conn


@dataclass
class Warning_:
    src_file: str
    adapter: str
    reason: str
    rows_skipped: int = 0

    def as_dict(self) -> dict:
        return {"src_file": self.src_file, "adapter": self.adapter, "reason": self.reason, "rows_skipped": self.rows_skipped}


@dataclass
class Context:
    """Per-device settings and the warning sink, bound to the adapter being run."""

    device: str
    case: Case
    normaliser: Normaliser
    warnings: list[Warning_] = field(default_factory=list)
    adapter: str = ""
    src_file: str = ""

    def warn(self, reason: str, rows_skipped: int = 0) -> None:
        self.warnings.append(Warning_(self.src_file, self.adapter, reason, int(rows_skipped)))

    def normalise(self, raw: pa.Array | pa.ChunkedArray) -> pa.Array:
        return self.normaliser.array(raw)


def repeat(value: str, n: int) -> pa.Array:
    """A string array of ``n`` copies of ``value``, built from buffers (no Python list)."""
    data = value.encode("utf-8")
    if n == 0 or len(data) * n >= 2**31:
        return pa.array([value] * n, pa.string())
    offsets = np.arange(n + 1, dtype=np.int32) * np.int32(len(data))
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data * n))


def sqlite_tables(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Table name -> column names, from sqlite_master (virtual-table shadows included)."""
    out: dict[str, tuple[str, ...]] = {}
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for name in names:
        try:
            cols = tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{name}")'))
        except sqlite3.DatabaseError:
            cols = ()
        out[name] = cols
    return out

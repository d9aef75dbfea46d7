"""Writing outputs atomically: a file appears whole or not at all.

Each file is written to a temporary name in the destination folder and renamed into
place, so a killed run never leaves a half-written Parquet or JSON file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


class OutputError(Exception):
    """The output folder cannot be created or written."""


def prepare(out: str | Path) -> Path:
    """Create ``out`` (and parents) and check it is writable."""
    path = Path(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=path, prefix=".devtriage-write-test-", delete=True)
        probe.close()
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {path}: {exc.strerror or exc}") from None
    return path


def _atomic(dest: Path, write) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_json(dest: str | Path, obj) -> None:
    def w(tmp):
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(obj, fh, indent=2, ensure_ascii=False, sort_keys=False)
            fh.write("\n")

    _atomic(Path(dest), w)


def write_parquet(dest: str | Path, table: pa.Table) -> None:
    _atomic(Path(dest), lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def write_tables(out: Path, tables: dict[str, pa.Table]) -> dict[str, str]:
    """Write ``tables/<name>.parquet`` for every table; returns name -> relative path."""
    written = {}
    for name, table in tables.items():
        rel = f"tables/{name}.parquet"
        write_parquet(out / rel, table)
        written[name] = rel
    return written

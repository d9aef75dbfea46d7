"""Helpers for adapter tests: run one adapter on a database the way the pipeline does."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pyarrow as pa
import pytest

from devtriage.case import DEFAULT, Case
from devtriage.identifiers import Normaliser
from devtriage.ingest.base import Artifact, Context, Probe, sqlite_tables

DATA = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()


def data_file(rel: str) -> Path:
    """A real sample under ../shared/data, or skip the test when the folder is absent."""
    if not DATA.is_dir():
        pytest.skip("../shared/data not present: real-sample tests need it")
    path = DATA / rel
    if not path.exists():
        pytest.skip(f"../shared/data/{rel} not present")
    return path


def copy_rows(path: Path, sql: str, tmp_path: Path) -> list[tuple]:
    """Run ``sql`` on a private copy of a sample (never on the sample itself)."""
    local = Path(tmp_path) / ("copy_" + Path(path).name)
    shutil.copyfile(path, local)
    conn = sqlite3.connect(local)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def probe_of(db: Path, path: str | None = None) -> Probe:
    """A Probe of a database (opened via a private copy, as the pipeline does)."""
    tmp = Path(tempfile.mkdtemp(prefix="devtriage-test-probe-"))
    try:
        local = tmp / db.name
        shutil.copyfile(db, local)
        for suffix in ("-wal", "-journal"):
            if Path(str(db) + suffix).exists():
                shutil.copyfile(str(db) + suffix, str(local) + suffix)
        conn = sqlite3.connect(f"file:{local}?mode=ro", uri=True)
        try:
            tables = sqlite_tables(conn)
        finally:
            conn.close()
        return Probe(path or db.name, db.stat().st_size, db.read_bytes()[:100], tables)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_adapter(module, db_path: Path, case: Case = DEFAULT, path: str | None = None, check_detect: bool = True):
    """Copy ``db_path`` (+ -wal/-journal) privately, detect and read it with ``module``.

    Returns (tables: dict[name, pa.Table] concatenated per table, warnings: list[Warning_]).
    """
    db_path = Path(db_path)
    tmp = Path(tempfile.mkdtemp(prefix="devtriage-test-"))
    try:
        local = tmp / db_path.name
        shutil.copyfile(db_path, local)
        for suffix in ("-wal", "-journal"):
            if Path(str(db_path) + suffix).exists():
                shutil.copyfile(str(db_path) + suffix, str(local) + suffix)
        probe = probe_of(db_path, path)
        if check_detect:
            assert module.detect(probe), f"{module.NAME} did not detect {db_path}"
        artifact = Artifact(path or db_path.name, local, db_path.stat().st_size, probe)
        ctx = Context(device="t", case=case, normaliser=Normaliser(case.default_region))
        ctx.adapter, ctx.src_file = module.NAME, artifact.path
        parts: dict[str, list[pa.Table]] = {}
        for name, table in module.read(artifact, ctx):
            parts.setdefault(name, []).append(table)
        tables = {n: pa.concat_tables(ts, promote_options="permissive") for n, ts in parts.items()}
        return tables, ctx.warnings
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

"""Ingest: extraction -> layout -> adapters -> core Arrow tables plus a manifest.

For each file in the extraction (in storage order, so archives are read in one forward
pass) the first bytes are read. A SQLite database is copied into a private working
directory together with its ``-wal`` and ``-journal`` (the copies are hashed with SHA-256
on a second thread), its schema is read from the copy, and every adapter whose
``detect`` accepts it reads it. Other files are offered to adapters by their first bytes and path. Each failure is a
warning in the manifest; the rest of the extraction is still read.

Tables are assembled in a fixed order (adapter, then the source file's SHA-256, then its
path), and extra columns are ordered by name, so the same evidence gives the same tables
whether it arrives as a folder, a zip, a tar or an iTunes backup (only ``src_file``, the
path inside the extraction, differs between layouts).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from . import __version__, schema
from .case import DEFAULT, Case
from .identifiers import Normaliser
from .ingest import ADAPTERS
from .ingest.base import Artifact, Context, Probe, repeat, sqlite_tables
from .layout import Entry, Layout, LayoutError, device_name, open_layout
from .layout.base import copy_stream, sha256_file

HEAD_BYTES = 100
COMPANIONS = ("-wal", "-journal")
SIDE_FILES = ("-wal", "-journal", "-shm")

Progress = Callable[[int, int, str], None]


@dataclass
class Result:
    device: str
    tables: dict[str, pa.Table]
    manifest: dict
    warnings: list = field(default_factory=list)


class _Ingest:
    def __init__(self, layout: Layout, case: Case, device: str, work: Path, progress: Progress | None):
        self.layout = layout
        self.case = case
        self.device = device
        self.work = work
        self.progress = progress
        self.ctx = Context(device=device, case=case, normaliser=Normaliser(case.default_region))
        self.inputs: list[dict] = []
        self.artifacts: list[dict] = []
        self.parts: dict[str, list[tuple[tuple, pa.Table]]] = {t: [] for t in schema.TABLES}
        self.timings: dict[str, float] = {}
        self.sqlite_probed = 0
        self.hasher = ThreadPoolExecutor(1, thread_name_prefix="devtriage-sha256")

    def warn(self, src_file: str, reason: str, rows_skipped: int = 0, adapter: str = "") -> None:
        self.ctx.src_file, self.ctx.adapter = src_file, adapter
        self.ctx.warn(reason, rows_skipped)

    def run(self, deadline: float | None = None) -> None:
        """Read every entry; with ``deadline`` (a ``time.perf_counter()`` instant), the
        highest-yield files first and nothing after the deadline (listed in ``not_read``)."""
        t0 = time.perf_counter()
        entries = self.layout.entries()
        if deadline is not None:
            entries = sorted(entries, key=_priority)  # stable: path order within a class
        for reason in getattr(self.layout, "rejected", []):
            self.warn("", reason)
        paths = {e.path for e in entries}
        side = {e.path for e in entries if any(e.path.endswith(s) and e.path[: -len(s)] in paths for s in SIDE_FILES)}
        self.files_seen = len(entries)
        self.timings["index_s"] = time.perf_counter() - t0
        self.not_read: list[str] = []
        for i, entry in enumerate(entries):
            if self.progress is not None:
                self.progress(i, len(entries), entry.path)
            if entry.path in side:
                continue
            if deadline is not None and time.perf_counter() > deadline:
                self.not_read = [e.path for e in entries[i:] if e.path not in side]
                self.warn("", f"quick mode: time budget reached, {len(self.not_read)} files not read (manifest quick.not_read)")
                break
            try:
                self._one(i, entry)
            except (OSError, LayoutError) as exc:
                self.warn(entry.path, f"unreadable: {exc}")
        if self.progress is not None:
            self.progress(len(entries), len(entries), "")

    def _copy(self, entry: Entry, fh, first: bytes, local: Path) -> Future:
        """Copy ``entry`` (``first`` already read from ``fh``) to ``local``; hash it meanwhile.

        The SHA-256 of the private copy (the exact bytes every reader sees) is computed on
        a second thread while the adapters read, and the copy is only ever opened
        read-only, so hashing it later gives the evidence's hash.
        """
        real = self.layout.real_path(entry)
        if real is not None:
            shutil.copyfile(real, local)  # kernel-side copy of a plain file
        else:
            copy_stream(fh, local, first)
        return self.hasher.submit(sha256_file, local)

    def _one(self, i: int, entry: Entry) -> None:
        folder = self.work / str(i)
        folder.mkdir()
        local = folder / "artifact"  # a plain name: evidence names may hold URI characters (?, #, %)
        try:
            with self.layout.open(entry) as fh:
                head = fh.read(HEAD_BYTES)
                probe = Probe(entry.path, entry.size, head)
                if not probe.is_sqlite:
                    matched = self._detect(probe)
                    if not matched:
                        return
                hashing = self._copy(entry, fh, head, local)
            companions = self._companions(entry, local) if probe.is_sqlite else []
            record = {"path": entry.path}
            if probe.is_sqlite:
                self.sqlite_probed += 1
                try:
                    conn = sqlite3.connect(local.resolve().as_uri() + "?mode=ro", uri=True)
                    try:
                        probe.tables = sqlite_tables(conn)
                    finally:
                        conn.close()
                except sqlite3.DatabaseError as exc:
                    matched = []
                    self.warn(entry.path, f"SQLite header but the database cannot be read (corrupt or truncated): {exc}")
                else:
                    matched = self._detect(probe)
            record["adapters"] = [a.NAME for a in matched]
            artifact = Artifact(entry.path, local, entry.size, probe)
            read = [(adapter, self._read(artifact, adapter)) for adapter in matched]
            record["sha256"], record["size"] = hashing.result()
            if companions:
                record["companions"] = [{"path": p, "sha256": h, "size": n} for p, f in companions for h, n in [f.result()]]
            self.inputs.append(record)
            for adapter, tables in read:
                for name, table in tables:
                    self.parts[name].append(((adapter.NAME, record["sha256"], entry.path, len(self.parts[name])), table))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _companions(self, entry: Entry, local: Path) -> list[tuple[str, Future]]:
        out = []
        for suffix in COMPANIONS:
            comp = self.layout.find(entry.path + suffix)
            if comp is not None:
                with self.layout.open(comp) as fh:
                    out.append((comp.path, self._copy(comp, fh, b"", Path(str(local) + suffix))))
        return out

    def _detect(self, probe: Probe) -> list:
        matched = []
        for adapter in ADAPTERS.values():
            try:
                if adapter.detect(probe):
                    matched.append(adapter)
            except Exception as exc:  # a detector bug must not stop the scan
                self.warn(probe.path, f"detect failed: {type(exc).__name__}: {exc}", adapter=adapter.NAME)
        return matched

    def _read(self, artifact: Artifact, adapter) -> list[tuple[str, pa.Table]]:
        """Run one adapter; its tables with device and provenance, conformed."""
        ctx = self.ctx
        ctx.adapter, ctx.src_file = adapter.NAME, artifact.path
        t0 = time.perf_counter()
        rows: dict[str, int] = {}
        out = []
        try:
            for name, table in adapter.read(artifact, ctx):
                if isinstance(table, pa.RecordBatch):
                    table = pa.Table.from_batches([table])
                n = table.num_rows
                table = table.append_column("device", repeat(self.device, n))
                table = table.append_column("src_file", repeat(artifact.path, n))
                out.append((name, schema.conform(name, table)))
                rows[name] = rows.get(name, 0) + n
        except Exception as exc:  # one broken artifact must not stop the device
            ctx.adapter, ctx.src_file = adapter.NAME, artifact.path
            ctx.warn(f"adapter failed, rows after the failure not read: {type(exc).__name__}: {exc}")
        self.timings[f"{adapter.NAME}:{artifact.path}"] = time.perf_counter() - t0
        self.artifacts.append({"path": artifact.path, "adapter": adapter.NAME, "rows": rows})
        return out

    def tables(self) -> dict[str, pa.Table]:
        out = {}
        for name in schema.TABLES:
            parts = [t for _, t in sorted(self.parts[name], key=lambda p: p[0])]
            if not parts:
                out[name] = schema.empty(name)
                continue
            table = pa.concat_tables(parts, promote_options="permissive")
            out[name] = schema.conform(name, table).combine_chunks()
        return out


#: File names of the highest-yield artifacts, read first in quick mode (messages, calls, contacts).
_HIGH_YIELD = ("sms.db", "mmssms.db", "msgstore.db", "chatstorage.sqlite", "calllog.db", "callhistory.storedata",
               "callhistory.sqlite", "contacts2.db", "addressbook.sqlitedb", "wa.db", "contactsv2.sqlite")


def _priority(entry: Entry) -> int:
    name = entry.path.rsplit("/", 1)[-1].lower()
    if name in _HIGH_YIELD:
        return 0
    if name.endswith((".db", ".sqlite", ".sqlitedb", ".storedata")):
        return 1
    return 2


def ingest(extraction: str | Path, case: Case = DEFAULT, device: str | None = None, progress: Progress | None = None,
           budget_s: float | None = None) -> Result:
    """Read every recognised artifact in ``extraction`` into the core tables.

    ``budget_s`` (quick mode): read the highest-yield files first and stop after that
    many seconds; the manifest's ``quick`` lists what was not read.
    """
    t0 = time.perf_counter()
    extraction = Path(extraction)
    device = device or device_name(extraction)
    with open_layout(extraction) as layout, tempfile.TemporaryDirectory(prefix="devtriage-work-") as work:
        job = _Ingest(layout, case, device, Path(work), progress)
        try:
            job.run(None if budget_s is None else t0 + budget_s)
        finally:
            job.hasher.shutdown()
        containers = []
        for c in layout.containers():
            sha, size = sha256_file(c)
            containers.append({"path": str(c), "size": size, "sha256": sha})
        for entry, copied in getattr(layout, "copied", []):  # backup index files (Manifest.db)
            job.inputs.append({"path": entry.path, "size": copied.size, "sha256": copied.sha256, "adapters": [], "role": "layout index"})
        kind = layout.kind
    tables = job.tables()
    job.timings["total_s"] = time.perf_counter() - t0
    warnings = [w.as_dict() for w in job.ctx.warnings]
    manifest = {
        "tool": "devtriage",
        "version": __version__,
        "schema_version": schema.SCHEMA_VERSION,
        "device": device,
        "extraction": {"path": str(extraction.resolve()), "layout": kind, "containers": containers},
        "case": _case_info(case),
        "adapters": {name: mod.VERSIONS for name, mod in ADAPTERS.items()},
        "files_seen": job.files_seen,
        "sqlite_probed": job.sqlite_probed,
        "inputs": sorted(job.inputs, key=lambda r: r["path"]),
        "artifacts": sorted(job.artifacts, key=lambda r: (r["path"], r["adapter"])),
        "tables": {name: t.num_rows for name, t in tables.items()},
        "warnings": warnings,
        "timings": {k: round(v, 4) for k, v in job.timings.items()},
    }
    if budget_s is not None:
        manifest["quick"] = {"budget_s": budget_s, "stopped": bool(job.not_read), "not_read": job.not_read}
    return Result(device, tables, manifest, warnings)


def _case_info(case: Case) -> dict:
    info = {"case_id": case.case_id, "timezone": case.timezone, "default_region": case.default_region, "path": case.path}
    if case.path:
        info["sha256"], info["size"] = sha256_file(Path(case.path))
    return info

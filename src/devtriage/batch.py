"""``devtriage batch``: triage a queue of seized devices in parallel, ranked.

A queue is a folder whose entries are exhibits: extraction folders (file system,
logical, iTunes/Finder backup) and archives (``.zip``, ``.ufdr``, ``.tar``,
``.tar.gz`` ...). ``EXHIBIT.case.toml`` beside an exhibit is its case file; ``*.case.toml``,
``*.truth.json``, hidden entries and files that are not archives are not exhibits
(:func:`find_exhibits` says which were skipped and why).

:func:`run_batch` runs :func:`devtriage.scan.scan` once per exhibit in a pool of local
processes (spawn; each worker imports devtriage once) and writes into ``OUT``::

    OUT/devices/<device>/     one scan output folder per device (the output contract)
    OUT/devices/<device>/.done   completion marker, written last (see below)
    OUT/queue.csv             rank, device, score, role, top_indicators, error
    OUT/queue.html            when devtriage.report.html has write_queue
    OUT/batch.json            the run: parameters, skipped entries, counts, timings

Failure handling. A device whose scan raises gets a queue row with score 0, role
``unclear`` and ``error`` = the exception's type and message, and a ``manifest.json`` in
its folder stating the error (merged into the scan's own manifest when it wrote one). A
worker process that dies (killed, out of memory, a crash in native code) breaks the
pool: the pool is restarted and the devices that were running are retried, each alone
when more than one was running, so the device that killed its worker is the one
recorded (error ``BrokenProcessPool: ...``); the others complete.

Re-runs and interruption. Every file is written atomically (temp file in the same
folder, fsync, rename). A device is done when ``.done`` -- the SHA-256 of its
``shortlist.json`` plus the parameters it was scanned with (devtriage version, case
file and indicator files with their SHA-256, ``--quick``) -- matches; a re-run reads
those devices' rows from ``shortlist.json`` instead of scanning again, unless ``force``
or the parameters changed. A device being redone loses its marker first and its old
folder is cleared, so a run killed at any point leaves only whole files, and every
device without a valid marker is simply redone next time. Failed devices are retried
on a re-run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import queue as queue_mod
import shutil
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__

#: Archive names taken as exhibits whatever their content (a damaged archive is a device
#: to report as unreadable, not a file to skip). Other files count when their magic
#: bytes say zip or tar.
ARCHIVE_SUFFIXES = (".zip", ".ufdr", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz")
SIDE_SUFFIXES = (".case.toml", ".truth.json")
DONE = ".done"
TOP_INDICATORS = 3
QUEUE_COLUMNS = ("rank", "device", "score", "role", "top_indicators", "error")
DIED = ("BrokenProcessPool: the worker process died while scanning this device "
        "(killed, out of memory or a crash in native code)")


class BatchError(Exception):
    """The batch itself cannot run (queue unreadable, output not writable)."""


@dataclass(frozen=True)
class Exhibit:
    path: Path
    device: str
    case_file: Path | None = None


class Exhibits(list):
    """The exhibits of a queue (a list of :class:`Exhibit`), with ``skipped``:
    ``[(entry name, reason), ...]`` for the entries that are not exhibits."""

    def __init__(self, items=(), skipped=()):
        super().__init__(items)
        self.skipped: list[tuple[str, str]] = list(skipped)


@dataclass
class Progress:
    """A snapshot handed to ``run_batch(progress=...)`` on every change."""

    total: int
    done: int = 0  # finished this run (scanned or failed) + reused
    scanned: int = 0  # finished this run, failures included
    failed: int = 0
    reused: int = 0  # already done by an earlier run
    running: dict[str, str] = field(default_factory=dict)  # device -> current stage
    elapsed: float = 0.0
    first_result_s: float | None = None
    last: dict | None = None  # the row that just finished, if any
    scan_start: float = 0.0  # elapsed when the first scan was submitted

    @property
    def rate_per_min(self) -> float:
        span = self.elapsed - self.scan_start
        return 60.0 * self.scanned / span if self.scanned and span > 0 else 0.0


class QueueRows(list):
    """The ranked rows returned by :func:`run_batch` (a list of dicts), with ``summary``
    (what ``batch.json`` holds) and ``skipped`` (entries of the queue that are not exhibits)."""

    summary: dict
    skipped: list[tuple[str, str]]


# --- the queue -----------------------------------------------------------------------------


def _is_archive_name(name: str) -> bool:
    lower = name.lower()
    return any(lower.endswith(s) and len(name) > len(s) for s in ARCHIVE_SUFFIXES)


def find_exhibits(queue: str | Path, exclude: tuple[str | Path, ...] = ()) -> Exhibits:
    """The exhibits of ``queue``, sorted by device name; ``.skipped`` lists the rest.

    ``exclude``: paths never taken as exhibits (the batch's own output folder when it is
    inside the queue). Two entries with the same device name (``EXH-1/`` and
    ``EXH-1.zip``) keep their full entry names as device names. Raises
    :class:`BatchError` when the queue cannot be listed.
    """
    from .layout import device_name
    from .layout.archive import is_tar, is_zip

    q = Path(queue)
    try:
        entries = sorted(os.scandir(q), key=lambda e: e.name)
    except OSError as exc:
        raise BatchError(f"cannot read the queue {q}: {exc.strerror or exc}") from None
    excluded = set()
    for p in exclude:
        try:
            excluded.add(Path(p).resolve())
        except OSError:
            pass
    names = {e.name for e in entries}
    stems = {device_name(n) for n in names if not n.lower().endswith(SIDE_SUFFIXES)}
    found: list[tuple[str, Path]] = []
    skipped: list[tuple[str, str]] = []
    for e in entries:
        name = e.name
        if name.startswith("."):
            skipped.append((name, "hidden"))
            continue
        lower = name.lower()
        if lower.endswith(SIDE_SUFFIXES):
            base = name[: -len(".case.toml")] if lower.endswith(".case.toml") else name[: -len(".truth.json")]
            if base in names or base in stems:
                continue  # beside its exhibit: not an entry of its own
            skipped.append((name, "case file with no exhibit beside it" if lower.endswith(".case.toml")
                            else "ground truth with no exhibit beside it"))
            continue
        path = Path(e.path)
        try:
            if path.resolve() in excluded:
                skipped.append((name, "the batch output folder"))
                continue
            if e.is_dir():
                found.append((name, path))
            elif e.is_file():
                if _is_archive_name(name) or is_zip(path) or is_tar(path):
                    found.append((name, path))
                else:
                    skipped.append((name, "not a folder or archive (zip, ufdr, tar)"))
            elif e.is_symlink():
                skipped.append((name, "broken link"))
            else:
                skipped.append((name, "not a regular file or folder"))
        except OSError as exc:
            skipped.append((name, f"unreadable: {exc.strerror or exc}"))
    by_device: dict[str, list[str]] = {}
    for name, _ in found:
        by_device.setdefault(device_name(name), []).append(name)
    exhibits = []
    for name, path in found:
        dev = device_name(name)
        if len(by_device[dev]) > 1:
            dev = name
        case = None
        for cand in (q / f"{name}.case.toml", q / f"{device_name(name)}.case.toml"):
            if cand.is_file():
                case = cand
                break
        exhibits.append(Exhibit(path, dev, case))
    exhibits.sort(key=lambda x: x.device)
    return Exhibits(exhibits, skipped)


# --- files ---------------------------------------------------------------------------------


def atomic_write(dest: Path, data: bytes) -> None:
    """Write ``dest`` whole or not at all: temp file in the same folder, fsync, rename."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        fd = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def _write_json(dest: Path, obj) -> None:
    atomic_write(dest, (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fingerprint(path: Path) -> dict:
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file())
        h = hashlib.sha256()
        for f in files:
            h.update(f"{f.relative_to(p)}\0{_sha256(f)}\0".encode())
        return {"path": str(p), "sha256": h.hexdigest()}
    return {"path": str(p), "sha256": _sha256(p)}


def _params(case_file: Path | None, indicators: tuple, quick: float | None, scan_ref: str) -> dict:
    """What a device's output depends on besides the exhibit (stored in ``.done``)."""
    return {
        "devtriage": __version__,
        "scan": scan_ref,
        "case_file": _fingerprint(case_file) if case_file else None,
        "indicators": [_fingerprint(Path(p)) for p in indicators],
        "quick_s": quick,
    }


def _top(reasons) -> list[str]:
    return list(dict.fromkeys(r.get("indicator", "") for r in reasons or ()))[:TOP_INDICATORS]


def _row(device: str, score=0.0, role="unclear", top=(), error=None, seconds=0.0, status="done", exhibit="") -> dict:
    return {"rank": 0, "device": device, "score": float(score or 0.0), "role": role or "unclear",
            "top_indicators": list(top), "error": error, "seconds": round(float(seconds or 0.0), 3),
            "status": status, "exhibit": str(exhibit)}


def _read_shortlist(dest: Path) -> dict | None:
    try:
        doc = json.loads((dest / "shortlist.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def done_row(dest: Path, params: dict, exhibit: str = "") -> dict | None:
    """The row of a device finished by an earlier run with the same ``params``, or None."""
    try:
        marker = json.loads((dest / DONE).read_text(encoding="utf-8"))
        raw = (dest / "shortlist.json").read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("shortlist_sha256") != hashlib.sha256(raw).hexdigest():
        return None
    if marker.get("params") != params:
        return None
    try:
        doc = json.loads(raw)
    except ValueError:
        return None
    return _row(dest.name, doc.get("score", 0.0), doc.get("role"), _top(doc.get("reasons")), None,
                marker.get("seconds", 0.0), "reused", exhibit)


def _record_error(dest: Path, device: str, exhibit: str, error: str, detail: str | None = None) -> None:
    """State ``error`` in the device's manifest.json (merged into the scan's own, if any)."""
    manifest = {}
    try:
        old = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
        if isinstance(old, dict):
            manifest = old
    except (OSError, ValueError):
        pass
    manifest.setdefault("tool", "devtriage")
    manifest.setdefault("version", __version__)
    manifest.setdefault("device", device)
    manifest.setdefault("extraction", {"path": exhibit})
    manifest["status"] = "failed"
    manifest["error"] = error
    if detail:
        manifest["error_detail"] = detail
    _write_json(dest / "manifest.json", manifest)


def _clear(dest: Path) -> None:
    """Forget an earlier result: the marker first, then the folder."""
    try:
        (dest / DONE).unlink()
    except FileNotFoundError:
        pass
    if dest.exists():
        shutil.rmtree(dest)


# --- the worker side ---------------------------------------------------------------------

_STAGES = None  # the parent's stage queue (a Manager queue proxy) or None
_SIGINT_STOPS = True  # False when the parent ignores SIGINT (nohup, a background job)


def _on_stop(signum, frame):
    # one signal is enough: ignore further ones so the scan's atomic-write cleanup can run
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def _idle_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # nothing to clean up between scans


def _init_worker(stages, scan_ref: str, sigint_stops: bool = True) -> None:
    global _STAGES, _SIGINT_STOPS
    _STAGES, _SIGINT_STOPS = stages, sigint_stops
    _idle_signals()
    import devtriage  # noqa: F401

    _resolve(scan_ref)  # import the scan (and with it every detector) once per worker


def _resolve(ref):
    if callable(ref):
        return ref
    mod, _, name = ref.partition(":")
    import importlib

    return getattr(importlib.import_module(mod), name)


def _ref(fn) -> str | Callable:
    if fn is None:
        return "devtriage.scan:scan"
    mod, qual = getattr(fn, "__module__", None), getattr(fn, "__qualname__", "")
    if mod and qual and "<" not in qual and "." not in qual:
        return f"{mod}:{qual}"
    return fn  # pickled as it is


def _say(device: str, stage: str) -> None:
    if _STAGES is not None:
        try:
            _STAGES.put_nowait((device, stage))
        except Exception:  # progress is best effort
            pass


def _scan_one(task: dict) -> dict:
    """Scan one device (in a worker); returns its row. Exceptions become the row's error."""
    # during a scan, SIGTERM (and Ctrl-C, unless the parent ignores it) stop it cleanly
    signal.signal(signal.SIGTERM, _on_stop)
    if _SIGINT_STOPS:
        signal.signal(signal.SIGINT, _on_stop)
    try:
        return _scan_task(task)
    finally:
        _idle_signals()


def _scan_task(task: dict) -> dict:
    device, dest, exhibit = task["device"], Path(task["dest"]), task["exhibit"]
    t0 = time.perf_counter()
    _say(device, "start")
    last = [None]

    def stage(*args, **kwargs):
        s = args[0] if args and isinstance(args[0], str) else "running"
        if s != last[0]:
            last[0] = s
            _say(device, s)

    _clear(dest)
    dest.mkdir(parents=True, exist_ok=True)
    try:
        from .case import load

        case = load(task["case_file"]) if task["case_file"] else None
        fn = _resolve(task["scan"])
        res = fn(Path(exhibit), dest, case, device, tuple(task["indicators"]), task["quick"], stage)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        _record_error(dest, device, exhibit, error, traceback.format_exc(limit=8))
        return _row(device, error=error, seconds=time.perf_counter() - t0, status="failed", exhibit=exhibit)
    seconds = time.perf_counter() - t0
    error = getattr(res, "error", None)
    doc = _read_shortlist(dest)
    if doc is not None:
        row = _row(device, doc.get("score", 0.0), doc.get("role"), _top(doc.get("reasons")), error, seconds,
                   "failed" if error else "done", exhibit)
    else:
        row = _row(device, getattr(res, "score", 0.0), getattr(res, "role", "unclear"),
                   getattr(res, "top_indicators", ()) or (), error, seconds, "failed" if error else "done", exhibit)
        if not error:
            row["error"] = error = "no shortlist.json written"
            row["status"] = "failed"
    if error:
        _record_error(dest, device, exhibit, error)
        return row
    sha = _sha256(dest / "shortlist.json")
    _write_json(dest / DONE, {"shortlist_sha256": sha, "params": task["params"], "seconds": round(seconds, 3)})
    return row


# --- the parent side ---------------------------------------------------------------------


def _ranked(rows: list[dict]) -> list[dict]:
    rows = sorted(rows, key=lambda r: (-r["score"], r["device"]))
    for i, r in enumerate(rows, 1):
        r["rank"] = i
    return rows


def queue_csv(rows: list[dict]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(QUEUE_COLUMNS)
    for r in rows:
        w.writerow([r["rank"], r["device"], f"{r['score']:.1f}", r["role"], "; ".join(r["top_indicators"]),
                    r["error"] or ""])
    return buf.getvalue().encode("utf-8")


class _Pool:
    """A process pool that survives a worker's death: at most ``workers`` tasks in flight,
    so the devices running when a worker died are known; they are retried, each alone
    when several were running, so the one that kills its worker is the one recorded."""

    def __init__(self, workers: int, stages, scan_ref):
        self.workers = workers
        self.stages = stages
        self.scan_ref = scan_ref if isinstance(scan_ref, str) else "devtriage.scan:scan"
        self.ctx = multiprocessing.get_context("spawn")
        self.pool: ProcessPoolExecutor | None = None
        self.restarts = 0
        try:
            self.sigint_stops = signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
        except ValueError:
            self.sigint_stops = True

    def _new(self, n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=n, mp_context=self.ctx, initializer=_init_worker,
                                   initargs=(self.stages, self.scan_ref, self.sigint_stops))

    def run(self, tasks: list[dict], on_start: Callable[[dict], None], on_row: Callable[[dict], None],
            on_tick: Callable[[], None]) -> None:
        pending = deque(tasks)
        alone: deque[dict] = deque()  # suspects of a worker death: run one at a time
        inflight: dict[Future, tuple[dict, bool]] = {}
        self.workers = max(1, min(self.workers, len(tasks)))
        self.pool = self._new(self.workers)
        try:
            while pending or alone or inflight:
                while len(inflight) < self.workers and pending and not any(a for _, a in inflight.values()):
                    t = pending.popleft()
                    inflight[self.pool.submit(_scan_one, t)] = (t, False)
                    on_start(t)
                if not inflight and alone:
                    t = alone.popleft()
                    inflight[self.pool.submit(_scan_one, t)] = (t, True)
                    on_start(t)
                done, _ = wait(list(inflight), timeout=0.2, return_when=FIRST_COMPLETED)
                on_tick()
                broken: list[tuple[dict, bool]] = []
                for fut in done:
                    self._collect(fut, inflight.pop(fut), on_row, broken)
                if broken:
                    for fut in list(inflight):  # every task in flight fails with the pool: collect them all
                        self._collect(fut, inflight.pop(fut), on_row, broken)
                    self._restart()
                    if len(broken) == 1:
                        t, _ = broken[0]
                        on_row(_failed(t, DIED))
                    else:
                        alone.extend(t for t, _ in broken)
        except BaseException:
            self.stop()
            for t, _ in inflight.values():
                _sweep(Path(t["dest"]))
            raise
        self.pool.shutdown(wait=True)

    @staticmethod
    def _collect(fut: Future, item: tuple[dict, bool], on_row, broken: list) -> None:
        exc = fut.exception()  # waits for it
        if exc is None:
            on_row(fut.result())
        elif isinstance(exc, BrokenProcessPool):
            broken.append(item)
        else:  # a KeyboardInterrupt of that worker alone, or the task could not be sent or returned
            on_row(_failed(item[0], f"{type(exc).__name__}: {exc}".rstrip(": ")))

    def _restart(self) -> None:
        self.restarts += 1
        old, self.pool = self.pool, self._new(self.workers)
        old.shutdown(wait=False, cancel_futures=True)

    def stop(self, grace: float = 15.0) -> None:
        """Stop after an interrupt: running scans get SIGTERM, which stops them cleanly (their
        atomic writes remove their temp files); whatever is left after ``grace`` is killed."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            if p.is_alive() and p.pid:
                try:
                    os.kill(p.pid, signal.SIGTERM)
                except OSError:
                    pass
        deadline = time.monotonic() + grace
        for p in procs:
            p.join(max(0.0, deadline - time.monotonic()))
        for p in procs:
            if p.is_alive():
                p.terminate()
                p.join(2.0)
            if p.is_alive():
                p.kill()


def _sweep(dest: Path) -> None:
    """Remove temp files (``.NAME....part``) a killed worker left in ``dest``."""
    try:
        for p in dest.rglob(".*.part"):
            try:
                p.unlink()
            except OSError:
                pass
    except OSError:
        pass


def _failed(task: dict, error: str) -> dict:
    dest = Path(task["dest"])
    _sweep(dest)
    try:
        _record_error(dest, task["device"], task["exhibit"], error)
    except OSError:
        pass
    return _row(task["device"], error=error, status="failed", exhibit=task["exhibit"])


def run_batch(queue: str | Path, out: str | Path, case_file: str | Path | None = None, workers: int | None = None,
              quick: float | None = None, force: bool = False, progress: Callable[[Progress], None] | None = None,
              indicators: tuple[str | Path, ...] = (), scan_fn: Callable | None = None) -> QueueRows:
    """Scan every exhibit of ``queue`` into ``out/devices/<device>`` and rank the queue.

    ``case_file`` applies to every device (else ``EXHIBIT.case.toml`` beside each
    exhibit); ``workers`` processes (default ``os.cpu_count()``); ``quick`` is scan's
    time budget per device; ``force`` redoes devices an earlier run finished;
    ``progress(Progress)`` is called on every change (a stage reported by a running
    scan, a finished device, and about 5 times a second); ``scan_fn`` replaces
    :func:`devtriage.scan.scan` (tests; a module-level function, it is called in the
    workers with scan's positional arguments).

    Returns the rows ranked (score descending, then device), each ``{rank, device, score,
    role, top_indicators (list), error, seconds, status ("done" | "reused" | "failed"),
    exhibit}``. Raises :class:`BatchError` when the queue cannot be read or ``out``
    cannot be written, :class:`devtriage.case.CaseError` for a bad ``case_file``.
    """
    from .case import load as load_case
    from .output import OutputError, prepare

    t0 = time.perf_counter()
    out = Path(out)
    exhibits = find_exhibits(queue, exclude=(out, out / "devices"))
    try:
        out = prepare(out)
    except OutputError as exc:
        raise BatchError(str(exc)) from None
    if case_file is not None:
        case_file = Path(case_file)
        load_case(case_file)  # a bad shared case file is a usage error, before anything runs
    indicators = tuple(str(p) for p in indicators)
    scan_ref = _ref(scan_fn)
    ref_name = scan_ref if isinstance(scan_ref, str) else f"{scan_fn.__module__}:{scan_fn.__qualname__}"
    workers = max(1, int(workers or os.cpu_count() or 1))
    devices = out / "devices"

    rows: dict[str, dict] = {}
    tasks = []
    for ex in exhibits:
        dest = devices / ex.device
        cf = case_file or ex.case_file
        try:
            params = _params(cf, indicators, quick, ref_name)
        except OSError as exc:  # an unreadable case or indicator file: that device fails
            rows[ex.device] = _failed({"dest": dest, "device": ex.device, "exhibit": str(ex.path)},
                                      f"{type(exc).__name__}: {exc}")
            continue
        row = None if force else done_row(dest, params, str(ex.path))
        if row is not None:
            rows[ex.device] = row
            continue
        tasks.append({"device": ex.device, "exhibit": str(ex.path), "dest": str(dest),
                      "case_file": str(cf) if cf else None, "indicators": indicators, "quick": quick,
                      "params": params, "scan": scan_ref})

    state = Progress(total=len(exhibits), reused=sum(r["status"] == "reused" for r in rows.values()))
    state.done = len(rows)
    state.failed = sum(r["status"] == "failed" for r in rows.values())
    last_emit = [0.0]

    def emit(force_: bool = False) -> None:
        state.elapsed = time.perf_counter() - t0
        if progress is not None and (force_ or state.elapsed - last_emit[0] >= 0.2):
            last_emit[0] = state.elapsed
            progress(state)

    def on_start(t: dict) -> None:
        state.running[t["device"]] = "starting"

    def on_row(row: dict) -> None:
        rows[row["device"]] = row
        state.running.pop(row["device"], None)
        state.done += 1
        state.scanned += 1
        state.failed += row["status"] == "failed"
        state.elapsed = time.perf_counter() - t0
        if state.first_result_s is None:
            state.first_result_s = state.elapsed
        state.last = row
        emit(True)
        state.last = None

    manager = None
    stages = None
    if tasks and progress is not None:
        manager = multiprocessing.get_context("spawn").Manager()
        stages = manager.Queue()

    def on_tick() -> None:
        changed = False
        while stages is not None:
            try:
                device, stage = stages.get_nowait()
            except (queue_mod.Empty, EOFError, OSError):
                break
            if device in state.running:
                state.running[device] = stage
                changed = True
        emit(changed)

    pool = _Pool(workers, stages, scan_ref)
    emit(True)
    try:
        if tasks:
            state.scan_start = time.perf_counter() - t0
            pool.run(tasks, on_start, on_row, on_tick)
    finally:
        if manager is not None:
            manager.shutdown()
    state.running.clear()
    emit(True)

    ranked = _ranked(list(rows.values()))
    try:
        atomic_write(out / "queue.csv", queue_csv(ranked))
    except OSError as exc:
        raise BatchError(f"cannot write {out / 'queue.csv'}: {exc.strerror or exc}") from None
    warnings = []
    try:
        from .report import html as report_html
    except ImportError as exc:
        if exc.name not in ("devtriage.report", "devtriage.report.html"):
            raise
        report_html = None
    write_queue = getattr(report_html, "write_queue", None)
    if write_queue is not None:
        try:
            write_queue(out, ranked)
        except Exception as exc:  # the ranked queue.csv stands; say why there is no queue.html
            warnings.append(f"queue.html not written: {type(exc).__name__}: {exc}")
    total = time.perf_counter() - t0
    scanned = [r for r in ranked if r["status"] != "reused"]
    span = total - state.scan_start
    summary = {
        "tool": "devtriage", "version": __version__,
        "queue": str(Path(queue)), "out": str(out),
        "parameters": {"workers": workers, "quick_s": quick, "force": force,
                       "case_file": str(case_file) if case_file else None, "indicators": list(indicators),
                       "scan": ref_name},
        "devices": len(ranked),
        "scanned": len(scanned),
        "reused": len(ranked) - len(scanned),
        "failed": [{"device": r["device"], "error": r["error"]} for r in ranked if r["error"]],
        "skipped_entries": [{"entry": n, "reason": why} for n, why in exhibits.skipped],
        "pool_restarts": pool.restarts,
        "warnings": warnings,
        "timings": {"total_s": round(total, 3),
                    "first_result_s": None if state.first_result_s is None else round(state.first_result_s, 3),
                    "devices_per_min": round(60.0 * len(scanned) / span, 2) if scanned and span > 0 else None,
                    "device_s": {r["device"]: r["seconds"] for r in scanned}},
    }
    try:
        _write_json(out / "batch.json", summary)
    except OSError as exc:
        raise BatchError(f"cannot write {out / 'batch.json'}: {exc.strerror or exc}") from None
    result = QueueRows(ranked)
    result.summary = summary
    result.skipped = list(exhibits.skipped)
    return result

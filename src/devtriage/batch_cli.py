"""The ``devtriage batch`` command (registered on the click group by :func:`register`)."""

from __future__ import annotations

import shutil
import signal
import sys
import time
from pathlib import Path

import click

TOP = 20


class BatchProgress:
    """One status line on stderr (redrawn in place on a terminal, at most 5 times a
    second); plain lines, one per finished device, when stderr is not a terminal."""

    def __init__(self, width: int = 30):
        self.tty = sys.stderr.isatty()
        self.width = width
        self.last = 0.0
        self.drawn = False

    def __call__(self, s) -> None:
        if not self.tty:
            if s.last is not None:
                r = s.last
                what = f"error: {r['error']}" if r["error"] else f"score {r['score']:.1f} {r['role']}"
                click.echo(f"[{s.done}/{s.total}] {r['device']}: {what} ({r['seconds']:.1f} s; "
                           f"{s.rate_per_min:.1f} devices/min, {_clock(s.elapsed)} elapsed)", err=True)
            return
        now = time.monotonic()
        final = s.done >= s.total and not s.running
        if not final and s.last is None and now - self.last < 0.2:
            return
        self.last = now
        filled = int(self.width * s.done / s.total) if s.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        running = ", ".join(f"{d} {st}" for d, st in sorted(s.running.items()))
        failed = f" {s.failed} failed" if s.failed else ""
        line = (f"[{bar}] {s.done}/{s.total}{failed} {s.rate_per_min:.1f}/min {_clock(s.elapsed)}"
                + (f"  {running}" if running else ""))
        cols = max(40, shutil.get_terminal_size((120, 24)).columns - 1)
        click.echo("\r" + line[:cols].ljust(cols), nl=False, err=True)
        self.drawn = True

    def end(self) -> None:
        if self.tty and self.drawn:
            click.echo("", err=True)
            self.drawn = False


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m:d}:{s:02d}"


def _terminate(signum, frame):
    raise KeyboardInterrupt  # the same clean stop as Ctrl-C


def register(main: click.Group) -> None:
    """Add ``batch`` to the ``devtriage`` command group."""

    @main.command("batch")
    @click.argument("queue", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--out", "-o", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
                  help="Output folder: devices/<device>/ per device, queue.csv, queue.html, batch.json.")
    @click.option("--case", "case_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="One case file (case.toml) for every device. Default: EXHIBIT.case.toml beside each "
                       "exhibit, else none (victim-agnostic).")
    @click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
                  help="Devices scanned in parallel, one process each (default: the number of CPUs).")
    @click.option("--quick", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
                  help="Time budget per device: the highest-yield artifacts are read first and reading stops "
                       "at the budget; each manifest lists what was not read.")
    @click.option("--force", is_flag=True, help="Scan every device again, also those an earlier run finished.")
    @click.option("--indicators", "indicator_files", multiple=True, type=click.Path(exists=True, path_type=Path),
                  help="Stalkerware indicator file for every device (AssoEchap ioc.yaml / watchware.yaml, ISDI "
                       "app-flags.csv); repeatable.")
    @click.option("--quiet", "-q", is_flag=True, help="No progress bar or queue; just the files and the exit code.")
    def batch(queue: Path, out: Path, case_path: Path | None, workers: int | None, quick: float | None, force: bool,
              indicator_files: tuple[Path, ...], quiet: bool) -> None:
        """Triage a QUEUE of seized devices in parallel and rank them.

        QUEUE is a folder of exhibits: extraction folders (file system, logical, iTunes/Finder
        backup) and archives (.zip, .ufdr, .tar, .tar.gz ...). EXHIBIT.case.toml beside an
        exhibit is its case file (--case applies one to all); *.case.toml, *.truth.json,
        hidden files and files that are not archives are skipped (and listed).

        Each device is scanned as `devtriage scan` does into OUT/devices/<device>/ (shortlist,
        report, findings, tables, manifest), on --workers local processes. OUT/queue.csv
        ranks the queue (rank, device, score, role, top_indicators, error; score descending)
        and OUT/queue.html shows it. A device that cannot be read or crashes its scan is
        listed with its error (in queue.csv and its manifest.json) and the others complete.

        Re-running skips devices already done with the same parameters (--force redoes
        them); every file is written atomically, so an interrupted run (Ctrl-C, kill) leaves
        no half-written file and the next run carries on where it stopped.

        Exit codes: 0 every device was attempted (failures are listed in queue.csv), 1 the
        run itself failed (QUEUE unreadable, OUT not writable), 2 usage error.
        """
        from .batch import BatchError, run_batch
        from .case import CaseError

        bar = None if quiet else BatchProgress()
        old = signal.signal(signal.SIGTERM, _terminate)
        try:
            rows = run_batch(queue, out, case_path, workers, quick, force, bar, tuple(str(p) for p in indicator_files))
        except CaseError as exc:
            raise click.UsageError(str(exc)) from None
        except BatchError as exc:
            if bar:
                bar.end()
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            if bar:
                bar.end()
            click.echo(f"interrupted: devices finished so far are kept in {out / 'devices'}; run the same command "
                       "again to carry on", err=True)
            sys.exit(130)
        finally:
            signal.signal(signal.SIGTERM, old)
        if bar:
            bar.end()
        if quiet:
            return
        click.echo(summary(rows, out))


def summary(rows, out: Path, top: int = TOP) -> str:
    """The ranked queue (top ``top``), failures, skipped entries and timings."""
    s = rows.summary
    lines = []
    for name, why in rows.skipped:
        if why != "hidden":
            lines.append(f"skipped {name}: {why}")
    lines.append(f"{'rank':>4}  {'device':<24} {'score':>5}  {'role':<8} top indicators")
    for r in rows[:top]:
        what = f"error: {r['error']}" if r["error"] else "; ".join(r["top_indicators"]) or "-"
        lines.append(f"{r['rank']:>4}  {r['device'][:24]:<24} {r['score']:>5.1f}  {r['role']:<8} {what[:90]}")
    if len(rows) > top:
        lines.append(f"  ... and {len(rows) - top} more in {out / 'queue.csv'}")
    failed = [r for r in rows if r["error"]]
    if failed and any(r["rank"] > top for r in failed):
        lines.append(f"failed ({len(failed)}):")
        lines += [f"  {r['device']}: {r['error'][:100]}" for r in failed]
    t = s["timings"]
    done = f"{s['scanned']} scanned"
    if s["reused"]:
        done += f", {s['reused']} already done (--force to redo)"
    if failed:
        done += f", {len(failed)} failed"
    rate = f", {t['devices_per_min']:.1f} devices/min" if t["devices_per_min"] else ""
    first = f"; first device result after {t['first_result_s']:.1f} s" if t["first_result_s"] is not None else ""
    lines.append(f"{s['devices']} devices ({done}) in {t['total_s']:.1f} s{rate}{first}")
    written = f"{out / 'queue.csv'}"
    if (Path(out) / "queue.html").exists():
        written += f", {out / 'queue.html'}"
    for w in s["warnings"]:
        lines.append(f"warning: {w}")
    lines.append(f"written: {written}, {out / 'devices'}/<device>/")
    return "\n".join(lines)

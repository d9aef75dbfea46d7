"""The ``devtriage`` command line.

Exit codes: 0 done (warnings are in the manifest), 1 the run failed (the extraction could
not be read at all, or the output could not be written), 2 usage error (a missing path, a
bad option, an invalid case file).
"""

from __future__ import annotations

import sys
import textwrap
import time
from pathlib import Path

import click

from . import __version__


class _Progress:
    """One status line on stderr, redrawn at most a few times a second."""

    def __init__(self, label: str):
        self.label = label
        self.last = 0.0
        self.start = time.perf_counter()
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int, path: str) -> None:
        now = time.perf_counter()
        if done < total and now - self.last < 0.25:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9)
        line = f"{self.label}: {done}/{total} files ({rate:,.0f}/s) {path[-60:]}"
        if self.tty:
            click.echo("\r" + line.ljust(100)[:100], nl=done >= total, err=True)


def _load_case(case_path: str | None):
    from .case import DEFAULT, CaseError, load

    if not case_path:
        return DEFAULT
    try:
        return load(case_path)
    except CaseError as exc:
        raise click.UsageError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="devtriage")
def main() -> None:
    """Triage seized-phone extractions for stalking and harassment cases.

    devtriage reads phone extractions (a folder, a .zip or .tar archive, an iTunes/Finder
    backup) without changing a byte of them, turns messages, calls and contacts into
    Apache Arrow tables with provenance on every row, and ranks what matters.
    """


@main.command()
@click.argument("extraction", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Output folder (created if missing).")
@click.option("--case", "case_path", type=click.Path(exists=True, dir_okay=False), help="case.toml: time zone and default region for phone numbers.")
@click.option("--device", default=None, help="Device (exhibit) name; default: the extraction's name.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def ingest(extraction: Path, out: Path, case_path: str | None, device: str | None, quiet: bool) -> None:
    """Read EXTRACTION into tables: OUT/tables/*.parquet and OUT/manifest.json.

    EXTRACTION is a folder (full file system or logical extraction), a .zip or
    .tar/.tar.gz archive, or an iTunes/Finder backup folder. Artifacts are recognised by
    content, so renamed or flattened exports work too. Nothing in EXTRACTION is written:
    databases are copied with their -wal/-journal into a private temporary folder first.
    """
    from .collect import ingest as run_ingest
    from .layout import LayoutError
    from .output import OutputError, prepare, write_json, write_tables

    case = _load_case(case_path)
    try:
        out = prepare(out)
    except OutputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    try:
        result = run_ingest(extraction, case, device=device, progress=None if quiet else _Progress("reading"))
    except LayoutError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    try:
        write_tables(out, result.tables)
        write_json(out / "manifest.json", result.manifest)
    except OSError as exc:
        click.echo(f"error: cannot write output to {out}: {exc}", err=True)
        sys.exit(1)
    if not quiet:
        click.echo(summary(result.manifest, out))


def _tail(text: str, width: int) -> str:
    return text if len(text) <= width else "..." + text[-(width - 3):]


def summary(manifest: dict, out: Path) -> str:
    """The one-screen summary printed after ingest."""
    lines = [f"device {manifest['device']} ({manifest['extraction']['layout']}): {manifest['files_seen']} files, {manifest['sqlite_probed']} SQLite databases examined"]
    arts = manifest["artifacts"]
    lines.append(f"artifacts read: {len(arts)}")
    for a in arts[:20]:
        rows = ", ".join(f"{n} {t}" for t, n in a["rows"].items()) or "no rows"
        lines.append(f"  {a['adapter']:<18} {_tail(a['path'], 56):<56} {rows}")
    if len(arts) > 20:
        lines.append(f"  ... and {len(arts) - 20} more (see manifest.json)")
    lines.append("rows: " + ", ".join(f"{t} {n}" for t, n in manifest["tables"].items()))
    warns = manifest["warnings"]
    lines.append(f"warnings: {len(warns)}")
    for w in warns[:8]:
        where = _tail(w["src_file"], 40) or "extraction"
        skipped = f" ({w['rows_skipped']} rows skipped)" if w["rows_skipped"] else ""
        lines.append(textwrap.shorten(f"  {where}: {w['reason']}{skipped}", 110))
    if len(warns) > 8:
        lines.append(f"  ... and {len(warns) - 8} more (see manifest.json)")
    lines.append(f"written: {out}/tables/*.parquet, {out}/manifest.json")
    return "\n".join(lines)


@main.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the queue and its outputs here (default: a temporary folder, removed after).")
def demo(out: Path | None) -> None:
    """Synthesise a small queue of devices and triage it with what exists.

    Eight synthetic extractions (Android and iOS, real on-disk formats, one planted
    stalking case among benign devices, each with its case file and ground truth) are
    written and ingested; the queue is printed with what the ground truth says was planted.
    """
    import tempfile

    from . import demo as example

    with tempfile.TemporaryDirectory(prefix="devtriage-demo-") as tmp:
        example.run(Path(out) if out else Path(tmp), echo=click.echo)
        if not out:
            click.echo("(the queue and outputs were in a temporary folder; use --out DIR to keep them)")


def _beside(extraction: Path) -> Path | None:
    """``EXHIBIT.case.toml`` beside the exhibit ``EXHIBIT`` (folder or archive), if any."""
    p = Path(extraction)
    cand = p.with_name(p.name + ".case.toml")
    return cand if cand.is_file() else None


@main.command()
@click.argument("extraction", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder: shortlist.json, report.html, findings.parquet, tables/, manifest.json.")
@click.option("--case", "case_path", type=click.Path(exists=True, dir_okay=False),
              help="Case file (case.toml): victim identifiers, places, orders, time zone. Default: "
                   "EXTRACTION.case.toml beside the extraction if there is one, else none (victim-agnostic).")
@click.option("--device", help="Device name used in the outputs (default: the extraction's name).")
@click.option("--indicators", "indicator_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Stalkerware indicator file (AssoEchap ioc.yaml / watchware.yaml, ISDI app-flags.csv); repeatable.")
@click.option("--quick", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Time budget for reading: highest-yield files first; the manifest lists what was not read.")
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary, just the exit code.")
def scan(extraction: Path, out: Path, case_path: str | None, device: str | None, indicator_files: tuple[str, ...],
         quick: float | None, quiet: bool) -> None:
    """Triage one device: ingest EXTRACTION, run every detector, rank, report.

    Writes into OUT the device's score (0-100), role (suspect / target / unclear) and
    ordered reasons with their evidence (shortlist.json), a self-contained report.html,
    every indicator finding (findings.parquet), the ingested tables and a manifest with
    the SHA-256 of every input file. EXTRACTION is never written to. Exit codes: 0 done
    (warnings are in the manifest), 1 the extraction could not be read at all or OUT
    cannot be written, 2 usage error.
    """
    from .layout import LayoutError
    from .output import OutputError
    from .scan import scan as run_scan

    if case_path is None and (beside := _beside(extraction)) is not None:
        case_path = str(beside)
        if not quiet:
            click.echo(f"case file: {beside}", err=True)
    case = _load_case(case_path)
    stage = (lambda s: None) if quiet else (lambda s: click.echo(f"{s}...", err=True))
    try:
        res = run_scan(extraction, out, case, device, tuple(indicator_files), quick, stage)
    except (LayoutError, OutputError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if not quiet:
        import json as _json

        doc = _json.loads((Path(out) / "shortlist.json").read_text(encoding="utf-8"))
        try:
            from .report.terminal import summary as term_summary
        except ImportError:
            term_summary = None
        if term_summary is not None:
            click.echo(term_summary(doc))
        else:
            click.echo(f"{res.device}: score {res.score:.0f}/100, role {res.role}")
            for r in doc["reasons"][:8]:
                click.echo(f"  {r['points']:.2f}  {r['indicator']:<22} {r['summary']}")
        click.echo(f"written: {out}/shortlist.json, report.html, findings.parquet, tables/, manifest.json "
                   f"({res.seconds:.1f} s)")


@main.command()
@click.option("--markdown", is_flag=True, help="Print the README's supported-formats table.")
def formats(markdown: bool) -> None:
    """List the adapters: what each reads, which versions, into which tables."""
    click.echo(formats_text(markdown))


def formats_text(markdown: bool = False) -> str:
    from .ingest import ADAPTERS

    lines = []
    for name, mod in ADAPTERS.items():
        if markdown:
            lines.append(f"| `{name}` | {mod.FORMAT} | {mod.VERSIONS} | {', '.join(mod.TABLES)} |")
        else:
            lines += [name, f"  reads:    {mod.FORMAT}", f"  versions: {mod.VERSIONS}", f"  tables:   {', '.join(mod.TABLES)}"]
    return "\n".join(lines)


@main.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--devices", "-n", default=1, show_default=True, type=click.IntRange(1, 999), help="How many device extractions to write.")
@click.option("--profile", default="typical", show_default=True, type=click.Choice(["tiny", "typical", "heavy"]),
              help="Size: tiny (~2k messages, for tests), typical (~50k messages, 10k calls, a year), heavy (>= 1M messages, 200k calls).")
@click.option("--seed", default=0, show_default=True, type=int, help="Random seed: the same seed gives byte-identical files.")
@click.option("--scenario", "scenarios", multiple=True,
              type=click.Choice(["fixated", "fixated_victim", "threats", "couple", "gaming", "delivery", "family_locator"]),
              help="Plant a scenario; repeat for more. The i-th scenario goes on the i-th device, the rest are "
                   "benign. fixated / threats: the suspect's phone (messages, calls, visits near the victim's places, "
                   "a tracker app, her new number and address); fixated_victim: the victim's phone (the j-th "
                   "fixated/threats and the j-th fixated_victim device are the two phones of one story; stalkerware "
                   "on it); couple, gaming, delivery, family_locator: benign look-alikes.")
def synth(out: Path, devices: int, profile: str, seed: int, scenarios: tuple[str, ...]) -> None:
    """Write synthetic phone extractions with ground truth into OUT.

    Each device is a file-system tree in the real on-disk formats (Android: mmssms.db,
    calllog.db, contacts2.db, WhatsApp msgstore.db and wa.db, Takeout Records.json,
    packages.xml, Chrome History, Google Keep keep.db; iOS: sms.db,
    CallHistory.storedata, AddressBook.sqlitedb, WhatsApp ChatStorage.sqlite, Safari
    History.db, NoteStore.sqlite), written as OUT/EXH-0001-android/, OUT/EXH-0002-ios/,
    ... (platforms alternate; delivery and family_locator devices are Android). Beside
    each exhibit: EXHIBIT.case.toml (its case file) and EXHIBIT.truth.json (seed,
    profile, counts per file and table, and every planted row by file, table and rowid).
    """
    from .synth.generate import generate

    if len(scenarios) > devices:
        raise click.UsageError(f"{len(scenarios)} scenarios need --devices {len(scenarios)} or more")
    t0 = time.perf_counter()
    lines: list[str] = []

    def progress(line: str) -> None:
        lines.append(line)
        click.echo(f"[{len(lines)}/{devices}] {time.perf_counter() - t0:6.1f}s  {line}", err=True)

    try:
        generate(out, devices, profile, seed, list(scenarios), progress=progress)
    except OSError as exc:
        click.echo(f"error: cannot write to {out}: {exc}", err=True)
        sys.exit(1)
    for line in lines:
        click.echo(line)
    click.echo(f"written: {out}/EXH-*/ with EXH-*.case.toml and EXH-*.truth.json beside them")


from .batch_cli import register as _register_batch  # noqa: E402  (the batch command lives in its own module)

_register_batch(main)

from .model_cli import register as _register_model  # noqa: E402  (``devtriage model train|eval``)

_register_model(main)

if __name__ == "__main__":  # pragma: no cover
    main()

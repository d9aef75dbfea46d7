"""``devtriage batch``: queue discovery, parallel runs, failures, re-runs, atomic outputs.

Most tests run :func:`devtriage.batch.run_batch` with stand-in scans defined in this
module (the workers import it by name: ``test_batch:fake_scan``) so that a crash, a
worker that dies and a slow device can be staged; one test runs the real
:func:`devtriage.scan.scan` on tiny synthetic devices. Every stand-in call leaves a file
in ``OUT/calls/`` so a test can count the scans of each device.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from devtriage import batch
from devtriage.batch import find_exhibits, run_batch
from devtriage.batch_cli import register
from devtriage.output import write_json

HERE = Path(__file__).resolve().parent


@dataclass
class ScanResult:  # the shape of devtriage.scan.ScanResult, without importing the detectors into the workers
    device: str
    score: float
    role: str
    top_indicators: list
    error: str | None
    seconds: float


# --- stand-in scans (run in the worker processes) ------------------------------------------


def _record_call(out: Path, device: str) -> None:
    calls = Path(out).parent.parent / "calls"
    calls.mkdir(exist_ok=True)
    (calls / f"{device}.{uuid.uuid4().hex}").touch()


def fake_scan(extraction, out, case=None, device=None, indicators=(), quick=None, progress=None):
    """Reads the exhibit's file list; ``CRASH`` in it raises, ``DIE`` kills the worker,
    ``score.txt`` (folders) sets the score, else the score is the number of files."""
    from devtriage.layout import open_layout

    out = Path(out)
    _record_call(out, device)
    if progress:
        progress("ingest")
    with open_layout(extraction) as layout:
        names = [e.path for e in layout.entries()]
    if any(n.endswith("CRASH") for n in names):
        raise ValueError("corrupt file CRASH")
    if any(n.endswith("DIE") for n in names):
        os._exit(3)
    if progress:
        progress("rank")
    p = Path(extraction)
    score = float((p / "score.txt").read_text()) if (p / "score.txt").is_file() else float(len(names))
    reasons = [{"indicator": i, "score": 1.0} for i in ("contact.volume", "contact.night", "contact.volume",
                                                        "contact.burst", "contact.unanswered")]
    doc = {"device": device, "score": score, "role": "suspect" if score >= 50 else "unclear",
           "case_id": case.case_id if case else None, "quick": quick, "indicators": list(indicators),
           "reasons": reasons}
    write_json(out / "manifest.json", {"device": device, "files": names})
    write_json(out / "shortlist.json", doc)
    return ScanResult(device, score, doc["role"], ["contact.volume", "contact.night", "contact.burst"], None, 0.01)


def slow_scan(extraction, out, case=None, device=None, indicators=(), quick=None, progress=None):
    """A scan that takes a while and writes several files atomically (for interrupts)."""
    out = Path(out)
    _record_call(out, device)
    for i in range(4):
        write_json(out / f"part{i}.json", {"i": i, "pad": "x" * 200_000})
        time.sleep(0.4)
    return _finish(out, device)


def _finish(out: Path, device: str):
    write_json(out / "shortlist.json", {"device": device, "score": 1.0, "role": "unclear", "reasons": []})
    return ScanResult(device, 1.0, "unclear", [], None, 0.0)


# --- helpers -------------------------------------------------------------------------------


def _folder(queue: Path, name: str, files: dict[str, str] | None = None) -> Path:
    d = queue / name
    d.mkdir(parents=True)
    for rel, text in (files or {"data/a.txt": "a"}).items():
        (d / rel).parent.mkdir(parents=True, exist_ok=True)
        (d / rel).write_text(text)
    return d


def _zip(queue: Path, name: str, files: dict[str, str]) -> Path:
    p = queue / name
    with zipfile.ZipFile(p, "w") as z:
        for rel, text in files.items():
            z.writestr(rel, text)
    return p


def _calls(out: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in (out / "calls").glob("*"):
        dev = f.name.rsplit(".", 1)[0]
        counts[dev] = counts.get(dev, 0) + 1
    return counts


def _queue_csv(out: Path) -> list[dict]:
    with open(out / "queue.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _no_temp_files(out: Path) -> None:
    left = [p for p in out.rglob("*") if p.name.endswith(".part")]
    assert not left, left


@pytest.fixture
def queue(tmp_path) -> Path:
    """Four devices: two folders with set scores, a zip, and a folder with a corrupt file."""
    q = tmp_path / "queue"
    _folder(q, "EXH-0001", {"score.txt": "30", "data/sms.db": "x"})
    _folder(q, "EXH-0002", {"score.txt": "80"})
    _zip(q, "EXH-0003.zip", {"a/b.txt": "1", "a/c.txt": "2"})
    _folder(q, "EXH-0004", {"score.txt": "5", "data/CRASH": "garbage"})
    (q / "EXH-0002.case.toml").write_text('case_id = "OP-2"\n')
    return q


@pytest.fixture
def cli():
    """The ``devtriage`` group with ``batch`` on it (registered here until cli.py does it)."""
    from devtriage import cli as devcli

    if "batch" in devcli.main.commands:
        return devcli.main
    group = click.Group("devtriage")
    register(group)
    return group


# --- discovery -----------------------------------------------------------------------------


def test_find_exhibits_folders_archives_and_case_files(tmp_path):
    q = tmp_path / "q"
    _folder(q, "EXH-0002-ios")
    _zip(q, "EXH-0001-android.zip", {"x.txt": "1"})
    _zip(q, "EXH-0005.zip", {"x.txt": "1"})
    with tarfile.open(q / "EXH-0003.tar.gz", "w:gz") as t:
        t.add(q / "EXH-0002-ios" / "data" / "a.txt", "a.txt")
    (q / "EXH-0004.ufdr").write_bytes(b"")  # an archive name with nothing in it: still an exhibit (unreadable);
    # its device name is layout.device_name's (which keeps .ufdr)
    _zip(q, "renamed-export", {"x.txt": "1"})  # zip by content, no suffix
    (q / "EXH-0001-android.case.toml").write_text('case_id = "A"\n')
    (q / "EXH-0005.zip.case.toml").write_text('case_id = "B"\n')
    (q / "EXH-0002-ios.case.toml").write_text('case_id = "C"\n')
    (q / "EXH-0002-ios.truth.json").write_text("{}")
    (q / "EXH-0009.case.toml").write_text("")  # no exhibit beside it
    (q / "notes.txt").write_text("chain of custody")
    (q / ".DS_Store").write_text("")
    _folder(q, ".hidden-folder")
    ex = find_exhibits(q)
    assert [e.device for e in ex] == ["EXH-0001-android", "EXH-0002-ios", "EXH-0003", "EXH-0004.ufdr", "EXH-0005",
                                      "renamed-export"]
    by = {e.device: e for e in ex}
    assert by["EXH-0001-android"].case_file == q / "EXH-0001-android.case.toml"
    assert by["EXH-0001-android"].path == q / "EXH-0001-android.zip"
    assert by["EXH-0002-ios"].case_file == q / "EXH-0002-ios.case.toml"
    assert by["EXH-0005"].case_file == q / "EXH-0005.zip.case.toml"
    assert by["EXH-0003"].case_file is None
    skipped = dict(ex.skipped)
    assert skipped["notes.txt"].startswith("not a folder or archive")
    assert skipped[".DS_Store"] == skipped[".hidden-folder"] == "hidden"
    assert "no exhibit" in skipped["EXH-0009.case.toml"]
    assert "EXH-0002-ios.truth.json" not in skipped and "EXH-0001-android.case.toml" not in skipped


def test_find_exhibits_same_name_twice_and_output_inside_queue(tmp_path):
    q = tmp_path / "q"
    _folder(q, "EXH-1")
    _zip(q, "EXH-1.zip", {"x": "1"})
    _folder(q, "triage-out")
    ex = find_exhibits(q, exclude=(q / "triage-out",))
    assert [e.device for e in ex] == ["EXH-1", "EXH-1.zip"]
    assert dict(ex.skipped)["triage-out"] == "the batch output folder"


def test_find_exhibits_unreadable_queue(tmp_path):
    with pytest.raises(batch.BatchError, match="cannot read the queue"):
        find_exhibits(tmp_path / "missing")


# --- runs ----------------------------------------------------------------------------------


def test_parallel_run_ranks_and_records_failures(queue, tmp_path):
    (queue / "EXH-0005.zip").write_bytes(b"")  # a real unreadable exhibit: an empty archive
    out = tmp_path / "out"
    seen = []
    rows = run_batch(queue, out, workers=2, scan_fn=fake_scan, progress=lambda s: seen.append(
        (s.done, dict(s.running), s.last and s.last["device"])))
    assert [r["device"] for r in rows] == ["EXH-0002", "EXH-0001", "EXH-0003", "EXH-0004", "EXH-0005"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    by = {r["device"]: r for r in rows}
    assert by["EXH-0002"]["score"] == 80 and by["EXH-0002"]["role"] == "suspect"
    assert by["EXH-0003"]["score"] == 2  # two files in the zip
    assert by["EXH-0002"]["top_indicators"] == ["contact.volume", "contact.night", "contact.burst"]
    assert by["EXH-0004"]["error"] == "ValueError: corrupt file CRASH"
    assert by["EXH-0004"]["score"] == 0 and by["EXH-0004"]["role"] == "unclear"
    assert by["EXH-0005"]["error"].startswith("LayoutError: ")
    for dev in ("EXH-0004", "EXH-0005"):
        m = json.loads((out / "devices" / dev / "manifest.json").read_text())
        assert m["status"] == "failed" and m["error"] == by[dev]["error"] and "Traceback" in m["error_detail"]
        assert not (out / "devices" / dev / ".done").exists()
    # the case file beside EXH-0002 reached its scan, the others ran without one
    assert json.loads((out / "devices/EXH-0002/shortlist.json").read_text())["case_id"] == "OP-2"
    assert json.loads((out / "devices/EXH-0001/shortlist.json").read_text())["case_id"] is None
    q = _queue_csv(out)
    assert list(q[0]) == ["rank", "device", "score", "role", "top_indicators", "error"]
    assert [(r["rank"], r["device"], r["score"]) for r in q[:2]] == [("1", "EXH-0002", "80.0"), ("2", "EXH-0001", "30.0")]
    assert q[0]["top_indicators"] == "contact.volume; contact.night; contact.burst" and q[0]["error"] == ""
    assert q[3]["error"] == "ValueError: corrupt file CRASH"
    assert _calls(out) == dict.fromkeys(["EXH-0001", "EXH-0002", "EXH-0003", "EXH-0004", "EXH-0005"], 1)
    # progress: every device finished once, stages of running devices came through
    finished = [d for _, _, d in seen if d]
    assert sorted(finished) == sorted(by)
    assert seen[-1][0] == 5
    assert any(st in ("ingest", "rank", "start", "starting") for _, running, _ in seen for st in running.values())
    s = rows.summary
    assert s["scanned"] == 5 and s["reused"] == 0 and len(s["failed"]) == 2
    assert s["timings"]["first_result_s"] <= s["timings"]["total_s"]
    assert json.loads((out / "batch.json").read_text())["devices"] == 5
    _no_temp_files(out)


def test_worker_that_dies_is_recorded_and_the_others_complete(queue, tmp_path):
    _folder(queue, "EXH-0000", {"data/DIE": "x"})
    _folder(queue, "EXH-0006", {"score.txt": "60"})
    out = tmp_path / "out"
    rows = run_batch(queue, out, workers=2, scan_fn=fake_scan)
    by = {r["device"]: r for r in rows}
    assert by["EXH-0000"]["error"].startswith("BrokenProcessPool: ")
    assert by["EXH-0000"]["score"] == 0 and by["EXH-0000"]["role"] == "unclear"
    m = json.loads((out / "devices/EXH-0000/manifest.json").read_text())
    assert m["error"] == by["EXH-0000"]["error"]
    assert {d for d, r in by.items() if r["error"]} == {"EXH-0000", "EXH-0004"}
    assert by["EXH-0006"]["score"] == 60 and by["EXH-0002"]["score"] == 80
    assert rows.summary["pool_restarts"] >= 1
    assert len(_queue_csv(out)) == 6
    _no_temp_files(out)


def test_rerun_skips_done_devices_force_redoes(queue, tmp_path):
    out = tmp_path / "out"
    first = run_batch(queue, out, workers=2, scan_fn=fake_scan)
    assert _calls(out) == dict.fromkeys(["EXH-0001", "EXH-0002", "EXH-0003", "EXH-0004"], 1)
    again = run_batch(queue, out, workers=2, scan_fn=fake_scan)
    # done devices are read back, the failed one is tried again
    assert _calls(out) == {"EXH-0001": 1, "EXH-0002": 1, "EXH-0003": 1, "EXH-0004": 2}
    assert [(r["device"], r["score"], r["top_indicators"]) for r in again] == \
           [(r["device"], r["score"], r["top_indicators"]) for r in first]
    assert {r["device"]: r["status"] for r in again} == {"EXH-0001": "reused", "EXH-0002": "reused",
                                                         "EXH-0003": "reused", "EXH-0004": "failed"}
    # a device whose marker is gone (killed before it finished) or no longer matches is redone
    (out / "devices/EXH-0001/.done").unlink()
    (out / "devices/EXH-0003/shortlist.json").write_text('{"score": 99}')
    run_batch(queue, out, workers=2, scan_fn=fake_scan)
    assert _calls(out) == {"EXH-0001": 2, "EXH-0002": 1, "EXH-0003": 2, "EXH-0004": 3}
    # other parameters (here --quick) redo every device
    run_batch(queue, out, workers=2, scan_fn=fake_scan, quick=5)
    assert _calls(out) == {"EXH-0001": 3, "EXH-0002": 2, "EXH-0003": 3, "EXH-0004": 4}
    assert json.loads((out / "devices/EXH-0002/shortlist.json").read_text())["quick"] == 5
    rows = run_batch(queue, out, workers=2, scan_fn=fake_scan, quick=5, force=True)
    assert _calls(out) == {"EXH-0001": 4, "EXH-0002": 3, "EXH-0003": 4, "EXH-0004": 5}
    assert all(r["status"] != "reused" for r in rows)
    _no_temp_files(out)


def test_redo_clears_the_old_device_folder(queue, tmp_path):
    out = tmp_path / "out"
    run_batch(queue, out, workers=1, scan_fn=fake_scan)
    stale = out / "devices/EXH-0001/tables/old.parquet"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    run_batch(queue, out, workers=1, scan_fn=fake_scan, force=True)
    assert not stale.exists()


def test_shared_case_file_applies_to_every_device(queue, tmp_path):
    case = tmp_path / "all.case.toml"
    case.write_text('case_id = "OP-ALL"\n')
    out = tmp_path / "out"
    run_batch(queue, out, case_file=case, workers=2, scan_fn=fake_scan)
    for dev in ("EXH-0001", "EXH-0002", "EXH-0003"):
        assert json.loads((out / "devices" / dev / "shortlist.json").read_text())["case_id"] == "OP-ALL"
    # changing the case file redoes the devices
    case.write_text('case_id = "OP-ALL-2"\n')
    run_batch(queue, out, case_file=case, workers=2, scan_fn=fake_scan)
    assert _calls(out)["EXH-0001"] == 2


def test_bad_case_file_beside_one_exhibit_fails_that_device_only(queue, tmp_path):
    (queue / "EXH-0001.case.toml").write_text("bogus_key = 1\n")
    rows = run_batch(queue, tmp_path / "out", workers=2, scan_fn=fake_scan)
    by = {r["device"]: r for r in rows}
    assert by["EXH-0001"]["error"].startswith("CaseError: ")
    assert by["EXH-0002"]["error"] is None and by["EXH-0002"]["score"] == 80


def test_atomic_write_leaves_no_temp_file(tmp_path, monkeypatch):
    dest = tmp_path / "queue.csv"
    batch.atomic_write(dest, b"old\n")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(batch.os, "replace", boom)
    with pytest.raises(OSError):
        batch.atomic_write(dest, b"new\n")
    monkeypatch.undo()
    assert dest.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["queue.csv"]


def test_interrupted_batch_leaves_whole_files_and_resumes(queue, tmp_path):
    """SIGTERM the `devtriage batch` process mid-run: exit 130, no temp files, and the next
    run scans only the devices that had not finished."""
    for i in range(5, 9):
        _folder(queue, f"EXH-000{i}")
    (queue / "EXH-0004" / "data" / "CRASH").unlink()
    out = tmp_path / "out"
    script = ("import functools, click, devtriage.batch as b, test_batch as t\n"
              "from devtriage.batch_cli import register\n"
              "b.run_batch = functools.partial(b.run_batch, scan_fn=t.slow_scan)\n"
              "g = click.Group('devtriage'); register(g); g()\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", script, "batch", str(queue), "--out", str(out), "--workers", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((out / "devices").glob("*/.done")):
        time.sleep(0.05)
    assert list((out / "devices").glob("*/.done")), proc.communicate(timeout=30)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    _no_temp_files(out)
    assert not (out / "queue.csv").exists()
    done = {p.parent.name for p in (out / "devices").glob("*/.done")}
    assert 1 <= len(done) < 8
    before = _calls(out)
    rows = run_batch(queue, out, workers=2, scan_fn=slow_scan)
    after = _calls(out)
    assert {d for d in after if after[d] > before.get(d, 0)} == {r["device"] for r in rows} - done
    assert len(rows) == 8 and not any(r["error"] for r in rows)
    _no_temp_files(out)


# --- the real scan -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_queue(tmp_path_factory) -> Path:
    from devtriage.synth.generate import generate

    q = tmp_path_factory.mktemp("synth") / "queue"
    generate(q, 4, "tiny", 20261121, ["fixated", "couple"])
    (q / "EXH-0005-android.zip").write_bytes(b"PK\x03\x04 truncated")
    return q


def test_real_scan_on_synthetic_devices(synthetic_queue, tmp_path):
    out = tmp_path / "out"
    rows = run_batch(synthetic_queue, out, workers=2)
    assert len(rows) == 5
    top = rows[0]
    assert top["device"] == "EXH-0001-android" and top["role"] == "suspect" and top["error"] is None
    assert top["top_indicators"]
    by = {r["device"]: r for r in rows}
    assert by["EXH-0005-android"]["error"] and by["EXH-0005-android"]["score"] == 0
    assert rows[-1]["device"] == "EXH-0005-android"
    for r in rows:
        d = out / "devices" / r["device"]
        if r["error"]:
            assert json.loads((d / "manifest.json").read_text())["error"] == r["error"]
            continue
        for f in ("shortlist.json", "manifest.json", "findings.parquet", "case.json", ".done"):
            assert (d / f).exists(), (r["device"], f)
        sl = json.loads((d / "shortlist.json").read_text())
        assert (sl["score"], sl["role"]) == (r["score"], r["role"])
        case_id = json.loads((d / "case.json").read_text())["case_id"]
        toml = (synthetic_queue / f"{r['device']}.case.toml").read_text()
        assert f'"{case_id}"' in toml  # its own case file beside the exhibit
    assert _queue_csv(out)[0]["device"] == "EXH-0001-android"
    _no_temp_files(out)


# --- the command ---------------------------------------------------------------------------


def _with_fake_scan(monkeypatch, fn=fake_scan):
    real = batch.run_batch
    monkeypatch.setattr(batch, "run_batch", lambda *a, **k: real(*a, **{**k, "scan_fn": fn}))


def test_cli_exit_codes(cli, queue, tmp_path, monkeypatch):
    runner = CliRunner()
    _with_fake_scan(monkeypatch)
    out = tmp_path / "out"
    res = runner.invoke(cli, ["batch", str(queue), "--out", str(out), "--workers", "2"])
    assert res.exit_code == 0, res.output  # a failed device does not fail the run
    assert "EXH-0002" in res.output and "error: ValueError: corrupt file CRASH" in res.output
    assert "first device result after" in res.output
    lines = res.output.splitlines()
    ranked = [ln.split()[1] for ln in lines if ln.strip()[:1].isdigit() and "EXH-" in ln.split()[1]]
    assert ranked == ["EXH-0002", "EXH-0001", "EXH-0003", "EXH-0004"]
    res = runner.invoke(cli, ["batch", str(queue), "--out", str(out)])
    assert res.exit_code == 0 and "3 already done" in res.output
    # usage errors: 2
    assert runner.invoke(cli, ["batch", str(tmp_path / "nope"), "--out", str(out)]).exit_code == 2
    assert runner.invoke(cli, ["batch", str(queue)]).exit_code == 2
    assert runner.invoke(cli, ["batch", str(queue), "--out", str(out), "--workers", "0"]).exit_code == 2
    assert runner.invoke(cli, ["batch", str(queue), "--out", str(out), "--quick", "-1"]).exit_code == 2
    bad = tmp_path / "bad.case.toml"
    bad.write_text("victim = 3\n")
    res = runner.invoke(cli, ["batch", str(queue), "--out", str(out), "--case", str(bad)])
    assert res.exit_code == 2, res.output
    # the run itself fails: 1 (output folder under a file; queue unreadable)
    blocker = tmp_path / "file"
    blocker.write_text("")
    res = runner.invoke(cli, ["batch", str(queue), "--out", str(blocker / "out")])
    assert res.exit_code == 1 and "error:" in res.output

    def denied(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(batch.os, "scandir", denied)
    res = runner.invoke(cli, ["batch", str(queue), "--out", str(tmp_path / "out2")])
    assert res.exit_code == 1 and "cannot read the queue" in res.output


def test_cli_help_explains(cli):
    res = CliRunner().invoke(cli, ["batch", "--help"])
    assert res.exit_code == 0
    for word in ("QUEUE", "--out", "--case", "--workers", "--quick", "--force", "--indicators", "queue.csv",
                 "Exit codes"):
        assert word in res.output

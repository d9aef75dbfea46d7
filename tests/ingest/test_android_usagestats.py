"""android_usagestats: usagestats XML event logs, round trips from synth.usage."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc

from devtriage.ingest import android_packages, android_usagestats
from devtriage.ingest.base import Probe
from devtriage.synth import usage

from test_android_packages import run_file

T0 = 1_767_254_400_000  # 2026-01-01T08:00:00Z
SESSIONS = [
    usage.Session("com.whatsapp", T0, T0 + 40_000),
    usage.Session("com.life360.android.safetymapd", T0 + 50_000, T0 + 170_000),
    usage.Session("com.whatsapp", T0 + 20 * 3_600_000, T0 + 20 * 3_600_000 + 5_000),  # 04:00 next day
    usage.Session("com.life360.android.safetymapd", T0 + 30 * 3_600_000, T0 + 30 * 3_600_000 + 61_234),  # next file
]


def _read_all(root: Path):
    out = {}
    base = root / usage.USAGESTATS_DIR
    for f in sorted(base.rglob("*")):
        if f.is_file() and f.name != "version":
            rel = f.relative_to(root).as_posix()
            data = f.read_bytes()
            if not android_usagestats.detect(Probe(rel, len(data), data[:100])):
                continue
            tables, warnings = run_file(android_usagestats, f, rel)
            assert warnings == []
            if tables:
                out[rel] = tables["app_events"]
    return out


def test_round_trip(tmp_path):
    where = usage.write_usagestats(tmp_path, SESSIONS)
    tables = _read_all(tmp_path)
    assert tables and all("/daily/" in k for k in tables)  # only daily files keep an event log
    for s, (file, table, idx) in zip(SESSIONS, where):
        t = tables[file]
        row = t.filter(pc.equal(t.column("src_row"), idx)).to_pylist()
        assert len(row) == 1 and table == "event"
        r = row[0]
        assert int(r["ts"].timestamp() * 1000 + 0.5) == s.start_ms
        assert (r["app"], r["event"], r["event_type"], r["interval"]) == (s.package, "foreground", 1, "daily")
        assert r["detail"] == usage.ACTIVITIES.get(s.package, f"{s.package}.MainActivity")
        # its background event: the session's end
        bg = [x for x in t.to_pylist() if x["app"] == s.package and x["event"] == "background"
              and int(x["ts"].timestamp() * 1000 + 0.5) == s.end_ms]
        assert len(bg) == 1 and bg[0]["event_type"] == 2
    # screen / keyguard events under package android, codes kept
    t = next(iter(tables.values()))
    got = {(r["event_type"], r["event"]) for r in t.to_pylist() if r["app"] == "android"}
    assert {(15, "screen on"), (18, "keyguard hidden")} <= got
    # src_row is the index of each <event> element: 0..n-1 in each file
    for t in tables.values():
        assert t.column("src_row").to_pylist() == list(range(t.num_rows))


def test_name_must_be_begin_time(tmp_path):
    usage.write_usagestats(tmp_path, SESSIONS[:2])
    f = next((tmp_path / usage.USAGESTATS_DIR / "daily").iterdir())
    (tmp_path / "renamed.xml").write_bytes(f.read_bytes())
    tables, warnings = run_file(android_usagestats, tmp_path / "renamed.xml", "export/renamed.xml")
    assert tables == {} and warnings[0].rows_skipped > 0
    assert android_usagestats.begin_ms("x/1767254400000-c") == 1_767_254_400_000
    assert android_usagestats.begin_ms("x/1767254400000.bak") == 1_767_254_400_000


def test_damaged_and_detect(tmp_path):
    usage.write_usagestats(tmp_path, SESSIONS[:2])
    f = next((tmp_path / usage.USAGESTATS_DIR / "daily").iterdir())
    data = f.read_bytes()
    cut = tmp_path / f.name
    cut.write_bytes(data[: data.index(b"<event ", data.index(b"<event ") + 10) + 20])
    tables, warnings = run_file(android_usagestats, cut, f"data/system/usagestats/0/daily/{f.name}")
    assert tables["app_events"].num_rows == 1
    assert any("damaged" in w.reason for w in warnings)
    assert not android_packages.detect(Probe(f.name, len(data), data[:100]))
    assert not android_usagestats.detect(Probe("x", 16, b"SQLite format 3\x00"))

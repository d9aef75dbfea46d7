"""The apps detector: curated list, indicator-file loaders, hand-built tables and synthetic devices."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pytest

from devtriage import case as case_mod
from devtriage.case import Case
from devtriage.detect import DETECTORS, apps
from devtriage.schema import conform

INDICATOR_DIR = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "indicators").resolve()
T0 = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)
UTC = Case(timezone="UTC")


def _apps(rows: list[tuple]) -> pa.Table:
    """rows: (app, installed_ts, source, installer, system)."""
    cols = {k: [] for k in ("app", "installed_ts", "source", "installer", "system", "src_table", "src_row")}
    for i, (a, ts, src, inst, system) in enumerate(rows):
        for k, v in zip(("app", "installed_ts", "source", "installer", "system"), (a, ts, src, inst, system)):
            cols[k].append(v)
        cols["src_table"].append("package")
        cols["src_row"].append(i)
    return conform("apps", pa.table(cols, schema=pa.schema([
        ("app", pa.string()), ("installed_ts", pa.timestamp("ms", tz="UTC")), ("source", pa.string()),
        ("installer", pa.string()), ("system", pa.bool_()), ("src_table", pa.string()), ("src_row", pa.int64())])))


def _events(rows: list[tuple]) -> pa.Table:
    """rows: (ts, app, event)."""
    return conform("app_events", pa.table({"ts": pa.array([r[0] for r in rows], pa.timestamp("ms", tz="UTC")),
                                           "app": [r[1] for r in rows], "event": [r[2] for r in rows]}))


def _by(f: pa.Table, subject: str) -> dict:
    rows = [r for r in f.to_pylist() if r["subject"] == subject]
    assert len(rows) == 1, f"{subject}: {len(rows)} findings"
    return rows[0]


def test_registered():
    assert DETECTORS["apps"] is apps
    ind = apps.builtin()
    for app_id, kind in [("com.systemservice", "stalkerware"), ("com.mspy.lite", "stalkerware"),
                         ("com.vvt.android.syncmanager", "stalkerware"), ("com.android.core.monitor.debug", "stalkerware"),
                         ("com.sc.spyic.v2", "stalkerware"), ("com.xnspy.dashboard", "stalkerware"),
                         ("com.kids.pro", "stalkerware"), ("com.life360.android.safetymapd", "watchware"),
                         ("com.life360.safetymap", "watchware"), ("com.geozilla.family", "watchware"),
                         ("com.glympse.android.glympse", "dual-use"), ("org.findmykids.app", "watchware"),
                         ("com.wondershare.famisafe", "watchware"), ("com.google.android.apps.adm", "device finder"),
                         ("com.samsung.android.fmm", "device finder"), ("com.apple.findmy", "device finder")]:
        e = ind.by_id[app_id.lower()]
        assert e.kind == kind and e.source and e.builtin, app_id


def test_hand_built_tables():
    night = dt.datetime(2026, 1, 20, 2, 30, tzinfo=dt.UTC)
    tables = {
        "apps": _apps([
            ("com.whatsapp", T0 - dt.timedelta(days=300), "store", "com.android.vending", False),
            ("com.systemservice", T0, "sideload", "com.google.android.packageinstaller", False),
            ("com.life360.android.safetymapd", T0, "store", "com.android.vending", False),
            ("com.google.android.apps.adm", T0 - dt.timedelta(days=500), "system", None, True),
            ("com.mspy.lite", T0, "store", "com.android.vending", False),
        ]),
        "app_events": _events(
            [(T0 - dt.timedelta(days=30), "com.whatsapp", "foreground")]
            + [(T0 + dt.timedelta(days=d, hours=9), "com.life360.android.safetymapd", "foreground") for d in range(1, 21)]
            + [(night + dt.timedelta(days=d), "com.life360.android.safetymapd", "foreground") for d in range(6)]
            + [(night, "com.life360.android.safetymapd", "background"),
               (T0 + dt.timedelta(days=3), "com.life360.safetymap", "foreground")]),
    }
    f = apps.run(tables, UTC, "d")
    assert sorted(f.column("subject").to_pylist()) == ["com.life360.android.safetymapd", "com.life360.safetymap",
                                                       "com.mspy.lite", "com.systemservice"]
    spy = _by(f, "com.systemservice")
    assert (spy["indicator"], spy["side"], spy["score"]) == ("apps.stalkerware", "in", 1.0)  # sideloaded + disguised
    assert spy["evidence"] == [{"table": "apps", "row": 1}]
    assert "TheTruthSpy" in spy["summary"] and "sideloaded" in spy["summary"] and "10 Jan 2026" in spy["summary"]
    mspy = _by(f, "com.mspy.lite")
    assert mspy["score"] == pytest.approx(0.8)
    life = _by(f, "com.life360.android.safetymapd")
    assert (life["indicator"], life["side"], life["count"], life["name"]) == ("apps.tracker", "out", 26, "Life360")
    d = json.loads(life["details"])
    assert d["night_sessions"] == 6 and d["installed_days_after_earliest_record"] == pytest.approx(30.0)
    assert "opened 26 times, 6 between 00:00 and 06:00" in life["summary"] and "from Google Play" in life["summary"]
    # evidence: the apps row, then the night sessions, then the rest, each in time order
    ev = life["evidence"]
    assert ev[0] == {"table": "apps", "row": 2}
    rows = [e["row"] for e in ev[1:]]
    assert rows[:6] == list(range(21, 27)) and rows[6:] == list(range(1, 21))
    assert life["first_ts"] == T0 and life["last_ts"] == T0 + dt.timedelta(days=20, hours=9)
    # an app seen only in the usage log (an iPhone without an install list)
    ios = _by(f, "com.life360.safetymap")
    assert ios["evidence"] == [{"table": "app_events", "row": 28}] and "not in the installed-apps list" in ios["summary"]
    # the preinstalled device finder is only reported once used
    tables["app_events"] = _events([(T0, "com.google.android.apps.adm", "foreground")])
    f = apps.run(tables, UTC, "d")
    assert _by(f, "com.google.android.apps.adm")["score"] < 0.3


def test_night_is_local_time():
    tables = {"apps": _apps([("com.geozilla.family", T0, "store", "com.android.vending", False)]),
              "app_events": _events([(dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC), "com.geozilla.family", "foreground")])}
    london = Case(timezone="Europe/London")  # 00:30 BST
    assert json.loads(apps.run(tables, london)["details"][0].as_py())["night_sessions"] == 1
    assert json.loads(apps.run(tables, UTC)["details"][0].as_py())["night_sessions"] == 0


def test_echap_yaml_parser():
    text = """- name: Foo
  names:
  - Foo Spy
  type: stalkerware
  packages:
    - com.foo.spy  # a comment
    - 'com.foo.quoted'
  certificates:
  - 0123456789ABCDEF0123456789ABCDEF01234567
  c2:
    ips:
    - 1.2.3.4
    domains:
    - foo.example
  websites:
  - foo.example

- name: Bar
  type: watchware
  ios_bundles:
  - com.bar.ios
"""
    e = apps.parse_echap_yaml(text)
    assert [x["name"] for x in e] == ["Foo", "Bar"]
    assert e[0]["packages"] == ["com.foo.spy", "com.foo.quoted"] and e[0]["websites"] == ["foo.example"]
    assert e[0]["type"] == "stalkerware" and e[1]["ios_bundles"] == ["com.bar.ios"]
    assert "1.2.3.4" not in json.dumps(e[0]["packages"])


def test_loader_errors_are_warnings(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("just: a mapping\n")
    ind = apps.load_indicators([bad, tmp_path / "missing.csv"])
    assert len(ind.warnings) == 2 and ind.files == []
    assert len(ind) == len(apps.builtin())


def _need_indicators():
    if not INDICATOR_DIR.is_dir():
        pytest.skip("../shared/data/indicators not present: the indicator-file loader tests need the AssoEchap and ISDI samples")


def test_indicator_files():
    _need_indicators()
    ioc, ww, isdi = (INDICATOR_DIR / n for n in ("echap_stalkerware_ioc.yaml", "echap_watchware.yaml", "isdi_app_flags.csv"))
    text = ioc.read_text()
    entries = apps.parse_echap_yaml(text)
    assert len(entries) == sum(1 for line in text.splitlines() if line.startswith("- "))
    assert len(entries) == sum(1 for line in text.splitlines() if line.strip() == "type: stalkerware")
    assert all(e["type"] == "stalkerware" for e in entries)
    tts = next(e for e in entries if e["name"] == "TheTruthSpy")
    assert "com.systemservice" in tts["packages"] and len(tts["certificates"]) == 16
    assert "69.64.74.239" not in json.dumps(entries)  # c2 addresses are not app ids

    only = apps.load_indicators([ioc, ww, isdi], base=apps.Indicators())
    assert only.warnings == [] and len(only.files) == 3
    assert only.by_id["com.systemservice"].kind == "stalkerware"
    assert only.by_id["com.life360.android.safetymapd"].kind == "watchware"  # watchware.yaml before ISDI's dual-use
    assert only.by_id["com.strava"].kind == "dual-use" and only.by_id["com.strava"].source.startswith("ISDI")
    assert only.by_id["org.findmykids.app"].kind == "stalkerware"  # ISDI says stalkerware: wins among files
    assert only.by_id["sys.framework"].kind == "stalkerware"  # ISDI spyware, off-store
    assert only.by_id["com.microsoft.familysafety"].kind in ("watchware", "spyware")
    assert len(only.by_cert) > 100

    full = apps.load_indicators([ioc, ww, isdi])
    assert full.by_id["org.findmykids.app"].kind == "watchware" and full.by_id["org.findmykids.app"].builtin
    # matching by signing certificate and the lower weight of file-only dual-use entries
    cert = tts["certificates"][0]
    tables = {"apps": conform("apps", pa.table({"app": ["com.renamed.app", "com.strava"],
                                                "cert_sha1": [f"AAAA;{cert}", None],
                                                "src_table": ["package", "package"], "src_row": [0, 1]})),
              "app_events": _events([(T0 + dt.timedelta(hours=h), "com.strava", "foreground") for h in range(40)])}
    f = apps.run(tables, UTC, "d", full)
    renamed = _by(f, "com.renamed.app")
    assert renamed["indicator"] == "apps.stalkerware" and "signing certificate" in renamed["summary"]
    assert _by(f, "com.strava")["score"] <= 0.5 * (0.25 + 0.2 + 0.2 + 0.25 + 0.3)
    assert apps.run(tables, UTC, "d").num_rows == 0  # neither is in the built-in list


@pytest.fixture(scope="module")
def devices(tmp_path_factory):
    from devtriage.collect import ingest
    from devtriage.synth.generate import generate

    out = tmp_path_factory.mktemp("apps_synth")
    generate(out, 4, "tiny", 3, ["fixated", "couple", "fixated_victim", "family_locator"])
    res = {}
    for truth in sorted(out.glob("*.truth.json")):
        ex = truth.name[: -len(".truth.json")]
        case = case_mod.load(out / f"{ex}.case.toml")
        r = ingest(out / ex, case)
        res[ex] = (json.loads(truth.read_text()), r.tables, apps.run(r.tables, case, ex))
    return res


def _provenance(tables, evidence):
    out = set()
    for e in evidence:
        r = tables[e["table"]].slice(e["row"], 1).to_pylist()[0]
        out.add((r["src_file"], r["src_table"], r["src_row"]))
    return out


def _planted(truth):
    return [(p["file"], p["table"], p["rowid"], p["what"]) for s in truth["scenarios"] for p in s["planted_apps"]]


def test_synthetic_devices(devices):
    by_scenario = {truth["scenarios"][0]["name"]: (truth, tables, f) for truth, tables, f in devices.values()}
    # the suspect: an apps.tracker finding for the planted tracker, with every planted row as evidence
    truth, tables, f = by_scenario["fixated"]
    planted = _planted(truth)
    app_row = next(p for p in planted if p[3].startswith("tracker app "))
    pkg = tables["apps"].filter(pa.compute.equal(tables["apps"]["src_row"], app_row[2]))["app"][0].as_py()
    tracker = _by(f, pkg)
    assert tracker["indicator"] == "apps.tracker" and tracker["side"] == "out"
    assert {p[:3] for p in planted} <= _provenance(tables, tracker["evidence"])
    assert tracker["evidence"][0]["table"] == "apps"
    # the victim: an apps.stalkerware finding for the planted stalkerware
    truth, tables, f = by_scenario["fixated_victim"]
    (planted,) = _planted(truth)
    spy = [r for r in f.to_pylist() if r["indicator"] == "apps.stalkerware"]
    assert len(spy) == 1 and spy[0]["side"] == "in" and spy[0]["score"] >= 0.9
    assert planted[:3] in _provenance(tables, spy[0]["evidence"])
    assert planted[3].split(" ", 1)[1] in spy[0]["summary"]  # the product name
    # the parent's Life360: a tracker finding, scored below the suspect's
    truth, tables, f = by_scenario["family_locator"]
    life = _by(f, "com.life360.android.safetymapd")
    assert life["indicator"] == "apps.tracker" and life["score"] < tracker["score"]
    assert _planted(truth)[0][:3] in _provenance(tables, life["evidence"])
    # the couple's iPhone: nothing
    assert by_scenario["couple"][2].num_rows == 0

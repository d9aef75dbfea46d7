"""report.html / queue.html: structure (stdlib HTML parser) and rendering in headless Chromium."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pytest

from devtriage.report.html import _marked, write_device, write_queue
from devtriage.report.terminal import summary

SEED = 20261121


# --- building scan output folders -------------------------------------------------------------------------


def _iso(v) -> str | None:
    if v is None:
        return None
    return v.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _case_json(case) -> dict:
    return {"case_id": case.case_id, "timezone": case.timezone,
            "victim": {"names": list(case.victim.names), "phones": list(case.victim.phones)},
            "places": [{"label": p.label, "lat": p.lat, "lon": p.lon, "radius_m": p.radius_m} for p in case.places],
            "orders": [{"kind": o.kind, "start": _iso(o.start), "end": _iso(o.end)} for o in case.orders]}


def _evidence(tables: dict, ev: dict) -> dict:
    rec = tables[ev["table"]].slice(ev["row"], 1).to_pylist()[0]
    return {**ev, "ts": _iso(rec.get("ts")), "direction": rec.get("direction"), "counterpart": rec.get("counterpart"),
            "app": rec.get("app"), "text": rec.get("body"), "src_file": rec["src_file"],
            "src_table": rec["src_table"], "src_row": rec["src_row"]}


def _hand_scan(exhibit: Path, out: Path, case, device: str) -> None:
    """What devtriage.scan writes, built by hand from ingest + detectors (contract of issue 5)."""
    from devtriage import output
    from devtriage.collect import ingest
    from devtriage.detect import run_all

    res = ingest(exhibit, case, device)
    output.write_tables(out, res.tables)
    findings = run_all(res.tables, case, device)
    output.write_parquet(out / "findings.parquet", findings)
    output.write_json(out / "manifest.json", res.manifest)
    output.write_json(out / "case.json", _case_json(case))
    reasons = []
    for k, f in enumerate(findings.to_pylist()):
        # the first reasons carry the full evidence fields; later ones only {table, row} (the report fills them)
        evidence = [_evidence(res.tables, e) if k < 3 else dict(e) for e in f["evidence"]]
        reasons.append({"indicator": f["indicator"], "score": f["score"], "weight": 1.0, "points": f["score"],
                        "subject": f["subject"], "name": f["name"], "side": f["side"], "anchored": f["anchored"],
                        "summary": f["summary"], "first_ts": _iso(f["first_ts"]), "last_ts": _iso(f["last_ts"]),
                        "evidence": evidence})
    top = reasons[0]["points"] if reasons else 0.0
    output.write_json(out / "shortlist.json", {
        "device": device, "score": round(100 * top, 1), "role": "suspect" if reasons and reasons[0]["side"] == "out"
        else "target", "role_why": "hand-built fixture: the side of the top reason", "case_id": case.case_id,
        "generated_by": "devtriage test", "counts": res.manifest["tables"], "reasons": reasons, "people": []})


def _scan(exhibit: Path, out: Path, case, device: str) -> None:
    try:
        from devtriage.scan import scan
    except ImportError:
        _hand_scan(exhibit, out, case, device)
    else:
        scan(exhibit, out, case=case, device=device)


def _add_locations(out: Path, case) -> int:
    """Add a location-evidence reason (visits near the first case place) and a flagged span; returns points."""
    import pyarrow.parquet as pq

    from devtriage import output, schema

    place = case.places[0]
    path = out / "tables" / "locations.parquet"
    old = pq.read_table(path) if path.exists() else schema.empty("locations")
    base = dt.datetime(2026, 2, 10, 21, 30, tzinfo=dt.UTC)
    new = [{"device": out.name, "ts": base + dt.timedelta(days=i, minutes=7 * i), "lat": place.lat + 0.0004 * (i - 2),
            "lon": place.lon - 0.0006 * (i % 3), "accuracy_m": 20.0 + 5 * i, "source": "test",
            "src_file": "data/data/com.google.android.gms/databases/locations.db", "src_table": "fixes",
            "src_row": 100 + i} for i in range(6)]
    rows = old.to_pylist() + new
    table = pa.Table.from_pylist(rows, schema=old.schema)
    output.write_parquet(path, table)
    sl = json.loads((out / "shortlist.json").read_text())
    ev = [{"table": "locations", "row": old.num_rows + i, "ts": _iso(r["ts"]), "lat": r["lat"], "lon": r["lon"],
           "accuracy_m": r["accuracy_m"], "src_file": r["src_file"], "src_table": r["src_table"], "src_row": r["src_row"]}
          for i, r in enumerate(new)]
    at = sum(1 for r in sl["reasons"] if r["points"] >= 0.9)
    sl["reasons"].insert(at, {"indicator": "location.place_visits", "score": 0.9, "weight": 1.0, "points": 0.9,
                             "subject": place.label, "summary": f"6 evenings near {place.label} (test fixture)",
                             "first_ts": ev[0]["ts"], "last_ts": ev[-1]["ts"], "evidence": ev})
    # a flagged span on the first text evidence row
    for r in sl["reasons"]:
        for e in r["evidence"]:
            if e.get("text"):
                e["spans"] = [[0, min(7, len(e["text"]))]]
                e["context"] = True
                sl["_marked"] = e["text"][: min(7, len(e["text"]))]
                break
        if "_marked" in sl:
            break
    (out / "shortlist.json").write_text(json.dumps(sl, indent=2, ensure_ascii=False))
    return len(new)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    from devtriage.case import load
    from devtriage.synth.generate import generate

    root = tmp_path_factory.mktemp("report")
    paths = generate(root / "queue", 2, "tiny", SEED, ["fixated", "fixated_victim"])
    out = root / "out"
    rows = []
    for p in paths:
        case = load(p.with_name(p.name + ".case.toml"))
        dev = out / "devices" / p.name
        _scan(p, dev, case, p.name)
        if p is paths[0]:
            _add_locations(dev, case)
        write_device(dev)
        sl = json.loads((dev / "shortlist.json").read_text())
        rows.append({"device": p.name, "score": sl["score"], "role": sl["role"],
                     "top_indicators": "; ".join(r["indicator"] for r in sl["reasons"][:3]), "error": ""})
    rows.sort(key=lambda r: (-r["score"], r["device"]))
    for i, r in enumerate(rows, 1):
        r["rank"] = i
    rows.append({"rank": 3, "device": "EXH-0003-broken", "score": 0, "role": "unclear", "top_indicators": "",
                 "error": "LayoutError: not an extraction <empty.zip>"})
    write_queue(out, rows)
    return out, [p.name for p in paths], rows


# --- a small DOM from the stdlib parser --------------------------------------------------------------------


class _Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def iter(self):
        yield self
        for c in self.children:
            yield from c.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())
                and all(n.attrs.get(k) == v for k, v in attrs.items())]

    def all_text(self):
        return "".join(self.text) + "".join(c.all_text() for c in self.children)


_VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "source", "wbr"}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in _VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(_Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text.append(data)


def _dom(text: str) -> _Node:
    p = _Parser()
    p.feed(text)
    p.close()
    return p.root


def _no_external(dom: _Node) -> None:
    for n in dom.iter():
        for key in ("src", "href", "xlink:href", "action", "data"):
            v = (n.attrs.get(key) or "").strip().lower()
            assert not v.startswith(("http://", "https://", "//")), (n.tag, key, v)
        assert n.tag not in ("link", "iframe", "img", "object", "embed"), n.tag
        if n.tag == "script":
            assert "src" not in n.attrs


def _evidence_anchors(sl: dict) -> list[str]:
    seen, out = set(), []
    for k, r in enumerate(sl["reasons"], 1):
        for e in r["evidence"]:
            a = f"ev-{e['table']}-{e['row']}"
            a = a if a not in seen else f"{a}-r{k}"
            seen.add(a)
            out.append(a)
    return out


# --- structure ---------------------------------------------------------------------------------------------


def test_device_report_structure(batch):
    out, names, _ = batch
    dev = out / "devices" / names[0]
    sl = json.loads((dev / "shortlist.json").read_text())
    text = (dev / "report.html").read_text()
    dom = _dom(text)
    _no_external(dom)
    # no URL outside the evidence itself (browser history rows quote the pages visited, as text)
    shell = re.sub(r'<td class="text">.*?</td>', "", text, flags=re.S)
    assert "http://" not in shell and "https://" not in shell
    # header
    assert dom.find_all(id="score") and sl["device"] in dom.find_all("h1")[0].all_text()
    assert sl["role"] in text and sl["case_id"] in text
    # reasons in shortlist order, each with its summary
    sections = dom.find_all("section", "reason")
    assert len(sections) == len(sl["reasons"])
    for sec, r in zip(sections, sl["reasons"]):
        assert r["indicator"] in sec.all_text()
        assert " ".join(r["summary"].split()) in " ".join(sec.all_text().split())
    # every evidence row present, linkable, with its provenance
    anchors = _evidence_anchors(sl)
    rows = dom.find_all("tr", "ev")
    assert len(rows) == len(anchors)
    ids = {n.attrs.get("id") for n in rows}
    assert ids == set(anchors) and len(ids) == len(anchors)
    for n in rows:
        prov = n.find_all("td", "prov")[0].all_text()
        assert " / row " in prov and "?" not in prov, prov
    # the row of a hand-filled reason (only {table,row} in the shortlist) names its source too
    last = sl["reasons"][-1]["evidence"][0]
    assert "src_file" not in last or last.get("src_file")
    # local time column (case has Europe/London)
    assert dom.find_all("span", "local")
    # flagged spans
    marks = dom.find_all("mark")
    assert marks and marks[0].all_text() == sl["_marked"]
    badges = [b for b in dom.find_all("span", "badge") if b.all_text() == "context"]
    assert len(badges) == 1 and "adds nothing to the score" in badges[0].attrs.get("title", ""), "the context hit is labelled"
    # timeline with bars and markers
    (tl,) = dom.find_all("svg", id="timeline-chart")
    assert len(tl.find_all("rect", "bar")) > 10
    assert tl.find_all("rect", "out") and tl.find_all("rect", "in")
    assert tl.find_all("line", "refusal"), "the after-refusal finding's refusal_ts is marked"
    assert tl.find_all("rect", "order"), "the case's bail window is shaded"
    assert 1 <= len(tl.find_all("g", "counterpart")) <= 5
    # places: the case places and every location evidence point (the detector's and the six added), linked
    (pl,) = dom.find_all("svg", id="places-plot")
    case = json.loads((dev / "case.json").read_text())
    assert len(pl.find_all("g", "place")) == len(case["places"])
    points = pl.find_all("a", "point")
    want = sum(1 for r in sl["reasons"] for e in r["evidence"] if e["table"] == "locations")
    assert len(points) == want >= 6 and all(p.attrs["href"][1:] in ids for p in points)
    assert pl.find_all("g", "scale") and not dom.find_all(id="no-location-evidence")
    # manifest
    man = json.loads((dev / "manifest.json").read_text())
    (inputs,) = dom.find_all("table", id="inputs")
    assert len(inputs.find_all("tr")) == len(man["inputs"]) + 1
    assert all(f["sha256"] in text for f in man["inputs"])


def test_device_without_location_evidence(batch):
    out, names, _ = batch
    dev = out / "devices" / names[1]
    sl = json.loads((dev / "shortlist.json").read_text())
    for r in sl["reasons"]:  # drop location evidence (the victim's own places) to see the empty state
        r["evidence"] = [e for e in r["evidence"] if e["table"] != "locations"]
    (dev / "shortlist.json").write_text(json.dumps(sl))
    write_device(dev)
    dom = _dom((dev / "report.html").read_text())
    assert dom.find_all(id="no-location-evidence")
    (pl,) = dom.find_all("svg", id="places-plot")  # the case places are still drawn
    assert pl.find_all("g", "place") and not pl.find_all("a", "point")


def test_report_is_deterministic(batch):
    out, names, _ = batch
    dev = out / "devices" / names[0]
    before = (dev / "report.html").read_bytes()
    write_device(dev)
    assert (dev / "report.html").read_bytes() == before


def test_marked_escapes_and_merges_spans():
    assert _marked("I <will> find you", [[2, 8], [7, 9], [14, 17]]) == \
        "I <mark>&lt;will&gt; </mark>find <mark>you</mark>"
    assert _marked("abc", [[5, 9], ["x", 1]]) == "abc"
    assert _marked(None, None) == ""


def test_queue_page(batch):
    out, names, rows = batch
    text = (out / "queue.html").read_text()
    dom = _dom(text)
    _no_external(dom)
    trs = dom.find_all("tr", "device-row")
    assert [t.find_all(cls="device")[0].all_text() for t in trs] == [r["device"] for r in rows]
    for t, r in zip(trs[:-1], rows):  # the failed device has no report, so no link
        assert t.find_all("a", "device")[0].attrs["href"] == f"devices/{r['device']}/report.html"
    assert not trs[-1].find_all("a", "device")
    assert "error" in trs[-1].classes() and "LayoutError" in trs[-1].all_text() and "&lt;empty.zip&gt;" in text


def test_terminal_summary(batch):
    out, names, _ = batch
    sl = json.loads((out / "devices" / names[0] / "shortlist.json").read_text())
    s = summary(sl, width=80)
    lines = s.splitlines()
    assert lines[0].startswith(sl["device"]) and f"{sl['score']:.1f}/100" in lines[0] and sl["role"] in lines[0]
    assert all(len(line) <= 80 for line in lines)
    assert sl["reasons"][0]["indicator"] in s
    assert summary({"device": "X", "score": 0, "role": "unclear", "reasons": []}).endswith("no indicators found")


# --- headless Chromium -------------------------------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _run_chromium(binary: str, page: Path, *args: str, tmp: Path) -> str:
    cmd = [binary, "--headless=new", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage",
           "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
           f"--user-data-dir={tmp / 'profile'}", "--window-size=1280,2200", *args, page.resolve().as_uri()]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "HOME": str(tmp)})
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


def _png_check(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, len(data)
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            width = struct.unpack(">I", data[pos + 8:pos + 12])[0]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    assert width >= 1000
    assert len(set(raw)) > 50, "the screenshot is (almost) one colour"


@pytest.mark.skipif(_chromium() is None, reason="no chromium binary (apt-get install -y chromium chromium-driver)")
@pytest.mark.parametrize("which", ["device", "queue"])
def test_renders_in_headless_chromium(batch, which, tmp_path):
    out, names, rows = batch
    binary = _chromium()
    page = out / "devices" / names[0] / "report.html" if which == "device" else out / "queue.html"
    dom = _dom(_run_chromium(binary, page, "--dump-dom", tmp=tmp_path))
    if which == "device":
        sl = json.loads((page.parent / "shortlist.json").read_text())
        ids = {n.attrs.get("id") for n in dom.iter()}
        assert set(_evidence_anchors(sl)) <= ids
        (tl,) = dom.find_all("svg", id="timeline-chart")
        assert len(tl.find_all("rect", "bar")) > 10
        (pl,) = dom.find_all("svg", id="places-plot")
        assert len(pl.find_all("circle")) >= len(json.loads((page.parent / "case.json").read_text())["places"])
        assert len(dom.find_all("section", "reason")) == len(sl["reasons"])
    else:
        assert len(dom.find_all("tr", "device-row")) == len(rows)
    shot = tmp_path / f"{which}.png"
    _run_chromium(binary, page, f"--screenshot={shot}", "--hide-scrollbars", tmp=tmp_path)
    _png_check(shot)
    keep = os.environ.get("DEVTRIAGE_SCREENSHOT_DIR")
    if keep:
        shutil.copyfile(shot, Path(keep) / ("report_device.png" if which == "device" else "queue.png"))


def test_minimal_inputs(tmp_path):
    """Only a shortlist (no reasons, no tables, no case, no manifest); queue rows as read from queue.csv."""
    dev = tmp_path / "devices" / "EXH-9 <x>"
    dev.mkdir(parents=True)
    (dev / "shortlist.json").write_text(json.dumps({"device": "EXH-9 <x>", "score": 0.0, "role": "unclear",
                                                    "reasons": []}))
    dom = _dom(write_device(dev).read_text())
    _no_external(dom)
    text = dom.all_text()
    assert "No indicator was found" in text and "No case places" in text and "No manifest.json" in text
    assert "EXH-9 <x>" in dom.find_all("h1")[0].all_text()
    rows = [{"rank": "1", "device": "EXH-9 <x>", "score": "0.0", "role": "unclear", "top_indicators": "", "error": ""}]
    qdom = _dom(write_queue(tmp_path, rows).read_text())
    (a,) = qdom.find_all("a", "device")
    assert a.attrs["href"] == "devices/EXH-9%20%3Cx%3E/report.html"

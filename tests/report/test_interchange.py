"""Interchange exports: CASE/UCO JSON-LD (checked by case_validate), KML, Timesketch JSONL."""

from __future__ import annotations

import json
import math
import shutil
import uuid
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from devtriage import case as C
from devtriage.report import case_uco, interchange, kml, timesketch
from devtriage.scan import scan
from devtriage.synth.generate import generate

SEED = 20261121
K = "{http://www.opengis.net/kml/2.2}"
LOCATION = {"table": "locations", "row": 0, "ts": "2026-02-10T02:14:05.000Z", "lat": 52.9385, "lon": -1.1883,
            "accuracy_m": 12.0, "source": "gps", "src_file": "data/data/com.google.android.gms/databases/location.db",
            "src_table": "locations", "src_row": 7}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """A scanned synthetic suspect device (fixated scenario, tiny profile) with its exports."""
    root = tmp_path_factory.mktemp("interchange")
    [exhibit] = generate(root / "queue", 1, "tiny", SEED, ["fixated"])
    out = root / "out" / exhibit.name
    scan(exhibit, out, C.load(exhibit.with_name(exhibit.name + ".case.toml")))
    interchange.write_all(out)
    return out


@pytest.fixture(scope="module")
def small(out, tmp_path_factory) -> Path:
    """The same scan with the shortlist cut to two evidence rows per reason plus one
    location visit, so that case_validate (pySHACL, ~0.1 s a node) stays quick while every
    kind of node is still in the graph."""
    d = tmp_path_factory.mktemp("small") / out.name
    shutil.copytree(out, d)
    sl = json.loads((d / "shortlist.json").read_text())
    app_reason = next((r for r in sl["reasons"] if any(e.get("app") == "whatsapp" for e in r["evidence"])), None)
    if app_reason is None:  # other findings can push it out of the top reasons: take one from findings.parquet
        app_reason = _whatsapp_reason(d, sl["reasons"][0])
    sl["reasons"] = sl["reasons"][:3] + [app_reason]
    for r in sl["reasons"]:  # the first message and call of each app (SMS, WhatsApp, telephony ...)
        firsts = {}
        for e in r["evidence"]:
            firsts.setdefault((e["table"], e.get("app")), e)
        r["evidence"] = list(firsts.values())
    sl["reasons"].append({"indicator": "location.place_visits", "score": 0.8, "weight": 0.9, "points": 0.72,
                          "subject": "victim home", "name": None, "side": "out", "anchored": True,
                          "summary": "1 visit to victim home at night", "first_ts": LOCATION["ts"],
                          "last_ts": LOCATION["ts"], "evidence": [LOCATION], "evidence_total": 1})
    (d / "shortlist.json").write_text(json.dumps(sl))
    interchange.write_all(d)
    return d


def _whatsapp_reason(d: Path, like: dict) -> dict:
    import pyarrow.parquet as pq

    from devtriage.rank import evidence_rows

    tables = {p.stem: pq.read_table(p) for p in (d / "tables").glob("*.parquet")}
    wa = {i for i, a in enumerate(tables["messages"].column("app").to_pylist()) if a == "whatsapp"}
    for f in pq.read_table(d / "findings.parquet").to_pylist():
        refs = [e for e in f["evidence"] if e["table"] == "messages" and e["row"] in wa][:2]
        if refs:
            return {**like, "indicator": f["indicator"], "subject": f["subject"], "summary": f["summary"],
                    "evidence": evidence_rows(tables, refs), "evidence_total": len(refs)}
    raise AssertionError("no finding has WhatsApp evidence")


def _evidence(out: Path) -> dict[tuple[str, int], dict]:
    sl = json.loads((out / "shortlist.json").read_text())
    return {(e["table"], e["row"]): e for r in sl["reasons"] for e in r["evidence"]}


def _graph(out: Path) -> dict[str, dict]:
    doc = json.loads((out / "case_uco.jsonld").read_text())
    assert doc["@context"]["kb"] == "http://example.org/kb/"
    return {n["@id"]: n for n in doc["@graph"]}


def _types(n) -> list[str]:
    return n["@type"] if isinstance(n["@type"], list) else [n["@type"]]


def _facet(n, cls):
    return next(f for f in n["uco-core:hasFacet"] if cls in _types(f))


# --- CASE / UCO -------------------------------------------------------------------------------------------


def test_case_validate_accepts_the_export(small):
    from case_utils.case_validate import validate

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib / importlib deprecation noise
        result = validate(str(small / "case_uco.jsonld"), inference="none")  # no allow_warnings, no allow_infos
    assert result.conforms, result.text
    assert not result.undefined_concepts
    kinds = {t for n in _graph(small).values() for t in _types(n)}
    assert {"uco-observable:Message", "uco-observable:Call", "uco-location:Location", "uco-observable:PhoneAccount",
            "uco-observable:ApplicationAccount", "uco-observable:File", "uco-types:Hash", "uco-observable:Device",
            "uco-observable:ObservableRelationship", "uco-core:Annotation", "case-investigation:InvestigativeAction",
            "case-investigation:ProvenanceRecord", "uco-tool:AnalyticTool"} <= kinds


def test_every_evidence_row_is_an_observable_traced_to_its_source_file(out):
    g = _graph(out)
    evidence = _evidence(out)
    files = {_facet(n, "uco-observable:FileFacet")["uco-observable:filePath"]: i for i, n in g.items()
             if "uco-observable:File" in _types(n)}
    rels = [n for n in g.values() if "uco-observable:ObservableRelationship" in _types(n) or "uco-core:Relationship" in _types(n)]
    traced = {}
    for rel in rels:
        for f in rel.get("uco-core:hasFacet", []):
            if "devtriage:SourceRecordFacet" in _types(f):
                traced[(f["devtriage:table"], f["devtriage:row"])] = (rel["uco-core:source"][0]["@id"], rel["uco-core:target"]["@id"], f)
    assert set(traced) == set(evidence)
    for key, e in evidence.items():
        obs, target, f = traced[key]
        assert target == files[e["src_file"]]
        assert (f["devtriage:sourceTable"], f["devtriage:sourceRow"]) == (e["src_table"], e["src_row"])
        node = g[obs]
        if e["table"] == "messages":
            mf = _facet(node, "uco-observable:MessageFacet")
            assert mf["uco-observable:sentTime"] == {"@type": "xsd:dateTime", "@value": e["ts"]}
            assert mf.get("uco-observable:messageText") == e["text"]
            party = g[(mf["uco-observable:to"][0] if e["direction"] == "out" else mf["uco-observable:from"])["@id"]]
            assert _facet(party, "uco-observable:AccountFacet")["uco-observable:accountIdentifier"] == e["counterpart"]
        elif e["table"] == "calls":
            cf = _facet(node, "uco-observable:CallFacet")
            assert cf["uco-observable:startTime"]["@value"] == e["ts"]
            assert cf["uco-observable:callType"] == ("outgoing" if e["direction"] == "out" else "incoming")
    # every reason is an annotation on its evidence observables, with its indicator as a tag
    sl = json.loads((out / "shortlist.json").read_text())
    notes = [n for n in g.values() if "uco-core:Annotation" in _types(n)]
    assert len(notes) == len(sl["reasons"])
    for r, a in zip(sl["reasons"], notes):
        assert r["indicator"] in a["uco-core:tag"] and a["uco-core:statement"] == [r["summary"]]
        assert {o["@id"] for o in a["uco-core:object"]} == {traced[(e["table"], e["row"])][0] for e in r["evidence"]}
        ff = _facet(a, "devtriage:FindingFacet")
        assert float(ff["devtriage:score"]["@value"]) == r["score"]
    action = next(n for n in g.values() if "case-investigation:InvestigativeAction" in _types(n))
    assert {n["@id"] for n in notes} <= {x["@id"] for x in action["uco-action:result"]}
    tool = g[action["uco-action:instrument"][0]["@id"]]
    assert tool["uco-core:name"] == "devtriage" and tool["uco-tool:version"]


def test_input_file_hashes_equal_the_manifest(out):
    g = _graph(out)
    manifest = json.loads((out / "manifest.json").read_text())
    by_path = {}
    for n in g.values():
        if "uco-observable:File" in _types(n):
            ff = _facet(n, "uco-observable:FileFacet")
            cd = next((f for f in n["uco-core:hasFacet"] if "uco-observable:ContentDataFacet" in _types(f)), None)
            by_path[ff["uco-observable:filePath"]] = (ff.get("uco-observable:sizeInBytes"), cd)
    assert manifest["inputs"]
    for inp in manifest["inputs"]:
        size, cd = by_path[inp["path"]]
        assert size == inp["size"] == cd["uco-observable:sizeInBytes"]
        [h] = [g[h["@id"]] for h in cd["uco-observable:hash"]]
        assert h["uco-types:hashMethod"] == "SHA256"
        assert h["uco-types:hashValue"]["@value"].lower() == inp["sha256"]


def test_ids_are_deterministic_and_follow_case_utils(out, tmp_path):
    from case_utils.inherent_uuid import get_facet_uriref, hash_method_value_uuid
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import XSD

    first = (out / "case_uco.jsonld").read_bytes()
    case_uco.write(out)
    assert (out / "case_uco.jsonld").read_bytes() == first
    kb = Namespace("http://example.org/kb/")
    uco_obs = "https://ontology.unifiedcyberontology.org/uco/observable/"
    g = _graph(out)
    for iri, n in g.items():
        uuid.UUID(iri[-36:])  # every IRI ends with a UUID (UCO's advisory)
        if "uco-observable:Message" in _types(n):
            f = _facet(n, "uco-observable:MessageFacet")
            assert str(get_facet_uriref(kb[iri[3:]], URIRef(uco_obs + "MessageFacet"), namespace=kb)) == \
                "http://example.org/kb/" + f["@id"][3:]
        if "uco-types:Hash" in _types(n):
            v = Literal(n["uco-types:hashValue"]["@value"], datatype=XSD.hexBinary)
            assert iri.endswith(str(hash_method_value_uuid(Literal("SHA256"), v)))


# --- KML ----------------------------------------------------------------------------------------------------


def test_kml_has_every_case_place_and_the_location_evidence(small):
    case = json.loads((small / "case.json").read_text())
    root = ET.parse(small / "places.kml").getroot()
    assert root.tag == K + "kml"
    folders = root.findall(f"{K}Document/{K}Folder")
    assert folders[0].findtext(K + "name") == "Case places"
    marks = {pm.findtext(K + "name"): pm for pm in folders[0].findall(K + "Placemark")}
    assert case["places"] and set(marks) == {p["label"] for p in case["places"]}
    for p in case["places"]:
        pm = marks[p["label"]]
        lon, lat = map(float, pm.findtext(f"{K}MultiGeometry/{K}Point/{K}coordinates").split(","))
        assert (lon, lat) == (p["lon"], p["lat"])
        ring = [tuple(map(float, c.split(","))) for c in
                pm.findtext(f"{K}MultiGeometry/{K}Polygon/{K}outerBoundaryIs/{K}LinearRing/{K}coordinates").split()]
        assert ring[0] == ring[-1] and len(ring) > 20
        for rlon, rlat in ring:  # lon,lat order and about radius_m from the centre
            dy = (rlat - p["lat"]) * 111_195
            dx = (rlon - p["lon"]) * 111_195 * math.cos(math.radians(p["lat"]))
            assert abs((dx * dx + dy * dy) ** 0.5 - p["radius_m"]) < 0.01 * p["radius_m"]
    [visits] = [f for f in folders[1:] if "location.place_visits" in f.findtext(K + "name")]
    [pm] = visits.findall(K + "Placemark")
    assert pm.findtext(f"{K}TimeStamp/{K}when") == LOCATION["ts"]
    assert pm.findtext(f"{K}Point/{K}coordinates") == f"{LOCATION['lon']!r},{LOCATION['lat']!r}"


def test_kml_lists_the_places_and_every_location_evidence_row(out):
    root = ET.parse(out / "places.kml").getroot()
    folders = root.findall(f"{K}Document/{K}Folder")
    assert len(folders[0].findall(f"{K}Placemark")) == len(json.loads((out / "case.json").read_text())["places"])
    located = {k for k, e in _evidence(out).items() if k[0] == "locations"}
    marks = [pm for f in folders[1:] for pm in f.findall(f"{K}Placemark")]
    assert len(marks) >= len(located) > 0  # the location detector's evidence (one placemark per reason and row)


# --- Timesketch ---------------------------------------------------------------------------------------------


def test_timeline_jsonl_one_event_per_evidence_row_sorted(out):
    lines = (out / "timeline.jsonl").read_text().splitlines()
    events = [json.loads(line) for line in lines]
    evidence = {k: e for k, e in _evidence(out).items() if e.get("ts")}
    assert len(events) == len(evidence) > 0
    assert {(e["table"], e["row"]) for e in events} == set(evidence)
    for ev in events:
        assert isinstance(ev["message"], str) and ev["message"] and ev["timestamp_desc"]
        e = evidence[(ev["table"], ev["row"])]
        when = ev["datetime"]
        assert when.endswith("+00:00") and when[:23] == e["ts"][:23]
        assert (ev["src_file"], ev["src_table"], ev["src_row"], ev["device"]) == \
            (e["src_file"], e["src_table"], e["src_row"], out.name)
        assert ev["indicator"] and 0 <= ev["score"] <= 1
        if ev["table"] in ("messages", "calls"):
            assert ev["counterpart"] == e["counterpart"] and ev["direction"] == e["direction"]
    stamps = [ev["timestamp"] for ev in events]
    assert stamps == sorted(stamps)
    assert [ev["datetime"] for ev in events] == sorted(ev["datetime"] for ev in events)


def test_timeline_location_event(small):
    evs = [json.loads(x) for x in (small / "timeline.jsonl").read_text().splitlines() if '"locations"' in x]
    [ev] = [e for e in evs if (e["latitude"], e["longitude"]) == (LOCATION["lat"], LOCATION["lon"])]
    assert ev["timestamp_desc"] == "Location recorded" and ev["indicator"] == "location.place_visits"
    assert all(e["timestamp_desc"] == "Location recorded" and e["indicator"].startswith("location.") for e in evs)


def test_write_all_paths(out):
    assert {p.name for p in interchange.write_all(out).values()} == {case_uco.FILENAME, kml.FILENAME, timesketch.FILENAME}

"""CASE/UCO JSON-LD export of one device's shortlist (``case_uco.jsonld``).

Vocabulary: CASE 1.x / UCO 1.x (checked against CASE 1.5.0 with ``case_validate`` from
the PyPI package ``case-utils``). Prefixes and node naming follow casework/CASE-Examples:
``kb:`` is ``http://example.org/kb/``; every node IRI is ``kb:<Class>-<UUID>``.

What the graph holds, all built from the scan output folder (``shortlist.json``,
``manifest.json``, ``tables/calls.parquet``), never from the evidence itself:

- the device (``uco-observable:Device``) and the extraction (a ``File`` with its SHA-256
  when it is an archive, else a ``Directory``), linked ``Extracted_From``; a
  ``case-investigation:ProvenanceRecord`` with the exhibit number (the device name);
- every input file of the manifest as a ``uco-observable:File`` with a ``FileFacet``
  (path, name, size) and a ``ContentDataFacet`` holding a ``uco-types:Hash`` (SHA256),
  ``Contained_Within`` the extraction;
- each shortlisted evidence row once, as an observable: messages as ``Message`` +
  ``MessageFacet`` (sentTime, from, to, messageText, application), calls as ``Call`` +
  ``CallFacet`` (startTime, endTime, duration, callType, from, to), locations as
  ``uco-location:Location`` + ``LatLongCoordinatesFacet``, apps as ``Application``,
  contacts as ``Contact``, texts as ``Note``; the parties as ``PhoneAccount`` (telephony
  and SMS) or ``ApplicationAccount`` (apps such as WhatsApp) with their identifiers;
- provenance: for each evidence observable an ``ObservableRelationship``
  ``Contained_Within`` its source file, whose description and ``devtriage:SourceRecordFacet``
  name the source table and row (and the devtriage table and row);
- the devtriage run as a ``case-investigation:InvestigativeAction`` (instrument: a
  ``uco-tool:AnalyticTool`` with name and version; object: the extraction; results: one
  ``uco-core:Annotation`` per reason - statement = summary, tags = indicator code,
  ``devtriage:FindingFacet`` with score, weight, points - whose objects are the evidence
  observables, and a ProvenanceRecord grouping the shortlisted evidence);
- a ``case-investigation:Investigation`` named by the case id, when there is one.

No wall-clock time goes into the graph and every IRI is a UUIDv5 of content (device,
source file, table, row; identifiers for accounts; the hash for Hash nodes, facets from
their object as ``case_utils.inherent_uuid`` does), so the same scan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from pathlib import Path

import pyarrow.parquet as pq

from ..output import _atomic

KB = "http://example.org/kb/"
UCO = "https://ontology.unifiedcyberontology.org/uco/"
CASE = "https://ontology.caseontology.org/case/"
DEVTRIAGE = "http://example.org/ontology/devtriage/"
CONTEXT = {
    "kb": KB,
    "case-investigation": CASE + "investigation/",
    "uco-action": UCO + "action/",
    "uco-core": UCO + "core/",
    "uco-identity": UCO + "identity/",
    "uco-location": UCO + "location/",
    "uco-observable": UCO + "observable/",
    "uco-tool": UCO + "tool/",
    "uco-types": UCO + "types/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "devtriage": DEVTRIAGE,
}
#: Root of every devtriage UUIDv5 (a name in the URL namespace).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, DEVTRIAGE)
#: Apps whose parties are telephone numbers on the phone network (PhoneAccount).
PHONE_APPS = {"sms", "mms", "rcs", "telephony", "phone", "cellular"}
FILENAME = "case_uco.jsonld"


def _uuid(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "\x1f".join("" if p is None else str(p) for p in parts))


def _iri(cls: str, u: uuid.UUID) -> str:
    return f"kb:{cls}-{u}"


def _ref(iri: str) -> dict:
    return {"@id": iri}


def _dt(ts: str) -> dict:
    return {"@type": "xsd:dateTime", "@value": ts}


def _dec(x: float) -> dict:
    """An xsd:decimal literal (a JSON number would be read as xsd:double; no exponent allowed)."""
    return {"@type": "xsd:decimal", "@value": format(decimal.Decimal(repr(float(x))), "f")}


class _Graph:
    """Nodes by IRI, in insertion order (which is deterministic)."""

    def __init__(self):
        self.nodes: dict[str, dict] = {}

    def add(self, node: dict) -> str:
        iri = node["@id"]
        if iri not in self.nodes:
            self.nodes[iri] = node
        return iri

    def facet(self, obj_iri: str, cls: str, props: dict) -> dict:
        """A facet whose IRI derives from its object's UUID and the facet class IRI
        (``case_utils.inherent_uuid.get_facet_uriref``)."""
        obj_uuid = uuid.UUID(obj_iri[-36:])
        prefix, local = cls.split(":")
        u = uuid.uuid5(obj_uuid, CONTEXT[prefix] + local)
        return {"@id": f"kb:{local}-{u}", "@type": cls, **props}


def _hash_node(sha256: str) -> dict:
    # case_utils.inherent_uuid.hash_method_value_uuid
    u = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:hash::sha256:{sha256.lower()}")
    return {"@id": f"kb:Hash-{u}", "@type": "uco-types:Hash", "uco-types:hashMethod": "SHA256",
            "uco-types:hashValue": {"@type": "xsd:hexBinary", "@value": sha256.upper()}}


def _load(out_dir: Path) -> tuple[dict, dict]:
    shortlist = json.loads((out_dir / "shortlist.json").read_text(encoding="utf-8"))
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    return shortlist, manifest


def _call_rows(out_dir: Path, rows: set[int]) -> dict[int, dict]:
    """duration_s and status of the calls rows cited as evidence."""
    path = out_dir / "tables" / "calls.parquet"
    if not rows or not path.exists():
        return {}
    t = pq.read_table(path, columns=[c for c in ("duration_s", "status") if c in pq.read_schema(path).names])
    keep = sorted(r for r in rows if 0 <= r < t.num_rows)
    return dict(zip(keep, t.take(keep).to_pylist()))


def build(out_dir: str | Path) -> dict:
    """The JSON-LD document for the scan output folder ``out_dir``."""
    out_dir = Path(out_dir)
    shortlist, manifest = _load(out_dir)
    device = shortlist.get("device") or manifest.get("device") or out_dir.name
    g = _Graph()

    # --- the device, the extraction and the input files ------------------------------------------------
    dev_iri = g.add({"@id": _iri("Device", _uuid("device", device)), "@type": "uco-observable:Device",
                     "uco-core:name": device})
    ext = manifest.get("extraction") or {}
    containers = ext.get("containers") or []
    ext_path = ext.get("path") or device
    ext_uuid = _uuid("extraction", device, ext_path)
    if containers:  # an archive: the extraction is a file with its hash
        c = containers[0]
        ext_iri = _iri("File", ext_uuid)
        facets = [g.facet(ext_iri, "uco-observable:FileFacet", {
            "uco-observable:fileName": Path(c["path"]).name, "uco-observable:filePath": c["path"],
            "uco-observable:isDirectory": False, "uco-observable:sizeInBytes": int(c["size"])})]
        if c.get("sha256"):
            h = g.add(_hash_node(c["sha256"]))
            facets.append(g.facet(ext_iri, "uco-observable:ContentDataFacet", {
                "uco-observable:sizeInBytes": int(c["size"]), "uco-observable:hash": [_ref(h)]}))
        g.add({"@id": ext_iri, "@type": "uco-observable:File", "uco-core:name": Path(c["path"]).name,
               "uco-core:description": f"extraction ({ext.get('layout')}) of {device}", "uco-core:hasFacet": facets})
    else:
        ext_iri = _iri("Directory", ext_uuid)
        g.add({"@id": ext_iri, "@type": "uco-observable:Directory", "uco-core:name": Path(ext_path).name,
               "uco-core:description": f"extraction ({ext.get('layout') or 'folder'}) of {device}",
               "uco-core:hasFacet": [g.facet(ext_iri, "uco-observable:FileFacet", {
                   "uco-observable:fileName": Path(ext_path).name, "uco-observable:filePath": ext_path,
                   "uco-observable:isDirectory": True})]})
    _relate(g, ext_iri, dev_iri, "Extracted_From", f"the extraction of {device}")

    files: dict[str, str] = {}
    for inp in manifest.get("inputs") or []:
        path = inp["path"]
        f_iri = _iri("File", _uuid("file", device, path))
        ffacet = {"uco-observable:fileName": path.rsplit("/", 1)[-1], "uco-observable:filePath": path,
                  "uco-observable:isDirectory": False}
        if inp.get("size") is not None:
            ffacet["uco-observable:sizeInBytes"] = int(inp["size"])
        facets = [g.facet(f_iri, "uco-observable:FileFacet", ffacet)]
        if inp.get("sha256"):
            h = g.add(_hash_node(inp["sha256"]))
            cd = {"uco-observable:hash": [_ref(h)]}
            if inp.get("size") is not None:
                cd["uco-observable:sizeInBytes"] = int(inp["size"])
            facets.append(g.facet(f_iri, "uco-observable:ContentDataFacet", cd))
        node = {"@id": f_iri, "@type": "uco-observable:File", "uco-core:name": path.rsplit("/", 1)[-1],
                "uco-core:hasFacet": facets}
        if inp.get("adapters"):
            node["uco-core:description"] = "read by devtriage adapter(s): " + ", ".join(inp["adapters"])
        files[path] = g.add(node)
        _relate(g, f_iri, ext_iri, "Contained_Within", None)

    device_record = g.add({
        "@id": _iri("ProvenanceRecord", _uuid("provenance", device, "exhibit")),
        "@type": "case-investigation:ProvenanceRecord", "case-investigation:exhibitNumber": device,
        "uco-core:description": f"exhibit {device} and its extraction",
        "uco-core:object": [_ref(dev_iri), _ref(ext_iri)]})

    # --- the evidence -------------------------------------------------------------------------------------
    names = {p["subject"]: p.get("name") for p in shortlist.get("people") or [] if p.get("name")}
    for r in shortlist.get("reasons") or []:
        if r.get("name"):
            names.setdefault(r["subject"], r["name"])
    call_rows = _call_rows(out_dir, {e["row"] for r in shortlist.get("reasons") or [] for e in r.get("evidence") or []
                                     if e.get("table") == "calls"})
    ev_iris: dict[tuple[str, int], str] = {}
    for r in shortlist.get("reasons") or []:
        for e in r.get("evidence") or []:
            key = (e["table"], e["row"])
            if key in ev_iris or e.get("missing"):
                continue
            ev_iris[key] = _evidence(g, device, dev_iri, e, names, call_rows, files)

    # --- the devtriage run, its findings and the investigation --------------------------------------------
    version = manifest.get("version") or shortlist.get("generated_by", "").replace("devtriage", "").strip()
    tool_iri = g.add({"@id": _iri("AnalyticTool", _uuid("tool", "devtriage", version)), "@type": "uco-tool:AnalyticTool",
                      "uco-core:name": "devtriage", "uco-tool:version": version or "unknown",
                      "uco-tool:toolType": "triage"})
    action_iri = _iri("InvestigativeAction", _uuid("action", device, "scan"))
    results = []
    for i, r in enumerate(shortlist.get("reasons") or []):
        objs = [ev_iris[(e["table"], e["row"])] for e in r.get("evidence") or [] if (e["table"], e["row"]) in ev_iris]
        objs = list(dict.fromkeys(objs)) or [dev_iri]
        a_iri = _iri("Annotation", _uuid("annotation", device, i, r["indicator"], r.get("subject")))
        ff = {"devtriage:indicator": r["indicator"], "devtriage:score": _dec(r["score"]),
              "devtriage:subject": r.get("subject") or "", "devtriage:evidenceTotal": int(r.get("evidence_total") or len(objs))}
        if r.get("weight") is not None:
            ff["devtriage:weight"] = _dec(r["weight"])
        if r.get("points") is not None:
            ff["devtriage:points"] = _dec(r["points"])
        if r.get("side"):
            ff["devtriage:side"] = r["side"]
        facet = g.facet(a_iri, "uco-core:Facet", ff)
        facet["@id"] = facet["@id"].replace("kb:Facet-", "kb:FindingFacet-")
        facet["@type"] = ["devtriage:FindingFacet", "uco-core:Facet"]
        desc = f"{r['indicator']} (score {r['score']}"
        if r.get("points") is not None:
            desc += f", weight {r.get('weight')}, {r['points']} points"
        desc += f"); rank {i + 1} of {len(shortlist.get('reasons') or [])} reasons"
        if r.get("name"):
            desc += f"; about {r.get('subject')} ({r['name']})"
        results.append(g.add({
            "@id": a_iri, "@type": "uco-core:Annotation", "uco-core:name": r["indicator"],
            "uco-core:statement": [r.get("summary") or r["indicator"]], "uco-core:description": [desc],
            "uco-core:tag": [r["indicator"], "devtriage"], "uco-core:object": [_ref(o) for o in objs],
            "uco-core:hasFacet": [facet]}))
    ev_record = _iri("ProvenanceRecord", _uuid("provenance", device, "shortlist"))
    g.add({"@id": ev_record, "@type": "case-investigation:ProvenanceRecord",
           "case-investigation:exhibitNumber": device, "case-investigation:rootExhibitNumber": [device],
           "uco-core:description": f"evidence shortlisted by devtriage on {device} (score {shortlist.get('score')}, "
                                   f"role {shortlist.get('role')})",
           "uco-core:object": [_ref(o) for o in dict.fromkeys(ev_iris.values())] or [_ref(dev_iri)]})
    results.append(ev_record)
    g.add({"@id": action_iri, "@type": "case-investigation:InvestigativeAction", "uco-core:name": "devtriage scan",
           "uco-core:description": f"devtriage {version} triage of {device}: device score {shortlist.get('score')}, "
                                   f"role {shortlist.get('role')}" + (f" - {shortlist['role_why']}" if shortlist.get("role_why") else ""),
           "uco-action:instrument": [_ref(tool_iri)], "uco-action:object": [_ref(ext_iri), _ref(device_record)],
           "uco-action:result": [_ref(x) for x in results]})
    case_id = shortlist.get("case_id")
    if case_id:
        g.add({"@id": _iri("Investigation", _uuid("investigation", case_id)), "@type": "case-investigation:Investigation",
               "uco-core:name": case_id,
               "uco-core:object": [_ref(action_iri), _ref(device_record), _ref(ev_record)]})
    return {"@context": CONTEXT, "@graph": list(g.nodes.values())}


def _relate(g: _Graph, src: str, dst: str, kind: str, description: str | None, facets: list | None = None,
            cls: str = "uco-observable:ObservableRelationship") -> str:
    """``src`` -kind-> ``dst``; an ObservableRelationship between observables, else a core Relationship."""
    node = {"@id": _iri(cls.split(":")[1], _uuid("relationship", src, dst, kind)),
            "@type": cls, "uco-core:source": [_ref(src)],
            "uco-core:target": _ref(dst), "uco-core:kindOfRelationship": kind, "uco-core:isDirectional": True}
    if description:
        node["uco-core:description"] = [description]
    if facets:
        node["uco-core:hasFacet"] = facets
    return g.add(node)


def _application(g: _Graph, app: str | None) -> str | None:
    if not app:
        return None
    iri = _iri("Application", _uuid("application", app))
    return g.add({"@id": iri, "@type": "uco-observable:Application", "uco-core:name": app})


def _account(g: _Graph, device: str, app: str | None, ident: str | None, name: str | None) -> str:
    """The account of a party: a phone number on the phone network, else an app account.
    ``ident`` None is the device owner's own account in that app (its identifier is not known)."""
    phone = (app or "").lower() in PHONE_APPS
    cls = "PhoneAccount" if phone else "ApplicationAccount"
    if ident is None:
        iri = _iri(cls, _uuid("owner-account", device, cls, None if phone else app))
        node = {"@id": iri, "@type": f"uco-observable:{cls}",
                "uco-core:description": [f"the owner of {device} ({'phone network' if phone else app}); identifier not in the extraction"]}
        facets = []
    else:
        iri = _iri(cls, _uuid("account", cls, None if phone else app, ident))
        node = {"@id": iri, "@type": f"uco-observable:{cls}", "uco-core:name": ident}
        facets = [g.facet(iri, "uco-observable:AccountFacet", {"uco-observable:accountIdentifier": ident})]
        if phone and ident.startswith("+"):
            facets.append(g.facet(iri, "uco-observable:PhoneAccountFacet", {"uco-observable:phoneNumber": ident}))
        if name:
            facets.append(g.facet(iri, "uco-observable:DigitalAccountFacet", {"uco-observable:displayName": name}))
    if not phone:
        app_iri = _application(g, app)
        if app_iri:
            facets.append(g.facet(iri, "uco-observable:ApplicationAccountFacet", {"uco-observable:application": _ref(app_iri)}))
    if facets:
        node["uco-core:hasFacet"] = facets
    return g.add(node)


def _parties(g, device, e, names) -> tuple[str, str]:
    owner = _account(g, device, e.get("app"), None, None)
    other = _account(g, device, e.get("app"), e.get("counterpart") or "unknown", names.get(e.get("counterpart")))
    return (owner, other) if e.get("direction") == "out" else (other, owner)


def _evidence(g: _Graph, device: str, dev_iri: str, e: dict, names: dict, call_rows: dict, files: dict) -> str:
    table, row = e["table"], e["row"]
    u = _uuid("evidence", device, table, row, e.get("src_file"), e.get("src_table"), e.get("src_row"))
    where = f"devtriage {table} row {row}; source {e.get('src_file')} table {e.get('src_table')} row {e.get('src_row')}"
    ts = e.get("ts")
    if table == "messages":
        iri = _iri("Message", u)
        frm, to = _parties(g, device, e, names)
        mf = {"uco-observable:from": _ref(frm), "uco-observable:to": [_ref(to)]}
        if ts:
            mf["uco-observable:sentTime"] = _dt(ts)
        if e.get("text") is not None:
            mf["uco-observable:messageText"] = e["text"]
        app = _application(g, e.get("app"))
        if app:
            mf["uco-observable:application"] = _ref(app)
        node = {"@id": iri, "@type": "uco-observable:Message", "uco-core:hasFacet": [g.facet(iri, "uco-observable:MessageFacet", mf)]}
    elif table == "calls":
        iri = _iri("Call", u)
        frm, to = _parties(g, device, e, names)
        extra = call_rows.get(row) or {}
        cf = {"uco-observable:from": _ref(frm), "uco-observable:to": [_ref(to)],
              "uco-observable:callType": "outgoing" if e.get("direction") == "out" else "incoming"}
        dur = extra.get("duration_s")
        if ts:
            cf["uco-observable:startTime"] = _dt(ts)
            if dur:
                end = dt.datetime.fromisoformat(ts.replace("Z", "+00:00")) + dt.timedelta(seconds=float(dur))
                cf["uco-observable:endTime"] = _dt(end.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
        if dur is not None:
            cf["uco-observable:duration"] = int(round(float(dur)))
        app = _application(g, e.get("app"))
        if app:
            cf["uco-observable:application"] = _ref(app)
        node = {"@id": iri, "@type": "uco-observable:Call", "uco-core:hasFacet": [g.facet(iri, "uco-observable:CallFacet", cf)]}
        if extra.get("status"):
            node["uco-core:description"] = [f"{extra['status']} call"]
    elif table == "locations":
        iri = _iri("Location", u)
        ll = {}
        if e.get("lat") is not None and e.get("lon") is not None:
            ll = {"uco-location:latitude": _dec(e["lat"]), "uco-location:longitude": _dec(e["lon"])}
        desc = f"recorded {ts}" if ts else "location record"
        if e.get("accuracy_m") is not None:
            desc += f", accuracy {e['accuracy_m']} m"
        if e.get("source"):
            desc += f", source {e['source']}"
        node = {"@id": iri, "@type": "uco-location:Location", "uco-core:description": [desc],
                "uco-core:hasFacet": [g.facet(iri, "uco-location:LatLongCoordinatesFacet", ll)]}
    elif table == "apps":
        iri = _iri("Application", u)
        af = {}
        if e.get("app"):
            af["uco-observable:applicationIdentifier"] = e["app"]
        node = {"@id": iri, "@type": "uco-observable:Application", "uco-core:hasFacet": [g.facet(iri, "uco-observable:ApplicationFacet", af)]}
        if e.get("name"):
            node["uco-core:name"] = e["name"]
        if ts:
            node["uco-core:description"] = [f"installed {ts}"]
    elif table == "contacts":
        iri = _iri("Contact", u)
        cf = {}
        if e.get("name"):
            cf["uco-observable:displayName"] = [e["name"]]
        node = {"@id": iri, "@type": "uco-observable:Contact", "uco-core:hasFacet": [g.facet(iri, "uco-observable:ContactFacet", cf)]}
        if e.get("text"):
            node["uco-core:description"] = [f"identifier {e['text']}"]
    else:  # texts, app_events, and any table added later
        iri = _iri("Note", u)
        nf = {}
        if e.get("text") is not None:
            nf["uco-observable:text"] = [str(e["text"])]
        if ts:
            nf["uco-observable:observableCreatedTime"] = [_dt(ts)]
        app = _application(g, e.get("app"))
        if app:
            nf["uco-observable:application"] = [_ref(app)]
        bits = [f"{k} {e[k]}" for k in ("kind", "event", "detail") if e.get(k)]
        node = {"@id": iri, "@type": "uco-observable:Note", "uco-core:hasFacet": [g.facet(iri, "uco-observable:NoteFacet", nf)]}
        if table != "texts" or bits:
            node["uco-core:description"] = [f"{table}: " + "; ".join(bits) if bits else table]
    descs = node.setdefault("uco-core:description", [])
    descs.append(where)
    g.add(node)
    src = files.get(e.get("src_file"))
    if src is None:  # a source file not in the manifest's inputs: still name it
        src = _iri("File", _uuid("file", device, e.get("src_file")))
        files[e.get("src_file")] = g.add({"@id": src, "@type": "uco-observable:File", "uco-core:name": str(e.get("src_file")),
                                          "uco-core:hasFacet": [g.facet(src, "uco-observable:FileFacet", {
                                              "uco-observable:filePath": str(e.get("src_file"))})]})
    cls = "uco-core:Relationship" if table == "locations" else "uco-observable:ObservableRelationship"
    rel = _iri(cls.split(":")[1], _uuid("relationship", iri, src, "Contained_Within"))
    facet = {"@id": f"kb:SourceRecordFacet-{uuid.uuid5(uuid.UUID(rel[-36:]), DEVTRIAGE + 'SourceRecordFacet')}",
             "@type": ["devtriage:SourceRecordFacet", "uco-core:Facet"],
             "devtriage:sourceFile": str(e.get("src_file")), "devtriage:sourceTable": str(e.get("src_table")),
             "devtriage:table": table, "devtriage:row": int(row)}
    if e.get("src_row") is not None:
        facet["devtriage:sourceRow"] = int(e["src_row"])
    _relate(g, iri, src, "Contained_Within", f"table {e.get('src_table')}, row {e.get('src_row')} of {e.get('src_file')}",
            [facet], cls)
    return iri


def write(out_dir: str | Path) -> Path:
    """Write ``out_dir/case_uco.jsonld`` (atomically) and return its path."""
    out_dir = Path(out_dir)
    doc = build(out_dir)
    dest = out_dir / FILENAME

    def w(tmp):
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, ensure_ascii=False)
            fh.write("\n")

    _atomic(dest, w)
    return dest

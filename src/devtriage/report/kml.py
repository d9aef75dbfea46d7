"""KML 2.2 of the case places and the shortlisted location evidence (``places.kml``).

Opens in Google Earth, QGIS and most GIS tools. Folder "Case places": one Placemark per
place in ``case.json``, a point at its centre plus its radius as a circle polygon.
Then one Folder per reason whose evidence rows are locations (visits, order breaches,
fixation), in the shortlist's order, each row a Placemark at the recorded position with
a ``TimeStamp`` (so the time slider of Google Earth plays the visits back) and its
provenance (source file, table, row) in the description and ExtendedData.
Coordinates are ``lon,lat`` as KML requires. Built from the scan output folder only.
"""

from __future__ import annotations

import decimal
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

from ..output import _atomic

NS = "http://www.opengis.net/kml/2.2"
FILENAME = "places.kml"
EARTH_R = 6_371_008.8  # mean Earth radius, m
CIRCLE_POINTS = 72


def circle(lat: float, lon: float, radius_m: float, n: int = CIRCLE_POINTS) -> list[tuple[float, float]]:
    """``n + 1`` (lon, lat) points of the circle of ``radius_m`` around (lat, lon), closed
    (the first point repeated last), counter-clockwise as KML outer rings should be."""
    d = radius_m / EARTH_R
    la, lo = math.radians(lat), math.radians(lon)
    pts = []
    for i in range(n + 1):
        b = 2 * math.pi * (i % n) / n  # bearing from north, clockwise; reversed below
        la2 = math.asin(math.sin(la) * math.cos(d) + math.cos(la) * math.sin(d) * math.cos(b))
        lo2 = lo + math.atan2(math.sin(b) * math.sin(d) * math.cos(la), math.cos(d) - math.sin(la) * math.sin(la2))
        pts.append((round(math.degrees(lo2), 7), round(math.degrees(la2), 7)))
    return pts[::-1]


def _num(x: float) -> str:
    """Shortest round-tripping decimal, never in exponent form (-1e-05 -> -0.00001)."""
    return format(decimal.Decimal(repr(float(x))), "f")


def _coords(points) -> str:
    return " ".join(f"{_num(lon)},{_num(lat)}" for lon, lat in points)


def _sub(parent, tag, text=None, **attrib):
    el = ET.SubElement(parent, f"{{{NS}}}{tag}", attrib)
    if text is not None:
        el.text = str(text)
    return el


def _data(parent, fields: dict):
    ext = _sub(parent, "ExtendedData")
    for k, v in fields.items():
        if v is not None:
            _sub(_sub(ext, "Data", name=k), "value", v)


def _style(doc, sid, line, poly=None, icon_scale=None):
    st = _sub(doc, "Style", id=sid)
    if icon_scale is not None:
        _sub(_sub(st, "IconStyle"), "scale", icon_scale)
    ls = _sub(st, "LineStyle")
    _sub(ls, "color", line)
    _sub(ls, "width", 2)
    if poly:
        _sub(_sub(st, "PolyStyle"), "color", poly)


def build(out_dir: str | Path) -> ET.ElementTree:
    out_dir = Path(out_dir)
    shortlist = json.loads((out_dir / "shortlist.json").read_text(encoding="utf-8"))
    case_path = out_dir / "case.json"
    case = json.loads(case_path.read_text(encoding="utf-8")) if case_path.exists() else {}
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}kml")
    doc = _sub(root, "Document")
    device = shortlist.get("device") or out_dir.name
    _sub(doc, "name", f"{device}: case places and location evidence")
    _sub(doc, "description", f"devtriage {shortlist.get('generated_by', '')} - device score {shortlist.get('score')}, "
                             f"role {shortlist.get('role')}" + (f"; case {shortlist['case_id']}" if shortlist.get("case_id") else ""))
    # colours are aabbggrr
    _style(doc, "place", "ff0000ff", "400000ff")
    _style(doc, "evidence", "ff00a5ff", icon_scale=0.8)

    places = _sub(doc, "Folder")
    _sub(places, "name", "Case places")
    for p in case.get("places") or []:
        pm = _sub(places, "Placemark")
        _sub(pm, "name", p["label"])
        _sub(pm, "description", f"{p['label']}: {p['lat']}, {p['lon']}, radius {p['radius_m']:g} m")
        _sub(pm, "styleUrl", "#place")
        _data(pm, {"label": p["label"], "radius_m": p["radius_m"]})
        mg = _sub(pm, "MultiGeometry")
        _sub(_sub(mg, "Point"), "coordinates", _coords([(p["lon"], p["lat"])]))
        ring = _sub(_sub(_sub(mg, "Polygon"), "outerBoundaryIs"), "LinearRing")
        _sub(ring, "coordinates", _coords(circle(p["lat"], p["lon"], p["radius_m"])))

    for i, r in enumerate(shortlist.get("reasons") or []):
        rows = [e for e in r.get("evidence") or [] if e.get("table") == "locations"
                and e.get("lat") is not None and e.get("lon") is not None]
        if not rows:
            continue
        folder = _sub(doc, "Folder")
        _sub(folder, "name", f"{i + 1}. {r['indicator']}" + (f" - {r['subject']}" if r.get("subject") else ""))
        _sub(folder, "description", r.get("summary") or "")
        for e in rows:
            pm = _sub(folder, "Placemark")
            _sub(pm, "name", e.get("ts") or f"locations row {e['row']}")
            acc = f", accuracy {e['accuracy_m']:g} m" if e.get("accuracy_m") is not None else ""
            _sub(pm, "description", f"{r['indicator']}: {e['lat']}, {e['lon']}{acc}; source {e.get('src_file')} "
                                    f"table {e.get('src_table')} row {e.get('src_row')}")
            if e.get("ts"):
                _sub(_sub(pm, "TimeStamp"), "when", e["ts"])
            _sub(pm, "styleUrl", "#evidence")
            _data(pm, {"indicator": r["indicator"], "score": r.get("score"), "accuracy_m": e.get("accuracy_m"),
                       "source": e.get("source"), "table": e["table"], "row": e["row"], "src_file": e.get("src_file"),
                       "src_table": e.get("src_table"), "src_row": e.get("src_row")})
            _sub(_sub(pm, "Point"), "coordinates", _coords([(e["lon"], e["lat"])]))
    ET.indent(root, space=" ")
    return ET.ElementTree(root)


def write(out_dir: str | Path) -> Path:
    """Write ``out_dir/places.kml`` (atomically) and return its path."""
    out_dir = Path(out_dir)
    tree = build(out_dir)
    dest = out_dir / FILENAME
    _atomic(dest, lambda tmp: tree.write(tmp, encoding="UTF-8", xml_declaration=True))
    return dest

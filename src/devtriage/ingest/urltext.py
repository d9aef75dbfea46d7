"""What a browser-history URL says in words: a Google Maps look-up, a web search, or a page.

Shared by the browser-history adapters (:mod:`~devtriage.ingest.chromium_history`,
:mod:`~devtriage.ingest.safari_history`). :func:`classify` reads one URL:

* Google Maps (``google.<tld>/maps...``, ``maps.google.<tld>/...``):

  - ``/maps/dir/<origin>/<stop>/.../<destination>[/@lat,lon,zoom][/data=...]``, the Maps
    URLs API ``/maps/dir/?api=1&origin=..&destination=..&waypoints=a|b`` and the old
    ``?saddr=..&daddr=..`` form -> ``directions``; the text is the destination(s) (the
    stops after the origin, `` / ``-separated), followed by ``(from <origin>)`` when the
    origin is written in the URL (an empty origin is the phone's own position);
  - ``/maps/search/<query>``, ``/maps/place/<name>``, ``/maps/search/?api=1&query=..``
    and ``?q=..`` -> ``maps_search`` with the query or place name;
  - anything else on Maps (a bare ``/maps/@lat,lon,zoom`` view) is a plain visit;

* a results page of a search engine -> ``search`` with the term as typed: Google
  (``/search``, ``/webhp`` ``q=``, also in the ``#q=`` fragment of older instant
  search), Bing (``/search?q=``), DuckDuckGo (``q=``), Yahoo (``search.yahoo.com``
  ``p=``), Ecosia (``/search?q=``);
* anything else: ``None`` (a page visit; :func:`visit_text` is its text).

Texts are percent-decoded with ``+`` read as a space (``12+Acacia+Ave`` -> ``12 Acacia
Ave``); bytes that are not UTF-8 become U+FFFD. Case is kept as typed.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote_plus, urlsplit

SEARCH = "search"
MAPS_SEARCH = "maps_search"
DIRECTIONS = "directions"

_GOOGLE_HOST = re.compile(r"^(?:www\.|maps\.)?google\.(?:com|co\.[a-z]{2}|com\.[a-z]{2}|[a-z]{2,3})$")
# host pattern -> (allowed path prefixes (None = any), query parameter holding the term)
_ENGINES = (
    (re.compile(r"^(?:www\.|m\.)?bing\.com$"), ("/search",), "q"),
    (re.compile(r"^(?:www\.|html\.|lite\.)?duckduckgo\.com$"), None, "q"),
    (re.compile(r"^(?:[a-z]{2}\.)?search\.yahoo\.(?:com|co\.jp)$"), ("/search", "/mobile/s"), "p"),
    (re.compile(r"^(?:www\.)?ecosia\.org$"), ("/search",), "q"),
)


def decode(text: str) -> str:
    """Percent-decoding with ``+`` as a space (form encoding, as Maps and search URLs use)."""
    return unquote_plus(text, errors="replace")


def visit_text(title: str | None, url: str | None) -> str | None:
    """A page visit's text: the title, then the decoded URL (either may be missing)."""
    parts = [p.strip() for p in (title, decode(url) if url else None) if p and p.strip()]
    return " ".join(parts) if parts else None


def _param(query: str, name: str) -> str | None:
    """The first non-empty value of ``name`` in a query string, decoded (None when absent)."""
    for value in parse_qs(query, keep_blank_values=False, errors="replace").get(name, ()):
        value = value.strip()
        if value:
            return value
    return None


def _segment(seg: str) -> str:
    return unquote_plus(seg, errors="replace").strip()


def _route_text(stops: list[str]) -> str | None:
    """Directions text: destination(s), then ``(from origin)`` when an origin is written."""
    stops = [s.strip() for s in stops]
    if not any(stops):
        return None
    if len(stops) == 1:
        return stops[0]
    origin, rest = stops[0], [s for s in stops[1:] if s]
    if not rest:
        return f"from {origin}"
    text = " / ".join(rest)
    return f"{text} (from {origin})" if origin else text


def _maps(path: str, query: str, fragment: str) -> tuple[str, str] | None:
    """Classify a Google Maps URL whose path is already known to be a Maps path."""
    segs = path.split("/")
    # path after "/maps" (maps.google.<tld> URLs may leave it out)
    if len(segs) > 1 and segs[1] == "maps":
        segs = segs[2:]
    else:
        segs = segs[1:]
    head = segs[0] if segs else ""
    tail = segs[1:]
    if head == "dir":
        if _param(query, "api") or _param(query, "destination"):
            stops = [_param(query, "origin") or ""]
            way = _param(query, "waypoints")
            stops += way.split("|") if way else []
            stops.append(_param(query, "destination") or "")
            text = _route_text(stops)
            return (DIRECTIONS, text) if text else None
        stops = []
        for seg in tail:
            if seg.startswith("@") or seg.startswith("data=") or seg.startswith("am="):
                break
            stops.append(_segment(seg))
        text = _route_text(stops)
        return (DIRECTIONS, text) if text else None
    if head in ("search", "place"):
        if tail and tail[0] and not tail[0].startswith("@") and not tail[0].startswith("data="):
            return MAPS_SEARCH, _segment(tail[0])
        q = _param(query, "query") or _param(query, "q")
        return (MAPS_SEARCH, q) if q else None
    daddr = _param(query, "daddr")
    if daddr:
        text = _route_text([_param(query, "saddr") or "", *daddr.split(" to:")])
        return (DIRECTIONS, text) if text else None
    q = _param(query, "q") or _param(query, "query") or _param(fragment, "q")
    return (MAPS_SEARCH, q) if q else None


def classify(url: str | None) -> tuple[str, str] | None:
    """``(kind, text)`` for a Maps look-up or a web search, else None (a plain page visit)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    path = parts.path or "/"
    if _GOOGLE_HOST.match(host):
        if host.startswith("maps.") or path == "/maps" or path.startswith("/maps/"):
            return _maps(path, parts.query, parts.fragment)
        if path in ("/search", "/webhp", "/", "/m", "/m/search"):
            term = _param(parts.query, "q") or _param(parts.fragment, "q")
            return (SEARCH, term) if term else None
        return None
    for pattern, paths, name in _ENGINES:
        if pattern.match(host):
            if paths is not None and not any(path == p or path.startswith(p + "/") for p in paths):
                return None
            term = _param(parts.query, name)
            return (SEARCH, term) if term else None
    return None


def classify_many(urls, titles) -> tuple[list[str], list[str | None]]:
    """``kind`` and ``text`` lists for parallel lists of URLs and titles (``visit`` for pages)."""
    kinds: list[str] = []
    texts: list[str | None] = []
    for url, title in zip(urls, titles):
        hit = classify(url)
        if hit is None:
            kinds.append("visit")
            texts.append(visit_text(title, url))
        else:
            kinds.append(hit[0])
            texts.append(hit[1])
    return kinds, texts


__all__ = ["DIRECTIONS", "MAPS_SEARCH", "SEARCH", "classify", "classify_many", "decode", "visit_text"]

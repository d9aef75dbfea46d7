"""Helpers shared by the location adapters (Takeout JSON, GPX, routined).

* :func:`json_array_records`: a chunked scanner over a (possibly gigabyte-sized) JSON file
  whose interesting content is one array of objects under a top-level key
  (``Records.json`` ``locations``, Semantic Location History ``timelineObjects``). The file
  is read in chunks of a few megabytes; each chunk is tokenised with NumPy (quotes,
  backslash-escaped quotes and brackets), brace depth is a cumulative sum over the
  brackets that are not inside strings, and the records are the spans between an opening
  brace at depth 0 and the closing brace back at depth 0. Only whole records leave the
  scanner, with their 0-based index in the array, so memory is bounded by one chunk plus
  one record, whatever the file size.
* :func:`parse_records`: the records of one chunk as Python objects, with one
  ``json.loads`` over the whole chunk and a record-by-record fallback that isolates the
  records that are not valid JSON.
* :func:`iso_to_ms`: ISO 8601 strings to Unix milliseconds, vectorised through Arrow with
  a per-value fallback (more than 9 fraction digits, no zone = UTC, odd spacing).
* :func:`e7_to_degrees`: Google's E7 integers to degrees, undoing the int32 overflow of
  some old exports.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

CHUNK_BYTES = 1 << 20  # 1 MiB of JSON text per parse: about 3-4k Takeout records
HEAD_SEARCH = 1 << 16  # the array's key must appear in the first 64 KiB

_QUOTE, _BACKSLASH = 34, 92
_OPEN = (123, 91)  # { [
_CLOSE = (125, 93)  # } ]


@dataclass
class Chunk:
    """Whole records of one chunk: ``buf[starts[i]:ends[i]]`` is record ``first + i``."""

    first: int
    buf: bytes
    starts: np.ndarray
    ends: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)


@dataclass
class ScanResult:
    """Filled in by :func:`json_array_records` as it goes (read after the iterator ends)."""

    found: bool = False  # the key and its array were found
    closed: bool = False  # the array's closing bracket was reached
    trailing_bytes: int = 0  # bytes of an incomplete record at the end of the file (truncated)
    records: int = 0


def _unescaped_quotes(a: np.ndarray) -> np.ndarray:
    """Positions of the ``"`` in ``a`` that are not escaped by an odd run of backslashes."""
    q = np.flatnonzero(a == _QUOTE)
    if q.size == 0 or not (a == _BACKSLASH).any():
        return q
    prev = q[q > 0]
    cand = prev[a[prev - 1] == _BACKSLASH]  # quotes right after a backslash: count the run
    if cand.size == 0:
        return q
    escaped = []
    for p in cand.tolist():
        k = p - 1
        while k >= 0 and a[k] == _BACKSLASH:
            k -= 1
        if (p - 1 - k) % 2 == 1:
            escaped.append(p)
    return np.setdiff1d(q, np.asarray(escaped, dtype=q.dtype), assume_unique=True) if escaped else q


def _spans(buf: bytes) -> tuple[np.ndarray, np.ndarray, int | None]:
    """Record spans in ``buf``, which starts between records (depth 0, not in a string).

    Returns (starts, ends exclusive, position of the array's closing ``]`` or None).
    Only complete records are returned.
    """
    a = np.frombuffer(buf, dtype=np.uint8)
    q = _unescaped_quotes(a)
    s = np.flatnonzero((a == 123) | (a == 125) | (a == 91) | (a == 93))
    if q.size:
        s = s[(np.searchsorted(q, s) & 1) == 0]  # an even number of quotes before: not in a string
    c = a[s]
    delta = np.where((c == 123) | (c == 91), 1, -1).astype(np.int64)
    depth = np.cumsum(delta)  # depth after each token; 0 = between records
    close_at = None
    neg = np.flatnonzero(depth < 0)
    if neg.size:  # the array's own closing bracket
        k = int(neg[0])
        close_at = int(s[k])
        s, c, delta, depth = s[:k], c[:k], delta[:k], depth[:k]
    starts = s[(depth == 1) & (delta == 1)]
    ends = s[(depth == 0) & (delta == -1)] + 1
    n = min(len(starts), len(ends))
    return starts[:n], ends[:n], close_at


_KEY_RE = {}


def _array_start(head: bytes, key: str) -> int | None:
    pat = _KEY_RE.get(key)
    if pat is None:
        pat = _KEY_RE[key] = re.compile(rb'"' + re.escape(key.encode()) + rb'"\s*:\s*\[')
    m = pat.search(head)
    return m.end() if m else None


def json_array_records(path: str | Path, key: str, result: ScanResult | None = None,
                       chunk_bytes: int | None = None) -> Iterator[Chunk]:
    """The objects of the array ``"key": [ ... ]`` in ``path``, chunk by chunk.

    Bounded memory: one chunk of text plus at most one record held over to the next chunk
    (a single record bigger than a chunk grows the buffer until it is whole).
    ``result`` (optional) says afterwards whether the array was found and closed and how
    many bytes of an incomplete last record a truncated file left unread.
    """
    res = result if result is not None else ScanResult()
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    with open(path, "rb") as fh:
        head = fh.read(HEAD_SEARCH)
        pos = _array_start(head, key)
        if pos is None:
            return
        res.found = True
        buf = head[pos:]
        index = 0
        eof = False
        while True:
            if not eof and len(buf) < chunk_bytes:
                more = fh.read(chunk_bytes)
                eof = not more
                buf += more
            starts, ends, close_at = _spans(buf)
            if len(starts):
                yield Chunk(index, buf, starts, ends)
                index += len(starts)
                res.records = index
            if close_at is not None:
                res.closed = True
                return
            if eof:
                rest = buf[int(ends[-1]):] if len(ends) else buf
                res.trailing_bytes = len(rest.strip())
                return
            if len(ends):
                buf = buf[int(ends[-1]):]
            elif len(buf) >= chunk_bytes:  # one record larger than a chunk: read on
                more = fh.read(chunk_bytes)
                eof = not more
                buf += more


def parse_records(chunk: Chunk) -> tuple[list, list[int]]:
    """The records of ``chunk`` as Python objects (None for invalid ones) and the bad indices.

    One ``json.loads`` over the whole chunk (the separators between records are the
    file's own commas); if that fails, record by record so only the bad ones are lost.
    """
    buf, starts, ends = chunk.buf, chunk.starts, chunk.ends
    try:
        out = json.loads(b"[" + buf[int(starts[0]):int(ends[-1])] + b"]")
        if len(out) == len(starts):
            return out, []
    except (ValueError, UnicodeDecodeError):
        pass
    out, bad = [], []
    for i, (s, e) in enumerate(zip(starts.tolist(), ends.tolist())):
        try:
            out.append(json.loads(buf[s:e]))
        except (ValueError, UnicodeDecodeError):
            out.append(None)
            bad.append(i)
    return out, bad


# ------------------------------------------------------------------------------- times

_ISO = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?\s*$"
)


def _iso_one(s) -> int | None:
    if not isinstance(s, str):
        return None
    m = _ISO.match(s)
    if not m:
        return None
    y, mo, d, h, mi, sec, frac, zone = m.groups()
    try:
        secs = calendar.timegm((int(y), int(mo), int(d), int(h), int(mi), int(sec or 0), 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31 and int(h) <= 24 and int(mi) <= 59 and int(sec or 0) <= 60):
        return None
    ms = secs * 1000 + (int((frac + "000")[:3]) if frac else 0)
    if zone and zone not in ("Z", "z"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        off = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
        ms -= sign * off * 60_000
    return ms


def iso_to_ms(values: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """ISO 8601 strings to Unix ms (floor), and the mask of values that parsed.

    A time without a zone is read as UTC (GPX and Takeout write UTC). None and values that
    are not strings or not ISO times are not valid.
    """
    n = len(values)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, bool)
    try:
        arr = pa.array(values, pa.string())
        ns = arr.cast(pa.timestamp("ns", "UTC")).cast(pa.int64())
        valid = np.asarray(ns.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        data = ns.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        return np.floor_divide(data, 1_000_000), valid
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError):
        pass
    ms = [_iso_one(v) for v in values]
    valid = np.fromiter((m is not None for m in ms), dtype=bool, count=n)
    data = np.fromiter((m if m is not None else 0 for m in ms), dtype=np.int64, count=n)
    return data, valid


def int_values(values: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """Integers (or integer strings such as ``timestampMs``) to int64, with the valid mask."""
    n = len(values)
    try:
        arr = pa.array(values)
        if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
            arr = arr.cast(pa.int64())
        elif pa.types.is_null(arr.type):
            arr = arr.cast(pa.int64())
        elif not pa.types.is_integer(arr.type):
            raise TypeError
        arr = arr.cast(pa.int64())
        valid = np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        return arr.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64), valid
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, OverflowError):
        pass
    out = np.zeros(n, np.int64)
    valid = np.zeros(n, bool)
    for i, v in enumerate(values):
        try:
            if isinstance(v, bool) or v is None:
                continue
            iv = int(v) if not isinstance(v, float) or v.is_integer() else None
            if iv is not None and -(2**63) <= iv < 2**63:
                out[i], valid[i] = iv, True
        except (TypeError, ValueError, OverflowError):
            pass
    return out, valid


def float_values(values: Sequence) -> np.ndarray:
    """Numbers to float64; None, text and other non-numbers become NaN."""
    try:
        a = np.array(values, dtype=np.float64)
        if a.shape == (len(values),):
            return a
    except (TypeError, ValueError):
        pass
    out = np.full(len(values), np.nan)
    for i, v in enumerate(values):
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[i] = float(v)
    return out


def str_values(values: Sequence) -> pa.Array:
    """Strings as they are; other JSON values (numbers) as their JSON text; None null."""
    try:
        return pa.array(values, pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pa.array([v if isinstance(v, str) or v is None else json.dumps(v) for v in values], pa.string())


# ------------------------------------------------------------------------------- coordinates

E7_WRAP = 2**32


def e7_to_degrees(lat7: np.ndarray, lon7: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """E7 integers (as float64, NaN = absent) to degrees.

    Some old Takeout exports wrote negative coordinates as unsigned 32-bit integers;
    Google's own note on the format: a value above 1800000000 (for latitude above
    900000000 also works) must have 2^32 subtracted. Returns (lat, lon, how many values
    were unwrapped, mask of valid coordinates: present and within +-90 / +-180).
    """
    lat7 = np.asarray(lat7, dtype=np.float64).copy()
    lon7 = np.asarray(lon7, dtype=np.float64).copy()
    wlat = lat7 > 900_000_000
    wlon = lon7 > 1_800_000_000
    lat7[wlat] -= E7_WRAP
    lon7[wlon] -= E7_WRAP
    lat, lon = lat7 / 1e7, lon7 / 1e7
    with np.errstate(invalid="ignore"):
        ok = (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    return lat, lon, int(np.count_nonzero(wlat) + np.count_nonzero(wlon)), ok


def valid_degrees(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)


def ts_array(ms: np.ndarray, valid: np.ndarray) -> pa.Array:
    """Unix ms + valid mask to ``timestamp[ms, UTC]`` (invalid -> null)."""
    from ..schema import TS

    return pa.array(np.where(valid, ms, 0), type=pa.int64(), mask=~valid).cast(TS)


def plausible(ms: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """``valid`` and within the window a phone record can have (1995 to 2100, as timeconv)."""
    from ..timeconv import MAX_MS, MIN_MS

    return valid & (ms >= MIN_MS) & (ms < MAX_MS)


def fcol(values: np.ndarray) -> pa.Array:
    """float64 Arrow column with NaN as null (absent, not a number)."""
    return pa.array(np.asarray(values, dtype=np.float64), pa.float64(), from_pandas=True)

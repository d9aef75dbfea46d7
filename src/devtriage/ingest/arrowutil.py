"""Small Arrow helpers shared by adapters.

Vectorised column operations that several adapters need in the same form: looking values
up by key, mapping raw codes to labels, blank text to null, 0/1 flags to a direction, and
epoch values to ``timestamp[ms, UTC]`` with the warning every adapter gives for values that
cannot be a phone record's time.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from .. import timeconv
from .base import Context

_NULL_STR = pa.scalar(None, pa.string())
_COCOA_UNITS = {"cocoa": "auto", "cocoa_s": "s", "cocoa_ns": "ns"}


def _combined(values):
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _prefix(what: str) -> str:
    return f"{what}: " if what else ""


def lookup(keys, key_col, value_col) -> pa.Array:
    """``value_col`` at the row of ``key_col`` equal to each of ``keys`` (null when absent).

    A vectorised left join of one column: ``key_col`` / ``value_col`` are the two columns of
    a small table read whole (for example ``handle.ROWID`` and ``handle.id``).
    """
    return _combined(value_col).take(pc.index_in(keys, value_set=_combined(key_col)))


def blank_to_null(values) -> pa.Array:
    """Strings that are empty or only whitespace become null; the others stay as they are."""
    blank = pc.equal(pc.utf8_trim_whitespace(pc.fill_null(values, "")), "")
    return pc.if_else(blank, _NULL_STR, values)


def map_codes(codes, mapping: dict) -> pa.Array:
    """A string array: ``mapping[code]`` for each of ``codes``, null for codes not in it.

    The keys of ``mapping`` have the type of ``codes`` (integers for status codes, strings
    for identifiers such as service providers).
    """
    keys = pa.array(list(mapping), codes.type)
    labels = pa.array(list(mapping.values()), pa.string())
    return pc.take(labels, pc.index_in(codes, value_set=keys))


def flag_direction(flag, ctx: Context, what: str, problem: str, one: str = "out") -> pa.Array:
    """Direction from a 0/1 column: 1 -> ``one``, 0 -> the other direction, anything else null.

    ``one`` is ``"out"`` for a from-me flag and ``"in"`` for an incoming flag. Rows whose
    flag is neither 0 nor 1 (or null) get a null direction and are counted in the warning
    ``"{what}: N {problem}"``.
    """
    zero = "in" if one == "out" else "out"
    out = pc.if_else(pc.equal(flag, 1), one, pc.if_else(pc.equal(flag, 0), zero, _NULL_STR))
    bad = int(pc.sum(pc.is_null(out)).as_py() or 0)
    if bad:
        ctx.warn(f"{_prefix(what)}{bad} {problem}")
    return out


def timestamps(values, unit_or_epoch: str, ctx: Context, what: str = "") -> pa.Array:
    """Epoch values to ``timestamp[ms, UTC]``, warning about impossible ones.

    ``unit_or_epoch``: ``s``, ``ms``, ``us`` or ``ns`` since the Unix epoch; ``cocoa_s`` or
    ``cocoa_ns`` since 2001-01-01 (Cocoa / Core Data); ``cocoa`` decides seconds or
    nanoseconds per value (iOS changed from one to the other). Values outside the plausible
    window become null and are counted in the warning
    ``"{what}: N rows with impossible timestamps (kept with ts null)"`` (no prefix when
    ``what`` is empty).
    """
    if unit_or_epoch in _COCOA_UNITS:
        ts, impossible = timeconv.from_cocoa(values, _COCOA_UNITS[unit_or_epoch])
    else:
        ts, impossible = timeconv.from_unix(values, unit_or_epoch)
    if impossible:
        ctx.warn(f"{_prefix(what)}{impossible} rows with impossible timestamps (kept with ts null)")
    return ts


def zero_to_null(values) -> tuple[pa.Array, int]:
    """``values`` with 0 replaced by null (a time field of 0 means "not set"), and how many."""
    zero = pc.fill_null(pc.equal(values, 0), False)
    n_zero = pc.sum(zero).as_py() or 0
    return (pc.if_else(zero, pa.scalar(None, values.type), values) if n_zero else values), n_zero


def cocoa_ts(values, ctx: Context, what: str, column: str, unit: str = "cocoa", warn_zero: bool = True) -> pa.Array:
    """Cocoa time (``unit``: ``cocoa``, ``cocoa_s`` or ``cocoa_ns``) to timestamps; 0 is unset.

    0 would otherwise read as 2001-01-01T00:00:00Z, a time the phone never recorded: it
    becomes null. Impossible values are counted as in :func:`timestamps`; the zeros in
    ``"{what}: N rows with {column} 0 (not set): kept with ts null"``, unless ``warn_zero``
    is false (columns where 0 is the normal "never", such as the date a message was read).
    """
    values, n_zero = zero_to_null(values)
    ts = timestamps(values, unit, ctx, what)
    if n_zero and warn_zero:
        ctx.warn(f"{_prefix(what)}{n_zero} rows with {column} 0 (not set): kept with ts null")
    return ts

"""Converting each format's epoch to ``timestamp[ms, UTC]``, vectorised.

Phones store time in many conventions: Unix milliseconds (Android providers, WhatsApp
Android), Unix seconds (Android MMS ``pdu.date``), Cocoa/Mac absolute time in seconds or
nanoseconds since 2001-01-01 UTC (iOS ``sms.db`` since iOS 11 uses nanoseconds, older
versions seconds; Core Data stores use seconds as floats). Values outside the plausible
window for a phone record (before 1995 or from 2100 on) are impossible: they become null
and are counted so the caller can warn; the raw value stays in the source.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .schema import TS

COCOA_OFFSET_S = 978_307_200  # 2001-01-01T00:00:00Z in Unix seconds
MIN_MS = 788_918_400_000  # 1995-01-01T00:00:00Z
MAX_MS = 4_102_444_800_000  # 2100-01-01T00:00:00Z

_NS_PER = {"s": 1_000_000_000, "ms": 1_000_000, "us": 1_000, "ns": 1}


def _split(values) -> tuple[np.ndarray, np.ndarray, bool]:
    """(data, present mask, is_integer) of an Arrow array, NumPy array or sequence."""
    arr = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if not isinstance(arr, pa.Array):
        arr = pa.array(np.asarray(values))
    if pa.types.is_null(arr.type):
        arr = arr.cast(pa.int64())
    present = np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    if pa.types.is_integer(arr.type) or pa.types.is_boolean(arr.type):
        data = np.asarray(pc.fill_null(arr.cast(pa.int64()), 0).to_numpy(zero_copy_only=False), dtype=np.int64)
        return data, present, True
    if not pa.types.is_floating(arr.type):
        arr = arr.cast(pa.float64(), safe=False)
    data = np.asarray(pc.fill_null(arr.cast(pa.float64()), 0.0).to_numpy(zero_copy_only=False), dtype=np.float64)
    present &= ~np.isnan(data)
    return data, present, False


def _int_to_ms(data: np.ndarray, unit_ns: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact integer conversion to milliseconds (floor), with the mask of values that fit."""
    if unit_ns >= 1_000_000:
        factor = unit_ns // 1_000_000
        if factor == 1:
            return data, np.ones(len(data), dtype=bool)
        limit = 9_000_000_000_000_000 // factor
        fits = (data > -limit) & (data < limit)
        return np.where(fits, data, 0) * factor, fits
    return np.floor_divide(data, 1_000_000 // unit_ns), np.ones(len(data), dtype=bool)


def _to_ms(data: np.ndarray, is_int: bool, unit_ns) -> tuple[np.ndarray, np.ndarray]:
    """Milliseconds (int64) and a mask of values that did not overflow.

    Integers are converted exactly (floor to the millisecond); floats are rounded to the
    nearest millisecond, so 0.123 s stored as 0.12299999 stays 123 ms. ``unit_ns`` is one
    unit for all values, or an array of per-value units of seconds (10**9) or ns (1).
    """
    unit_ns = np.asarray(unit_ns, dtype=np.int64)
    if not is_int:
        with np.errstate(over="ignore", invalid="ignore"):
            ms_f = data * (unit_ns / 1e6)
        fits = np.isfinite(ms_f) & (np.abs(ms_f) < 9e15)
        return np.round(np.where(fits, ms_f, 0.0)).astype(np.int64), fits
    if unit_ns.ndim == 0:
        return _int_to_ms(data, int(unit_ns))
    ms_s, fits_s = _int_to_ms(data, 1_000_000_000)
    ms_ns, _ = _int_to_ms(data, 1)
    is_ns = unit_ns == 1
    return np.where(is_ns, ms_ns, ms_s), is_ns | fits_s


def _result(ms, fits, present) -> tuple[pa.Array, int]:
    ok = present & fits & (ms >= MIN_MS) & (ms < MAX_MS)
    impossible = int(np.count_nonzero(present & ~ok))
    return pa.array(np.where(ok, ms, 0), type=pa.int64(), mask=~ok).cast(TS), impossible


def from_unix(values, unit: str = "ms") -> tuple[pa.Array, int]:
    """Unix-epoch values in ``unit`` (s, ms, us, ns) to timestamps; returns (array, impossible)."""
    data, present, is_int = _split(values)
    ms, fits = _to_ms(data, is_int, _NS_PER[unit])
    return _result(ms, fits, present)


def from_cocoa(values, unit: str = "auto") -> tuple[pa.Array, int]:
    """Cocoa (2001-01-01) values to timestamps; returns (array, impossible).

    ``unit="auto"`` decides per value, as iOS itself changed from seconds to nanoseconds:
    magnitudes above 1e11 are nanoseconds, others seconds.
    """
    data, present, is_int = _split(values)
    if unit == "auto":
        unit_ns = np.where(np.abs(data) > 1e11, 1, 1_000_000_000)
    else:
        unit_ns = _NS_PER[unit]
    ms, fits = _to_ms(data, is_int, unit_ns)
    return _result(ms + np.int64(COCOA_OFFSET_S * 1000), fits, present)

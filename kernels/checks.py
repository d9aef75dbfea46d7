"""Input checks shared by the kernels' public wrappers."""

from __future__ import annotations

import numpy as np


def plain(x, name: str) -> np.ndarray:
    """``x`` as a NumPy array; pyarrow arrays and masked arrays must hold no nulls."""
    if x is None:
        raise TypeError(f"{name} must be an array, got None")
    null_count = getattr(x, "null_count", None)
    if null_count is not None and hasattr(x, "to_numpy"):  # pyarrow Array / ChunkedArray
        if null_count:
            raise ValueError(f"{name} has {null_count} null(s); drop or fill them first")
        try:
            x = x.to_numpy(zero_copy_only=False)
        except TypeError:  # ChunkedArray.to_numpy of older pyarrow has no such argument
            x = x.to_numpy()
    elif isinstance(x, np.ma.MaskedArray):
        masked = int(np.ma.getmaskarray(x).sum())
        if masked:
            raise ValueError(f"{name} has {masked} masked value(s); drop or fill them first")
        x = x.data
    elif isinstance(x, (list, tuple)) and len(x) == 0:
        return np.empty(0, np.int64)  # np.asarray([]) would be float64
    return np.asarray(x)


def utf8_layout(data, offsets) -> tuple[np.ndarray, np.ndarray]:
    """``(data, offsets)`` of an Arrow-style string column checked: ``data`` uint8 1-D,
    ``offsets`` integer 1-D (returned as int64), non-empty, non-decreasing, within data."""
    data = plain(data, "data")
    offsets = plain(offsets, "offsets")
    if data.ndim != 1 or offsets.ndim != 1:
        raise ValueError("data and offsets must be 1-D")
    if data.dtype != np.uint8:
        raise TypeError(f"data must be uint8 bytes, got {data.dtype}")
    if not np.issubdtype(offsets.dtype, np.integer):
        raise TypeError(f"offsets must be integers, got {offsets.dtype}")
    offsets = offsets.astype(np.int64, copy=False)
    if offsets.size == 0 or offsets[-1] > data.size or offsets[0] < 0:
        raise ValueError("offsets must be within data")
    if offsets.size > 1 and (np.diff(offsets) < 0).any():
        raise ValueError("offsets must be non-decreasing")
    return data, offsets

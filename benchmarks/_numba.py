"""Numba compile time, measured on its own: the first call of every kernel in a fresh
process with an empty ``NUMBA_CACHE_DIR`` (compile + cache write), then the same in a
second process reading that cache (cache load)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile


def _first_calls(script: str, args: tuple[str, ...], cache_dir: str) -> dict:
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
    out = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True,
                         check=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def compile_times(script: str, *args: str, digits: int = 4) -> dict:
    """``script`` prints, as its last line, JSON ``{"first_calls_s", "per_kernel_s": {...}}``."""
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        cold = _first_calls(script, args, cache)
        warm = _first_calls(script, args, cache)
    return {"numba_compile_s": round(cold["first_calls_s"], digits),
            "numba_compile_per_kernel_s": {k: round(v, digits) for k, v in cold["per_kernel_s"].items()},
            "numba_cache_load_s": round(warm["first_calls_s"], digits),
            "numba_note": "first call of each kernel in a fresh process, NUMBA_CACHE_DIR empty (compile + cache "
                          "write); cache_load = the same in a second process reading that cache"}

"""arrowutil: the small Arrow helpers adapters share."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from devtriage.case import DEFAULT
from devtriage.identifiers import Normaliser
from devtriage.ingest import arrowutil
from devtriage.ingest.base import Context

UTC = dt.UTC


def _ctx() -> Context:
    return Context(device="t", case=DEFAULT, normaliser=Normaliser(DEFAULT.default_region))


def test_lookup_and_blank_to_null():
    keys = pa.chunked_array([[3, 1], [None, 9]])
    assert arrowutil.lookup(keys, pa.array([1, 2, 3]), pa.chunked_array([["a", "b"], ["c"]])).to_pylist() == ["c", "a", None, None]
    assert arrowutil.blank_to_null(pa.array(["x", "", "  ", None, " y "])).to_pylist() == ["x", None, None, None, " y "]


def test_map_codes_int_and_string_keys():
    assert arrowutil.map_codes(pa.array([5, 4, 7, None]), {5: "answered", 4: "missed"}).to_pylist() == ["answered", "missed", None, None]
    assert arrowutil.map_codes(pa.chunked_array([["a"], ["b", "z"]]), {"a": "A", "b": "B"}).to_pylist() == ["A", "B", None]


def test_flag_direction():
    ctx = _ctx()
    assert arrowutil.flag_direction(pa.array([1, 0, 7, None]), ctx, "t", "odd rows").to_pylist() == ["out", "in", None, None]
    assert arrowutil.flag_direction(pa.array([1, 0]), ctx, "t", "odd rows", one="in").to_pylist() == ["in", "out"]
    assert [w.reason for w in ctx.warnings] == ["t: 2 odd rows"]


def test_timestamps_units_and_warning():
    ctx = _ctx()
    ts = arrowutil.timestamps(pa.array([1_700_000_000_000, 42]), "ms", ctx, "sms")
    assert ts.to_pylist() == [dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC), None]
    cocoa = arrowutil.timestamps(pa.array([0.0, 700_000_000.0]), "cocoa_s", ctx)
    assert cocoa.to_pylist()[1] == dt.datetime(2023, 3, 8, 20, 26, 40, tzinfo=UTC)
    auto = arrowutil.timestamps(pa.array([700_000_000, 700_000_000_000_000_000]), "cocoa", ctx)
    assert auto.to_pylist()[0] == auto.to_pylist()[1]
    assert [w.reason for w in ctx.warnings] == ["sms: 1 rows with impossible timestamps (kept with ts null)"]
    # the plain conversion reads 0 as 2001-01-01: only cocoa_ts treats it as unset
    assert cocoa.to_pylist()[0] == dt.datetime(2001, 1, 1, tzinfo=UTC)


def test_cocoa_ts_zero_is_unset():
    ctx = _ctx()
    ts = arrowutil.cocoa_ts(pa.array([0.0, 700_000_000.0, 9e12, None]), ctx, "Z", "ZDATE", unit="cocoa_s")
    assert ts.to_pylist() == [None, dt.datetime(2023, 3, 8, 20, 26, 40, tzinfo=UTC), None, None]
    assert [w.reason for w in ctx.warnings] == [
        "Z: 1 rows with impossible timestamps (kept with ts null)",
        "Z: 1 rows with ZDATE 0 (not set): kept with ts null",
    ]
    quiet = _ctx()
    assert arrowutil.cocoa_ts(pa.array([0, 0]), quiet, "m", "date_read", warn_zero=False).null_count == 2
    assert quiet.warnings == []

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from devtriage.ingest.base import Probe, repeat


@given(st.text(max_size=30), st.integers(min_value=0, max_value=500))
def test_repeat_matches_a_python_list(value, n):
    got = repeat(value, n)
    got.validate(full=True)
    assert got.type == pa.string()
    assert got.equals(pa.array([value] * n, pa.string()))


def test_probe_requires_tables_and_columns():
    p = Probe("x.db", 10, b"SQLite format 3\x00", {"sms": ("_id", "address", "body"), "threads": ("_id",)})
    assert p.is_sqlite and p.name == "x.db"
    assert p.requires({"sms": ["address", "body"], "threads": []})
    assert not p.requires({"sms": ["date"]})
    assert not p.has("pdu")

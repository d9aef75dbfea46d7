import pyarrow as pa
import pytest

from devtriage import schema


def test_every_table_ends_with_device_and_provenance():
    for name in schema.TABLES:
        names = schema.schema(name).names
        assert names[-4:] == ["device", "src_file", "src_table", "src_row"]
        assert schema.schema(name).field("src_row").type == pa.int64()


def test_times_are_utc_milliseconds():
    for name in ("messages", "calls", "locations", "app_events", "texts"):
        assert schema.schema(name).field("ts").type == pa.timestamp("ms", tz="UTC")


def test_conform_orders_casts_fills_and_keeps_extras_sorted_by_name():
    t = pa.table({"zz_extra": [2], "extra": [1], "body": ["hi"], "src_row": pa.array([3], pa.int32()), "direction": ["in"]})
    out = schema.conform("messages", t)
    assert out.column_names[: len(schema.schema("messages"))] == schema.schema("messages").names
    assert out.column_names[-2:] == ["extra", "zz_extra"]
    assert out.column("src_row").type == pa.int64()
    assert out.column("counterpart").null_count == 1


def test_conform_rejects_uncastable():
    with pytest.raises(TypeError, match="messages.has_attachment"):
        schema.conform("messages", pa.table({"has_attachment": ["not a bool"]}))


def test_unknown_table():
    with pytest.raises(KeyError, match="core tables"):
        schema.schema("nope")

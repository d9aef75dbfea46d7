"""The attributedBody (typedstream NSAttributedString) decoder and encoder."""

from __future__ import annotations

import re
import shutil
import sqlite3

import pytest
from conftest import data_file, sha256

from devtriage.ingest import typedstream as ts

SAMPLES = ("ios/magnet_ctf2020_sms.db", "ios/plaso_imessage_chat.db")


def _rows(tmp_path, rel):
    path = data_file(rel)
    before = sha256(path)
    local = tmp_path / path.name
    shutil.copyfile(path, local)
    conn = sqlite3.connect(local)
    try:
        rows = conn.execute("SELECT ROWID, text, attributedBody FROM message ORDER BY ROWID").fetchall()
    finally:
        conn.close()
    assert sha256(path) == before
    return rows


def _hand_built(text: bytes, length: bytes) -> bytes:
    """A minimal NSAttributedString typedstream written byte by byte from the format description."""
    return (
        b"\x04\x0bstreamtyped"  # streamer version 4, signature
        b"\x81\xe8\x03"  # system version 1000 as a 2-byte integer
        b"\x84\x01@"  # value group, new shared type string "@"
        b"\x84"  # new object
        b"\x84\x84\x12NSAttributedString\x00"  # class NSAttributedString v0 (new class, new name)
        b"\x84\x84\x08NSObject\x00"  # superclass NSObject v0
        b"\x85"  # end of the class chain (nil)
        b"\x92"  # value group "@" (shared string #0)
        b"\x84"  # new object
        b"\x84\x84\x08NSString\x01"  # class NSString v1
        b"\x94"  # superclass: reference to class object #2 (NSObject)
        b"\x84\x01+"  # value group "+"
        + length + text
        + b"\x86"  # end of NSString
        b"\x86"  # end of the attributed string
    )


# --- hand-built ----------------------------------------------------------------------


def test_hand_built_blob():
    assert ts.decode_text(_hand_built(b"hello", b"\x05")) == "hello"
    long = "é" * 100  # 200 bytes: 2-byte length
    assert ts.decode_text(_hand_built(long.encode(), b"\x81\xc8\x00")) == long
    huge = "x" * 70_000  # 4-byte length
    assert ts.decode_text(_hand_built(huge.encode(), b"\x82" + (70_000).to_bytes(4, "little"))) == huge


def test_hand_built_single_byte_length_above_tag_range():
    # values 0x92..0xff are plain single bytes (not tags) when read as unsigned lengths
    assert ts.decode_text(_hand_built(b"a" * 200, b"\xc8")) == "a" * 200


@pytest.mark.parametrize("text", ["", "a", "hello world", "x" * 127, "x" * 128, "x" * 145, "x" * 146, "y" * 255,
                                  "z" * 256, "w" * 32_767, "v" * 40_000, "Sauté ’quotes’ 👍🏻 日本語", "\ufffc\ufffcMe",
                                  "line\nbreaks\r\n\ttab"])
def test_round_trip(text):
    assert ts.decode_text(ts.encode_text(text)) == text


def test_length_encoding_follows_the_format():
    blob = ts.encode_text("a" * 100)
    assert b"\x84\x01+\x64" + b"a" * 100 in blob  # one byte
    blob = ts.encode_text("a" * 137)
    assert b"\x84\x01+\x81\x89\x00" in blob  # 2-byte little-endian, as iOS writes 137
    blob = ts.encode_text("a" * 70_000)
    assert b"\x84\x01+\x82\x70\x11\x01\x00" in blob  # 4-byte


def test_not_a_typedstream():
    assert ts.decode_text(None) is None
    assert ts.decode_text(b"") is None
    assert ts.decode_text(b"bplist00\xd4\x01\x02") is None
    assert ts.decode_text(b"hello") is None


def test_truncated_and_garbage():
    blob = ts.encode_text("hello there")
    assert ts.decode_text(blob[:40]) is None
    assert ts.decode_text(ts.MAGIC + b"\xff" * 20) is None
    cut = blob[: blob.index(b"hello") + 3]  # length says 11, only 3 bytes left
    assert ts.decode_text(cut) is None


def test_heuristic_fallback_on_unexpected_root_class():
    blob = ts.encode_text("still readable")
    odd = blob.replace(b"NSMutableAttributedString", b"XXMutableAttributedString")
    odd = odd.replace(b"NSAttributedString", b"XXAttributedString")
    with pytest.raises(ts.TypedStreamError):
        ts._structured(odd)
    assert ts.decode_text(odd) == "still readable"


def test_invalid_utf8_is_replaced():
    blob = _hand_built(b"ab\xffcd", b"\x05")
    assert ts.decode_text(blob) == "ab\ufffdcd"


def test_public_decoder_accepts_encoder_output():
    from typedstream import stream  # pytypedstream, in the test extra
    events = list(stream.TypedStreamReader.from_data(ts.encode_text("Hi 👋")))
    assert "Hi 👋".encode() in events


# --- real samples --------------------------------------------------------------------


def test_real_magnet_decoder_reproduces_text_for_every_row(tmp_path):
    rows = _rows(tmp_path, SAMPLES[0])
    assert len(rows) == 105
    both = [(r, t, b) for r, t, b in rows if t is not None and b is not None]
    assert len(both) == 105
    for rowid, text, blob in both:
        assert ts.decode_text(blob) == text, rowid
        # the fast path for the usual layouts agrees with the full parser
        assert ts._plain(blob) == ts._structured(blob), rowid


def test_fast_path_covers_both_usual_layouts_and_long_strings():
    for text in ("hi", "x" * 200, "é" * 40_000):
        blob = ts.encode_text(text)
        assert ts._plain(blob) == ts._structured(blob) == text.encode()
    blob = ts.encode_text("a long enough message body")
    cut = blob[: blob.index(b"a long") + 5]  # truncated inside the string
    assert ts._plain(cut) is None
    assert ts.decode_text(cut) is None  # the full parser and the fallback both refuse it; nothing raises


def test_real_plaso_decoder(tmp_path):
    rows = _rows(tmp_path, SAMPLES[1])
    assert len(rows) == 10
    differ = {}
    for rowid, text, blob in rows:
        decoded = ts.decode_text(blob)
        if decoded != text:
            differ[rowid] = (text, decoded)
    # plaso's test file was edited after the fact: in rows 6 and 10 the `text` column says
    # "Open Office" where the archived attributed string (the original) says "Microsoft Office".
    assert sorted(differ) == [6, 10]
    for text, decoded in differ.values():
        assert decoded.replace("Microsoft Office", "Open Office") == text


def test_encoder_writes_what_ios_writes(tmp_path):
    """Plain messages (one __kIMMessagePartAttributeName run) are reproduced byte for byte."""
    checked = 0
    for rel in SAMPLES:
        for rowid, text, blob in _rows(tmp_path, rel):
            if set(re.findall(rb"__kIM\w+", blob)) != {b"__kIMMessagePartAttributeName"}:
                continue
            if ts.decode_text(blob) != text:  # the two edited plaso rows
                continue
            assert ts.encode_text(text) == blob, (rel, rowid)
            checked += 1
    assert checked == 92 + 5

"""A reader for Android Binary XML ("ABX"), the form Android 12+ stores system XML in.

Android 12 (API 31) started writing ``/data/system/packages.xml`` and other system files
through ``BinaryXmlSerializer`` (AOSP ``frameworks/base/core/java/com/android/internal/util/``,
later ``frameworks/libs/modules-utils/.../BinaryXmlSerializer.java``); ``abx2xml`` on the
phone turns them back into plain XML. The wire format, as that class and
``BinaryXmlPullParser`` define it:

* the magic ``41 42 58 00`` (``ABX`` and protocol version 0);
* then a stream of tokens. Each token is one byte: the low nibble the event
  (``XmlPullParser`` constants: 0 START_DOCUMENT, 1 END_DOCUMENT, 2 START_TAG, 3 END_TAG,
  4 TEXT, 5 CDSECT, 6 ENTITY_REF, 7 IGNORABLE_WHITESPACE, 8 PROCESSING_INSTRUCTION,
  9 COMMENT, 10 DOCDECL, and 15 ATTRIBUTE, which belongs to the last START_TAG), the high
  nibble the type of the data that follows (1 null, 2 string, 3 interned string, 4 bytes
  shown as hex, 5 bytes shown as base64, 6 int, 7 int shown as hex, 8 long, 9 long shown
  as hex, 10 float, 11 double, 12 boolean true, 13 boolean false);
* START_TAG / END_TAG carry the tag name as an interned string; ATTRIBUTE carries its name
  as an interned string and then the value in its type; text-like events carry a string;
* numbers are big-endian (``DataOutput``): int 4 bytes, long 8, float 4, double 8;
  strings are ``writeUTF``: an unsigned 16-bit byte length and the (modified) UTF-8
  bytes; bytes values an unsigned 16-bit length and the bytes;
* interned strings (``FastDataOutput.writeInternedUTF``): an unsigned 16-bit index into
  the table of strings interned so far, or ``0xFFFF`` followed by a ``writeUTF`` string
  that is appended to the table (the first string gets index 0).

:func:`events` turns a file into ``("start", tag, attrs)`` / ``("end", tag, None)`` /
``("text", None, text)`` events, with every attribute value rendered as text the way
``BinaryXmlPullParser.getAttributeValue`` (and so ``abx2xml``) renders it: ints and longs
in decimal, the hex types with ``Integer/Long.toHexString`` (two's complement, no
leading zeros), bytes in upper-case hex or base64, booleans ``true`` / ``false``. A plain
XML reader and this one therefore give the same attribute strings.
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator

MAGIC = b"ABX\x00"

START_DOCUMENT, END_DOCUMENT, START_TAG, END_TAG, TEXT, CDSECT, ENTITY_REF, IGNORABLE_WHITESPACE = range(8)
PROCESSING_INSTRUCTION, COMMENT, DOCDECL = 8, 9, 10
ATTRIBUTE = 15

TYPE_NULL = 1 << 4
TYPE_STRING = 2 << 4
TYPE_STRING_INTERNED = 3 << 4
TYPE_BYTES_HEX = 4 << 4
TYPE_BYTES_BASE64 = 5 << 4
TYPE_INT = 6 << 4
TYPE_INT_HEX = 7 << 4
TYPE_LONG = 8 << 4
TYPE_LONG_HEX = 9 << 4
TYPE_FLOAT = 10 << 4
TYPE_DOUBLE = 11 << 4
TYPE_BOOLEAN_TRUE = 12 << 4
TYPE_BOOLEAN_FALSE = 13 << 4

_TEXTS = (TEXT, CDSECT, ENTITY_REF, IGNORABLE_WHITESPACE, PROCESSING_INSTRUCTION, COMMENT, DOCDECL)


class AbxError(ValueError):
    """The data is not ABX, or is truncated or malformed at ``offset``."""

    def __init__(self, message: str, offset: int):
        super().__init__(f"{message} at byte {offset}")
        self.offset = offset


def mutf8(data: bytes) -> str:
    """Java modified UTF-8 (``writeUTF``) to str: ``C0 80`` is NUL and characters outside
    the BMP arrive as two encoded surrogates (CESU-8)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


class _Reader:
    __slots__ = ("data", "pos", "interned")

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0
        self.interned: list[str] = []

    def take(self, n: int) -> bytes:
        end = self.pos + n
        if end > len(self.data):
            raise AbxError(f"truncated: {n} bytes wanted, {len(self.data) - self.pos} left", self.pos)
        out = self.data[self.pos:end]
        self.pos = end
        return out

    def u16(self) -> int:
        return struct.unpack(">H", self.take(2))[0]

    def utf(self) -> str:
        return mutf8(self.take(self.u16()))

    def interned_utf(self) -> str:
        at = self.pos
        index = self.u16()
        if index == 0xFFFF:
            s = self.utf()
            self.interned.append(s)
            return s
        if index >= len(self.interned):
            raise AbxError(f"interned string {index} referenced before it was defined ({len(self.interned)} so far)", at)
        return self.interned[index]

    def value(self, typ: int) -> str | None:
        """An attribute value of type ``typ``, rendered as BinaryXmlPullParser renders it."""
        if typ == TYPE_STRING:
            return self.utf()
        if typ == TYPE_STRING_INTERNED:
            return self.interned_utf()
        if typ == TYPE_NULL:
            return None
        if typ == TYPE_INT:
            return str(struct.unpack(">i", self.take(4))[0])
        if typ == TYPE_INT_HEX:
            return format(struct.unpack(">I", self.take(4))[0], "x")
        if typ == TYPE_LONG:
            return str(struct.unpack(">q", self.take(8))[0])
        if typ == TYPE_LONG_HEX:
            return format(struct.unpack(">Q", self.take(8))[0], "x")
        if typ == TYPE_FLOAT:
            return repr(struct.unpack(">f", self.take(4))[0])
        if typ == TYPE_DOUBLE:
            return repr(struct.unpack(">d", self.take(8))[0])
        if typ == TYPE_BOOLEAN_TRUE:
            return "true"
        if typ == TYPE_BOOLEAN_FALSE:
            return "false"
        if typ == TYPE_BYTES_HEX:
            return self.take(self.u16()).hex().upper()
        if typ == TYPE_BYTES_BASE64:
            return base64.b64encode(self.take(self.u16())).decode("ascii")
        raise AbxError(f"unknown attribute type {typ >> 4}", self.pos - 1)


def is_abx(head: bytes) -> bool:
    return head.startswith(MAGIC)


def events(data: bytes) -> Iterator[tuple[str, str | None, dict[str, str | None] | None]]:
    """The element events of an ABX document (see the module docstring).

    Raises :class:`AbxError` when the data is not ABX or stops in the middle of a token;
    events before that point have been yielded.
    """
    if not data.startswith(MAGIC):
        raise AbxError("not Android Binary XML (no ABX\\0 magic)", 0)
    r = _Reader(data)
    r.pos = len(MAGIC)
    pending: tuple[str, dict[str, str | None]] | None = None  # the open START_TAG collecting attributes
    n = len(data)
    while r.pos < n:
        at = r.pos
        token = data[r.pos]
        r.pos += 1
        event, typ = token & 0x0F, token & 0xF0
        if event == ATTRIBUTE:
            if pending is None:
                raise AbxError("attribute outside a start tag", at)
            name = r.interned_utf()
            pending[1][name] = r.value(typ)
            continue
        if pending is not None:
            yield "start", pending[0], pending[1]
            pending = None
        if event == START_TAG:
            pending = (r.interned_utf() if typ == TYPE_STRING_INTERNED else r.value(typ) or "", {})
        elif event == END_TAG:
            yield "end", (r.interned_utf() if typ == TYPE_STRING_INTERNED else r.value(typ) or ""), None
        elif event in (START_DOCUMENT, END_DOCUMENT):
            if typ != TYPE_NULL:
                r.value(typ)
            if event == END_DOCUMENT:
                return
        elif event in _TEXTS:
            text = r.value(typ) if typ != TYPE_NULL else None
            if event in (TEXT, CDSECT, ENTITY_REF) and text is not None:
                yield "text", None, text
        else:
            raise AbxError(f"unknown token {event}", at)
    if pending is not None:
        yield "start", pending[0], pending[1]

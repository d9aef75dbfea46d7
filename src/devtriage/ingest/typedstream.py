"""Reading (and, for fixtures, writing) the text of an archived ``NSAttributedString``.

iOS ``sms.db`` / macOS ``chat.db`` keep each message's rich text in
``message.attributedBody``: an ``NSAttributedString`` serialised with the legacy
``NSArchiver`` "typedstream" format (NeXTSTEP heritage, undocumented by Apple). Since
iOS 16 the plain ``text`` column is often NULL and this blob is the only copy of the
body, so the adapter decodes it for those rows.

The format, as public readers describe it (dgelessus/python-typedstream, the
``typedstream`` parser of ReagentX/imessage-exporter) and as the real samples show:

* header: streamer version ``0x04``, a length-prefixed signature ``streamtyped``
  (little-endian; ``typedstream`` means big-endian), then the system version (``1000``);
* integers: one signed byte, unless the byte is a tag: ``0x81`` = a 2-byte integer
  follows, ``0x82`` = 4 bytes, ``0x83`` = a float/double follows;
* ``0x84`` = "new" (a literal string or object follows), ``0x85`` = nil, ``0x86`` = end of
  object; bytes from ``0x92`` on are references (``0x92`` = entry 0) into the table of
  shared strings (type encodings, class names) or into the table of objects;
* values come in groups prefixed by a type-encoding string (``@`` object, ``+`` bytes,
  ``i``/``I`` integers, ``*`` C string, ...);
* an object is ``0x84``, its class chain (``0x84`` name version, ... up to nil or a
  reference), its value groups, ``0x86``.

The attributed string is an object (``NSMutableAttributedString`` or
``NSAttributedString``) whose first value is an ``@`` group holding an ``NSString``
object (``NSMutableString``/``NSString``) whose only value is a ``+`` group: the text as
length-prefixed UTF-8. That is all :func:`decode_text` reads; the attribute runs after
it (attachment GUIDs, links, one-time codes) are not needed for the body. When the
structure is not the expected one, a fallback looks for the first ``NSString`` class
name followed by a ``+`` group, as most public tools do.

:func:`encode_text` writes the same structure the way iOS does for a plain message (one
attribute run with ``__kIMMessagePartAttributeName = 0``), byte for byte: it is used
by the synthetic-data builders and tests.
"""

from __future__ import annotations

MAGIC = b"\x04\x0bstreamtyped"
MAGIC_BE = b"\x04\x0btypedstream"

_INT2 = 0x81
_INT4 = 0x82
_FLOAT = 0x83
_NEW = 0x84
_NIL = 0x85
_END = 0x86
_FIRST_TAG = 0x80  # bytes 0x80..0x91 (signed -128..-111) are tags, not values
_LAST_TAG = 0x91
_FIRST_REF = 0x92

_STRING_CLASSES = (b"NSString", b"NSMutableString")
_ATTRIBUTED_CLASSES = (b"NSAttributedString", b"NSMutableAttributedString")


class TypedStreamError(ValueError):
    """The bytes are not the typedstream structure this reader expects."""


class _Reader:
    __slots__ = ("data", "order", "pos", "shared")

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0
        self.order = "little"
        self.shared: list[bytes] = []

    def _byte(self) -> int:
        try:
            b = self.data[self.pos]
        except IndexError:
            raise TypedStreamError("truncated typedstream") from None
        self.pos += 1
        return b

    def _take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise TypedStreamError("truncated typedstream")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def integer(self, head: int | None = None, signed: bool = True) -> int:
        head = self._byte() if head is None else head
        if head == _INT2:
            return int.from_bytes(self._take(2), self.order, signed=signed)
        if head == _INT4:
            return int.from_bytes(self._take(4), self.order, signed=signed)
        if _FIRST_TAG <= head <= _LAST_TAG:
            raise TypedStreamError(f"tag 0x{head:02x} where an integer was expected")
        return head - 256 if signed and head > 127 else head

    def header(self) -> None:
        version = self._byte()
        sig = self._take(self._byte())
        if version != 4 or sig not in (b"streamtyped", b"typedstream"):
            raise TypedStreamError("not a typedstream (bad header)")
        self.order = "little" if sig == b"streamtyped" else "big"
        self.integer(signed=False)  # system version, 1000 on Mac OS X / iOS

    def unshared(self, head: int | None = None) -> bytes | None:
        head = self._byte() if head is None else head
        if head == _NIL:
            return None
        return self._take(self.integer(head, signed=False))

    def shared_string(self, head: int | None = None) -> bytes | None:
        head = self._byte() if head is None else head
        if head == _NIL:
            return None
        if head == _NEW:
            value = self.unshared()
            if value is None:
                raise TypedStreamError("nil literal shared string")
            self.shared.append(value)
            return value
        index = self.integer(head) - (_FIRST_REF - 256)
        if not 0 <= index < len(self.shared):
            raise TypedStreamError("shared string reference out of range")
        return self.shared[index]

    def class_chain(self) -> list[bytes]:
        """Class names of a literally stored class chain (a reference ends it)."""
        names = []
        head = self._byte()
        while head == _NEW:
            name = self.shared_string()
            if name is None:
                raise TypedStreamError("nil class name")
            names.append(name)
            self.integer()  # class version
            head = self._byte()
        if head != _NIL:
            self.integer(head)  # reference to a class stored earlier
        return names

    def begin_object(self) -> list[bytes]:
        if self._byte() != _NEW:
            raise TypedStreamError("expected a literal object")
        return self.class_chain()


def _structured(blob: bytes) -> bytes:
    r = _Reader(blob)
    r.header()
    if r.shared_string() != b"@":
        raise TypedStreamError("root is not an object")
    classes = r.begin_object()
    if not any(c in _ATTRIBUTED_CLASSES for c in classes):
        raise TypedStreamError(f"root object is {classes[:1]!r}, not an attributed string")
    if r.shared_string() != b"@":
        raise TypedStreamError("attributed string does not start with an object")
    classes = r.begin_object()
    if not any(c in _STRING_CLASSES for c in classes):
        raise TypedStreamError(f"first value is {classes[:1]!r}, not a string")
    if r.shared_string() != b"+":
        raise TypedStreamError("string contents are not a byte string")
    raw = r.unshared()
    if raw is None:
        raise TypedStreamError("nil string contents")
    return raw


def _heuristic(blob: bytes) -> bytes:
    """Fallback: the first ``NSString`` class name followed by a literal ``+`` group."""
    at = blob.find(b"NSString")
    while at >= 0:
        plus = blob.find(b"\x84\x01+", at, at + 32)
        if plus >= 0:
            r = _Reader(blob)
            if blob.startswith(MAGIC_BE):
                r.order = "big"
            r.pos = plus + 3
            raw = r.unshared()
            if raw is not None:
                return raw
        at = blob.find(b"NSString", at + 8)
    raise TypedStreamError("no NSString contents found")


# The two layouts the Messages app writes for a plain message body, up to the length of
# the string's UTF-8 bytes: NSAttributedString > NSString (iOS 14 on) and
# NSMutableAttributedString > NSMutableString (iOS 13 and earlier).
_PLAIN_PREFIXES = (
    MAGIC + b"\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject\x00\x85\x92"
    b"\x84\x84\x84\x08NSString\x01\x94\x84\x01+",
    MAGIC + b"\x81\xe8\x03\x84\x01@\x84\x84\x84\x19NSMutableAttributedString\x00\x84\x84\x12NSAttributedString"
    b"\x00\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84\x0fNSMutableString\x01\x84\x84\x08NSString\x01\x95\x84\x01+",
)


def _plain(blob: bytes) -> bytes | None:
    """Fast path for the two usual layouts; None when the blob is laid out otherwise."""
    for prefix in _PLAIN_PREFIXES:
        if blob.startswith(prefix):
            i = len(prefix)
            if i >= len(blob):
                return None
            tag = blob[i]
            if tag < 0x80:
                start, length = i + 1, tag
            elif tag == 0x81:
                start, length = i + 3, int.from_bytes(blob[i + 1 : i + 3], "little", signed=True)
            elif tag == 0x82:
                start, length = i + 5, int.from_bytes(blob[i + 1 : i + 5], "little", signed=True)
            else:
                return None
            if length < 0 or start + length > len(blob):
                return None
            return blob[start : start + length]
    return None


def decode_text(blob: bytes | bytearray | memoryview | None) -> str | None:
    """The plain text of an archived ``NSAttributedString``, or None when unreadable.

    Text that is not valid UTF-8 is decoded with replacement characters.
    """
    if blob is None:
        return None
    blob = bytes(blob)
    if not blob.startswith((MAGIC, MAGIC_BE)):
        return None
    raw = _plain(blob)
    if raw is not None:
        return raw.decode("utf-8", "replace")
    for attempt in (_structured, _heuristic):
        try:
            raw = attempt(blob)
        except TypedStreamError:
            continue
        return raw.decode("utf-8", "replace")
    return None


# --- writing -----------------------------------------------------------------------


class _Writer:
    def __init__(self):
        self.out = bytearray(MAGIC)
        self.shared: dict[bytes, int] = {}
        self.objects = 0  # objects and classes share one reference numbering
        self.classes: dict[bytes, int] = {}
        self.integer(1000)

    def integer(self, value: int) -> None:
        if -128 <= value <= 127 and not (-128 <= value <= -111):
            self.out += (value & 0xFF).to_bytes(1, "little")
        elif -(2**15) <= value < 2**15:
            self.out += bytes([_INT2]) + value.to_bytes(2, "little", signed=True)
        else:
            self.out += bytes([_INT4]) + value.to_bytes(4, "little", signed=value < 0)

    def reference(self, index: int) -> None:
        self.integer(index + _FIRST_REF - 256)

    def unshared(self, value: bytes) -> None:
        self.integer(len(value))
        self.out += value

    def shared_string(self, value: bytes) -> None:
        if value in self.shared:
            self.reference(self.shared[value])
        else:
            self.out.append(_NEW)
            self.unshared(value)
            self.shared[value] = len(self.shared)

    def class_chain(self, chain: list[tuple[bytes, int]]) -> None:
        for name, version in chain:
            if name in self.classes:
                self.reference(self.classes[name])
                return
            self.out.append(_NEW)
            self.shared_string(name)
            self.integer(version)
            self.classes[name] = self.objects
            self.objects += 1
        self.out.append(_NIL)

    def begin_object(self, chain: list[tuple[bytes, int]]) -> None:
        self.out.append(_NEW)
        self.objects += 1
        self.class_chain(chain)

    def end_object(self) -> None:
        self.out.append(_END)

    def string_object(self, value: bytes) -> None:
        self.begin_object([(b"NSString", 1), (b"NSObject", 0)])
        self.shared_string(b"+")
        self.unshared(value)
        self.end_object()


def encode_text(text: str) -> bytes:
    """An ``attributedBody`` blob for ``text`` laid out as iOS writes a plain message."""
    raw = text.encode("utf-8")
    w = _Writer()
    w.shared_string(b"@")
    w.begin_object([(b"NSMutableAttributedString", 0), (b"NSAttributedString", 0), (b"NSObject", 0)])
    w.shared_string(b"@")
    w.begin_object([(b"NSMutableString", 1), (b"NSString", 1), (b"NSObject", 0)])
    w.shared_string(b"+")
    w.unshared(raw)
    w.end_object()
    # one attribute run over the whole string: (attribute dictionary number, length in UTF-16 units)
    w.shared_string(b"iI")
    w.integer(1)
    w.integer(len(text.encode("utf-16-le")) // 2)
    w.shared_string(b"@")
    w.begin_object([(b"NSDictionary", 0), (b"NSObject", 0)])
    w.shared_string(b"i")
    w.integer(1)  # one key/value pair
    w.shared_string(b"@")
    w.string_object(b"__kIMMessagePartAttributeName")
    w.shared_string(b"@")
    w.begin_object([(b"NSNumber", 0), (b"NSValue", 0), (b"NSObject", 0)])
    w.shared_string(b"*")
    w.out.append(_NEW)  # literal C string holding the value's type encoding, "i"
    w.objects += 1
    w.shared_string(b"i")
    w.shared_string(b"i")
    w.integer(0)  # message part 0
    w.end_object()  # NSNumber
    w.end_object()  # NSDictionary
    w.end_object()  # the attributed string
    return bytes(w.out)

"""Normalising the identifiers of people: phone numbers, e-mail addresses, app ids.

One person appears under many spellings ("07700 900123", "+44 7700 900123",
"447700900123@s.whatsapp.net"). Every ``counterpart`` / ``identifier`` column holds the
normal form made here, and the raw value is kept beside it:

* phone numbers (and WhatsApp user JIDs ``<digits>@s.whatsapp.net`` / ``@c.us``) become
  E.164 (``+447700900123``) using the case's default region for national numbers, via the
  ``phonenumbers`` library; numbers it cannot make sense of keep their digits (and a
  leading ``+``) only;
* e-mail addresses (iMessage handles included) are lower-cased;
* short codes, alphanumeric sender ids ("CoopMobile"), group ids and other app ids are
  kept as they are, stripped of surrounding white space.

Normalisation works per distinct value (dictionary encoding), so a million messages
with a few hundred counterparts cost a few hundred parses.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

_PHONE_CHARS = re.compile(r"^[+()\-.\s\d/]*\d[()\-.\s\d/]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WA_USER = re.compile(r"^(\d+)(?::\d+)?@(s\.whatsapp\.net|c\.us)$", re.IGNORECASE)
_TEL_PREFIX = re.compile(r"^(tel:|sip:)", re.IGNORECASE)


@lru_cache(maxsize=None)
def _normalise(raw: str, region: str) -> str:
    value = raw.strip()
    if not value:
        return value
    value = _TEL_PREFIX.sub("", value)
    m = _WA_USER.match(value)
    if m:
        return "+" + m.group(1)
    if "@" in value:
        return value.lower() if _EMAIL.match(value) else value
    if not _PHONE_CHARS.match(value):
        return value
    digits = re.sub(r"\D", "", value)
    plus = value.startswith("+")
    if not plus and digits.startswith("00") and len(digits) > 9:
        # 00 is the international prefix in most of the world: "0044 7700 900123"
        digits, plus, value = digits[2:], True, "+" + digits[2:]
    if len(digits) < 7:  # short codes, service numbers: keep as written, digits only
        return digits
    try:
        num = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        num = None
    if num is not None and phonenumbers.is_possible_number(num):
        return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    return ("+" if plus else "") + digits


class Normaliser:
    """Turns raw identifiers into their normal form for one default region."""

    def __init__(self, region: str = "GB"):
        self.region = region

    def one(self, raw: str | None) -> str | None:
        """The normal form of one raw identifier (None stays None)."""
        if raw is None:
            return None
        return _normalise(str(raw), self.region)

    def array(self, raw: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Normalise a string array, parsing each distinct value once."""
        if isinstance(raw, pa.ChunkedArray):
            raw = raw.combine_chunks()
        if raw.type != pa.string():
            raw = raw.cast(pa.string())
        encoded = pc.dictionary_encode(raw)
        normal = pa.array([self.one(v) for v in encoded.dictionary.to_pylist()], pa.string())
        return pc.take(normal, encoded.indices)

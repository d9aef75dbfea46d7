"""The victim's identifiers from the case file, in the forms people really type them.

:func:`victim_patterns` turns a :class:`~devtriage.case.Victim` into what the match
kernels (``devtriage.kernels.match``) look for, each pattern tagged with the case
identifier it stands for and its kind:

* ``phone`` -- every phone number as the written forms of its national significant
  number (NSN): the NSN alone (``7700900123``), with the national prefix
  (``07700900123``), with the country code (``447700900123``), country code + national
  prefix (``4407700900123``, from "+44 (0)7700 ...") and the international prefix
  (``00447700900123``). Matched on digits, so spaces, dashes, dots and brackets in between
  do not matter (see :func:`devtriage.kernels.match.find_numbers`).
* ``email`` -- as written (matching ignores case); ``handle`` -- with and without its
  leading ``@``.
* ``name`` -- the names the case lists (it lists the nicknames too) as one identifier
  (named by the first), and for a "First Last" name also "Last First" and "F Last".
* ``address`` -- house number + street of each address (its first comma-separated part,
  or the text before the postcode), in every spelling of the street type ("Avenue",
  "Ave", "Av"; "Road", "Rd"; ...). ``postcode`` -- a UK postcode found in the address,
  with and without its space: a weaker hit on its own.

Matching folds case, punctuation and spacing (``12, Acacia  AVE.`` = ``12 acacia ave``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import phonenumbers

from ..case import Victim
from ..kernels.match import compile_terms, number_key

#: Street types and their written forms (first: the full word).
STREET_TYPES = (
    ("avenue", "ave", "av"), ("road", "rd"), ("street", "st", "str"), ("lane", "ln"), ("drive", "dr"),
    ("close", "cl"), ("crescent", "cres", "cresc"), ("court", "ct"), ("place", "pl"), ("gardens", "gdns"),
    ("terrace", "terr", "ter"), ("grove", "gr", "grv"), ("square", "sq"), ("park", "pk"), ("mews",),
    ("walk",), ("way",), ("hill",), ("row",),
)
_TYPE_FORMS = {form: forms for forms in STREET_TYPES for form in forms}
#: UK postcode (outward + inward code), as in the Royal Mail format.
UK_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Patterns:
    """What to look for. ``terms``: the text patterns, with ``term_of`` (index into
    ``identifiers``) and ``term_kind``; ``keys`` / ``key_of``: phone-number keys (sorted)
    and the identifier each stands for; ``identifiers`` / ``kinds``: the case identifiers as
    written in the case file and their kind."""

    terms: list[str]
    term_of: np.ndarray
    term_kind: list[str]
    keys: np.ndarray
    key_of: np.ndarray
    identifiers: list[str]
    kinds: list[str]

    def automaton(self):
        return compile_terms(self.terms) if self.terms else None


def phone_forms(number: str, region: str = "GB") -> tuple[str, list[str]]:
    """``(E.164, [written digit forms])`` of one number; ``ValueError`` when it cannot be
    parsed as a phone number."""
    try:
        p = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException as e:
        raise ValueError(f"{number!r} is not a phone number: {e}") from None
    nsn = phonenumbers.national_significant_number(p)
    cc = str(p.country_code)
    national = "".join(ch for ch in phonenumbers.format_number(p, phonenumbers.PhoneNumberFormat.NATIONAL) if ch.isdigit())
    prefix = national[: -len(nsn)] if national.endswith(nsn) else ""  # "0" in the UK, "" where there is none
    forms = {nsn, cc + nsn, "00" + cc + nsn}
    if prefix:
        forms |= {prefix + nsn, cc + prefix + nsn}
    e164 = phonenumbers.format_number(p, phonenumbers.PhoneNumberFormat.E164)
    return e164, sorted(f for f in forms if 7 <= len(f) <= 15)


def address_forms(address: str) -> tuple[list[str], list[str]]:
    """``(house number + street forms, postcode forms)`` of one address."""
    pcs = []
    m = UK_POSTCODE.search(address)
    if m:
        out, inw = m.group(1).upper(), m.group(2).upper()
        pcs = [f"{out} {inw}", f"{out}{inw}"]
        head = address[: m.start()]
    else:
        head = address
    street = head.split(",")[0].strip()
    words = street.split()
    if len(words) < 2 or not any(ch.isdigit() for ch in words[0]):
        # no house number first ("Flat 3, 12 Acacia Avenue"): try the next part
        parts = [p.strip() for p in head.split(",") if p.strip()]
        numbered = [p for p in parts if p.split() and any(ch.isdigit() for ch in p.split()[0]) and len(p.split()) >= 2]
        if not numbered:
            return [], pcs
        words = numbered[0].split()
    last = words[-1].lower().rstrip(".")
    forms = [" ".join(words)]
    if last in _TYPE_FORMS:
        forms = [" ".join(words[:-1] + [f]) for f in _TYPE_FORMS[last]]
    return forms, pcs


def name_forms(name: str) -> list[str]:
    """A name as written, and for "First Last" also "Last First" and "F Last" (not when the
    last name has fewer than three letters: "I Q" would match anything)."""
    words = name.split()
    out = [name]
    if len(words) == 2:
        out.append(f"{words[1]} {words[0]}")
        if len(words[1]) >= 3:
            out.append(f"{words[0][0]} {words[1]}")
    return out


def victim_patterns(victim: Victim, region: str = "GB", warn=None) -> Patterns:
    """The patterns of every identifier of ``victim``. An identifier that cannot be used
    (a phone number that does not parse) is reported through ``warn`` and left out."""
    terms: list[str] = []
    term_of: list[int] = []
    term_kind: list[str] = []
    keys: dict[int, int] = {}
    identifiers: list[str] = []
    kinds: list[str] = []

    def ident(text: str, kind: str) -> int:
        identifiers.append(text)
        kinds.append(kind)
        return len(identifiers) - 1

    def add(forms, i: int, kind: str) -> None:
        for f in dict.fromkeys(f.lower() for f in forms):  # texts are lower-cased before the scan
            terms.append(f)
            term_of.append(i)
            term_kind.append(kind)

    for number in victim.phones:
        try:
            e164, forms = phone_forms(number, region)
        except ValueError as e:
            if warn:
                warn(f"case victim phone left out: {e}")
            continue
        if e164 in identifiers:  # the same number written twice in the case file
            continue
        i = ident(e164, "phone")
        for f in forms:
            keys.setdefault(number_key(f), i)
    for email in victim.emails:
        add([email], ident(email, "email"), "email")
    for handle in victim.handles:
        bare = handle.lstrip("@")
        add([handle, bare] if bare != handle else [bare], ident(handle, "handle"), "handle")
    if victim.names:  # one person: all the names the case lists are one identifier
        i = ident(victim.names[0], "name")
        add([f for name in victim.names for f in name_forms(name)], i, "name")
    for address in victim.addresses:
        streets, pcs = address_forms(address)
        if streets:
            add(streets, ident(address, "address"), "address")
        if pcs:
            add(pcs, ident(pcs[0], "postcode"), "postcode")
        if not streets and not pcs and warn:
            warn(f"case victim address {address!r}: no house number + street or postcode found; left out")
    ks = np.array(sorted(keys), dtype=np.int64)
    return Patterns(terms, np.array(term_of, dtype=np.int64), term_kind, ks,
                    np.array([keys[k] for k in ks.tolist()], dtype=np.int32), identifiers, kinds)

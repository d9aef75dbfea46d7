"""iOS Contacts ``AddressBook.sqlitedb`` (iOS 3 to 18).

``/private/var/mobile/Library/AddressBook/AddressBook.sqlitedb``
(``HomeDomain/Library/AddressBook/`` in an iTunes backup). ``ABPerson`` holds one row per
card (``First``, ``Middle``, ``Last``, ``Nickname``, ``Organization``); its phone numbers
and e-mail addresses are rows of ``ABMultiValue`` (``record_id`` -> ``ABPerson.ROWID``,
``property`` 3 = phone, 4 = e-mail, ``value``, ``label`` -> ``ABMultiValueLabel.ROWID``
whose ``value`` is a raw label such as ``_$!<Mobile>!$_`` or a user-typed one).

Postal addresses are ``property`` 5 (``kABPersonAddressProperty``): the ``ABMultiValue``
row is the slot (label, ``value`` NULL) and its parts are rows of ``ABMultiValueEntry``
(``parent_id`` -> ``ABMultiValue.UID``, ``key`` -> ``ABMultiValueEntryKey.ROWID`` whose
``value`` names the part: ``Street`` (may hold several lines), ``SubLocality``, ``City``,
``SubAdministrativeArea``, ``State``, ``ZIP``, ``Country``, ``CountryCode``; key names are
matched case-insensitively, never by their ROWID). One row, ``kind`` ``address``, whose
``identifier`` and ``identifier_raw`` are the parts on one line in that order (line
breaks and parts joined with ", ", ``CountryCode`` left out), not normalised; the parts
are kept in ``street``, ``city``, ``region`` (State), ``postcode`` (ZIP) and
``country``. Other properties (URLs, dates, social profiles, instant-message accounts)
are not read.

One ``contacts`` row per phone number / e-mail / address (``src_table``
``ABMultiValue``, ``src_row`` its ``UID``). ``name`` is First Middle Last, else the
nickname, else the organisation. Extra columns: ``kind`` (``phone``/``email``/``address``),
``label`` (raw), ``person_id``, ``first``, ``last``, ``nickname``, ``organization`` and
the address parts above (null for phones and e-mails).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from .android_contacts import address_line
from .arrowutil import blank_to_null
from .base import Artifact, Context, Probe
from . import sql
from .sql import col

NAME = "ios_contacts"
FORMAT = "iOS Contacts AddressBook.sqlitedb (ABPerson + ABMultiValue phones, e-mails and postal addresses)"
VERSIONS = "iOS 3-18"
TABLES = ("contacts",)

_REQUIRED = {"ABPerson": ("First", "Last"), "ABMultiValue": ("record_id", "property", "value")}
PHONE = 3
EMAIL = 4
ADDRESS = 5
# ABMultiValueEntryKey names of an address, in the order of the one-line form
ADDRESS_KEYS = ("street", "sublocality", "city", "subadministrativearea", "state", "zip", "country")
_KEPT = {"street": "street", "city": "city", "region": "state", "postcode": "zip", "country": "country"}


def detect(probe: Probe) -> bool:
    return probe.requires(_REQUIRED)


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    has_label = artifact.probe.has("ABMultiValueLabel", "value") and "label" in artifact.columns("ABMultiValue")
    uid = "mv.UID" if "UID" in artifact.columns("ABMultiValue") else "mv.ROWID"
    select = [
        f"{uid} AS src_row",
        "mv.record_id AS person_id",
        "mv.property AS property",
        "mv.value AS value",
        "l.value AS label" if has_label else "NULL AS label",
        "p.ROWID AS person_rowid",
        col(artifact, "ABPerson", "First", "first", prefix="p."),
        col(artifact, "ABPerson", "Middle", "middle", prefix="p."),
        col(artifact, "ABPerson", "Last", "last", prefix="p."),
        col(artifact, "ABPerson", "Nickname", "nickname", prefix="p."),
        col(artifact, "ABPerson", "Organization", "organization", prefix="p."),
    ]
    joins = "LEFT JOIN ABPerson p ON p.ROWID = mv.record_id"
    if has_label:
        joins += " LEFT JOIN ABMultiValueLabel l ON l.ROWID = mv.label"
    query = f"SELECT {', '.join(select)} FROM ABMultiValue mv {joins} WHERE mv.property IN ({PHONE}, {EMAIL}, {ADDRESS}) ORDER BY {uid}"
    t = sql.read(artifact, query, ctx=ctx, what="AddressBook ABMultiValue", types={
        "src_row": pa.int64(), "person_id": pa.int64(), "property": pa.int64(), "value": pa.string(),
        "label": pa.string(), "person_rowid": pa.int64(), "first": pa.string(), "middle": pa.string(),
        "last": pa.string(), "nickname": pa.string(), "organization": pa.string(),
    })
    c = {name: t.column(name).combine_chunks() for name in t.column_names}
    is_addr = pc.fill_null(pc.equal(c["property"], ADDRESS), False)
    addr_parts = {k: pa.nulls(len(is_addr), pa.string()) for k in _KEPT}
    if pc.any(is_addr).as_py():
        c["value"], addr_parts = _addresses(artifact, ctx, c["src_row"], c["value"], is_addr)

    value = blank_to_null(c["value"])
    empty = pc.sum(pc.is_null(value)).as_py() or 0
    keep = pc.is_valid(value)
    if empty:
        ctx.warn(f"{empty} phone/e-mail/address entries with an empty value skipped", rows_skipped=empty)
        c = {k: v.filter(keep) for k, v in c.items()}
        addr_parts = {k: v.filter(keep) for k, v in addr_parts.items()}
        value = value.filter(keep)
    orphans = pc.sum(pc.is_null(c["person_rowid"])).as_py() or 0
    if orphans:
        ctx.warn(f"{orphans} phone/e-mail/address entries whose card (ABPerson) is missing: kept without a name")

    # (null_handling="skip" drops all-null rows in some pyarrow releases: join with "" and tidy instead)
    parts = [pc.fill_null(c[k], "") for k in ("first", "middle", "last")]
    full = pc.utf8_trim_whitespace(pc.replace_substring_regex(pc.binary_join_element_wise(*parts, " "), r"\s+", " "))
    name = pc.coalesce(blank_to_null(full), blank_to_null(c["nickname"]), blank_to_null(c["organization"]))
    is_addr = pc.equal(c["property"], ADDRESS)
    kind = pc.if_else(pc.equal(c["property"], PHONE), pa.scalar("phone"),
                      pc.if_else(is_addr, pa.scalar("address"), pa.scalar("email")))
    n = len(value)
    yield "contacts", pa.table({
        "name": name,
        "identifier": pc.if_else(is_addr, value, ctx.normalise(value)),
        "identifier_raw": value,
        "src_table": pa.repeat(pa.scalar("ABMultiValue"), n),
        "src_row": c["src_row"],
        "kind": kind,
        "label": c["label"],
        "person_id": c["person_id"],
        "first": c["first"],
        "last": c["last"],
        "nickname": c["nickname"],
        "organization": c["organization"],
        **addr_parts,
    })


def _addresses(artifact: Artifact, ctx: Context, uids: pa.Array, value: pa.Array,
               is_addr: pa.Array) -> tuple[pa.Array, dict[str, pa.Array]]:
    """The one-line form of each address row (``value``) and its kept parts, from ABMultiValueEntry."""
    n = len(value)
    empty = {k: pa.nulls(n, pa.string()) for k in _KEPT}
    if not artifact.probe.has("ABMultiValueEntry", "parent_id", "key", "value"):
        ctx.warn("ABMultiValueEntry table missing: postal addresses have no parts (only a value, if any)")
        return value, empty
    keys = ("LEFT JOIN ABMultiValueEntryKey k ON k.ROWID = e.key" if artifact.probe.has("ABMultiValueEntryKey", "value")
            else "LEFT JOIN (SELECT NULL AS value) k ON 0")
    t = sql.read(artifact, f"SELECT e.parent_id AS parent, k.value AS key, e.value AS value FROM ABMultiValueEntry e {keys} "
                 f"WHERE e.parent_id IN (SELECT rowid FROM ABMultiValue WHERE property = {ADDRESS}) ORDER BY e.rowid",
                 ctx=ctx, what="AddressBook ABMultiValueEntry",
                 types={"parent": pa.int64(), "key": pa.string(), "value": pa.string()})
    # (ABMultiValue.UID is its INTEGER PRIMARY KEY, so rowid and UID are one)
    found: dict[int, dict[str, str]] = {}
    unknown = 0
    for parent, key, v in zip(*(t.column(x).to_pylist() for x in ("parent", "key", "value"))):
        k = (key or "").strip().lower()
        if k in ADDRESS_KEYS:
            found.setdefault(parent, {})[k] = v
        elif k != "countrycode":
            unknown += 1
    if unknown:
        ctx.warn(f"ABMultiValueEntry: {unknown} address parts with an unknown or missing key left out of the addresses")
    out = value.to_pylist()
    kept = {k: [None] * n for k in _KEPT}
    for i in pc.indices_nonzero(is_addr).to_pylist():
        got = found.get(uids[i].as_py(), {})
        line = address_line(None, [got.get(k) for k in ADDRESS_KEYS])
        out[i] = line if line is not None else out[i]
        for col_name, key in _KEPT.items():
            v = got.get(key)
            kept[col_name][i] = v if v and v.strip() else None
    return pa.array(out, pa.string()), {k: pa.array(v, pa.string()) for k, v in kept.items()}


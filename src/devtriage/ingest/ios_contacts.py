"""iOS Contacts ``AddressBook.sqlitedb`` (iOS 3 to 18).

``/private/var/mobile/Library/AddressBook/AddressBook.sqlitedb``
(``HomeDomain/Library/AddressBook/`` in an iTunes backup). ``ABPerson`` holds one row per
card (``First``, ``Middle``, ``Last``, ``Nickname``, ``Organization``); its phone numbers
and e-mail addresses are rows of ``ABMultiValue`` (``record_id`` -> ``ABPerson.ROWID``,
``property`` 3 = phone, 4 = e-mail, ``value``, ``label`` -> ``ABMultiValueLabel.ROWID``
whose ``value`` is a raw label such as ``_$!<Mobile>!$_`` or a user-typed one). Other
properties (addresses, URLs, dates, social profiles) are not identifiers and are left out.

One ``contacts`` row per phone number / e-mail (``src_table`` ``ABMultiValue``,
``src_row`` its ``UID``). ``name`` is First Middle Last, else the nickname, else the
organisation. Extra columns: ``kind`` (``phone``/``email``), ``label`` (raw),
``person_id``, ``first``, ``last``, ``nickname``, ``organization``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from .arrowutil import blank_to_null
from .base import Artifact, Context, Probe
from . import sql
from .sql import col

NAME = "ios_contacts"
FORMAT = "iOS Contacts AddressBook.sqlitedb (ABPerson + ABMultiValue phones and e-mails)"
VERSIONS = "iOS 3-18"
TABLES = ("contacts",)

_REQUIRED = {"ABPerson": ("First", "Last"), "ABMultiValue": ("record_id", "property", "value")}
PHONE = 3
EMAIL = 4


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
    query = f"SELECT {', '.join(select)} FROM ABMultiValue mv {joins} WHERE mv.property IN ({PHONE}, {EMAIL}) ORDER BY {uid}"
    t = sql.read(artifact, query, ctx=ctx, what="AddressBook ABMultiValue", types={
        "src_row": pa.int64(), "person_id": pa.int64(), "property": pa.int64(), "value": pa.string(),
        "label": pa.string(), "person_rowid": pa.int64(), "first": pa.string(), "middle": pa.string(),
        "last": pa.string(), "nickname": pa.string(), "organization": pa.string(),
    })
    c = {name: t.column(name).combine_chunks() for name in t.column_names}

    value = blank_to_null(c["value"])
    empty = pc.sum(pc.is_null(value)).as_py() or 0
    keep = pc.is_valid(value)
    if empty:
        ctx.warn(f"{empty} phone/e-mail entries with an empty value skipped", rows_skipped=empty)
        c = {k: v.filter(keep) for k, v in c.items()}
        value = value.filter(keep)
    orphans = pc.sum(pc.is_null(c["person_rowid"])).as_py() or 0
    if orphans:
        ctx.warn(f"{orphans} phone/e-mail entries whose card (ABPerson) is missing: kept without a name")

    # (null_handling="skip" drops all-null rows in some pyarrow releases: join with "" and tidy instead)
    parts = [pc.fill_null(c[k], "") for k in ("first", "middle", "last")]
    full = pc.utf8_trim_whitespace(pc.replace_substring_regex(pc.binary_join_element_wise(*parts, " "), r"\s+", " "))
    name = pc.coalesce(blank_to_null(full), blank_to_null(c["nickname"]), blank_to_null(c["organization"]))
    kind = pc.if_else(pc.equal(c["property"], PHONE), pa.scalar("phone"), pa.scalar("email"))
    n = len(value)
    yield "contacts", pa.table({
        "name": name,
        "identifier": ctx.normalise(value),
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
    })


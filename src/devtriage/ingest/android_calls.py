"""Android call log: the ``calls`` table of ``calllog.db`` (Android 7+) or ``contacts2.db``.

Until Android 6 the call log lived in the contacts provider's ``contacts2.db``
(``com.android.providers.contacts``); from Android 7 (Nougat) it has its own
``calllog.db`` in the same package, with the same ``calls`` table grown by columns
(``presentation``, ``subscription_component_name``, ``phone_account_address``, ``via_number``,
``post_dial_digits``, ``deleted``, ...). Both are read here by the table's content.

* ``date``: Unix milliseconds; ``duration``: seconds; ``number``: the other party as
  dialled or presented (empty or ``-1``/``-2``/``-3`` for private, unknown and payphone
  numbers, which ``presentation`` also says).
* ``type`` (``CallLog.Calls``): 1 incoming (answered) -> in/answered; 2 outgoing ->
  out/answered when ``duration`` > 0, else out/**missed** (nobody picked up: the call log
  has no separate code for an unanswered outgoing call, so a zero duration is the only
  sign; the schema's "missed" covers both sides); 3 missed -> in/missed; 4 voicemail ->
  in/voicemail; 5 rejected -> in/rejected; 6 blocked -> in/blocked; 7 answered externally
  (on another device of the same account) -> in/answered. Other codes (vendor
  extensions) give null direction and status, with a warning; the raw code is kept in
  ``call_type``.
* ``app``: ``telephony``, unless ``subscription_component_name`` (the Telecom
  PhoneAccount's ``package/class``) names a calling app that is not the telephony stack
  (a self-managed VoIP ConnectionService): then its known service name (``whatsapp``, ...)
  or its package id. The raw component is kept in ``account``.
* Extra columns: ``call_type``, ``cached_name`` (``name``: the contact name cached at call
  time), ``account``, ``presentation``, ``normalized_number`` (the phone's own E.164 form,
  made with the SIM's country; ``counterpart`` is normalised with the case's region like
  every other table, so that the same number links across tables).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .arrowutil import timestamps
from .base import Artifact, Context, Probe, repeat

NAME = "android_calls"
FORMAT = "Android call log: calls table of calllog.db (Android 7+) and of contacts2.db (Android 6 and older)"
VERSIONS = "AOSP CallLogProvider / ContactsProvider, Android 4 to 14 (calllog.db since Android 7)"
TABLES = ("calls",)

_ANDROID_COLUMNS = ("new", "numbertype", "countryiso", "presentation", "subscription_component_name", "is_read")

# Packages whose PhoneAccounts are the ordinary cellular / SIP telephony stack.
TELEPHONY_PACKAGES = frozenset({
    "com.android.phone",
    "com.android.server.telecom",
    "com.android.services.telephony",
    "com.samsung.android.incallui",
    "com.google.android.dialer",
    "com.android.dialer",
    "com.android.incallui",
})
# Self-managed calling apps and the service name this project uses for them.
VOIP_SERVICES = {
    "com.whatsapp": "whatsapp",
    "com.whatsapp.w4b": "whatsapp",
    "org.telegram.messenger": "telegram",
    "org.thoughtcrime.securesms": "signal",
    "com.viber.voip": "viber",
    "com.skype.raider": "skype",
    "com.facebook.orca": "messenger",
    "com.google.android.apps.tachyon": "duo",
}

PRIVATE_MARKERS = ["", "-1", "-2", "-3"]

# type -> (direction, status); 2 (outgoing) is resolved by duration.
_TYPES = {
    1: ("in", "answered"),
    2: ("out", None),
    3: ("in", "missed"),
    4: ("in", "voicemail"),
    5: ("in", "rejected"),
    6: ("in", "blocked"),
    7: ("in", "answered"),
}


def detect(probe: Probe) -> bool:
    return probe.has("calls", "number", "date", "duration", "type") and any(
        probe.has("calls", c) for c in _ANDROID_COLUMNS
    )


def app_of(component: str | None) -> str:
    """The ``app`` value for a PhoneAccount component name (``package/class``)."""
    if component is None or not component.strip():
        return "telephony"
    package = component.strip().split("/", 1)[0]
    if package in TELEPHONY_PACKAGES or "TelephonyConnectionService" in component:
        return "telephony"
    return VOIP_SERVICES.get(package, package)


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    lacking = sql.missing(artifact, "calls", ["number", "date", "duration", "type"])
    if lacking:
        ctx.warn(f"calls: column(s) {', '.join(lacking)} missing; table not read")
        return
    a = artifact
    account = ("subscription_component_name" if "subscription_component_name" in a.columns("calls")
               else "phone_account_component_name")
    query = (
        f"SELECT {sql.rowid(a, 'calls')} AS src_row, number, date, duration, type, "
        f"{sql.col(a, 'calls', 'name', 'cached_name')}, {sql.col(a, 'calls', account, 'account')}, "
        f"{sql.col(a, 'calls', 'presentation')}, {sql.col(a, 'calls', 'normalized_number')} FROM calls"
    )
    types = {
        "src_row": pa.int64(), "number": pa.string(), "date": pa.int64(), "duration": pa.float64(),
        "type": pa.int64(), "cached_name": pa.string(), "account": pa.string(), "presentation": pa.int64(),
        "normalized_number": pa.string(),
    }
    t = sql.read(artifact, query, types=types, ctx=ctx, what="calls")
    n = t.num_rows
    if n == 0:
        return

    def arr(name):
        return t.column(name).combine_chunks()

    codes = arr("type")
    duration = arr("duration")
    code_np = pc.fill_null(codes, -1).to_numpy(zero_copy_only=False)
    direction = np.full(n, None, dtype=object)
    status = np.full(n, None, dtype=object)
    for code, (d, s) in _TYPES.items():
        hit = code_np == code
        direction[hit] = d
        status[hit] = s
    out = code_np == 2
    talked = pc.fill_null(pc.greater(duration, 0), False).to_numpy(zero_copy_only=False)
    status[out & talked] = "answered"
    status[out & ~talked] = "missed"
    unknown = int(np.count_nonzero(direction == None))  # noqa: E711
    if unknown:
        ctx.warn(f"calls: {unknown} rows with an unknown call type (direction and status null)")
    ts = timestamps(arr("date"), "ms", ctx, "calls")
    raw = arr("number")
    counterpart = ctx.normalise(raw)
    # private / unknown / payphone callers: "" or the old markers -1, -2, -3: no counterpart
    hidden = pc.fill_null(pc.is_in(pc.utf8_trim_whitespace(raw), value_set=pa.array(PRIVATE_MARKERS)), False)
    hidden = pc.or_(hidden, pc.fill_null(pc.equal(counterpart, ""), False))
    counterpart = pc.if_else(hidden, pa.scalar(None, pa.string()), counterpart)
    accounts = arr("account")
    encoded = pc.dictionary_encode(accounts)
    apps = pa.array([app_of(v) for v in encoded.dictionary.to_pylist()], pa.string())
    app = pc.take(apps, encoded.indices) if len(apps) else repeat("telephony", n)
    app = pc.fill_null(app, "telephony")
    table = pa.table({
        "ts": ts,
        "direction": pa.array(direction, pa.string()),
        "counterpart": counterpart,
        "counterpart_raw": raw,
        "app": app,
        "duration_s": duration,
        "status": pa.array(status, pa.string()),
        "call_type": codes,
        "cached_name": arr("cached_name"),
        "account": accounts,
        "presentation": arr("presentation"),
        "normalized_number": arr("normalized_number"),
        "src_table": repeat("calls", n),
        "src_row": arr("src_row"),
    })
    yield "calls", table

"""The approaches the ingest benchmark compares, and a runner for their peak memory.

For each database (``mmssms`` = Android ``mmssms.db``, ``smsdb`` = iOS ``sms.db``):

* ``devtriage``: ``collect.ingest(folder)`` on the extraction folder: copying the
  database into a private folder and hashing it (SHA-256), probing every adapter, the adapter's read
  and table assembly. SQLite (through the ADBC driver) + Arrow compute: no Numba in this path.
* ``sqlite-scan``: SQLite's own scan of the same columns through the ``sqlite3`` module,
  rows discarded (``for _ in cur: pass``). Android: the statements the adapter issues.
  iOS: one ``SELECT`` of the columns the adapter reads with the joins (handle, chat,
  chat members) done in SQL, as an analyst would write it.
* ``sqlite-scan-adapter-sql`` (iOS only): the exact statements the iOS adapter issues
  (``message`` in ROWID order plus the small ``handle`` / ``chat_message_join`` / ``chat``
  / ``message_attachment_join`` tables, joined afterwards in Arrow), rows discarded: the
  floor for what devtriage reads.
* ``python-dicts``: the analyst's script: iterate the cursor, build one dict per row with
  the same output fields (direction from the type code, ``datetime`` time stamp,
  counterpart normalised through a dict cache around ``Normaliser().one``, body), append.

The "adapter SQL" is not copied here: :func:`capture_adapter_sql` records the statements
the adapters really run (a trace callback on their connection) on a small database of
the same schema, so the scan follows the adapter when it changes.

Peak memory: :func:`peak_rss` runs ``python _bench_approaches.py APPROACH DB PATH
[SQL_JSON]`` (one approach, once, then a JSON summary) as the only child of a bare
``python -c`` parent, which prints ``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the peak
RSS of that fresh process, imports included.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from devtriage import collect
from devtriage.identifiers import Normaliser
from devtriage.ingest import typedstream
from devtriage.ingest import sql as sql_mod

UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
COCOA_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)
ANDROID_OUT_TYPES = (2, 4, 5, 6)  # 3 = draft: not contact (as the adapter)


def _connect(db: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


# --- devtriage -------------------------------------------------------------------------


def devtriage_ingest(folder: str) -> collect.Result:
    """``collect.ingest`` of the extraction folder (the whole pipeline, default case)."""
    return collect.ingest(folder)


def summarise_devtriage(result: collect.Result) -> dict:
    import pyarrow.compute as pc

    t = result.tables["messages"]
    return {
        "rows": t.num_rows,
        "out": pc.sum(pc.equal(t.column("direction"), "out")).as_py() or 0,
        "counterparts": len(pc.unique(t.column("counterpart").drop_null())),
        "null_body": t.column("body").null_count,
        "warnings": [w["reason"] for w in result.warnings],
        "timings": result.manifest["timings"],
    }


# --- SQL the adapters run ----------------------------------------------------------------


def capture_adapter_sql(folder: str) -> dict[str, list[str]]:
    """The SELECTs each adapter runs (through ``ingest.sql.fetch``) while ``folder`` is ingested."""
    captured: dict[str, list[str]] = {}
    originals = {name: getattr(sql_mod, name) for name in ("_fetch_adbc", "_fetch")}

    def recording(name):
        def run(conn, sql, *args, **kwargs):
            frame = sys._getframe(2)  # the adapter that called fetch()
            adapter = frame.f_globals.get("NAME", frame.f_globals.get("__name__", "?"))
            statements = captured.setdefault(adapter, [])
            if sql not in statements:
                statements.append(sql)
            return originals[name](conn, sql, *args, **kwargs)

        return run

    for name in originals:
        setattr(sql_mod, name, recording(name))
    try:
        collect.ingest(folder)
    finally:
        for name, fn in originals.items():
            setattr(sql_mod, name, fn)
    return captured


def scan_statements(db: str, statements: list[str]) -> list[int]:
    """Run each statement, discarding the rows; rows per statement."""
    conn = _connect(db)
    try:
        counts = []
        for sql in statements:
            n = 0
            cur = conn.execute(sql)
            for _ in cur:
                n += 1
            counts.append(n)
        return counts
    finally:
        conn.close()


# --- Android mmssms.db -------------------------------------------------------------------

ANDROID_SQL = "SELECT _id, thread_id, address, date, type, body, read, subject FROM sms"


def android_dicts(db: str) -> list[dict]:
    norm = Normaliser("GB")
    cache: dict = {}
    out = []
    conn = _connect(db)
    try:
        for src_row, thread_id, address, date, typ, body, read, subject in conn.execute(ANDROID_SQL):
            try:
                counterpart = cache[address]
            except KeyError:
                counterpart = cache[address] = norm.one(address)
            out.append({
                "ts": UNIX_EPOCH + timedelta(milliseconds=date) if date is not None else None,
                "direction": "in" if typ == 1 else ("out" if typ in ANDROID_OUT_TYPES else None),
                "counterpart": counterpart,
                "counterpart_raw": address,
                "app": "sms",
                "thread": str(thread_id) if thread_id is not None else None,
                "body": body,
                "has_attachment": False,
                "read": read,
                "subject": subject,
                "src_table": "sms",
                "src_row": src_row,
            })
    finally:
        conn.close()
    return out


# --- iOS sms.db --------------------------------------------------------------------------


def ios_joined_sql(db: str) -> str:
    """One SELECT of the columns the iOS adapter reads, with the joins done in SQL."""
    conn = _connect(db)
    try:
        have = {r[1] for r in conn.execute("PRAGMA table_info(message)")}
    finally:
        conn.close()
    extras = "".join(f", m.{c}" if c in have else f", NULL AS {c}" for c in ("date_edited", "date_retracted"))
    return (
        "SELECT m.ROWID, m.date, m.is_from_me, m.handle_id, m.text, "
        "CASE WHEN m.text IS NULL THEN m.attributedBody END AS attributed, m.service, m.cache_has_attachments, "
        f"m.is_read, m.item_type, m.associated_message_type, m.date_read, m.date_delivered{extras}, "
        "h.id, cmj.chat_id, c.guid, c.chat_identifier, c.style, c.service_name, ch.handles "
        "FROM message m "
        "LEFT JOIN handle h ON h.ROWID = m.handle_id "
        "LEFT JOIN chat_message_join cmj ON cmj.message_id = m.ROWID "
        "LEFT JOIN chat c ON c.ROWID = cmj.chat_id "
        "LEFT JOIN (SELECT chat_id, COUNT(*) AS handles FROM chat_handle_join GROUP BY chat_id) ch "
        "ON ch.chat_id = c.ROWID "
        "ORDER BY m.ROWID"
    )


def _cocoa(value):
    if not value:
        return None
    if abs(value) > 1e11:  # nanoseconds (iOS 11+), else seconds
        return COCOA_EPOCH + timedelta(microseconds=value // 1000)
    return COCOA_EPOCH + timedelta(seconds=value)


def ios_dicts(db: str) -> list[dict]:
    norm = Normaliser("GB")
    cache: dict = {}
    out = []
    conn = _connect(db)
    try:
        for (rowid, date, from_me, handle_id, text, attributed, service, cache_att, is_read, item_type,
             assoc_type, date_read, date_delivered, date_edited, date_retracted, handle, chat_id, guid, chat_ident,
             style, service_name, handles) in conn.execute(ios_joined_sql(db)):
            group = style == 43 or (handles or 0) > 1
            if from_me and group:
                raw = chat_ident
            else:
                raw = handle if handle and handle.strip() else chat_ident
            try:
                counterpart = cache[raw]
            except KeyError:
                counterpart = cache[raw] = norm.one(raw)
            body = text
            from_attr = False
            if body is None and attributed is not None:
                body = typedstream.decode_text(attributed)
                from_attr = body is not None
            service = service or service_name
            out.append({
                "ts": _cocoa(date),
                "direction": "out" if from_me else "in",
                "counterpart": counterpart,
                "counterpart_raw": raw,
                "app": service.lower() if service else None,
                "thread": guid or chat_ident,
                "body": body,
                "has_attachment": bool(cache_att),
                "src_table": "message",
                "src_row": rowid,
                "group": group,
                "service": service,
                "body_from_attributed": from_attr,
                "date_read": _cocoa(date_read),
                "date_delivered": _cocoa(date_delivered),
                "is_read": is_read,
                "item_type": item_type,
                "associated_message_type": assoc_type,
                "chat_id": chat_id,
                "handle_id": handle_id,
            })
    finally:
        conn.close()
    return out


def summarise_dicts(out: list[dict]) -> dict:
    return {
        "rows": len(out),
        "out": sum(1 for r in out if r["direction"] == "out"),
        "counterparts": len({r["counterpart"] for r in out} - {None}),
        "null_body": sum(1 for r in out if r["body"] is None),
    }


# --- one approach by name (the tests and the memory runner share this) -----------------


def work(approach: str, db_kind: str, path: str, sql: list[str] | None = None):
    """The timed work. ``path`` is the extraction folder for ``devtriage``, the database otherwise."""
    if approach == "devtriage":
        return devtriage_ingest(path)
    if approach == "sqlite-scan":
        if db_kind == "smsdb":
            return scan_statements(path, [ios_joined_sql(path)])
        return scan_statements(path, sql or [ANDROID_SQL])
    if approach == "sqlite-scan-adapter-sql":
        return scan_statements(path, sql)
    if approach == "python-dicts":
        return android_dicts(path) if db_kind == "mmssms" else ios_dicts(path)
    if approach == "imports-only":
        return []
    raise ValueError(approach)


def summarise(approach: str, output) -> dict:
    if approach == "devtriage":
        return summarise_devtriage(output)
    if approach == "python-dicts":
        return summarise_dicts(output)
    return {"rows": max(output, default=0), "per_statement": list(output)}  # scans: rows per statement


def rss_enabled() -> bool:
    """``DEVTRIAGE_BENCH_RSS=0`` skips the peak-memory subprocesses."""
    return os.environ.get("DEVTRIAGE_BENCH_RSS", "1").strip().lower() not in ("0", "", "no", "false")


# The parent of the measured process: a bare interpreter (nothing imported) that runs
# the approach as its only child and reports that child's ru_maxrss (Linux: KiB).
_RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:])\n"
    "print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(p.returncode)\n"
)


def peak_rss(approach: str, db_kind: str, path: str, sql: list[str] | None = None) -> dict:
    """Run ``approach`` once in a fresh interpreter; its result summary and peak RSS (MB)."""
    child = [sys.executable, os.path.abspath(__file__), approach, db_kind, path]
    if sql is not None:
        child.append(json.dumps(sql))
    proc = subprocess.run([sys.executable, "-c", _RSS_WRAPPER] + child, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise RuntimeError(f"{approach} failed in a subprocess:\n{proc.stderr}")
    lines = proc.stdout.strip().splitlines()
    result = json.loads(lines[-2])
    result["peak_rss_mb"] = round(int(lines[-1].split()[1]) / 1024, 1)
    return result


def _main(argv: list[str]) -> None:
    approach, db_kind, path = argv[:3]
    sql = json.loads(argv[3]) if len(argv) > 3 else None
    output = work(approach, db_kind, path, sql)
    result = summarise(approach, output)
    print(json.dumps({k: v for k, v in result.items() if k in ("rows", "out", "counterparts", "null_body")}))


if __name__ == "__main__":
    _main(sys.argv[1:])

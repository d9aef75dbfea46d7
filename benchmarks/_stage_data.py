"""Data and baselines for the per-stage benchmarks (``test_stages.py``).

The device: ``devtriage.synth.generate(out, 2, profile, seed)`` writes one Android and one
iOS extraction. They are built once and cached in ``benchmarks/.cache/stages-<profile>-
seed<seed>-gen<GENERATOR_VERSION>/`` (a new generator version gives a new folder).
``DEVTRIAGE_BENCH_PROFILE`` picks the profile (``typical`` by default; ``heavy`` is opt-in,
``tiny`` is the quick correctness check); ``DEVTRIAGE_BENCH_SEED`` the seed.

For every SQLite file of a device, the way ``collect`` does it: the database and its
``-wal`` / ``-journal`` are copied into a private folder once, the schema is read from the
copy, and each adapter whose ``detect`` accepts it becomes one stage. Per stage:

* ``devtriage``: ``adapter.read(artifact, ctx)`` on the private copy, fully consumed;
* ``sqlite-scan``: the SELECTs that adapter ran (captured from ``ingest.sql``'s fetch, as
  ``_bench_approaches.capture_adapter_sql`` does) through ``sqlite3``, rows discarded;
* ``pandas``: ``pd.read_sql`` of the same statements, then the same mapping with pandas
  idioms (epoch -> ``datetime64[ms, UTC]`` with the same plausibility window, direction
  / status codes -> labels with ``np.select`` / ``Series.map``, counterpart normalised
  once per distinct raw value with ``Normaliser.one`` and ``Series.map``, the iOS joins
  with ``DataFrame.merge``). What each adapter's pandas version covers is in its function.

``rows`` of a stage is the adapter's output rows (all tables it yields); the scan and the
pandas version must produce the same count from the statements that carry the rows
(small lookup tables such as ``handle`` or ``chat`` are read but not counted).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from devtriage import collect
from devtriage.case import DEFAULT
from devtriage.identifiers import Normaliser
from devtriage.ingest import ADAPTERS
from devtriage.ingest import sql as sql_mod
from devtriage.ingest.base import Artifact, Context, Probe, sqlite_tables
from devtriage.layout.base import SQLITE_MAGIC
from devtriage.synth import generate as synth
from devtriage.timeconv import MAX_MS, MIN_MS

try:
    import pandas as pd
except ImportError:  # the pandas baseline is skipped with a reason
    pd = None

CACHE = Path(__file__).resolve().parent / ".cache"
PROFILES = ("tiny", "typical", "heavy")
DEFAULT_SEED = 20261121
COCOA_OFFSET_MS = 978_307_200_000  # 2001-01-01T00:00:00Z in Unix ms


def profile_from_env() -> str:
    p = os.environ.get("DEVTRIAGE_BENCH_PROFILE", "typical").strip().lower() or "typical"
    if p not in PROFILES:
        raise ValueError(f"DEVTRIAGE_BENCH_PROFILE={p!r}: one of {', '.join(PROFILES)}")
    return p


def seed_from_env() -> int:
    return int(os.environ.get("DEVTRIAGE_BENCH_SEED", DEFAULT_SEED))


# --- the device -----------------------------------------------------------------------------


def device_dir(profile: str, seed: int) -> Path:
    return CACHE / f"stages-{profile}-seed{seed}-gen{synth.GENERATOR_VERSION}"


def devices(profile: str, seed: int) -> dict[str, Path]:
    """``{"android": folder, "ios": folder}``, generated once and cached."""
    root = device_dir(profile, seed)
    done = root / "done.json"
    if not done.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=root.name + ".", dir=CACHE))
        t0 = time.perf_counter()
        folders = synth.generate(tmp, 2, profile, seed)
        (tmp / "done.json").write_text(json.dumps({
            "profile": profile, "seed": seed, "generator": synth.GENERATOR_VERSION,
            "exhibits": [f.name for f in folders], "build_s": round(time.perf_counter() - t0, 1)}))
        if root.exists():
            shutil.rmtree(root)
        tmp.rename(root)
    names = json.loads(done.read_text())["exhibits"]
    return {("android" if n.endswith("android") else "ios"): root / n for n in names}


# --- stages ---------------------------------------------------------------------------------


@dataclass
class Stage:
    platform: str
    adapter: str
    artifact: Artifact
    statements: list[str] = field(default_factory=list)
    rows: int = 0  # the adapter's output rows
    tables: dict[str, int] = field(default_factory=dict)
    summary: dict = field(default_factory=dict)  # summary_arrow of the adapter's output

    @property
    def db(self) -> str:
        return str(self.artifact.local)


def new_ctx(device: str) -> Context:
    return Context(device=device, case=DEFAULT, normaliser=Normaliser(DEFAULT.default_region))


def read_adapter(stage: Stage) -> dict[str, int]:
    """The timed devtriage work: ``adapter.read`` fully consumed; rows per table."""
    out: dict[str, int] = {}
    for name, table in ADAPTERS[stage.adapter].read(stage.artifact, new_ctx("bench")):
        out[name] = out.get(name, 0) + table.num_rows
    return out


def _capture(stage: Stage) -> dict[str, int]:
    """Run the adapter once, recording the SELECTs it sends through ``ingest.sql``."""
    originals = {name: getattr(sql_mod, name) for name in ("_fetch_adbc", "_fetch")}

    def recording(name):
        def run(conn, sql, *args, **kwargs):
            if sql not in stage.statements:
                stage.statements.append(sql)
            return originals[name](conn, sql, *args, **kwargs)

        return run

    for name in originals:
        setattr(sql_mod, name, recording(name))
    try:
        tables = [t for _, t in ADAPTERS[stage.adapter].read(stage.artifact, new_ctx("bench"))]
    finally:
        for name, fn in originals.items():
            setattr(sql_mod, name, fn)
    if tables:
        stage.summary = summary_arrow(pa.concat_tables(tables, promote_options="permissive"))
    return {}


def summary_arrow(t: pa.Table) -> dict:
    """What the pandas version must agree on: rows, 'out' rows, non-null ts / status, distinct ids."""
    import pyarrow.compute as pc

    def get(col, f):
        return f(t.column(col)) if col in t.column_names else None

    return {"rows": t.num_rows,
            "out": get("direction", lambda c: pc.sum(pc.equal(c, "out")).as_py() or 0),
            "ts": get("ts", lambda c: len(c) - c.null_count),
            "status": get("status", lambda c: len(c) - c.null_count),
            "counterparts": get("counterpart", lambda c: len(pc.unique(c.drop_null()))),
            "identifiers": get("identifier", lambda c: len(pc.unique(c.drop_null())))}


def summary_pandas(df) -> dict:
    def get(col, f):
        return f(df[col]) if col in df else None

    return {"rows": len(df),
            "out": get("direction", lambda c: int((c == "out").sum())),
            "ts": get("ts", lambda c: int(c.notna().sum())),
            "status": get("status", lambda c: int(c.notna().sum())),
            "counterparts": get("counterpart", lambda c: int(c.dropna().nunique())),
            "identifiers": get("identifier", lambda c: int(c.dropna().nunique()))}


def prepare(folder: Path, platform: str, work: Path) -> list[Stage]:
    """Private copies of the device's SQLite files and one Stage per (file, adapter) with rows."""
    stages: list[Stage] = []
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(("-wal", "-journal", "-shm")))
    for i, path in enumerate(files):
        with open(path, "rb") as fh:
            head = fh.read(collect.HEAD_BYTES)
        if not head.startswith(SQLITE_MAGIC):
            continue
        private = work / platform / str(i)
        private.mkdir(parents=True)
        local = private / "artifact"
        shutil.copyfile(path, local)
        for suffix in collect.COMPANIONS:
            comp = Path(str(path) + suffix)
            if comp.exists():
                shutil.copyfile(comp, Path(str(local) + suffix))
        rel = path.relative_to(folder).as_posix()
        probe = Probe(rel, path.stat().st_size, head)
        conn = sqlite3.connect(local.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            probe.tables = sqlite_tables(conn)
        finally:
            conn.close()
        for name, adapter in ADAPTERS.items():
            if not adapter.detect(probe):
                continue
            stage = Stage(platform, name, Artifact(rel, local, probe.size, probe))
            _capture(stage)
            stage.tables = read_adapter(stage)
            stage.rows = sum(stage.tables.values())
            if stage.rows:
                stages.append(stage)
    return stages


# --- SQLite scan ----------------------------------------------------------------------------


def _connect(db: str) -> sqlite3.Connection:
    return sqlite3.connect(Path(db).resolve().as_uri() + "?mode=ro", uri=True)


def scan(db: str, statements: list[str]) -> list[int]:
    """Each statement through ``sqlite3``, rows discarded; rows per statement."""
    conn = _connect(db)
    try:
        counts = []
        for sql in statements:
            n = 0
            for _ in conn.execute(sql):
                n += 1
            counts.append(n)
        return counts
    finally:
        conn.close()


# Which captured statements carry the output rows (the others are lookup tables).
def row_statements(adapter: str, statements: list[str]) -> list[int]:
    if adapter == "android_sms":
        return [i for i, s in enumerate(statements) if s.rstrip().endswith(("FROM sms", "FROM pdu"))]
    if adapter == "whatsapp_android":
        return [i for i, s in enumerate(statements) if "FROM message m" in s or "FROM call_log cl" in s
                or "FROM messages m" in s]
    return [0]


def scan_rows(stage: Stage, counts: list[int]) -> int:
    return sum(counts[i] for i in row_statements(stage.adapter, stage.statements))


# --- pandas ---------------------------------------------------------------------------------


def _unix_ts(values, unit_ms: float):
    """Epoch numbers (``unit_ms`` ms per unit, Unix epoch) -> datetime64[ms, UTC], window as devtriage."""
    ms = pd.to_numeric(values, errors="coerce") * unit_ms
    ms = ms.where((ms >= MIN_MS) & (ms < MAX_MS))
    return pd.to_datetime(ms.round(), unit="ms", utc=True)


def _cocoa_ts(values, unit: str = "auto"):
    """Cocoa time (s, ns or auto per value) -> datetime64[ms, UTC]; 0 is unset."""
    v = pd.to_numeric(values, errors="coerce").astype("float64")
    v = v.where(v != 0)
    if unit == "ns":
        ms = v / 1e6
    elif unit == "s":
        ms = v * 1e3
    else:
        ms = np.where(v.abs() > 1e11, v / 1e6, v * 1e3)
        ms = pd.Series(ms, index=v.index)
    return _unix_ts(ms + COCOA_OFFSET_MS, 1.0)


class _Norm:
    """Counterpart normalisation: ``Normaliser.one`` once per distinct raw value, then ``map``."""

    def __init__(self):
        self.normaliser = Normaliser(DEFAULT.default_region)

    def __call__(self, raw):
        uniq = raw.dropna().unique()
        lookup = {u: self.normaliser.one(u) for u in uniq}
        return raw.map(lookup)


def _flag_dir(flag, one: str = "out"):
    zero = "in" if one == "out" else "out"
    return pd.Series(np.select([flag == 1, flag == 0], [one, zero], None), index=flag.index, dtype="object")


def _p_android_sms(frames, stmts, norm):
    out = []
    for df, sql in zip(frames, stmts):
        if sql.rstrip().endswith("FROM sms"):
            typ = df["type"]
            out.append(pd.DataFrame({
                "ts": _unix_ts(df["date"], 1.0),
                "direction": np.select([typ == 1, typ.isin([2, 4, 5, 6])], ["in", "out"], None),
                "counterpart": norm(df["address"]), "counterpart_raw": df["address"], "app": "sms",
                "thread": df["thread_id"].astype("Int64").astype("string"), "body": df["body"],
                "has_attachment": False, "src_table": "sms", "src_row": df["src_row"]}))
        elif sql.rstrip().endswith("FROM pdu"):
            d = pd.to_numeric(df["date"], errors="coerce")
            box = df["msg_box"]
            out.append(pd.DataFrame({
                "ts": _unix_ts(d.where(d > 1e11, d * 1000), 1.0),
                "direction": np.select([box == 1, box.isin([2, 4, 5])], ["in", "out"], None),
                "app": "mms", "thread": df["thread_id"].astype("Int64").astype("string"), "body": df["sub"],
                "src_table": "pdu", "src_row": df["src_row"]}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame()


_AND_CALL_TYPES = {1: ("in", "answered"), 2: ("out", None), 3: ("in", "missed"), 4: ("in", "voicemail"),
                   5: ("in", "rejected"), 6: ("in", "blocked"), 7: ("in", "answered")}


def _p_android_calls(frames, stmts, norm):
    from devtriage.ingest.android_calls import app_of

    df = frames[0]
    typ = df["type"]
    status = typ.map({k: v[1] for k, v in _AND_CALL_TYPES.items()})
    talked = pd.to_numeric(df["duration"], errors="coerce").fillna(0) > 0
    status = status.mask(typ == 2, np.where(talked, "answered", "missed"))
    account = df["account"]
    apps = {a: app_of(a) for a in account.dropna().unique()}
    return pd.DataFrame({
        "ts": _unix_ts(df["date"], 1.0), "direction": typ.map({k: v[0] for k, v in _AND_CALL_TYPES.items()}),
        "counterpart": norm(df["number"]), "counterpart_raw": df["number"],
        "app": account.map(apps).fillna("telephony"), "duration_s": df["duration"], "status": status,
        "src_table": "calls", "src_row": df["src_row"]})


def _p_contacts(column: str, table: str):
    def run(frames, stmts, norm):
        df = frames[0]
        return pd.DataFrame({"name": df["name"] if "name" in df else None, "identifier": norm(df[column]),
                             "identifier_raw": df[column], "src_table": table, "src_row": df["src_row"]})

    return run


def _p_ios_contacts(frames, stmts, norm):
    df = frames[0]
    name = (df["first"].fillna("") + " " + df["last"].fillna("")).str.strip()
    name = name.mask(name == "", df["organization"])
    return pd.DataFrame({"name": name, "identifier": norm(df["value"]), "identifier_raw": df["value"],
                         "src_table": "ABMultiValue", "src_row": df["src_row"]})


def _p_whatsapp(ts_unit: str, app: str = "whatsapp"):
    """Both WhatsApp databases: the statements already resolve counterpart and thread in SQL."""
    from devtriage.ingest.whatsapp_android import CALL_STATUS
    from devtriage.ingest.whatsapp_ios_calls import OUTCOME_STATUS

    def run(frames, stmts, norm):
        out = []
        for df, sql in zip(frames, stmts):
            if "src_row" not in df or "ts_raw" not in df:
                continue
            ts = _unix_ts(df["ts_raw"], 1.0) if ts_unit == "ms" else _cocoa_ts(df["ts_raw"], "s")
            if "incoming" in df:  # iOS calls
                direction = _flag_dir(df["incoming"], one="in")
                status = df["outcome"].map(OUTCOME_STATUS).mask(df["outcome"].isna() & (df["missed"] == 1), "missed")
                extra = {"duration_s": df["duration_s"], "status": status}
            elif "call_result" in df:  # Android calls
                direction = _flag_dir(df["from_me"])
                extra = {"duration_s": df["duration_s"], "status": df["call_result"].map(CALL_STATUS)}
            else:
                direction = _flag_dir(df["from_me"])
                extra = {"body": df["body"], "has_attachment": df["attach"].fillna(0).astype(bool)}
            out.append(pd.DataFrame({"ts": ts, "direction": direction, "counterpart": norm(df["counterpart_raw"]),
                                     "counterpart_raw": df["counterpart_raw"], "app": app,
                                     "thread": df["thread"] if "thread" in df else df["group_jid"], **extra, "src_row": df["src_row"]}))
        return pd.concat(out, ignore_index=True) if out else pd.DataFrame()

    return run


def _p_ios_sms(frames, stmts, norm):
    from devtriage.ingest import typedstream

    msg, handle, cmj, chat = frames[0], frames[1], frames[2], frames[3]
    attach = frames[4] if len(frames) > 4 else pd.DataFrame({"message_id": []})
    cmj = cmj.drop_duplicates("message_id")
    m = msg.merge(handle.rename(columns={"rowid": "handle_id", "id": "handle"}), on="handle_id", how="left")
    m = m.merge(cmj.rename(columns={"message_id": "src_row"}), on="src_row", how="left")
    m = m.merge(chat.rename(columns={"rowid": "chat_id"}), on="chat_id", how="left")
    group = (m["style"] == 43) | (m["handles"].fillna(0) > 1)
    from_me = m["is_from_me"] == 1
    handle_ok = m["handle"].fillna("").str.strip() != ""
    raw = m["handle"].where(handle_ok & ~(from_me & group), m["chat_identifier"])
    body = m["body"]
    need = body.isna() & m["attributed"].notna()
    if need.any():
        body = body.copy()
        body[need] = m.loc[need, "attributed"].map(typedstream.decode_text)
    service = m["service"].fillna(m["service_name"])
    return pd.DataFrame({
        "ts": _cocoa_ts(m["date"]), "direction": np.where(from_me, "out", "in"), "counterpart": norm(raw),
        "counterpart_raw": raw, "app": service.str.lower(), "thread": m["guid"].fillna(m["chat_identifier"]),
        "body": body, "has_attachment": (m["cache_has_attachments"].fillna(0) != 0) | m["src_row"].isin(attach["message_id"]),
        "src_table": "message", "src_row": m["src_row"], "group": group})


def _p_ios_calls(frames, stmts, norm):
    df = frames[0]
    handles = dict(zip(frames[1]["pk"], frames[1]["value"])) if len(frames) > 1 else {}
    raw = df["address"].where(df["address"].notna(), df["initiator_pk"].map(handles))
    outgoing = df["originated"] == 1
    answered = df["answered"] == 1
    return pd.DataFrame({
        "ts": _cocoa_ts(df["date"], "s"), "direction": np.where(outgoing, "out", "in"), "counterpart": norm(raw),
        "counterpart_raw": raw, "duration_s": df["duration"],
        "status": np.where(answered, "answered", "missed"), "src_table": "ZCALLRECORD", "src_row": df["src_row"]})


PANDAS = {
    "android_sms": _p_android_sms,
    "android_calls": _p_android_calls,
    "android_contacts": _p_contacts("value", "data"),
    "ios_sms": _p_ios_sms,
    "ios_calls": _p_ios_calls,
    "ios_contacts": _p_ios_contacts,
    "whatsapp_android": _p_whatsapp("ms"),
    "whatsapp_android_contacts": _p_contacts("identifier_raw", "wa_contacts"),
    "whatsapp_ios": _p_whatsapp("cocoa"),
    "whatsapp_ios_calls": _p_whatsapp("cocoa"),
    "whatsapp_ios_contacts": _p_contacts("identifier_raw", "ZWAADDRESSBOOKCONTACT"),
}


def pandas_stage(stage: Stage):
    """The timed pandas work: read_sql of the adapter's statements + the mapping; a DataFrame."""
    conn = _connect(stage.db)
    try:
        frames = [pd.read_sql(s, conn) for s in stage.statements]
    finally:
        conn.close()
    return PANDAS[stage.adapter](frames, stage.statements, _Norm())


# --- the machine ----------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or "unknown CPU"


def machine() -> dict:
    import platform

    import devtriage

    info = {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
            "pyarrow": pa.__version__, "sqlite": sqlite3.sqlite_version, "devtriage": devtriage.__version__,
            "pandas": pd.__version__ if pd is not None else None}
    try:
        import numba

        info["numba"] = numba.__version__
    except ImportError:
        info["numba"] = None
    return info


if __name__ == "__main__":  # python benchmarks/_stage_data.py [profile]: build the device, list the stages
    prof = sys.argv[1] if len(sys.argv) > 1 else profile_from_env()
    devs = devices(prof, seed_from_env())
    with tempfile.TemporaryDirectory() as w:
        for plat, f in devs.items():
            for st in prepare(f, plat, Path(w)):
                c = scan(st.db, st.statements)
                print(plat, st.adapter, st.artifact.path, st.tables, "scan", c, "->", scan_rows(st, c),
                      "pandas", summary_pandas(pandas_stage(st)) == st.summary if pd is not None else "-")

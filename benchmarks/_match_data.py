"""Data for the identifier-matching benchmark (``test_match_speed.py``): a case victim with
100 identifiers and gigabytes of phone text with a few of them planted.

The victim (:func:`victim`): 20 phone numbers (16 mobiles in Ofcom's drama range 07700
900xxx, 2 Leeds and 2 London landlines in the drama ranges), 20 e-mail addresses, 10
handles, 20 names (one person: full names, maiden names, nicknames), 30 addresses (some
with a flat number first), each with a UK postcode. Invented name and street words, so
that everyday text never names her by chance.

The background (:func:`background`): a pool of lines that :func:`dataset` samples from,
about 60 % chat messages (the synthetic-device phrasebook, 7 languages, 1-3 bodies, with
emoji and diacritics), 25 % browsing (page title + decoded URL, web searches, map
searches) and 15 % notes (shopping lists, to-dos ... a few merged into long notes of up to
a few kB, multi-line). About one line in six carries someone ELSE's details: phone
numbers in every written form, street addresses, postcodes, e-mails and handles, and
look-alikes of hers -- her numbers with one digit changed or one digit added, her streets
with another house number or street type, her postcodes with the last letter changed, her
nicknames inside longer words. None of these is a hit.

The planted lines (:func:`plants`): in every chunk, each of her identifiers once, in a
line of the same kinds (chat, note, search, map search, visit) and in a form people type
(``+44 (0)7700 900-123``, ``12 QUILLFEATHER RD.``, ``ls62ab``, ``Vantreight Ifeoma``,
upper-case e-mail ...). Each planted line's truth is the set of identifiers it names (an
address line may name the postcode too), as ``(kind, identifier)`` with the identifier
written as :func:`devtriage.text.identifiers.victim_patterns` names it.

:func:`dataset` writes ``benchmarks/.cache/match-<version>-<MB>mb.arrow``: an Arrow IPC
file of record batches of about 64 MB of text each (one ``text`` string column), built
chunk by chunk (never more than a chunk in memory), plus a ``.json`` beside it with the
truth ``[batch, row, kind, identifier]`` and the totals. Read it back memory-mapped with
:func:`batches`. MB = 10^6 bytes of UTF-8 text (the string data, not the offsets).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import unquote_plus

import numpy as np
import pyarrow as pa

from devtriage.case import Victim
from devtriage.text.identifiers import address_forms, phone_forms

DATA_VERSION = "m1"
SEED = 20261121
MB = 1_000_000
CHUNK_MB = 64
POOL_LINES = 300_000
CACHE = Path(__file__).resolve().parent / ".cache"

# --- the victim ---------------------------------------------------------------------------

_MOBILES = ("123", "145", "207", "318", "362", "409", "471", "530", "586", "614", "652", "703", "739",
            "801", "846", "977")
_LANDLINES = ("0113 496 0122", "0113 496 0857", "020 7946 0310", "020 7946 0764")
_NAMES = (
    "Ifeoma Vantreight", "Ify Vantreight", "Ifeoma Quorndale", "Ifeoma Quorndale-Vantreight", "Ify Q. Vantreight",
    "Feoma Vantreight", "Ifyzee", "Feomi", "Ifeo Vantreight", "Ifeoma Vantriet", "I.F. Vantreight",
    "Ifeoma Adaeze Vantreight", "Meoma", "Ifeomah Vantreight", "Zoë Vantreight", "Ifi Quorndale",
    "Ifeoma Vantreight-Okafor", "Ifeoma Okafor", "Ifeyinwa Vantreight", "Iffy Vantreight",
)
_EMAILS = (
    "ifeoma.vt@example.org", "kestrel.moon84@example.net", "IFY_Q@example.com", "quillstar.99@example.org",
    "marrowdene@example.net", "feomishop@example.com", "vantreight.i7@example.co.uk", "bluefinch84@example.org",
    "nightjar.lanes@example.net", "ifyzq@example.com", "vantreight.work@example.org", "q.ifeoma@example.net",
    "larkspur_77@example.com", "ifeoma2003@example.co.uk", "moonwort.iv@example.org", "ify.vt.home@example.net",
    "quorndale.i@example.com", "feoma.v@example.org", "kestrelmoon@example.co.uk", "ifeo.q@example.net",
)
_HANDLES = ("@kestrel_moon", "@zee_q1", "@quillstar99", "@bluefinch_84", "@feomiv", "@nightjar_ln8",
            "@ifeoma.vtr", "@larkspur77", "@moonwort_i", "@vantreight_ify22")
_STREETS = ("Quillfeather", "Marrowdene", "Larkspur", "Nightjar", "Wrenthorpe", "Ashcombe Vale", "Tolliver",
            "Brackenholme", "Saltmarsh", "Fennimore", "Cobbleditch", "Harrowgate", "Penhallow", "Thistlecombe",
            "Wyvernwood")
_TYPES = ("Road", "Avenue", "Street", "Lane", "Close", "Crescent", "Drive", "Gardens", "Terrace", "Grove")
_TOWNS = ("Leeds", "London", "Bradford", "Manchester", "Sheffield", "York", "Halifax", "Wakefield")


def _postcode(rng, avoid: set[str]) -> str:
    while True:
        area = ("LS", "BD", "M", "S", "N", "E", "SE", "SW", "YO", "HX", "WF", "NW")[int(rng.integers(0, 12))]
        pc = f"{area}{int(rng.integers(1, 30))} {int(rng.integers(0, 10))}" \
             f"{chr(65 + int(rng.integers(0, 26)))}{chr(65 + int(rng.integers(0, 26)))}"
        if pc not in avoid and pc.replace(" ", "") not in {a.replace(" ", "") for a in avoid}:
            return pc


def victim(seed: int = SEED) -> Victim:
    """The benchmark's victim: 20 phones, 20 e-mails, 10 handles, 20 names, 30 addresses."""
    rng = np.random.default_rng(seed)
    phones = tuple(f"07700 900{x}" for x in _MOBILES) + _LANDLINES
    addresses, pcs = [], set()
    for k in range(30):
        street = f"{_STREETS[k % len(_STREETS)]} {_TYPES[(k * 7 + k // len(_STREETS)) % len(_TYPES)]}"
        house = int(rng.integers(2, 99))
        pc = _postcode(rng, pcs)
        pcs.add(pc)
        flat = f"Flat {int(rng.integers(1, 9))}, " if k % 5 == 0 else ""
        addresses.append(f"{flat}{house} {street}, {_TOWNS[k % len(_TOWNS)]} {pc}")
    return Victim(names=_NAMES, phones=phones, emails=_EMAILS, handles=_HANDLES, addresses=tuple(addresses))


# --- written forms ------------------------------------------------------------------------


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def write_phone(rng, national: str) -> str:
    """A UK number (national digits, leading 0) as people write it."""
    nsn = national[1:]
    style = int(rng.integers(0, 11))
    cut = 5 if national.startswith("07") else (4 if national.startswith("01") else 3)
    a, b = national[:cut], national[cut:]
    if style == 0:
        return f"{a} {b}"
    if style == 1:
        return national
    if style == 2:
        return f"+44 {nsn[:cut - 1]} {nsn[cut - 1:]}"
    if style == 3:
        return "+44" + nsn
    if style == 4:
        return "44" + nsn
    if style == 5:
        return nsn
    if style == 6:
        return f"+44 (0){nsn[:cut - 1]} {b[:3]}-{b[3:]}"
    if style == 7:
        return f"0044 {nsn[:cut - 1]} {b}"
    if style == 8:
        return f"{a}-{b[:3]}-{b[3:]}"
    if style == 9:
        return f"{a}.{b[:3]}.{b[3:]}"
    return f"({a}) {b}"


def _case(rng, text: str) -> str:
    u = rng.random()
    return text.upper() if u < 0.15 else text.lower() if u < 0.45 else text


def write_street(rng, number: str, street: str) -> str:
    """``12 Quillfeather Road`` with the street type in any of its spellings, case and punctuation."""
    from devtriage.text.identifiers import _TYPE_FORMS

    words = street.split()
    forms = _TYPE_FORMS.get(words[-1].lower(), (words[-1],))
    kind = forms[int(rng.integers(0, len(forms)))]
    kind = kind.capitalize() + ("." if len(kind) <= 4 and rng.random() < 0.3 else "")
    sep = (" ", ", ", "  ")[int(rng.integers(0, 3))]
    return _case(rng, f"{number}{sep}{' '.join(words[:-1])} {kind}")


# --- the background -----------------------------------------------------------------------

_DECOY_FIRST = ("Tom", "Sarah", "Mo", "Priya", "Jake", "Emma", "Kasia", "Bilal", "Ana", "Luca", "Gran", "Dave")
_DECOY_STREETS = ("High Street", "Church Road", "Station Road", "Victoria Avenue", "Mill Lane", "Park Road",
                  "Kirkstall Road", "Otley Road", "Chapel Street", "Albion Terrace", "Green Lane", "Main Street")
_DECOY_WORDS = ("jamie.smith", "sazzle", "mo_leeds", "priya.k", "jakey99", "ems.b", "kasia.nowak", "bilal786",
                "ana.costa", "luca.r", "dave.the.plumber", "tom.h")
_DOMAINS = ("gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "icloud.com")


def _decoy_phone(rng, mine: set[str]) -> str:
    """Someone else's number, or one of hers with one digit changed or one digit added."""
    u = rng.random()
    if u < 0.25:  # a look-alike of hers
        base = sorted(mine)[int(rng.integers(0, len(mine)))]
        while True:
            if rng.random() < 0.7:
                i = int(rng.integers(1, len(base)))
                d = str((int(base[i]) + int(rng.integers(1, 10))) % 10)
                cand = base[:i] + d + base[i + 1:]
                if cand not in mine:
                    return write_phone(rng, cand)
            else:  # one digit more, written without a space (a different number)
                i = int(rng.integers(1, len(base) + 1))
                return base[:i] + str(int(rng.integers(0, 10))) + base[i:]
    while True:
        if u < 0.8:
            cand = f"07{int(rng.integers(300, 999))}{int(rng.integers(0, 1_000_000)):06d}"
        elif u < 0.9:
            cand = f"0113496{int(rng.integers(0, 10_000)):04d}"
        else:
            cand = f"0207946{int(rng.integers(0, 10_000)):04d}"
        if cand not in mine:
            return write_phone(rng, cand)


def _decoy_address(rng, v: Victim, her_pcs: set[str]) -> str:
    u = rng.random()
    if u < 0.3:  # her street, another house number or another street type
        addr = v.addresses[int(rng.integers(0, len(v.addresses)))]
        forms, _ = address_forms(addr)
        house, *street = forms[0].split()
        if rng.random() < 0.6:
            other = str(int(house) + int(rng.integers(1, 9)) * (1 if rng.random() < 0.5 else 100))
            text = write_street(rng, other, " ".join(street))
        else:
            others = [t for t in _TYPES if t.lower() not in {f.split()[-1].lower() for f in forms}]
            text = write_street(rng, house, " ".join(street[:-1] + [others[int(rng.integers(0, len(others)))]]))
    else:
        text = write_street(rng, str(int(rng.integers(1, 250))), _DECOY_STREETS[int(rng.integers(0, len(_DECOY_STREETS)))])
    if rng.random() < 0.5:
        if rng.random() < 0.3:  # her postcode with the last letter changed
            pc = sorted(her_pcs)[int(rng.integers(0, len(her_pcs)))]
            last = chr(65 + (ord(pc[-1]) - 65 + int(rng.integers(1, 26))) % 26)
            pc = pc[:-1] + last
        else:
            pc = _postcode(rng, her_pcs)
        text += f", {_TOWNS[int(rng.integers(0, len(_TOWNS)))]} {pc}"
    return text


def _decoy(rng, v: Victim, mine: set[str], her_pcs: set[str]) -> str:
    who = _DECOY_FIRST[int(rng.integers(0, len(_DECOY_FIRST)))]
    k = int(rng.integers(0, 9))
    if k < 3:
        return (f"{who}'s new number {_decoy_phone(rng, mine)}", f"ring me on {_decoy_phone(rng, mine)}",
                f"tel. {_decoy_phone(rng, mine)} (after 6)")[k]
    if k < 6:
        return (f"{who} moved to {_decoy_address(rng, v, her_pcs)}", f"parcel for {_decoy_address(rng, v, her_pcs)}",
                f"meet at {_decoy_address(rng, v, her_pcs)}")[k - 3]
    if k == 6:
        w = _DECOY_WORDS[int(rng.integers(0, len(_DECOY_WORDS)))]
        return f"email {w}@{_DOMAINS[int(rng.integers(0, len(_DOMAINS)))]}"
    if k == 7:
        return f"follow @{_DECOY_WORDS[int(rng.integers(0, len(_DECOY_WORDS)))].replace('.', '_')} x"
    # her nicknames and handles inside longer words: not hits
    return ("the ifyzeeboys are playing tonight", "Feomia's bakery", "Meomaa lol", "kestrel_moonlight fan page",
            "Vantreighton FC", "Quorndales pub quiz")[int(rng.integers(0, 6))]


def background(seed: int = SEED, n: int = POOL_LINES) -> list[str]:
    """``n`` background lines (see the module docstring), in random order."""
    from devtriage.synth.browser import Search, everyday_browsing
    from devtriage.synth.notes import everyday_notes
    from devtriage.synth.text import LANGS, Phrasebook

    rng = np.random.default_rng(seed + 1)
    v = victim(seed)
    mine = {"0" + phone_forms(p)[0][3:] for p in v.phones}
    her_pcs = {address_forms(a)[1][0] for a in v.addresses}
    pb = Phrasebook.load()
    n_chat, n_web = int(n * 0.6), int(n * 0.25)
    n_note = n - n_chat - n_web
    shares = {"en": 0.7, "pl": 0.06, "ur-Latn": 0.06, "pt": 0.05, "es": 0.05, "fr": 0.04, "de": 0.04}
    chat: list[str] = []
    for lg in LANGS:
        k = int(n_chat * shares[lg]) + (1 if lg == "en" else 0) * (n_chat - sum(int(n_chat * s) for s in shares.values()))
        bodies = pb.everyday(rng, lg, 3 * k)
        parts = rng.integers(1, 4, k)
        chat += [" ".join(bodies[3 * i: 3 * i + int(parts[i])]) for i in range(k)]
    web = []
    for it in everyday_browsing(rng, 1_700_000_000_000, 1_760_000_000_000, n_web, lang="en"):
        if isinstance(it, Search):
            web.append(it.term)
        else:
            web.append(f"{it.title} {unquote_plus(it.url)}")
    notes = []
    raw = everyday_notes(rng, 1_700_000_000_000, 1_760_000_000_000, n_note * 2)
    j = 0
    for _ in range(n_note):
        k = 1 if rng.random() < 0.8 else int(rng.integers(2, 30))  # a few long notes
        notes.append("\n".join(f"{x.title}\n{x.body}" for x in raw[j % len(raw): j % len(raw) + k]))
        j += k
    lines = chat + web + notes
    for i in np.flatnonzero(rng.random(len(lines)) < 1 / 6):
        lines[i] = f"{lines[i]} {_decoy(rng, v, mine, her_pcs)}" if rng.random() < 0.7 else _decoy(rng, v, mine, her_pcs)
    order = rng.permutation(len(lines))
    return [lines[i] for i in order]


# --- the planted lines --------------------------------------------------------------------


def plants(rng, v: Victim) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each identifier of ``v`` once, as ``(line, [(kind, identifier), ...])``."""
    out = []
    for p in v.phones:
        e164, _ = phone_forms(p)
        w = write_phone(rng, "0" + e164[3:])
        line = (f"her new number is {w} dont tell anyone", f"Ify\n{w}", f"who is {w}", f"{w}",
                f"ok so thats {w} right?? 😬")[int(rng.integers(0, 5))]
        out.append((line, [("phone", e164)]))
    for e in v.emails:
        w = e.upper() if rng.random() < 0.3 else e
        out.append(((f"email: {w}", f"sent it to {w} yesterday", f"{w} password reset")[int(rng.integers(0, 3))],
                     [("email", e)]))
    for h in v.handles:
        w = h if rng.random() < 0.5 else h.lstrip("@")
        out.append(((f"found her on insta {w}", f"{w} - Instagram photos and videos https://www.instagram.com/{h.lstrip('@')}/",
                     f"is {w} her new acc?")[int(rng.integers(0, 3))], [("handle", h)]))
    names = []
    for nm in v.names:
        words = nm.split()
        names.append(nm)
        if len(words) == 2 and rng.random() < 0.5:
            names[-1] = f"{words[1]} {words[0]}" if rng.random() < 0.5 else f"{words[0][0]} {words[1]}"
    w = names[int(rng.integers(0, len(names)))]
    w = w if not w.isascii() else _case(rng, w)  # the matcher folds ASCII case only
    out.append(((f"saw {w} at the shop today", f"{w} facebook", f"Message {w} about the kids")[int(rng.integers(0, 3))],
                [("name", v.names[0])]))
    for a in v.addresses:
        streets, pcs = address_forms(a)
        house, *street = streets[0].split()
        w = write_street(rng, house, " ".join(street))
        truth = [("address", a)]
        if rng.random() < 0.5:
            w += f", {a.split(',')[-1].strip().rsplit(' ', 2)[0]} {pcs[0] if rng.random() < 0.7 else pcs[1]}"
            truth.append(("postcode", pcs[0]))
        line = (f"directions to {w}", f"{w}", f"she's staying at {w} now",
                f"Google Maps https://www.google.com/maps/place/{w}", f"Addresses\n{w}\nbins on tuesday")[int(rng.integers(0, 5))]
        out.append((line, truth))
    for a in v.addresses:  # the postcodes alone
        _, pcs = address_forms(a)
        w = pcs[int(rng.integers(0, 2))]
        w = w.lower() if rng.random() < 0.3 else w
        out.append(((f"{w}", f"parking near {w}", f"refuge {w}?")[int(rng.integers(0, 3))], [("postcode", pcs[0])]))
    return out


# --- the file -----------------------------------------------------------------------------


def path_for(total_mb: int, cache: Path = CACHE) -> Path:
    return cache / f"match-{DATA_VERSION}-{total_mb}mb.arrow"


def dataset(total_mb: int, cache: Path = CACHE, chunk_mb: int = CHUNK_MB, seed: int = SEED) -> dict:
    """Build (once) and describe the benchmark file of at least ``total_mb`` MB of text."""
    path = path_for(total_mb, cache)
    meta_path = path.with_suffix(".json")
    if meta_path.exists() and path.exists():
        return json.loads(meta_path.read_text()) | {"path": str(path)}
    cache.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    pool = pa.array(background(seed, min(POOL_LINES, max(20_000, total_mb * MB // 400))), pa.string())
    lens = np.diff(offsets_of(pool)).astype(np.int64)
    v = victim(seed)
    rng = np.random.default_rng(seed + 2)
    target = min(chunk_mb, total_mb) * MB
    truth, written, rows, b = [], 0, 0, 0
    tmp = path.with_suffix(".tmp")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, pa.schema([("text", pa.string())])) as out:
        while written < total_mb * MB:
            want = min(target, total_mb * MB - written)
            planted = plants(rng, v)
            ptext = pa.array([p[0] for p in planted], pa.string())
            pbytes = sum(len(p[0].encode()) for p in planted)
            idx = rng.integers(0, len(pool), int((want - pbytes) / lens.mean() * 1.1) + 1000)
            cum = np.cumsum(lens[idx])
            idx = idx[: int(np.searchsorted(cum, want - pbytes)) + 1]
            n = len(idx) + len(planted)
            where = np.sort(rng.choice(n, len(planted), replace=False))
            take = np.empty(n, np.int64)
            mask = np.zeros(n, bool)
            mask[where] = True
            take[~mask] = idx
            take[mask] = len(pool) + rng.permutation(len(planted))
            src = pa.concat_arrays([pool, ptext])
            chunk = src.take(pa.array(take))
            for row in where.tolist():
                for kind, ident in planted[int(take[row]) - len(pool)][1]:
                    truth.append([b, row, kind, ident])
            out.write_batch(pa.record_batch([chunk], names=["text"]))
            o = offsets_of(chunk)
            written += int(o[-1] - o[0])
            rows += len(chunk)
            b += 1
    os.replace(tmp, path)
    meta = {"version": DATA_VERSION, "seed": seed, "batches": b, "rows": rows, "bytes": written,
            "mean_bytes_per_row": round(written / rows, 1), "pool_lines": len(pool),
            "non_ascii_rows_share_of_pool": round(float(np.mean([not s.isascii() for s in pool.to_pylist()[:50_000]])), 3),
            "build_s": round(time.perf_counter() - t0, 1), "truth": truth}
    meta_path.write_text(json.dumps(meta))
    return meta | {"path": str(path)}


def offsets_of(arr: pa.Array) -> np.ndarray:
    """The offsets of a ``string`` array (int32, zero copy)."""
    return np.frombuffer(arr.buffers()[1], np.int32)[arr.offset: arr.offset + len(arr) + 1]


def batches(path: str | Path) -> list[pa.StringArray]:
    """The ``text`` column of every batch of the file, memory-mapped (zero copy)."""
    reader = pa.ipc.open_file(pa.memory_map(str(path), "r"))
    return [reader.get_batch(i).column(0) for i in range(reader.num_record_batches)]

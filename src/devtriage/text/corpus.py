"""The project's own chat-style corpus of stalking and harassment messages.

Hand-written templates with slot fillers, one TOML file per language under
``data/chat/`` (format in ``data/chat/README.md``), expanded deterministically into a
labelled Arrow table for the threat-language model. Every row has one bool column per
head in ``HEADS``; a row with all heads false is a (usually hard) negative.

The held-out split is fixed and by template: a template is held out when
``sha256("<lang>:<template text>")`` falls in the ``HELDOUT_PERCENT`` bucket, so
editing or adding other templates never moves it. Rows whose normalised text already
appeared earlier (in any template, any split) are dropped, so no text is in both splits.

``python -m devtriage.text.corpus [root]`` prints counts per language, label and split.
"""

from __future__ import annotations

import hashlib
import re
import string
import sys
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

HEADS = ("threat", "surveillance", "image_abuse", "coercion", "abuse")

# Kinds of positive templates (must carry at least one label).
POSITIVE_KINDS = frozenset(
    {
        "threat_direct",
        "threat_conditional",
        "threat_veiled",
        "threat_third_party",
        "threat_property",
        "threat_group",
        "surveillance",
        "image_abuse",
        "self_harm_leverage",
        "possessive",
        "abuse",
        "mixed",
    }
)
# Kinds of negative templates (must carry no label).
NEGATIVE_KINDS = frozenset(
    {
        "idiom",
        "cooking",
        "work",
        "gaming",
        "joke",
        "quote",
        "reported",
        "worry",
        "counter",
        "negated",
        "benign_surveillance",
        "affection",
        "sadness",
        "chat",
    }
)
# The "everyday violent idioms and banter" negatives (false-positive-rate set).
IDIOM_KINDS = ("idiom", "cooking", "work", "gaming", "joke", "quote")
# Ordinary messages of a phone (look-alikes included): the false-alarm budget of training.
EVERYDAY_KINDS = ("chat", "affection", "sadness", "benign_surveillance")

HELDOUT_PERCENT = 20
DEFAULT_ROOT = Path(__file__).resolve().parents[3] / "data" / "chat"

EMOJI = ("😂", "😭", "🙄", "😡", "💀", "👀", "❤️", "🔥", "😘", "🤷", "😤", "🙃", "👍", "xx", "!!")
_SLOT = re.compile(r"\{([a-z_0-9]+)\}")
_WORD = re.compile(r"\w+", re.UNICODE)
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "ß": "ss"})


@dataclass(frozen=True)
class Template:
    """One hand-written template: language, text with ``{slot}``s, kind and labels."""

    lang: str
    text: str
    kind: str
    labels: tuple[str, ...]

    @property
    def digest(self) -> bytes:
        """sha256 of ``"<lang>:<text>"``: the stable identity of this template."""
        return hashlib.sha256(f"{self.lang}:{self.text}".encode()).digest()

    @property
    def id(self) -> str:
        """Stable id, ``"<lang>:<first 8 hex digits of the digest>"``."""
        return f"{self.lang}:{self.digest.hex()[:8]}"

    @property
    def heldout(self) -> bool:
        """True when the digest puts this template in the held-out bucket."""
        return int.from_bytes(self.digest[:8], "big") % 100 < HELDOUT_PERCENT


@dataclass(frozen=True)
class Language:
    """One ``<lang>.toml``: slot fillers, txt-speak abbreviations and templates."""

    lang: str
    slots: dict[str, tuple[str, ...]]
    abbrev: dict[str, str]
    templates: tuple[Template, ...]


def read_language(path: Path | str) -> Language:
    """Parse and validate one language file (labels, kinds, slot names)."""
    path = Path(path)
    with path.open("rb") as f:
        doc = tomllib.load(f)
    lang = doc.get("lang", path.stem)
    slots = {k: tuple(v) for k, v in doc.get("slots", {}).items()}
    for k, v in slots.items():
        if not v:
            raise ValueError(f"{path}: slot {k!r} is empty")
    templates = []
    for i, group in enumerate(doc.get("group", [])):
        kind = group["kind"]
        labels = tuple(group.get("labels", ()))
        bad = [x for x in labels if x not in HEADS]
        if bad:
            raise ValueError(f"{path}: group {i} ({kind}) has unknown labels {bad}")
        if kind in POSITIVE_KINDS:
            if not labels:
                raise ValueError(f"{path}: group {i}: positive kind {kind!r} without labels")
        elif kind in NEGATIVE_KINDS:
            if labels:
                raise ValueError(f"{path}: group {i}: negative kind {kind!r} with labels")
        else:
            raise ValueError(f"{path}: group {i}: unknown kind {kind!r}")
        for text in group["templates"]:
            missing = [s for s in _SLOT.findall(text) if s not in slots]
            if missing:
                raise ValueError(f"{path}: {text!r} uses undefined slots {missing}")
            templates.append(Template(lang, text, kind, labels))
    return Language(lang, slots, dict(doc.get("abbrev", {})), tuple(templates))


def read_all(root: Path | str = DEFAULT_ROOT) -> list[Language]:
    """Every ``*.toml`` under ``root``, in file-name order; duplicate templates are an error."""
    langs = [read_language(p) for p in sorted(Path(root).glob("*.toml"))]
    seen: set[tuple[str, str]] = set()
    for lang in langs:
        for t in lang.templates:
            if (t.lang, t.text) in seen:
                raise ValueError(f"duplicate template {t.lang}:{t.text!r}")
            seen.add((t.lang, t.text))
    return langs


def _fill(text: str, slots: dict[str, tuple[str, ...]], rng: np.random.Generator) -> str:
    chosen: dict[str, str] = {}

    def pick(m: re.Match) -> str:
        name = m.group(1)
        if name not in chosen:
            values = slots[name]
            chosen[name] = values[int(rng.integers(len(values)))]
        return chosen[name]

    return _SLOT.sub(pick, text)


def _strip_accents(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.translate(_FOLD))
    return "".join(c for c in s if not unicodedata.combining(c))


def _noise(text: str, abbrev: dict[str, str], rng: np.random.Generator) -> str:
    """Chat noise: casing, apostrophes, punctuation, txt-speak, accents, typos, emoji."""
    r = rng.random(9)
    if r[0] < 0.6:
        text = text.lower()
    if r[1] < 0.7:
        text = text.replace("'", "").replace("’", "")
    if r[2] < 0.5 and abbrev:
        for long, short in abbrev.items():
            pattern = r"(?<!\w)" + re.escape(long) + r"(?!\w)"
            if rng.random() < 0.7:
                text = re.sub(pattern, short, text, flags=re.IGNORECASE)
    if r[3] < 0.35:
        text = _strip_accents(text)
    if r[4] < 0.5:
        text = text.rstrip(string.punctuation + " ")
    if r[5] < 0.15:
        words = [m for m in _WORD.finditer(text) if len(m.group()) >= 2 and m.group()[-1].isalpha()]
        if words:
            m = words[int(rng.integers(len(words)))]
            text = text[: m.end()] + m.group()[-1] * int(rng.integers(1, 4)) + text[m.end() :]
    if r[6] < 0.1:
        words = [m for m in _WORD.finditer(text) if len(m.group()) >= 4]
        if words:
            m = words[int(rng.integers(len(words)))]
            w = m.group()
            j = int(rng.integers(len(w) - 1))
            w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            text = text[: m.start()] + w + text[m.end() :]
    if r[7] < 0.2:
        text = text + " " + EMOJI[int(rng.integers(len(EMOJI)))]
    if r[8] < 0.05:
        text = text.upper()
    return re.sub(r"\s+", " ", text).strip()


def dedup_key(text: str) -> str:
    """Normalised form used to find duplicate texts: folded case, accents, punctuation and emoji."""
    t = _strip_accents(text.casefold())
    return " ".join(_WORD.findall(t))


def expand(template: Template, language: Language, per_template: int, seed: int) -> list[str]:
    """Up to ``per_template`` distinct noisy expansions of one template.

    The generator is seeded from ``seed`` and the template's own digest, so the
    expansions of a template do not change when other templates are edited. Variants
    are distinct as text (a template with few slots yields fewer rows rather than being
    forced into ever noisier spellings); :func:`load` then drops texts that repeat an
    earlier row once case, accents and punctuation are folded.
    """
    rng = np.random.default_rng([seed, int.from_bytes(template.digest[:8], "big")])
    out: list[str] = []
    seen: set[str] = set()
    for _ in range(per_template * 3):
        if len(out) == per_template:
            break
        text = _noise(_fill(template.text, language.slots, rng), language.abbrev, rng)
        if not dedup_key(text) or text in seen:
            continue
        seen.add(text)
        out.append(text)
    return out


def load(root: Path | str = DEFAULT_ROOT, per_template: int = 8, seed: int = 7) -> pa.Table:
    """The expanded corpus as an Arrow table.

    Columns: ``text``, ``lang``, ``kind``, ``template`` (stable id), ``split``
    (``"train"`` / ``"heldout"``) and one bool column per head in ``HEADS``.
    Deterministic for the same files and arguments. A row whose normalised text was
    already produced by an earlier template (languages in file-name order, templates in
    file order) is dropped, so no text is in both splits; variants of one template that
    differ only in case, punctuation or emoji are kept (they are one template's rows).
    """
    cols: dict[str, list] = {k: [] for k in ("text", "lang", "kind", "template", "split", *HEADS)}
    owner: dict[str, str] = {}  # normalised text -> the template that produced it first
    for language in read_all(root):
        for t in language.templates:
            split = "heldout" if t.heldout else "train"
            for text in expand(t, language, per_template, seed):
                key = dedup_key(text)
                if owner.setdefault(key, t.id) != t.id:
                    continue
                cols["text"].append(text)
                cols["lang"].append(t.lang)
                cols["kind"].append(t.kind)
                cols["template"].append(t.id)
                cols["split"].append(split)
                for h in HEADS:
                    cols[h].append(h in t.labels)
    schema = pa.schema(
        [(k, pa.string()) for k in ("text", "lang", "kind", "template", "split")]
        + [(h, pa.bool_()) for h in HEADS]
    )
    return pa.table(cols, schema=schema)


def idioms(table: pa.Table) -> np.ndarray:
    """Boolean mask of the everyday-violent-idiom and banter negatives (``IDIOM_KINDS``)."""
    kind = np.asarray(table.column("kind").to_pylist(), dtype=object)
    mask = np.isin(kind, IDIOM_KINDS)
    for h in HEADS:
        mask &= ~np.asarray(table.column(h).to_numpy(zero_copy_only=False), dtype=bool)
    return mask


def positives(table: pa.Table) -> np.ndarray:
    """Boolean mask of rows with at least one head label."""
    mask = np.zeros(table.num_rows, dtype=bool)
    for h in HEADS:
        mask |= np.asarray(table.column(h).to_numpy(zero_copy_only=False), dtype=bool)
    return mask


def summary(table: pa.Table) -> str:
    """Counts per language, label (each head and ``none``) and split, as text."""
    langs = table.column("lang").to_pylist()
    splits = table.column("split").to_pylist()
    heads = {h: table.column(h).to_pylist() for h in HEADS}
    pos = positives(table)
    counts: Counter = Counter()
    for i, (lang, split) in enumerate(zip(langs, splits)):
        for h in HEADS:
            if heads[h][i]:
                counts[lang, h, split] += 1
        if not pos[i]:
            counts[lang, "none", split] += 1
        counts[lang, "rows", split] += 1
    ids = table.column("template").to_pylist()
    lines = [f"{'lang':8} {'label':13} {'train':>7} {'heldout':>7}"]
    for lang in sorted(set(langs)):
        for label in ("rows", *HEADS, "none"):
            lines.append(
                f"{lang:8} {label:13} {counts[lang, label, 'train']:7d} {counts[lang, label, 'heldout']:7d}"
            )
        n_t = len({t for t, la in zip(ids, langs) if la == lang})
        lines.append(f"{lang:8} {'templates':13} {n_t:7d}")
    lines.append(f"total rows {table.num_rows}, idiom/banter negatives {int(idioms(table).sum())}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print ``summary(load(root))``; ``root`` is the first argument or ``data/chat``."""
    argv = sys.argv[1:] if argv is None else argv
    print(summary(load(argv[0] if argv else DEFAULT_ROOT)))


if __name__ == "__main__":
    main()

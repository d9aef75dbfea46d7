"""Message text for synthetic devices: everyday chat, replies and planted scenario lines.

The phrase data lives in ``phrases/*.toml`` beside this module (hand-written, one file
per language plus ``common.toml`` for slots shared by all languages). A file has

* ``[slots]``: named lists of fillers (``name``, ``food``, ``place``, ``lol`` ...);
* ``[everyday]``: template lists ``short`` (one-word messages), ``chat``, ``idiom``
  (everyday violent idioms that are *not* threats) and ``gaming`` (trash talk);
* ``[reply]``: ``ack`` (replies to statements) and ``answer`` (replies to questions);
* ``[scenario]``: one template list per planted-scenario kind (:data:`KINDS`);
* ``[abbrev]``: word -> chat spelling, applied to a share of everyday messages.

A template is plain text with ``{slot}`` fields. :class:`Phrasebook` fills them, combines
bodies, and adds the noise of real chat (lower case, dropped punctuation, abbreviations,
typos, stripped diacritics, laughs and emoji tails). All randomness comes from the
``numpy.random.Generator`` the caller passes: the same generator state gives the same
strings. Everyday generation draws one block of uniforms per call, so a million messages
take a few seconds.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

#: Planted-scenario kinds :meth:`Phrasebook.scenario` understands.
KINDS: tuple[str, ...] = (
    "fixated",
    "escalating",
    "refusal",
    "new_identity",
    "threat_direct",
    "threat_conditional",
    "threat_veiled",
    "surveillance",
    "image_abuse",
    "self_harm_leverage",
    "possessive",
)

#: Languages with phrase files: English, Polish, romanised Urdu, Portuguese, Spanish,
#: French, German (BCP 47 tags).
LANGS: tuple[str, ...] = ("en", "pl", "ur-Latn", "pt", "es", "fr", "de")

#: Everyday message categories, as returned by :meth:`Phrasebook.everyday_labelled`.
CHAT, SHORT, IDIOM, GAMING = 0, 1, 2, 3
CATEGORIES: tuple[str, ...] = ("chat", "short", "idiom", "gaming")

IDIOM_SHARE = 0.015  # everyday violent idioms, of all everyday messages
SHORT_SHARE = 0.18  # "ok", "lol", "omw" ...
GAMING_SHARE = 0.35  # trash talk, of messages in a gaming conversation
COMPOSE_SHARE = 0.12  # two chat bodies in one message
ABBREV_SHARE = 0.25  # chat spellings ("u", "tmrw") applied to the whole message
TAIL_SHARE = 0.14  # a laugh, emoji or kisses appended
TYPO_SHARE = 0.06  # one keyboard slip
LOWER_SHARE = 0.3  # all lower case
DIACRITIC_SHARE = 0.3  # accents dropped (pl, pt, es, fr, de)
MAX_LEN = 200

_DIACRITIC_LANGS = frozenset({"pl", "pt", "es", "fr", "de"})
_CHUNK = 1 << 15

_SLOT_COLS = 4  # most slots any one template may use
_FIELD = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class _Template:
    """A template split into literal parts around its slot names (len(parts) == len(slots) + 1)."""

    parts: tuple[str, ...]
    slots: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> _Template:
        pieces = _FIELD.split(text)  # literal, slot, literal, slot, ..., literal
        parts, slots = tuple(pieces[0::2]), tuple(pieces[1::2])
        if any("{" in p or "}" in p for p in parts):
            raise ValueError(f"template {text!r}: stray brace or bad slot name")
        if len(slots) > _SLOT_COLS:
            raise ValueError(f"template {text!r}: more than {_SLOT_COLS} slots")
        return cls(parts, slots)

    def fill(self, values: Mapping[str, Sequence[str]], u: np.ndarray) -> str:
        """Fill slot j with values[slot][floor(u[j] * len)]."""
        if not self.slots:
            return self.parts[0]
        out = [self.parts[0]]
        for j, name in enumerate(self.slots):
            pool = values[name]
            out.append(pool[int(u[j] * len(pool))])
            out.append(self.parts[j + 1])
        return "".join(out)

    def fill_with(self, given: Mapping[str, str], values: Mapping[str, Sequence[str]],
                  u: np.ndarray) -> str:
        """Fill from ``given`` where present, else as :meth:`fill`."""
        out = [self.parts[0]]
        for j, name in enumerate(self.slots):
            if name in given:
                out.append(given[name])
            else:
                pool = values[name]
                out.append(pool[int(u[j] * len(pool))])
            out.append(self.parts[j + 1])
        return "".join(out)


@dataclass(frozen=True)
class _Lang:
    """One language's parsed phrase data."""

    code: str
    slots: dict[str, tuple[str, ...]]
    everyday: dict[str, tuple[_Template, ...]]
    reply: dict[str, tuple[_Template, ...]]
    scenario: dict[str, tuple[_Template, ...]]
    abbrev: Callable[[str], str] | None


def _diacritic_table() -> dict[int, str]:
    table = {ord("ł"): "l", ord("Ł"): "L"}
    for code in range(0x00C0, 0x0180):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_NO_DIACRITICS = _diacritic_table()


def _strip_diacritics(text: str) -> str:
    """"zażółć" -> "zazolc", "ñ" -> "n", "ß" kept, emoji untouched (Latin-1 and Latin A)."""
    return text if text.isascii() else text.translate(_NO_DIACRITICS)


def _typo(text: str, u: float) -> str:
    """One keyboard slip at a position chosen by ``u``: swap, drop or double a letter."""
    letters = [i for i, c in enumerate(text[:-1]) if c.isalpha() and text[i + 1].isalpha()]
    if not letters:
        return text
    k = int(u * len(letters) * 3)
    i = letters[k // 3]
    kind = k % 3
    if kind == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind == 1:
        return text[:i] + text[i + 1:]
    return text[:i] + text[i] + text[i:]


def _abbreviator(table: Mapping[str, str]) -> Callable[[str], str] | None:
    """One regex pass replacing whole words/phrases of ``table`` (case-insensitive).

    A word followed by an apostrophe is left alone ("you're" does not become "u're").
    """
    if not table:
        return None
    lookup = {k.lower(): v for k, v in table.items()}
    words = sorted(lookup, key=lambda w: (-len(w), w))
    pattern = re.compile(r"(?<![\w'])(" + "|".join(re.escape(w) for w in words) + r")(?![\w'])",
                         re.IGNORECASE)

    def sub(text: str) -> str:
        return pattern.sub(lambda m: lookup[m.group(1).lower()], text)

    return sub


def _clip(text: str) -> str:
    if len(text) <= MAX_LEN:
        return text
    cut = text.rfind(" ", 0, MAX_LEN)
    return text[: cut if cut > 0 else MAX_LEN]


class Phrasebook:
    """Everyday, reply and scenario text in :data:`LANGS`; see the module docstring."""

    KINDS = KINDS
    LANGS = LANGS

    def __init__(self, langs: Mapping[str, _Lang]):
        self._langs = dict(langs)

    # -- loading ------------------------------------------------------------------------

    @classmethod
    def load(cls) -> Phrasebook:
        """The phrasebook from the packaged ``phrases/`` files (parsed once per process)."""
        return _load_cached()

    @classmethod
    def _from_texts(cls, common: str, files: Mapping[str, str]) -> Phrasebook:
        shared = tomllib.loads(common).get("slots", {})
        langs = {}
        for code in LANGS:
            data = tomllib.loads(files[code])
            if data.get("lang") != code:
                raise ValueError(f"phrases/{code}.toml: lang = {data.get('lang')!r}")
            slots = {k: tuple(v) for k, v in shared.items()}
            for k, v in data.get("slots", {}).items():
                slots[k] = tuple(v)
            for k, v in slots.items():
                if not v:
                    raise ValueError(f"{code}: slot {k!r} is empty")
            every = {k: tuple(_Template.parse(t) for t in v)
                     for k, v in data.get("everyday", {}).items()}
            reply = {k: tuple(_Template.parse(t) for t in v)
                     for k, v in data.get("reply", {}).items()}
            scen = {k: tuple(_Template.parse(t) for t in v)
                    for k, v in data.get("scenario", {}).items()}
            for part, need in (("everyday", CATEGORIES), ("reply", ("ack", "answer"))):
                have = every if part == "everyday" else reply
                for k in need:
                    if not have.get(k):
                        raise ValueError(f"{code}: [{part}] lacks {k!r}")
            unknown = set(scen) - set(KINDS)
            if unknown:
                raise ValueError(f"{code}: unknown scenario kinds {sorted(unknown)}")
            for group in (every, reply, scen):
                for key, templates in group.items():
                    for t in templates:
                        missing = set(t.slots) - set(slots)
                        if missing:
                            raise ValueError(f"{code}: {key} template uses {sorted(missing)}")
            abbrev = _abbreviator(data.get("abbrev", {}))
            langs[code] = _Lang(code, slots, every, reply, scen, abbrev)
        if "en" not in langs or set(langs["en"].scenario) != set(KINDS):
            raise ValueError("en.toml must have every scenario kind")
        return cls(langs)

    # -- introspection ------------------------------------------------------------------

    def template_counts(self) -> dict[str, dict[str, int]]:
        """lang -> "everyday.chat" / "reply.ack" / "scenario.refusal" ... -> template count."""
        out = {}
        for code, lg in self._langs.items():
            counts = {}
            for prefix, group in (("everyday", lg.everyday), ("reply", lg.reply),
                                  ("scenario", lg.scenario)):
                for k, v in group.items():
                    counts[f"{prefix}.{k}"] = len(v)
            out[code] = counts
        return out

    def scenario_langs(self, kind: str) -> tuple[str, ...]:
        """Languages with their own templates for ``kind`` (others fall back to English)."""
        self._check_kind(kind)
        return tuple(c for c in LANGS if self._langs[c].scenario.get(kind))

    def slot_values(self, lang: str, slot: str) -> tuple[str, ...]:
        """The default fillers of one slot, e.g. ``slot_values("en", "place")``."""
        return self._lang(lang).slots[slot]

    # -- everyday -----------------------------------------------------------------------

    def everyday(self, rng: np.random.Generator, lang: str, n: int,
                 gaming: bool = False) -> list[str]:
        """``n`` everyday chat messages in ``lang``; ``gaming=True`` mixes in trash talk."""
        return self.everyday_labelled(rng, lang, n, gaming)[0]

    def everyday_labelled(self, rng: np.random.Generator, lang: str, n: int,
                          gaming: bool = False) -> tuple[list[str], np.ndarray]:
        """As :meth:`everyday`, plus each message's category (:data:`CATEGORIES` index, int8).

        Consumes the generator exactly as :meth:`everyday` does, so both give the same texts.
        """
        lg = self._lang(lang)
        n = int(n)
        if n < 0:
            raise ValueError("n must be >= 0")
        # column layout of the uniform block drawn per chunk of messages
        C_CAT, C_T1, C_COMP, C_T2, C_LOWER, C_ABBR, C_TYPO, C_TYPOPOS, C_TAIL, C_TAILPICK, \
            C_DIAC, C_PUNCT, C_SEP = range(13)
        base = 13
        width = base + 2 * _SLOT_COLS
        cuts = np.cumsum([IDIOM_SHARE, GAMING_SHARE if gaming else 0.0, SHORT_SHARE])
        pools = {CHAT: lg.everyday["chat"], SHORT: lg.everyday["short"],
                 IDIOM: lg.everyday["idiom"], GAMING: lg.everyday["gaming"]}
        sizes = np.zeros(len(CATEGORIES), dtype=np.int64)
        for key, pool in pools.items():
            sizes[key] = len(pool)
        slots = lg.slots
        tails = (slots["lol"], slots["emoji"], slots["kiss"])
        seps = (" ", ". ", ", ", "\n", " ")
        strip_diac = lang in _DIACRITIC_LANGS
        abbrev = lg.abbrev
        out: list[str] = []
        cat = np.full(n, CHAT, dtype=np.int8)
        for lo in range(0, n, _CHUNK):  # bounded memory; Python floats beat numpy scalars
            hi = min(n, lo + _CHUNK)
            u = rng.random((hi - lo, width))
            c = u[:, C_CAT]
            kc = cat[lo:hi]
            kc[c < cuts[2]] = SHORT
            kc[c < cuts[1]] = GAMING
            kc[c < cuts[0]] = IDIOM
            t1s = (u[:, C_T1] * sizes[kc]).astype(np.int64).tolist()
            t2s = (u[:, C_T2] * sizes[kc]).astype(np.int64).tolist()
            for row, k, i1, i2 in zip(u.tolist(), kc.tolist(), t1s, t2s):
                pool = pools[k]
                text = pool[i1].fill(slots, row[base:base + _SLOT_COLS])
                if k == CHAT and row[C_COMP] < COMPOSE_SHARE:
                    second = pool[i2].fill(slots, row[base + _SLOT_COLS:])
                    sep = seps[int(row[C_SEP] * len(seps))]
                    if sep == ". " and text[-1:] in ".!?":
                        sep = " "
                    joined = text + sep + second
                    if len(joined) <= MAX_LEN:
                        text = joined
                if k != SHORT:
                    if abbrev is not None and row[C_ABBR] < ABBREV_SHARE:
                        text = abbrev(text)
                    if row[C_PUNCT] < 0.35 and text[-1:] == ".":
                        text = text[:-1]
                    if row[C_TAIL] < TAIL_SHARE:
                        pick = row[C_TAILPICK] * 3
                        tail_pool = tails[int(pick)]
                        text = text + " " + tail_pool[int((pick % 1.0) * len(tail_pool))]
                    if row[C_TYPO] < TYPO_SHARE and len(text) >= 8:
                        text = _typo(text, row[C_TYPOPOS])
                if row[C_LOWER] < LOWER_SHARE:
                    text = text.lower()
                if strip_diac and row[C_DIAC] < DIACRITIC_SHARE:
                    text = _strip_diacritics(text)
                out.append(text if len(text) <= MAX_LEN else _clip(text))
        return out, cat

    # -- replies ------------------------------------------------------------------------

    def reply(self, rng: np.random.Generator, lang: str, to: str) -> str:
        """A short plausible reply to ``to``: an answer if it is a question, else an ack."""
        lg = self._lang(lang)
        u = rng.random(4 + _SLOT_COLS)
        kind = "answer" if "?" in to or "¿" in to else "ack"
        pool = lg.reply[kind]
        text = pool[int(u[0] * len(pool))].fill(lg.slots, u[4:])
        if u[1] < 0.1:
            lol = lg.slots["lol"]
            text = text + " " + lol[int(u[2] * len(lol))]
        if u[3] < 0.3:
            text = text.lower()
        return _clip(text)

    # -- planted scenarios --------------------------------------------------------------

    def scenario(self, rng: np.random.Generator, kind: str, lang: str = "en",
                 **slots: object) -> str:
        """One message of a planted scenario ``kind`` (see :data:`KINDS`) in ``lang``.

        Slots (``name``, ``place``, ``street``, ``work``, ``clothing``, ``family``, ``time``,
        ``day`` ...) come from ``slots`` where given, else from the language's defaults.
        A language without its own templates for ``kind`` falls back to English
        (:meth:`scenario_langs` lists the native ones). Scenario text gets no typos:
        only casing and, for the pleading kinds, an occasional second line.
        """
        self._check_kind(kind)
        lg = self._lang(lang)
        pool = lg.scenario.get(kind) or self._langs["en"].scenario[kind]
        source = lg if lg.scenario.get(kind) else self._langs["en"]
        given = {k: str(v) for k, v in slots.items() if v is not None}
        u = rng.random(4 + 2 * _SLOT_COLS)
        text = pool[int(u[0] * len(pool))].fill_with(given, source.slots, u[4:4 + _SLOT_COLS])
        if kind in ("fixated", "escalating", "new_identity") and u[1] < 0.25:
            second = pool[int(u[2] * len(pool))].fill_with(given, source.slots,
                                                           u[4 + _SLOT_COLS:])
            if second != text and len(text) + 1 + len(second) <= MAX_LEN:
                text = text + " " + second
        if kind == "escalating" and u[3] < 0.2:
            text = text.upper()
        elif u[3] < 0.25:
            text = text.lower()
        return _clip(text)

    # -- helpers ------------------------------------------------------------------------

    def _lang(self, lang: str) -> _Lang:
        try:
            return self._langs[lang]
        except KeyError:
            raise ValueError(f"unknown language {lang!r}; have {', '.join(LANGS)}") from None

    @staticmethod
    def _check_kind(kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown scenario kind {kind!r}; have {', '.join(KINDS)}")


@functools.lru_cache(maxsize=1)
def _load_cached() -> Phrasebook:
    root = resources.files("devtriage.synth").joinpath("phrases")
    common = root.joinpath("common.toml").read_text(encoding="utf-8")
    files = {code: root.joinpath(f"{code}.toml").read_text(encoding="utf-8") for code in LANGS}
    return Phrasebook._from_texts(common, files)

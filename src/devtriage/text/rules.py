r"""A phrase-rule engine over message bodies: readable rule templates compiled to RE2 and
run vectorised through Arrow, with guards (vetoes) and character spans.

A :class:`RuleSet` is built from data:

``families``
    family name -> its rule codes, in priority order (the first code that matches and is
    not vetoed is the code reported for a row);
``rules``
    code -> language -> templates (below). A template may be a tuple ``(template,
    anchor, ...)``: the anchors (templates too, matched at a word start) then replace
    the automatically derived prefilter anchors of that rule; every match of the rule
    must contain a match of one of them (the author's promise; tests check positives);
``guards``
    a code, or a family name (then for every code of the family) -> RE2 veto patterns
    written with spaces between words (a space becomes ``\s+``). A guard that matches
    anywhere in a message vetoes that code for the whole message. A guard may be a pair
    ``(veto, unless)``: the veto is lifted where ``unless`` also matches the message
    (e.g. laughter vetoes a threat unless the message says "I'm not joking");
``macros``
    name -> RE2 text, used as ``{name}`` in templates (macros do not nest), with an
    optional selectivity weight per macro for the prefilter (characters of literal text).

Template language (expanded to RE2):

* ``' '`` -> :data:`SEP` (punctuation / whitespace between words) in rules, ``\s+`` in
  guards;
* ``"'"`` -> an optional apostrophe (straight, curly, backtick, acute);
* a letter with a diacritic -> a class accepting it or its plain spelling ("ą" ->
  ``[aą]``, "ö" -> ``(?:ö|oe|o)``, Arabic hamza / ta marbuta / alef maqsura forms);
* ``{name}`` -> a macro.

Every rule is matched at word boundaries (:data:`B0` before, :data:`B1` after).

Matching (all RE2 through Arrow, no lookaround or backreferences, vectorised with
``pyarrow.compute.match_substring_regex(..., ignore_case=True)``):

1. prefilter: for every rule a mandatory, selective piece (an "anchor", shortened to word
   prefixes) is derived automatically or given by the author; a family's anchors are
   joined into one or a few regexes run over every row (word starts checked with the
   cheap superset :data:`AB0`). A row that no anchor matches cannot match any rule.
   :meth:`RuleSet.match_all` runs the union of every family's anchors once instead;
2. rules: each code's rules (all languages) packed into regexes of at most
   :data:`CHUNK_CHARS` characters, run only over the rows that passed that code's own
   anchors (a code whose anchors match no row costs nothing: RE2 through Arrow
   recompiles a pattern on every call, a few ms per chunk);
3. guards: each guard is its own small regex; a family's guards run once over the rows
   any of its codes matched, a code's own guards over that code's matches only.

Rules are packed into chunks because one RE2 union of all of them outgrows RE2's DFA
memory and falls back to a ~50x slower engine. Spans run the same rules (translated:
``\p{L}`` classes to ``\w``) with Python ``re`` on one message, with an Arrow (RE2)
fallback for a rule that does not translate.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["RuleSet", "SEP", "GSEP", "B0", "B1", "APOS", "END", "CHUNK_CHARS",
           "ANCHOR_CHUNK_CHARS", "BASE_STOPWORDS", "expand", "any_match", "as_array"]

SEP = r"[\s,.!;:~*_/\-]+"  # between words of a rule
GSEP = r"\s+"  # between words of a guard
B0 = r"(?:^|[^\p{L}\p{N}])"  # word start
B1 = r"(?:$|[^\p{L}\p{N}])"  # word end
# a word start for prefilters only: a superset of B0 (any non-ASCII character counts as
# a boundary) that RE2 compiles ~100x faster than the Unicode classes of B0 (RE2 through
# Arrow recompiles a pattern on every call, ~1.2 ms per [^\p{L}\p{N}] class)
AB0 = r"(?:^|[^a-z0-9])"
APOS = "['’`´]?"
# end of a short clause: end of text, or punctuation/emoji (not a letter, digit or space)
END = r"(?:\s*(?:$|[^\p{L}\p{N}\s]))"

DIACRITICS = {
    "á": "[aá]", "à": "[aà]", "â": "[aâ]", "ã": "[aã]", "ä": "(?:ä|ae|a)",
    "é": "[eé]", "è": "[eè]", "ê": "[eê]", "ë": "[eë]",
    "í": "[ií]", "î": "[iî]", "ï": "[iï]",
    "ó": "[oó]", "ô": "[oô]", "õ": "[oõ]", "ö": "(?:ö|oe|o)",
    "ú": "[uú]", "ù": "[uù]", "û": "[uû]", "ü": "(?:ü|ue|u)",
    "ç": "[cç]", "ñ": "(?:ñ|ny|nn|n)", "ß": "(?:ß|ss|s)", "œ": "(?:œ|oe)",
    "ą": "[aą]", "ę": "[eę]", "ć": "[cć]", "ł": "[lł]", "ń": "[nń]", "ś": "[sś]",
    "ź": "[zźż]", "ż": "[zżź]",
    # Arabic: hamza forms of alef, ta marbuta / ha, alef maqsura / ya
    "ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]",
    "ة": "[ةه]", "ى": "[ىي]", "ي": "[يى]",
}

# Words too frequent in chat to anchor a prefilter on (a template element made only of
# these weighs 1). A RuleSet may add its own.
BASE_STOPWORDS = frozenset({
    "to", "my", "me", "mi", "je", "ich", "es", "de", "que", "no", "it", "is", "this", "that",
    "the", "a", "i", "you", "u", "se", "te", "ma", "mo", "ta", "na", "do", "ne", "hai", "ko",
    "main", "mein", "mera", "mere", "meri", "mujhe", "mai", "me", "ye", "yeh", "tu", "tum",
    "ki", "ke", "ka", "mam", "masz", "nie", "jest", "c'est", "cest", "est", "eu", "o", "um",
    "el", "la", "le", "les", "du", "des", "das", "die", "der", "und", "hast", "bist", "ist",
    "vou", "voy", "como", "pas", "plus", "mais", "mas", "más", "isso", "este", "esto", "ese",
    "its", "it's", "were", "we are", "it is", "we're", "want", "wanna", "ever", "never",
    "keep", "stay", "mim", "minha", "mojego", "chcę", "quiero", "kero",
    "quero", "save", "blocked", "block", "be", "have", "got", "new", "other", "diff",
    "different", "another", "nuevo", "novo", "neue", "nowy", "naya", "nya",
})

_WEAK = re.compile(r"\\[sSdDwWbBpP]|\[\^|\.|\^|\$")
_META = set("\\()[]{}|?*+.^$")
# RE2 falls back from its DFA to a much slower engine when a DFA outgrows its memory
# budget; measured on chat text, unions of these rules usually stay fast up to ~14k
# characters of pattern but one 9k union already collapsed (50x slower). A pass costs
# about the same whatever its size (per-row overhead), so rules are packed into chunks
# of at most 6k characters and the (literal, DFA-friendly) prefilters into 9k.
CHUNK_CHARS = 6000  # rules
ANCHOR_CHUNK_CHARS = 9000  # prefilters: short literal alternations, DFA-friendly
_PREFIX_ATOMS = 6


def expand(template: str, sep: str, macros: Mapping[str, str] = {}) -> str:
    """RE2 text of a template (see the module docstring); ``sep`` is what a space
    becomes (:data:`SEP` for rules, :data:`GSEP` for guards)."""
    out: list[str] = []
    depth = 0  # inside [...]
    i = 0
    while i < len(template):
        ch = template[i]
        if ch == "\\" and i + 1 < len(template):
            out.append(template[i : i + 2])
            i += 2
            continue
        if ch == "[" and depth == 0:
            depth = 1
        elif ch == "]" and depth == 1:
            depth = 0
        elif depth == 0:
            if ch == " ":
                # collapse runs of spaces
                while i + 1 < len(template) and template[i + 1] == " ":
                    i += 1
                out.append(sep)
                i += 1
                continue
            if ch == "'":
                out.append(APOS)
                i += 1
                continue
            if ch in DIACRITICS:
                out.append(DIACRITICS[ch])
                i += 1
                continue
        out.append(ch)
        i += 1
    expanded = "".join(out)

    def macro(m: re.Match) -> str:
        name = m.group(1)
        if name not in macros:
            return m.group(0)
        # macros are written with spaces for readability too
        return macros[name].replace(" ", sep)

    # macros may reference spaces (expanded with this sep) but not other macros
    return re.sub(r"\{([a-z_]+)\}", macro, expanded)


def _split_top(template: str, sep: str) -> list[str]:
    """Split at ``sep`` characters that are outside any group or class.

    With ``sep == " "`` an optional separator ("`` ?``") counts as a separator too.
    """
    parts, depth, cls, cur, i = [], 0, False, [], 0
    while i < len(template):
        ch = template[i]
        if ch == "\\":
            cur.append(template[i : i + 2])
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
            i += 1
            if sep == " " and i < len(template) and template[i] == "?":
                # "x ?y": an optional separator; y may then start mid-word
                i += 1
                cur.append("\x01")
            continue
        cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def _group_end(s: str, start: int) -> int:
    """Index just past the group opening at ``s[start] == '('``."""
    depth, cls, i = 0, False, start
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(s)


def _strip_optional_ends(el: str) -> str:
    """Drop optional groups at the start and end of an element (what is left is still a
    contiguous part of any match of the element)."""
    changed = True
    while changed and el:
        changed = False
        if el.startswith("("):
            end = _group_end(el, 0)
            if end < len(el) and el[end] in "?*":
                el = el[end + 1 :]
                changed = True
                continue
        if el.endswith(")?") or el.endswith(")*"):
            # find the group that closes at len-2
            for start in range(len(el) - 2, -1, -1):
                if el[start] == "(" and _group_end(el, start) == len(el) - 1:
                    el = el[:start]
                    changed = True
                    break
    return el


def _weight(element: str, macro_weights: Mapping[str, int], stopwords: frozenset) -> int:
    element = element.lstrip("\x01")
    if not element:
        return -1
    if element[-1] in "?*" or re.search(r"\{0,\d+\}$", element):
        return -1  # optional: cannot anchor
    m = re.fullmatch(r"\{([a-z_]+)\}", element)
    if m:
        return macro_weights.get(m.group(1), 0)
    if "{" in element or _WEAK.search(element):
        return 0
    body = element
    if body.startswith("(?:") and body.endswith(")"):
        body = body[3:-1]
    lengths = []
    for a in _split_top(body, "|"):
        if a.strip().lower() in stopwords:
            return 1
        a = re.sub(r"\([^()]*\)[?*]", "", a)
        a = re.sub(r"[()?:+*\[\]|]", "", a)
        lengths.append(len(a))
    return min(lengths) if lengths else 0


def _anchors(template: str, macro_weights: Mapping[str, int],
             stopwords: frozenset) -> list[tuple[str, bool]]:
    """One mandatory piece per top-level alternative of ``template`` (or the whole), and
    whether it starts at a word start (so the prefilter may require a word boundary)."""
    def weight(e: str) -> int:
        return _weight(e, macro_weights, stopwords)

    out = []
    for alt in _split_top(template, "|"):
        elements = [_strip_optional_ends(e) for e in _split_top(alt, " ")]
        best = max(elements, key=weight)
        if weight(best) >= 3:
            out.append((best.lstrip("\x01"), not best.startswith("\x01")))
        else:
            out.append((alt, True))
    return out


def _shorten(anchor: str) -> list[str]:
    """Replace an alternation of words by short literal prefixes of the words (a prefix of
    a contiguous match is a contiguous match, so the prefilter stays a superset)."""
    body = anchor
    if body.startswith("(?:") and _group_end(body, 0) == len(body):
        body = body[3:-1]
    out = []
    for alt in _split_top(body, "|"):
        n = letters = 0
        while n < len(alt) and alt[n] not in _META and letters < _PREFIX_ATOMS:
            letters += alt[n] != " "
            n += 1
        if n < len(alt) and alt[n] in "?*{":
            n -= 1  # the last atom is quantified ("whatsapps?")
            letters -= 1
        out.append(alt[:n].rstrip(" ") if letters >= 4 or n == len(alt) else alt)
    return out


def _pack(pieces: list[str], wrap, budget: int = CHUNK_CHARS) -> tuple[str, ...]:
    chunks, cur, size = [], [], 0
    for piece in pieces:
        if cur and size + len(piece) > budget:
            chunks.append(wrap(cur))
            cur, size = [], 0
        cur.append(piece)
        size += len(piece) + 1
    if cur:
        chunks.append(wrap(cur))
    return tuple(chunks)


def _wrap_rules(pieces: list[str]) -> str:
    return B0 + "(?:" + "|".join(pieces) + ")" + B1


def _wrap_anchors(pieces: list[str]) -> str:
    at_word = [p[1:] for p in pieces if p[0] == "w"]
    anywhere = [p[1:] for p in pieces if p[0] == "a"]
    alts = []
    if at_word:
        alts.append(AB0 + "(?:" + "|".join(at_word) + ")")
    alts.extend(anywhere)
    return "(?:" + "|".join(alts) + ")"


def as_array(bodies) -> pa.Array:
    """``bodies`` (Arrow string/dictionary/chunked array or a sequence of str/None) as
    one Arrow string array."""
    if isinstance(bodies, pa.ChunkedArray):
        bodies = bodies.combine_chunks() if bodies.num_chunks != 1 else bodies.chunk(0)
    elif not isinstance(bodies, pa.Array):
        bodies = pa.array(bodies, type=pa.string())
    if pa.types.is_dictionary(bodies.type):
        bodies = bodies.dictionary_decode()
    if pa.types.is_null(bodies.type):
        return pa.array([None] * len(bodies), type=pa.string())
    if not (pa.types.is_string(bodies.type) or pa.types.is_large_string(bodies.type)
            or pa.types.is_string_view(bodies.type)):
        raise TypeError(f"bodies must be a string array, not {bodies.type}")
    return bodies


def _re(arr: pa.Array, pat: str) -> np.ndarray:
    res = pc.match_substring_regex(arr, pat, ignore_case=True)
    return np.asarray(pc.fill_null(res, False).to_numpy(zero_copy_only=False), dtype=bool)


def _take(arr: pa.Array, idx: np.ndarray) -> pa.Array:
    return arr.take(pa.array(idx, type=pa.int64()))


def _any(arr: pa.Array, patterns: tuple[str, ...]) -> np.ndarray:
    """Rows matching any of ``patterns`` (later patterns only see rows not yet matched)."""
    hit = np.zeros(len(arr), dtype=bool)
    for i, pat in enumerate(patterns):
        if i == 0:
            hit |= _re(arr, pat)
            continue
        left = np.flatnonzero(~hit)
        if left.size == 0:
            break
        hit[left] = _re(_take(arr, left), pat)
    return hit


def any_match(arr: pa.Array, patterns: Sequence[str]) -> np.ndarray:
    """Rows of ``arr`` matching any of ``patterns`` (each a case-insensitive RE2)."""
    return _any(arr, tuple(patterns))


@dataclass(frozen=True)
class Code:
    """One rule code compiled: its rule chunks, per-language cores, prefilter, guards."""

    code: str
    rules: tuple[str, ...]  # RE2 patterns (chunks of the rules, all languages)
    cores: dict[str, str]  # language -> alternation without boundaries (spans)
    anchor_pieces: tuple[str, ...]  # "w"/"a" + RE2 text: word-start or anywhere
    anchors: tuple[str, ...]  # prefilter chunks: a superset of the rows the rules match
    guards: tuple[str, ...]  # RE2 veto patterns (family guards + code guards)
    unless: tuple[str | None, ...] = ()  # per guard: a pattern that lifts its veto
    n_family_guards: int = 0  # the first guards are the family's (shared by its codes)


def _vetoed(arr: pa.Array, guards: Sequence[str], unless: Sequence[str | None]) -> np.ndarray:
    """Rows of ``arr`` that a guard vetoes (one pass per guard, over rows not yet
    vetoed; a guard's ``unless`` pattern lifts its veto)."""
    out = np.zeros(len(arr), dtype=bool)
    for g, lift in zip(guards, unless):
        left = np.flatnonzero(~out)
        if left.size == 0:
            break
        rows = arr if left.size == len(arr) else _take(arr, left)
        veto = _re(rows, g)
        if lift is not None and veto.any():
            v = np.flatnonzero(veto)
            veto[v] = ~_re(_take(rows, v), lift)
        out[left[veto]] = True
    return out


_TO_PY = (
    (r"[^\p{L}\p{N}\s]", r"(?:[^\w\s]|_)"),
    (r"[^\p{L}\p{N}]", r"[\W_]"),
    (r"[^\p{L}]", r"[\W\d_]"),
)

Span = tuple[int, int]


class RuleSet:
    """Phrase rules of some families, compiled once; see the module docstring.

    ``languages`` orders the languages of each code (rules of other languages are
    ignored). ``stopwords`` are added to :data:`BASE_STOPWORDS` for the prefilter.
    """

    def __init__(
        self,
        families: Mapping[str, Sequence[str]],
        rules: Mapping[str, Mapping[str, Sequence[str | tuple[str, ...]]]],
        guards: Mapping[str, Sequence[str | tuple[str, str]]] = {},
        macros: Mapping[str, str] = {},
        *,
        languages: Sequence[str],
        macro_weights: Mapping[str, int] = {},
        stopwords: Iterable[str] = (),
    ) -> None:
        self.families: dict[str, tuple[str, ...]] = {f: tuple(c) for f, c in families.items()}
        self.codes: tuple[str, ...] = tuple(c for cs in self.families.values() for c in cs)
        self.languages = tuple(languages)
        self.macros = dict(macros)
        self._macro_weights = dict(macro_weights)
        self._stopwords = BASE_STOPWORDS | frozenset(stopwords)
        unknown = set(guards) - set(self.families) - set(self.codes)
        if unknown:
            raise ValueError(f"guards for unknown families/codes: {sorted(unknown)}")
        missing = [c for c in self.codes if c not in rules]
        if missing:
            raise ValueError(f"codes without rules: {missing}")
        self.compiled: dict[str, Code] = {
            code: self._build_code(code, rules[code], guards) for code in self.codes
        }
        self.family_anchors: dict[str, tuple[str, ...]] = {
            fam: self._anchor_union(codes) for fam, codes in self.families.items()
        }
        self._all_anchors = self._anchor_union(self.codes)
        self.py_core = functools.lru_cache(maxsize=None)(self._py_core)

    # -- compilation -------------------------------------------------------------------

    def _anchor_union(self, codes: Sequence[str]) -> tuple[str, ...]:
        pieces = dict.fromkeys(p for c in codes for p in self.compiled[c].anchor_pieces)
        return _pack(list(pieces), _wrap_anchors, ANCHOR_CHUNK_CHARS)

    def _build_code(self, code: str, by_lang: Mapping[str, Sequence[str | tuple[str, ...]]],
                    guards: Mapping[str, Sequence[str | tuple[str, str]]]) -> Code:
        pieces, cores, anchors = [], {}, []
        for lang in self.languages:
            templates = by_lang.get(lang, [])
            if not templates:
                continue
            given = [(t, ()) if isinstance(t, str) else (t[0], tuple(t[1:])) for t in templates]
            expanded = ["(?:" + expand(t, SEP, self.macros) + ")" for t, _ in given]
            pieces.extend(expanded)
            cores[lang] = "(?:" + "|".join(expanded) + ")"
            for t, explicit in given:
                if explicit:  # the author's anchors: each a template matching at a word start
                    anchors.extend("w" + expand(a, SEP, self.macros) for a in explicit)
                    continue
                for a, word in _anchors(t, self._macro_weights, self._stopwords):
                    for short in _shorten(a):
                        anchors.append(("w" if word else "a") + expand(short, SEP, self.macros))
        anchor_pieces = tuple(dict.fromkeys(anchors))
        family = code.split(".", 1)[0]
        gs, unless = [], []
        for t in (*guards.get(family, []), *guards.get(code, [])):
            veto, lift = (t, None) if isinstance(t, str) else t
            gs.append(expand(veto, GSEP, self.macros))
            unless.append(None if lift is None else expand(lift, GSEP, self.macros))
        return Code(code, _pack(pieces, _wrap_rules), cores, anchor_pieces,
                    _pack(list(anchor_pieces), _wrap_anchors, ANCHOR_CHUNK_CHARS),
                    tuple(gs), tuple(unless), len(guards.get(family, [])))

    def pattern(self, name: str, lang: str | None = None) -> str:
        """RE2 text of a code's rules (one language, or all joined: slow as one regex)."""
        c = self.compiled[name]
        if lang is not None:
            return B0 + c.cores[lang] + B1
        return B0 + "(?:" + "|".join(c.cores.values()) + ")" + B1

    # -- matching ----------------------------------------------------------------------

    def _codes_for(self, family: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if family in self.families:
            return self.families[family], self.family_anchors[family]
        if family in self.compiled:
            return (family,), self.compiled[family].anchors
        raise ValueError(
            f"unknown family or code {family!r}; families: {sorted(self.families)}")

    def _match_rows(self, arr: pa.Array, rows: np.ndarray, family: str,
                    hit: np.ndarray, out: np.ndarray, anchored: bool = False) -> None:
        """Fill ``hit``/``out`` for ``family`` over ``rows`` of ``arr`` (``anchored``:
        the rows already passed the family's own prefilter).

        Work is shared between the codes of the family: each code's rules run only over
        the rows that passed that code's anchors; the family's guards run once, over the
        rows some code matched; a code's own guards run over its matched rows only.
        """
        codes, anchors = self._codes_for(family)
        if not anchored:
            sub = arr if rows.size == len(arr) else _take(arr, rows)
            rows = rows[_any(sub, anchors)] if len(anchors) else rows[:0]
        if rows.size == 0:
            return
        sub = _take(arr, rows)
        matched = {}  # code -> positions in rows matched by its rules (before guards)
        for code in codes:
            c = self.compiled[code]
            if len(codes) > 1:
                pre = np.flatnonzero(_any(sub, c.anchors))
            else:
                pre = np.arange(rows.size)
            if pre.size == 0:
                continue
            cand = sub if pre.size == rows.size else _take(sub, pre)
            m = pre[_any(cand, c.rules)]
            if m.size:
                matched[code] = m
        if not matched:
            return
        first = self.compiled[next(iter(matched))]
        nfg = first.n_family_guards
        # the family's guards, once over every matched row
        union = np.unique(np.concatenate(list(matched.values())))
        fam_veto = np.zeros(rows.size, dtype=bool)
        if nfg:
            fam_veto[union] = _vetoed(_take(sub, union), first.guards[:nfg], first.unless[:nfg])
        decided = fam_veto.copy()
        for code in codes:  # family order: the first code that matches and is not vetoed
            m = matched.get(code)
            if m is None:
                continue
            m = m[~decided[m]]
            if m.size == 0:
                continue
            c = self.compiled[code]
            if len(c.guards) > c.n_family_guards:
                m = m[~_vetoed(_take(sub, m), c.guards[c.n_family_guards:],
                               c.unless[c.n_family_guards:])]
            hit[rows[m]] = True
            out[rows[m]] = code
            decided[m] = True

    def match(self, bodies, family: str) -> tuple[np.ndarray, np.ndarray]:
        """Per row: whether a body matches the family (or single code) and which code.

        ``bodies`` is an Arrow string array or chunked array, or a sequence of str/None
        (a null or empty body never matches). Returns ``(hit, codes)``: a bool array and
        an object array holding the code of each hit row (the first code of the family
        that matches and is not vetoed) and None elsewhere.
        """
        arr = as_array(bodies)
        hit = np.zeros(len(arr), dtype=bool)
        out = np.full(len(arr), None, dtype=object)
        if len(arr):
            self._match_rows(arr, np.arange(len(arr)), family, hit, out)
        return hit, out

    def match_all(self, bodies) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """:meth:`match` for every family (same results), sharing work: one prefilter
        pass (the union of every family's anchors) over all rows; each family's own
        prefilter, rules and guards then run over the few surviving rows only."""
        arr = as_array(bodies)
        n = len(arr)
        res = {f: (np.zeros(n, dtype=bool), np.full(n, None, dtype=object))
               for f in self.families}
        if n == 0:
            return res
        rows = np.flatnonzero(_any(arr, self._all_anchors))
        if rows.size == 0:
            return res
        for fam, (hit, out) in res.items():
            self._match_rows(arr, rows, fam, hit, out)
        return res

    # -- spans -------------------------------------------------------------------------

    def guarded(self, bodies, family: str) -> np.ndarray:
        """Per row: whether one of ``family``'s own guards (those shared by all its codes:
        negation, reported speech, jokes, gaming, idioms ...) vetoes it, whatever the
        rules say. Used to hold a model's flag to the same guard policy as the rules."""
        arr = as_array(bodies)
        first = self.compiled[self.families[family][0]]
        nfg = first.n_family_guards
        if len(arr) == 0 or nfg == 0:
            return np.zeros(len(arr), dtype=bool)
        return _vetoed(arr, first.guards[:nfg], first.unless[:nfg])

    def _py_core(self, code: str, lang: str) -> re.Pattern | None:
        """The rules of one code and language as Python ``re`` (for spans of single
        messages); None if the translation does not compile."""
        core = self.compiled[code].cores[lang]
        for a, b in _TO_PY:
            core = core.replace(a, b)
        try:
            return re.compile(r"(?:^|[\W_])(" + core + r")(?=$|[\W_])", re.I | re.S)
        except re.error:  # pragma: no cover - every current rule translates
            return None

    def span_of(self, body: str, code: str,
                py_core: Callable[[str, str], re.Pattern | None] | None = None) -> Span | None:
        """Earliest ``(start, end)`` of a rule of ``code`` in ``body``, ignoring guards
        (Python ``re``; RE2 through Arrow where ``py_core`` gives None)."""
        return self.spans_of([body], [code], py_core)[0]

    def spans_of(self, bodies: list[str], codes: list[str | None],
                 py_core: Callable[[str, str], re.Pattern | None] | None = None) -> list[Span | None]:
        """:meth:`span_of` of many ``(body, code)`` pairs (None where the code is None):
        rows of one code share each language's pattern, and a language without a Python
        form is one RE2 pass over all its rows instead of one per row."""
        py_core = py_core or self.py_core
        out: list[Span | None] = [None] * len(bodies)
        by_code: dict[str, list[int]] = {}
        for i, (body, code) in enumerate(zip(bodies, codes)):
            if body and code:
                by_code.setdefault(code, []).append(i)
        for code, rows in by_code.items():
            for lang, core in self.compiled[code].cores.items():
                rx = py_core(code, lang)
                if rx is not None:
                    found = []
                    for i in rows:
                        m = rx.search(bodies[i])
                        found.append((m.start(1), m.end(1)) if m else None)
                else:  # RE2 via Arrow: the same dialect as match()
                    pat = (r"(?is)^(?P<pre>.*?)(?P<b0>^|[^\p{L}\p{N}])(?P<hit>" + core
                           + r")(?:$|[^\p{L}\p{N}])")
                    found = []
                    for row in pc.extract_regex(pa.array([bodies[i] for i in rows], type=pa.string()), pat).to_pylist():
                        start = len(row["pre"]) + len(row["b0"]) if row is not None else 0
                        found.append((start, start + len(row["hit"])) if row is not None else None)
                for i, f in zip(rows, found):
                    if f and (out[i] is None or f[0] < out[i][0]):
                        out[i] = f
        return out

    def span(self, body: str | None, family: str) -> Span | None:
        """The ``(start, end)`` character span of the phrase that made ``body`` match.

        Uses the same rules and guards as :meth:`match` (a vetoed body has no span); the
        span is of the code :meth:`match` reports, and its earliest occurrence.
        """
        if not body:
            return None
        hit, codes = self.match(pa.array([body], type=pa.string()), family)
        return self.span_of(body, codes[0]) if hit[0] else None

    def spans(self, bodies, family: str, codes: np.ndarray | None = None) -> list[Span | None]:
        """:meth:`span` of every row (None where the row does not match). Pass the
        ``codes`` of an earlier :meth:`match` of the same rows to skip matching again;
        only hit rows are searched (one Python ``re`` search per language)."""
        arr = as_array(bodies)
        if codes is None:
            _, codes = self.match(arr, family)
        return self.spans_of(arr.to_pylist(), list(codes))

"""Message classification: the coded rules and the model, combined per indicator family.

For each family (``threat``, ``surveillance``, ``image_abuse``, ``coercion``, the
indicators ``text.<family>``) a message gets

* ``rule``: the rule code of :mod:`devtriage.text.threats` that matched and was not vetoed
  by a guard (negation, reported speech, jokes, gaming, idioms), or None;
* ``proba``: the model head's calibrated probability;
* ``score``: ``t + (1 - t) * proba`` when a rule matched, where ``t`` is the head's
  threshold (so a rule hit always scores as flagged, and one the model also believes
  scores higher), else ``proba``;
* ``flag``: a rule matched, or ``proba`` reached the head's shipped threshold in a message
  of at least :data:`MIN_WORDS` words (the model alone is not trusted on "send pics!!")
  that none of the family's guards vetoes (negation, reported speech, jokes, gaming,
  idioms: the same policy as the rules).

A rule is an explainable, precise hit; the model catches the paraphrases no rule lists
and ranks the rest. Every flagged message can be explained: the rule code and the span of
the phrase, or the subword n-grams that pushed the model over its threshold
(:meth:`TextModel.explain`). Distinct bodies are scored once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import threats
from .model import TextModel, as_strings, load

FAMILIES: tuple[str, ...] = ("threat", "surveillance", "image_abuse", "coercion")
MIN_WORDS = 4


@dataclass
class Classified:
    """Per-message results, aligned with the input; ``*[family]`` arrays of length m."""

    proba: np.ndarray  # float32[m, heads] (model heads, HEADS order)
    rule: dict[str, np.ndarray]  # object: rule code or None
    score: dict[str, np.ndarray]  # float64
    flag: dict[str, np.ndarray]  # bool
    heads: tuple[str, ...]

    def any_flag(self) -> np.ndarray:
        out = np.zeros(len(self.proba), dtype=bool)
        for f in self.flag.values():
            out |= f
        return out


def classify(bodies, model: TextModel | None = None, dedupe: bool = True) -> Classified:
    """Classify message bodies (an Arrow string array, or any sequence of str/None)."""
    model = model or load()
    arr = as_strings(bodies)
    m = len(arr)
    if dedupe and m:
        enc = pc.dictionary_encode(arr)
        if isinstance(enc, pa.ChunkedArray):
            enc = enc.combine_chunks()
        uniq, codes = enc.dictionary, np.asarray(enc.indices.fill_null(-1), dtype=np.int64)
        if len(uniq) < m:
            inner = classify(uniq, model, dedupe=False)
            take = np.where(codes >= 0, codes, 0)
            blank = codes < 0
            proba = inner.proba[take]
            proba[blank] = 0.0
            rule = {f: np.where(blank, None, inner.rule[f][take]) for f in FAMILIES}
            score = {f: np.where(blank, 0.0, inner.score[f][take]) for f in FAMILIES}
            flag = {f: inner.flag[f][take] & ~blank for f in FAMILIES}
            return Classified(proba, rule, score, flag, inner.heads)
    proba = model.proba(arr) if m else np.zeros((0, len(model.heads)), np.float32)
    blank = np.asarray(pc.fill_null(pc.equal(pc.utf8_length(arr), 0), True), dtype=bool)
    proba[blank] = 0.0  # no text, nothing to score
    words = np.asarray(pc.fill_null(pc.list_value_length(pc.utf8_split_whitespace(arr)), 0), dtype=np.int64)
    rule, score, flag = {}, {}, {}
    for fam in FAMILIES:
        hit, codes = threats.match(arr, fam)
        h = model.head(fam)
        p = proba[:, h].astype(np.float64)
        rule[fam] = codes
        t = float(model.threshold[h])
        score[fam] = np.where(hit, t + (1.0 - t) * p, p)
        model_only = np.flatnonzero(~hit & (p >= t) & (words >= MIN_WORDS))
        if model_only.size:  # the rules' guards hold for the model too
            model_only = model_only[~threats.guarded(arr.take(pa.array(model_only)), fam)]
        flag[fam] = hit.copy()
        flag[fam][model_only] = True
    return Classified(proba, rule, score, flag, model.heads)


_FIND = object()


def explain(body: str, family: str, rule: str | None, model: TextModel | None = None, rule_span=_FIND) -> dict:
    """Why one message was flagged for ``family``: the rule code and span, else the
    model's top subword n-grams and where they stand in the message (case-insensitive).
    ``rule_span``: the rule's span when the caller already has it (from
    ``threats.RULESET.spans_of`` over many rows at once)."""
    if rule:  # the code is known: find its phrase without matching the body again
        sp = threats.RULESET.span_of(body, rule) if rule_span is _FIND else rule_span
        return {"rule": rule, "spans": [list(sp)] if sp else []}
    model = model or load()
    terms = [g for g, _ in model.explain(body, family)]
    low = body.casefold()
    spans = []
    if len(low) == len(body):  # case folding kept the offsets
        for g in terms:
            i = low.find(g.casefold())
            if i >= 0:
                spans.append([i, i + len(g)])
    return {"rule": None, "model_terms": terms, "spans": sorted(spans)}

"""Throughput of the RE2 rule families and the language guesser (moved here from the unit
tests: speed belongs in benchmarks).

Each family of the threat rules (``text.threats``) and of the refusal rules
(``text.refusal``) over 50,000 random chat-like bodies of 3-16 words, and
``text.lang.guess`` over 200,000 messages of 40-80 characters, one core. The floors are
loose on purpose: they catch a collapse (a union of rules that outgrows RE2's DFA budget
runs about 50x slower, near 40,000 rows/s), not a few percent. Run:
``.venv/bin/python -m pytest benchmarks/test_rule_speed.py --benchmark-json .benchmarks/rules.json``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import timed  # noqa: E402

from devtriage.text import refusal, threats  # noqa: E402
from devtriage.text.lang import guess  # noqa: E402

WORDS = (
    "hey ok lol see you later what time tomorrow love you babe kill me now dead tired I know where the keys "
    "are watch the film send pics of the dog if you want I'll come round I saw the news outside the shop "
    "you're mine haha regret nothing stop by later leave it with me call me when free police station report "
    "card blocked drain new phone my number is on the fridge zabiję czas kocham cię gdzie jesteś vou matar a "
    "saudade te veo luego déjame ver je sais pas ich weiß lass mich wissen kya haal hai mujhe batao"
).split()
FLOOR = 100_000  # rows/s per family; normal is several times this


@pytest.fixture(scope="module")
def bodies() -> pa.Array:
    rng = np.random.default_rng(3)
    return pa.array([" ".join(rng.choice(WORDS, rng.integers(3, 16))) for _ in range(50_000)])


@pytest.mark.parametrize("module", (threats, refusal), ids=("threats", "refusal"))
def test_rule_family_speed(benchmark, bodies, module):
    benchmark.group = "rules"
    families = list(threats.FAMILIES if module is threats else refusal.FAMILIES)
    for fam in families:
        module.match(bodies[:100], fam)

    def work():
        return [module.match(bodies, fam) for fam in families]

    _, med, walls = timed(benchmark, work, rounds=3)
    per_family = len(bodies) * len(families) / (med or min(walls))
    benchmark.extra_info.update({"rows": len(bodies), "families": len(families), "rows_per_s_per_family": round(per_family)})
    print(f"\n  {module.__name__}: {per_family:,.0f} rows/s per family ({len(families)} families)")
    assert per_family > FLOOR


def test_language_guess_speed(benchmark):
    benchmark.group = "lang"
    rng = np.random.default_rng(0)
    base = [" ".join(rng.choice(WORDS, 12)) for _ in range(2000)]
    msgs = [base[int(i)][:80] for i in rng.integers(0, len(base), 200_000)]
    arr = pa.array(msgs)
    guess(arr[:100])  # compile outside the timing
    _, med, walls = timed(benchmark, lambda: guess(arr), rounds=3)
    rate = len(msgs) / (med or min(walls))
    benchmark.extra_info.update({"messages": len(msgs), "messages_per_s": round(rate)})
    print(f"\n  lang.guess: {rate:,.0f} messages/s")
    assert rate > 50_000

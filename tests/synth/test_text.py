"""The synthetic message-text source: deterministic, varied, multilingual, slots all filled."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest

from devtriage.synth import text as T
from devtriage.synth.text import KINDS, LANGS, Phrasebook

SLOT = re.compile(r"\{[a-z_]*\}|[{}]")


def _rng(seed: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


def _digest(texts: list[str]) -> str:
    return hashlib.sha256("\x1e".join(texts).encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def pb() -> Phrasebook:
    return Phrasebook.load()


@pytest.fixture(scope="module")
def en20k(pb) -> tuple[list[str], np.ndarray]:
    return pb.everyday_labelled(_rng(7), "en", 20_000)


def test_load_is_cached_and_exports(pb):
    assert Phrasebook.load() is pb
    assert Phrasebook.KINDS == KINDS and Phrasebook.LANGS == LANGS
    assert len(LANGS) >= 5 and "en" in LANGS
    assert len(KINDS) == 11 and len(set(KINDS)) == 11


def test_everyday_deterministic(pb):
    for lang in LANGS:
        a = pb.everyday(_rng(123), lang, 3000, gaming=True)
        b = pb.everyday(_rng(123), lang, 3000, gaming=True)
        assert _digest(a) == _digest(b)
        c = pb.everyday(_rng(124), lang, 3000, gaming=True)
        assert _digest(a) != _digest(c)


def test_labelled_matches_everyday_and_leaves_rng_in_same_state(pb):
    r1, r2 = _rng(5), _rng(5)
    texts = pb.everyday(r1, "pl", 1000)
    texts2, cats = pb.everyday_labelled(r2, "pl", 1000)
    assert texts == texts2 and cats.shape == (1000,)
    assert r1.random() == r2.random()


def test_reply_and_scenario_deterministic(pb):
    def run(seed):
        rng = _rng(seed)
        out = []
        for lang in LANGS:
            out.append(pb.reply(rng, lang, "what time?"))
            out.append(pb.reply(rng, lang, "ok"))
            for kind in KINDS:
                out.append(pb.scenario(rng, kind, lang, name="Kate"))
        return out

    assert _digest(run(9)) == _digest(run(9))
    assert _digest(run(9)) != _digest(run(10))


def test_variety_en(en20k):
    texts, _ = en20k
    assert len(set(texts)) > 3000
    # no one message dominates (the commonest short replies stay under 2 %)
    _, counts = np.unique(np.array(texts, dtype=object), return_counts=True)
    assert counts.max() / len(texts) < 0.02


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_variety_other_languages(pb, lang):
    texts = pb.everyday(_rng(3), lang, 20_000)
    assert len(set(texts)) > 2000


def test_length_distribution(pb, en20k):
    for lang in LANGS:
        texts = en20k[0] if lang == "en" else pb.everyday(_rng(11), lang, 5000)
        lengths = np.array([len(t) for t in texts])
        assert lengths.min() >= 2 and lengths.max() <= T.MAX_LEN, lang
        median = np.median(lengths)
        assert 12 <= median <= 60, (lang, median)
        # a real right tail: some long messages, most short
        assert np.mean(lengths > 80) > 0.01, lang
        assert np.mean(lengths <= 60) > 0.75, lang


def test_chat_features_present(en20k):
    texts, _ = en20k
    joined = "\n".join(texts)
    for marker in (" u ", "lol", "omw", "tmrw", "tonight", "😂"):
        assert marker in joined, marker
    lower = sum(t == t.lower() and any(c.isalpha() for c in t) for t in texts)
    assert 0.2 < lower / len(texts) < 0.8


def test_diacritics_sometimes_dropped(pb):
    texts = pb.everyday(_rng(4), "pl", 5000)
    polish = set("ąćęłńóśźż")
    with_marks = sum(any(c in polish for c in t) for t in texts)
    stripped = [t for t in texts if "sie " in t or "dzieki" in t]
    assert with_marks > 500 and stripped


def test_idiom_share_in_band(pb, en20k):
    for lang in LANGS:
        texts, cats = en20k if lang == "en" else pb.everyday_labelled(_rng(21), lang, 20_000)
        share = np.mean(cats == T.IDIOM)
        assert 0.008 <= share <= 0.025, (lang, share)
        assert np.mean(cats == T.GAMING) == 0.0
    en_idioms = [t for t, c in zip(*en20k) if c == T.IDIOM]
    violent = re.compile(r"kill|murder|dead|dying|died|strangle|neck|heart attack|slay", re.I)
    assert np.mean([bool(violent.search(t)) for t in en_idioms]) > 0.9


def test_gaming_flag(pb):
    for lang in LANGS:
        texts, cats = pb.everyday_labelled(_rng(8), lang, 5000, gaming=True)
        share = np.mean(cats == T.GAMING)
        assert 0.3 <= share <= 0.4, (lang, share)
    gaming = [t for t, c in zip(texts, cats) if c == T.GAMING]
    assert gaming and all(t for t in gaming)
    en = [t for t, c in zip(*pb.everyday_labelled(_rng(8), "en", 5000, gaming=True))
          if c == T.GAMING]
    assert any(re.search(r"kill|dead|destroy|murder|rekt", t, re.I) for t in en)


def test_every_language_and_kind_non_empty(pb):
    rng = _rng(2)
    for lang in LANGS:
        assert all(t.strip() for t in pb.everyday(rng, lang, 200))
        for kind in KINDS:
            for _ in range(20):
                assert pb.scenario(rng, kind, lang).strip(), (lang, kind)
        assert pb.reply(rng, lang, "are you coming?").strip()
        assert pb.reply(rng, lang, "see you later").strip()


def test_refusals_multilingual(pb):
    native = pb.scenario_langs("refusal")
    assert len(native) >= 3 and "en" in native
    rng = _rng(3)
    outputs = {lang: {pb.scenario(rng, "refusal", lang) for _ in range(40)} for lang in native}
    english = outputs["en"]
    for lang in native:
        if lang != "en":
            assert not outputs[lang] & english, lang  # really translated, not the fallback


def test_scenario_slots_from_kwargs_and_defaults(pb):
    rng = _rng(12)
    seen_place = seen_name = False
    for _ in range(300):
        t = pb.scenario(rng, "surveillance", "en", place="Morrisons on Kirkstall Road", name="Dave")
        seen_place |= "Morrisons on Kirkstall Road" in t.replace("MORRISONS", "Morrisons")
        seen_name |= "Dave" in t
    assert seen_place and seen_name
    defaults = [pb.scenario(rng, "surveillance", "en") for _ in range(300)]
    places = pb.slot_values("en", "place")
    assert any(p in t for t in defaults for p in places)


def test_scenario_kinds_say_what_they_should(pb):
    rng = _rng(13)

    def many(kind):
        return " | ".join(pb.scenario(rng, kind, "en").lower() for _ in range(200))

    assert "ignoring me" in many("fixated") and "answer me" in many("fixated")
    assert "leave me alone" in many("refusal") and "police" in many("refusal")
    assert "new number" in many("new_identity") and "block me forever" in many("new_identity")
    assert "kill myself" in many("self_harm_leverage")
    assert "no one can" in many("possessive")
    assert "where you live" in many("surveillance")
    assert re.search(r"pics|photos|nudes|videos", many("image_abuse"))
    assert "kill you" in many("threat_direct")
    assert re.search(r"\bif\b|\bor\b", many("threat_conditional"))


def test_unknown_inputs_rejected(pb):
    with pytest.raises(ValueError):
        pb.scenario(_rng(0), "hugging", "en")
    with pytest.raises(ValueError):
        pb.everyday(_rng(0), "xx", 5)
    assert pb.everyday(_rng(0), "en", 0) == []


def test_no_unfilled_slots_anywhere(pb):
    rng = _rng(99)
    texts: list[str] = []
    for lang in LANGS:
        texts += pb.everyday(rng, lang, 4000, gaming=True)
        texts += [pb.reply(rng, lang, q) for q in ("when?", "ok") for _ in range(100)]
        texts += [pb.scenario(rng, kind, lang) for kind in KINDS for _ in range(60)]
    bad = [t for t in texts if SLOT.search(t)]
    assert not bad, bad[:5]


def test_every_template_fills(pb):
    """Each template of each language, filled with its defaults, leaves no slot behind."""
    for lang in LANGS:
        lg = pb._langs[lang]
        for group in (lg.everyday, lg.reply, lg.scenario):
            for key, templates in group.items():
                for t in templates:
                    out = t.fill(lg.slots, np.zeros(T._SLOT_COLS))
                    assert out.strip() and not SLOT.search(out), (lang, key, out)
                    assert len(out) <= T.MAX_LEN, (lang, key, out)


def test_bad_data_rejected():
    with pytest.raises(ValueError):
        T._Template.parse("hello {Name}")
    with pytest.raises(ValueError):
        T._Template.parse("hello {name")
    t = T._Template.parse("at {place} with {name}!")
    assert t.slots == ("place", "name") and t.parts == ("at ", " with ", "!")

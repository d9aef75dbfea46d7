"""The chat-style corpus (data/chat/*.toml via devtriage.text.corpus): determinism, the
fixed by-template held-out split, no text in both splits, label and slot validity,
coverage per language and head, and independence from the synthetic-device phrasebook."""

from __future__ import annotations

import glob
import hashlib
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from devtriage.text import corpus
from devtriage.text.corpus import HEADS, dedup_key, idioms, load, read_all, read_language

LANGS = {"en", "pl", "pt", "es", "fr", "de", "ur-Latn"}
PHRASEBOOK = Path(corpus.__file__).resolve().parents[1] / "synth" / "phrases"


@pytest.fixture(scope="module")
def table():
    return load()


@pytest.fixture(scope="module")
def rows(table):
    return table.to_pylist()


def _write(path: Path, groups: list[tuple[str, list[str], list[str]]], slots: str = "") -> Path:
    parts = ['lang = "xx"', "[slots]", slots]
    for kind, labels, templates in groups:
        parts += [
            "[[group]]",
            f'kind = "{kind}"',
            "labels = [" + ", ".join(f'"{x}"' for x in labels) + "]",
            "templates = [" + ", ".join(f'"{t}"' for t in templates) + "]",
        ]
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def test_schema(table):
    assert table.column_names == ["text", "lang", "kind", "template", "split", *HEADS]
    for h in HEADS:
        assert str(table.schema.field(h).type) == "bool"
    assert set(table.column("split").to_pylist()) == {"train", "heldout"}
    assert set(table.column("lang").to_pylist()) == LANGS


def test_deterministic(table):
    again = load()
    assert again.equals(table)
    other = load(per_template=2, seed=8)
    assert other.num_rows < table.num_rows and set(other.column("template").to_pylist()) == set(table.column("template").to_pylist())


def test_template_ids_stable_and_splits_disjoint(rows):
    split_of: dict[str, set[str]] = {}
    for r in rows:
        split_of.setdefault(r["template"], set()).add(r["split"])
        assert re.fullmatch(r"[a-zA-Z-]+:[0-9a-f]{8}", r["template"])
    assert all(len(s) == 1 for s in split_of.values())


def test_no_text_in_both_splits_and_no_duplicates(rows):
    keys = [dedup_key(r["text"]) for r in rows]
    texts = [r["text"] for r in rows]
    assert len(texts) == len(set(texts))
    # a normalised text belongs to one template only
    owner: dict[str, str] = {}
    for k, r in zip(keys, rows):
        assert owner.setdefault(k, r["template"]) == r["template"], r["text"]
    train = {k for k, r in zip(keys, rows) if r["split"] == "train"}
    held = {k for k, r in zip(keys, rows) if r["split"] == "heldout"}
    assert train and held and not (train & held)


def test_heldout_rule_is_the_sha256_bucket():
    n_held = n_all = 0
    for lang in read_all():
        for t in lang.templates:
            digest = hashlib.sha256(f"{t.lang}:{t.text}".encode()).digest()
            assert t.heldout == (int.from_bytes(digest[:8], "big") % 100 < 20)
            assert t.id == f"{t.lang}:{digest.hex()[:8]}"
            n_held += t.heldout
            n_all += 1
    assert 0.12 < n_held / n_all < 0.28


def test_editing_other_templates_moves_nothing(tmp_path):
    _write(tmp_path / "a.toml", [("threat_direct", ["threat"], ["ill get you {x}", "watch it"])], 'x = ["now", "later"]')
    before = load(tmp_path, per_template=4).to_pylist()
    (tmp_path / "a.toml").unlink()
    _write(
        tmp_path / "b.toml",
        [
            ("chat", [], ["see you at 6"]),
            ("threat_direct", ["threat"], ["ill get you {x}", "watch it mate"]),
        ],
        'x = ["now", "later"]',
    )
    after = load(tmp_path, per_template=4).to_pylist()
    keep = lambda rs: [(r["text"], r["template"], r["split"]) for r in rs if r["kind"] == "threat_direct" and "get" in r["text"].lower()]  # noqa: E731
    assert keep(before) == keep(after) and keep(before)


def test_english_heldout_positives_for_every_head(rows):
    for h in HEADS:
        assert any(r[h] for r in rows if r["lang"] == "en" and r["split"] == "heldout"), h


def test_every_language_has_positives_and_negatives_in_both_splits(table, rows):
    pos = corpus.positives(table)
    for lang in LANGS:
        for split in ("train", "heldout"):
            sel = [p for p, r in zip(pos, rows) if r["lang"] == lang and r["split"] == split]
            assert any(sel) and not all(sel), (lang, split)


def _templates_by_lang() -> dict[str, list]:
    """Templates per language, over every file of that language (``en.toml``, ``en_more_pos.toml``, ...)."""
    out: dict[str, list] = {}
    for x in read_all():
        out.setdefault(x.lang, []).extend(x.templates)
    return out


def test_template_counts():
    langs = _templates_by_lang()
    en = langs["en"]
    assert len(en) >= 500
    assert sum(not t.labels for t in en) >= 200
    for lang in LANGS - {"en"}:
        assert len(langs[lang]) >= 60, lang
    every = [t for ts in langs.values() for t in ts]
    assert sum(not t.labels for t in every) / len(every) >= 0.40


def test_slots_resolve_and_labels_valid(rows):
    for r in rows:
        assert "{" not in r["text"] and "}" not in r["text"], r["text"]
        assert 0 < len(r["text"]) < 300
    for lang in read_all():
        for t in lang.templates:
            assert set(t.labels) <= set(HEADS)
            assert (t.kind in corpus.POSITIVE_KINDS) == bool(t.labels)


def test_expansions_are_distinct_and_noisy(rows):
    by_template: dict[str, list[str]] = {}
    for r in rows:
        by_template.setdefault(r["template"], []).append(r["text"])
    assert max(len(v) for v in by_template.values()) == 8
    texts = [r["text"] for r in rows if r["lang"] == "en"]
    assert any(" u " in f" {t} " for t in texts)  # txt-speak
    assert any(t != t.lower() for t in texts)  # not all lower-cased


def test_collision_between_positive_and_negative_is_dropped(tmp_path):
    _write(tmp_path / "xx.toml", [("threat_direct", ["threat"], ["ok"]), ("idiom", [], ["OK."])])
    langs = read_all(tmp_path)
    first, second = (corpus.expand(t, langs[0], 8, 7) for t in langs[0].templates)
    first_keys = {dedup_key(x) for x in first}
    assert any(dedup_key(x) in first_keys for x in second)  # the two templates do collide
    expected = first + [x for x in second if dedup_key(x) not in first_keys]
    t = load(tmp_path, per_template=8)
    assert t.column("text").to_pylist() == expected
    assert t.column("threat").to_pylist() == [True] * len(first) + [False] * (len(expected) - len(first))


@pytest.mark.parametrize(
    "groups, slots, message",
    [
        ([("threat_direct", ["murder"], ["x"])], "", "unknown labels"),
        ([("threat_direct", [], ["x"])], "", "without labels"),
        ([("idiom", ["threat"], ["x"])], "", "with labels"),
        ([("banter", [], ["x"])], "", "unknown kind"),
        ([("idiom", [], ["see {who}"])], "", "undefined slots"),
    ],
)
def test_invalid_files_are_rejected(tmp_path, groups, slots, message):
    with pytest.raises(ValueError, match=message):
        read_language(_write(tmp_path / "xx.toml", groups, slots))


def test_idioms_mask(table, rows):
    mask = idioms(table)
    assert mask.dtype == bool and len(mask) == table.num_rows
    assert mask.any()
    pos = corpus.positives(table)
    assert not (mask & pos).any()
    kinds = np.array([r["kind"] for r in rows])
    assert set(kinds[mask]) <= set(corpus.IDIOM_KINDS)
    held_en = np.array([r["split"] == "heldout" and r["lang"] == "en" for r in rows])
    assert (mask & held_en).sum() >= 100


def _strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)


def test_independent_of_synthetic_phrasebook():
    def norm(s: str) -> str:
        return dedup_key(re.sub(r"\{[a-z_0-9]+\}", " ", s))

    book = set()
    for p in glob.glob(str(PHRASEBOOK / "*.toml")):
        with open(p, "rb") as f:
            doc = tomllib.load(f)
        book |= {norm(s) for s in _strings({k: v for k, v in doc.items() if k not in ("slots", "abbrev")})}
    assert len(book) > 100
    same = [t.text for x in read_all() for t in x.templates if norm(t.text) in book]
    assert same == []


def test_main_prints_counts(capsys):
    corpus.main([str(corpus.DEFAULT_ROOT)])
    out = capsys.readouterr().out
    assert "heldout" in out and "ur-Latn" in out and "image_abuse" in out


def test_group_third_party_and_counter_speech_coverage(rows):
    """Issue 7 second pass: group / third-person threats and their hard negatives
    (counter-speech, worries) are present in English in both splits, and each other
    language has group threats and counter-speech too."""
    en = [t for x in read_all() if x.lang == "en" for t in x.templates]
    kinds = {k: sum(t.kind == k for t in en) for k in ("threat_group", "threat_third_party", "counter", "worry")}
    assert kinds["threat_group"] >= 80 and kinds["threat_third_party"] >= 80, kinds
    assert kinds["counter"] >= 30 and kinds["worry"] >= 20, kinds
    for kind, positive in (("threat_group", True), ("threat_third_party", True), ("counter", False), ("worry", False)):
        for split in ("train", "heldout"):
            sel = [r for r in rows if r["lang"] == "en" and r["kind"] == kind and r["split"] == split]
            assert sel and all(r["threat"] == positive for r in sel), (kind, split)
    for lang in LANGS - {"en"}:
        have = {r["kind"] for r in rows if r["lang"] == lang}
        assert {"threat_group", "counter", "worry"} <= have, lang


def test_identity_group_threats_and_negatives(rows):
    """Issue 7 third pass: threats against identity groups ({group} / {member}) and hard
    negatives that use the same group words (welcome, counter-speech, reports, news, idioms),
    in English in both splits and in every other language."""
    langs = _templates_by_lang()
    slots = read_language(corpus.DEFAULT_ROOT / "en.toml").slots
    assert len(slots["group"]) >= 30 and {"students", "cyclists", "landlords", "vegans"} <= set(slots["group"])
    assert len(slots["member"]) >= 10
    uses = lambda t: "{group" in t.text or "{member}" in t.text  # noqa: E731
    pos = [t for t in langs["en"] if uses(t) and t.labels]
    neg = [t for t in langs["en"] if uses(t) and not t.labels]
    assert len(pos) >= 80 and all(t.kind == "threat_group" and "threat" in t.labels for t in pos)
    assert len(neg) >= 100 and {"chat", "counter", "reported", "worry", "quote", "joke", "idiom"} <= {t.kind for t in neg}
    for group in (pos, neg):
        assert {t.heldout for t in group} == {True, False}
    ids = {t.id for t in pos + neg}
    for split in ("train", "heldout"):
        sel = [r for r in rows if r["template"] in ids and r["split"] == split]
        assert any(r["threat"] for r in sel) and not all(r["threat"] for r in sel), split
    for lang in LANGS - {"en"}:
        ts = [t for t in langs[lang] if uses(t)]
        assert sum(bool(t.labels) for t in ts) >= 5 and sum(not t.labels for t in ts) >= 5, lang


def test_everyday_negatives_on_threat_frames(rows):
    """Issue 7 fourth pass: ordinary messages built on the function-word frames of threats
    ("ill ... u", "im gonna ...", "hope u ...", "im outside") are negatives in every
    language, and in English each frame has negatives in both splits."""
    frames = {
        "ill": re.compile(r"^(i'?ll|ill|i will) "),
        "gonna": re.compile(r"^im (gonna|going to) "),
        "hope": re.compile(r"^(i )?hope (you|u|your|ur) "),
        "outside": re.compile(r"^im outside"),
    }
    en = [t for x in read_all() if x.lang == "en" for t in x.templates if t.kind in ("chat", "affection")]
    for name, rx in frames.items():
        sel = [t for t in en if rx.match(t.text)]
        assert not any(t.labels for t in sel)
        assert len(sel) >= (5 if name == "outside" else 20), name
        assert {t.heldout for t in sel} == {True, False}, name
    for lang in LANGS - {"en"}:
        n = sum(1 for r in rows if r["lang"] == lang and r["kind"] == "chat" and not any(r[h] for h in HEADS))
        assert n >= 200, lang

"""The shipped text model: files, loading, scoring, explanations, and reproducible training."""

from __future__ import annotations

import hashlib
import json
import shutil
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest

from devtriage.text import classify as C
from devtriage.text.model import (
    HEADS,
    MODEL_FILE,
    WEIGHTS_FILE,
    ModelError,
    TextModel,
    default_dir,
    load,
)
from devtriage.text.train import npz_bytes

REPO = Path(__file__).resolve().parents[2]


def test_shipped_files_are_small_plain_arrays():
    d = default_dir()
    assert (d / MODEL_FILE).is_file() and (d / WEIGHTS_FILE).is_file()
    assert (d / "README.md").is_file(), "the model card is missing"
    assert sum((d / f).stat().st_size for f in (MODEL_FILE, WEIGHTS_FILE)) <= 10_000_000
    with zipfile.ZipFile(d / WEIGHTS_FILE) as z:
        assert all(n.endswith(".npy") for n in z.namelist())
    with np.load(d / WEIGHTS_FILE, allow_pickle=False) as z:  # no pickles: loads without allow_pickle
        assert tuple(str(h) for h in z["heads"]) == HEADS
        assert z["weights"].dtype == np.float32 and z["weights"].shape[1] == len(HEADS)


def test_training_summary_matches_the_corpus_and_files():
    d = default_dir()
    summary = json.loads((d / "training.json").read_text())
    for name, sha in summary["files"].items():
        assert hashlib.sha256((d / name).read_bytes()).hexdigest() == sha, f"{name} changed after training"
    chat = REPO / "data" / "chat"
    if not chat.is_dir():
        pytest.skip("data/chat not present (installed package without the repository)")
    now = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(chat.glob("*.toml"))}
    assert summary["sources"]["corpus"] == now, "data/chat changed since the model was trained: retrain"


def test_probabilities_and_thresholds():
    m = load()
    p = m.proba(["I'm going to kill you when I find you", "see you at the shops later x", None, ""])
    assert p.shape == (4, len(HEADS)) and p.dtype == np.float32
    assert ((p >= 0) & (p <= 1)).all()
    t = m.head("threat")
    assert p[0, t] > p[1, t] and p[0, t] > 0.5 > p[1, t]
    assert np.allclose(p[2], p[3])  # None scores as the empty message
    assert all(0.0 < x < 1.0 for x in m.threshold)


def test_explain_gives_the_heaviest_ngrams_of_the_message():
    m = load()
    text = "im going to stab you tonight"
    got = m.explain(text, "threat", top=5)
    assert got and len(got) <= 5
    weights = [w for _, w in got]
    assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)
    for g, _ in got:  # every term is a piece of this message
        assert g and g.lower() in text, g
    assert m.explain("", "threat") == []


def test_margins_equal_the_training_features_times_the_weights():
    """Inference (Numba scoring of pieces, word classes and characters) and training
    (sparse features) compute the same linear function."""
    from devtriage.text import train as T

    m = load()
    assert m.classes is not None and m.classes.size == m.sp.get_piece_size()
    texts = ["ill glass u tonight if u go to the police", "see you at the shops later x", "", "zabiję cię jutro 😡"]
    x = T.features(m.sp, texts, m.classes)
    want = x @ m.weights.astype(np.float64) + m.bias
    assert np.allclose(m.margins(texts), want, atol=1e-4)


def test_word_classes_map_whole_listed_words_only():
    from devtriage.text import train as T
    from devtriage.text.model import FILLER, class_stream
    from devtriage.text.wordclasses import WORD_CLASSES, classes

    m = load()
    names = list(WORD_CLASSES)
    listed = classes()
    assert listed["stab"] == "harm" and listed["you"] == "you" and "sandwich" not in listed
    table = T.piece_classes(m.sp)
    assert np.array_equal(table, m.classes)  # the shipped table is the lists' table
    for word in ("stab", "kill", "you", "if", "tonight"):
        ids = m.sp.encode(word, out_type=int)
        assert len(ids) == 1 and names[table[ids[0]]] == listed[word], word
    ids = np.asarray(m.sp.encode("ill stab you sandwich", out_type=int), dtype=np.int32)
    got = class_stream(ids, table)
    assert got.shape == ids.shape and got.dtype == np.int32
    assert (got[3:] == FILLER).all()  # "sandwich" is in no class
    assert list(got[:3]) == [FILLER + 1 + names.index(c) for c in ("intent", "harm", "you")]


def test_classify_dedupes_without_changing_results():
    texts = ["ill kill you", "hello", "ill kill you", None, "hello", "watch your back"]
    a, b = C.classify(texts), C.classify(texts, dedupe=False)
    assert np.allclose(a.proba, b.proba)
    for fam in C.FAMILIES:
        assert (a.flag[fam] == b.flag[fam]).all() and np.allclose(a.score[fam], b.score[fam])
        assert list(a.rule[fam]) == list(b.rule[fam])
    assert a.flag["threat"][0] and not a.flag["threat"][1] and not a.any_flag()[3]


def test_rule_hit_scores_at_least_the_threshold():
    m = load()
    r = C.classify(["if you go near him again I'll kill you"], m)
    assert r.rule["threat"][0] is not None
    assert r.score["threat"][0] >= m.threshold[m.head("threat")]


def test_mismatched_or_missing_files_are_clear_errors(tmp_path):
    with pytest.raises(ModelError, match="missing"):
        TextModel(tmp_path)
    shutil.copy(default_dir() / WEIGHTS_FILE, tmp_path / WEIGHTS_FILE)
    (tmp_path / MODEL_FILE).write_bytes(b"not a sentencepiece model")
    with pytest.raises(ModelError, match="another tokenizer"):
        TextModel(tmp_path)
    shutil.copy(default_dir() / MODEL_FILE, tmp_path / MODEL_FILE)
    with np.load(default_dir() / WEIGHTS_FILE, allow_pickle=False) as z:
        older = {k: z[k] for k in z.files if k not in ("classes", "class_names")}
    (tmp_path / WEIGHTS_FILE).write_bytes(npz_bytes(**older))
    with pytest.raises(ModelError, match="word-class table"):
        TextModel(tmp_path)


def _tiny_corpus(root: Path) -> None:
    root.mkdir()
    (root / "en.toml").write_text(textwrap.dedent('''
        lang = "en"
        [slots]
        name = ["sam", "jo", "kim", "lee"]
        [abbrev]
        "you" = "u"
        [[group]]
        kind = "threat_direct"
        labels = ["threat"]
        templates = ["ill kill you {name}", "im going to stab you", "youre dead when i find you", "ill break your legs",
                     "ill burn your house down {name}", "im gonna hurt you bad"]
        [[group]]
        kind = "surveillance"
        labels = ["surveillance"]
        templates = ["i know where you live {name}", "i saw you with him today", "im outside your house"]
        [[group]]
        kind = "image_abuse"
        labels = ["image_abuse"]
        templates = ["ill send your nudes to everyone", "everyone will see that video of you"]
        [[group]]
        kind = "self_harm_leverage"
        labels = ["coercion"]
        templates = ["if you leave ill kill myself", "my blood will be on your hands"]
        [[group]]
        kind = "abuse"
        labels = ["abuse"]
        templates = ["youre a worthless cow", "shut up you pathetic loser"]
        [[group]]
        kind = "idiom"
        labels = []
        templates = ["this traffic is killing me", "i could murder a curry {name}", "dead tired today",
                     "my feet are killing me", "that gig killed it"]
        [[group]]
        kind = "chat"
        labels = []
        templates = ["see you at 6 {name}", "what time is the film", "can you grab milk", "love you x",
                     "running late sorry", "how was work"]
        '''), encoding="utf-8")


def test_training_is_reproducible(tmp_path):
    from devtriage.text import train as T

    corpus = tmp_path / "chat"
    _tiny_corpus(corpus)
    a, b = tmp_path / "a", tmp_path / "b"
    T.train(corpus, None, a, log=lambda s: None)
    T.train(corpus, None, b, log=lambda s: None)
    for name in (MODEL_FILE, WEIGHTS_FILE, "training.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    m = TextModel(a)
    p = m.proba(["ill kill you sam", "see you at 6 jo"])
    assert p[0, m.head("threat")] > p[1, m.head("threat")]


def test_threshold_keeps_precision_and_the_everyday_budget():
    """The threshold is the lowest that keeps the target precision -- unless that one
    flags more than EVERYDAY_BUDGET of the ordinary messages, then the lowest that does not."""
    from devtriage.text.train import EVERYDAY_BUDGET, _threshold

    rng = np.random.default_rng(3)
    n_every = 1000
    # 100 positives at 0.5-0.99, 1000 ordinary negatives of which 5% score 0.6-0.7 and the rest under 0.3
    p = np.concatenate([rng.uniform(0.5, 0.99, 100), rng.uniform(0.6, 0.7, 50), rng.uniform(0.0, 0.29, n_every - 50)])
    y = np.zeros(p.size, dtype=bool)
    y[:100] = True
    every = ~y
    none = np.zeros(p.size, dtype=bool)
    free = _threshold(p, y, none, ~none, 0.6, none)  # no budget: precision alone
    capped = _threshold(p, y, none, ~none, 0.6, every)
    for t in (free, capped):
        f = p >= t
        assert (f & y).sum() / f.sum() >= 0.6
    assert free <= 0.6 < capped  # 50 of 1000 ordinary messages (5%) sit in 0.6-0.7
    assert ((p >= capped) & every).sum() / n_every <= EVERYDAY_BUDGET
    # and it is the lowest such threshold on these scores
    lower = np.round(p, 3)[np.round(p, 3) < capped].max()
    assert ((p >= lower) & every).sum() / n_every > EVERYDAY_BUDGET or ((p >= lower) & y).sum() / (p >= lower).sum() < 0.6

"""Reproducible training of the shipped text model (``devtriage model train``).

Training data (never the held-out split, never HateCheck):

* the project's chat-style corpus (``data/chat``, :mod:`devtriage.text.corpus`), its
  ``train`` split: labels for every head;
* the Davidson et al. (2017) tweets (``davidson_labeled_data.csv``, MIT licence) from the
  shared text folder: ``abuse`` = hate speech or offensive (the annotators' majority
  class), and negatives for the other heads -- except tweets that our own threat rules
  flag, whose labels say nothing about threats, which are left out of those heads.

Steps: (1) a sentencepiece unigram tokenizer over all training text (byte fallback, NFKC
with case folding, one thread, so the same input gives the same file); (2) hashed subword
n-gram features, n-grams of the word-class stream (:mod:`.wordclasses`) and character
3-5-grams of the lower-cased words, in the same buckets (:mod:`devtriage.kernels.text`);
(3) one L2 logistic regression per head (liblinear, balanced class weights); (4) Platt
calibration on margins from a 5-fold cross-validation grouped by template (so a template
is never in both the fitting and the calibration fold, as in the held-out split); (5) a
threshold per head from those same cross-validated probabilities on the corpus rows: the
lowest probability at which the detector's decision ("a rule matched, or the probability
reached the threshold") keeps precision at the head's :data:`TARGET_PRECISION` and
flags at most :data:`EVERYDAY_BUDGET` of the corpus's ordinary messages -- the model adds
recall beyond the rules without flooding the examiner. The held-out split plays no part.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .corpus import EVERYDAY_KINDS
from .model import HEADS, MODEL_FILE, WEIGHTS_FILE, encode
from .wordclasses import WORD_CLASSES

VOCAB_SIZE = 8000
NBITS = 18
MAX_ORDER = 3
CHAR_ORDERS = (3, 5)
C = 16.0
FOLDS = 5
#: Cross-validated precision the detector's decision must keep, per head. The issue's
#: operating point is precision 0.8; threats are held to 0.9 because at 0.8 the threat
#: head flags about 4.5% of everyday violent idioms and banter (cross-validated), against
#: a budget of 2%, while the other heads flag almost none at 0.8.
TARGET_PRECISION = {"threat": 0.9, "surveillance": 0.8, "image_abuse": 0.8, "coercion": 0.8, "abuse": 0.8}
#: Largest share of the corpus's ordinary messages (:data:`corpus.EVERYDAY_KINDS`) a head's
#: decision may flag in cross-validation -- the same 2% the issue allows on everyday
#: violent idioms and banter. Precision on the corpus (half of it hard negatives) says
#: little about a phone, where nearly every message is ordinary: a head that flags 3% of
#: "call me when u can" messages buries its true hits.
EVERYDAY_BUDGET = 0.02
SEED = 7
DAVIDSON = "davidson_labeled_data.csv"
#: Heads whose labels the Davidson tweets cannot give (threat-like content).
THREAT_LIKE = ("threat", "surveillance", "image_abuse", "coercion")

_MENTION = re.compile(r"(?:\bRT\s+)?@\w+:?")
_URL = re.compile(r"https?://\S+")
_WS = re.compile(r"\s+")


def clean_tweet(text: str) -> str:
    """A tweet as chat text: HTML entities decoded, retweet marks, @mentions and links
    removed, whitespace collapsed."""
    t = html.unescape(html.unescape(text))
    t = _URL.sub(" ", _MENTION.sub(" ", t))
    return _WS.sub(" ", t).strip(' "!:')


def read_davidson(path: Path) -> tuple[list[str], np.ndarray]:
    """Cleaned tweets and the abuse label (class 0 hate speech or 1 offensive)."""
    texts, abuse = [], []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = clean_tweet(row["tweet"])
            if t:
                texts.append(t)
                abuse.append(row["class"] in ("0", "1"))
    return texts, np.array(abuse, dtype=bool)


@dataclass
class TrainingSet:
    texts: list[str]
    labels: np.ndarray  # bool[m, heads]
    use: np.ndarray  # bool[m, heads]: row counts for the head
    groups: np.ndarray  # template id per row (CV folds never split one)
    corpus: np.ndarray  # bool[m]: row from the chat corpus
    kinds: np.ndarray  # template kind of each corpus row ("" for other rows)
    langs: tuple[str, ...]
    sources: dict


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def training_set(corpus_dir: Path, shared_text: Path | None) -> TrainingSet:
    from . import corpus, threats

    tab = corpus.load(corpus_dir)
    tab = tab.filter(np.asarray(tab.column("split").to_numpy(zero_copy_only=False)) == "train")
    texts = tab.column("text").to_pylist()
    kinds = np.asarray(tab.column("kind").to_pylist(), dtype=object)
    labels = np.stack([tab.column(h).to_numpy(zero_copy_only=False).astype(bool) for h in HEADS], axis=1)
    groups = np.asarray(tab.column("template").to_pylist(), dtype=object)
    langs = tuple(sorted(set(tab.column("lang").to_pylist())))
    sources = {"corpus": {str(p.relative_to(corpus_dir)): _sha256(p) for p in sorted(Path(corpus_dir).glob("*.toml"))},
               "corpus_rows": len(texts)}
    use = np.ones_like(labels)
    is_corpus = np.ones(len(texts), dtype=bool)
    if shared_text is not None and (Path(shared_text) / DAVIDSON).is_file():
        dpath = Path(shared_text) / DAVIDSON
        dt, dab = read_davidson(dpath)
        dl = np.zeros((len(dt), len(HEADS)), dtype=bool)
        dl[:, HEADS.index("abuse")] = dab
        du = np.ones_like(dl)
        flagged = np.zeros(len(dt), dtype=bool)
        for fam in THREAT_LIKE:
            flagged |= threats.match(dt, fam)[0]
        for h in THREAT_LIKE:
            du[:, HEADS.index(h)] = ~flagged
        texts += dt
        labels = np.concatenate([labels, dl])
        use = np.concatenate([use, du])
        groups = np.concatenate([groups, np.array([f"davidson:{i}" for i in range(len(dt))], dtype=object)])
        is_corpus = np.concatenate([is_corpus, np.zeros(len(dt), dtype=bool)])
        kinds = np.concatenate([kinds, np.full(len(dt), "", dtype=object)])
        sources["davidson"] = {"file": DAVIDSON, "sha256": _sha256(dpath), "rows": len(dt),
                               "left_out_of_threat_heads": int(flagged.sum())}
    return TrainingSet(texts, labels, use, groups, is_corpus, kinds, langs, sources)


def train_tokenizer(texts: list[str]) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts), model_writer=buf, vocab_size=VOCAB_SIZE, model_type="unigram",
        byte_fallback=True, normalization_rule_name="nmt_nfkc_cf", character_coverage=0.9995,
        num_threads=1, shuffle_input_sentence=False, minloglevel=2, hard_vocab_limit=False,
    )
    return buf.getvalue()


def piece_classes(sp) -> np.ndarray:
    """int32[vocabulary]: the :mod:`.wordclasses` class of every piece that is one whole
    listed word (the tokenizer's own normalisation applies), -1 for every other piece."""
    from .wordclasses import classes

    names = list(WORD_CLASSES)
    out = np.full(sp.get_piece_size(), -1, np.int32)
    for word, name in classes().items():
        ids = sp.encode(word, out_type=int)
        if len(ids) == 1 and not (sp.is_unknown(ids[0]) or sp.is_byte(ids[0])) and out[ids[0]] < 0:
            out[ids[0]] = names.index(name)
    return out


def features(sp, texts, classes: np.ndarray | None = None):
    """Hashed piece n-grams, word-class n-grams (when ``classes`` is given) and character
    n-grams (the model's features), as CSR."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import scipy.sparse as sps

    from devtriage.kernels.text import char_features, hashed_features

    from .model import class_stream, utf8

    tok = encode(sp, texts)
    shape = (len(texts), 1 << NBITS)
    indptr, idx, val = hashed_features(tok.ids, tok.offsets, MAX_ORDER, NBITS)
    x = sps.csr_matrix((val, idx, indptr), shape=shape, dtype=np.float64)
    if classes is not None:
        indptr, idx, val = hashed_features(class_stream(tok.ids, classes), tok.offsets, MAX_ORDER, NBITS)
        x = x + sps.csr_matrix((val, idx, indptr), shape=shape, dtype=np.float64)
    data, offsets = utf8(pc.utf8_lower(pa.array(texts, pa.string())))
    indptr, idx, val = char_features(data, offsets, CHAR_ORDERS[0], CHAR_ORDERS[1], NBITS)
    x = x + sps.csr_matrix((val, idx, indptr), shape=shape, dtype=np.float64)
    x.sum_duplicates()
    return x


def _fit(x, y):
    from sklearn.linear_model import LogisticRegression

    if y.all() or not y.any():  # one class only (a tiny corpus): a constant margin
        return np.zeros(x.shape[1]), 10.0 if y.all() else -10.0
    clf = LogisticRegression(C=C, solver="liblinear", class_weight="balanced", max_iter=1000, random_state=SEED)
    clf.fit(x, y)
    return clf.coef_.ravel(), float(clf.intercept_[0])


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    if y.all() or not y.any():
        return 1.0, 0.0
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _threshold(p: np.ndarray, y: np.ndarray, rule: np.ndarray, eligible: np.ndarray, target: float,
               everyday: np.ndarray) -> float:
    """The lowest model threshold at which the detector's decision -- a rule matched, or
    probability >= t in a row the model may flag alone (``eligible``: enough words, no
    guard) -- keeps precision >= ``target`` on these (cross-validated) rows and flags at
    most :data:`EVERYDAY_BUDGET` of the ordinary messages (``everyday``), within
    [0.3, 0.95]; 0.95 when no threshold does (the rules alone may already exceed the
    budget)."""
    cand = np.unique(np.round(p, 3))
    best = 0.95
    n_every = max(int(everyday.sum()), 1)
    for t in cand[::-1]:
        if t < 0.3:
            break
        flag = rule | ((p >= t) & eligible)
        if (flag & everyday).sum() / n_every > EVERYDAY_BUDGET:
            break  # lower thresholds only flag more
        if flag.sum() and (y & flag).sum() / flag.sum() >= target:
            best = float(t)
    return best


def npz_bytes(**arrays: np.ndarray) -> bytes:
    """An ``.npz`` (compressed) with fixed member dates, so the same arrays give the same
    bytes (``numpy.savez`` stamps the current time)."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)
            zf.writestr(info, member.getvalue())
    return buf.getvalue()


def train(corpus_dir: Path, shared_text: Path | None, out: Path, log=print) -> dict:
    """Train every head and write the model files into ``out``; returns the summary."""
    import sentencepiece as spm
    import sklearn
    from sklearn.model_selection import GroupKFold

    from . import threats
    from .classify import MIN_WORDS

    ts = training_set(Path(corpus_dir), shared_text)
    log(f"training rows: {len(ts.texts)} ({int(ts.corpus.sum())} corpus, {int((~ts.corpus).sum())} Davidson)")
    proto = train_tokenizer(ts.texts)
    sp = spm.SentencePieceProcessor(model_proto=proto)
    classes = piece_classes(sp)
    x = features(sp, ts.texts, classes)
    weights = np.zeros((1 << NBITS, len(HEADS)), dtype=np.float32)
    bias = np.zeros(len(HEADS))
    pa_, pb_, thr = np.ones(len(HEADS)), np.zeros(len(HEADS)), np.full(len(HEADS), 0.5)
    cv = {}
    for h, name in enumerate(HEADS):
        rows = np.flatnonzero(ts.use[:, h])
        xh, yh, gh = x[rows], ts.labels[rows, h], ts.groups[rows]
        w, b = _fit(xh, yh)
        weights[:, h], bias[h] = w, b
        z = np.zeros(rows.size)
        for fit_i, cal_i in GroupKFold(n_splits=min(FOLDS, len(set(gh)))).split(xh, yh, gh):
            wf, bf = _fit(xh[fit_i], yh[fit_i])
            z[cal_i] = xh[cal_i] @ wf + bf
        pa_[h], pb_[h] = _platt(z, yh)
        p = 1 / (1 + np.exp(-(pa_[h] * z + pb_[h])))
        in_corpus = ts.corpus[rows]
        if name in THREAT_LIKE:  # the detector's decision on the corpus rows
            pc_, yc = p[in_corpus], yh[in_corpus]
            texts = [ts.texts[i] for i in rows[in_corpus]]
            rule = threats.match(texts, name)[0]
            eligible = ~threats.guarded(texts, name) & (np.array([len(t.split()) for t in texts]) >= MIN_WORDS)
        else:
            pc_, yc, rule = p, yh, np.zeros(len(p), dtype=bool)
            eligible = np.ones(len(p), dtype=bool)
        every = np.isin(ts.kinds[rows], EVERYDAY_KINDS)[in_corpus] if name in THREAT_LIKE else np.zeros(len(pc_), bool)
        thr[h] = _threshold(pc_, yc, rule, eligible, TARGET_PRECISION[name], every)
        flag = rule | ((pc_ >= thr[h]) & eligible)
        tp = int((flag & yc).sum())
        cv[name] = {"rows": int(rows.size), "positives": int(yh.sum()), "threshold": round(float(thr[h]), 4),
                    "cv_recall": round(tp / max(int(yc.sum()), 1), 4),
                    "cv_precision": round(tp / max(int(flag.sum()), 1), 4),
                    "rule_recall": round(float(rule[yc].mean()) if yc.any() else 0.0, 4),
                    "cv_everyday_flagged": round(float(flag[every].mean()) if every.any() else 0.0, 4)}
        log(f"  {name:12s} {cv[name]}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(proto).hexdigest()
    (out / MODEL_FILE).write_bytes(proto)
    npz = npz_bytes(weights=weights, bias=bias, platt_a=pa_, platt_b=pb_, threshold=thr,
                    heads=np.array(HEADS), languages=np.array(ts.langs), max_order=np.int64(MAX_ORDER),
                    char_orders=np.array(CHAR_ORDERS, dtype=np.int64),
                    classes=classes, class_names=np.array(list(WORD_CLASSES)),
                    tokenizer_sha256=np.array(sha))
    (out / WEIGHTS_FILE).write_bytes(npz)
    summary = {"rows": len(ts.texts), "sources": ts.sources, "languages": list(ts.langs), "heads": cv,
               "word_classes": {"sha256": hashlib.sha256(json.dumps(WORD_CLASSES, sort_keys=True).encode()).hexdigest(),
                                "pieces": int((classes >= 0).sum())},
               "params": {"vocab_size": VOCAB_SIZE, "nbits": NBITS, "max_order": MAX_ORDER, "char_orders": list(CHAR_ORDERS), "C": C, "folds": FOLDS,
                          "target_precision": TARGET_PRECISION, "everyday_budget": EVERYDAY_BUDGET},
               "versions": {"scikit-learn": sklearn.__version__, "sentencepiece": spm.__version__},
               "files": {MODEL_FILE: sha, WEIGHTS_FILE: hashlib.sha256(npz).hexdigest()}}
    (out / "training.json").write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return summary

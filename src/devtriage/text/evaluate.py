"""Held-out evaluation of the text classifier (``devtriage model eval``).

What is measured, always with the detector's own decision (:mod:`.classify`: rules and
model combined, the shipped thresholds):

``heldout``
    the fixed held-out split of the project's chat corpus (templates never trained on):
    per family precision, recall and F1 of the flag, ROC-AUC of the score, and per
    language recall; 95% confidence intervals from a cluster bootstrap over templates
    (messages expanded from one template are not independent);
``idioms``
    the held-out everyday violent idioms and banter (:func:`corpus.idioms`): the share
    flagged by any family (the false-positive rate), with a Wilson 95% interval;
``hatecheck``
    HateCheck (Röttger et al. 2021, CC-BY-4.0; evaluation only, never trained on): the
    ROC-AUC of the threat score for its threat functionalities (``threat_dir_h``,
    ``threat_norm_h``) against its non-hateful cases, with a bootstrap interval, plus the
    flag's recall and false-positive rate there.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .classify import FAMILIES, classify
from .model import TextModel

HATECHECK = "hatecheck_test_suite_cases.csv"
HATECHECK_THREATS = ("threat_dir_h", "threat_norm_h")
B = 1000
SEED = 11


def _auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    if y.all() or not y.any():
        return float("nan")
    return float(roc_auc_score(y, s))


def _prf(y: np.ndarray, f: np.ndarray) -> tuple[float, float, float]:
    tp = float((y & f).sum())
    p = tp / f.sum() if f.sum() else float("nan")
    r = tp / y.sum() if y.sum() else float("nan")
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def _ci(values: list[float]) -> list[float]:
    v = np.asarray([x for x in values if np.isfinite(x)])
    if v.size == 0:
        return [float("nan"), float("nan")]
    return [round(float(np.percentile(v, 2.5)), 4), round(float(np.percentile(v, 97.5)), 4)]


def _cluster_boot(groups: np.ndarray, fn, b: int = B) -> list[list[float]]:
    """Bootstrap over clusters: ``fn(rows)`` -> tuple of metrics; returns per-metric samples."""
    rng = np.random.default_rng(SEED)
    uniq, inv = np.unique(groups, return_inverse=True)
    members = [np.flatnonzero(inv == k) for k in range(len(uniq))]
    out: list[list[float]] = []
    for _ in range(b):
        pick = rng.integers(0, len(uniq), len(uniq))
        rows = np.concatenate([members[k] for k in pick])
        vals = fn(rows)
        if not out:
            out = [[] for _ in vals]
        for lst, v in zip(out, vals):
            lst.append(v)
    return out


def recall_at_precision(y: np.ndarray, s: np.ndarray, precision: float) -> float:
    """The highest recall at any score threshold whose precision is >= ``precision``."""
    from sklearn.metrics import precision_recall_curve

    if not y.any():
        return float("nan")
    p, r, _ = precision_recall_curve(y, s)
    ok = p >= precision
    return float(r[ok].max()) if ok.any() else 0.0


def wilson(k: int, n: int, z: float = 1.96) -> list[float]:
    if n == 0:
        return [float("nan"), float("nan")]
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return [round(float(max(0.0, c - h)), 4), round(float(min(1.0, c + h)), 4)]


def heldout(model: TextModel, corpus_dir: Path) -> tuple[dict, dict]:
    from . import corpus

    tab = corpus.load(corpus_dir)
    split = np.asarray(tab.column("split").to_pylist())
    idiom = np.asarray(corpus.idioms(tab)) & (split == "heldout")
    tab_h = tab.filter(split == "heldout")
    texts = tab_h.column("text").to_pylist()
    groups = np.asarray(tab_h.column("template").to_pylist())
    langs = np.asarray(tab_h.column("lang").to_pylist())
    res = classify(texts, model)
    out = {"messages": len(texts), "templates": int(len(set(groups))), "families": {}}
    for fam in FAMILIES:
        y = tab_h.column(fam).to_numpy(zero_copy_only=False).astype(bool)
        f, s = res.flag[fam], res.score[fam]
        p, r, f1 = _prf(y, f)
        auc = _auc(y, s)
        boot = _cluster_boot(groups, lambda rows: (*_prf(y[rows], f[rows]), _auc(y[rows], s[rows])))
        by_lang = {}
        for lg in sorted(set(langs)):
            m = (langs == lg) & y
            if m.any():
                by_lang[lg] = {"positives": int(m.sum()), "recall": round(float(f[m].mean()), 4)}
        rap = recall_at_precision(y, s, 0.8)
        out["families"][fam] = {
            "recall_at_precision_0.8": round(rap, 4),
            "positives": int(y.sum()), "negatives": int((~y).sum()),
            "precision": round(p, 4), "precision_ci": _ci(boot[0]), "recall": round(r, 4), "recall_ci": _ci(boot[1]),
            "f1": round(f1, 4), "f1_ci": _ci(boot[2]), "roc_auc": round(auc, 4), "roc_auc_ci": _ci(boot[3]),
            "recall_by_language": by_lang,
        }
    # idioms / banter: the held-out rows of those kinds
    tab_i = tab.filter(idiom)
    ri = classify(tab_i.column("text").to_pylist(), model)
    flagged = ri.any_flag()
    kinds = np.asarray(tab_i.column("kind").to_pylist())
    id_out = {"messages": int(len(flagged)), "flagged": int(flagged.sum()),
              "fpr": round(float(flagged.mean()) if len(flagged) else float("nan"), 4),
              "fpr_ci": wilson(int(flagged.sum()), int(len(flagged))),
              "by_kind": {k: {"messages": int((kinds == k).sum()), "flagged": int(flagged[kinds == k].sum())}
                          for k in sorted(set(kinds))},
              "examples_flagged": [t for t, fl in zip(tab_i.column("text").to_pylist(), flagged) if fl][:10]}
    return out, id_out


def read_hatecheck(path: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """HateCheck cases: text, functionality, gold label."""
    texts, func, gold = [], [], []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts.append(row["test_case"].strip())
            func.append(row["functionality"])
            gold.append(row["label_gold"])
    return texts, np.asarray(func), np.asarray(gold)


def hatecheck(model: TextModel, path: Path) -> dict:
    texts, func, gold = read_hatecheck(path)
    pos = np.isin(func, HATECHECK_THREATS)
    neg = gold == "non-hateful"
    keep = pos | neg
    sub = [t for t, k in zip(texts, keep) if k]
    y = pos[keep]
    res = classify(sub, model)
    s, f = res.score["threat"], res.flag["threat"]
    rng = np.random.default_rng(SEED)
    boots = []
    for _ in range(B):
        i = rng.integers(0, len(y), len(y))
        boots.append(_auc(y[i], s[i]))
    negf = func[keep][~y]
    fp_by_func = {k: int((f[~y] & (negf == k)).sum()) for k in sorted(set(negf)) if (f[~y] & (negf == k)).any()}
    return {"threat_cases": int(y.sum()), "non_hateful_cases": int((~y).sum()),
            "roc_auc": round(_auc(y, s), 4), "roc_auc_ci": _ci(boots),
            "recall": round(float(f[y].mean()), 4), "fpr": round(float(f[~y].mean()), 4),
            "false_positives_by_functionality": fp_by_func,
            "missed": [t for t, yy, ff in zip(sub, y, f) if yy and not ff][:10]}


def evaluate(model_dir: Path | None, corpus_dir: Path, shared_text: Path | None) -> dict:
    model = TextModel(model_dir)
    out: dict = {"model": {"dir": str(model.directory), "tokenizer_sha256": model.tokenizer_sha256,
                           "thresholds": {h: round(float(t), 4) for h, t in zip(model.heads, model.threshold)}}}
    out["heldout"], out["idioms"] = heldout(model, Path(corpus_dir))
    hc = Path(shared_text) / HATECHECK if shared_text else None
    out["hatecheck"] = hatecheck(model, hc) if hc is not None and hc.is_file() else {"skipped": f"{HATECHECK} not found"}
    return out

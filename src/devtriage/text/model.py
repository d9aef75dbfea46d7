"""The shipped text classifier: a sentencepiece tokenizer and linear heads over hashed
subword n-grams, calibrated to probabilities.

Files (in ``models/``, installed as :mod:`devtriage.models`):

``threat.model``
    a sentencepiece unigram model (byte fallback, NFKC + case folding), trained by
    ``devtriage model train``;
``threat.npz``
    plain arrays, no pickles: ``weights`` float32[2**nbits, heads] and ``bias``
    float64[heads] of one logistic regression per head over the hashed n-gram features of
    :mod:`devtriage.kernels.text`; ``platt_a``/``platt_b`` (probability =
    ``1 / (1 + exp(-(a * margin + b)))``, fitted on cross-validated margins of the
    training split); ``threshold`` (per head, the probability above which a message is
    flagged); ``heads`` and ``languages`` (UTF-8 strings); ``max_order``; ``tokenizer_sha256``
    (the ``.model`` file the weights were trained with: a mismatch is an error);
    ``char_orders`` (``[lo, hi]``: the byte n-gram orders of the character features, which
    share the buckets; see :mod:`devtriage.kernels.text`); ``classes`` int32[vocabulary]
    (the word class of each whole-word piece, -1 for none; :mod:`.wordclasses`) and
    ``class_names``: n-grams of the word-class stream (:func:`class_stream`) share the
    buckets too.

Heads (:data:`HEADS`): ``threat`` (threats to kill or harm), ``surveillance`` (knowing
where someone is, watching them), ``image_abuse`` (threats to share intimate images),
``coercion`` (self-harm as leverage, possessive ultimatums) and ``abuse`` (general abuse,
used as context, not an indicator).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from devtriage.kernels.text import char_features, char_scores, linear_scores

HEADS: tuple[str, ...] = ("threat", "surveillance", "image_abuse", "coercion", "abuse")
MODEL_FILE = "threat.model"
WEIGHTS_FILE = "threat.npz"
#: Token id of a word of no class in the word-class stream; class k is ``FILLER + 1 + k``.
#: Far above any piece id, so the class stream's n-grams never equal piece n-grams.
FILLER = 1 << 24


class ModelError(RuntimeError):
    """The model files are missing, damaged or do not belong together."""


def default_dir() -> Path:
    return Path(str(resources.files("devtriage.models")))


@dataclass(frozen=True)
class Tokens:
    """Piece ids of a batch of messages (see :mod:`devtriage.kernels.text`)."""

    ids: np.ndarray  # int32[n]
    offsets: np.ndarray  # int64[m + 1]


class TextModel:
    """A loaded model. ``proba(texts)`` gives float32[m, heads] probabilities."""

    def __init__(self, directory: Path | str | None = None):
        import sentencepiece as spm

        d = Path(directory) if directory is not None else default_dir()
        mpath, wpath = d / MODEL_FILE, d / WEIGHTS_FILE
        for p in (mpath, wpath):
            if not p.is_file():
                raise ModelError(f"model file {p} is missing; run `devtriage model train --out {d}`")
        proto = mpath.read_bytes()
        self.directory = d
        self.tokenizer_sha256 = hashlib.sha256(proto).hexdigest()
        try:
            with np.load(wpath, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
        except (OSError, ValueError) as e:
            raise ModelError(f"{wpath}: cannot read weights ({e})") from e
        want = str(arrays.get("tokenizer_sha256", np.array("")).item())
        if want != self.tokenizer_sha256:
            raise ModelError(f"{wpath} was trained with another tokenizer than {mpath} "
                             f"(sha256 {want[:12]} != {self.tokenizer_sha256[:12]})")
        self.sp = spm.SentencePieceProcessor(model_proto=proto)
        self.heads = tuple(str(h) for h in arrays["heads"])
        self.languages = tuple(str(x) for x in arrays["languages"])
        self.weights = np.ascontiguousarray(arrays["weights"], dtype=np.float32)
        self.bias = arrays["bias"].astype(np.float64)
        self.platt_a = arrays["platt_a"].astype(np.float64)
        self.platt_b = arrays["platt_b"].astype(np.float64)
        self.threshold = arrays["threshold"].astype(np.float64)
        self.max_order = int(arrays["max_order"])
        self.char_lo, self.char_hi = (int(x) for x in arrays["char_orders"])
        self.nbits = int(np.log2(self.weights.shape[0]))
        if arrays.get("classes", np.zeros(0)).size != self.sp.get_piece_size():
            raise ModelError(f"{wpath}: no word-class table for this tokenizer (an older model?); retrain")
        self.classes = arrays["classes"].astype(np.int32)
        self._no_bias = np.zeros_like(self.bias)
        self.meta = {k: arrays[k] for k in arrays if k not in ("weights",)}

    def head(self, name: str) -> int:
        return self.heads.index(name)

    def margins(self, texts) -> np.ndarray:
        """Linear margins float32[m, heads] of a sequence of str/None or an Arrow array."""
        arr = as_strings(texts)
        tok = encode(self.sp, arr.fill_null("").to_pylist())
        z = linear_scores(tok.ids, tok.offsets, self.weights, self.bias, self.max_order)
        cls = class_stream(tok.ids, self.classes)
        z += linear_scores(cls, tok.offsets, self.weights, self._no_bias, self.max_order)
        data, offsets = utf8(pc.utf8_lower(arr))
        return z + char_scores(data, offsets, self.weights, self.char_lo, self.char_hi)

    def proba(self, texts) -> np.ndarray:
        """Calibrated probabilities float32[m, heads]."""
        return calibrate(self.margins(texts), self.platt_a, self.platt_b)

    def explain(self, text: str, head: str, top: int = 3) -> list[tuple[str, float]]:
        """The subword n-grams of ``text`` that add most to ``head``'s margin, as
        ``(text of the n-gram, contribution)``, largest first (positive ones only)."""
        from devtriage.kernels.text import hashed_features

        ids = np.asarray(self.sp.encode(text or "", out_type=int), dtype=np.int32)
        pieces = [self.sp.id_to_piece(int(i)) for i in ids]
        offs = np.array([0, ids.size], np.int64)
        _, idx, val = hashed_features(ids, offs, self.max_order, self.nbits)
        grams = _ngrams(pieces, self.max_order)
        # word-class n-grams, shown as the words they stand for
        _, kidx, kval = hashed_features(class_stream(ids, self.classes), offs, self.max_order, self.nbits)
        idx, val = np.concatenate([idx, kidx]), np.concatenate([val, kval])
        grams += grams
        low = (text or "").lower()
        data, coffs = utf8(pa.array([low], pa.string()))
        _, cidx, cval = char_features(data, coffs, self.char_lo, self.char_hi, self.nbits)
        idx, val = np.concatenate([idx, cidx]), np.concatenate([val, cval])
        grams += _char_grams(low, self.char_lo, self.char_hi)
        h = self.head(head)
        seen: dict[str, float] = {}
        for g, f, v in zip(grams, idx, val):
            c = float(self.weights[f, h] * v)
            if c > 0 and g.strip():
                seen[g] = max(seen.get(g, 0.0), c)
        return sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def class_stream(ids: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """The word-class stream of piece ids: each piece of a class becomes ``FILLER + 1 +
    class``, every other piece ``FILLER`` (same positions, so same offsets)."""
    c = classes[ids]
    return np.where(c >= 0, FILLER + 1 + c, FILLER).astype(np.int32)


def _ngrams(pieces: list[str], max_order: int) -> list[str]:
    """N-gram surface strings in the order :func:`hashed_features` emits them."""
    out = ["".join(p).replace("\u2581", " ").strip() for p in ([x] for x in pieces)]
    if pieces:
        padded = ["^"] + pieces + ["$"]
        for order in range(2, max_order + 1):
            for s in range(0, len(padded) - order + 1):
                g = padded[s:s + order]
                out.append("".join(x for x in g if x not in ("^", "$")).replace("\u2581", " ").strip())
    return out


def _char_grams(low: str, lo: int, hi: int) -> list[str]:
    """Character n-gram strings in the order :func:`char_features` emits them (byte
    n-grams that cut a multi-byte character are shown as the whole word)."""
    out = []
    b = low.encode("utf-8")
    for word in b.split():
        padded = b" " + word + b" "
        for n in range(lo, hi + 1):
            for s in range(0, len(padded) - n + 1):
                g = padded[s:s + n]
                try:
                    out.append(g.decode("utf-8").strip())
                except UnicodeDecodeError:
                    out.append(word.decode("utf-8", "replace"))
    return out


def as_strings(texts) -> pa.Array:
    """``texts`` as one Arrow string array (sequence of str/None, Array or ChunkedArray)."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks() if texts.num_chunks != 1 else texts.chunk(0)
    if not isinstance(texts, pa.Array):
        texts = pa.array(list(texts), type=pa.string())
    if not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
        texts = texts.cast(pa.string())
    return texts


def utf8(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes and the per-row offsets of an Arrow (large_)string array, zero copy."""
    if arr.null_count:
        arr = arr.fill_null("")
    wide = pa.types.is_large_string(arr.type)
    _, obuf, dbuf = arr.buffers()
    offsets = np.frombuffer(obuf, dtype=np.int64 if wide else np.int32)[arr.offset: arr.offset + len(arr) + 1]
    data = np.frombuffer(dbuf, dtype=np.uint8) if dbuf is not None else np.zeros(0, np.uint8)
    return data, offsets


def calibrate(z: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (1.0 / (1.0 + np.exp(-(z * a + b)))).astype(np.float32)


def encode(sp, texts) -> Tokens:
    """Piece ids of ``texts`` (list / array of str or None) as flat ids + offsets."""
    import itertools

    if not isinstance(texts, list) or None in texts:
        texts = ["" if t is None else t for t in texts]
    lists = sp.encode(texts, out_type=int, num_threads=1) if texts else []
    lens = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    offsets = np.zeros(len(lists) + 1, np.int64)
    np.cumsum(lens, out=offsets[1:])
    ids = np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int32, count=int(offsets[-1]))
    return Tokens(ids, offsets)


@functools.lru_cache(maxsize=4)
def load(directory: str | None = None) -> TextModel:
    """The model in ``directory`` (default: the shipped one), loaded once per process."""
    return TextModel(directory)

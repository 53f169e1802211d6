"""Random inputs and NumPy label conversion shared by the confusion-matrix family's tests.

``make_batches`` draws binary, multiclass or multilabel batches as labels, probabilities or
logits, optionally with extra dimensions and with some targets set to ``ignore_index``.
``binary_labels``, ``multiclass_labels`` and ``multilabel_labels`` turn a batch's NumPy arrays
into flat label arrays with the ignored samples removed (multilabel: an (M, L) array and a mask),
which scikit-learn references then take.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import Tensor

MODES = ("labels", "probs", "logits")


def make_batches(
    kind: str,
    mode: str,
    num_classes: int = 3,
    extra: tuple[int, ...] = (),
    ignore_index: int | None = None,
    num_batches: int = 3,
    batch_size: int = 16,
) -> list[tuple[Tensor, Tensor]]:
    """``num_batches`` random (preds, target) pairs of the given kind ("binary", "multiclass", "multilabel")."""
    batches = []
    for _ in range(num_batches):
        if kind == "multiclass":
            shape = (batch_size, *extra)
            target = torch.randint(0, num_classes, shape)
            if mode == "labels":
                preds = torch.randint(0, num_classes, shape)
            else:
                preds = torch.randn(batch_size, num_classes, *extra)
                preds = preds.softmax(1) if mode == "probs" else preds * 3
        else:
            shape = (batch_size, *extra) if kind == "binary" else (batch_size, num_classes, *extra)
            target = torch.randint(0, 2, shape)
            if mode == "labels":
                preds = torch.randint(0, 2, shape)
            else:
                preds = torch.rand(shape) if mode == "probs" else torch.randn(shape) * 3
        if ignore_index is not None:
            target = target.masked_fill(torch.rand(target.shape) < 0.2, ignore_index)
        batches.append((preds, target))
    return batches


def _probabilities(preds: np.ndarray) -> np.ndarray:
    """Sigmoid of logits: applied when any value lies outside [0, 1]."""
    if preds.size and (preds.min() < 0 or preds.max() > 1):
        return 1 / (1 + np.exp(-preds.astype(np.float64)))
    return preds


def binary_labels(
    preds: np.ndarray, target: np.ndarray, threshold: float = 0.5, ignore_index: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Flat 0/1 predictions and targets of the kept samples."""
    preds, target = preds.reshape(-1), target.reshape(-1)
    if ignore_index is not None:
        keep = target != ignore_index
        preds, target = preds[keep], target[keep]
    if np.issubdtype(preds.dtype, np.floating):
        preds = (_probabilities(preds) > threshold).astype(np.int64)
    return preds, target


def multiclass_labels(
    preds: np.ndarray, target: np.ndarray, ignore_index: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Flat predicted labels (arg-max of scores) and targets of the kept samples."""
    if preds.ndim == target.ndim + 1:
        preds = preds.argmax(1)
    preds, target = preds.reshape(-1), target.reshape(-1)
    if ignore_index is not None:
        keep = target != ignore_index
        preds, target = preds[keep], target[keep]
    return preds, target


def multilabel_labels(
    preds: np.ndarray, target: np.ndarray, threshold: float = 0.5, ignore_index: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(M, L) 0/1 predictions, targets and the mask of kept entries (extra dimensions become rows)."""
    num_labels = preds.shape[1]
    preds = np.moveaxis(preds, 1, -1).reshape(-1, num_labels)
    target = np.moveaxis(target, 1, -1).reshape(-1, num_labels)
    if np.issubdtype(preds.dtype, np.floating):
        preds = (_probabilities(preds) > threshold).astype(np.int64)
    keep = np.ones_like(target, dtype=bool) if ignore_index is None else target != ignore_index
    return preds, np.where(keep, target, 0), keep


def multilabel_counts(preds: np.ndarray, target: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """(L, 2, 2) counts [[tn, fp], [fn, tp]] of each label over the kept entries."""
    counts = np.zeros((preds.shape[1], 2, 2), dtype=np.int64)
    for t in (0, 1):
        for p in (0, 1):
            counts[:, t, p] = ((target == t) & (preds == p) & keep).sum(0)
    return counts

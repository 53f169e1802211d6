"""Shared inputs and scikit-learn / NumPy references of the curve families (PR curve, ROC, AUROC, AP).

A ``CurveCase`` names the input kind, the thresholds (None: exact) and ``ignore_index``; ``curve_batches`` makes
a few random batches (every class present, some tied scores) and ``reference`` computes the expected value of a
family from NumPy arrays: scikit-learn for exact curves and areas, direct counting for binned ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

NUM_CLASSES = 3


@dataclass(frozen=True)
class CurveCase:
    kind: str  # binary, multiclass, multilabel
    thresholds: int | list | None = None
    ignore_index: int | None = None

    def __str__(self) -> str:
        return f"{self.kind}-thr{self.thresholds}-ign{self.ignore_index}"

    def threshold_values(self) -> np.ndarray | None:
        if self.thresholds is None:
            return None
        if isinstance(self.thresholds, int):
            return np.linspace(0, 1, self.thresholds, dtype=np.float32)
        return np.asarray(self.thresholds, dtype=np.float32)


CASES = [
    CurveCase(kind, thresholds, ignore_index)
    for kind in ("binary", "multiclass", "multilabel")
    for thresholds, ignore_index in ((None, None), (None, -1), (7, None), ([0.1, 0.5, 0.3, 0.8], -1))
]


def curve_batches(case: CurveCase, sizes: tuple[int, ...] = (13, 20, 9)) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Batches of probabilities (scores rounded so that some tie) and targets with every class present."""
    batches = []
    for size in sizes:
        if case.kind == "binary":
            preds = (torch.rand(size) * 20).round() / 20
            target = torch.randint(0, 2, (size,))
            target[:2] = torch.tensor([0, 1])
        elif case.kind == "multiclass":
            preds = ((torch.rand(size, NUM_CLASSES) * 20).round() + 1).softmax(1)
            preds = (preds * 50).round() / 50
            target = torch.randint(0, NUM_CLASSES, (size,))
            target[:NUM_CLASSES] = torch.arange(NUM_CLASSES)
        else:
            preds = (torch.rand(size, NUM_CLASSES) * 20).round() / 20
            target = torch.randint(0, 2, (size, NUM_CLASSES))
            target[:2] = torch.tensor([[0] * NUM_CLASSES, [1] * NUM_CLASSES])
        if case.ignore_index is not None:
            ignored = torch.rand(target.shape) < 0.15
            ignored[: NUM_CLASSES + 2] = False
            target = torch.where(ignored, case.ignore_index, target)
        batches.append((preds, target))
    return batches


# ------------------------------------------------------------------------------------- per class
def class_columns(case: CurveCase, preds: np.ndarray, target: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(scores, 0/1 labels) of each one-vs-rest problem, ignored entries removed."""
    ignored = np.zeros(target.shape, bool) if case.ignore_index is None else target == case.ignore_index
    if case.kind == "binary":
        columns = [(preds, target, ~ignored)]
    elif case.kind == "multiclass":
        columns = [(preds[:, c], target == c, ~ignored) for c in range(NUM_CLASSES)]
    else:
        columns = [(preds[:, c], target[:, c], ~ignored[:, c]) for c in range(NUM_CLASSES)]
    return [(scores[kept], labels[kept].astype(int)) for scores, labels, kept in columns]


def binned_counts(scores: np.ndarray, labels: np.ndarray, thresholds: np.ndarray) -> tuple[np.ndarray, ...]:
    """tp, fp, fn, tn of ``score >= threshold`` at every threshold."""
    predicted = scores[:, None] >= thresholds[None, :]
    positive = labels[:, None] == 1
    tp = (predicted & positive).sum(0)
    fp = (predicted & ~positive).sum(0)
    fn = (~predicted & positive).sum(0)
    tn = (~predicted & ~positive).sum(0)
    return tp, fp, fn, tn


def _ratio(num: np.ndarray, denom: np.ndarray, undefined: float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, num / np.maximum(denom, 1), undefined)


def pr_curve(scores: np.ndarray, labels: np.ndarray, thresholds: np.ndarray | None) -> tuple[np.ndarray, ...]:
    if thresholds is None:
        return precision_recall_curve(labels, scores)
    tp, fp, fn, _ = binned_counts(scores, labels, thresholds)
    precision = np.append(_ratio(tp, tp + fp, np.nan), 1.0)
    recall = np.append(_ratio(tp, tp + fn, np.nan), 0.0)
    return precision, recall, thresholds


def roc(scores: np.ndarray, labels: np.ndarray, thresholds: np.ndarray | None) -> tuple[np.ndarray, ...]:
    if thresholds is None:
        fpr, tpr, values = roc_curve(labels, scores, drop_intermediate=False)
        return fpr, tpr, np.where(np.isinf(values), 1.0, values)
    tp, fp, fn, tn = binned_counts(scores, labels, thresholds)
    return _ratio(fp, fp + tn, 0.0)[::-1], _ratio(tp, tp + fn, 0.0)[::-1], thresholds[::-1]


def auroc(scores: np.ndarray, labels: np.ndarray, thresholds: np.ndarray | None, max_fpr: float | None = None) -> float:
    if thresholds is None:
        return roc_auc_score(labels, scores, max_fpr=max_fpr)
    fpr, tpr, _ = roc(scores, labels, thresholds)
    return np.trapezoid(tpr, fpr)


def average_precision(scores: np.ndarray, labels: np.ndarray, thresholds: np.ndarray | None) -> float:
    if thresholds is None:
        return average_precision_score(labels, scores)
    precision, recall, _ = pr_curve(scores, labels, thresholds)
    precision, recall = np.nan_to_num(precision), np.nan_to_num(recall)
    return -np.sum(np.diff(recall) * precision[:-1])


def average(scores: list[float], supports: list[int], how: str | None) -> np.ndarray:
    scores = np.asarray(scores)
    if how in (None, "none"):
        return scores
    if how == "weighted":
        return np.sum(scores * np.asarray(supports) / np.sum(supports))
    return scores.mean()


def reference(case: CurveCase, family: str, average_by: str | None = "macro", max_fpr: float | None = None):
    """The expected value of ``family`` (pr_curve, roc, auroc, average_precision) on one case's NumPy arrays."""

    def expected(preds: np.ndarray, target: np.ndarray):
        thresholds = case.threshold_values()
        if family in ("auroc", "average_precision") and case.kind == "multilabel" and average_by == "micro":
            kept = target != case.ignore_index if case.ignore_index is not None else np.ones_like(target, bool)
            columns = [(preds[kept], target[kept].astype(int))]
        else:
            columns = class_columns(case, preds, target)
        if family in ("pr_curve", "roc"):
            curves = [pr_curve(*c, thresholds) if family == "pr_curve" else roc(*c, thresholds) for c in columns]
            if case.kind == "binary":
                return curves[0]
            if thresholds is None:
                return tuple(list(parts) for parts in zip(*curves))
            return np.stack([c[0] for c in curves]), np.stack([c[1] for c in curves]), curves[0][2]
        if family == "auroc":
            scores = [auroc(*c, thresholds, max_fpr) for c in columns]
        else:
            scores = [average_precision(*c, thresholds) for c in columns]
        if case.kind == "binary" or average_by == "micro":
            return scores[0]
        return average(scores, [int(labels.sum()) for _, labels in columns], average_by)

    return expected

"""Cases, random inputs and NumPy/scikit-learn references shared by the stat-score family's tests.

A :class:`Case` names one input kind and argument combination. ``case.batches()`` draws random
batches; ``reference_stats`` counts ``tp, fp, tn, fn`` with scikit-learn's confusion matrices
(per class, per sample where asked); ``reduce_reference`` turns them into a family's value with
the documented formulas (macro over the classes present, weighted by support, micro sums, ...);
``check_family`` runs the shared harness on a family's class and function against both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import metrics_classification
import metrics_classification.functional as functional
import numpy as np
import torch
from metric_harness import check_metric
from sklearn.metrics import multilabel_confusion_matrix
from torch import Tensor

FAMILIES = {  # family -> (class name suffix, function name suffix)
    "stat_scores": ("StatScores", "stat_scores"),
    "accuracy": ("Accuracy", "accuracy"),
    "precision": ("Precision", "precision"),
    "recall": ("Recall", "recall"),
    "f1": ("F1Score", "f1_score"),
    "fbeta": ("FBetaScore", "fbeta_score"),
    "specificity": ("Specificity", "specificity"),
    "npv": ("NegativePredictiveValue", "negative_predictive_value"),
    "hamming": ("HammingDistance", "hamming_distance"),
}
ZERO_DIVISION_FAMILIES = ("precision", "recall", "f1", "fbeta", "npv")


@dataclasses.dataclass(frozen=True)
class Case:
    """One input kind ("binary", "multiclass", "multilabel") with its arguments."""

    kind: str
    mode: str = "probs"  # "labels", "probs" or "logits"
    average: str | None = "macro"
    multidim_average: str = "global"
    ignore_index: int | None = None
    top_k: int = 1
    extra: tuple[int, ...] = ()
    threshold: float = 0.5
    num_classes: int = 3
    batch_size: int = 8

    def __str__(self) -> str:
        fields = [self.kind, self.mode, str(self.average), self.multidim_average]
        fields += [f"ignore={self.ignore_index}"] * (self.ignore_index is not None)
        fields += [f"top_k={self.top_k}"] * (self.top_k != 1)
        fields += [f"extra={self.extra}"] * bool(self.extra) + [f"threshold={self.threshold}"] * (self.threshold != 0.5)
        return "-".join(fields)

    def arguments(self) -> dict[str, Any]:
        """Constructor/function arguments of the kind's metric (binary takes no average)."""
        args: dict[str, Any] = {"multidim_average": self.multidim_average, "ignore_index": self.ignore_index}
        if self.kind == "binary":
            return {**args, "threshold": self.threshold}
        if self.kind == "multiclass":
            return {**args, "num_classes": self.num_classes, "average": self.average, "top_k": self.top_k}
        return {**args, "num_labels": self.num_classes, "threshold": self.threshold, "average": self.average}

    def batches(self, num_batches: int = 3) -> list[tuple[Tensor, Tensor]]:
        """Random (preds, target) batches; 20% of the targets set to ``ignore_index`` when given."""
        n, c = self.batch_size, self.num_classes
        out = []
        for _ in range(num_batches):
            if self.kind == "multiclass":
                target = torch.randint(0, c, (n, *self.extra))
                if self.mode == "labels":
                    preds = torch.randint(0, c, (n, *self.extra))
                else:
                    preds = torch.randn(n, c, *self.extra) * 3
                    preds = preds.softmax(1) if self.mode == "probs" else preds
            else:
                shape = (n, *self.extra) if self.kind == "binary" else (n, c, *self.extra)
                target = torch.randint(0, 2, shape)
                preds = {
                    "labels": lambda shape=shape: torch.randint(0, 2, shape),
                    "probs": lambda shape=shape: torch.rand(shape),
                    "logits": lambda shape=shape: torch.randn(shape) * 3,
                }[self.mode]()
            if self.ignore_index is not None:
                target = target.masked_fill(torch.rand(target.shape) < 0.2, self.ignore_index)
            out.append((preds, target))
        return out


CASES = [
    Case("binary", "probs"),
    Case("binary", "logits", extra=(2,), ignore_index=-100),
    Case("binary", "labels", multidim_average="samplewise", extra=(3,)),
    Case("binary", "probs", multidim_average="samplewise", extra=(4,), ignore_index=0, threshold=0.3),
    Case("multiclass", "labels", "macro"),
    Case("multiclass", "probs", "micro"),
    Case("multiclass", "logits", "weighted", extra=(2,)),
    Case("multiclass", "logits", None, ignore_index=-100, num_classes=4),
    Case("multiclass", "probs", "macro", ignore_index=0),
    Case("multiclass", "logits", "macro", top_k=2, num_classes=4),
    Case("multiclass", "probs", "none", top_k=2, ignore_index=-100, num_classes=4),
    Case("multiclass", "labels", "macro", "samplewise", extra=(4,)),
    Case("multiclass", "logits", "micro", "samplewise", extra=(3,), top_k=2),
    Case("multiclass", "probs", "weighted", "samplewise", extra=(5,), ignore_index=-100),
    Case("multilabel", "probs", "macro"),
    Case("multilabel", "logits", "micro", extra=(2,)),
    Case("multilabel", "labels", "weighted", ignore_index=-100),
    Case("multilabel", "probs", None, threshold=0.3),
    Case("multilabel", "logits", "macro", "samplewise", extra=(3,)),
    Case("multilabel", "probs", "weighted", "samplewise", extra=(3,), ignore_index=-100),
]


# ----------------------------------------------------------------------------------------- references
def _probabilities(preds: np.ndarray) -> np.ndarray:
    """Sigmoid of the whole batch when any value lies outside [0, 1] (logits)."""
    if preds.min() < 0 or preds.max() > 1:
        return 1 / (1 + np.exp(-preds.astype(np.float64)))
    return preds


def _labels(case: Case, preds: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Predicted labels of a batch: thresholded probabilities, arg-max, or the target when within the top k."""
    if case.kind != "multiclass":
        return (_probabilities(preds) > case.threshold).astype(np.int64) if preds.dtype.kind == "f" else preds
    if preds.ndim == target.ndim:
        return preds
    ranking = np.argsort(-preds, axis=1, kind="stable")
    top = np.take(ranking, np.arange(case.top_k), axis=1)
    hit = (top == np.expand_dims(target, 1)).any(1)
    return np.where(hit, target, ranking.take(0, axis=1))


def _one_vs_rest(target: np.ndarray, preds: np.ndarray, labels: list[int]) -> np.ndarray:
    """(len(labels), 2, 2) tables [[tn, fp], [fn, tp]] of flat labels, with scikit-learn."""
    if target.size == 0:
        return np.zeros((len(labels), 2, 2), dtype=np.int64)
    return multilabel_confusion_matrix(target, preds, labels=labels)


def _tables(case: Case, preds: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Tables [[tn, fp], [fn, tp]]: (2, 2) of flat binary labels, (C, 2, 2) of flat multiclass labels or of
    multilabel rows (M, L), each label counted over its kept entries."""
    keep = np.ones(target.shape, dtype=bool) if case.ignore_index is None else target != case.ignore_index
    if case.kind == "binary":
        return _one_vs_rest(target[keep], preds[keep], [1])[0]
    if case.kind == "multiclass":
        return _one_vs_rest(target[keep], preds[keep], list(range(case.num_classes)))
    columns = zip(target.T, preds.T, keep.T)
    return np.stack([_one_vs_rest(t[k], p[k], [1])[0] for t, p, k in columns])


def _flat(case: Case, x: np.ndarray) -> np.ndarray:
    """A batch (or one sample) as flat labels, or as (M, L) rows of labels for multilabel inputs."""
    if case.kind != "multilabel":
        return x.reshape(-1)
    return np.moveaxis(x, 0 if x.ndim == target_ndim(case) - 1 else 1, -1).reshape(-1, case.num_classes)


def target_ndim(case: Case) -> int:
    """Number of dimensions of a batch's target."""
    return 1 + (case.kind == "multilabel") + len(case.extra)


def reference_stats(case: Case, preds: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, ...]:
    """``tp, fp, tn, fn`` of a batch: scalars/(C,) over everything, (N,)/(N, C) per sample."""
    labels = _labels(case, preds, target)
    if case.multidim_average == "global":
        tables = _tables(case, _flat(case, labels), _flat(case, target))
    else:
        tables = np.stack([_tables(case, _flat(case, p), _flat(case, t)) for p, t in zip(labels, target)])
    return tables[..., 1, 1], tables[..., 0, 1], tables[..., 0, 0], tables[..., 1, 0]


def _divide(num: np.ndarray, denom: np.ndarray, zero_division: float = 0.0) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denom != 0, num / np.where(denom != 0, denom, 1), zero_division)


def _score(family: str, multilabel: bool, tp, fp, tn, fn, zero_division: float, beta: float) -> np.ndarray:
    """The family's score of (arrays of) counts."""
    if family in ("accuracy", "hamming"):
        accuracy = _divide(tp + tn, tp + fp + tn + fn) if multilabel else _divide(tp, tp + fn)
        return accuracy if family == "accuracy" else 1 - accuracy
    if family == "precision":
        return _divide(tp, tp + fp, zero_division)
    if family == "recall":
        return _divide(tp, tp + fn, zero_division)
    if family in ("f1", "fbeta"):
        b2 = beta**2
        return _divide((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp, zero_division)
    if family == "specificity":
        return _divide(tn, tn + fp)
    return _divide(tn, tn + fn, zero_division)  # npv


def _stat_scores_reference(case: Case, tp, fp, tn, fn) -> np.ndarray:
    stats = np.stack([tp, fp, tn, fn, tp + fn], axis=-1)
    average = "binary" if case.kind == "binary" else case.average
    if average in ("binary", None, "none"):
        return stats
    if average == "micro":
        return stats.sum(-2)
    if average == "macro":
        return stats.mean(-2)
    weights = (tp + fn).astype(np.float64)
    # per-sample weights are normalised per sample for multiclass inputs, over all samples for multilabel ones
    per_sample = case.multidim_average == "samplewise" and case.kind == "multiclass"
    with np.errstate(divide="ignore", invalid="ignore"):
        weights = weights / (weights.sum(-1, keepdims=True) if per_sample else weights.sum())
    return (stats * weights[..., None]).sum(-2)


def reduce_reference(
    family: str, case: Case, tp, fp, tn, fn, zero_division: float = 0, beta: float = 1.0
) -> np.ndarray:
    """A family's value of ``tp, fp, tn, fn``: binary, micro (sums), macro (classes present), weighted, none."""
    if family == "stat_scores":
        return _stat_scores_reference(case, tp, fp, tn, fn)
    tp, fp, tn, fn = (np.asarray(x, dtype=np.float64) for x in (tp, fp, tn, fn))
    multilabel = case.kind == "multilabel"
    if case.kind == "binary":
        return _score(family, True, tp, fp, tn, fn, zero_division, beta)  # accuracy counts negatives too
    if case.average == "micro":
        return _score(family, multilabel, tp.sum(-1), fp.sum(-1), tn.sum(-1), fn.sum(-1), zero_division, beta)
    scores = _score(family, multilabel, tp, fp, tn, fn, zero_division, beta)
    if case.average in (None, "none"):
        return scores
    if case.average == "weighted":
        weights = tp + fn
    elif multilabel:
        weights = np.ones_like(scores)
    elif case.top_k > 1 and family in ("accuracy", "precision", "recall", "npv"):
        weights = (tp + fn > 0).astype(np.float64)  # with top_k, a class counts when it has targets
    else:
        weights = (tp + fp + fn > 0).astype(np.float64)  # a class counts when it is predicted or present
    return _divide((weights * scores).sum(-1), weights.sum(-1))


def check_family(
    family: str, case: Case, device: torch.device | None = None, zero_division: float | None = None, beta: float = 1.0
) -> None:
    """Check a family's class (update, forward) and function for ``case`` against the references."""
    class_suffix, function_suffix = FAMILIES[family]
    metric_class = getattr(metrics_classification, case.kind.capitalize() + class_suffix)
    function: Callable[..., Tensor] = getattr(functional, f"{case.kind}_{function_suffix}")
    args = case.arguments()
    if zero_division is not None:
        args["zero_division"] = zero_division
    if family == "fbeta":
        args = {"beta": beta, **args}

    def reference(preds: np.ndarray, target: np.ndarray) -> np.ndarray:
        stats = reference_stats(case, preds, target)
        return reduce_reference(family, case, *stats, zero_division=zero_division or 0, beta=beta)

    check_metric(
        lambda: metric_class(**args),
        case.batches(),
        reference,
        functional=lambda preds, target: function(preds, target, **args),
        device=device,
    )

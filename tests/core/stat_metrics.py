"""Small metrics for the collection and wrapper tests: a stat-score family sharing tp/fp/fn/tn, and an MSE.

Every ``update`` of the family bumps ``StatScores.update_calls``, so tests can count how often
the shared statistics are computed. NumPy references of each metric are given alongside.
"""

from __future__ import annotations

import numpy as np
import torch
from metrics_core import Metric
from torch import Tensor


class StatScores(Metric):
    """Per-class true/false positives/negatives of integer labels in ``[0, num_classes)``."""

    full_state_update = False
    higher_is_better = True
    _update_merges_last = True
    update_calls = 0

    def __init__(self, num_classes: int = 3, **kwargs) -> None:
        super().__init__(**kwargs)
        self.num_classes = num_classes
        for name in ("tp", "fp", "fn", "tn"):
            self.add_state(name, default=torch.zeros(num_classes, dtype=torch.long), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        if preds.shape != target.shape:
            raise ValueError(f"`preds` and `target` must have the same shape, got {preds.shape} and {target.shape}")
        if preds.device != self.device:
            raise ValueError(f"`preds` is on {preds.device} but the states are on {self.device}")
        if bool((target < 0).any() | (target >= self.num_classes).any()):
            raise ValueError(f"`target` must hold labels in [0, {self.num_classes})")
        StatScores.update_calls += 1
        classes = torch.arange(self.num_classes, device=preds.device)
        pred_is = preds.reshape(-1, 1) == classes
        target_is = target.reshape(-1, 1) == classes
        tp = (pred_is & target_is).sum(0)
        fp = (pred_is & ~target_is).sum(0)
        fn = (~pred_is & target_is).sum(0)
        tn = (~pred_is & ~target_is).sum(0)
        self.tp += tp
        self.fp += fp
        self.fn += fn
        self.tn += tn


class Precision(StatScores):
    def compute(self) -> Tensor:
        return _safe_divide(self.tp, self.tp + self.fp)


class Recall(StatScores):
    def compute(self) -> Tensor:
        return _safe_divide(self.tp, self.tp + self.fn)


class Specificity(StatScores):
    def compute(self) -> Tensor:
        return _safe_divide(self.tn, self.tn + self.fp)


class MacroF1(StatScores):
    def compute(self) -> Tensor:
        return _safe_divide(2 * self.tp, 2 * self.tp + self.fp + self.fn).mean()


class Accuracy(StatScores):
    """Micro accuracy; full_state_update=True to exercise the full-state forward inside a group."""

    full_state_update = True

    def compute(self) -> Tensor:
        return _safe_divide(self.tp.sum(), self.tp.sum() + self.fn.sum())


class MeanSquaredError(Metric):
    full_state_update = False
    higher_is_better = False
    _update_merges_last = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.add_state("sum_squared_error", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        sum_squared_error = ((preds.float() - target.float()) ** 2).sum()
        self.sum_squared_error += sum_squared_error
        self.total += target.numel()

    def compute(self) -> Tensor:
        return self.sum_squared_error / self.total


class WeightedMean(Metric):
    """Accepts a ``sample_weight`` keyword, to test keyword routing."""

    full_state_update = False
    higher_is_better = False

    def __init__(self) -> None:
        super().__init__()
        self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("weight_sum", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor, sample_weight: Tensor | None = None) -> None:
        weight = torch.ones_like(preds, dtype=torch.float) if sample_weight is None else sample_weight.float()
        self.total += (preds.float() * weight).sum()
        self.weight_sum += weight.sum()

    def compute(self) -> Tensor:
        return self.total / self.weight_sum


def _safe_divide(num: Tensor, denom: Tensor) -> Tensor:
    return num.float() / denom.clamp(min=1).float()


def np_stat_scores(preds: np.ndarray, target: np.ndarray, num_classes: int = 3) -> dict[str, np.ndarray]:
    classes = np.arange(num_classes)
    pred_is = preds.reshape(-1, 1) == classes
    target_is = target.reshape(-1, 1) == classes
    return {
        "tp": (pred_is & target_is).sum(0),
        "fp": (pred_is & ~target_is).sum(0),
        "fn": (~pred_is & target_is).sum(0),
        "tn": (~pred_is & ~target_is).sum(0),
    }


def np_reference(name: str, preds: np.ndarray, target: np.ndarray, num_classes: int = 3) -> np.ndarray:
    """NumPy value of the metric class called ``name`` on the given labels."""
    s = np_stat_scores(preds, target, num_classes)

    def divide(num, denom):
        return num / np.maximum(denom, 1)

    if name == "Precision":
        return divide(s["tp"], s["tp"] + s["fp"])
    if name == "Recall":
        return divide(s["tp"], s["tp"] + s["fn"])
    if name == "Specificity":
        return divide(s["tn"], s["tn"] + s["fp"])
    if name == "MacroF1":
        return divide(2 * s["tp"], 2 * s["tp"] + s["fp"] + s["fn"]).mean()
    if name == "Accuracy":
        return divide(s["tp"].sum(), s["tp"].sum() + s["fn"].sum())
    if name == "MeanSquaredError":
        return np.mean((preds.astype(float) - target.astype(float)) ** 2)
    raise KeyError(name)

"""Minkowski distance."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.minkowski import (
    _minkowski_distance_arg_validation,
    _minkowski_distance_compute,
    _minkowski_distance_tensor_validation,
    _minkowski_distance_update,
)


class MinkowskiDistance(RegressionMetric):
    """Minkowski distance ``sum(|preds - targets| ** p) ** (1 / p)`` over all elements of all batches.

    Args:
        p: order of the norm, at least 1.

    Example:
        >>> import torch
        >>> metric = MinkowskiDistance(p=3)
        >>> metric(torch.tensor([1.0, 2.0, 3.0, 4.0]), torch.tensor([0.0, 2.0, 5.0, 4.0]))
        tensor(2.0801)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, p: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _minkowski_distance_arg_validation(p)
        self.p = p
        self.add_state("minkowski_dist_sum", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, targets: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, targets, ("preds", "targets"))
        _minkowski_distance_tensor_validation(preds, targets)
        self.minkowski_dist_sum.add_(_minkowski_distance_update(preds, targets, self.p))

    def compute(self) -> Tensor:
        """Minkowski distance over everything seen."""
        return _minkowski_distance_compute(self.minkowski_dist_sum, self.p)

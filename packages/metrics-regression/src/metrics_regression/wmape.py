"""Weighted mean absolute percentage error."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.wmape import (
    _weighted_mean_absolute_percentage_error_compute,
    _weighted_mean_absolute_percentage_error_tensor_validation,
    _weighted_mean_absolute_percentage_error_update,
)


class WeightedMeanAbsolutePercentageError(RegressionMetric):
    """Weighted mean absolute percentage error ``sum(|preds - target|) / sum(|target|)`` over all batches.

    Example:
        >>> import torch
        >>> metric = WeightedMeanAbsolutePercentageError()
        >>> metric(torch.tensor([1.0, 10.0, 5.0]), torch.tensor([2.0, 12.0, 6.0]))
        tensor(0.2000)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_state("sum_abs_error", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("sum_scale", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, target)
        _weighted_mean_absolute_percentage_error_tensor_validation(preds, target)
        sum_abs_error, sum_scale = _weighted_mean_absolute_percentage_error_update(preds, target)
        self.sum_abs_error.add_(sum_abs_error)
        self.sum_scale.add_(sum_scale)

    def compute(self) -> Tensor:
        """Weighted mean absolute percentage error over everything seen."""
        return _weighted_mean_absolute_percentage_error_compute(self.sum_abs_error, self.sum_scale)

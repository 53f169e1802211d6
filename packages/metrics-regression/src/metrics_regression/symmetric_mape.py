"""Symmetric mean absolute percentage error."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.symmetric_mape import (
    _symmetric_mean_absolute_percentage_error_compute,
    _symmetric_mean_absolute_percentage_error_tensor_validation,
    _symmetric_mean_absolute_percentage_error_update,
)


class SymmetricMeanAbsolutePercentageError(RegressionMetric):
    """Symmetric mean absolute percentage error ``mean(2 |preds - target| / (|preds| + |target|))``, in [0, 2].

    Example:
        >>> import torch
        >>> metric = SymmetricMeanAbsolutePercentageError()
        >>> metric(torch.tensor([1.0, 10.0, 1e6]), torch.tensor([0.9, 15.0, 1.2e6]))
        tensor(0.2290)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0
    plot_upper_bound = 2.0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_state("sum_abs_per_error", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, target)
        _symmetric_mean_absolute_percentage_error_tensor_validation(preds, target)
        sum_abs_per_error, num_obs = _symmetric_mean_absolute_percentage_error_update(preds, target)
        self.sum_abs_per_error.add_(sum_abs_per_error)
        self.total.add_(num_obs)

    def compute(self) -> Tensor:
        """Symmetric mean absolute percentage error over everything seen."""
        return _symmetric_mean_absolute_percentage_error_compute(self.sum_abs_per_error, self.total)

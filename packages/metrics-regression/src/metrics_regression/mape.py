"""Mean absolute percentage error."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.mape import (
    _mean_absolute_percentage_error_compute,
    _mean_absolute_percentage_error_tensor_validation,
    _mean_absolute_percentage_error_update,
)


class MeanAbsolutePercentageError(RegressionMetric):
    """Mean absolute percentage error ``mean(|preds - target| / |target|)`` over all batches (a fraction).

    Targets closer to zero than 1.17e-6 count as 1.17e-6.

    Example:
        >>> import torch
        >>> metric = MeanAbsolutePercentageError()
        >>> metric(torch.tensor([1.0, 10.0, 1e6]), torch.tensor([0.9, 15.0, 1.2e6]))
        tensor(0.2037)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_state("sum_abs_per_error", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, target)
        _mean_absolute_percentage_error_tensor_validation(preds, target)
        sum_abs_per_error, num_obs = _mean_absolute_percentage_error_update(preds, target)
        self.sum_abs_per_error.add_(sum_abs_per_error)
        self.total.add_(num_obs)

    def compute(self) -> Tensor:
        """Mean absolute percentage error over everything seen."""
        return _mean_absolute_percentage_error_compute(self.sum_abs_per_error, self.total)

"""Mean squared logarithmic error."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.log_mse import (
    _mean_squared_log_error_compute,
    _mean_squared_log_error_tensor_validation,
    _mean_squared_log_error_update,
)


class MeanSquaredLogError(RegressionMetric):
    """Mean squared logarithmic error ``mean((log(1 + preds) - log(1 + target)) ** 2)`` over all batches.

    Args:
        validate_args: raise a ``ValueError`` for values at or below -1 (costs a device sync per batch).

    Example:
        >>> import torch
        >>> metric = MeanSquaredLogError()
        >>> metric(torch.tensor([2.5, 5.0, 4.0, 8.0]), torch.tensor([3.0, 5.0, 2.5, 7.0]))
        tensor(0.0397)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, validate_args: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validate_args = validate_args
        self.add_state("sum_squared_log_error", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, target)
        _mean_squared_log_error_tensor_validation(preds, target, self.validate_args)
        sum_squared_log_error, num_obs = _mean_squared_log_error_update(preds, target)
        self.sum_squared_log_error.add_(sum_squared_log_error)
        self.total.add_(num_obs)

    def compute(self) -> Tensor:
        """Mean squared log error over everything seen."""
        return _mean_squared_log_error_compute(self.sum_squared_log_error, self.total)

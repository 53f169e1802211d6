"""Mean absolute error."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.mae import (
    _mean_absolute_error_arg_validation,
    _mean_absolute_error_compute,
    _mean_absolute_error_tensor_validation,
    _mean_absolute_error_update,
)


class MeanAbsoluteError(RegressionMetric):
    """Mean absolute error over all batches.

    Args:
        num_outputs: number of outputs (columns of ``(N, num_outputs)`` inputs), each scored on its own.

    Example:
        >>> import torch
        >>> metric = MeanAbsoluteError()
        >>> metric(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.5000)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, num_outputs: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _mean_absolute_error_arg_validation(num_outputs)
        self.num_outputs = num_outputs
        self.add_state("sum_abs_error", default=torch.zeros(num_outputs), dist_reduce_fx="sum")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, target)
        _mean_absolute_error_tensor_validation(preds, target, self.num_outputs)
        sum_abs_error, num_obs = _mean_absolute_error_update(preds, target, self.num_outputs)
        self.sum_abs_error.add_(sum_abs_error)
        self.total.add_(num_obs)

    def compute(self) -> Tensor:
        """Mean absolute error over everything seen."""
        return _mean_absolute_error_compute(self.sum_abs_error, self.total)

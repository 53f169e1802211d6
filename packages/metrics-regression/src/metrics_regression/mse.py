"""Mean squared error."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.mse import (
    _mean_squared_error_arg_validation,
    _mean_squared_error_compute,
    _mean_squared_error_tensor_validation,
    _mean_squared_error_update,
)


class MeanSquaredError(RegressionMetric):
    """Mean squared error over all batches, or its root with ``squared=False``.

    Args:
        squared: ``False`` gives the root mean squared error.
        num_outputs: number of outputs (columns of ``(N, num_outputs)`` inputs), each scored on its own.

    Example:
        >>> import torch
        >>> metric = MeanSquaredError()
        >>> metric(torch.tensor([2.5, 0.0, 2.0]), torch.tensor([3.0, -0.5, 2.0]))
        tensor(0.1667)
        >>> metric(torch.tensor([8.0]), torch.tensor([7.0]))
        tensor(1.)
        >>> metric.compute()
        tensor(0.3750)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, squared: bool = True, num_outputs: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _mean_squared_error_arg_validation(squared, num_outputs)
        self.squared = squared
        self.num_outputs = num_outputs
        self.add_state("sum_squared_error", default=torch.zeros(num_outputs), dist_reduce_fx="sum")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, target)
        _mean_squared_error_tensor_validation(preds, target, self.num_outputs)
        sum_squared_error, num_obs = _mean_squared_error_update(preds, target, self.num_outputs)
        self.sum_squared_error.add_(sum_squared_error)
        self.total.add_(num_obs)

    def compute(self) -> Tensor:
        """Mean squared error (or its root) over everything seen."""
        return _mean_squared_error_compute(self.sum_squared_error, self.total, self.squared)

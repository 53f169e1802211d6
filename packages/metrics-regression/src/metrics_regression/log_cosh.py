"""Log-cosh error."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.log_cosh import (
    _log_cosh_error_arg_validation,
    _log_cosh_error_compute,
    _log_cosh_error_tensor_validation,
    _log_cosh_error_update,
)


class LogCoshError(RegressionMetric):
    """Mean of ``log(cosh(preds - target))`` over all batches, per output.

    Args:
        num_outputs: number of outputs (columns of ``(N, num_outputs)`` inputs), each scored on its own.

    Example:
        >>> import torch
        >>> metric = LogCoshError()
        >>> metric(torch.tensor([3.0, 5.0, 2.5, 7.0]), torch.tensor([2.5, 5.0, 4.0, 8.0]))
        tensor(0.3523)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, num_outputs: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _log_cosh_error_arg_validation(num_outputs)
        self.num_outputs = num_outputs
        self.add_state("sum_log_cosh_error", default=torch.zeros(num_outputs), dist_reduce_fx="sum")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, target)
        _log_cosh_error_tensor_validation(preds, target, self.num_outputs)
        sum_log_cosh_error, num_obs = _log_cosh_error_update(preds, target)
        self.sum_log_cosh_error.add_(sum_log_cosh_error)
        self.total.add_(num_obs)

    def compute(self) -> Tensor:
        """Mean log-cosh error over everything seen."""
        return _log_cosh_error_compute(self.sum_log_cosh_error, self.total)

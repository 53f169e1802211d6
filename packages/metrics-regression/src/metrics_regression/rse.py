"""Relative squared error."""

from __future__ import annotations

from typing import Any

from torch import Tensor

from metrics_regression.base import InferredOutputsMetric
from metrics_regression.functional.checks import _check_num_outputs, _check_num_outputs_arg
from metrics_regression.functional.rse import (
    _relative_squared_error_compute,
    _relative_squared_error_tensor_validation,
)


class RelativeSquaredError(InferredOutputsMetric):
    """Relative squared error ``sum((target - preds)^2) / sum((target - mean(target))^2)`` over all batches.

    Averaged over outputs; the state is the streaming co-moments of targets and residuals.

    Args:
        num_outputs: number of outputs: inputs are ``(N,)`` or ``(N, 1)`` for one, ``(N, num_outputs)`` for several.
        squared: ``False`` gives the root relative squared error.

    Example:
        >>> import torch
        >>> metric = RelativeSquaredError()
        >>> metric(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.0514)
    """

    is_differentiable = True
    higher_is_better = False

    def __init__(self, num_outputs: int = 1, squared: bool = True, **kwargs: Any) -> None:
        _check_num_outputs_arg(num_outputs)
        super().__init__(**kwargs)
        self.num_outputs = num_outputs
        self.squared = squared

    def _validate(self, preds: Tensor, target: Tensor) -> None:
        _relative_squared_error_tensor_validation(preds, target)
        _check_num_outputs(preds, self.num_outputs)

    def _columns(self, preds: Tensor, target: Tensor) -> tuple[Tensor, ...]:
        return target, target - preds

    def compute(self) -> Tensor:
        """Relative squared error over everything seen."""
        return _relative_squared_error_compute(self.moments, self.squared, self._result_dtype())

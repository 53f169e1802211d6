"""Normalized root mean squared error."""

from __future__ import annotations

from typing import Any

from torch import Tensor

from metrics_regression.base import MomentsMetric
from metrics_regression.functional.nrmse import (
    _normalized_root_mean_squared_error_arg_validation,
    _normalized_root_mean_squared_error_compute,
    _normalized_root_mean_squared_error_format,
    _normalized_root_mean_squared_error_tensor_validation,
)


class NormalizedRootMeanSquaredError(MomentsMetric):
    """Root mean squared error over all batches, divided by the targets' mean, range, std or L2 norm.

    The state is the streaming co-moments (and range) of targets and errors, merged with a
    numerically stable formula.

    Args:
        normalization: ``"mean"``, ``"range"``, ``"std"`` or ``"l2"``.
        num_outputs: number of outputs (columns of ``(N, num_outputs)`` inputs), each scored on its own.

    Example:
        >>> import torch
        >>> metric = NormalizedRootMeanSquaredError(normalization="range")
        >>> metric(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.0816)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, normalization: str = "mean", num_outputs: int = 1, **kwargs: Any) -> None:
        _normalized_root_mean_squared_error_arg_validation(normalization, num_outputs)
        super().__init__(num_outputs, **kwargs)
        self.normalization = normalization
        self.num_outputs = num_outputs
        self._track_range = normalization == "range"

    def _validate(self, preds: Tensor, target: Tensor) -> None:
        _normalized_root_mean_squared_error_tensor_validation(preds, target, self.num_outputs)

    def _columns(self, preds: Tensor, target: Tensor) -> tuple[Tensor, ...]:
        return _normalized_root_mean_squared_error_format(preds, target, self.num_outputs)

    def compute(self) -> Tensor:
        """Normalized RMSE over everything seen."""
        follow_input = self._input_is_2d and self.normalization in ("mean", "range")
        return _normalized_root_mean_squared_error_compute(
            self.moments, self.normalization, self._result_dtype(follow_input)
        )

"""Pearson correlation coefficient."""

from __future__ import annotations

from typing import Any

from torch import Tensor

from metrics_regression.base import MomentsMetric
from metrics_regression.functional.pearson import (
    _pearson_corrcoef_arg_validation,
    _pearson_corrcoef_compute,
    _pearson_corrcoef_tensor_validation,
)


class PearsonCorrCoef(MomentsMetric):
    """Pearson correlation coefficient between predictions and targets over all batches, per output.

    The state is the streaming co-moments of predictions and targets (constant memory), merged
    with a numerically stable formula, so data far from zero (e.g. around 1e6 in float32) is fine.

    Args:
        num_outputs: number of outputs (columns of ``(N, num_outputs)`` inputs), each scored on its own.

    Example:
        >>> import torch
        >>> metric = PearsonCorrCoef()
        >>> metric(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.9849)
    """

    is_differentiable = True
    higher_is_better = None
    plot_lower_bound = -1.0
    plot_upper_bound = 1.0
    _track_range = True

    def __init__(self, num_outputs: int = 1, **kwargs: Any) -> None:
        _pearson_corrcoef_arg_validation(num_outputs)
        super().__init__(num_outputs, **kwargs)
        self.num_outputs = num_outputs

    def _validate(self, preds: Tensor, target: Tensor) -> None:
        _pearson_corrcoef_tensor_validation(preds, target, self.num_outputs)

    def compute(self) -> Tensor:
        """Pearson correlation over everything seen."""
        return _pearson_corrcoef_compute(self.moments, self._result_dtype(follow_input=self._input_is_2d))

"""Spearman rank correlation coefficient."""

from __future__ import annotations

import warnings
from typing import Any

from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.spearman import (
    _spearman_corrcoef_arg_validation,
    _spearman_corrcoef_compute,
    _spearman_corrcoef_tensor_validation,
)


class SpearmanCorrCoef(RegressionMetric):
    """Spearman rank correlation coefficient between predictions and targets over all batches, per output.

    Ranks need every sample, so the states keep all predictions and targets (lists).

    Args:
        num_outputs: number of outputs (columns of ``(N, num_outputs)`` inputs), each scored on its own.

    Example:
        >>> import torch
        >>> metric = SpearmanCorrCoef()
        >>> metric(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(1.0000)
    """

    is_differentiable = False
    higher_is_better = True
    plot_lower_bound = -1.0
    plot_upper_bound = 1.0

    def __init__(self, num_outputs: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        warnings.warn(
            "Metric `SpearmanCorrcoef` will save all targets and predictions in the buffer:"
            " memory grows with the number of samples seen.",
            UserWarning,
            stacklevel=2,
        )
        _spearman_corrcoef_arg_validation(num_outputs)
        self.num_outputs = num_outputs
        self.add_state("preds", default=[], dist_reduce_fx="cat")
        self.add_state("target", default=[], dist_reduce_fx="cat")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, target)
        _spearman_corrcoef_tensor_validation(preds, target, self.num_outputs)
        self.preds.append(preds.to(self._dtype))
        self.target.append(target.to(self._dtype))

    def compute(self) -> Tensor:
        """Spearman correlation over everything seen."""
        return _spearman_corrcoef_compute(dim_zero_cat(self.preds), dim_zero_cat(self.target))

"""Continuous ranked probability score."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.crps import _crps_compute, _crps_tensor_validation, _crps_update


class ContinuousRankedProbabilityScore(RegressionMetric):
    """Continuous ranked probability score of ensemble forecasts, averaged over all samples (lower is better).

    ``update(preds, target)`` takes ``preds`` of shape ``(N, M)`` (``M >= 2`` ensemble members) and
    ``target`` of shape ``(N,)``.

    Example:
        >>> import torch
        >>> metric = ContinuousRankedProbabilityScore()
        >>> preds = torch.tensor([[0.0, 1.0, 2.0], [1.0, 1.5, 3.0]])
        >>> metric(preds, torch.tensor([1.0, 2.5]))
        tensor(0.3889)
    """

    is_differentiable = False
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_state("score", default=torch.zeros(1), dist_reduce_fx="sum")
        self.add_state("total", default=torch.zeros(1), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of ensemble forecasts and observations."""
        self._check_device(preds, target)
        _crps_tensor_validation(preds, target)
        score, total = _crps_update(preds, target)
        self.score.add_(score)
        self.total.add_(total)

    def compute(self) -> Tensor:
        """Mean CRPS over everything seen."""
        return _crps_compute(self.score, self.total)

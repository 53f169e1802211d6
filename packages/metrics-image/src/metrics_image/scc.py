"""Spatial correlation coefficient (SCC)."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_image.base import ImageMetric
from metrics_image.functional.scc import (
    _laplacian_filter,
    _scc_arg_validation,
    _scc_format,
    _scc_tensor_validation,
    _scc_update,
)


class SpatialCorrelationCoefficient(ImageMetric):
    """Spatial correlation coefficient (SCC) of ``(N, C, H, W)`` or ``(N, H, W)`` images, averaged over images.

    Args:
        high_pass_filter: 2D high-pass filter (default: the 3x3 Laplacian).
        window_size: side of the square window of the local correlation.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> target = torch.rand(2, 3, 16, 16)
        >>> metric = SpatialCorrelationCoefficient()
        >>> metric(target + 0.1 * torch.rand(2, 3, 16, 16), target)
        tensor(0.9952)
    """

    is_differentiable = True
    higher_is_better = True

    def __init__(self, high_pass_filter: Tensor | None = None, window_size: int = 8, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _scc_arg_validation(high_pass_filter, window_size)
        self.hp_filter = _laplacian_filter() if high_pass_filter is None else high_pass_filter
        self.ws = window_size
        self.add_state("scc_score", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the SCC of each image of the batch."""
        _scc_tensor_validation(preds, target, self.ws)
        self._check_devices(preds=preds, target=target)
        preds, target = _scc_format(preds, target)
        scores = _scc_update(preds, target, self.hp_filter, self.ws)
        self.scc_score += scores.sum()
        self.total += preds.shape[0]

    def compute(self) -> Tensor:
        """Mean SCC over all images seen."""
        return self.scc_score / self.total

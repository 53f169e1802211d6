"""Relative average spectral error (RASE)."""

from __future__ import annotations

from typing import Any

import torch
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_image.base import ImageMetric
from metrics_image.functional.checks import _check_positive_int
from metrics_image.functional.rase import _rase_compute, _rase_update
from metrics_image.functional.rmse_sw import _rmse_sw_tensor_validation


class RelativeAverageSpectralError(ImageMetric):
    """Relative average spectral error (RASE) of ``(N, C, H, W)`` multispectral images.

    Each batch adds its summed RMSE map and local target means (one ``(C, H, W)`` pair per
    batch), not its images.

    Args:
        window_size: side of the sliding window.

    Example:
        >>> import torch
        >>> target = torch.linspace(0.5, 1, 2 * 3 * 16 * 16).reshape(2, 3, 16, 16)
        >>> metric = RelativeAverageSpectralError()
        >>> metric(0.9 * target, target)
        tensor(642.7377)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, window_size: int = 8, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _check_positive_int(window_size, "window_size")
        self.window_size = window_size
        self.add_state("rmse_map_sum", default=[], dist_reduce_fx="cat")
        self.add_state("target_sum", default=[], dist_reduce_fx="cat")
        self.add_state("total_images", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the RMSE maps and local target means of a batch, summed over its images."""
        _rmse_sw_tensor_validation(preds, target, self.window_size)
        self._check_devices(preds=preds, target=target)
        rmse_map_sum, target_sum = _rase_update(preds, target, self.window_size)
        self.rmse_map_sum.append(rmse_map_sum.unsqueeze(0))
        self.target_sum.append(target_sum.unsqueeze(0))
        self.total_images += preds.shape[0]

    def compute(self) -> Tensor:
        """RASE over all images seen."""
        rmse_map_sum = dim_zero_cat(self.rmse_map_sum).sum(0)
        target_sum = dim_zero_cat(self.target_sum).sum(0)
        return _rase_compute(rmse_map_sum, target_sum, self.total_images, self.window_size)

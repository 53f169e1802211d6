"""Root mean squared error over a sliding window (RMSE-SW)."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_image.base import ImageMetric
from metrics_image.functional.checks import _check_positive_int
from metrics_image.functional.rmse_sw import _rmse_sw_tensor_validation, _rmse_sw_update


class RootMeanSquaredErrorUsingSlidingWindow(ImageMetric):
    """RMSE of ``(N, C, H, W)`` images over sliding windows, averaged away from the border and over images.

    Args:
        window_size: side of the square window.

    Example:
        >>> import torch
        >>> target = torch.linspace(0, 1, 2 * 3 * 16 * 16).reshape(2, 3, 16, 16)
        >>> metric = RootMeanSquaredErrorUsingSlidingWindow()
        >>> metric(0.9 * target, target)
        tensor(0.0496)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, window_size: int = 8, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _check_positive_int(window_size, "window_size")
        self.window_size = window_size
        self.add_state("rmse_val_sum", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("total_images", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the mean windowed RMSE of each image of the batch."""
        _rmse_sw_tensor_validation(preds, target, self.window_size)
        self._check_devices(preds=preds, target=target)
        _, rmse_val_sum = _rmse_sw_update(preds, target, self.window_size)
        self.rmse_val_sum += rmse_val_sum
        self.total_images += preds.shape[0]

    def compute(self) -> Tensor:
        """Mean windowed RMSE over all images seen."""
        return self.rmse_val_sum / self.total_images

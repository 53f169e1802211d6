"""Universal image quality index (UQI)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_image.base import ImageMetric
from metrics_image.functional.checks import Reduction
from metrics_image.functional.uqi import _uqi_arg_validation, _uqi_tensor_validation, _uqi_update


class UniversalImageQualityIndex(ImageMetric):
    """Universal image quality index (UQI) of ``(N, C, H, W)`` images, over Gaussian windows.

    With ``reduction="none"`` the index maps of all images are kept and concatenated; otherwise
    only their sum and size.

    Args:
        kernel_size: size of the Gaussian window (height, width).
        sigma: standard deviation of the Gaussian (height, width).
        reduction: ``"elementwise_mean"``, ``"sum"``, or ``"none"``/``None`` for the index maps.

    Example:
        >>> import torch
        >>> preds = torch.linspace(0, 1, 2 * 3 * 16 * 16).reshape(2, 3, 16, 16)
        >>> metric = UniversalImageQualityIndex()
        >>> metric(preds, preds.flip(-1))
        tensor(0.9883)
    """

    is_differentiable = True
    higher_is_better = True
    plot_lower_bound = 0.0
    plot_upper_bound = 1.0

    def __init__(
        self,
        kernel_size: Sequence[int] = (11, 11),
        sigma: Sequence[float] = (1.5, 1.5),
        reduction: Reduction = "elementwise_mean",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        _uqi_arg_validation(kernel_size, sigma, reduction)
        self.kernel_size = kernel_size
        self.sigma = sigma
        self.reduction = reduction
        if reduction in ("elementwise_mean", "sum"):
            self.add_state("sum_uqi", default=torch.tensor(0.0), dist_reduce_fx="sum")
            self.add_state("numel", default=torch.tensor(0), dist_reduce_fx="sum")
        else:
            self.add_state("uqi_map", default=[], dist_reduce_fx="cat")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the index map of a batch (its sum and its size, unless ``reduction`` keeps the maps)."""
        _uqi_tensor_validation(preds, target, self.kernel_size)
        self._check_devices(preds=preds, target=target)
        index = _uqi_update(preds, target, self.kernel_size, self.sigma)
        if self.reduction not in ("elementwise_mean", "sum"):
            self.uqi_map.append(index)
            return
        batch, channels, height, width = preds.shape
        # The size of the valid part of the map, as TorchMetrics counts it.
        self.sum_uqi += index.sum()
        self.numel += batch * channels * (height - self.kernel_size[0] + 1) * (width - self.kernel_size[1] + 1)

    def compute(self) -> Tensor:
        """UQI over all images seen (the concatenated index maps for ``reduction="none"``)."""
        if self.reduction == "elementwise_mean":
            return self.sum_uqi / self.numel
        if self.reduction == "sum":
            return self.sum_uqi
        return dim_zero_cat(self.uqi_map)

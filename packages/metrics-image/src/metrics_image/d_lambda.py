"""Spectral distortion index (D_lambda)."""

from __future__ import annotations

import math
from typing import Any

import torch
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_image.base import ImageMetric
from metrics_image.functional.checks import CLASS_REDUCTIONS, Reduction, _check_reduction
from metrics_image.functional.d_lambda import (
    _spectral_distortion_index_arg_validation,
    _spectral_distortion_index_compute,
    _spectral_distortion_index_tensor_validation,
    _spectral_distortion_index_update,
)


def _channels_of_pairs(pairs: int) -> int:
    """The number of bands ``C`` with ``C * (C - 1) / 2`` pairs."""
    return round((1 + math.sqrt(1 + 8 * pairs)) / 2)


class SpectralDistortionIndex(ImageMetric):
    """Spectral distortion index (D_lambda) of ``(N, C, H, W)`` images: UQI between bands, before and after.

    Each batch adds its band-pair similarities summed over images, not its images.

    Args:
        p: order of the norm over the band-pair differences.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None``.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> target = torch.rand(2, 3, 16, 16)
        >>> metric = SpectralDistortionIndex()
        >>> metric(target.sqrt(), target)
        tensor(0.0167)
    """

    is_differentiable = True
    higher_is_better = True
    plot_lower_bound = 0.0
    plot_upper_bound = 1.0

    def __init__(self, p: int = 1, reduction: Reduction = "elementwise_mean", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _spectral_distortion_index_arg_validation(p, reduction)
        _check_reduction(reduction, CLASS_REDUCTIONS)
        self.p = p
        self.reduction = reduction
        self.add_state("preds_similarity", default=[], dist_reduce_fx="cat")
        self.add_state("target_similarity", default=[], dist_reduce_fx="cat")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the band-pair similarities of the batch's fused and multispectral images."""
        _spectral_distortion_index_tensor_validation(preds, target)
        self._check_devices(preds=preds, target=target)
        preds_sum, target_sum = _spectral_distortion_index_update(preds, target)
        self.preds_similarity.append(preds_sum.unsqueeze(0))
        self.target_similarity.append(target_sum.unsqueeze(0))
        self.total += preds.shape[0]

    def compute(self) -> Tensor:
        """D_lambda over all images seen."""
        preds_sum = dim_zero_cat(self.preds_similarity).sum(0)
        target_sum = dim_zero_cat(self.target_similarity).sum(0)
        channels = _channels_of_pairs(preds_sum.numel())
        return _spectral_distortion_index_compute(preds_sum, target_sum, self.total, channels, self.p, self.reduction)

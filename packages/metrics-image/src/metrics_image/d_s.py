"""Spatial distortion index (D_s)."""

from __future__ import annotations

from typing import Any

import torch
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_image.base import ImageMetric
from metrics_image.functional.checks import CLASS_REDUCTIONS, Reduction, _check_reduction
from metrics_image.functional.d_s import (
    _spatial_distortion_index_arg_validation,
    _spatial_distortion_index_compute,
    _spatial_distortion_index_tensor_validation,
    _spatial_distortion_index_update,
    _split_target,
)


class SpatialDistortionIndex(ImageMetric):
    """Spatial distortion index (D_s) of pan-sharpened ``(N, C, H, W)`` images.

    ``update(preds, target)`` takes ``target`` as a dict: ``ms`` (low-resolution multispectral
    images), ``pan`` (panchromatic images as large as ``preds``) and optionally ``pan_lr``.
    Each batch adds its per-band similarities summed over images, not its images.

    Args:
        norm_order: order of the norm over the bands.
        window_size: window of the smoothing that degrades ``pan`` when ``pan_lr`` is not given.
        reduction: ``"elementwise_mean"``, ``"sum"``, or ``"none"``/``None`` for one value per band.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> preds, pan = torch.rand(2, 3, 32, 32), torch.rand(2, 3, 32, 32)
        >>> metric = SpatialDistortionIndex()
        >>> metric(preds, {"ms": torch.rand(2, 3, 16, 16), "pan": pan})
        tensor(0.0207)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0
    plot_upper_bound = 1.0

    def __init__(
        self, norm_order: int = 1, window_size: int = 7, reduction: Reduction = "elementwise_mean", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        _spatial_distortion_index_arg_validation(norm_order, window_size, reduction)
        _check_reduction(reduction, CLASS_REDUCTIONS)
        self.norm_order = norm_order
        self.window_size = window_size
        self.reduction = reduction
        self.add_state("preds_similarity", default=[], dist_reduce_fx="cat")
        self.add_state("ms_similarity", default=[], dist_reduce_fx="cat")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: dict[str, Tensor]) -> None:
        """Add the per-band similarities of the batch: ``preds`` with ``pan``, ``ms`` with the degraded ``pan``."""
        ms, pan, pan_lr = _split_target(target)
        _spatial_distortion_index_tensor_validation(preds, ms, pan, pan_lr, self.window_size)
        self._check_devices(preds=preds, ms=ms, pan=pan, pan_lr=pan_lr)
        preds_sum, ms_sum = _spatial_distortion_index_update(preds, ms, pan, pan_lr, self.window_size)
        self.preds_similarity.append(preds_sum.unsqueeze(0))
        self.ms_similarity.append(ms_sum.unsqueeze(0))
        self.total += preds.shape[0]

    def compute(self) -> Tensor:
        """D_s over all images seen."""
        preds_sum = dim_zero_cat(self.preds_similarity).sum(0)
        ms_sum = dim_zero_cat(self.ms_similarity).sum(0)
        return _spatial_distortion_index_compute(preds_sum, ms_sum, self.total, self.norm_order, self.reduction)

"""Quality with no reference (QNR)."""

from __future__ import annotations

from typing import Any

import torch
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_image.base import ImageMetric
from metrics_image.d_lambda import _channels_of_pairs
from metrics_image.functional.checks import CLASS_REDUCTIONS, Reduction, _check_reduction
from metrics_image.functional.d_lambda import _spectral_distortion_index_compute, _spectral_distortion_index_update
from metrics_image.functional.d_s import (
    _spatial_distortion_index_compute,
    _spatial_distortion_index_update,
    _split_target,
)
from metrics_image.functional.qnr import (
    _quality_with_no_reference_arg_validation,
    _quality_with_no_reference_compute,
    _quality_with_no_reference_tensor_validation,
)


class QualityWithNoReference(ImageMetric):
    """Quality with no reference (QNR) of pan-sharpened images: ``(1 - D_lambda) ** alpha * (1 - D_s) ** beta``.

    ``update(preds, target)`` takes ``target`` as a dict with ``ms``, ``pan`` and optionally
    ``pan_lr``, as :class:`SpatialDistortionIndex` does.

    Args:
        alpha: weight of the spectral distortion.
        beta: weight of the spatial distortion.
        norm_order: order of the norms of both distortions.
        window_size: window of the smoothing that degrades ``pan``.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None``.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> preds, pan = torch.rand(2, 3, 32, 32), torch.rand(2, 3, 32, 32)
        >>> metric = QualityWithNoReference()
        >>> metric(preds, {"ms": torch.rand(2, 3, 16, 16), "pan": pan})
        tensor(0.8996)
    """

    is_differentiable = True
    higher_is_better = True
    plot_lower_bound = 0.0
    plot_upper_bound = 1.0

    def __init__(
        self,
        alpha: float = 1,
        beta: float = 1,
        norm_order: int = 1,
        window_size: int = 7,
        reduction: Reduction = "elementwise_mean",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        _quality_with_no_reference_arg_validation(alpha, beta, norm_order, window_size, reduction)
        _check_reduction(reduction, CLASS_REDUCTIONS)
        self.alpha = alpha
        self.beta = beta
        self.norm_order = norm_order
        self.window_size = window_size
        self.reduction = reduction
        for name in ("band_pairs_preds", "band_pairs_ms", "pan_preds", "pan_ms"):
            self.add_state(name, default=[], dist_reduce_fx="cat")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: dict[str, Tensor]) -> None:
        """Add the similarities behind both distortions, summed over the images of the batch."""
        ms, pan, pan_lr = _split_target(target)
        _quality_with_no_reference_tensor_validation(preds, ms, pan, pan_lr, self.window_size)
        self._check_devices(preds=preds, ms=ms, pan=pan, pan_lr=pan_lr)
        pairs_preds, pairs_ms = _spectral_distortion_index_update(preds, ms)
        pan_preds, pan_ms = _spatial_distortion_index_update(preds, ms, pan, pan_lr, self.window_size)
        self.band_pairs_preds.append(pairs_preds.unsqueeze(0))
        self.band_pairs_ms.append(pairs_ms.unsqueeze(0))
        self.pan_preds.append(pan_preds.unsqueeze(0))
        self.pan_ms.append(pan_ms.unsqueeze(0))
        self.total += preds.shape[0]

    def compute(self) -> Tensor:
        """QNR over all images seen."""
        pairs_preds = dim_zero_cat(self.band_pairs_preds).sum(0)
        pairs_ms = dim_zero_cat(self.band_pairs_ms).sum(0)
        d_lambda = _spectral_distortion_index_compute(
            pairs_preds, pairs_ms, self.total, _channels_of_pairs(pairs_preds.numel()), self.norm_order, self.reduction
        )
        d_s = _spatial_distortion_index_compute(
            dim_zero_cat(self.pan_preds).sum(0),
            dim_zero_cat(self.pan_ms).sum(0),
            self.total,
            self.norm_order,
            self.reduction,
        )
        return _quality_with_no_reference_compute(d_lambda, d_s, self.alpha, self.beta)

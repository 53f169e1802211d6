"""Quality with no reference (QNR): spectral and spatial distortion combined, for pan-sharpening."""

from __future__ import annotations

from torch import Tensor

from metrics_image.functional.checks import Reduction
from metrics_image.functional.d_lambda import (
    _spectral_distortion_index_compute,
    _spectral_distortion_index_tensor_validation,
    _spectral_distortion_index_update,
)
from metrics_image.functional.d_s import (
    _spatial_distortion_index_arg_validation,
    _spatial_distortion_index_compute,
    _spatial_distortion_index_tensor_validation,
    _spatial_distortion_index_update,
)


def _quality_with_no_reference_arg_validation(
    alpha: float, beta: float, norm_order: int, window_size: int, reduction: Reduction
) -> None:
    for name, value in (("alpha", alpha), ("beta", beta)):
        if not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"Argument `{name}` must be a non-negative number, got {value!r}")
    _spatial_distortion_index_arg_validation(norm_order, window_size, reduction)


def _quality_with_no_reference_tensor_validation(
    preds: Tensor, ms: Tensor, pan: Tensor, pan_lr: Tensor | None, window_size: int
) -> None:
    _spectral_distortion_index_tensor_validation(preds, ms)
    _spatial_distortion_index_tensor_validation(preds, ms, pan, pan_lr, window_size)


def _quality_with_no_reference_compute(d_lambda: Tensor, d_s: Tensor, alpha: float, beta: float) -> Tensor:
    return (1 - d_lambda) ** alpha * (1 - d_s) ** beta


def quality_with_no_reference(
    preds: Tensor,
    ms: Tensor,
    pan: Tensor,
    pan_lr: Tensor | None = None,
    alpha: float = 1,
    beta: float = 1,
    norm_order: int = 1,
    window_size: int = 7,
    reduction: Reduction = "elementwise_mean",
) -> Tensor:
    """Quality with no reference (QNR) of pan-sharpened images: ``(1 - D_lambda) ** alpha * (1 - D_s) ** beta``.

    Args:
        preds: the pan-sharpened ``(N, C, H, W)`` images.
        ms: the low-resolution multispectral images.
        pan: the high-resolution panchromatic images.
        pan_lr: ``pan`` at the resolution of ``ms`` (default: derived from ``pan``).
        alpha: weight of the spectral distortion.
        beta: weight of the spatial distortion.
        norm_order: order of the norms of both distortions.
        window_size: window of the smoothing that degrades ``pan``.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None``.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> preds, pan = torch.rand(2, 3, 32, 32), torch.rand(2, 3, 32, 32)
        >>> ms = torch.rand(2, 3, 16, 16)
        >>> quality_with_no_reference(preds, ms, pan)
        tensor(0.8996)
    """
    _quality_with_no_reference_arg_validation(alpha, beta, norm_order, window_size, reduction)
    _quality_with_no_reference_tensor_validation(preds, ms, pan, pan_lr, window_size)
    total, channels = preds.shape[0], preds.shape[1]
    d_lambda = _spectral_distortion_index_compute(
        *_spectral_distortion_index_update(preds, ms), total, channels, norm_order, reduction
    )
    d_s = _spatial_distortion_index_compute(
        *_spatial_distortion_index_update(preds, ms, pan, pan_lr, window_size), total, norm_order, reduction
    )
    return _quality_with_no_reference_compute(d_lambda, d_s, alpha, beta)

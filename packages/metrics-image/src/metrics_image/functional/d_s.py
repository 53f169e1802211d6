"""Spatial distortion index (D_s): how pan-sharpening changed the similarity of each band to the panchromatic image."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from metrics_image.functional.checks import (
    Reduction,
    _check_ndim,
    _check_positive_int,
    _check_reduction,
    _check_same_dtype,
    _check_tensors,
    _reduce,
)
from metrics_image.functional.filters import uniform_filter_2d
from metrics_image.functional.uqi import _uqi_tensor_validation, _uqi_update


def _spatial_distortion_index_arg_validation(norm_order: int, window_size: int, reduction: Reduction) -> None:
    _check_positive_int(norm_order, "norm_order")
    _check_positive_int(window_size, "window_size")
    _check_reduction(reduction)


def _spatial_distortion_index_tensor_validation(
    preds: Tensor, ms: Tensor, pan: Tensor, pan_lr: Tensor | None = None, window_size: int = 7
) -> None:
    """Shapes ``(N, C, H, W)``: ``pan`` as large as ``preds``, ``ms`` (and ``pan_lr``) dividing that size."""
    _check_tensors(preds=preds, ms=ms, pan=pan, **({} if pan_lr is None else {"pan_lr": pan_lr}))
    others = {"ms": ms, "pan": pan, **({} if pan_lr is None else {"pan_lr": pan_lr})}
    for name, image in {"preds": preds, **others}.items():
        _check_ndim(image, (4,), name, "(N, C, H, W)")
    for name, image in others.items():
        _check_same_dtype(preds, image, ("preds", name))
        if image.shape[:2] != preds.shape[:2]:
            raise ValueError(
                f"`preds` and `{name}` must have the same batch and channel sizes,"
                f" got {tuple(preds.shape)} and {tuple(image.shape)}"
            )
    if pan.shape[-2:] != preds.shape[-2:]:
        raise ValueError(
            f"`preds` and `pan` must have the same height and width, got {tuple(preds.shape)} and {tuple(pan.shape)}"
        )
    ms_size = ms.shape[-2:]
    if any(size % low != 0 for size, low in zip(preds.shape[-2:], ms_size)):
        raise ValueError(
            f"The height and width of `preds` and `pan` must be multiples of those of `ms`, got {tuple(preds.shape)}"
            f" and {tuple(ms.shape)}"
        )
    if pan_lr is not None and pan_lr.shape[-2:] != ms_size:
        raise ValueError(
            f"`ms` and `pan_lr` must have the same height and width, got {tuple(ms.shape)} and {tuple(pan_lr.shape)}"
        )
    if window_size >= min(ms_size):
        raise ValueError(
            f"Argument `window_size` must be smaller than the height and width of `ms`, got {window_size} for `ms`"
            f" of shape {tuple(ms.shape)}"
        )
    _uqi_tensor_validation(ms, ms)
    _uqi_tensor_validation(preds, preds)


def _split_target(target: dict[str, Tensor]) -> tuple[Tensor, Tensor, Tensor | None]:
    """``ms``, ``pan`` and the optional ``pan_lr`` of a target dict."""
    if not isinstance(target, dict):
        raise TypeError(
            f"`target` must be a dict with keys 'ms', 'pan' and optionally 'pan_lr', got {type(target).__name__}"
        )
    for key in ("ms", "pan"):
        if key not in target:
            raise ValueError(f"`target` must have the key {key!r}, got keys {sorted(target)}")
    return target["ms"], target["pan"], target.get("pan_lr")


def _degraded_pan(pan: Tensor, size: tuple[int, ...], window_size: int) -> Tensor:
    """``pan`` smoothed over ``window_size`` windows and resized (bilinear, no antialiasing) to ``size``."""
    smoothed = uniform_filter_2d(pan, window_size)
    return F.interpolate(smoothed, size=size, mode="bilinear", align_corners=False, antialias=False)


def _band_similarity_sum(first: Tensor, second: Tensor) -> Tensor:
    """UQI of each band of ``first`` with the same band of ``second``, averaged over pixels, summed over images."""
    return _uqi_update(first, second).mean(dim=(2, 3)).sum(0)


def _spatial_distortion_index_update(
    preds: Tensor, ms: Tensor, pan: Tensor, pan_lr: Tensor | None = None, window_size: int = 7
) -> tuple[Tensor, Tensor]:
    """Per-band UQI of ``preds`` with ``pan`` and of ``ms`` with the degraded ``pan``, summed over the images."""
    degraded = pan_lr if pan_lr is not None else _degraded_pan(pan, tuple(ms.shape[-2:]), window_size)
    return _band_similarity_sum(preds, pan), _band_similarity_sum(ms, degraded)


def _spatial_distortion_index_compute(
    preds_sum: Tensor,
    ms_sum: Tensor,
    total: int | Tensor,
    norm_order: int = 1,
    reduction: Reduction = "elementwise_mean",
) -> Tensor:
    """D_s from the per-band similarities summed over ``total`` images."""
    dtype = torch.get_default_dtype()
    diff = ((ms_sum / total).to(dtype) - (preds_sum / total).to(dtype)).abs() ** norm_order
    return _reduce(diff, reduction) ** (1 / norm_order)


def spatial_distortion_index(
    preds: Tensor,
    ms: Tensor,
    pan: Tensor,
    pan_lr: Tensor | None = None,
    norm_order: int = 1,
    window_size: int = 7,
    reduction: Reduction = "elementwise_mean",
) -> Tensor:
    """Spatial distortion index (D_s) of pan-sharpened ``(N, C, H, W)`` images.

    Args:
        preds: the pan-sharpened images.
        ms: the low-resolution multispectral images (same N and C, a divisor of the size).
        pan: the high-resolution panchromatic images, as large as ``preds``.
        pan_lr: ``pan`` at the resolution of ``ms``; by default ``pan`` smoothed over
            ``window_size`` windows and resized bilinearly.
        norm_order: order of the norm over the bands.
        window_size: window of the smoothing that degrades ``pan``.
        reduction: ``"elementwise_mean"``, ``"sum"``, or ``"none"``/``None`` for one value per band.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> preds, pan = torch.rand(2, 3, 32, 32), torch.rand(2, 3, 32, 32)
        >>> ms = torch.rand(2, 3, 16, 16)
        >>> spatial_distortion_index(preds, ms, pan)
        tensor(0.0207)
    """
    _spatial_distortion_index_arg_validation(norm_order, window_size, reduction)
    _spatial_distortion_index_tensor_validation(preds, ms, pan, pan_lr, window_size)
    preds_sum, ms_sum = _spatial_distortion_index_update(preds, ms, pan, pan_lr, window_size)
    return _spatial_distortion_index_compute(preds_sum, ms_sum, preds.shape[0], norm_order, reduction)

"""Spatial correlation coefficient (SCC): local correlation of the high-pass filtered images."""

from __future__ import annotations

import math
from typing import Literal

import torch
import torch.nn.functional as F
from torch import Tensor

from metrics_image.functional.checks import _check_ndim, _check_reduction, _check_same_shape, _check_tensors
from metrics_image.functional.filters import correlate_2d, filter_separable, symmetric_pad, uniform_kernel_1d

SCCReduction = Literal["mean", "none"] | None


def _laplacian_filter() -> Tensor:
    return torch.tensor([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]])


def _scc_arg_validation(hp_filter: Tensor | None, window_size: int, reduction: SCCReduction = "mean") -> None:
    if hp_filter is not None and (not isinstance(hp_filter, Tensor) or hp_filter.ndim != 2):
        raise ValueError(f"Argument `hp_filter` must be a 2D tensor, got {hp_filter!r}")
    if not isinstance(window_size, int) or isinstance(window_size, bool) or window_size <= 0:
        raise ValueError(f"Argument `window_size` must be a positive integer, got {window_size!r}")
    _check_reduction(reduction, ("mean", "none", None))


def _scc_tensor_validation(preds: Tensor, target: Tensor, window_size: int) -> None:
    _check_tensors(preds=preds, target=target)
    _check_same_shape(preds, target)
    _check_ndim(preds, (3, 4), "preds", "(N, C, H, W) or (N, H, W)")
    height, width = preds.shape[-2:]
    if window_size > height or window_size > width:
        raise ValueError(
            f"Argument `window_size` must be at most the image height and width, got {window_size} for images of"
            f" shape {tuple(preds.shape)}"
        )


def _scc_format(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """``(N, C, H, W)`` float32 images (grayscale ``(N, H, W)`` get a channel dimension)."""
    if preds.ndim == 3:
        preds, target = preds.unsqueeze(1), target.unsqueeze(1)
    return preds.to(torch.float32), target.to(torch.float32)


def _high_pass(images: Tensor, hp_filter: Tensor) -> Tensor:
    """Twice the convolution of the images with ``hp_filter``, symmetric padding, same size out."""
    rows, cols = hp_filter.shape
    padded = symmetric_pad(images, (cols - 1) // 2, math.ceil((cols - 1) / 2), dims=(3,))
    padded = symmetric_pad(padded, (rows - 1) // 2, math.ceil((rows - 1) / 2), dims=(2,))
    return correlate_2d(padded, hp_filter.flip([0, 1])) * 2.0


def _scc_update(preds: Tensor, target: Tensor, hp_filter: Tensor, window_size: int) -> Tensor:
    """SCC of each image: local correlation of the high-pass images over zero-padded windows, averaged."""
    preds_hp, target_hp = _high_pass(preds, hp_filter), _high_pass(target, hp_filter)
    before, after = math.ceil((window_size - 1) / 2), (window_size - 1) // 2
    stacked = torch.cat((preds_hp, target_hp, preds_hp**2, target_hp**2, target_hp * preds_hp))
    stacked = F.pad(stacked, (before, after, before, after))
    kernel = uniform_kernel_1d(window_size, stacked.dtype, stacked.device)
    batch = preds.shape[0]
    filtered = filter_separable(stacked, [kernel, kernel]).unflatten(0, (5, batch))
    preds_mean, target_mean, preds_sq, target_sq, product = filtered.unbind(0)
    preds_var = torch.clamp(preds_sq - preds_mean**2, min=0)
    target_var = torch.clamp(target_sq - target_mean**2, min=0)
    covariance = product - target_mean * preds_mean
    den = torch.sqrt(target_var) * torch.sqrt(preds_var)
    scc = torch.where(den == 0, torch.zeros_like(den), covariance / torch.where(den == 0, 1, den))
    return scc.mean(dim=[1, 2, 3])


def spatial_correlation_coefficient(
    preds: Tensor,
    target: Tensor,
    hp_filter: Tensor | None = None,
    window_size: int = 8,
    reduction: SCCReduction = "mean",
) -> Tensor:
    """Spatial correlation coefficient (SCC) of ``(N, C, H, W)`` or grayscale ``(N, H, W)`` images.

    Args:
        preds: estimated images.
        target: ground-truth images of the same shape.
        hp_filter: 2D high-pass filter (default: the 3x3 Laplacian).
        window_size: side of the square window of the local correlation.
        reduction: ``"mean"``, or ``"none"``/``None`` for one value per image.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> target = torch.rand(2, 3, 16, 16)
        >>> spatial_correlation_coefficient(target + 0.1 * torch.rand(2, 3, 16, 16), target)
        tensor(0.9952)
    """
    _scc_arg_validation(hp_filter, window_size, reduction)
    _scc_tensor_validation(preds, target, window_size)
    preds, target = _scc_format(preds, target)
    scores = _scc_update(preds, target, _laplacian_filter() if hp_filter is None else hp_filter, window_size)
    return scores.mean() if reduction == "mean" else scores

"""Visual information fidelity (VIF) in the pixel domain, over four scales."""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor

from metrics_image.functional.checks import (
    _check_ndim,
    _check_reduction,
    _check_same_dtype,
    _check_same_shape,
    _check_tensors,
)
from metrics_image.functional.filters import filter_separable, gaussian_kernel_1d

VIFReduction = Literal["mean", "none"]
MIN_SIZE = 41


def _vif_arg_validation(sigma_n_sq: float, reduction: VIFReduction) -> None:
    if not isinstance(sigma_n_sq, (int, float)) or isinstance(sigma_n_sq, bool) or sigma_n_sq < 0:
        raise ValueError(f"Argument `sigma_n_sq` must be a non-negative number, got {sigma_n_sq!r}")
    _check_reduction(reduction, ("mean", "none"))


def _vif_tensor_validation(preds: Tensor, target: Tensor) -> None:
    _check_tensors(preds=preds, target=target)
    _check_same_shape(preds, target)
    _check_same_dtype(preds, target)
    _check_ndim(preds, (4,), "preds", "(N, C, H, W)")
    if min(preds.shape[-2:]) < MIN_SIZE:
        raise ValueError(
            f"VIF needs images of at least {MIN_SIZE}x{MIN_SIZE} pixels, got `preds` of shape {tuple(preds.shape)}"
        )


def _vif_update(preds: Tensor, target: Tensor, sigma_n_sq: float = 2.0) -> Tensor:
    """VIF of each image, averaged over its channels: ``(N,)``.

    Only local variances and covariances enter, so each image is first shifted by its mean: less
    cancellation, and a flat image has no variance at all (TorchMetrics gets rounding noise there).
    """
    dtype, device = preds.dtype, preds.device
    preds = preds - preds.mean(dim=(2, 3), keepdim=True)
    target = target - target.mean(dim=(2, 3), keepdim=True)
    eps = torch.tensor(1e-10, dtype=dtype, device=device)
    noise = torch.tensor(sigma_n_sq, dtype=dtype, device=device)
    preds_info = torch.zeros(preds.shape[:2], dtype=dtype, device=device)
    target_info = torch.zeros(preds.shape[:2], dtype=dtype, device=device)
    for scale in range(4):
        size = 2 ** (4 - scale) + 1
        kernel = gaussian_kernel_1d(size, size / 5, dtype, device)
        kernels = [kernel, kernel]
        if scale > 0:
            target = filter_separable(target, kernels)[..., ::2, ::2]
            preds = filter_separable(preds, kernels)[..., ::2, ::2]
        stacked = filter_separable(torch.cat((target, preds, target**2, preds**2, target * preds)), kernels)
        mu_target, mu_preds, target_sq, preds_sq, product = stacked.split(preds.shape[0])
        sigma_target_sq = torch.clamp(target_sq - mu_target**2, min=0.0)
        sigma_preds_sq = torch.clamp(preds_sq - mu_preds**2, min=0.0)
        sigma_target_preds = product - mu_target * mu_preds
        gain = sigma_target_preds / (sigma_target_sq + eps)
        sigma_v_sq = sigma_preds_sq - gain * sigma_target_preds
        # no signal in target: no gain, all preds variance is distortion
        flat_target = sigma_target_sq < eps
        gain = torch.where(flat_target, 0, gain)
        sigma_v_sq = torch.where(flat_target, sigma_preds_sq, sigma_v_sq)
        sigma_target_sq = torch.where(flat_target, 0, sigma_target_sq)
        # no signal in preds: no gain and no distortion
        flat_preds = sigma_preds_sq < eps
        gain = torch.where(flat_preds, 0, gain)
        sigma_v_sq = torch.where(flat_preds, 0, sigma_v_sq)
        # negative gain: clipped to zero, the variance counts as distortion
        negative = gain < 0
        sigma_v_sq = torch.where(negative, sigma_preds_sq, sigma_v_sq)
        gain = torch.where(negative, 0, gain)
        sigma_v_sq = torch.clamp(sigma_v_sq, min=eps)
        preds_info += torch.log10(1.0 + gain**2.0 * sigma_target_sq / (sigma_v_sq + noise)).sum(dim=[2, 3])
        target_info += torch.log10(1.0 + sigma_target_sq / noise).sum(dim=[2, 3])
    return (preds_info / target_info).mean(dim=1)


def visual_information_fidelity(
    preds: Tensor, target: Tensor, sigma_n_sq: float = 2.0, reduction: VIFReduction = "mean"
) -> Tensor:
    """Pixel-domain visual information fidelity (VIF) of ``(N, C, H, W)`` images of at least 41x41 pixels.

    Args:
        preds: distorted images.
        target: reference images of the same shape.
        sigma_n_sq: variance of the visual noise.
        reduction: ``"mean"`` over the images, or ``"none"`` for one value per image.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> target = torch.rand(2, 3, 48, 48)
        >>> visual_information_fidelity(0.8 * target + 0.2 * torch.rand(2, 3, 48, 48), target)
        tensor(0.6425)
    """
    _vif_arg_validation(sigma_n_sq, reduction)
    _vif_tensor_validation(preds, target)
    scores = _vif_update(preds, target, sigma_n_sq)
    return scores.mean() if reduction == "mean" else scores

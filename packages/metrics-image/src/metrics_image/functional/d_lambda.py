"""Spectral distortion index (D_lambda): how much pan-sharpening changed the similarity between bands."""

from __future__ import annotations

import torch
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
from metrics_image.functional.uqi import _uqi_tensor_validation, _uqi_update


def _spectral_distortion_index_arg_validation(p: int, reduction: Reduction) -> None:
    _check_positive_int(p, "p")
    _check_reduction(reduction)


def _spectral_distortion_index_tensor_validation(preds: Tensor, target: Tensor) -> None:
    """``preds`` and ``target``: ``(N, C, H, W)`` of one dtype, the same N and C; the sizes may differ."""
    _check_tensors(preds=preds, target=target)
    _check_same_dtype(preds, target)
    _check_ndim(preds, (4,), "preds", "(N, C, H, W)")
    _check_ndim(target, (4,), "target", "(N, C, H, W)")
    if preds.shape[:2] != target.shape[:2]:
        raise ValueError(
            "`preds` and `target` must have the same batch and channel sizes,"
            f" got {tuple(preds.shape)} and {tuple(target.shape)}"
        )
    for image in (preds, target):
        _uqi_tensor_validation(image, image)


def _band_pairs(channels: int, device: torch.device) -> tuple[Tensor, Tensor]:
    """The band indices ``(k, r)`` of every pair ``k < r``."""
    return torch.triu_indices(channels, channels, offset=1, device=device).unbind()


def _band_similarity_sum(images: Tensor) -> Tensor:
    """UQI between every pair of bands, averaged over pixels and summed over images: ``(C * (C - 1) / 2,)``."""
    first, second = _band_pairs(images.shape[1], images.device)
    if first.numel() == 0:
        return images.new_zeros(0)
    index = _uqi_update(images[:, first], images[:, second])
    return index.mean(dim=(2, 3)).sum(0)


def _spectral_distortion_index_update(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """Band-pair similarities of ``preds`` and of ``target``, summed over the images of the batch."""
    return _band_similarity_sum(preds), _band_similarity_sum(target)


def _spectral_distortion_index_compute(
    preds_sum: Tensor,
    target_sum: Tensor,
    total: int | Tensor,
    channels: int,
    p: int = 1,
    reduction: Reduction = "elementwise_mean",
) -> Tensor:
    """D_lambda from the summed band-pair similarities of ``total`` images with ``channels`` bands."""
    dtype = torch.get_default_dtype()
    if channels == 1:
        return _reduce(torch.zeros(1, 1, dtype=dtype, device=preds_sum.device), reduction)
    preds_mean, target_mean = (preds_sum / total).to(dtype), (target_sum / total).to(dtype)
    diff = torch.abs(target_mean - preds_mean) ** p
    # each pair appears twice in the symmetric band-by-band matrix
    output = (2 * diff.sum() / (channels * (channels - 1))) ** (1.0 / p)
    return _reduce(output, reduction)


def spectral_distortion_index(
    preds: Tensor, target: Tensor, p: int = 1, reduction: Reduction = "elementwise_mean"
) -> Tensor:
    """Spectral distortion index (D_lambda) of ``(N, C, H, W)`` images: UQI between bands, before and after.

    Args:
        preds: the fused (high resolution) images.
        target: the multispectral (low resolution) images: same N and C, any size.
        p: order of the norm over the band-pair differences.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None``.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> target = torch.rand(2, 3, 16, 16)
        >>> spectral_distortion_index(target.sqrt(), target)
        tensor(0.0167)
    """
    _spectral_distortion_index_arg_validation(p, reduction)
    _spectral_distortion_index_tensor_validation(preds, target)
    preds_sum, target_sum = _spectral_distortion_index_update(preds, target)
    return _spectral_distortion_index_compute(preds_sum, target_sum, preds.shape[0], preds.shape[1], p, reduction)

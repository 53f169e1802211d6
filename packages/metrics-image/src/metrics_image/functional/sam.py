"""Spectral angle mapper (SAM): the angle between the spectra of ``preds`` and ``target`` at each pixel."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_image.functional.checks import Reduction, _check_image_pair, _check_reduction, _reduce


def _sam_tensor_validation(preds: Tensor, target: Tensor) -> None:
    _check_image_pair(preds, target)
    if preds.shape[1] <= 1:
        raise ValueError(f"SAM needs more than one channel (spectral band), got `preds` of shape {tuple(preds.shape)}")


def _sam_update(preds: Tensor, target: Tensor) -> Tensor:
    """The spectral angle (radians) at each pixel: ``(N, H, W)``."""
    dot_product = (preds * target).sum(dim=1)
    cosine = dot_product / (preds.norm(dim=1) * target.norm(dim=1))
    return torch.clamp(cosine, -1, 1).acos()


def spectral_angle_mapper(preds: Tensor, target: Tensor, reduction: Reduction = "elementwise_mean") -> Tensor:
    """Spectral angle mapper (SAM) of ``(N, C, H, W)`` images with ``C > 1`` bands, in radians.

    Args:
        preds: estimated images.
        target: ground-truth images of the same shape and dtype.
        reduction: ``"elementwise_mean"``, ``"sum"``, or ``"none"``/``None`` for the ``(N, H, W)`` angles.

    Example:
        >>> import torch
        >>> target = torch.linspace(0, 1, 2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
        >>> spectral_angle_mapper(target.flip(1), target)
        tensor(0.7016)
    """
    _check_reduction(reduction)
    _sam_tensor_validation(preds, target)
    return _reduce(_sam_update(preds, target), reduction)

"""Relative dimensionless global error in synthesis (ERGAS) of multispectral images."""

from __future__ import annotations

from torch import Tensor

from metrics_image.functional.checks import Reduction, _check_image_pair, _check_reduction, _reduce


def _ergas_arg_validation(ratio: float, reduction: Reduction) -> None:
    if not isinstance(ratio, (int, float)) or isinstance(ratio, bool) or ratio <= 0:
        raise ValueError(f"Argument `ratio` must be a positive number, got {ratio!r}")
    _check_reduction(reduction)


def _ergas_update(preds: Tensor, target: Tensor, ratio: float = 4) -> Tensor:
    """ERGAS of each image: the root mean square of the per-band RMSE relative to the band's mean."""
    channels, height, width = preds.shape[1:]
    preds, target = preds.flatten(2), target.flatten(2)
    diff = preds - target
    rmse_per_band = ((diff * diff).sum(dim=2) / (height * width)).sqrt()
    relative = rmse_per_band / target.mean(dim=2)
    return 100 / ratio * (relative**2).sum(dim=1).div(channels).sqrt()


def error_relative_global_dimensionless_synthesis(
    preds: Tensor, target: Tensor, ratio: float = 4, reduction: Reduction = "elementwise_mean"
) -> Tensor:
    """Relative dimensionless global error in synthesis (ERGAS) of ``(N, C, H, W)`` multispectral images.

    Args:
        preds: estimated (e.g. pan-sharpened) images.
        target: ground-truth images of the same shape and dtype.
        ratio: ratio of the high to the low resolution pixel sizes.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None`` over the images.

    Example:
        >>> import torch
        >>> target = torch.linspace(0.5, 1, 2 * 3 * 8 * 8).reshape(2, 3, 8, 8)
        >>> error_relative_global_dimensionless_synthesis(0.9 * target, target)
        tensor(2.5014)
    """
    _ergas_arg_validation(ratio, reduction)
    _check_image_pair(preds, target)
    return _reduce(_ergas_update(preds, target, ratio), reduction)

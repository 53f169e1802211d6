"""Relative average spectral error (RASE)."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_image.functional.checks import _check_positive_int
from metrics_image.functional.filters import uniform_filter_2d
from metrics_image.functional.rmse_sw import _rmse_sw_tensor_validation, _rmse_sw_update
from metrics_image.functional.ssim import _crop


def _rase_update(preds: Tensor, target: Tensor, window_size: int) -> tuple[Tensor, Tensor]:
    """Sums over the batch of the RMSE maps and of the local target means, ``(C, H, W)`` each.

    The local means are divided by ``window_size ** 2`` once more, as TorchMetrics does.
    """
    rmse_map, _ = _rmse_sw_update(preds, target, window_size)
    target_mean = uniform_filter_2d(target, window_size) / window_size**2
    return rmse_map.sum(0), target_mean.sum(0)


def _rase_compute(rmse_map_sum: Tensor, target_sum: Tensor, total: int | Tensor, window_size: int) -> Tensor:
    rmse_map = rmse_map_sum / total
    target_mean = (target_sum / total).mean(0)
    rase_map = 100 / target_mean * torch.sqrt(torch.mean(rmse_map**2, 0))
    border = round(window_size / 2)
    return torch.mean(_crop(rase_map, [border, border]))


def relative_average_spectral_error(preds: Tensor, target: Tensor, window_size: int = 8) -> Tensor:
    """Relative average spectral error (RASE) of ``(N, C, H, W)`` multispectral images.

    Args:
        preds: estimated images.
        target: ground-truth images of the same shape and dtype.
        window_size: side of the sliding window.

    Example:
        >>> import torch
        >>> target = torch.linspace(0.5, 1, 2 * 3 * 16 * 16).reshape(2, 3, 16, 16)
        >>> relative_average_spectral_error(0.9 * target, target)
        tensor(642.7377)
    """
    _check_positive_int(window_size, "window_size")
    _rmse_sw_tensor_validation(preds, target, window_size)
    rmse_map_sum, target_sum = _rase_update(preds, target, window_size)
    return _rase_compute(rmse_map_sum, target_sum, torch.tensor(float(preds.shape[0])), window_size)

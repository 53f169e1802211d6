"""PSNR with blocked effect (PSNR-B): PSNR with the blocking artefacts of ``preds`` added to the MSE."""

from __future__ import annotations

import math

import torch
from torch import Tensor

from metrics_image.functional.checks import _check_ndim, _check_positive_int, _check_same_shape, _check_tensors
from metrics_image.functional.psnr import (
    DataRange,
    _data_range_arg_validation,
    _data_range_tensor,
    _psnr_format,
    _sum_of_squares,
)


def _psnrb_arg_validation(data_range: DataRange, block_size: int) -> None:
    _data_range_arg_validation(data_range)
    _check_positive_int(block_size, "block_size")


def _psnrb_tensor_validation(preds: Tensor, target: Tensor) -> None:
    _check_tensors(preds=preds, target=target)
    _check_same_shape(preds, target)
    _check_ndim(preds, (4,), "preds", "(N, 1, H, W)")
    if preds.shape[1] != 1:
        raise ValueError(f"PSNR-B expects grayscale images with one channel, got `preds` of shape {tuple(preds.shape)}")


def _squared_steps(x: Tensor, dim: int, block_size: int) -> tuple[Tensor, Tensor]:
    """Sums of squared differences between neighbours along ``dim``: across block boundaries, and inside blocks."""
    steps = x.diff(dim=dim).pow(2).sum(dim=[d for d in range(x.ndim) if d != dim % x.ndim])
    across = steps[block_size - 1 :: block_size].sum()
    return across, steps.sum() - across


def _blocking_effect(preds: Tensor, block_size: int = 8) -> Tensor:
    """Blocking effect factor: how much larger neighbour differences are across block boundaries than inside."""
    height, width = preds.shape[-2:]
    across_w, inside_w = _squared_steps(preds, -1, block_size)
    across_h, inside_h = _squared_steps(preds, -2, block_size)
    n_across_w = height * (width / block_size) - 1
    n_across_h = width * (height / block_size) - 1
    n_inside = height * (width - 1) - n_across_w + width * (height - 1) - n_across_h
    d_across = (across_w + across_h) / (n_across_w + n_across_h)
    d_inside = (inside_w + inside_h) / n_inside
    tau = math.log2(block_size) / math.log2(min(height, width))
    return torch.where(d_across > d_inside, tau * (d_across - d_inside), torch.zeros_like(d_across))


def _psnrb_update(preds: Tensor, target: Tensor, block_size: int = 8) -> tuple[Tensor, Tensor, int]:
    """Sum of squared errors, blocking effect of ``preds`` and number of values."""
    return _sum_of_squares(preds - target), _blocking_effect(preds, block_size), preds.numel()


def _psnrb_compute(sum_squared_error: Tensor, bef: Tensor, num_obs: int | Tensor, data_range: Tensor) -> Tensor:
    return 10 * torch.log10(data_range**2 / (sum_squared_error / num_obs + bef))


def peak_signal_noise_ratio_with_blocked_effect(
    preds: Tensor, target: Tensor, data_range: DataRange, block_size: int = 8
) -> Tensor:
    """PSNR with blocked effect (PSNR-B) of one-channel ``(N, 1, H, W)`` images, for block-compressed images.

    Args:
        preds: estimated grayscale images.
        target: ground-truth images of the same shape.
        data_range: width of the range of the values, or a ``(min, max)`` tuple to clamp into.
        block_size: size of the compression blocks.

    Example:
        >>> import torch
        >>> target = torch.linspace(0, 1, 2 * 16 * 16).reshape(2, 1, 16, 16)
        >>> peak_signal_noise_ratio_with_blocked_effect(target.round(decimals=1), target, data_range=1.0)
        tensor(26.4542)
    """
    _psnrb_arg_validation(data_range, block_size)
    _psnrb_tensor_validation(preds, target)
    preds, target = _psnr_format(preds, target, data_range)
    sum_squared_error, bef, num_obs = _psnrb_update(preds, target, block_size)
    return _psnrb_compute(sum_squared_error, bef, num_obs, _data_range_tensor(data_range))

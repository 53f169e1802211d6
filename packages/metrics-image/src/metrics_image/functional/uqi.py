"""Universal image quality index (UQI): SSIM without its stabilising constants."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor

from metrics_image.functional.checks import Reduction, _check_image_pair, _check_reduction, _reduce
from metrics_image.functional.ssim import _check_window_fits, _crop, _ssim_statistics


def _uqi_arg_validation(kernel_size: Sequence[int], sigma: Sequence[float], reduction: Reduction) -> None:
    if not isinstance(kernel_size, Sequence) or not isinstance(sigma, Sequence):
        raise ValueError(f"Arguments `kernel_size` and `sigma` must be sequences, got {kernel_size!r} and {sigma!r}")
    if len(kernel_size) != 2 or len(sigma) != 2:
        raise ValueError(
            f"Arguments `kernel_size` and `sigma` must have two entries, got {len(kernel_size)} and {len(sigma)}"
        )
    if any(not isinstance(k, int) or k % 2 == 0 or k <= 0 for k in kernel_size):
        raise ValueError(f"Argument `kernel_size` must hold odd positive integers, got {kernel_size!r}")
    if any(not isinstance(s, (int, float)) or s <= 0 for s in sigma):
        raise ValueError(f"Argument `sigma` must hold positive numbers, got {sigma!r}")
    _check_reduction(reduction)


def _uqi_window(kernel_size: Sequence[int]) -> tuple[list[int], list[int]]:
    """Padding of height and width, and the crop of the index map.

    As in TorchMetrics, the height is padded by the width's half-kernel and the width by the height's.
    """
    pad_h, pad_w = (kernel_size[0] - 1) // 2, (kernel_size[1] - 1) // 2
    return [pad_w, pad_h], [pad_h, pad_w]


def _uqi_tensor_validation(preds: Tensor, target: Tensor, kernel_size: Sequence[int] = (11, 11)) -> None:
    _check_image_pair(preds, target)
    pads, _ = _uqi_window(kernel_size)
    _check_window_fits(preds.shape[2:], kernel_size, pads)


def _uqi_update(
    preds: Tensor,
    target: Tensor,
    kernel_size: Sequence[int] = (11, 11),
    sigma: Sequence[float] = (1.5, 1.5),
) -> Tensor:
    """The UQI map of each image and channel, cropped by half the kernel."""
    pads, crop = _uqi_window(kernel_size)
    mu_sq_sum, mu_pred_target, sigma_sq_sum, sigma_pred_target = _ssim_statistics(
        preds, target, list(kernel_size), pads, list(sigma)
    )
    eps = torch.finfo(sigma_sq_sum.dtype).eps
    index = 2 * mu_pred_target * (2 * sigma_pred_target) / (mu_sq_sum * sigma_sq_sum + eps)
    return _crop(index, crop)


def universal_image_quality_index(
    preds: Tensor,
    target: Tensor,
    kernel_size: Sequence[int] = (11, 11),
    sigma: Sequence[float] = (1.5, 1.5),
    reduction: Reduction = "elementwise_mean",
) -> Tensor:
    """Universal image quality index (UQI) of ``(N, C, H, W)`` images, over Gaussian windows.

    Args:
        preds: estimated images.
        target: ground-truth images of the same shape and dtype.
        kernel_size: size of the Gaussian window (height, width).
        sigma: standard deviation of the Gaussian (height, width).
        reduction: ``"elementwise_mean"``, ``"sum"``, or ``"none"``/``None`` for the index map.

    Example:
        >>> import torch
        >>> preds = torch.linspace(0, 1, 2 * 3 * 16 * 16).reshape(2, 3, 16, 16)
        >>> universal_image_quality_index(preds, preds.flip(-1))
        tensor(0.9883)
    """
    _uqi_arg_validation(kernel_size, sigma, reduction)
    _uqi_tensor_validation(preds, target, kernel_size)
    return _reduce(_uqi_update(preds, target, kernel_size, sigma), reduction)

"""Root mean squared error over a sliding window (RMSE-SW)."""

from __future__ import annotations

from torch import Tensor

from metrics_image.functional.checks import _check_image_pair, _check_positive_int
from metrics_image.functional.filters import uniform_filter_2d
from metrics_image.functional.ssim import _crop


def _rmse_sw_tensor_validation(preds: Tensor, target: Tensor, window_size: int) -> None:
    _check_image_pair(preds, target)
    if round(window_size / 2) >= min(target.shape[2:]):
        raise ValueError(
            f"Half the window, round(window_size / 2) = {round(window_size / 2)}, must be smaller than the image"
            f" height and width, got images of shape {tuple(target.shape)}"
        )


def _rmse_sw_update(preds: Tensor, target: Tensor, window_size: int) -> tuple[Tensor, Tensor]:
    """The RMSE map of each image (``(N, C, H, W)``) and the sum over images of their mean RMSE inside the border."""
    rmse_map = uniform_filter_2d((target - preds) ** 2, window_size).sqrt()
    border = round(window_size / 2)
    rmse_val_sum = _crop(rmse_map, [border, border]).sum(0).mean()
    return rmse_map, rmse_val_sum


def root_mean_squared_error_using_sliding_window(
    preds: Tensor, target: Tensor, window_size: int = 8, return_rmse_map: bool = False
) -> Tensor | tuple[Tensor, Tensor]:
    """RMSE of ``(N, C, H, W)`` images over sliding windows, averaged away from the border.

    Args:
        preds: estimated images.
        target: ground-truth images of the same shape and dtype.
        window_size: side of the square window.
        return_rmse_map: also return the RMSE map averaged over the images, ``(C, H, W)``.

    Example:
        >>> import torch
        >>> target = torch.linspace(0, 1, 2 * 3 * 16 * 16).reshape(2, 3, 16, 16)
        >>> root_mean_squared_error_using_sliding_window(0.9 * target, target)
        tensor(0.0496)
    """
    _check_positive_int(window_size, "window_size")
    _rmse_sw_tensor_validation(preds, target, window_size)
    rmse_map, rmse_val_sum = _rmse_sw_update(preds, target, window_size)
    rmse = rmse_val_sum / preds.shape[0]
    if return_rmse_map:
        return rmse, rmse_map.sum(0) / preds.shape[0]
    return rmse

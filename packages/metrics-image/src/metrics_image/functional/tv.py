"""Total variation: the sum of absolute differences between neighbouring pixels."""

from __future__ import annotations

from typing import Literal

from torch import Tensor

from metrics_image.functional.checks import InputShapeError, _check_reduction, _check_tensors

TVReduction = Literal["mean", "sum", "none"] | None
TV_REDUCTIONS: tuple[TVReduction, ...] = ("mean", "sum", "none", None)


def _total_variation_tensor_validation(img: Tensor) -> None:
    _check_tensors(img=img)
    if img.ndim != 4:
        raise InputShapeError(f"`img` must have shape (N, C, H, W), got {tuple(img.shape)}")


def _total_variation_update(img: Tensor) -> Tensor:
    """Total variation of each image: ``(N,)``."""
    vertical = (img[..., 1:, :] - img[..., :-1, :]).abs().sum([1, 2, 3])
    horizontal = (img[..., :, 1:] - img[..., :, :-1]).abs().sum([1, 2, 3])
    return vertical + horizontal


def _total_variation_compute(score: Tensor, num_images: int | Tensor, reduction: TVReduction) -> Tensor:
    if reduction == "mean":
        return score.sum() / num_images
    if reduction == "sum":
        return score.sum()
    return score


def total_variation(img: Tensor, reduction: TVReduction = "sum") -> Tensor:
    """Total variation of ``(N, C, H, W)`` images: summed absolute differences of vertical and horizontal neighbours.

    Args:
        img: the images.
        reduction: ``"sum"`` or ``"mean"`` over the images, or ``"none"``/``None`` for one score each.

    Example:
        >>> import torch
        >>> img = torch.arange(2 * 1 * 3 * 3.0).reshape(2, 1, 3, 3)
        >>> total_variation(img)
        tensor(48.)
    """
    _check_reduction(reduction, TV_REDUCTIONS)
    _total_variation_tensor_validation(img)
    return _total_variation_compute(_total_variation_update(img), img.shape[0], reduction)

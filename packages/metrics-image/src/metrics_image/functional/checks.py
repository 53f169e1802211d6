"""Input checks and score reductions shared by the image metrics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import torch
from torch import Tensor

Reduction = Literal["elementwise_mean", "sum", "none"] | None
REDUCTIONS: tuple[Reduction, ...] = ("elementwise_mean", "sum", "none", None)
# The pan-sharpening classes (D_lambda, D_s, QNR) take no None, as in TorchMetrics; their functions do.
CLASS_REDUCTIONS: tuple[Reduction, ...] = ("elementwise_mean", "sum", "none")


class InputShapeError(ValueError, RuntimeError):
    """Inputs of mismatched or wrong shapes where TorchMetrics raised a ``RuntimeError``; catchable as either."""


class InputDtypeError(ValueError, TypeError):
    """Inputs of different dtypes where TorchMetrics raised a ``TypeError``; catchable as either."""


def _check_reduction(reduction: object, allowed: Sequence[object] = REDUCTIONS) -> None:
    if reduction not in allowed:
        raise ValueError(f"Argument `reduction` must be one of {tuple(allowed)}, got {reduction!r}")


def _reduce(scores: Tensor, reduction: Reduction) -> Tensor:
    """Average (``"elementwise_mean"``), sum (``"sum"``) or keep (``"none"``/``None``) the scores."""
    if reduction == "elementwise_mean":
        return scores.mean()
    if reduction == "sum":
        return scores.sum()
    return scores


def _check_tensors(**tensors: object) -> None:
    for name, value in tensors.items():
        if not isinstance(value, Tensor):
            raise TypeError(f"`{name}` must be a torch.Tensor, got {type(value).__name__}")


def _check_same_shape(preds: Tensor, target: Tensor, names: tuple[str, str] = ("preds", "target")) -> None:
    if preds.shape != target.shape:
        raise InputShapeError(
            f"`{names[0]}` and `{names[1]}` must have the same shape,"
            f" got {tuple(preds.shape)} and {tuple(target.shape)}"
        )


def _check_same_dtype(preds: Tensor, target: Tensor, names: tuple[str, str] = ("preds", "target")) -> None:
    if preds.dtype != target.dtype:
        raise InputDtypeError(
            f"`{names[0]}` and `{names[1]}` must have the same dtype, got {preds.dtype} and {target.dtype}"
        )


def _check_ndim(tensor: Tensor, ndims: Sequence[int], name: str, layout: str) -> None:
    if tensor.ndim not in ndims:
        raise ValueError(f"`{name}` must have shape {layout}, got {tuple(tensor.shape)}")


def _check_image_pair(preds: Tensor, target: Tensor) -> None:
    """``preds`` and ``target``: tensors of one dtype and one ``(N, C, H, W)`` shape."""
    _check_tensors(preds=preds, target=target)
    _check_same_dtype(preds, target)
    _check_same_shape(preds, target)
    _check_ndim(preds, (4,), "preds", "(N, C, H, W)")


def _check_devices(device: torch.device, owner: str, **tensors: Tensor) -> None:
    """Raise a ``ValueError`` unless every tensor lives on ``device`` (the device of ``owner``'s states)."""
    for name, value in tensors.items():
        if isinstance(value, Tensor) and value.device != device:
            raise ValueError(
                f"`{name}` is on {value.device} but the states of {owner} are on {device};"
                " move the metric with `.to(device)` or the input to its device"
            )


def _check_positive_int(value: object, name: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"Argument `{name}` must be a positive integer, got {value!r}")

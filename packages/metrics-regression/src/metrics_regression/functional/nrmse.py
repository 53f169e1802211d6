"""Normalized root mean squared error, from streaming co-moments."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import (
    _check_num_outputs,
    _check_num_outputs_arg,
    _check_same_shape,
    _float_dtype,
)
from metrics_regression.functional.moments import _moments_summary, _moments_update

NORMALIZATIONS = ("mean", "range", "std", "l2")


def _normalized_root_mean_squared_error_arg_validation(normalization: str, num_outputs: int) -> None:
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"Argument `normalization` must be one of {NORMALIZATIONS}, got {normalization!r}")
    _check_num_outputs_arg(num_outputs)


def _normalized_root_mean_squared_error_tensor_validation(preds: Tensor, target: Tensor, num_outputs: int) -> None:
    _check_same_shape(preds, target)
    _check_num_outputs(preds, num_outputs, flatten=True)


def _normalized_root_mean_squared_error_format(
    preds: Tensor, target: Tensor, num_outputs: int
) -> tuple[Tensor, Tensor]:
    """The variables whose co-moments are kept: targets and errors ``preds - target`` (flat for one output)."""
    if num_outputs == 1:
        preds, target = preds.reshape(-1), target.reshape(-1)
    return target, preds - target


def _normalized_root_mean_squared_error_update(preds: Tensor, target: Tensor, num_outputs: int) -> Tensor:
    """The co-moments state of targets and errors."""
    return _moments_update(_normalized_root_mean_squared_error_format(preds, target, num_outputs))


def _normalized_root_mean_squared_error_compute(
    moments: Tensor, normalization: str = "mean", dtype: torch.dtype = torch.float32
) -> Tensor:
    """RMSE divided by the targets' mean, range, standard deviation or L2 norm, per output."""
    count, mean, comoment, low, high = _moments_summary(moments)
    rmse = torch.sqrt((comoment[:, 1, 1] + count * mean[:, 1] ** 2) / count)
    if normalization == "mean":
        denominator = mean[:, 0]
    elif normalization == "range":
        denominator = high[:, 0] - low[:, 0]
    elif normalization == "std":
        denominator = torch.sqrt(comoment[:, 0, 0] / count)
    else:
        denominator = torch.sqrt(comoment[:, 0, 0] + count * mean[:, 0] ** 2)
    return (rmse / denominator).to(dtype).squeeze()


def normalized_root_mean_squared_error(
    preds: Tensor, target: Tensor, normalization: str = "mean", num_outputs: int = 1
) -> Tensor:
    """Root mean squared error divided by the targets' ``"mean"``, ``"range"``, ``"std"`` or ``"l2"`` norm.

    Args:
        preds: predictions, ``(N,)`` or any shape for one output, ``(N, num_outputs)`` for several.
        target: ground truth, same shape.
        normalization: what the RMSE is divided by.
        num_outputs: number of outputs, each scored on its own.

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0])
        >>> normalized_root_mean_squared_error(preds, target, normalization="range")
        tensor(0.0816)
    """
    _normalized_root_mean_squared_error_arg_validation(normalization, num_outputs)
    _normalized_root_mean_squared_error_tensor_validation(preds, target, num_outputs)
    moments = _normalized_root_mean_squared_error_update(preds, target, num_outputs)
    return _normalized_root_mean_squared_error_compute(moments, normalization, _float_dtype(preds, target))

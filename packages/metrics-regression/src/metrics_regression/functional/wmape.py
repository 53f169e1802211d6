"""Weighted mean absolute percentage error."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_same_shape
from metrics_regression.functional.mape import EPSILON


def _weighted_mean_absolute_percentage_error_tensor_validation(preds: Tensor, target: Tensor) -> None:
    _check_same_shape(preds, target)


def _weighted_mean_absolute_percentage_error_update(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """Sum of absolute errors and sum of absolute targets."""
    return (preds - target).abs().sum(), target.abs().sum()


def _weighted_mean_absolute_percentage_error_compute(sum_abs_error: Tensor, sum_scale: Tensor) -> Tensor:
    return sum_abs_error / torch.clamp(sum_scale, min=EPSILON)


def weighted_mean_absolute_percentage_error(preds: Tensor, target: Tensor) -> Tensor:
    """Weighted mean absolute percentage error ``sum(|preds - target|) / sum(|target|)``.

    Example:
        >>> import torch
        >>> weighted_mean_absolute_percentage_error(torch.tensor([1.0, 10.0, 5.0]), torch.tensor([2.0, 12.0, 6.0]))
        tensor(0.2000)
    """
    _weighted_mean_absolute_percentage_error_tensor_validation(preds, target)
    sum_abs_error, sum_scale = _weighted_mean_absolute_percentage_error_update(preds, target)
    return _weighted_mean_absolute_percentage_error_compute(sum_abs_error, sum_scale)

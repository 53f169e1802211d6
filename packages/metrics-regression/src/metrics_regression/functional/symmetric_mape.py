"""Symmetric mean absolute percentage error."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_same_shape
from metrics_regression.functional.mape import EPSILON


def _symmetric_mean_absolute_percentage_error_tensor_validation(preds: Tensor, target: Tensor) -> None:
    _check_same_shape(preds, target)


def _symmetric_mean_absolute_percentage_error_update(preds: Tensor, target: Tensor) -> tuple[Tensor, int]:
    """Sum of ``2 |preds - target| / max(|preds| + |target|, EPSILON)`` over all elements, and their number."""
    scale = torch.clamp(torch.abs(target) + torch.abs(preds), min=EPSILON)
    return 2 * torch.sum(torch.abs(preds - target) / scale), target.numel()


def _symmetric_mean_absolute_percentage_error_compute(sum_abs_per_error: Tensor, num_obs: int | Tensor) -> Tensor:
    return sum_abs_per_error / num_obs


def symmetric_mean_absolute_percentage_error(preds: Tensor, target: Tensor) -> Tensor:
    """Symmetric mean absolute percentage error ``mean(2 |preds - target| / (|preds| + |target|))``, in [0, 2].

    Example:
        >>> import torch
        >>> symmetric_mean_absolute_percentage_error(torch.tensor([1.0, 10.0, 1e6]), torch.tensor([0.9, 15.0, 1.2e6]))
        tensor(0.2290)
    """
    _symmetric_mean_absolute_percentage_error_tensor_validation(preds, target)
    sum_abs_per_error, num_obs = _symmetric_mean_absolute_percentage_error_update(preds, target)
    return _symmetric_mean_absolute_percentage_error_compute(sum_abs_per_error, num_obs)

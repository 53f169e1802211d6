"""Mean absolute percentage error."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_same_shape

# Floor of ``|target|`` in the denominator, so that zero targets give large but finite errors.
EPSILON = 1.17e-06


def _mean_absolute_percentage_error_tensor_validation(preds: Tensor, target: Tensor) -> None:
    _check_same_shape(preds, target)


def _mean_absolute_percentage_error_update(preds: Tensor, target: Tensor) -> tuple[Tensor, int]:
    """Sum of ``|preds - target| / max(|target|, EPSILON)`` over all elements, and their number."""
    relative_error = torch.abs(preds - target) / torch.clamp(torch.abs(target), min=EPSILON)
    return torch.sum(relative_error), target.numel()


def _mean_absolute_percentage_error_compute(sum_abs_per_error: Tensor, num_obs: int | Tensor) -> Tensor:
    return sum_abs_per_error / num_obs


def mean_absolute_percentage_error(preds: Tensor, target: Tensor) -> Tensor:
    """Mean absolute percentage error ``mean(|preds - target| / |target|)`` (a fraction, not percent).

    Targets closer to zero than 1.17e-6 count as 1.17e-6.

    Example:
        >>> import torch
        >>> mean_absolute_percentage_error(torch.tensor([1.0, 10.0, 1e6]), torch.tensor([0.9, 15.0, 1.2e6]))
        tensor(0.2037)
    """
    _mean_absolute_percentage_error_tensor_validation(preds, target)
    sum_abs_per_error, num_obs = _mean_absolute_percentage_error_update(preds, target)
    return _mean_absolute_percentage_error_compute(sum_abs_per_error, num_obs)

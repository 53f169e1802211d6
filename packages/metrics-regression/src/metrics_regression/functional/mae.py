"""Mean absolute error per output."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_num_outputs, _check_num_outputs_arg, _check_same_shape

# Up to this many elements ``torch.dist`` (one call) sums the absolute errors; beyond it a pairwise
# sum keeps float32 accurate over millions of terms.
_DIST_MAX_NUMEL = 1 << 16


def _sum_of_absolutes(diff: Tensor) -> Tensor:
    """Sum of ``|diff|`` over dimension 0 (``diff`` may be overwritten)."""
    if diff.is_floating_point() and not diff.requires_grad:
        return diff.abs_().sum(0)
    return diff.abs().sum(0)


def _mean_absolute_error_arg_validation(num_outputs: int) -> None:
    _check_num_outputs_arg(num_outputs)


def _mean_absolute_error_tensor_validation(preds: Tensor, target: Tensor, num_outputs: int) -> None:
    _check_same_shape(preds, target)
    _check_num_outputs(preds, num_outputs, flatten=True)


def _mean_absolute_error_update(preds: Tensor, target: Tensor, num_outputs: int) -> tuple[Tensor, int]:
    """Sum of absolute errors per output and the number of observations."""
    if num_outputs == 1:
        if preds.ndim != 1:
            preds, target = preds.reshape(-1), target.reshape(-1)
        if preds.is_floating_point() and preds.shape[0] <= _DIST_MAX_NUMEL and preds.dtype == target.dtype:
            return torch.dist(preds, target, 1), target.shape[0]
    return _sum_of_absolutes(preds - target), target.shape[0]


def _mean_absolute_error_compute(sum_abs_error: Tensor, num_obs: int | Tensor) -> Tensor:
    return sum_abs_error / num_obs


def mean_absolute_error(preds: Tensor, target: Tensor, num_outputs: int = 1) -> Tensor:
    """Mean absolute error ``mean(|preds - target|)``.

    Args:
        preds: predictions, ``(N,)`` or any shape for one output, ``(N, num_outputs)`` for several.
        target: ground truth, same shape as ``preds``.
        num_outputs: number of outputs, each scored on its own.

    Example:
        >>> import torch
        >>> mean_absolute_error(torch.tensor([0.0, 1.0, 2.0, 3.0]), torch.tensor([0.0, 1.0, 2.0, 1.0]))
        tensor(0.5000)
    """
    _mean_absolute_error_arg_validation(num_outputs)
    _mean_absolute_error_tensor_validation(preds, target, num_outputs)
    sum_abs_error, num_obs = _mean_absolute_error_update(preds, target, num_outputs)
    return _mean_absolute_error_compute(sum_abs_error, num_obs)

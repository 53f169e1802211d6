"""Mean squared error (and its root) per output."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_num_outputs, _check_num_outputs_arg, _check_same_shape

# Up to this many elements a BLAS dot product (one call) sums the squares; beyond it a pairwise sum
# keeps float32 accurate over millions of terms.
_DOT_MAX_NUMEL = 1 << 16


def _sum_of_squares(diff: Tensor) -> Tensor:
    """Sum of ``diff ** 2`` over dimension 0 (``diff`` may be overwritten)."""
    if diff.ndim == 1 and diff.dtype in (torch.float32, torch.float64) and diff.shape[0] <= _DOT_MAX_NUMEL:
        return torch.dot(diff, diff)
    if diff.is_floating_point() and not diff.requires_grad:
        return diff.square_().sum(0)
    return (diff * diff).sum(0)


def _mean_squared_error_arg_validation(squared: bool, num_outputs: int) -> None:
    if not isinstance(squared, bool):
        raise ValueError(f"Argument `squared` must be a bool, got {squared!r}")
    _check_num_outputs_arg(num_outputs)


def _mean_squared_error_tensor_validation(preds: Tensor, target: Tensor, num_outputs: int) -> None:
    _check_same_shape(preds, target)
    _check_num_outputs(preds, num_outputs, flatten=True)


def _mean_squared_error_update(preds: Tensor, target: Tensor, num_outputs: int) -> tuple[Tensor, int]:
    """Sum of squared errors per output and the number of observations."""
    if num_outputs == 1 and preds.ndim != 1:
        preds, target = preds.reshape(-1), target.reshape(-1)
    return _sum_of_squares(preds - target), target.shape[0]


def _mean_squared_error_compute(sum_squared_error: Tensor, num_obs: int | Tensor, squared: bool = True) -> Tensor:
    mse = sum_squared_error / num_obs
    return mse if squared else torch.sqrt(mse)


def mean_squared_error(preds: Tensor, target: Tensor, squared: bool = True, num_outputs: int = 1) -> Tensor:
    """Mean squared error ``mean((preds - target) ** 2)``, or its root with ``squared=False``.

    Args:
        preds: predictions, ``(N,)`` or any shape for one output, ``(N, num_outputs)`` for several.
        target: ground truth, same shape as ``preds``.
        squared: ``False`` returns the root mean squared error.
        num_outputs: number of outputs, each scored on its own.

    Example:
        >>> import torch
        >>> mean_squared_error(torch.tensor([0.0, 1.0, 2.0, 3.0]), torch.tensor([0.0, 1.0, 2.0, 2.0]))
        tensor(0.2500)
    """
    _mean_squared_error_arg_validation(squared, num_outputs)
    _mean_squared_error_tensor_validation(preds, target, num_outputs)
    sum_squared_error, num_obs = _mean_squared_error_update(preds, target, num_outputs)
    return _mean_squared_error_compute(sum_squared_error, num_obs, squared)

"""Mean squared logarithmic error."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_same_shape


def _mean_squared_log_error_tensor_validation(preds: Tensor, target: Tensor, validate_args: bool = True) -> None:
    """Same shapes; with ``validate_args``, no value at or below -1, where ``log1p`` is undefined (syncs)."""
    _check_same_shape(preds, target)
    if validate_args and preds.numel() and torch.minimum(preds.min(), target.min()).item() <= -1:
        name = "preds" if bool((preds <= -1).any()) else "target"
        raise ValueError(f"Mean squared log error needs values greater than -1, but `{name}` holds values <= -1")


def _mean_squared_log_error_update(preds: Tensor, target: Tensor) -> tuple[Tensor, int]:
    """Sum of ``(log1p(preds) - log1p(target)) ** 2`` over all elements, and their number."""
    diff = torch.log1p(preds) - torch.log1p(target)
    return torch.sum(diff * diff), target.numel()


def _mean_squared_log_error_compute(sum_squared_log_error: Tensor, num_obs: int | Tensor) -> Tensor:
    return sum_squared_log_error / num_obs


def mean_squared_log_error(preds: Tensor, target: Tensor, validate_args: bool = True) -> Tensor:
    """Mean squared logarithmic error ``mean((log(1 + preds) - log(1 + target)) ** 2)``.

    Args:
        preds: predictions, any shape.
        target: ground truth, same shape as ``preds``.
        validate_args: raise a ``ValueError`` for values at or below -1 (costs a device sync).

    Example:
        >>> import torch
        >>> mean_squared_log_error(torch.tensor([0.0, 1.0, 2.0, 3.0]), torch.tensor([0.0, 1.0, 2.0, 2.0]))
        tensor(0.0207)
    """
    _mean_squared_log_error_tensor_validation(preds, target, validate_args)
    sum_squared_log_error, num_obs = _mean_squared_log_error_update(preds, target)
    return _mean_squared_log_error_compute(sum_squared_log_error, num_obs)

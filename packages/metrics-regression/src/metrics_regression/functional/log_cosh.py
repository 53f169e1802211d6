"""Log-cosh error per output."""

from __future__ import annotations

import math

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_num_outputs, _check_num_outputs_arg, _check_same_shape


def _log_cosh_error_arg_validation(num_outputs: int) -> None:
    _check_num_outputs_arg(num_outputs)


def _log_cosh_error_tensor_validation(preds: Tensor, target: Tensor, num_outputs: int | None = None) -> None:
    """Same shapes, ``(N,)`` or ``(N, num_outputs)`` (``None``: any number of columns)."""
    _check_same_shape(preds, target)
    _check_num_outputs(preds, num_outputs or (preds.shape[-1] if preds.ndim == 2 else 1))


def _log_cosh_error_update(preds: Tensor, target: Tensor) -> tuple[Tensor, int]:
    """Sum of ``log(cosh(preds - target))`` over dimension 0, and the number of observations."""
    diff = torch.abs(preds - target)
    # log(cosh(x)) = |x| + log(1 + exp(-2|x|)) - log(2), which cannot overflow.
    log_cosh = diff + torch.log1p(torch.exp(-2 * diff)) - math.log(2.0)
    return log_cosh.sum(0), target.shape[0]


def _log_cosh_error_compute(sum_log_cosh_error: Tensor, num_obs: int | Tensor) -> Tensor:
    return (sum_log_cosh_error / num_obs).squeeze()


def log_cosh_error(preds: Tensor, target: Tensor) -> Tensor:
    """Mean of ``log(cosh(preds - target))``, per output for ``(N, num_outputs)`` inputs.

    Args:
        preds: predictions, ``(N,)`` or ``(N, num_outputs)``.
        target: ground truth, same shape as ``preds``.

    Example:
        >>> import torch
        >>> log_cosh_error(torch.tensor([3.0, 5.0, 2.5, 7.0]), torch.tensor([2.5, 5.0, 4.0, 8.0]))
        tensor(0.3523)
    """
    _log_cosh_error_tensor_validation(preds, target)
    sum_log_cosh_error, num_obs = _log_cosh_error_update(preds, target)
    return _log_cosh_error_compute(sum_log_cosh_error, num_obs)

"""Explained variance, from streaming co-moments."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_same_shape, _float_dtype
from metrics_regression.functional.moments import _moments_summary
from metrics_regression.functional.r2 import _check_multioutput, _r2_score_update, _weighted_average

_explained_variance_arg_validation = _check_multioutput


def _explained_variance_tensor_validation(preds: Tensor, target: Tensor) -> None:
    """Same shapes, ``(N, ...)``: every position after the first dimension is an output."""
    _check_same_shape(preds, target)


def _explained_variance_format(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """``(N,)`` as it is, ``(N, ...)`` as ``(N, outputs)``."""
    if preds.ndim <= 2:
        return preds, target
    return preds.reshape(preds.shape[0], -1), target.reshape(target.shape[0], -1)


def _explained_variance_update(preds: Tensor, target: Tensor) -> Tensor:
    """The co-moments state of targets and residuals of a batch (trailing dimensions flattened into outputs)."""
    return _r2_score_update(*_explained_variance_format(preds, target))


def _explained_variance_compute(
    moments: Tensor, multioutput: str = "uniform_average", dtype: torch.dtype = torch.float32
) -> Tensor:
    """``1 - var(target - preds) / var(target)`` per output (``(outputs,)``) or averaged."""
    count, _, comoment = _moments_summary(moments)[:3]
    residual = comoment[:, 1, 1] / count
    total = comoment[:, 0, 0] / count
    has_residual, has_total = residual != 0, total != 0
    # 0 for a constant target predicted with varying errors, 1 when both variances vanish.
    raw = torch.where(has_residual & has_total, 1 - residual / total, torch.where(has_residual, 0.0, 1.0))
    return _weighted_average(raw, total, multioutput).to(dtype)


def explained_variance(preds: Tensor, target: Tensor, multioutput: str = "uniform_average") -> Tensor:
    """Explained variance ``1 - var(target - preds) / var(target)``.

    Args:
        preds: predictions, ``(N,)``, ``(N, outputs)`` or ``(N, ...)`` (each position an output).
        target: ground truth, same shape.
        multioutput: ``"uniform_average"``, ``"variance_weighted"`` (by target variance) or ``"raw_values"``
            (shaped like one sample).

    Example:
        >>> import torch
        >>> explained_variance(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.9572)
    """
    _explained_variance_arg_validation(multioutput)
    _explained_variance_tensor_validation(preds, target)
    value = _explained_variance_compute(
        _explained_variance_update(preds, target), multioutput, _float_dtype(preds, target)
    )
    return value.reshape(target.shape[1:]) if multioutput == "raw_values" else value

"""Relative squared error, from streaming co-moments."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _float_dtype
from metrics_regression.functional.r2 import _r2_score_tensor_validation, _r2_score_update, _sums_of_squares

_relative_squared_error_tensor_validation = _r2_score_tensor_validation
_relative_squared_error_update = _r2_score_update


def _relative_squared_error_compute(
    moments: Tensor, squared: bool = True, dtype: torch.dtype = torch.float32
) -> Tensor:
    """``sum((target - preds)^2) / sum((target - mean(target))^2)`` (or its root), averaged over outputs."""
    total, residual = _sums_of_squares(moments)
    rse = residual / torch.clamp(total, min=torch.finfo(dtype).eps)
    if not squared:
        rse = torch.sqrt(rse)
    return torch.mean(rse).to(dtype)


def relative_squared_error(preds: Tensor, target: Tensor, squared: bool = True) -> Tensor:
    """Relative squared error ``sum((target - preds)^2) / sum((target - mean(target))^2)``, averaged over outputs.

    Args:
        preds: predictions, ``(N,)`` or ``(N, outputs)``.
        target: ground truth, same shape.
        squared: ``False`` returns the root relative squared error.

    Example:
        >>> import torch
        >>> relative_squared_error(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.0514)
    """
    _relative_squared_error_tensor_validation(preds, target)
    return _relative_squared_error_compute(
        _relative_squared_error_update(preds, target), squared, _float_dtype(preds, target)
    )

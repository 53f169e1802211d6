"""Concordance correlation coefficient (Lin), from streaming co-moments."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.pearson import (
    _correlation_dtype,
    _correlation_statistics,
    _pearson_corrcoef_arg_validation,
    _pearson_corrcoef_tensor_validation,
    _pearson_corrcoef_update,
)

_concordance_corrcoef_arg_validation = _pearson_corrcoef_arg_validation
_concordance_corrcoef_tensor_validation = _pearson_corrcoef_tensor_validation
_concordance_corrcoef_update = _pearson_corrcoef_update


def _concordance_corrcoef_compute(moments: Tensor, dtype: torch.dtype) -> Tensor:
    """``2 rho s_x s_y / (s_x^2 + s_y^2 + (mean_x - mean_y)^2)`` per output (shape ``(outputs,)``)."""
    mean, variance, corrcoef = _correlation_statistics(moments, dtype)
    spread = torch.sqrt(variance[:, 0] * variance[:, 1])
    difference = mean[:, 0] - mean[:, 1]
    concordance = 2.0 * corrcoef * spread / (variance[:, 0] + variance[:, 1] + difference * difference)
    return concordance.to(dtype)


def concordance_corrcoef(preds: Tensor, target: Tensor) -> Tensor:
    """Lin's concordance correlation coefficient between predictions and targets, per output.

    Args:
        preds: predictions, ``(N,)`` or ``(N, num_outputs)``.
        target: ground truth, same shape.

    Example:
        >>> import torch
        >>> concordance_corrcoef(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor([0.9777])
    """
    _concordance_corrcoef_tensor_validation(preds, target)
    return _concordance_corrcoef_compute(_concordance_corrcoef_update(preds, target), _correlation_dtype(preds, target))

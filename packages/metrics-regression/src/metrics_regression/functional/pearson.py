"""Pearson correlation coefficient, from streaming co-moments."""

from __future__ import annotations

import math
import warnings

import torch
from torch import Tensor

from metrics_regression.functional.checks import (
    _check_num_outputs,
    _check_num_outputs_arg,
    _check_same_shape,
    _float_dtype,
)
from metrics_regression.functional.moments import _moments_summary, _moments_update


def _pearson_corrcoef_arg_validation(num_outputs: int) -> None:
    _check_num_outputs_arg(num_outputs)


def _pearson_corrcoef_tensor_validation(preds: Tensor, target: Tensor, num_outputs: int | None = None) -> None:
    """Same shapes, ``(N,)`` or ``(N, num_outputs)`` (``None``: any number of columns)."""
    _check_same_shape(preds, target)
    _check_num_outputs(preds, num_outputs or (preds.shape[-1] if preds.ndim == 2 else 1))


def _pearson_corrcoef_update(preds: Tensor, target: Tensor) -> Tensor:
    """The co-moments state of a batch."""
    return _moments_update((preds, target))


def _correlation_statistics(moments: Tensor, dtype: torch.dtype) -> tuple[Tensor, Tensor, Tensor]:
    """Means, sample variances and Pearson correlation (NaN, with a warning, where a variance is ~0).

    As TorchMetrics does, a variable whose variance is below ``sqrt(eps)`` of ``dtype`` times its
    squared largest deviation from the mean counts as constant, and so does one seen fewer than twice.
    """
    count, mean, comoment, low, high = _moments_summary(moments)
    variance = torch.diagonal(comoment, dim1=-2, dim2=-1) / (count - 1).unsqueeze(-1)
    covariance = comoment[:, 0, 1] / (count - 1)
    spread = torch.maximum(high - mean, mean - low)
    scaled = variance / (spread * spread)
    scaled_covariance = covariance / (spread[:, 0] * spread[:, 1])
    if dtype == torch.float16 and moments.device.type == "cpu":
        dtype = torch.bfloat16  # TorchMetrics computes half precision on the CPU in bfloat16
    bound = math.sqrt(torch.finfo(dtype).eps)
    finite = torch.isfinite(scaled)
    degenerate = (scaled < bound).any(-1) | ~finite.all(-1) | ~torch.isfinite(scaled_covariance)
    # As TorchMetrics: warn for a variance near zero, or where no output has a finite value.
    warn = (scaled < bound).any() | ~finite.any(0).all() | ~torch.isfinite(scaled_covariance).any()
    if bool(warn):
        warnings.warn(
            "The variance of predictions or target is close to zero (or fewer than two samples were seen),"
            " so the correlation coefficient is not defined there; it is set to NaN.",
            UserWarning,
            stacklevel=3,
        )
    corrcoef = covariance / torch.sqrt(variance[:, 0] * variance[:, 1])
    corrcoef = torch.where(degenerate, math.nan, corrcoef.clamp(-1.0, 1.0))
    return mean, variance, corrcoef


def _pearson_corrcoef_compute(moments: Tensor, dtype: torch.dtype) -> Tensor:
    """Pearson correlation per output, as ``dtype`` (a scalar for one output)."""
    corrcoef = _correlation_statistics(moments, dtype)[2]
    return corrcoef.to(dtype).squeeze()


def _correlation_dtype(preds: Tensor, target: Tensor) -> torch.dtype:
    """The result dtype: that of floating point ``(N,)`` predictions (as TorchMetrics), else the promoted one."""
    return preds.dtype if preds.ndim == 1 and preds.is_floating_point() else _float_dtype(preds, target)


def pearson_corrcoef(preds: Tensor, target: Tensor) -> Tensor:
    """Pearson correlation coefficient between predictions and targets, per output.

    Args:
        preds: predictions, ``(N,)`` or ``(N, num_outputs)``.
        target: ground truth, same shape.

    Returns NaN (with a warning) for an output whose predictions or targets are constant.

    Example:
        >>> import torch
        >>> pearson_corrcoef(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.9849)
    """
    _pearson_corrcoef_tensor_validation(preds, target)
    return _pearson_corrcoef_compute(_pearson_corrcoef_update(preds, target), _correlation_dtype(preds, target))

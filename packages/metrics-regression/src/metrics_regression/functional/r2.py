"""R² (coefficient of determination), from streaming co-moments."""

from __future__ import annotations

import warnings

import torch
from torch import Tensor

from metrics_regression.functional.checks import InputShapeError, _check_same_shape, _float_dtype
from metrics_regression.functional.moments import _moments_summary, _moments_update

MULTIOUTPUTS = ("raw_values", "uniform_average", "variance_weighted")
# Below this absolute value a sum of squares counts as zero (as in TorchMetrics).
_ZERO_ATOL = 1e-4


def _check_multioutput(multioutput: str) -> None:
    if multioutput not in MULTIOUTPUTS:
        raise ValueError(f"Argument `multioutput` must be one of {MULTIOUTPUTS}, got {multioutput!r}")


def _r2_score_arg_validation(adjusted: int = 0, multioutput: str = "uniform_average") -> None:
    if not isinstance(adjusted, int) or isinstance(adjusted, bool) or adjusted < 0:
        raise ValueError(f"Argument `adjusted` must be an integer >= 0, got {adjusted!r}")
    _check_multioutput(multioutput)


def _r2_score_tensor_validation(preds: Tensor, target: Tensor) -> None:
    """Same shapes, ``(N,)`` or ``(N, outputs)``."""
    _check_same_shape(preds, target)
    if preds.ndim > 2:
        raise InputShapeError(f"Expected `preds` and `target` of shape (N,) or (N, outputs), got {tuple(preds.shape)}")


def _r2_score_update(preds: Tensor, target: Tensor) -> Tensor:
    """The co-moments state of targets and residuals ``target - preds``."""
    return _moments_update((target, target - preds), track_range=False)


def _sums_of_squares(moments: Tensor) -> tuple[Tensor, Tensor]:
    """From the co-moments of targets and residuals: ``sum (t - mean(t))^2`` and ``sum r^2``, per output."""
    count, mean, comoment = _moments_summary(moments)[:3]
    return comoment[:, 0, 0], comoment[:, 1, 1] + count * mean[:, 1] ** 2


def _weighted_average(raw: Tensor, weights: Tensor, multioutput: str) -> Tensor:
    if multioutput == "raw_values":
        return raw
    if multioutput == "uniform_average":
        return raw.mean()
    return torch.sum(weights / weights.sum() * raw)


def _r2_score_compute(
    moments: Tensor, adjusted: int = 0, multioutput: str = "uniform_average", dtype: torch.dtype = torch.float32
) -> Tensor:
    """R² per output (``(outputs,)``) or averaged, adjusted for ``adjusted`` regressors when nonzero."""
    count = moments[:, 0, 0]
    num_obs = int(count[0])
    if num_obs < 2:
        raise ValueError("Needs at least two samples to calculate r2 score.")
    total, residual = _sums_of_squares(moments)
    has_residual = ~(residual.abs() <= _ZERO_ATOL)
    has_total = ~(total.abs() <= _ZERO_ATOL)
    # 1 - rss / tss; 0 for a constant target predicted wrongly, 1 when both vanish.
    raw = torch.where(has_residual & has_total, 1 - residual / total, (~has_residual).to(total.dtype))
    r2 = _weighted_average(raw, total, multioutput)
    if adjusted != 0:
        if adjusted > num_obs - 1:
            warnings.warn(
                "More independent regressions than data points in adjusted r2 score; using the standard r2 score.",
                UserWarning,
                stacklevel=2,
            )
        elif adjusted == num_obs - 1:
            warnings.warn(
                "Division by zero in adjusted r2 score; using the standard r2 score.", UserWarning, stacklevel=2
            )
        else:
            r2 = 1 - (1 - r2) * (num_obs - 1) / (num_obs - adjusted - 1)
    return r2.to(dtype)


def r2_score(preds: Tensor, target: Tensor, adjusted: int = 0, multioutput: str = "uniform_average") -> Tensor:
    """R², the coefficient of determination ``1 - sum((target - preds)^2) / sum((target - mean(target))^2)``.

    Args:
        preds: predictions, ``(N,)`` or ``(N, outputs)``.
        target: ground truth, same shape.
        adjusted: number of independent regressors for the adjusted R² (0: plain R²).
        multioutput: ``"uniform_average"``, ``"variance_weighted"`` (by target variance) or ``"raw_values"``.

    Example:
        >>> import torch
        >>> r2_score(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.9486)
    """
    _r2_score_arg_validation(adjusted, multioutput)
    _r2_score_tensor_validation(preds, target)
    value = _r2_score_compute(_r2_score_update(preds, target), adjusted, multioutput, _float_dtype(preds, target))
    return value.reshape(target.shape[1:]) if multioutput == "raw_values" else value

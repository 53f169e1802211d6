"""Continuous ranked probability score of an ensemble forecast."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import InputShapeError, _check_tensor


def _crps_tensor_validation(preds: Tensor, target: Tensor) -> None:
    """``preds`` is ``(N, M)`` with at least two members, ``target`` is ``(N,)``."""
    _check_tensor("preds", preds)
    _check_tensor("target", target)
    if preds.ndim != 2 or target.shape != preds.shape[:1]:
        raise InputShapeError(
            "Expected `preds` of shape (N, M) (M ensemble members) and `target` of shape (N,),"
            f" got {tuple(preds.shape)} and {tuple(target.shape)}"
        )
    if preds.shape[1] < 2:
        raise ValueError(f"CRPS needs at least 2 ensemble members, got `preds` of shape {tuple(preds.shape)}")


def _crps_update(preds: Tensor, target: Tensor) -> tuple[Tensor, int]:
    """Sum over the batch of ``mean|x_i - y| - mean|x_i - x_j| / 2``, and the batch size."""
    if not preds.is_floating_point():  # integer forecasts average to the default dtype
        preds = preds.to(torch.get_default_dtype())
    members = preds.shape[1]
    spread_to_target = torch.abs(preds - target.unsqueeze(1)).mean(1)
    # For sorted members, sum_{i,j} |x_i - x_j| = 2 * sum_i (2i - M + 1) x_(i), with i counted from 0.
    weights = torch.arange(1 - members, members, 2, device=preds.device, dtype=preds.dtype)
    pairwise = (torch.sort(preds, dim=1).values * weights).sum(1) / (members * members)
    return torch.sum(spread_to_target - pairwise), preds.shape[0]


def _crps_compute(score: Tensor, total: int | Tensor) -> Tensor:
    return score / total


def continuous_ranked_probability_score(preds: Tensor, target: Tensor) -> Tensor:
    """Continuous ranked probability score of ensemble forecasts, averaged over the batch (lower is better).

    Args:
        preds: ensemble forecasts, ``(N, M)`` with ``M >= 2`` members.
        target: observations, ``(N,)``.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.0, 1.0, 2.0], [1.0, 1.5, 3.0]])
        >>> continuous_ranked_probability_score(preds, torch.tensor([1.0, 2.5]))
        tensor(0.3889)
    """
    _crps_tensor_validation(preds, target)
    score, total = _crps_update(preds, target)
    return _crps_compute(score, total)

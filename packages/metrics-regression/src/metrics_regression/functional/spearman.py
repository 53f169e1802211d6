"""Spearman rank correlation coefficient."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_num_outputs, _check_num_outputs_arg, _check_same_shape

_spearman_corrcoef_arg_validation = _check_num_outputs_arg


def _spearman_corrcoef_tensor_validation(preds: Tensor, target: Tensor, num_outputs: int | None = None) -> None:
    """Floating point tensors of the same shape, ``(N,)`` or ``(N, num_outputs)`` (``None``: any columns)."""
    _check_same_shape(preds, target)
    if not (preds.is_floating_point() and target.is_floating_point()):
        raise TypeError(
            f"Expected `preds` and `target` to be floating point tensors, got {preds.dtype} and {target.dtype}"
        )
    _check_num_outputs(preds, num_outputs or (preds.shape[-1] if preds.ndim == 2 else 1))


def _rank_data(data: Tensor) -> Tensor:
    """Ranks from 1 along dimension 0, ties sharing their average rank (float32)."""
    num = data.shape[0]
    values, order = data.sort(dim=0)
    positions = torch.arange(num, device=data.device).view(-1, *([1] * (data.ndim - 1))).expand_as(data)
    starts = torch.ones_like(data, dtype=torch.bool)
    starts[1:] = values[1:] != values[:-1]
    ends = torch.ones_like(starts)
    ends[:-1] = starts[1:]
    first = torch.where(starts, positions, 0).cummax(0).values
    last = torch.where(ends, positions, num - 1).flip(0).cummin(0).values.flip(0)
    ranks = torch.empty_like(data, dtype=torch.float32)
    return ranks.scatter_(0, order, (first + last).float() / 2 + 1)


def _spearman_corrcoef_compute(preds: Tensor, target: Tensor, eps: float = 1e-6) -> Tensor:
    """Pearson correlation of the ranks, ``cov / (std_p * std_t + eps)``, per column."""
    preds, target = _rank_data(preds), _rank_data(target)
    preds_diff = preds - preds.mean(0)
    target_diff = target - target.mean(0)
    cov = (preds_diff * target_diff).mean(0)
    preds_std = torch.sqrt((preds_diff * preds_diff).mean(0))
    target_std = torch.sqrt((target_diff * target_diff).mean(0))
    return torch.clamp(cov / (preds_std * target_std + eps), -1.0, 1.0)


def spearman_corrcoef(preds: Tensor, target: Tensor) -> Tensor:
    """Spearman rank correlation coefficient between predictions and targets, per output.

    Args:
        preds: floating point predictions, ``(N,)`` or ``(N, num_outputs)``.
        target: floating point ground truth, same shape.

    Example:
        >>> import torch
        >>> spearman_corrcoef(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(1.0000)
    """
    _spearman_corrcoef_tensor_validation(preds, target)
    return _spearman_corrcoef_compute(preds, target)

"""Exact match: the fraction of samples whose every prediction (all positions, or all labels) is right."""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.stat_scores import (
    MultidimAverage,
    _classification_task,
    _multiclass_stat_scores_arg_validation,
    _multiclass_stat_scores_format,
    _multiclass_stat_scores_tensor_validation,
    _multilabel_stat_scores_arg_validation,
    _multilabel_stat_scores_format,
    _multilabel_stat_scores_tensor_validation,
    _safe_divide,
)


def _multiclass_exact_match_update(
    preds: Tensor, target: Tensor, multidim_average: MultidimAverage = "global", ignore_index: int | None = None
) -> tuple[Tensor, Tensor]:
    """Formatted labels (N, X) -> (samples with every position right, samples): totals, or per sample."""
    right = preds == target
    if ignore_index is not None:
        right |= target == ignore_index
    correct = right.all(1) if right.ndim > 1 else right
    if multidim_average == "samplewise":
        return correct, torch.tensor(1, device=correct.device)
    return correct.sum(), torch.tensor(preds.shape[0], device=correct.device)


def _multilabel_exact_match_update(
    preds: Tensor, target: Tensor, num_labels: int, multidim_average: MultidimAverage = "global"
) -> tuple[Tensor, Tensor]:
    """Formatted labels (N, L, X) -> (positions with every label right, positions): totals, or per sample.

    Ignored targets (-1 after formatting) count as right.
    """
    correct = ((preds == target) | (target == -1)).all(1)
    if multidim_average == "samplewise":  # unvalidated (N, L) inputs count one position per sample
        positions = preds.shape[2] if preds.ndim > 2 else 1
        return correct.reshape(correct.shape[0], -1).sum(-1), torch.tensor(positions, device=correct.device)
    return correct.sum(), torch.tensor(correct.numel(), device=correct.device)


def _exact_match_reduce(correct: Tensor, total: Tensor) -> Tensor:
    """The fraction ``correct / total``."""
    return _safe_divide(correct, total)


def multiclass_exact_match(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Exact match of multiclass predictions: the fraction of samples (N, ...) with every position right.

    Args:
        preds: labels (N, ...) or scores (N, C, ...), whose argmax is the prediction.
        target: labels in [0, num_classes), shape (N, ...).
        num_classes: number of classes.
        multidim_average: ``"global"`` over all samples, ``"samplewise"`` one 0/1 value per sample.
        ignore_index: target value whose positions count as right.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> target = torch.tensor([[[0, 1], [2, 1], [0, 2]], [[1, 1], [2, 0], [1, 2]]])
        >>> preds = torch.tensor([[[0, 1], [2, 1], [0, 2]], [[2, 2], [2, 1], [1, 0]]])
        >>> multiclass_exact_match(preds, target, num_classes=3)
        tensor(0.5000)
    """
    if validate_args:
        _multiclass_stat_scores_arg_validation(num_classes, 1, None, multidim_average, ignore_index)
        _multiclass_stat_scores_tensor_validation(preds, target, num_classes, multidim_average, ignore_index)
    preds, target = _multiclass_stat_scores_format(preds, target, 1)
    correct, total = _multiclass_exact_match_update(preds, target, multidim_average, ignore_index)
    return _exact_match_reduce(correct, total)


def multilabel_exact_match(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Exact match of multilabel predictions: the fraction of samples (N, L) with every label right.

    Args:
        preds: labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, L, ...).
        target: 0/1 labels, shape (N, L, ...).
        num_labels: number of labels L.
        threshold: probability above which a prediction is positive.
        multidim_average: ``"global"`` over all samples and positions, ``"samplewise"`` over the positions of each
            sample.
        ignore_index: target value that counts as right.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> target = torch.tensor([[0, 1, 0], [1, 0, 1]])
        >>> multilabel_exact_match(torch.tensor([[0.1, 0.9, 0.2], [0.8, 0.3, 0.4]]), target, num_labels=3)
        tensor(0.5000)
    """
    if validate_args:
        _multilabel_stat_scores_arg_validation(num_labels, threshold, None, multidim_average, ignore_index)
        _multilabel_stat_scores_tensor_validation(preds, target, num_labels, multidim_average, ignore_index)
    preds, target = _multilabel_stat_scores_format(preds, target, num_labels, threshold, ignore_index)
    correct, total = _multilabel_exact_match_update(preds, target, num_labels, multidim_average)
    return _exact_match_reduce(correct, total)


def exact_match(
    preds: Tensor,
    target: Tensor,
    task: Literal["multiclass", "multilabel"],
    num_classes: int | None = None,
    num_labels: int | None = None,
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Exact match of a ``task``: ``"multiclass"`` or ``"multilabel"`` (see the functions of each).

    Example:
        >>> import torch
        >>> target = torch.tensor([[0, 1, 0], [1, 0, 1]])
        >>> exact_match(torch.tensor([[0, 1, 0], [1, 1, 1]]), target, task="multilabel", num_labels=3)
        tensor(0.5000)
    """
    task = _classification_task(task, ("multiclass", "multilabel"))
    if task == "multiclass":
        return multiclass_exact_match(preds, target, num_classes, multidim_average, ignore_index, validate_args)
    return multilabel_exact_match(preds, target, num_labels, threshold, multidim_average, ignore_index, validate_args)

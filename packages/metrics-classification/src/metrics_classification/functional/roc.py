"""Receiver operating characteristic (ROC) curves: false and true positive rates at every threshold.

The states and input steps are those of :mod:`metrics_classification.functional.precision_recall_curve`.
"""

from __future__ import annotations

import warnings
from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.precision_recall_curve import (
    CurveAverage,
    Curves,
    Thresholds,
    _binary_columns,
    _binary_curve_input,
    _confmat_stats,
    _curve_task,
    _divide,
    _macro_curve,
    _multiclass_columns,
    _multiclass_curve_input,
    _multiclass_precision_recall_curve_arg_validation,
    _multilabel_columns,
    _multilabel_curve_input,
    _multilabel_precision_recall_curve_arg_validation,
    _rank,
    _Ranking,
    _split_curves,
)

_NO_NEGATIVES = (
    "No negative samples in targets, false positive value should be meaningless."
    " Returning zero tensor in false positive score"
)
_NO_POSITIVES = (
    "No positive samples in targets, true positive value should be meaningless."
    " Returning zero tensor in true positive score"
)


def _warn_undefined_rates(ranking: _Ranking) -> list[list[bool]]:
    """TorchMetrics' warnings, class by class, for classes without negatives or without positives (one host sync).

    Returns ``[no_negatives, no_positives]`` of each class.
    """
    flags = torch.cat([ranking.negatives == 0, ranking.positives == 0], 1).tolist()
    for no_negatives, no_positives in flags:
        if no_negatives:
            warnings.warn(_NO_NEGATIVES, UserWarning, stacklevel=4)
        if no_positives:
            warnings.warn(_NO_POSITIVES, UserWarning, stacklevel=4)
    return flags


def _rates(tps: Tensor, fps: Tensor, ranking: _Ranking) -> tuple[Tensor, Tensor]:
    """False and true positive rates (C, K) of cumulative counts; zero for a class lacking negatives/positives."""
    fpr = _divide(fps, ranking.negatives.expand_as(fps), 0.0)
    tpr = _divide(tps, ranking.positives.expand_as(tps), 0.0)
    return fpr, tpr


def _exact_roc_curves(ranking: _Ranking) -> tuple[list[Tensor], list[Tensor], list[Tensor]]:
    """Per class: fpr and tpr from (0, 0), thresholds decreasing from 1.

    As in TorchMetrics, an undefined rate (all zeros) has the dtype of the scores.
    """
    flags = _warn_undefined_rates(ranking)
    fpr, tpr = _rates(ranking.tps, ranking.fps(), ranking)
    zeros = torch.zeros(fpr.shape[0], 1, device=fpr.device)
    last = torch.cat([zeros == 0, ranking.last], 1)
    thresholds = torch.cat([(zeros + 1).to(ranking.dtype), ranking.scores()], 1)
    fpr, tpr, thresholds = _split_curves(last, torch.cat([zeros, fpr], 1), torch.cat([zeros, tpr], 1), thresholds)
    dtype = ranking.dtype
    fpr = [rate.to(dtype) if no_negatives else rate for rate, (no_negatives, _) in zip(fpr, flags)]
    tpr = [rate.to(dtype) if no_positives else rate for rate, (_, no_positives) in zip(tpr, flags)]
    return fpr, tpr, thresholds


def _exact_roc_filled(ranking: _Ranking) -> tuple[Tensor, Tensor]:
    """False and true positive rates (C, M + 1) from (0, 0), each position at the end of its tie group.

    Repeated points add nothing to an area, so these give the exact curves' areas without extracting them.
    A class with an undefined rate makes them float64 for float64 scores, as TorchMetrics' areas are.
    """
    flags = _warn_undefined_rates(ranking)
    fpr, tpr = _rates(*ranking.filled(), ranking)
    if any(map(any, flags)):
        dtype = torch.promote_types(fpr.dtype, ranking.dtype)
        fpr, tpr = fpr.to(dtype), tpr.to(dtype)
    zeros = torch.zeros(fpr.shape[0], 1, dtype=fpr.dtype, device=fpr.device)
    return torch.cat([zeros, fpr], 1), torch.cat([zeros, tpr], 1)


def _binned_roc(confmat: Tensor) -> tuple[Tensor, Tensor]:
    """False and true positive rates (C, T) of tables (T, C, 2, 2), thresholds decreasing; zero where undefined."""
    tp, fp, tn, fn = _confmat_stats(confmat)
    return _divide(fp, fp + tn, 0.0).flip(0).T, _divide(tp, tp + fn, 0.0).flip(0).T


def _binary_roc_compute(
    state: Tensor | tuple[Tensor, Tensor], thresholds: Tensor | None
) -> tuple[Tensor, Tensor, Tensor]:
    """Binary state (exact ``(preds, target)`` or binned tables (T, 2, 2)) -> fpr, tpr, thresholds."""
    if thresholds is not None:
        fpr, tpr = _binned_roc(state.unsqueeze(1))
        return fpr[0], tpr[0], thresholds.flip(0)
    return tuple(curve[0] for curve in _exact_roc_curves(_rank(_binary_columns(*state))))


def _multiclass_roc_compute(
    state: Tensor | tuple[Tensor, Tensor], num_classes: int, thresholds: Tensor | None, average: CurveAverage = None
) -> Curves:
    """Multiclass state -> per-class ROC curves (a list each when exact), or their micro/macro average."""
    if average == "micro":
        if thresholds is not None:
            return _binary_roc_compute(state.sum(1), thresholds)
        ranking = _rank(_multiclass_columns(*state, num_classes, micro=True))
        return tuple(curve[0] for curve in _exact_roc_curves(ranking))
    if thresholds is not None:
        curves = (*_binned_roc(state), thresholds.flip(0))
    else:
        curves = _exact_roc_curves(_rank(_multiclass_columns(*state, num_classes)))
    if average == "macro":
        return _macro_curve(*curves, descending=True)
    return curves


def _multilabel_roc_compute(state: Tensor | tuple[Tensor, Tensor], thresholds: Tensor | None) -> Curves:
    """Multilabel state -> per-label ROC curves (a list each when exact)."""
    if thresholds is not None:
        return (*_binned_roc(state), thresholds.flip(0))
    return _exact_roc_curves(_rank(_multilabel_columns(*state)))


def binary_roc(
    preds: Tensor,
    target: Tensor,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor, Tensor]:
    """ROC curve of binary scores: false and true positive rates at every threshold, thresholds decreasing.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        thresholds: None for the exact curve over every distinct score; an int, a list or a 1-d tensor of
            thresholds for a binned curve.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> binary_roc(torch.tensor([0.0, 0.5, 0.7, 0.8]), torch.tensor([0, 1, 1, 0]))
        (tensor([0.0000, 0.5000, 0.5000, 0.5000, 1.0000]), tensor([0.0000, 0.0000, 0.5000, 1.0000, 1.0000]), tensor([1.0000, 0.8000, 0.7000, 0.5000, 0.0000]))
    """  # noqa: E501
    state, thresholds = _binary_curve_input(preds, target, thresholds, ignore_index, validate_args)
    return _binary_roc_compute(state, thresholds)


def multiclass_roc(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    thresholds: Thresholds = None,
    average: CurveAverage = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Curves:
    """One-vs-rest ROC curve of each class of multiclass scores.

    Args:
        preds: probabilities or logits (a softmax is applied when values lie outside [0, 1]), shape (N, C, ...).
        target: labels in [0, num_classes), shape (N, ...).
        num_classes: number of classes.
        thresholds: None (exact: lists of per-class curves) or an int, list or tensor of thresholds (binned).
        average: None for per-class curves, ``"micro"`` for one curve over all one-hot entries, ``"macro"`` for the
            mean of the class curves interpolated at their common false positive rates.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6]])
        >>> fpr, tpr, thresholds = multiclass_roc(preds, torch.tensor([0, 1, 1]), num_classes=3)
        >>> fpr[1], tpr[1]
        (tensor([0., 0., 1.]), tensor([0.0000, 0.5000, 1.0000]))
    """
    if validate_args:
        _multiclass_precision_recall_curve_arg_validation(num_classes, thresholds, ignore_index, average)
    state, thresholds = _multiclass_curve_input(preds, target, num_classes, thresholds, ignore_index, validate_args)
    return _multiclass_roc_compute(state, num_classes, thresholds, average)


def multilabel_roc(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Curves:
    """ROC curve of each label of multilabel scores.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, L, ...).
        target: 0/1 labels, shape (N, L, ...).
        num_labels: number of labels.
        thresholds: None (exact: lists of per-label curves) or an int, list or tensor of thresholds (binned).
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9]])
        >>> fpr, tpr, thresholds = multilabel_roc(preds, torch.tensor([[1, 0], [0, 1], [1, 1]]), 2, thresholds=3)
        >>> tpr
        tensor([[0.0000, 0.5000, 1.0000],
                [0.0000, 1.0000, 1.0000]])
    """
    if validate_args:
        _multilabel_precision_recall_curve_arg_validation(num_labels, thresholds, ignore_index)
    state, thresholds = _multilabel_curve_input(preds, target, num_labels, thresholds, ignore_index, validate_args)
    return _multilabel_roc_compute(state, thresholds)


def roc(
    preds: Tensor,
    target: Tensor,
    task: Literal["binary", "multiclass", "multilabel"],
    thresholds: Thresholds = None,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: CurveAverage = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Curves:
    """ROC curve of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"``.

    Example:
        >>> import torch
        >>> fpr, tpr, thresholds = roc(torch.tensor([0.1, 0.4, 0.8]), torch.tensor([0, 1, 1]), task="binary")
        >>> tpr
        tensor([0.0000, 0.5000, 1.0000, 1.0000])
    """
    task = _curve_task(task, num_classes, num_labels)
    if task == "binary":
        return binary_roc(preds, target, thresholds, ignore_index, validate_args)
    if task == "multiclass":
        return multiclass_roc(preds, target, num_classes, thresholds, average, ignore_index, validate_args)
    return multilabel_roc(preds, target, num_labels, thresholds, ignore_index, validate_args)

"""Average precision: the area under the precision-recall curve as a sum of precisions weighted by recall steps.

Exact scores are computed on all classes at once from one sort, on the "filled" cumulative counts of
:mod:`~metrics_classification.functional.precision_recall_curve`, without extracting the per-class curves.
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.auroc import (
    _CLASS_AVERAGES,
    _LABEL_AVERAGES,
    ClassAverage,
    LabelAverage,
)
from metrics_classification.functional.precision_recall_curve import (
    Thresholds,
    _binary_columns,
    _binary_curve_input,
    _binned_pr_curves,
    _check_average,
    _ClassColumns,
    _curve_task,
    _multiclass_columns,
    _multiclass_curve_input,
    _multiclass_precision_recall_curve_arg_validation,
    _multiclass_recall_ones,
    _multilabel_columns,
    _multilabel_curve_input,
    _multilabel_precision_recall_curve_arg_validation,
    _rank,
    _reduce_class_scores,
    _warn_no_positives,
)


def _multiclass_average_precision_arg_validation(
    num_classes: int, average: ClassAverage = "macro", thresholds: Thresholds = None, ignore_index: int | None = None
) -> None:
    """``average`` one of macro, weighted, none, None, and the curve arguments."""
    _multiclass_precision_recall_curve_arg_validation(num_classes, thresholds, ignore_index)
    _check_average(average, _CLASS_AVERAGES)


def _multilabel_average_precision_arg_validation(
    num_labels: int, average: LabelAverage = "macro", thresholds: Thresholds = None, ignore_index: int | None = None
) -> None:
    """``average`` one of micro, macro, weighted, none, None, and the curve arguments."""
    _multilabel_precision_recall_curve_arg_validation(num_labels, thresholds, ignore_index)
    _check_average(average, _LABEL_AVERAGES)


def _class_average_precisions(
    columns_or_confmat: _ClassColumns | Tensor, recall_ones: Tensor | None = None
) -> tuple[Tensor, Tensor]:
    """Average precision of each class (C,) and its number of positives, from exact columns or binned tables.

    Exact: a class without positives gets NaN (recall undefined), unless ``recall_ones`` (default: the classes
    without positives) sets its recall to one, as TorchMetrics does, which gives 0.
    """
    if isinstance(columns_or_confmat, Tensor):
        precision, recall = (curve.nan_to_num(0.0) for curve in _binned_pr_curves(columns_or_confmat))
        scores = -((recall[:, 1:] - recall[:, :-1]) * precision[:, :-1]).sum(1)
        return scores, columns_or_confmat[:1, :, 1, :].sum((0, -1))
    ranking = _rank(columns_or_confmat)
    recall_ones = ranking.positives == 0 if recall_ones is None else recall_ones
    _warn_no_positives(recall_ones)
    tps, fps = ranking.filled()
    tps = tps.float()
    precision = tps / (tps + fps)
    recall = torch.where(recall_ones, 1.0, tps / ranking.positives)
    steps = torch.diff(recall, dim=1, prepend=torch.zeros_like(recall[:, :1]))
    return (steps * precision).sum(1), ranking.positives[:, 0]


def _binary_average_precision_compute(state: Tensor | tuple[Tensor, Tensor], thresholds: Tensor | None) -> Tensor:
    """Binary state (exact ``(preds, target)`` or binned tables (T, 2, 2)) -> average precision."""
    columns = state.unsqueeze(1) if thresholds is not None else _binary_columns(*state)
    return _class_average_precisions(columns)[0][0]


def _multiclass_average_precision_compute(
    state: Tensor | tuple[Tensor, Tensor],
    num_classes: int,
    average: ClassAverage = "macro",
    thresholds: Tensor | None = None,
) -> Tensor:
    """Multiclass state -> one-vs-rest average precision per class, or its macro / support-weighted average."""
    if thresholds is not None:
        scores, positives = _class_average_precisions(state)
    else:
        recall_ones = _multiclass_recall_ones(state[1], num_classes)
        scores, positives = _class_average_precisions(_multiclass_columns(*state, num_classes), recall_ones)
    return _reduce_class_scores(scores, average, positives)


def _multilabel_average_precision_compute(
    state: Tensor | tuple[Tensor, Tensor], average: LabelAverage, thresholds: Tensor | None
) -> Tensor:
    """Multilabel state -> average precision per label, its macro / weighted average, or the micro score."""
    if average == "micro":
        columns = state.sum(1, keepdim=True) if thresholds is not None else _multilabel_columns(*state, micro=True)
        return _class_average_precisions(columns)[0][0]
    scores, positives = _class_average_precisions(state if thresholds is not None else _multilabel_columns(*state))
    return _reduce_class_scores(scores, average, positives)


def binary_average_precision(
    preds: Tensor,
    target: Tensor,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Average precision of binary scores: precision at each threshold weighted by the recall gained there.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        thresholds: None for the exact score; an int, a list or a 1-d tensor of thresholds for a binned one.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> binary_average_precision(torch.tensor([0.0, 0.5, 0.7, 0.8]), torch.tensor([0, 1, 1, 0]))
        tensor(0.5833)
    """
    state, thresholds = _binary_curve_input(preds, target, thresholds, ignore_index, validate_args)
    return _binary_average_precision_compute(state, thresholds)


def multiclass_average_precision(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    average: ClassAverage = "macro",
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """One-vs-rest average precision of multiclass scores.

    Args:
        preds: probabilities or logits (a softmax is applied when values lie outside [0, 1]), shape (N, C, ...).
        target: labels in [0, num_classes), shape (N, ...).
        num_classes: number of classes.
        average: ``"macro"`` (mean over classes), ``"weighted"`` (by support), ``"none"``/``None`` (per class).
        thresholds: None for exact scores; an int, a list or a 1-d tensor of thresholds for binned ones.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> multiclass_average_precision(preds, torch.tensor([0, 1, 1, 2]), num_classes=3, average=None)
        tensor([1.0000, 0.8333, 1.0000])
    """
    if validate_args:
        _multiclass_average_precision_arg_validation(num_classes, average, thresholds, ignore_index)
    state, thresholds = _multiclass_curve_input(preds, target, num_classes, thresholds, ignore_index, validate_args)
    return _multiclass_average_precision_compute(state, num_classes, average, thresholds)


def multilabel_average_precision(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    average: LabelAverage = "macro",
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Average precision of multilabel scores.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, L, ...).
        target: 0/1 labels, shape (N, L, ...).
        num_labels: number of labels.
        average: ``"micro"`` (all entries as one binary problem), ``"macro"``, ``"weighted"`` (by support),
            ``"none"``/``None`` (per label).
        thresholds: None for exact scores; an int, a list or a 1-d tensor of thresholds for binned ones.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> multilabel_average_precision(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]), 2, average=None)
        tensor([0.8333, 1.0000])
    """
    if validate_args:
        _multilabel_average_precision_arg_validation(num_labels, average, thresholds, ignore_index)
    state, thresholds = _multilabel_curve_input(preds, target, num_labels, thresholds, ignore_index, validate_args)
    return _multilabel_average_precision_compute(state, average, thresholds)


def average_precision(
    preds: Tensor,
    target: Tensor,
    task: Literal["binary", "multiclass", "multilabel"],
    thresholds: Thresholds = None,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: LabelAverage = "macro",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Average precision of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"``.

    Example:
        >>> import torch
        >>> average_precision(torch.tensor([0.1, 0.4, 0.8, 0.3]), torch.tensor([0, 1, 1, 0]), task="binary")
        tensor(1.)
    """
    task = _curve_task(task, num_classes, num_labels)
    if task == "binary":
        return binary_average_precision(preds, target, thresholds, ignore_index, validate_args)
    if task == "multiclass":
        return multiclass_average_precision(
            preds, target, num_classes, average, thresholds, ignore_index, validate_args
        )
    return multilabel_average_precision(preds, target, num_labels, average, thresholds, ignore_index, validate_args)

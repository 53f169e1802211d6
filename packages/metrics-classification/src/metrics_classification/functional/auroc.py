"""Area under the ROC curve (AUROC): per class, averaged (macro, weighted) or micro; binary ``max_fpr`` (McClish).

Exact areas are computed on all classes at once from one sort (see
:func:`~metrics_classification.functional.roc._exact_roc_filled`), without extracting the per-class curves.
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.precision_recall_curve import (
    Thresholds,
    _binary_columns,
    _binary_curve_input,
    _binary_precision_recall_curve_arg_validation,
    _check_average,
    _ClassColumns,
    _curve_task,
    _multiclass_columns,
    _multiclass_curve_input,
    _multiclass_precision_recall_curve_arg_validation,
    _multilabel_columns,
    _multilabel_curve_input,
    _multilabel_precision_recall_curve_arg_validation,
    _rank,
    _Ranking,
    _reduce_class_scores,
)
from metrics_classification.functional.roc import (
    _binary_roc_compute,
    _binned_roc,
    _exact_roc_filled,
    _warn_undefined_rates,
)

ClassAverage = Literal["macro", "weighted", "none"] | None
LabelAverage = Literal["micro", "macro", "weighted", "none"] | None

_CLASS_AVERAGES = ("macro", "weighted", "none", None)
_LABEL_AVERAGES = ("micro", "macro", "weighted", "none", None)


def _binary_auroc_arg_validation(
    max_fpr: float | None = None, thresholds: Thresholds = None, ignore_index: int | None = None
) -> None:
    """``max_fpr`` None or a float in (0, 1], and the curve arguments."""
    _binary_precision_recall_curve_arg_validation(thresholds, ignore_index)
    if max_fpr is not None and not (isinstance(max_fpr, float) and 0 < max_fpr <= 1):
        raise ValueError(f"Expected argument `max_fpr` to be None or a float in the (0, 1] range, but got {max_fpr!r}")


def _multiclass_auroc_arg_validation(
    num_classes: int, average: ClassAverage = "macro", thresholds: Thresholds = None, ignore_index: int | None = None
) -> None:
    """``average`` one of macro, weighted, none, None, and the curve arguments."""
    _multiclass_precision_recall_curve_arg_validation(num_classes, thresholds, ignore_index)
    _check_average(average, _CLASS_AVERAGES)


def _multilabel_auroc_arg_validation(
    num_labels: int, average: LabelAverage = "macro", thresholds: Thresholds = None, ignore_index: int | None = None
) -> None:
    """``average`` one of micro, macro, weighted, none, None, and the curve arguments."""
    _multilabel_precision_recall_curve_arg_validation(num_labels, thresholds, ignore_index)
    _check_average(average, _LABEL_AVERAGES)


def _tied_wins(ranking: _Ranking) -> Tensor:
    """Per class (C,), the (positive, negative) pairs with equal scores (positives come first among ties).

    Only the entries tied with the one before them are visited: a tied negative adds the positives of its group.
    """
    pairs = torch.zeros(ranking.last.shape[0], dtype=torch.float64, device=ranking.last.device)
    if bool(ranking.last.all()):
        return pairs
    tied = torch.zeros_like(ranking.last)
    tied[:, 1:] = ~ranking.last[:, :-1]
    index = tied.reshape(-1).nonzero().squeeze(1)
    starts_run = torch.ones_like(index, dtype=torch.bool)
    starts_run[1:] = index[1:] != index[:-1] + 1
    group_start = torch.where(starts_run, index - 1, 0).cummax(0).values
    tps, hit = ranking.tps.reshape(-1), ranking.hit.reshape(-1)
    before_group = tps[group_start] - hit[group_start].long()
    negative = ~hit[index]
    wins = torch.where(negative, tps[index] - before_group, 0).double()
    return pairs.index_add_(0, index // tied.shape[1], wins)


def _exact_aurocs(ranking: _Ranking) -> Tensor:
    """AUROC of each class (C,) of an exact ranking.

    Integer-keyed rankings put positives first among tied scores, so the area is the Mann-Whitney statistic: each
    negative counts the positives ranked above or tied with it, less half the tied pairs. Others integrate the
    ROC curve.
    """
    if ranking.values.is_floating_point():
        fpr, tpr = _exact_roc_filled(ranking)
        return torch.trapezoid(tpr, fpr, dim=1)
    _warn_undefined_rates(ranking)
    positives, negatives = ranking.positives[:, 0].double(), ranking.negatives[:, 0].double()
    # the k-th positive has k true positives at its position, and invalid entries (ranked last) count them all:
    # the rest of the sum is the negatives'
    others = positives * (ranking.hit.shape[1] - negatives - 0.5 * (positives - 1))
    wins = ranking.tps.sum(1).double() - others - 0.5 * _tied_wins(ranking)
    pairs = positives * negatives
    return torch.where(pairs > 0, wins / pairs, 0.0).float()


def _class_aurocs(columns_or_confmat: _ClassColumns | Tensor) -> tuple[Tensor, Tensor]:
    """AUROC of each class (C,) and its number of positives, from exact columns or binned tables (T, C, 2, 2)."""
    if isinstance(columns_or_confmat, Tensor):
        fpr, tpr = _binned_roc(columns_or_confmat)
        return torch.trapezoid(tpr, fpr, dim=1), columns_or_confmat[:1, :, 1, :].sum((0, -1))
    ranking = _rank(columns_or_confmat)
    return _exact_aurocs(ranking), ranking.positives[:, 0]


def _binary_auroc_compute(
    state: Tensor | tuple[Tensor, Tensor], thresholds: Tensor | None, max_fpr: float | None = None
) -> Tensor:
    """Binary state -> AUROC; with ``max_fpr`` < 1, the McClish-standardised partial area up to ``max_fpr``."""
    if max_fpr is None or max_fpr == 1:
        columns = state.unsqueeze(1) if thresholds is not None else _binary_columns(*state)
        return _class_aurocs(columns)[0][0]
    fpr, tpr, _ = _binary_roc_compute(state, thresholds)
    if fpr.sum() == 0 or tpr.sum() == 0:
        return torch.trapezoid(tpr, fpr)
    limit = torch.tensor(max_fpr, device=fpr.device)
    stop = torch.bucketize(limit, fpr, out_int32=True, right=True)
    weight = (limit - fpr[stop - 1]) / (fpr[stop] - fpr[stop - 1])
    tpr = torch.cat([tpr[:stop], torch.lerp(tpr[stop - 1], tpr[stop], weight).view(1)])
    fpr = torch.cat([fpr[:stop], limit.view(1)])
    partial = torch.trapezoid(tpr, fpr)
    least = 0.5 * limit**2
    return 0.5 * (1 + (partial - least) / (limit - least))


def _multiclass_auroc_compute(
    state: Tensor | tuple[Tensor, Tensor],
    num_classes: int,
    average: ClassAverage = "macro",
    thresholds: Tensor | None = None,
) -> Tensor:
    """Multiclass state -> one-vs-rest AUROC per class, or its macro / support-weighted average."""
    columns = state if thresholds is not None else _multiclass_columns(*state, num_classes)
    scores, positives = _class_aurocs(columns)
    return _reduce_class_scores(scores, average, positives)


def _multilabel_auroc_compute(
    state: Tensor | tuple[Tensor, Tensor], average: LabelAverage, thresholds: Tensor | None
) -> Tensor:
    """Multilabel state -> AUROC per label, its macro / weighted average, or the micro AUROC of all entries."""
    if average == "micro":
        columns = state.sum(1, keepdim=True) if thresholds is not None else _multilabel_columns(*state, micro=True)
        return _class_aurocs(columns)[0][0]
    scores, positives = _class_aurocs(state if thresholds is not None else _multilabel_columns(*state))
    return _reduce_class_scores(scores, average, positives)


def binary_auroc(
    preds: Tensor,
    target: Tensor,
    max_fpr: float | None = None,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Area under the ROC curve of binary scores.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        max_fpr: if given, the partial area up to this false positive rate, standardised (McClish).
        thresholds: None for the exact area; an int, a list or a 1-d tensor of thresholds for a binned one.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> binary_auroc(torch.tensor([0.0, 0.5, 0.7, 0.8]), torch.tensor([0, 1, 1, 0]))
        tensor(0.5000)
    """
    if validate_args:
        _binary_auroc_arg_validation(max_fpr, thresholds, ignore_index)
    state, thresholds = _binary_curve_input(preds, target, thresholds, ignore_index, validate_args)
    return _binary_auroc_compute(state, thresholds, max_fpr)


def multiclass_auroc(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    average: ClassAverage = "macro",
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """One-vs-rest area under the ROC curve of multiclass scores.

    Args:
        preds: probabilities or logits (a softmax is applied when values lie outside [0, 1]), shape (N, C, ...).
        target: labels in [0, num_classes), shape (N, ...).
        num_classes: number of classes.
        average: ``"macro"`` (mean over classes), ``"weighted"`` (by support), ``"none"``/``None`` (per class).
        thresholds: None for exact areas; an int, a list or a 1-d tensor of thresholds for binned ones.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> multiclass_auroc(preds, torch.tensor([0, 1, 1, 2]), num_classes=3, average=None)
        tensor([1.0000, 0.8750, 1.0000])
    """
    if validate_args:
        _multiclass_auroc_arg_validation(num_classes, average, thresholds, ignore_index)
    state, thresholds = _multiclass_curve_input(preds, target, num_classes, thresholds, ignore_index, validate_args)
    return _multiclass_auroc_compute(state, num_classes, average, thresholds)


def multilabel_auroc(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    average: LabelAverage = "macro",
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Area under the ROC curve of multilabel scores.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, L, ...).
        target: 0/1 labels, shape (N, L, ...).
        num_labels: number of labels.
        average: ``"micro"`` (all entries as one binary problem), ``"macro"``, ``"weighted"`` (by support),
            ``"none"``/``None`` (per label).
        thresholds: None for exact areas; an int, a list or a 1-d tensor of thresholds for binned ones.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> multilabel_auroc(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]), num_labels=2, average=None)
        tensor([0.7500, 1.0000])
    """
    if validate_args:
        _multilabel_auroc_arg_validation(num_labels, average, thresholds, ignore_index)
    state, thresholds = _multilabel_curve_input(preds, target, num_labels, thresholds, ignore_index, validate_args)
    return _multilabel_auroc_compute(state, average, thresholds)


def auroc(
    preds: Tensor,
    target: Tensor,
    task: Literal["binary", "multiclass", "multilabel"],
    thresholds: Thresholds = None,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: LabelAverage = "macro",
    max_fpr: float | None = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Area under the ROC curve of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"``.

    Example:
        >>> import torch
        >>> auroc(torch.tensor([0.1, 0.4, 0.8, 0.3]), torch.tensor([0, 1, 1, 0]), task="binary")
        tensor(1.)
    """
    task = _curve_task(task, num_classes, num_labels)
    if task == "binary":
        return binary_auroc(preds, target, max_fpr, thresholds, ignore_index, validate_args)
    if task == "multiclass":
        return multiclass_auroc(preds, target, num_classes, average, thresholds, ignore_index, validate_args)
    return multilabel_auroc(preds, target, num_labels, average, thresholds, ignore_index, validate_args)

"""Precision tp / (tp + fp) and recall tp / (tp + fn)."""

from __future__ import annotations

from typing import Literal

from torch import Tensor

from metrics_classification.functional.stat_scores import (
    Average,
    MultidimAverage,
    Task,
    _average_scores,
    _binary_batch_stats,
    _call_task,
    _micro_sum,
    _multiclass_batch_stats,
    _multilabel_batch_stats,
    _safe_divide,
)


def _precision_recall_reduce(
    stat: Literal["precision", "recall"],
    tp: Tensor,
    fp: Tensor,
    tn: Tensor,
    fn: Tensor,
    average: Average,
    multidim_average: MultidimAverage = "global",
    multilabel: bool = False,
    top_k: int = 1,
    zero_division: float = 0,
) -> Tensor:
    """Precision (``stat="precision"``) or recall of ``tp, fp, tn, fn``, averaged as ``average`` says."""
    wrong = fp if stat == "precision" else fn
    if average == "micro":
        tp, wrong = _micro_sum(tp, multidim_average), _micro_sum(wrong, multidim_average)
    score = _safe_divide(tp, tp + wrong, zero_division)
    if average in ("binary", "micro"):
        return score
    return _average_scores(score, average, multilabel, tp, fp, fn, top_k)


def binary_precision(
    preds: Tensor,
    target: Tensor,
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """Precision of binary predictions: the fraction of positive predictions that are right.

    Args:
        preds: labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        threshold: probability above which a prediction is positive.
        multidim_average: ``"global"`` over everything, ``"samplewise"`` one value per sample.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.
        zero_division: the value when there is no positive prediction (0 or 1).

    Example:
        >>> import torch
        >>> binary_precision(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """
    tp, fp, tn, fn = _binary_batch_stats(
        preds, target, threshold, multidim_average, ignore_index, validate_args, zero_division
    )
    return _precision_recall_reduce(
        "precision", tp, fp, tn, fn, "binary", multidim_average, zero_division=zero_division
    )


def multiclass_precision(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    average: Average = "macro",
    top_k: int = 1,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """Precision of multiclass predictions: per class the fraction of its predictions that are right, averaged.

    Args:
        preds: labels (N, ...) or scores (N, C, ...), whose argmax is the prediction.
        target: labels in [0, num_classes), shape (N, ...).
        num_classes: number of classes.
        average: ``"micro"``, ``"macro"``, ``"weighted"`` (by support) or ``"none"``/``None`` (one per class).
        top_k: a prediction is right when the target is among the ``top_k`` highest scores.
        multidim_average: ``"global"`` over everything, ``"samplewise"`` one value per sample.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.
        zero_division: the value for a class never predicted (0 or 1).

    Example:
        >>> import torch
        >>> multiclass_precision(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), num_classes=3)
        tensor(0.8333)
    """
    tp, fp, tn, fn = _multiclass_batch_stats(
        preds, target, num_classes, average, top_k, multidim_average, ignore_index, validate_args, zero_division
    )
    return _precision_recall_reduce(
        "precision", tp, fp, tn, fn, average, multidim_average, top_k=top_k, zero_division=zero_division
    )


def multilabel_precision(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    threshold: float = 0.5,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """Precision of multilabel predictions: per label the fraction of positive predictions that are right, averaged.

    Args:
        preds: labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, L, ...).
        target: 0/1 labels, shape (N, L, ...).
        num_labels: number of labels L.
        threshold: probability above which a prediction is positive.
        average: ``"micro"``, ``"macro"``, ``"weighted"`` (by support) or ``"none"``/``None`` (one per label).
        multidim_average: ``"global"`` over everything, ``"samplewise"`` one value per sample.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.
        zero_division: the value for a label never predicted (0 or 1).

    Example:
        >>> import torch
        >>> target = torch.tensor([[0, 1, 0], [1, 0, 1]])
        >>> multilabel_precision(torch.tensor([[0, 0, 1], [1, 0, 1]]), target, num_labels=3)
        tensor(0.5000)
    """
    tp, fp, tn, fn = _multilabel_batch_stats(
        preds, target, num_labels, threshold, average, multidim_average, ignore_index, validate_args, zero_division
    )
    return _precision_recall_reduce(
        "precision", tp, fp, tn, fn, average, multidim_average, multilabel=True, zero_division=zero_division
    )


def binary_recall(
    preds: Tensor,
    target: Tensor,
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """Recall of binary predictions: the fraction of positive targets predicted positive.

    Takes the arguments of :func:`binary_precision`; ``zero_division`` is the value when there is no positive target.

    Example:
        >>> import torch
        >>> binary_recall(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """
    tp, fp, tn, fn = _binary_batch_stats(
        preds, target, threshold, multidim_average, ignore_index, validate_args, zero_division
    )
    return _precision_recall_reduce("recall", tp, fp, tn, fn, "binary", multidim_average, zero_division=zero_division)


def multiclass_recall(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    average: Average = "macro",
    top_k: int = 1,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """Recall of multiclass predictions: per class the fraction of its samples predicted right, averaged.

    Takes the arguments of :func:`multiclass_precision`; ``zero_division`` is the value for a class without samples.

    Example:
        >>> import torch
        >>> multiclass_recall(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), num_classes=3)
        tensor(0.8333)
    """
    tp, fp, tn, fn = _multiclass_batch_stats(
        preds, target, num_classes, average, top_k, multidim_average, ignore_index, validate_args, zero_division
    )
    return _precision_recall_reduce(
        "recall", tp, fp, tn, fn, average, multidim_average, top_k=top_k, zero_division=zero_division
    )


def multilabel_recall(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    threshold: float = 0.5,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """Recall of multilabel predictions: per label the fraction of positive targets predicted positive, averaged.

    Takes the arguments of :func:`multilabel_precision`; ``zero_division`` is the value for a label never positive.

    Example:
        >>> import torch
        >>> target = torch.tensor([[0, 1, 0], [1, 0, 1]])
        >>> multilabel_recall(torch.tensor([[0, 0, 1], [1, 0, 1]]), target, num_labels=3)
        tensor(0.6667)
    """
    tp, fp, tn, fn = _multilabel_batch_stats(
        preds, target, num_labels, threshold, average, multidim_average, ignore_index, validate_args, zero_division
    )
    return _precision_recall_reduce(
        "recall", tp, fp, tn, fn, average, multidim_average, multilabel=True, zero_division=zero_division
    )


def precision(
    preds: Tensor,
    target: Tensor,
    task: Task,
    threshold: float = 0.5,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: Average = "micro",
    multidim_average: MultidimAverage = "global",
    top_k: int | None = 1,
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """Precision of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"`` (see the functions of each).

    Example:
        >>> import torch
        >>> precision(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), task="multiclass", num_classes=3)
        tensor(0.7500)
    """
    functions = (binary_precision, multiclass_precision, multilabel_precision)
    return _call_task(
        functions,
        task,
        preds,
        target,
        threshold,
        num_classes,
        num_labels,
        average,
        top_k,
        multidim_average=multidim_average,
        ignore_index=ignore_index,
        validate_args=validate_args,
        zero_division=zero_division,
    )


def recall(
    preds: Tensor,
    target: Tensor,
    task: Task,
    threshold: float = 0.5,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: Average = "micro",
    multidim_average: MultidimAverage = "global",
    top_k: int | None = 1,
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """Recall of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"`` (see the functions of each).

    Example:
        >>> import torch
        >>> recall(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), task="multiclass", num_classes=3)
        tensor(0.7500)
    """
    functions = (binary_recall, multiclass_recall, multilabel_recall)
    return _call_task(
        functions,
        task,
        preds,
        target,
        threshold,
        num_classes,
        num_labels,
        average,
        top_k,
        multidim_average=multidim_average,
        ignore_index=ignore_index,
        validate_args=validate_args,
        zero_division=zero_division,
    )

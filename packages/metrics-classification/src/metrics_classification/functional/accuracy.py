"""Accuracy: the fraction of correct predictions (per class: recall; multilabel: per label, negatives included)."""

from __future__ import annotations

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


def _accuracy_reduce(
    tp: Tensor,
    fp: Tensor,
    tn: Tensor,
    fn: Tensor,
    average: Average,
    multidim_average: MultidimAverage = "global",
    multilabel: bool = False,
    top_k: int = 1,
) -> Tensor:
    """Accuracy of ``tp, fp, tn, fn``: (tp + tn) / all for binary and multilabel inputs, tp / (tp + fn) per class."""
    if average == "binary":
        return _safe_divide(tp + tn, tp + tn + fp + fn)
    if average == "micro":
        tp, fn = _micro_sum(tp, multidim_average), _micro_sum(fn, multidim_average)
        if multilabel:
            fp, tn = _micro_sum(fp, multidim_average), _micro_sum(tn, multidim_average)
            return _safe_divide(tp + tn, tp + tn + fp + fn)
        return _safe_divide(tp, tp + fn)
    score = _safe_divide(tp + tn, tp + tn + fp + fn) if multilabel else _safe_divide(tp, tp + fn)
    return _average_scores(score, average, multilabel, tp, fp, fn, top_k)


def binary_accuracy(
    preds: Tensor,
    target: Tensor,
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Accuracy of binary predictions: the fraction of predictions equal to the target.

    Args:
        preds: labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        threshold: probability above which a prediction is positive.
        multidim_average: ``"global"`` over everything, ``"samplewise"`` one value per sample.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> binary_accuracy(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """
    tp, fp, tn, fn = _binary_batch_stats(preds, target, threshold, multidim_average, ignore_index, validate_args)
    return _accuracy_reduce(tp, fp, tn, fn, "binary", multidim_average)


def multiclass_accuracy(
    preds: Tensor,
    target: Tensor,
    num_classes: int | None = None,
    average: Average = "macro",
    top_k: int = 1,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Accuracy of multiclass predictions: per class the fraction of its samples predicted right, then averaged.

    Args:
        preds: labels (N, ...) or scores (N, C, ...), whose argmax is the prediction.
        target: labels in [0, num_classes), shape (N, ...).
        num_classes: number of classes (may be None with ``average="micro"``).
        average: ``"micro"`` (fraction of all samples), ``"macro"`` (mean over classes), ``"weighted"`` (by
            support), ``"none"``/``None`` (one value per class).
        top_k: a prediction is right when the target is among the ``top_k`` highest scores.
        multidim_average: ``"global"`` over everything, ``"samplewise"`` one value per sample.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> multiclass_accuracy(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), num_classes=3)
        tensor(0.8333)
    """
    tp, fp, tn, fn = _multiclass_batch_stats(
        preds, target, num_classes, average, top_k, multidim_average, ignore_index, validate_args
    )
    return _accuracy_reduce(tp, fp, tn, fn, average, multidim_average, top_k=top_k)


def multilabel_accuracy(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    threshold: float = 0.5,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Accuracy of multilabel predictions: per label the fraction of samples predicted right, then averaged.

    Args:
        preds: labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, L, ...).
        target: 0/1 labels, shape (N, L, ...).
        num_labels: number of labels L.
        threshold: probability above which a prediction is positive.
        average: ``"micro"``, ``"macro"``, ``"weighted"`` (by support) or ``"none"``/``None`` (one per label).
        multidim_average: ``"global"`` over everything, ``"samplewise"`` one value per sample.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> target = torch.tensor([[0, 1, 0], [1, 0, 1]])
        >>> multilabel_accuracy(torch.tensor([[0, 0, 1], [1, 0, 1]]), target, num_labels=3)
        tensor(0.6667)
    """
    tp, fp, tn, fn = _multilabel_batch_stats(
        preds, target, num_labels, threshold, average, multidim_average, ignore_index, validate_args
    )
    return _accuracy_reduce(tp, fp, tn, fn, average, multidim_average, multilabel=True)


def accuracy(
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
) -> Tensor:
    """Accuracy of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"`` (see the functions of each).

    Example:
        >>> import torch
        >>> accuracy(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), task="multiclass", num_classes=3)
        tensor(0.7500)
    """
    functions = (binary_accuracy, multiclass_accuracy, multilabel_accuracy)
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
    )

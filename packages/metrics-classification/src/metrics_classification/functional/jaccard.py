"""Jaccard index (intersection over union) of binary, multiclass and multilabel predictions."""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.confusion_matrix import (
    _binary_confusion_matrix_arg_validation,
    _binary_confusion_matrix_format,
    _binary_confusion_matrix_tensor_validation,
    _binary_confusion_matrix_update,
    _multiclass_confusion_matrix_arg_validation,
    _multiclass_confusion_matrix_format,
    _multiclass_confusion_matrix_tensor_validation,
    _multiclass_confusion_matrix_update,
    _multilabel_confusion_matrix_arg_validation,
    _multilabel_confusion_matrix_format,
    _multilabel_confusion_matrix_tensor_validation,
    _multilabel_confusion_matrix_update,
    _task_arguments,
)
from metrics_classification.functional.stat_scores import Task, _safe_divide

Average = Literal["micro", "macro", "weighted", "none"] | None

_AVERAGES = ("micro", "macro", "weighted", "none", None)


def _jaccard_index_arg_validation(average: Average, zero_division: float) -> None:
    if average not in _AVERAGES:
        raise ValueError(f"Expected argument `average` to be one of {_AVERAGES}, but got {average!r}.")
    if not isinstance(zero_division, (int, float)) or isinstance(zero_division, bool):
        raise ValueError(f"Expected argument `zero_division` to be a number, but got {zero_division!r}.")


def _jaccard_index_compute(
    confmat: Tensor,
    average: Average | Literal["binary"],
    ignore_index: int | None = None,
    zero_division: float = 0.0,
) -> Tensor:
    """Jaccard index ``tp / (tp + fp + fn)`` from a 2x2, ``(C, C)`` or ``(L, 2, 2)`` confusion matrix.

    ``macro`` averages over the classes that occur in the target or the predictions (all labels
    for multilabel input) except ``ignore_index``; ``weighted`` weights by the target support;
    ``micro`` pools the counts.
    """
    if average not in (*_AVERAGES, "binary"):
        raise ValueError(f"Expected argument `average` to be one of {(*_AVERAGES, 'binary')}, but got {average!r}.")
    confmat = confmat.float()
    if average == "binary":
        return _safe_divide(confmat[1, 1], confmat[1, 1] + confmat[0, 1] + confmat[1, 0], zero_division)
    if confmat.ndim == 3:  # multilabel: one [[tn, fp], [fn, tp]] per label
        intersection = confmat[:, 1, 1]
        union = intersection + confmat[:, 0, 1] + confmat[:, 1, 0]
        support = confmat[:, 1, 1] + confmat[:, 1, 0]
    else:
        intersection = confmat.diagonal()
        support = confmat.sum(1)
        union = support + confmat.sum(0) - intersection
    ignored = ignore_index is not None and 0 <= ignore_index < confmat.shape[0]
    if average == "micro":
        total = union.sum() - union[ignore_index] if ignored else union.sum()
        return _safe_divide(intersection.sum(), total, zero_division)
    scores = _safe_divide(intersection, union, zero_division)
    if average is None or average == "none":
        return scores
    if average == "weighted":
        weights = support
    else:
        weights = torch.ones_like(scores)
        if ignored:
            weights[ignore_index] = 0.0
        if confmat.ndim == 2:  # classes absent from target and predictions do not count
            weights = weights.masked_fill(support + confmat.sum(0) == 0, 0.0)
    return (weights * scores / weights.sum()).sum()


def binary_jaccard_index(
    preds: Tensor,
    target: Tensor,
    threshold: float = 0.5,
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0.0,
) -> Tensor:
    """Jaccard index ``tp / (tp + fp + fn)`` of binary predictions.

    Args:
        preds: probabilities or logits (thresholded at ``threshold``) or 0/1 labels, any shape.
        target: 0/1 labels of the same shape.
        threshold: probability above which a prediction counts as positive.
        ignore_index: target value whose samples are left out.
        validate_args: check the arguments and the tensors' values.
        zero_division: value returned when the union is empty.

    Example:
        >>> import torch
        >>> binary_jaccard_index(torch.tensor([0.8, 0.3, 0.6, 0.1]), torch.tensor([1, 1, 0, 0]))
        tensor(0.3333)
    """
    if validate_args:
        _binary_confusion_matrix_arg_validation(threshold, ignore_index)
        _jaccard_index_arg_validation("micro", zero_division)
        _binary_confusion_matrix_tensor_validation(preds, target, ignore_index)
    preds, target = _binary_confusion_matrix_format(preds, target, threshold, ignore_index)
    confmat = _binary_confusion_matrix_update(preds, target)
    return _jaccard_index_compute(confmat, "binary", zero_division=zero_division)


def multiclass_jaccard_index(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    average: Average = "macro",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0.0,
) -> Tensor:
    """Jaccard index of multiclass predictions, per class or averaged.

    Args:
        preds: labels ``(N, ...)`` or scores ``(N, C, ...)`` (their arg-max is the prediction).
        target: labels ``(N, ...)``.
        num_classes: number of classes ``C``.
        average: ``"micro"`` (pooled counts), ``"macro"`` (mean over the classes present),
            ``"weighted"`` (by support), or ``"none"``/``None`` (one value per class).
        ignore_index: target value whose samples are left out (and whose class is left out of the average).
        validate_args: check the arguments and the tensors' values.
        zero_division: value of a class whose union is empty.

    Example:
        >>> import torch
        >>> multiclass_jaccard_index(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), num_classes=3)
        tensor(0.6667)
    """
    if validate_args:
        _multiclass_confusion_matrix_arg_validation(num_classes, ignore_index)
        _jaccard_index_arg_validation(average, zero_division)
        _multiclass_confusion_matrix_tensor_validation(preds, target, num_classes, ignore_index)
    preds, target = _multiclass_confusion_matrix_format(preds, target)
    confmat = _multiclass_confusion_matrix_update(preds, target, num_classes, ignore_index)
    return _jaccard_index_compute(confmat, average, ignore_index, zero_division)


def multilabel_jaccard_index(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    threshold: float = 0.5,
    average: Average = "macro",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0.0,
) -> Tensor:
    """Jaccard index of multilabel predictions, per label or averaged.

    As in TorchMetrics, this function (unlike the class) also leaves label ``ignore_index`` out
    of the ``macro`` and ``micro`` averages when it is a valid label index.

    Args:
        preds: probabilities or logits (thresholded at ``threshold``) or 0/1 labels ``(N, L, ...)``.
        target: 0/1 labels ``(N, L, ...)``.
        num_labels: number of labels ``L``.
        threshold: probability above which a prediction counts as positive.
        average: ``"micro"``, ``"macro"``, ``"weighted"`` (by support) or ``"none"``/``None`` (per label).
        ignore_index: target value whose entries are left out.
        validate_args: check the arguments and the tensors' values.
        zero_division: value of a label whose union is empty.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.9, 0.2], [0.4, 0.7], [0.8, 0.6]])
        >>> multilabel_jaccard_index(preds, torch.tensor([[1, 0], [1, 1], [0, 1]]), num_labels=2)
        tensor(0.6667)
    """
    if validate_args:
        _multilabel_confusion_matrix_arg_validation(num_labels, threshold, ignore_index)
        _jaccard_index_arg_validation(average, zero_division)
        _multilabel_confusion_matrix_tensor_validation(preds, target, num_labels, ignore_index)
    preds, target = _multilabel_confusion_matrix_format(preds, target, num_labels, threshold, ignore_index)
    confmat = _multilabel_confusion_matrix_update(preds, target)
    return _jaccard_index_compute(confmat, average, ignore_index, zero_division)


def jaccard_index(
    preds: Tensor,
    target: Tensor,
    task: Task,
    threshold: float = 0.5,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: Average = "macro",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0.0,
) -> Tensor:
    """Jaccard index of a ``task``: ``"binary"``, ``"multiclass"`` (needs ``num_classes``) or ``"multilabel"``.

    Example:
        >>> import torch
        >>> jaccard_index(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), task="multiclass", num_classes=3)
        tensor(0.6667)
    """
    task, arguments = _task_arguments(task, threshold, num_classes, num_labels)
    if task == "binary":
        function = binary_jaccard_index
    else:
        function = multiclass_jaccard_index if task == "multiclass" else multilabel_jaccard_index
        arguments["average"] = average
    return function(
        preds, target, ignore_index=ignore_index, validate_args=validate_args, zero_division=zero_division, **arguments
    )

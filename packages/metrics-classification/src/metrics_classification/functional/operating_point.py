"""Best operating points: the best value of one rate where another reaches a floor, and the threshold giving it.

Four metrics share this form: recall at a minimum precision and precision at a minimum recall (from the
precision-recall curve), sensitivity at a minimum specificity and specificity at a minimum sensitivity (from the
ROC curve). Each class's curve is searched in turn (at compute time, over curves of any length).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.precision_recall_curve import (
    Thresholds,
    _binary_curve_input,
    _binary_precision_recall_curve_arg_validation,
    _binary_precision_recall_curve_compute,
    _curve_task,
    _multiclass_curve_input,
    _multiclass_precision_recall_curve_arg_validation,
    _multiclass_precision_recall_curve_compute,
    _multilabel_curve_input,
    _multilabel_precision_recall_curve_arg_validation,
    _multilabel_precision_recall_curve_compute,
)
from metrics_classification.functional.roc import _binary_roc_compute, _multiclass_roc_compute, _multilabel_roc_compute
from metrics_classification.functional.stat_scores import ArgumentTypeError

Task = Literal["binary", "multiclass", "multilabel"]


def _check_floor(name: str, value: object) -> None:
    message = f"Expected argument `{name}` to be a float in the [0, 1] range, but got {value!r}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ArgumentTypeError(message)
    if not 0 <= value <= 1:
        raise ValueError(message)


# ----------------------------------------------------------------------------- one curve -> one point
def _recall_at_precision(
    precision: Tensor, recall: Tensor, thresholds: Tensor, min_precision: float
) -> tuple[Tensor, Tensor]:
    """Highest recall where precision >= ``min_precision`` (ties: higher precision, then threshold).

    The threshold is NaN when that recall is 0.
    """
    length = min(precision.shape[0], recall.shape[0], thresholds.shape[0])
    # the points are stacked in one dtype, as in TorchMetrics, before precision meets the floor: a float32
    # precision of 0.9 is below a floor of 0.9 when thresholds are float64
    dtype = torch.promote_types(torch.promote_types(recall.dtype, precision.dtype), thresholds.dtype)
    points = [x[:length].to(dtype) for x in (recall, precision, thresholds)]
    allowed = points[1] >= min_precision
    if not bool(allowed.any()):
        return torch.tensor(0.0, dtype=recall.dtype, device=recall.device), _nan(thresholds)
    best = allowed.clone()
    for key in points:  # lexicographic maximum among the allowed points
        best &= key == torch.where(best, key, -torch.inf).max()
    index = best.nonzero()[0, 0]
    value = points[0][index]
    return value, _nan(thresholds) if value == 0 else points[2][index]


def _precision_at_recall(
    precision: Tensor, recall: Tensor, thresholds: Tensor, min_recall: float
) -> tuple[Tensor, Tensor]:
    """Highest precision where recall >= ``min_recall`` (ties: higher recall, then threshold).

    The threshold is NaN when that precision is 0.
    """
    length = min(precision.shape[0], recall.shape[0], thresholds.shape[0])
    precision, recall, thresholds = precision[:length], recall[:length], thresholds[:length]
    allowed = recall >= min_recall
    if not bool(allowed.any()):
        return torch.tensor(0.0, dtype=precision.dtype, device=precision.device), _nan(thresholds)
    # TorchMetrics takes Python's max of (precision, recall, threshold) tuples: a NaN precision never wins, and
    # never loses either once it holds the lead, so a first allowed point with NaN precision is the answer
    first = allowed.nonzero()[0, 0]
    if bool(precision[first].isnan()):
        index = first
    else:
        best = allowed.clone()
        for key in (precision.nan_to_num(-torch.inf), recall, thresholds.to(recall.dtype)):
            best &= key == torch.where(best, key, -torch.inf).max()
        index = best.nonzero()[0, 0]
    value = precision[index]
    return value, _nan(thresholds) if value == 0 else thresholds[index]


def _rate_at_floor(rate: Tensor, floor_rate: Tensor, thresholds: Tensor, floor: float) -> tuple[Tensor, Tensor]:
    """Highest ``rate`` (first of ties) where ``floor_rate >= floor``; (0, 1e6) when there is none."""
    allowed = floor_rate >= floor
    if not bool(allowed.any()):
        return (
            torch.tensor(0.0, dtype=rate.dtype, device=rate.device),
            torch.tensor(1e6, dtype=thresholds.dtype, device=thresholds.device),
        )
    index = torch.where(allowed, rate, -torch.inf).argmax()
    return rate[index], thresholds[index]


def _sensitivity_at_specificity(fpr: Tensor, tpr: Tensor, thresholds: Tensor, floor: float) -> tuple[Tensor, Tensor]:
    return _rate_at_floor(tpr, 1 - fpr, thresholds, floor)


def _specificity_at_sensitivity(fpr: Tensor, tpr: Tensor, thresholds: Tensor, floor: float) -> tuple[Tensor, Tensor]:
    return _rate_at_floor(1 - fpr, tpr, thresholds, floor)


_PR_POINTS = (_recall_at_precision, _precision_at_recall)
Point = Callable[[Tensor, Tensor, Tensor, float], tuple[Tensor, Tensor]]


# ----------------------------------------------------------------------------------------- compute
def _binary_operating_point_compute(
    point: Point, state: Tensor | tuple[Tensor, Tensor], thresholds: Tensor | None, floor: float
) -> tuple[Tensor, Tensor]:
    """Binary state -> (best value, its threshold)."""
    curve = _binary_precision_recall_curve_compute if point in _PR_POINTS else _binary_roc_compute
    return point(*curve(state, thresholds), floor)


def _per_class(point: Point, curves: tuple, floor: float) -> tuple[Tensor, Tensor]:
    first, second, thresholds = curves
    if isinstance(thresholds, Tensor):
        thresholds = [thresholds] * len(first)
    values, best = zip(*(point(a, b, t, floor) for a, b, t in zip(first, second, thresholds)))
    return torch.stack(values), torch.stack(best)


def _multiclass_operating_point_compute(
    point: Point, state: Tensor | tuple[Tensor, Tensor], num_classes: int, thresholds: Tensor | None, floor: float
) -> tuple[Tensor, Tensor]:
    """Multiclass state -> (best value, its threshold) of each class."""
    curve = _multiclass_precision_recall_curve_compute if point in _PR_POINTS else _multiclass_roc_compute
    return _per_class(point, curve(state, num_classes, thresholds), floor)


def _multilabel_operating_point_compute(
    point: Point, state: Tensor | tuple[Tensor, Tensor], num_labels: int, thresholds: Tensor | None, floor: float
) -> tuple[Tensor, Tensor]:
    """Multilabel state -> (best value, its threshold) of each label."""
    if point in _PR_POINTS:
        curves = _multilabel_precision_recall_curve_compute(state, num_labels, thresholds)
    else:
        curves = _multilabel_roc_compute(state, thresholds)
    return _per_class(point, curves, floor)


def _binary_operating_point(
    point: Point,
    name: str,
    preds: Tensor,
    target: Tensor,
    floor: float,
    thresholds: Thresholds,
    ignore_index: int | None,
    validate_args: bool,
) -> tuple[Tensor, Tensor]:
    if validate_args:
        _binary_precision_recall_curve_arg_validation(thresholds, ignore_index)
        _check_floor(name, floor)
    state, thresholds = _binary_curve_input(preds, target, thresholds, ignore_index, validate_args)
    return _binary_operating_point_compute(point, state, thresholds, floor)


def _multiclass_operating_point(
    point: Point,
    name: str,
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    floor: float,
    thresholds: Thresholds,
    ignore_index: int | None,
    validate_args: bool,
) -> tuple[Tensor, Tensor]:
    if validate_args:
        _multiclass_precision_recall_curve_arg_validation(num_classes, thresholds, ignore_index)
        _check_floor(name, floor)
    state, thresholds = _multiclass_curve_input(preds, target, num_classes, thresholds, ignore_index, validate_args)
    return _multiclass_operating_point_compute(point, state, num_classes, thresholds, floor)


def _multilabel_operating_point(
    point: Point,
    name: str,
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    floor: float,
    thresholds: Thresholds,
    ignore_index: int | None,
    validate_args: bool,
) -> tuple[Tensor, Tensor]:
    if validate_args:
        _multilabel_precision_recall_curve_arg_validation(num_labels, thresholds, ignore_index)
        _check_floor(name, floor)
    state, thresholds = _multilabel_curve_input(preds, target, num_labels, thresholds, ignore_index, validate_args)
    return _multilabel_operating_point_compute(point, state, num_labels, thresholds, floor)


def _task_operating_point(
    point: Point,
    name: str,
    preds: Tensor,
    target: Tensor,
    task: Task,
    floor: float,
    thresholds: Thresholds,
    num_classes: int | None,
    num_labels: int | None,
    ignore_index: int | None,
    validate_args: bool,
) -> tuple[Tensor, Tensor]:
    task = _curve_task(task, num_classes, num_labels)
    if task == "binary":
        return _binary_operating_point(point, name, preds, target, floor, thresholds, ignore_index, validate_args)
    if task == "multiclass":
        return _multiclass_operating_point(
            point, name, preds, target, num_classes, floor, thresholds, ignore_index, validate_args
        )
    return _multilabel_operating_point(
        point, name, preds, target, num_labels, floor, thresholds, ignore_index, validate_args
    )


# --------------------------------------------------------------------------------------- functions
def binary_recall_at_fixed_precision(
    preds: Tensor,
    target: Tensor,
    min_precision: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest recall reachable with precision at least ``min_precision``, and the threshold giving it.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        min_precision: the floor, in [0, 1].
        thresholds: None for the exact curve; an int, a list or a 1-d tensor of thresholds for a binned one.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1])
        >>> binary_recall_at_fixed_precision(preds, target, min_precision=0.5)
        (tensor(1.), tensor(0.4000))
    """
    return _binary_operating_point(
        _recall_at_precision, "min_precision", preds, target, min_precision, thresholds, ignore_index, validate_args
    )


def multiclass_recall_at_fixed_precision(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    min_precision: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest recall reachable with precision at least ``min_precision``, and its threshold, per class.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> multiclass_recall_at_fixed_precision(preds, torch.tensor([0, 1, 1, 2]), num_classes=3, min_precision=0.5)
        (tensor([1., 1., 1.]), tensor([0.7000, 0.2000, 0.8000]))
    """
    return _multiclass_operating_point(
        _recall_at_precision,
        "min_precision",
        preds,
        target,
        num_classes,
        min_precision,
        thresholds,
        ignore_index,
        validate_args,
    )


def multilabel_recall_at_fixed_precision(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    min_precision: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest recall reachable with precision at least ``min_precision``, and its threshold, per label.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> target = torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]])
        >>> multilabel_recall_at_fixed_precision(preds, target, num_labels=2, min_precision=0.5)
        (tensor([1., 1.]), tensor([0.3000, 0.6000]))
    """
    return _multilabel_operating_point(
        _recall_at_precision,
        "min_precision",
        preds,
        target,
        num_labels,
        min_precision,
        thresholds,
        ignore_index,
        validate_args,
    )


def recall_at_fixed_precision(
    preds: Tensor,
    target: Tensor,
    task: Task,
    min_precision: float,
    thresholds: Thresholds = None,
    num_classes: int | None = None,
    num_labels: int | None = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest recall reachable with precision at least ``min_precision``, and its threshold, of a ``task``.

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1])
        >>> recall_at_fixed_precision(preds, target, "binary", min_precision=0.5)
        (tensor(1.), tensor(0.4000))
    """
    return _task_operating_point(
        _recall_at_precision,
        "min_precision",
        preds,
        target,
        task,
        min_precision,
        thresholds,
        num_classes,
        num_labels,
        ignore_index,
        validate_args,
    )


def binary_precision_at_fixed_recall(
    preds: Tensor,
    target: Tensor,
    min_recall: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest precision reachable with recall at least ``min_recall``, and the threshold giving it.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        min_recall: the floor, in [0, 1].
        thresholds: None for the exact curve; an int, a list or a 1-d tensor of thresholds for a binned one.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1])
        >>> binary_precision_at_fixed_recall(preds, target, min_recall=0.5)
        (tensor(1.), tensor(0.8000))
    """
    return _binary_operating_point(
        _precision_at_recall, "min_recall", preds, target, min_recall, thresholds, ignore_index, validate_args
    )


def multiclass_precision_at_fixed_recall(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    min_recall: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest precision reachable with recall at least ``min_recall``, and its threshold, per class.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> multiclass_precision_at_fixed_recall(preds, torch.tensor([0, 1, 1, 2]), num_classes=3, min_recall=0.5)
        (tensor([1., 1., 1.]), tensor([0.7000, 0.4000, 0.8000]))
    """
    return _multiclass_operating_point(
        _precision_at_recall,
        "min_recall",
        preds,
        target,
        num_classes,
        min_recall,
        thresholds,
        ignore_index,
        validate_args,
    )


def multilabel_precision_at_fixed_recall(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    min_recall: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest precision reachable with recall at least ``min_recall``, and its threshold, per label.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> target = torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]])
        >>> multilabel_precision_at_fixed_recall(preds, target, num_labels=2, min_recall=0.5)
        (tensor([1., 1.]), tensor([0.8000, 0.6000]))
    """
    return _multilabel_operating_point(
        _precision_at_recall,
        "min_recall",
        preds,
        target,
        num_labels,
        min_recall,
        thresholds,
        ignore_index,
        validate_args,
    )


def precision_at_fixed_recall(
    preds: Tensor,
    target: Tensor,
    task: Task,
    min_recall: float,
    thresholds: Thresholds = None,
    num_classes: int | None = None,
    num_labels: int | None = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest precision reachable with recall at least ``min_recall``, and its threshold, of a ``task``.

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1])
        >>> precision_at_fixed_recall(preds, target, "binary", min_recall=0.5)
        (tensor(1.), tensor(0.8000))
    """
    return _task_operating_point(
        _precision_at_recall,
        "min_recall",
        preds,
        target,
        task,
        min_recall,
        thresholds,
        num_classes,
        num_labels,
        ignore_index,
        validate_args,
    )


def binary_sensitivity_at_specificity(
    preds: Tensor,
    target: Tensor,
    min_specificity: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest sensitivity reachable with specificity at least ``min_specificity``, and the threshold giving it.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        min_specificity: the floor, in [0, 1].
        thresholds: None for the exact curve; an int, a list or a 1-d tensor of thresholds for a binned one.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1])
        >>> binary_sensitivity_at_specificity(preds, target, min_specificity=0.5)
        (tensor(1.), tensor(0.4000))
    """
    return _binary_operating_point(
        _sensitivity_at_specificity,
        "min_specificity",
        preds,
        target,
        min_specificity,
        thresholds,
        ignore_index,
        validate_args,
    )


def multiclass_sensitivity_at_specificity(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    min_specificity: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest sensitivity reachable with specificity at least ``min_specificity``, and its threshold, per class.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> multiclass_sensitivity_at_specificity(preds, torch.tensor([0, 1, 1, 2]), num_classes=3, min_specificity=0.5)
        (tensor([1., 1., 1.]), tensor([0.7000, 0.2000, 0.8000]))
    """
    return _multiclass_operating_point(
        _sensitivity_at_specificity,
        "min_specificity",
        preds,
        target,
        num_classes,
        min_specificity,
        thresholds,
        ignore_index,
        validate_args,
    )


def multilabel_sensitivity_at_specificity(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    min_specificity: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest sensitivity reachable with specificity at least ``min_specificity``, and its threshold, per label.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> target = torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]])
        >>> multilabel_sensitivity_at_specificity(preds, target, num_labels=2, min_specificity=0.5)
        (tensor([1., 1.]), tensor([0.3000, 0.6000]))
    """
    return _multilabel_operating_point(
        _sensitivity_at_specificity,
        "min_specificity",
        preds,
        target,
        num_labels,
        min_specificity,
        thresholds,
        ignore_index,
        validate_args,
    )


def sensitivity_at_specificity(
    preds: Tensor,
    target: Tensor,
    task: Task,
    min_specificity: float,
    thresholds: Thresholds = None,
    num_classes: int | None = None,
    num_labels: int | None = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest sensitivity reachable with specificity at least ``min_specificity``, and its threshold, of a ``task``.

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1])
        >>> sensitivity_at_specificity(preds, target, "binary", min_specificity=0.5)
        (tensor(1.), tensor(0.4000))
    """
    return _task_operating_point(
        _sensitivity_at_specificity,
        "min_specificity",
        preds,
        target,
        task,
        min_specificity,
        thresholds,
        num_classes,
        num_labels,
        ignore_index,
        validate_args,
    )


def binary_specificity_at_sensitivity(
    preds: Tensor,
    target: Tensor,
    min_sensitivity: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest specificity reachable with sensitivity at least ``min_sensitivity``, and the threshold giving it.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        min_sensitivity: the floor, in [0, 1].
        thresholds: None for the exact curve; an int, a list or a 1-d tensor of thresholds for a binned one.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1])
        >>> binary_specificity_at_sensitivity(preds, target, min_sensitivity=0.5)
        (tensor(1.), tensor(0.8000))
    """
    return _binary_operating_point(
        _specificity_at_sensitivity,
        "min_sensitivity",
        preds,
        target,
        min_sensitivity,
        thresholds,
        ignore_index,
        validate_args,
    )


def multiclass_specificity_at_sensitivity(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    min_sensitivity: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest specificity reachable with sensitivity at least ``min_sensitivity``, and its threshold, per class.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> multiclass_specificity_at_sensitivity(preds, torch.tensor([0, 1, 1, 2]), num_classes=3, min_sensitivity=0.5)
        (tensor([1., 1., 1.]), tensor([0.7000, 0.4000, 0.8000]))
    """
    return _multiclass_operating_point(
        _specificity_at_sensitivity,
        "min_sensitivity",
        preds,
        target,
        num_classes,
        min_sensitivity,
        thresholds,
        ignore_index,
        validate_args,
    )


def multilabel_specificity_at_sensitivity(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    min_sensitivity: float,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest specificity reachable with sensitivity at least ``min_sensitivity``, and its threshold, per label.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> target = torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]])
        >>> multilabel_specificity_at_sensitivity(preds, target, num_labels=2, min_sensitivity=0.5)
        (tensor([1., 1.]), tensor([0.8000, 0.9000]))
    """
    return _multilabel_operating_point(
        _specificity_at_sensitivity,
        "min_sensitivity",
        preds,
        target,
        num_labels,
        min_sensitivity,
        thresholds,
        ignore_index,
        validate_args,
    )


def specificity_at_sensitivity(
    preds: Tensor,
    target: Tensor,
    task: Task,
    min_sensitivity: float,
    thresholds: Thresholds = None,
    num_classes: int | None = None,
    num_labels: int | None = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor]:
    """Highest specificity reachable with sensitivity at least ``min_sensitivity``, and its threshold, of a ``task``.

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1])
        >>> specificity_at_sensitivity(preds, target, "binary", min_sensitivity=0.5)
        (tensor(1.), tensor(0.8000))
    """
    return _task_operating_point(
        _specificity_at_sensitivity,
        "min_sensitivity",
        preds,
        target,
        task,
        min_sensitivity,
        thresholds,
        num_classes,
        num_labels,
        ignore_index,
        validate_args,
    )


def _nan(like: Tensor) -> Tensor:
    return torch.tensor(float("nan"), dtype=like.dtype, device=like.device)

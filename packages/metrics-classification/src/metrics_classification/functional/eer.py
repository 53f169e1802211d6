"""Equal error rate (EER): where the false positive rate meets the false negative rate on the ROC curve.

The point of the curve where ``|fpr - (1 - tpr)|`` is smallest (the first of equals); the EER is the mean of the
two rates there.
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.precision_recall_curve import CurveAverage, Thresholds, _curve_task
from metrics_classification.functional.roc import binary_roc, multiclass_roc, multilabel_roc


def _eer_compute(fpr: Tensor | list[Tensor], tpr: Tensor | list[Tensor]) -> Tensor:
    """EER of one curve (1-d rates: a scalar) or of each class's curve (a (C, K) tensor or lists: (C,))."""
    if isinstance(fpr, Tensor):
        miss = 1 - tpr
        index = (fpr - miss).abs().argmin(-1, keepdim=True)
        return ((fpr.gather(-1, index) + miss.gather(-1, index)) / 2).squeeze(-1)
    return torch.stack([_eer_compute(f, t) for f, t in zip(fpr, tpr)])


def binary_eer(
    preds: Tensor,
    target: Tensor,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Equal error rate of binary scores: the mean of the false positive and false negative rates where they meet.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        thresholds: None for the exact ROC curve; an int, a list or a 1-d tensor of thresholds for a binned one.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> binary_eer(torch.tensor([0.1, 0.4, 0.6, 0.8, 0.3]), torch.tensor([0, 1, 0, 1, 1]))
        tensor(0.5833)
    """
    fpr, tpr, _ = binary_roc(preds, target, thresholds, ignore_index, validate_args)
    return _eer_compute(fpr, tpr)


def multiclass_eer(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    thresholds: Thresholds = None,
    average: CurveAverage = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Equal error rate of each class (one-vs-rest), or of the micro / macro averaged ROC curve.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> multiclass_eer(preds, torch.tensor([0, 1, 1, 2]), num_classes=3)
        tensor([0.0000, 0.2500, 0.0000])
    """
    fpr, tpr, _ = multiclass_roc(preds, target, num_classes, thresholds, average, ignore_index, validate_args)
    return _eer_compute(fpr, tpr)


def multilabel_eer(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Equal error rate of each label of multilabel scores.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> multilabel_eer(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]), num_labels=2)
        tensor([0.5000, 0.0000])
    """
    fpr, tpr, _ = multilabel_roc(preds, target, num_labels, thresholds, ignore_index, validate_args)
    return _eer_compute(fpr, tpr)


def eer(
    preds: Tensor,
    target: Tensor,
    task: Literal["binary", "multiclass", "multilabel"],
    thresholds: Thresholds = None,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: CurveAverage = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Equal error rate of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"``.

    Example:
        >>> import torch
        >>> eer(torch.tensor([0.1, 0.4, 0.6, 0.8, 0.3]), torch.tensor([0, 1, 0, 1, 1]), task="binary")
        tensor(0.5833)
    """
    task = _curve_task(task, num_classes, num_labels)
    if task == "binary":
        return binary_eer(preds, target, thresholds, ignore_index, validate_args)
    if task == "multiclass":
        return multiclass_eer(preds, target, num_classes, thresholds, average, ignore_index, validate_args)
    return multilabel_eer(preds, target, num_labels, thresholds, ignore_index, validate_args)

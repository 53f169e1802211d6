"""Hinge loss: the mean of ``max(0, 1 - margin)`` (squared if asked) of binary or multiclass scores.

A batch becomes ``(measures, total)``: the summed losses (a scalar, or one per class in the one-vs-all mode) and the
number of kept samples, so a metric keeps a constant-size state. Ignored targets count nothing (masked, not
removed, so that no host sync is needed).
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.calibration_error import (
    _binary_calibration_error_tensor_validation,
    _multiclass_calibration_error_tensor_validation,
)
from metrics_classification.functional.precision_recall_curve import (
    _check_int_above_one,
    _curve_task,
    _normalize_scores,
)

MulticlassMode = Literal["crammer-singer", "one-vs-all"]
_MODES = ("crammer-singer", "one-vs-all")


def _binary_hinge_loss_arg_validation(squared: bool, ignore_index: int | None = None) -> None:
    """``squared`` a bool, ``ignore_index`` None or an integer."""
    if not isinstance(squared, bool):
        raise ValueError(f"Expected argument `squared` to be a bool, but got {squared!r}")
    if ignore_index is not None and (isinstance(ignore_index, bool) or not isinstance(ignore_index, int)):
        raise ValueError(f"Expected argument `ignore_index` to be None or an integer, but got {ignore_index!r}")


def _multiclass_hinge_loss_arg_validation(
    num_classes: int,
    squared: bool = False,
    multiclass_mode: MulticlassMode = "crammer-singer",
    ignore_index: int | None = None,
) -> None:
    """``num_classes`` an integer > 1, ``multiclass_mode`` crammer-singer or one-vs-all, and the binary arguments."""
    _binary_hinge_loss_arg_validation(squared, ignore_index)
    _check_int_above_one("num_classes", num_classes)
    if multiclass_mode not in _MODES:
        raise ValueError(f"Expected argument `multiclass_mode` to be one of {_MODES}, but got {multiclass_mode!r}")


# the inputs are those of the calibration error: float scores and 0/1 or class targets
_binary_hinge_loss_tensor_validation = _binary_calibration_error_tensor_validation
_multiclass_hinge_loss_tensor_validation = _multiclass_calibration_error_tensor_validation


def _losses(margin: Tensor, squared: bool, kept: Tensor | None) -> Tensor:
    losses = (1 - margin).clamp(min=0)
    losses = losses.square() if squared else losses
    return losses if kept is None else losses * kept


def _binary_hinge_loss_update(
    preds: Tensor, target: Tensor, squared: bool = False, ignore_index: int | None = None
) -> tuple[Tensor, Tensor]:
    """Summed losses and kept samples of a binary batch (logits outside [0, 1] get a sigmoid first)."""
    preds, target = preds.reshape(-1), target.reshape(-1)
    kept = None if ignore_index is None else target != ignore_index
    preds = _normalize_scores(preds, "sigmoid", kept)
    margin = torch.where(target == 1, preds, -preds)
    total = torch.tensor(preds.shape[0], device=preds.device) if kept is None else kept.sum()
    return _losses(margin, squared, kept).sum(0), total


def _multiclass_hinge_loss_update(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    squared: bool = False,
    multiclass_mode: MulticlassMode = "crammer-singer",
    ignore_index: int | None = None,
) -> tuple[Tensor, Tensor]:
    """Summed losses (a scalar, or (C,) one-vs-all) and kept samples of a multiclass batch of scores (N, C, ...).

    Crammer-Singer: the margin is the target's score less the best other score; one-vs-all: each class's score,
    negated where it is not the target.
    """
    preds = preds.movedim(1, -1).reshape(-1, num_classes)
    target = target.reshape(-1)
    kept = None if ignore_index is None else target != ignore_index
    preds = _normalize_scores(preds, "softmax", None if kept is None else kept.unsqueeze(1))
    if kept is not None:
        target = torch.where(kept, target, 0)
    is_target = target.unsqueeze(1) == torch.arange(num_classes, device=target.device)
    if multiclass_mode == "crammer-singer":
        lowest = -torch.inf if preds.is_floating_point() else torch.iinfo(preds.dtype).min  # unvalidated int scores
        best_other = preds.masked_fill(is_target, lowest).amax(1)
        margin = preds.gather(1, target.long().unsqueeze(1)).squeeze(1) - best_other
    else:
        margin = torch.where(is_target, preds, -preds)
        kept = None if kept is None else kept.unsqueeze(1)
    total = torch.tensor(preds.shape[0], device=preds.device) if kept is None else kept.sum()
    return _losses(margin, squared, kept).sum(0), total


def _hinge_loss_compute(measures: Tensor, total: Tensor) -> Tensor:
    """Mean loss."""
    return measures / total


def binary_hinge_loss(
    preds: Tensor,
    target: Tensor,
    squared: bool = False,
    ignore_index: int | None = None,
    validate_args: bool = False,
) -> Tensor:
    """Mean hinge loss of binary scores: ``max(0, 1 - margin)``, the margin being the score signed by the target.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        squared: average the squared losses.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs (off by default, as in TorchMetrics).

    Example:
        >>> import torch
        >>> binary_hinge_loss(torch.tensor([0.25, 0.25, 0.55, 0.75, 0.75]), torch.tensor([0, 0, 1, 1, 1]))
        tensor(0.6900)
    """
    if validate_args:
        _binary_hinge_loss_arg_validation(squared, ignore_index)
        _binary_hinge_loss_tensor_validation(preds, target, ignore_index)
    return _hinge_loss_compute(*_binary_hinge_loss_update(preds, target, squared, ignore_index))


def multiclass_hinge_loss(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    squared: bool = False,
    multiclass_mode: MulticlassMode = "crammer-singer",
    ignore_index: int | None = None,
    validate_args: bool = False,
) -> Tensor:
    """Mean hinge loss of multiclass scores, Crammer-Singer (a scalar) or one-vs-all (one per class).

    Args:
        preds: probabilities or logits (a softmax is applied when values lie outside [0, 1]), shape (N, C, ...).
        target: labels in [0, num_classes), shape (N, ...).
        num_classes: number of classes.
        squared: average the squared losses.
        multiclass_mode: ``"crammer-singer"`` (target score against the best other) or ``"one-vs-all"``.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs (off by default, as in TorchMetrics).

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> multiclass_hinge_loss(preds, torch.tensor([0, 1, 1, 2]), num_classes=3)
        tensor(0.7750)
    """
    if validate_args:
        _multiclass_hinge_loss_arg_validation(num_classes, squared, multiclass_mode, ignore_index)
        _multiclass_hinge_loss_tensor_validation(preds, target, num_classes, ignore_index)
    update = _multiclass_hinge_loss_update(preds, target, num_classes, squared, multiclass_mode, ignore_index)
    return _hinge_loss_compute(*update)


def hinge_loss(
    preds: Tensor,
    target: Tensor,
    task: Literal["binary", "multiclass"],
    num_classes: int | None = None,
    squared: bool = False,
    multiclass_mode: MulticlassMode = "crammer-singer",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Mean hinge loss of a ``task``: ``"binary"`` or ``"multiclass"``.

    Example:
        >>> import torch
        >>> hinge_loss(torch.tensor([0.25, 0.75]), torch.tensor([0, 1]), task="binary")
        tensor(0.7500)
    """
    if _curve_task(task, num_classes, None, ("binary", "multiclass")) == "binary":
        return binary_hinge_loss(preds, target, squared, ignore_index, validate_args)
    return multiclass_hinge_loss(preds, target, num_classes, squared, multiclass_mode, ignore_index, validate_args)

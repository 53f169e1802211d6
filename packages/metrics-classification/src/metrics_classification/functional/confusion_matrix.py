"""Confusion matrices of binary, multiclass and multilabel predictions.

The input steps (tensor validation, format, counting) are the stat-score family's: its counts
already are confusion matrices, ``[[tn, fp], [fn, tp]]`` tables for binary and multilabel inputs
and a ``(C, C)`` matrix (rows: target) for multiclass inputs. The Jaccard index, Matthews'
correlation coefficient and Cohen's kappa reduce these matrices.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, Literal

from torch import Tensor

from metrics_classification.functional.stat_scores import (
    _TASKS,
    Task,
    _binary_stat_scores_counts,
    _binary_stat_scores_format,
    _binary_stat_scores_tensor_validation,
    _check_count,
    _check_task_int,
    _check_threshold,
    _classification_task,
    _multiclass_stat_scores_counts,
    _multiclass_stat_scores_format,
    _multiclass_stat_scores_tensor_validation,
    _multilabel_stat_scores_counts,
    _multilabel_stat_scores_format,
    _multilabel_stat_scores_tensor_validation,
)

Normalize = Literal["true", "pred", "all", "none"] | None

_NORMALIZE = ("true", "pred", "all", "none", None)
_NORMALIZE_DIMS = {"true": (-1,), "pred": (-2,), "all": (-2, -1)}


def _check_normalize(normalize: Normalize) -> None:
    if normalize not in _NORMALIZE:
        raise ValueError(f"Expected argument `normalize` to be one of {_NORMALIZE}, but got {normalize!r}")


def _check_ignore_index(ignore_index: int | None) -> None:
    if ignore_index is not None and not isinstance(ignore_index, int):
        raise ValueError(f"Expected argument `ignore_index` to be None or an integer, but got {ignore_index!r}")


def _task_arguments(
    task: Task, threshold: float, num_classes: int | None, num_labels: int | None, tasks: Sequence[str] = _TASKS
) -> tuple[str, dict[str, Any]]:
    """The task's name and the arguments that its metric takes from a task wrapper's ``threshold``/``num_*``."""
    task = _classification_task(task, tasks)
    if task == "binary":
        return task, {"threshold": threshold}
    if task == "multiclass":
        _check_task_int("num_classes", num_classes, task)
        return task, {"num_classes": num_classes}
    _check_task_int("num_labels", num_labels, task)
    return task, {"num_labels": num_labels, "threshold": threshold}


def _confusion_matrix_compute(confmat: Tensor, normalize: Normalize = None) -> Tensor:
    """Counts, or rates over the true labels (rows), the predictions (columns) or everything; NaN becomes 0."""
    _check_normalize(normalize)
    if normalize is None or normalize == "none":
        return confmat
    confmat = confmat if confmat.is_floating_point() else confmat.float()
    confmat = confmat / confmat.sum(dim=_NORMALIZE_DIMS[normalize], keepdim=True)
    nans = confmat.isnan()
    num_nans = int(nans.sum())
    if num_nans:
        warnings.warn(
            f"{num_nans} NaN values found in confusion matrix have been replaced with zeros.", UserWarning, stacklevel=2
        )
        confmat = confmat.masked_fill(nans, 0.0)
    return confmat


# ------------------------------------------------------------------------------------------- binary
def _binary_confusion_matrix_arg_validation(
    threshold: float = 0.5, ignore_index: int | None = None, normalize: Normalize = None
) -> None:
    _check_threshold(threshold)
    _check_ignore_index(ignore_index)
    _check_normalize(normalize)


def _binary_confusion_matrix_tensor_validation(preds: Tensor, target: Tensor, ignore_index: int | None = None) -> None:
    _binary_stat_scores_tensor_validation(preds, target, "global", ignore_index)


def _binary_confusion_matrix_format(
    preds: Tensor, target: Tensor, threshold: float = 0.5, ignore_index: int | None = None
) -> tuple[Tensor, Tensor]:
    """0/1 labels (probabilities or logits thresholded); ignored targets become -1.

    Whether ``preds`` are logits is decided on the kept samples only (as TorchMetrics' confusion
    matrix does, unlike its stat scores): ignored predictions are set to 0 first.
    """
    if ignore_index is not None and preds.is_floating_point():
        preds = preds.masked_fill(target == ignore_index, 0.0)
    return _binary_stat_scores_format(preds, target, threshold, ignore_index)


def _binary_confusion_matrix_update(preds: Tensor, target: Tensor, out: Tensor | None = None) -> Tensor:
    """The 2x2 counts ``[[tn, fp], [fn, tp]]`` of formatted labels (rows: target, columns: prediction).

    Added into ``out`` if given.
    """
    return _binary_stat_scores_counts(preds, target, out=out)


def binary_confusion_matrix(
    preds: Tensor,
    target: Tensor,
    threshold: float = 0.5,
    normalize: Normalize = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Confusion matrix ``[[tn, fp], [fn, tp]]`` of binary predictions (rows: target, columns: prediction).

    Args:
        preds: probabilities or logits (thresholded at ``threshold``) or 0/1 labels, any shape.
        target: 0/1 labels of the same shape.
        threshold: probability above which a prediction counts as positive.
        normalize: ``"true"`` (rows sum to 1), ``"pred"`` (columns), ``"all"``, or ``None``/``"none"`` for counts.
        ignore_index: target value whose samples are left out.
        validate_args: check the arguments and the tensors' values.

    Example:
        >>> import torch
        >>> binary_confusion_matrix(torch.tensor([0.8, 0.3, 0.6, 0.1]), torch.tensor([1, 1, 0, 0]))
        tensor([[1, 1],
                [1, 1]])
    """
    if validate_args:
        _binary_confusion_matrix_arg_validation(threshold, ignore_index, normalize)
        _binary_confusion_matrix_tensor_validation(preds, target, ignore_index)
    preds, target = _binary_confusion_matrix_format(preds, target, threshold, ignore_index)
    return _confusion_matrix_compute(_binary_confusion_matrix_update(preds, target), normalize)


# --------------------------------------------------------------------------------------- multiclass
def _multiclass_confusion_matrix_arg_validation(
    num_classes: int, ignore_index: int | None = None, normalize: Normalize = None
) -> None:
    _check_count("num_classes", num_classes, 2)
    _check_ignore_index(ignore_index)
    _check_normalize(normalize)


def _multiclass_confusion_matrix_tensor_validation(
    preds: Tensor, target: Tensor, num_classes: int, ignore_index: int | None = None
) -> None:
    _multiclass_stat_scores_tensor_validation(preds, target, num_classes, "global", ignore_index)


def _multiclass_confusion_matrix_format(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """Labels ``(N, X)``: scores ``(N, C, ...)`` become their arg-max."""
    return _multiclass_stat_scores_format(preds, target)


def _multiclass_confusion_matrix_update(
    preds: Tensor, target: Tensor, num_classes: int, ignore_index: int | None = None, out: Tensor | None = None
) -> Tensor:
    """The ``(C, C)`` counts of formatted labels (rows: target, columns: prediction); ignored targets left out.

    Added into ``out`` if given.
    """
    return _multiclass_stat_scores_counts(preds, target, num_classes, ignore_index=ignore_index, out=out)


def multiclass_confusion_matrix(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    normalize: Normalize = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Confusion matrix of multiclass predictions (rows: target class, columns: predicted class).

    Args:
        preds: labels ``(N, ...)`` or scores ``(N, C, ...)`` (their arg-max is the prediction).
        target: labels ``(N, ...)``.
        num_classes: number of classes ``C``.
        normalize: ``"true"`` (rows sum to 1), ``"pred"`` (columns), ``"all"``, or ``None``/``"none"`` for counts.
        ignore_index: target value whose samples are left out.
        validate_args: check the arguments and the tensors' values.

    Example:
        >>> import torch
        >>> multiclass_confusion_matrix(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), num_classes=3)
        tensor([[1, 1, 0],
                [0, 1, 0],
                [0, 0, 1]])
    """
    if validate_args:
        _multiclass_confusion_matrix_arg_validation(num_classes, ignore_index, normalize)
        _multiclass_confusion_matrix_tensor_validation(preds, target, num_classes, ignore_index)
    preds, target = _multiclass_confusion_matrix_format(preds, target)
    confmat = _multiclass_confusion_matrix_update(preds, target, num_classes, ignore_index)
    return _confusion_matrix_compute(confmat, normalize)


# --------------------------------------------------------------------------------------- multilabel
def _multilabel_confusion_matrix_arg_validation(
    num_labels: int, threshold: float = 0.5, ignore_index: int | None = None, normalize: Normalize = None
) -> None:
    _check_count("num_labels", num_labels, 2)
    _check_threshold(threshold)
    _check_ignore_index(ignore_index)
    _check_normalize(normalize)


def _multilabel_confusion_matrix_tensor_validation(
    preds: Tensor, target: Tensor, num_labels: int, ignore_index: int | None = None
) -> None:
    _multilabel_stat_scores_tensor_validation(preds, target, num_labels, "global", ignore_index)


def _multilabel_confusion_matrix_format(
    preds: Tensor, target: Tensor, num_labels: int, threshold: float = 0.5, ignore_index: int | None = None
) -> tuple[Tensor, Tensor]:
    """0/1 labels ``(N, L, X)`` (probabilities or logits thresholded); ignored targets become -1."""
    return _multilabel_stat_scores_format(preds, target, num_labels, threshold, ignore_index)


def _multilabel_confusion_matrix_update(preds: Tensor, target: Tensor, out: Tensor | None = None) -> Tensor:
    """The ``(L, 2, 2)`` counts ``[[tn, fp], [fn, tp]]`` of each label of formatted labels, added into ``out``."""
    return _multilabel_stat_scores_counts(preds, target, out=out)


def multilabel_confusion_matrix(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    threshold: float = 0.5,
    normalize: Normalize = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """One confusion matrix ``[[tn, fp], [fn, tp]]`` per label of multilabel predictions: shape ``(L, 2, 2)``.

    Args:
        preds: probabilities or logits (thresholded at ``threshold``) or 0/1 labels ``(N, L, ...)``.
        target: 0/1 labels ``(N, L, ...)``.
        num_labels: number of labels ``L``.
        threshold: probability above which a prediction counts as positive.
        normalize: ``"true"`` (rows sum to 1), ``"pred"`` (columns), ``"all"``, or ``None``/``"none"`` for counts.
        ignore_index: target value whose entries are left out.
        validate_args: check the arguments and the tensors' values.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.9, 0.2], [0.4, 0.7], [0.8, 0.6]])
        >>> multilabel_confusion_matrix(preds, torch.tensor([[1, 0], [1, 1], [0, 1]]), num_labels=2)
        tensor([[[0, 1],
                 [1, 1]],
        <BLANKLINE>
                [[1, 0],
                 [0, 2]]])
    """
    if validate_args:
        _multilabel_confusion_matrix_arg_validation(num_labels, threshold, ignore_index, normalize)
        _multilabel_confusion_matrix_tensor_validation(preds, target, num_labels, ignore_index)
    preds, target = _multilabel_confusion_matrix_format(preds, target, num_labels, threshold, ignore_index)
    return _confusion_matrix_compute(_multilabel_confusion_matrix_update(preds, target), normalize)


def confusion_matrix(
    preds: Tensor,
    target: Tensor,
    task: Task,
    threshold: float = 0.5,
    num_classes: int | None = None,
    num_labels: int | None = None,
    normalize: Normalize = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Confusion matrix of a ``task``: ``"binary"``, ``"multiclass"`` (needs ``num_classes``) or ``"multilabel"``.

    Example:
        >>> import torch
        >>> confusion_matrix(torch.tensor([1, 1, 0, 0]), torch.tensor([1, 0, 0, 0]), task="binary", normalize="true")
        tensor([[0.6667, 0.3333],
                [0.0000, 1.0000]])
    """
    task, arguments = _task_arguments(task, threshold, num_classes, num_labels)
    function = {
        "binary": binary_confusion_matrix,
        "multiclass": multiclass_confusion_matrix,
        "multilabel": multilabel_confusion_matrix,
    }[task]
    return function(
        preds, target, normalize=normalize, ignore_index=ignore_index, validate_args=validate_args, **arguments
    )

"""Calibration error: the gap between confidence and accuracy, over ``n_bins`` equal-width confidence bins.

A batch becomes per-bin sums ``[count, confidence, accuracy]`` (3, n_bins + 1), so a metric keeps a constant-size
state; the value is the l1 (expected), l2 (root mean square) or max (maximum) gap of the bin averages. As in
TorchMetrics, a confidence of exactly 1 falls in an extra last bin.
"""

from __future__ import annotations

import functools
from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.precision_recall_curve import (
    _check_int_above_one,
    _curve_task,
    _normalize_scores,
)
from metrics_classification.functional.stat_scores import (
    TensorValueError,
    _binary_stat_scores_tensor_validation,
    _multiclass_stat_scores_tensor_validation,
)

Norm = Literal["l1", "l2", "max"]
_NORMS = ("l1", "l2", "max")


def _binary_calibration_error_arg_validation(n_bins: int, norm: Norm = "l1", ignore_index: int | None = None) -> None:
    """``n_bins`` a positive integer, ``norm`` one of l1, l2, max, ``ignore_index`` None or an integer."""
    if not isinstance(n_bins, int) or isinstance(n_bins, bool) or n_bins < 1:
        raise ValueError(f"Expected argument `n_bins` to be an integer larger than 0, but got {n_bins!r}")
    if norm not in _NORMS:
        raise ValueError(f"Expected argument `norm` to be one of {_NORMS}, but got {norm!r}")
    if ignore_index is not None and (isinstance(ignore_index, bool) or not isinstance(ignore_index, int)):
        raise ValueError(f"Expected argument `ignore_index` to be None or an integer, but got {ignore_index!r}")


def _multiclass_calibration_error_arg_validation(
    num_classes: int, n_bins: int, norm: Norm = "l1", ignore_index: int | None = None
) -> None:
    """``num_classes`` an integer > 1, and the binary arguments."""
    _check_int_above_one("num_classes", num_classes)
    _binary_calibration_error_arg_validation(n_bins, norm, ignore_index)


def _check_float_preds(preds: Tensor) -> None:
    if not preds.is_floating_point():
        raise ValueError(
            f"Expected argument `preds` to be a float tensor of probabilities or logits, but got dtype {preds.dtype}"
        )


def _binary_calibration_error_tensor_validation(preds: Tensor, target: Tensor, ignore_index: int | None = None) -> None:
    """Same shapes, 0/1 targets (or ``ignore_index``), float scores without NaN."""
    _binary_stat_scores_tensor_validation(preds, target, "global", ignore_index)
    _check_float_preds(preds)


def _multiclass_calibration_error_tensor_validation(
    preds: Tensor, target: Tensor, num_classes: int, ignore_index: int | None = None
) -> None:
    """Scores (N, C, ...) without NaN and targets (N, ...) in [0, num_classes) (or ``ignore_index``)."""
    _check_float_preds(preds)
    if preds.ndim != target.ndim + 1:
        raise TensorValueError(
            "Expected `preds` of shape (N, C, ...) with one dimension more than `target` (N, ...), but got"
            f" preds {tuple(preds.shape)} and target {tuple(target.shape)}"
        )
    _multiclass_stat_scores_tensor_validation(preds, target, num_classes, "global", ignore_index)


def _binary_calibration_error_format(
    preds: Tensor, target: Tensor, ignore_index: int | None = None
) -> tuple[Tensor, Tensor, Tensor | None]:
    """Confidences (M,) (logits get a sigmoid), accuracies (0/1 targets, in their dtype) and the kept entries."""
    preds, target = preds.reshape(-1), target.reshape(-1)
    kept = None if ignore_index is None else target != ignore_index
    return _normalize_scores(preds, "sigmoid", kept), target.to(preds.dtype), kept


def _multiclass_calibration_error_format(
    preds: Tensor, target: Tensor, num_classes: int, ignore_index: int | None = None
) -> tuple[Tensor, Tensor, Tensor | None]:
    """Confidences (M,): the top probability (logits get a softmax), float32; accuracies: top class right."""
    preds = preds.movedim(1, -1).reshape(-1, num_classes)
    target = target.reshape(-1)
    kept = None if ignore_index is None else target != ignore_index
    confidences, predictions = _normalize_scores(preds, "softmax", None if kept is None else kept.unsqueeze(1)).max(1)
    return confidences.float(), (predictions == target).float(), kept


@functools.cache
def _bin_boundaries(n_bins: int, dtype: torch.dtype, device: torch.device) -> Tensor:
    return torch.linspace(0, 1, n_bins + 1, dtype=dtype, device=device)


def _calibration_error_update(confidences: Tensor, accuracies: Tensor, kept: Tensor | None, n_bins: int) -> Tensor:
    """Per-bin sums ``[count, confidence, accuracy]`` (3, n_bins + 1), in float64, of the kept entries.

    Bins are found in the confidences' dtype, so that values on a boundary land where TorchMetrics puts them.
    """
    bins = torch.bucketize(confidences, _bin_boundaries(n_bins, confidences.dtype, confidences.device), right=True)
    count = torch.ones_like(confidences, dtype=torch.float64) if kept is None else kept.double()
    sums = torch.stack([count, confidences.double() * count, accuracies.double() * count])
    stats = torch.zeros(3, n_bins + 2, dtype=torch.float64, device=confidences.device)
    return stats.index_add_(1, bins, sums)[:, 1:]


def _calibration_error_compute(stats: Tensor, norm: Norm = "l1", dtype: torch.dtype = torch.float32) -> Tensor:
    """Per-bin sums -> the l1, l2 or max gap between bin accuracy and confidence, in ``dtype``."""
    count, confidence, accuracy = stats.to(dtype)
    gaps = torch.nan_to_num(accuracy / count) - torch.nan_to_num(confidence / count)
    weights = count / count.sum()
    if norm == "l1":
        return (gaps.abs() * weights).sum()
    if norm == "max":
        return gaps.abs().max()
    squared = (gaps**2 * weights).sum()
    return squared.sqrt() if squared > 0 else torch.tensor(0, device=stats.device)


def binary_calibration_error(
    preds: Tensor,
    target: Tensor,
    n_bins: int = 15,
    norm: Norm = "l1",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Calibration error of binary probabilities: how far the confidence of each bin is from its accuracy.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        n_bins: number of equal-width confidence bins in [0, 1].
        norm: ``"l1"`` (expected calibration error), ``"l2"`` (root mean square) or ``"max"`` (maximum).
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> binary_calibration_error(torch.tensor([0.25, 0.25, 0.55, 0.75, 0.75]), torch.tensor([0, 0, 1, 1, 1]))
        tensor(0.2900)
    """
    if validate_args:
        _binary_calibration_error_arg_validation(n_bins, norm, ignore_index)
        _binary_calibration_error_tensor_validation(preds, target, ignore_index)
    confidences, accuracies, kept = _binary_calibration_error_format(preds, target, ignore_index)
    stats = _calibration_error_update(confidences, accuracies, kept, n_bins)
    return _calibration_error_compute(stats, norm, confidences.dtype)


def multiclass_calibration_error(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    n_bins: int = 15,
    norm: Norm = "l1",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Calibration error of multiclass probabilities: top-class confidence against top-class accuracy, per bin.

    Args:
        preds: probabilities or logits (a softmax is applied when values lie outside [0, 1]), shape (N, C, ...).
        target: labels in [0, num_classes), shape (N, ...).
        num_classes: number of classes.
        n_bins: number of equal-width confidence bins in [0, 1].
        norm: ``"l1"`` (expected calibration error), ``"l2"`` (root mean square) or ``"max"`` (maximum).
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> multiclass_calibration_error(preds, torch.tensor([0, 1, 1, 2]), num_classes=3, n_bins=3)
        tensor(0.1250)
    """
    if validate_args:
        _multiclass_calibration_error_arg_validation(num_classes, n_bins, norm, ignore_index)
        _multiclass_calibration_error_tensor_validation(preds, target, num_classes, ignore_index)
    confidences, accuracies, kept = _multiclass_calibration_error_format(preds, target, num_classes, ignore_index)
    stats = _calibration_error_update(confidences, accuracies, kept, n_bins)
    return _calibration_error_compute(stats, norm)


def calibration_error(
    preds: Tensor,
    target: Tensor,
    task: Literal["binary", "multiclass"],
    n_bins: int = 15,
    norm: Norm = "l1",
    num_classes: int | None = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Calibration error of a ``task``: ``"binary"`` or ``"multiclass"``.

    Example:
        >>> import torch
        >>> calibration_error(torch.tensor([0.25, 0.75]), torch.tensor([0, 1]), task="binary")
        tensor(0.2500)
    """
    if _curve_task(task, num_classes, None, ("binary", "multiclass")) == "binary":
        return binary_calibration_error(preds, target, n_bins, norm, ignore_index, validate_args)
    return multiclass_calibration_error(preds, target, num_classes, n_bins, norm, ignore_index, validate_args)

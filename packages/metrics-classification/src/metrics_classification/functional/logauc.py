"""Log AUC: the area under the ROC curve over a range of false positive rates, on a log10 scale, normalised.

The curve is first interpolated at both ends of ``fpr_range``; the area over log10(fpr) is divided by the width of
the range on that scale, so that a perfect classifier scores 1.
"""

from __future__ import annotations

import warnings
from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.precision_recall_curve import Thresholds, _curve_task
from metrics_classification.functional.roc import binary_roc, multiclass_roc, multilabel_roc

FprRange = tuple[float, float]
LogAUCAverage = Literal["macro", "none"] | None


def _validate_fpr_range(fpr_range: FprRange) -> None:
    """``fpr_range``: two floats with 0 <= low < high <= 1."""
    if not isinstance(fpr_range, (tuple, list)) or len(fpr_range) != 2:
        raise ValueError(f"Expected argument `fpr_range` to be a tuple of two floats, but got {fpr_range!r}")
    if not 0 <= fpr_range[0] < fpr_range[1] <= 1:
        raise ValueError(f"Expected argument `fpr_range` to hold two floats 0 <= low < high <= 1, but got {fpr_range}")


def _interp_at(x: Tensor, xp: Tensor, fp: Tensor) -> Tensor:
    """Linear interpolation of (xp, fp) at ``x``, sorting by ``xp`` first.

    TorchMetrics' rule for the log AUC: equal ``xp`` values give infinite or NaN slopes, as there.
    """
    order = torch.argsort(xp)
    xp, fp = xp[order], fp[order]
    slopes = (fp[1:] - fp[:-1]) / (xp[1:] - xp[:-1])
    index = (torch.searchsorted(xp, x) - 1).clamp(0, slopes.shape[0] - 1)
    return fp[index] + slopes[index] * (x - xp[index])


def _binary_logauc_compute(fpr: Tensor, tpr: Tensor, fpr_range: FprRange = (0.001, 0.1)) -> Tensor:
    """Log AUC of one ROC curve (fpr increasing)."""
    bounds = torch.tensor(fpr_range, device=fpr.device)
    if fpr.numel() < 2 or tpr.numel() < 2:
        warnings.warn(
            "At least two values on for the fpr and tpr are required to compute the log AUC. Returns 0 score.",
            UserWarning,
            stacklevel=3,
        )
        return torch.tensor(0.0, device=fpr.device)
    tpr = torch.cat([tpr, _interp_at(bounds, fpr, tpr)]).sort().values
    log_fpr = torch.cat([fpr, bounds]).sort().values.log10()
    log_bounds = bounds.log10()
    low = (log_fpr == log_bounds[0]).nonzero()[-1, 0]
    high = (log_fpr == log_bounds[1]).nonzero()[-1, 0]
    area = torch.trapezoid(tpr[low : high + 1], log_fpr[low : high + 1])
    return area / (log_bounds[1] - log_bounds[0])


def _reduce_logauc(
    fpr: Tensor | list[Tensor], tpr: Tensor | list[Tensor], fpr_range: FprRange, average: LogAUCAverage = "macro"
) -> Tensor:
    """Log AUC of each class's curve, or their mean (NaN classes left out, with a warning)."""
    scores = torch.stack([_binary_logauc_compute(f, t, fpr_range) for f, t in zip(fpr, tpr)])
    missing = scores.isnan()
    if missing.any():
        warnings.warn(
            "LogAUC score for one or more classes/labels was `nan`. Ignoring these classes in {average}-average.",
            UserWarning,
            stacklevel=3,
        )
    if average is None or average == "none":
        return scores
    if average == "macro":
        return scores[~missing].mean()
    raise ValueError(f"Expected argument `average` to be one of 'macro', 'none' or None, but got {average!r}")


def binary_logauc(
    preds: Tensor,
    target: Tensor,
    fpr_range: FprRange = (0.001, 0.1),
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Log AUC of binary scores: the ROC area over ``fpr_range`` on a log10 false positive rate scale, in [0, 1].

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        fpr_range: the false positive rates (low, high) the area spans.
        thresholds: None for the exact ROC curve; an int, a list or a 1-d tensor of thresholds for a binned one.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([0.75, 0.05, 0.05, 0.05, 0.05, 0.6, 0.4, 0.9])
        >>> binary_logauc(preds, torch.tensor([1, 0, 0, 0, 0, 1, 0, 1]))
        tensor(1.)
    """
    _validate_fpr_range(fpr_range)  # even without validate_args, as in TorchMetrics
    fpr, tpr, _ = binary_roc(preds, target, thresholds, ignore_index, validate_args)
    return _binary_logauc_compute(fpr, tpr, fpr_range)


def multiclass_logauc(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    fpr_range: FprRange = (0.001, 0.1),
    average: LogAUCAverage = "macro",
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Log AUC of each class (one-vs-rest) of multiclass scores, or their mean (``average="macro"``).

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> multiclass_logauc(preds, torch.tensor([0, 1, 1, 2]), num_classes=3, average=None)
        tensor([1.0000, 0.5505, 1.0000])
    """
    if validate_args:
        _validate_fpr_range(fpr_range)
    fpr, tpr, _ = multiclass_roc(preds, target, num_classes, thresholds, None, ignore_index, validate_args)
    return _reduce_logauc(fpr, tpr, fpr_range, average)


def multilabel_logauc(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    fpr_range: FprRange = (0.001, 0.1),
    average: LogAUCAverage = "macro",
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Log AUC of each label of multilabel scores, or their mean (``average="macro"``).

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> multilabel_logauc(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]), num_labels=2)
        tensor(0.7500)
    """
    if validate_args:
        _validate_fpr_range(fpr_range)
    fpr, tpr, _ = multilabel_roc(preds, target, num_labels, thresholds, ignore_index, validate_args)
    return _reduce_logauc(fpr, tpr, fpr_range, average)


def logauc(
    preds: Tensor,
    target: Tensor,
    task: Literal["binary", "multiclass", "multilabel"],
    thresholds: Thresholds = None,
    num_classes: int | None = None,
    num_labels: int | None = None,
    fpr_range: FprRange = (0.001, 0.1),
    average: LogAUCAverage = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Log AUC of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"``.

    Example:
        >>> import torch
        >>> preds = torch.tensor([0.75, 0.05, 0.05, 0.05, 0.05, 0.6, 0.4, 0.9])
        >>> logauc(preds, torch.tensor([1, 0, 0, 0, 0, 1, 0, 1]), task="binary")
        tensor(1.)
    """
    task = _curve_task(task, num_classes, num_labels)
    if task == "binary":
        return binary_logauc(preds, target, fpr_range, thresholds, ignore_index, validate_args)
    if task == "multiclass":
        return multiclass_logauc(
            preds, target, num_classes, fpr_range, average, thresholds, ignore_index, validate_args
        )
    return multilabel_logauc(preds, target, num_labels, fpr_range, average, thresholds, ignore_index, validate_args)

"""Matthews correlation coefficient of binary, multiclass and multilabel predictions."""

from __future__ import annotations

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
from metrics_classification.functional.stat_scores import Task

_EPS = torch.finfo(torch.float32).eps


def _matthews_corrcoef_compute(confmat: Tensor) -> Tensor:
    """Matthews correlation coefficient from a 2x2, ``(C, C)`` or ``(L, 2, 2)`` (pooled) confusion matrix.

    Degenerate 2x2 matrices (a row or column of zeros) follow TorchMetrics 1.9: all-correct gives
    1, all-wrong gives -1 (both in the integer dtype of the counts, as there), and the other cases
    use its epsilon-smoothed formula.
    """
    confmat = confmat.sum(0) if confmat.ndim == 3 else confmat
    counts = confmat.float()
    target_totals, pred_totals = counts.sum(dim=-1), counts.sum(dim=-2)
    total = counts.sum()
    cov_target_pred = counts.trace() * total - (target_totals * pred_totals).sum()
    cov_pred_pred = total**2 - (pred_totals * pred_totals).sum()
    cov_target_target = total**2 - (target_totals * target_totals).sum()
    denom = cov_pred_pred * cov_target_target
    if confmat.numel() != 4:
        if denom.item() == 0:
            return torch.zeros((), dtype=counts.dtype, device=counts.device)
        return cov_target_pred / denom.sqrt()
    tn, fp, fn, tp = confmat.reshape(-1)
    # one host sync for the branches; float32 keeps zero and non-zero counts apart exactly
    tn_, fp_, fn_, tp_, denom_ = torch.cat([counts.reshape(-1), denom.reshape(1)]).tolist()
    if tp_ + tn_ != 0 and fp_ + fn_ == 0:
        return torch.tensor(1.0, dtype=confmat.dtype, device=confmat.device)
    if tp_ + tn_ == 0 and fp_ + fn_ != 0:
        return torch.tensor(-1.0, dtype=confmat.dtype, device=confmat.device)
    if denom_ != 0:
        return cov_target_pred / denom.sqrt()
    return _degenerate_binary_matthews_corrcoef(tn, fp, fn, tp, (tn_, fp_, fn_, tp_))


def _degenerate_binary_matthews_corrcoef(
    tn: Tensor, fp: Tensor, fn: Tensor, tp: Tensor, host: tuple[float, float, float, float]
) -> Tensor:
    """TorchMetrics' value for a 2x2 matrix with an empty row or column (``host`` holds the counts as numbers)."""
    tn_, fp_, fn_, tp_ = host
    eps = torch.tensor(_EPS, dtype=torch.float32, device=tn.device)
    if fn_ == 0 and tn_ == 0:
        numerator = eps.sqrt() * (tp - fp)
    elif fp_ == 0 and tn_ == 0:
        numerator = eps.sqrt() * (tp - fn)
    elif tp_ == 0 and fn_ == 0:
        numerator = eps.sqrt() * (tn - fp)
    elif tp_ == 0 and fp_ == 0:
        numerator = eps.sqrt() * (tn - fn)
    elif tp_ == 0:
        numerator = tn - fp * fn
    elif tn_ == 0:
        numerator = tp - fp * fn
    elif fp_ == 0 or fn_ == 0:
        numerator = tp * tn
    else:
        return torch.zeros((), dtype=torch.float32, device=tn.device)
    denom = (tp + fp + eps) * (tp + fn + eps) * (tn + fp + eps) * (tn + fn + eps)
    return numerator / denom.sqrt()


def binary_matthews_corrcoef(
    preds: Tensor,
    target: Tensor,
    threshold: float = 0.5,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Matthews correlation coefficient of binary predictions, in ``[-1, 1]``.

    Args:
        preds: probabilities or logits (thresholded at ``threshold``) or 0/1 labels, any shape.
        target: 0/1 labels of the same shape.
        threshold: probability above which a prediction counts as positive.
        ignore_index: target value whose samples are left out.
        validate_args: check the arguments and the tensors' values.

    Example:
        >>> import torch
        >>> binary_matthews_corrcoef(torch.tensor([0.8, 0.3, 0.6, 0.1, 0.9]), torch.tensor([1, 1, 0, 0, 1]))
        tensor(0.1667)
    """
    if validate_args:
        _binary_confusion_matrix_arg_validation(threshold, ignore_index)
        _binary_confusion_matrix_tensor_validation(preds, target, ignore_index)
    preds, target = _binary_confusion_matrix_format(preds, target, threshold, ignore_index)
    return _matthews_corrcoef_compute(_binary_confusion_matrix_update(preds, target))


def multiclass_matthews_corrcoef(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Matthews correlation coefficient (Gorodkin's multiclass form) of multiclass predictions.

    Args:
        preds: labels ``(N, ...)`` or scores ``(N, C, ...)`` (their arg-max is the prediction).
        target: labels ``(N, ...)``.
        num_classes: number of classes ``C``.
        ignore_index: target value whose samples are left out.
        validate_args: check the arguments and the tensors' values.

    Example:
        >>> import torch
        >>> multiclass_matthews_corrcoef(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), num_classes=3)
        tensor(0.7000)
    """
    if validate_args:
        _multiclass_confusion_matrix_arg_validation(num_classes, ignore_index)
        _multiclass_confusion_matrix_tensor_validation(preds, target, num_classes, ignore_index)
    preds, target = _multiclass_confusion_matrix_format(preds, target)
    return _matthews_corrcoef_compute(_multiclass_confusion_matrix_update(preds, target, num_classes, ignore_index))


def multilabel_matthews_corrcoef(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    threshold: float = 0.5,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Matthews correlation coefficient of multilabel predictions, over the counts pooled across labels.

    Args:
        preds: probabilities or logits (thresholded at ``threshold``) or 0/1 labels ``(N, L, ...)``.
        target: 0/1 labels ``(N, L, ...)``.
        num_labels: number of labels ``L``.
        threshold: probability above which a prediction counts as positive.
        ignore_index: target value whose entries are left out.
        validate_args: check the arguments and the tensors' values.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.9, 0.2], [0.4, 0.7], [0.8, 0.6]])
        >>> multilabel_matthews_corrcoef(preds, torch.tensor([[1, 0], [1, 1], [0, 1]]), num_labels=2)
        tensor(0.2500)
    """
    if validate_args:
        _multilabel_confusion_matrix_arg_validation(num_labels, threshold, ignore_index)
        _multilabel_confusion_matrix_tensor_validation(preds, target, num_labels, ignore_index)
    preds, target = _multilabel_confusion_matrix_format(preds, target, num_labels, threshold, ignore_index)
    return _matthews_corrcoef_compute(_multilabel_confusion_matrix_update(preds, target))


def matthews_corrcoef(
    preds: Tensor,
    target: Tensor,
    task: Task,
    threshold: float = 0.5,
    num_classes: int | None = None,
    num_labels: int | None = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Matthews correlation coefficient of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"``.

    Example:
        >>> import torch
        >>> matthews_corrcoef(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), task="multiclass", num_classes=3)
        tensor(0.7000)
    """
    task, arguments = _task_arguments(task, threshold, num_classes, num_labels)
    function = {
        "binary": binary_matthews_corrcoef,
        "multiclass": multiclass_matthews_corrcoef,
        "multilabel": multilabel_matthews_corrcoef,
    }[task]
    return function(preds, target, ignore_index=ignore_index, validate_args=validate_args, **arguments)

"""Cohen's kappa (agreement beyond chance) of binary and multiclass predictions."""

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
    _task_arguments,
)

Weights = Literal["linear", "quadratic", "none"] | None

_WEIGHTS = ("linear", "quadratic", "none", None)


def _cohen_kappa_arg_validation(weights: Weights) -> None:
    if weights not in _WEIGHTS:
        raise ValueError(f"Expected argument `weights` to be one of {_WEIGHTS}, but got {weights!r}.")


def _cohen_kappa_compute(confmat: Tensor, weights: Weights = None) -> Tensor:
    """Cohen's kappa ``1 - sum(w * observed) / sum(w * expected)`` from a ``(C, C)`` confusion matrix.

    ``w`` is 1 off the diagonal (``None``/``"none"``), ``|i - j|`` (``"linear"``) or ``(i - j)**2``
    (``"quadratic"``); ``expected`` is the outer product of the marginals over the total.
    """
    _cohen_kappa_arg_validation(weights)
    confmat = confmat if confmat.is_floating_point() else confmat.float()
    num_classes = confmat.shape[0]
    pred_totals = confmat.sum(dim=0, keepdim=True)
    expected = confmat.sum(dim=1, keepdim=True) @ pred_totals / pred_totals.sum()
    classes = torch.arange(num_classes, dtype=confmat.dtype, device=confmat.device)
    distance = classes.view(1, -1) - classes.view(-1, 1)
    if weights == "linear":
        weight = distance.abs()
    elif weights == "quadratic":
        weight = distance.pow(2.0)
    else:
        weight = (distance != 0).to(confmat.dtype)
    return 1 - (weight * confmat).sum() / (weight * expected).sum()


def binary_cohen_kappa(
    preds: Tensor,
    target: Tensor,
    threshold: float = 0.5,
    weights: Weights = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Cohen's kappa between binary predictions and targets: 1 is full agreement, 0 what chance gives.

    Args:
        preds: probabilities or logits (thresholded at ``threshold``) or 0/1 labels, any shape.
        target: 0/1 labels of the same shape.
        threshold: probability above which a prediction counts as positive.
        weights: disagreement weighting: ``None``/``"none"``, ``"linear"`` or ``"quadratic"``.
        ignore_index: target value whose samples are left out.
        validate_args: check the arguments and the tensors' values.

    Example:
        >>> import torch
        >>> binary_cohen_kappa(torch.tensor([0.8, 0.3, 0.6, 0.1, 0.9]), torch.tensor([1, 1, 0, 0, 1]))
        tensor(0.1667)
    """
    if validate_args:
        _binary_confusion_matrix_arg_validation(threshold, ignore_index)
        _cohen_kappa_arg_validation(weights)
        _binary_confusion_matrix_tensor_validation(preds, target, ignore_index)
    preds, target = _binary_confusion_matrix_format(preds, target, threshold, ignore_index)
    return _cohen_kappa_compute(_binary_confusion_matrix_update(preds, target), weights)


def multiclass_cohen_kappa(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    weights: Weights = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Cohen's kappa between multiclass predictions and targets, optionally weighting disagreements.

    Args:
        preds: labels ``(N, ...)`` or scores ``(N, C, ...)`` (their arg-max is the prediction).
        target: labels ``(N, ...)``.
        num_classes: number of classes ``C``.
        weights: disagreement weighting: ``None``/``"none"``, ``"linear"`` or ``"quadratic"`` in the class distance.
        ignore_index: target value whose samples are left out.
        validate_args: check the arguments and the tensors' values.

    Example:
        >>> import torch
        >>> multiclass_cohen_kappa(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), num_classes=3)
        tensor(0.6364)
    """
    if validate_args:
        _multiclass_confusion_matrix_arg_validation(num_classes, ignore_index)
        _cohen_kappa_arg_validation(weights)
        _multiclass_confusion_matrix_tensor_validation(preds, target, num_classes, ignore_index)
    preds, target = _multiclass_confusion_matrix_format(preds, target)
    return _cohen_kappa_compute(_multiclass_confusion_matrix_update(preds, target, num_classes, ignore_index), weights)


def cohen_kappa(
    preds: Tensor,
    target: Tensor,
    task: Literal["binary", "multiclass"],
    threshold: float = 0.5,
    num_classes: int | None = None,
    weights: Weights = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Cohen's kappa of a ``task``: ``"binary"`` or ``"multiclass"`` (needs ``num_classes``).

    Example:
        >>> import torch
        >>> cohen_kappa(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), task="multiclass", num_classes=3)
        tensor(0.6364)
    """
    task, arguments = _task_arguments(task, threshold, num_classes, None, tasks=("binary", "multiclass"))
    function = binary_cohen_kappa if task == "binary" else multiclass_cohen_kappa
    return function(preds, target, weights=weights, ignore_index=ignore_index, validate_args=validate_args, **arguments)

"""Minkowski distance between predictions and targets."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_same_shape


def _minkowski_distance_arg_validation(p: float) -> None:
    if not isinstance(p, (float, int)) or isinstance(p, bool) or not p >= 1:
        raise ValueError(f"Argument `p` must be a float or int of at least 1, got {p!r}")


def _minkowski_distance_tensor_validation(preds: Tensor, targets: Tensor) -> None:
    _check_same_shape(preds, targets, ("preds", "targets"))


def _minkowski_distance_update(preds: Tensor, targets: Tensor, p: float) -> Tensor:
    """Sum of ``|preds - targets| ** p`` over all elements."""
    return torch.sum(torch.pow(torch.abs(preds - targets), p))


def _minkowski_distance_compute(distance: Tensor, p: float) -> Tensor:
    return torch.pow(distance, 1.0 / p)


def minkowski_distance(preds: Tensor, targets: Tensor, p: float) -> Tensor:
    """Minkowski distance ``sum(|preds - targets| ** p) ** (1 / p)`` over all elements.

    Args:
        preds: predictions, any shape.
        targets: ground truth, same shape as ``preds``.
        p: order of the norm, at least 1.

    Example:
        >>> import torch
        >>> minkowski_distance(torch.tensor([1.0, 2.0, 3.0, 4.0]), torch.tensor([0.0, 2.0, 5.0, 4.0]), p=3)
        tensor(2.0801)
    """
    _minkowski_distance_arg_validation(p)
    _minkowski_distance_tensor_validation(preds, targets)
    return _minkowski_distance_compute(_minkowski_distance_update(preds, targets, p), p)

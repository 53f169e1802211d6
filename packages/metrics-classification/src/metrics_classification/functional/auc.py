"""Area under any curve given by its points, with the trapezoidal rule."""

from __future__ import annotations

import torch
from torch import Tensor


def _auc_format(x: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """1-d ``x`` and ``y`` (extra dimensions of size 1 squeezed) with as many points each."""
    x = x.squeeze() if x.ndim > 1 else x
    y = y.squeeze() if y.ndim > 1 else y
    if x.ndim > 1 or y.ndim > 1:
        raise ValueError(f"Expected `x` and `y` to be 1-d tensors, but got {x.ndim} and {y.ndim} dimensions")
    if x.numel() != y.numel():
        raise ValueError(f"Expected `x` and `y` to hold as many points, but got {x.numel()} and {y.numel()}")
    return x, y


def auc(x: Tensor, y: Tensor, reorder: bool = False) -> Tensor:
    """Area under the curve through the points (x, y), by the trapezoidal rule.

    Args:
        x: x coordinates, increasing or decreasing (a decreasing curve gives the area as a positive number).
        y: y coordinates.
        reorder: sort the points by ``x`` first (stable) instead of requiring monotone ``x``.

    Example:
        >>> import torch
        >>> auc(torch.tensor([0.0, 1.0, 2.0, 3.0]), torch.tensor([0.0, 1.0, 2.0, 2.0]))
        tensor(4.)
    """
    x, y = _auc_format(x, y)
    if reorder:
        x, order = torch.sort(x, stable=True)
        y = y[order]
    steps = x[1:] - x[:-1]
    direction = 1.0
    if bool((steps < 0).any()):
        if not bool((steps <= 0).all()):
            raise ValueError("Expected `x` to be increasing or decreasing; pass reorder=True to sort the points")
        direction = -1.0
    return torch.trapezoid(y, x) * direction

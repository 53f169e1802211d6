"""Metric states: the reductions that combine them across batches and processes.

A state is a tensor (reduced with ``"sum"``, ``"mean"``, ``"min"``, ``"max"``, ``"cat"``, a
callable or ``None``) or a list of tensors (gathered with ``"cat"``). The same reduction merges
a batch's state into the accumulated one (``forward``, ``merge_state``) and the states of
several processes into one (distributed sync).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import Tensor

Reduction = str | Callable[[Tensor], Tensor] | None
State = Tensor | list

REDUCTION_NAMES = ("sum", "mean", "min", "max", "cat")


def validate_reduction(name: str, reduction: Reduction) -> None:
    """Raise a ``ValueError`` unless ``reduction`` is a known reduction name, a callable or ``None``."""
    if reduction is None or callable(reduction) or reduction in REDUCTION_NAMES:
        return
    raise ValueError(
        f"`dist_reduce_fx` of state {name!r} must be one of {list(REDUCTION_NAMES)}, a callable or None,"
        f" got {reduction!r}"
    )


def dim_zero_cat(x: Tensor | Sequence[Tensor]) -> Tensor:
    """Concatenate a list state along dimension 0 (a tensor is returned unchanged)."""
    if isinstance(x, Tensor):
        return x
    if not x:
        raise ValueError("No samples to concatenate: the list state is empty")
    return torch.cat([item.reshape(1) if item.ndim == 0 else item for item in x])


def dim_zero_sum(x: Tensor) -> Tensor:
    """Sum over dimension 0."""
    return torch.sum(x, dim=0)


def dim_zero_mean(x: Tensor) -> Tensor:
    """Average over dimension 0."""
    return torch.mean(x, dim=0)


def dim_zero_max(x: Tensor) -> Tensor:
    """Maximum over dimension 0."""
    return torch.max(x, dim=0).values


def dim_zero_min(x: Tensor) -> Tensor:
    """Minimum over dimension 0."""
    return torch.min(x, dim=0).values


def reduce_stacked(stacked: Tensor, reduction: Reduction) -> Tensor:
    """Reduce per-process states stacked along dimension 0 into one state."""
    if reduction == "sum":
        return dim_zero_sum(stacked)
    if reduction == "mean":
        return dim_zero_mean(stacked)
    if reduction == "max":
        return dim_zero_max(stacked)
    if reduction == "min":
        return dim_zero_min(stacked)
    if reduction == "cat":
        return stacked.reshape(-1, *stacked.shape[2:]) if stacked.ndim > 1 else stacked
    if reduction is None:
        return stacked
    return reduction(stacked)


def merge_states(
    accumulated: State, incoming: State, reduction: Reduction, accumulated_count: int, incoming_count: int
) -> State:
    """Combine an accumulated state with an incoming one (a batch's, or another metric's).

    List states are extended in place, so the cost is that of the incoming items only.
    ``"mean"`` states are weighted by the number of updates behind each side.
    """
    if isinstance(accumulated, list):
        accumulated.extend(item.detach() for item in incoming)
        return accumulated
    if reduction == "sum":
        return accumulated + incoming
    if reduction == "mean":
        total = accumulated_count + incoming_count
        if total == 0:
            return incoming
        return (accumulated * accumulated_count + incoming * incoming_count) / total
    if reduction == "max":
        return torch.maximum(accumulated, incoming)
    if reduction == "min":
        return torch.minimum(accumulated, incoming)
    if reduction == "cat":
        return torch.cat([accumulated, incoming])
    if reduction is None:
        return torch.stack([accumulated, incoming])
    return reduction(torch.stack([accumulated, incoming]))

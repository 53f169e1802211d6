"""Inputs and shared checks for the regression tests (on top of tests/metric_harness.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
import torch
from torch import Tensor

Batch = tuple[Tensor, ...]


def batches(
    sizes: Sequence[int] = (7, 16, 2),
    outputs: int | None = None,
    low: float = -1.0,
    high: float = 1.0,
    dtype: torch.dtype = torch.float32,
    seed: int = 0,
    related: bool = True,
) -> list[Batch]:
    """``(preds, target)`` batches of the given sizes, ``(n,)`` or ``(n, outputs)``, uniform in ``[low, high)``.

    With ``related``, predictions are noisy copies of the targets (so correlations are not near zero).
    """
    generator = torch.Generator().manual_seed(seed)
    out = []
    for size in sizes:
        shape = (size,) if outputs is None else (size, outputs)
        target = low + (high - low) * torch.rand(shape, generator=generator, dtype=torch.float64)
        noise = low + (high - low) * torch.rand(shape, generator=generator, dtype=torch.float64)
        preds = (target + 0.5 * noise).clamp(low, high) if related else noise
        out.append((preds.to(dtype), target.to(dtype)))
    return out


def per_output(function: Callable[[np.ndarray, np.ndarray], float]) -> Callable[[np.ndarray, np.ndarray], Any]:
    """A reference applied to each column of 2-d inputs (``(N, outputs)``), or to 1-d inputs as they are."""

    def reference(preds: np.ndarray, target: np.ndarray) -> Any:
        if preds.ndim == 1:
            return function(preds, target)
        return np.array([function(preds[:, i], target[:, i]) for i in range(preds.shape[1])])

    return reference


def snapshot(metric: Any) -> dict[str, Any]:
    """A copy of every state of ``metric``."""
    return {
        name: [item.clone() for item in value] if isinstance(value, list) else value.clone()
        for name, value in metric.metric_state.items()
    }


def assert_same_states(before: dict[str, Any], after: dict[str, Any]) -> None:
    assert before.keys() == after.keys()
    for name, value in before.items():
        other = after[name]
        if isinstance(value, list):
            assert len(value) == len(other), name
            for item, other_item in zip(value, other):
                torch.testing.assert_close(item, other_item, rtol=0, atol=0, equal_nan=True)
        else:
            torch.testing.assert_close(value, other, rtol=0, atol=0, equal_nan=True)


def assert_rejected(
    metric: Any,
    good: Batch,
    bad: Batch,
    match: str,
    error: type[Exception] = ValueError,
) -> None:
    """After a good batch, ``update`` and ``forward`` with ``bad`` raise ``error`` and leave every state as it was."""
    metric.update(*good)
    before, count = snapshot(metric), metric.update_count
    with pytest.raises(error, match=match):
        metric.update(*bad)
    assert_same_states(before, snapshot(metric))
    with pytest.raises(error, match=match):
        metric(*bad)
    assert_same_states(before, snapshot(metric))
    assert metric.update_count == count

"""Helpers shared by the image tests: random image batches and the rejected-update check."""

from __future__ import annotations

from typing import Any

import pytest
import torch
from torch import Tensor


def image_batches(
    shape: tuple[int, ...], num_batches: int = 3, dtype: torch.dtype = torch.float64, correlation: float = 0.7
) -> list[tuple[Tensor, Tensor]]:
    """``num_batches`` pairs ``(preds, target)`` of uniform images in [0, 1), ``preds`` correlated with ``target``."""
    batches = []
    for _ in range(num_batches):
        target = torch.rand(shape, dtype=dtype)
        preds = correlation * target + (1 - correlation) * torch.rand(shape, dtype=dtype)
        batches.append((preds, target))
    return batches


def snapshot(metric: Any) -> dict[str, Any]:
    """A copy of the metric's states (list states copied item by item)."""
    return {
        name: [item.clone() for item in value] if isinstance(value, list) else value.clone()
        for name, value in metric.metric_state.items()
    }


def assert_same_states(before: dict[str, Any], after: dict[str, Any]) -> None:
    assert before.keys() == after.keys()
    for name, value in before.items():
        if isinstance(value, list):
            assert len(value) == len(after[name]), name
            for old, new in zip(value, after[name]):
                assert torch.equal(old, new), name
        else:
            assert torch.equal(value, after[name]), name


def assert_rejected(metric: Any, error: type[Exception], match: str, *args: Any) -> None:
    """``metric.update(*args)`` raises ``error`` matching ``match`` and leaves every state unchanged."""
    before = snapshot(metric)
    count = metric.update_count
    with pytest.raises(error, match=match):
        metric.update(*args)
    assert_same_states(before, snapshot(metric))
    assert metric.update_count == count

"""An empty batch (N = 0, as an uneven last shard gives) changes no metric, through ``update`` or ``forward``."""

from __future__ import annotations

import inspect
import warnings

import metrics_classification
import pytest
import torch
from metric_harness import assert_close
from metrics_classification import METRIC_MODULES

OPERATING_POINTS = {"min_precision": 0.5, "min_recall": 0.5, "min_specificity": 0.5, "min_sensitivity": 0.5}
CLASSES = [
    name
    for names in METRIC_MODULES.values()
    for name in names
    if name.startswith(("Binary", "Multiclass", "Multilabel"))
]


def takes(name: str, argument: str) -> bool:
    return argument in inspect.signature(getattr(metrics_classification, name).__init__).parameters


# every class as it comes, and those with binned `thresholds` also binned
CASES = [(name, {}) for name in CLASSES] + [(name, {"thresholds": 5}) for name in CLASSES if takes(name, "thresholds")]


def build(name: str, **kwargs):
    cls = getattr(metrics_classification, name)
    parameters = inspect.signature(cls.__init__).parameters
    kwargs.update({key: value for key, value in OPERATING_POINTS.items() if key in parameters})
    kwargs.update({"beta": 2.0} if "beta" in parameters else {})
    if name.startswith("Multiclass"):
        kwargs["num_classes"] = 3
    elif name.startswith("Multilabel"):
        kwargs["num_labels"] = 3
    elif "num_groups" in parameters:
        kwargs["num_groups"] = 2
    return cls(**kwargs)


def batch(name: str, size: int) -> tuple[torch.Tensor, ...]:
    if name.startswith("Multiclass"):
        return torch.rand(size, 3), torch.randint(0, 3, (size,))
    if name.startswith("Multilabel"):
        return torch.rand(size, 3), torch.randint(0, 2, (size, 3))
    if takes(name, "num_groups"):
        return torch.rand(size), torch.randint(0, 2, (size,)), torch.arange(size) % 2
    return torch.rand(size), torch.randint(0, 2, (size,))


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_empty_batch_changes_nothing(name, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degenerate-curve warnings are beside the point here
        metric = build(name, **kwargs)
        metric.update(*batch(name, 8))
        before = metric.compute()
        state = {
            key: value.clone() if isinstance(value, torch.Tensor) else list(value)
            for key, value in metric.metric_state.items()
        }
        metric.update(*batch(name, 0))
        assert_close(metric.compute(), before, where=f"{name}: compute after an empty update")
        metric(*batch(name, 0))  # forward: the value of nothing, and no change
        assert_close(metric.compute(), before, where=f"{name}: compute after an empty forward")
    for key, value in metric.metric_state.items():
        if isinstance(value, torch.Tensor):
            assert torch.equal(value, state[key]), key
        else:
            assert torch.equal(torch.cat(value) if value else torch.zeros(0), torch.cat(state[key])), key

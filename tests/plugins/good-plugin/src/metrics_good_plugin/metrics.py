"""Metrics of the good test plugin."""

from typing import Any

import torch
from metrics_core.metric import Metric
from torch import Tensor


class GoodSquaredSum(Metric):
    """Sum of the squares of every value seen."""

    higher_is_better = False
    full_state_update = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, values: Tensor) -> None:
        """Add the squares of ``values``."""
        self.total += values.float().square().sum()

    def compute(self) -> Tensor:
        """Return the sum of squares."""
        return self.total


class GoodSharedMetric(GoodSquaredSum):
    """The good plugin's metric registered as ``SharedName``."""

    higher_is_better = True

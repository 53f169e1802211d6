"""Metrics of the clash test plugin."""

from typing import Any

import torch
from metrics_core.metric import Metric
from torch import Tensor


class ClashCount(Metric):
    """Number of values seen."""

    full_state_update = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_state("count", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, values: Tensor) -> None:
        """Count ``values``."""
        self.count += values.numel()

    def compute(self) -> Tensor:
        """Return the count."""
        return self.count


class ClashSharedMetric(ClashCount):
    """The clash plugin's metric registered as ``SharedName``."""

    higher_is_better = False

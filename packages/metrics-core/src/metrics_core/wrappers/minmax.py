"""``MinMaxMetric``: a scalar metric together with the smallest and largest values it has taken."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_core.metric import Metric
from metrics_core.wrappers.abstract import WrapperMetric


class MinMaxMetric(WrapperMetric):
    """Track the minimum and maximum of a scalar metric over every ``compute`` and ``forward``.

    The extremes survive ``reset()`` (which resets the base metric), so they follow a metric
    across epochs.

    Args:
        base_metric: a metric whose value is a scalar.
        kwargs: the keyword arguments every metric accepts.

    Example:
        >>> import torch
        >>> from metrics_core import MeanMetric
        >>> metric = MinMaxMetric(MeanMetric())
        >>> metric(torch.tensor([1.0, 3.0]))
        {'raw': tensor(2.), 'max': tensor(2.), 'min': tensor(2.)}
        >>> metric(torch.tensor([8.0]))
        {'raw': tensor(8.), 'max': tensor(8.), 'min': tensor(2.)}
        >>> metric.compute()
        {'raw': tensor(4.), 'max': tensor(8.), 'min': tensor(2.)}
    """

    full_state_update = True
    min_val: Tensor
    max_val: Tensor

    def __init__(self, base_metric: Metric, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(base_metric, Metric):
            raise ValueError(f"Argument `base_metric` must be a Metric, got {type(base_metric).__name__}")
        self._base_metric = base_metric
        self.register_buffer("min_val", torch.tensor(float("inf")), persistent=False)
        self.register_buffer("max_val", torch.tensor(float("-inf")), persistent=False)

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Update the base metric."""
        self._base_metric.update(*args, **kwargs)

    def compute(self) -> dict[str, Tensor]:
        """The base metric's value (``raw``) and the extremes so far, this value included."""
        return self._track(self._base_metric.compute())

    def forward(self, *args: Any, **kwargs: Any) -> dict[str, Tensor]:
        """Accumulate the batch; return its value (``raw``) and the extremes so far, this value included."""
        return self._count_forward(self._track(self._base_metric(*args, **kwargs)))

    def _track(self, value: Tensor | float) -> dict[str, Tensor]:
        if not (isinstance(value, (int, float)) or (isinstance(value, Tensor) and value.numel() == 1)):
            raise RuntimeError(f"MinMaxMetric needs a scalar value from its base metric, got {value!r}")
        value = torch.as_tensor(value, device=self.max_val.device)
        # ``where`` rather than ``maximum``: a NaN value leaves the extremes as they are, without a host sync.
        self.max_val = torch.where(self.max_val < value, value, self.max_val)
        self.min_val = torch.where(self.min_val > value, value, self.min_val)
        return {"raw": value, "max": self.max_val, "min": self.min_val}

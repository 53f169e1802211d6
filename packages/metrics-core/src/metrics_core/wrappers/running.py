"""``Running``: a metric over the last ``window`` updates only."""

from __future__ import annotations

from typing import Any

from metrics_core.metric import Metric


class Running(Metric):
    """Compute ``base_metric`` over a sliding window of the last ``window`` updates.

    Each update's state is kept in one of ``window`` slots; ``compute`` merges the filled slots
    with the base metric's reductions, so the base metric must have ``full_state_update=False``.

    Example:
        >>> import torch
        >>> from metrics_core import SumMetric
        >>> metric = Running(SumMetric(), window=2)
        >>> for value in [1.0, 2.0, 6.0]:
        ...     metric.update(torch.tensor(value))
        >>> metric.compute()
        tensor(8.)
    """

    full_state_update = False
    _update_merges_last = True

    def __init__(self, base_metric: Metric, window: int = 5) -> None:
        super().__init__()
        if not isinstance(base_metric, Metric):
            raise TypeError(f"`base_metric` must be a Metric, got {type(base_metric).__name__}")
        if isinstance(window, bool) or not isinstance(window, int) or window < 1:
            raise ValueError(f"`window` must be a positive integer, got {window!r}")
        if base_metric.full_state_update is not False:
            raise ValueError(
                f"`base_metric` must declare full_state_update=False to run over a window,"
                f" {type(base_metric).__name__} declares {base_metric.full_state_update}"
            )
        self.base_metric = base_metric
        self.window = window
        self.higher_is_better = base_metric.higher_is_better
        self.is_differentiable = base_metric.is_differentiable
        self._num_vals_seen = 0
        for name, default in base_metric._defaults.items():
            for slot in range(window):
                self.add_state(f"{name}_{slot}", default=default, dist_reduce_fx=base_metric._reductions[name])

    def _store_base_state(self) -> None:
        slot = self._num_vals_seen % self.window
        for name in self.base_metric._defaults:
            setattr(self, f"{name}_{slot}", getattr(self.base_metric, name))
        self.base_metric.reset()
        self._num_vals_seen += 1

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Update the base metric with this batch alone and keep its state in the oldest slot."""
        self.base_metric.reset()
        self.base_metric.update(*args, **kwargs)
        self._store_base_state()

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Return the base metric's value on this batch and keep the batch's state in the oldest slot."""
        self.base_metric.reset()
        value = self.base_metric(*args, **kwargs)
        self._store_base_state()
        self._update_count += 1
        self._computed = None
        return value

    def compute(self) -> Any:
        """The base metric over the filled slots."""
        self.base_metric.reset()
        # synced slots may hold other ranks' updates where this rank's are still empty
        filled = self.window if self._synced_cache is not None else min(self._num_vals_seen, self.window)
        for slot in range(filled):
            self.base_metric.merge_state({name: getattr(self, f"{name}_{slot}") for name in self.base_metric._defaults})
        value = self.base_metric._local_value()  # the window is synced already: the base must not sync again
        self.base_metric.reset()
        return value

    def _filter_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return self.base_metric._filter_kwargs(**kwargs)

    def reset(self) -> None:
        """Empty the window."""
        super().reset()
        self.base_metric.reset()
        self._num_vals_seen = 0

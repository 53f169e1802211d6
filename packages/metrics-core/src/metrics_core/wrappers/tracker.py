"""``MetricTracker``: a fresh copy of a metric (or collection) per step, and the best step so far."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

import torch
from torch import Tensor

from metrics_core.collection import MetricCollection
from metrics_core.metric import Metric
from metrics_core.wrappers.abstract import WrapperMetric
from metrics_core.wrappers.classwise import ClasswiseWrapper

Tracked = Metric | MetricCollection


class MetricTracker(WrapperMetric):
    """Track a metric or collection over steps (e.g. epochs): ``increment()`` starts a new step.

    ``update``/``forward``/``compute``/``reset`` act on the current step; ``compute_all`` returns
    the values of every step (stacked) and ``best_metric`` the best of them. Indexing and ``len``
    work as on a list whose item 0 is the metric given and items ``1..n_steps`` are the steps.

    Args:
        metric: the metric or collection to track.
        maximize: whether higher is better, one bool or one per value of a collection; by default
            the metrics' ``higher_is_better``.

    Example:
        >>> import torch
        >>> from metrics_core import MeanMetric
        >>> tracker = MetricTracker(MeanMetric(), maximize=False)
        >>> for epoch_losses in ([3.0, 1.0], [1.0, 0.5], [2.0, 2.0]):
        ...     tracker.increment()
        ...     tracker.update(torch.tensor(epoch_losses))
        >>> tracker.compute_all()
        tensor([2.0000, 0.7500, 2.0000])
        >>> tracker.best_metric(return_step=True)
        (0.75, 1)
    """

    def __init__(self, metric: Tracked, maximize: bool | list[bool] | None = None) -> None:
        super().__init__()
        if not isinstance(metric, (Metric, MetricCollection)):
            raise TypeError(f"Argument `metric` must be a Metric or a MetricCollection, got {type(metric).__name__}")
        self._base_metric = metric
        self.maximize = _infer_maximize(metric) if maximize is None else _check_maximize(metric, maximize)
        self._increment_called = False

    # ------------------------------------------------------------- steps
    def __len__(self) -> int:
        return len(self._modules)

    def __getitem__(self, index: int) -> Tracked:  # type: ignore[override]
        return list(self._modules.values())[index]

    def __iter__(self) -> Iterator[Tracked]:  # type: ignore[override]
        return iter(list(self._modules.values()))

    @property
    def n_steps(self) -> int:
        """Number of steps (calls of ``increment``)."""
        return len(self._modules) - 1

    def increment(self) -> None:
        """Start a new step with a fresh copy of the tracked metric."""
        self._increment_called = True
        self.add_module(str(len(self._modules)), deepcopy(self._base_metric))

    def _current(self, method: str) -> Tracked:
        if not self._increment_called:
            raise ValueError(f"`{method}` cannot be called before `.increment()` has been called")
        return self[-1]

    # -------------------------------------------------------- life cycle
    def update(self, *args: Any, **kwargs: Any) -> None:
        """Update the current step."""
        self._current("update").update(*args, **kwargs)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Forward the current step: accumulate the batch and return its value."""
        return self._count_forward(self._current("forward")(*args, **kwargs))

    def compute(self) -> Any:
        """The current step's value."""
        return self._current("compute").compute()

    def reset(self) -> None:
        """Reset the current step."""
        Metric.reset(self)
        self[-1].reset()

    def reset_all(self) -> None:
        """Reset every step (and the metric given)."""
        Metric.reset(self)
        for metric in self:
            metric.reset()

    def compute_all(self) -> Any:
        """The values of every step, stacked along dimension 0 (a dict of them for a collection).

        A list of the values is returned when they cannot be stacked.
        """
        self._current("compute_all")
        values = [metric.compute() for metric in list(self)[1:]]
        try:
            if isinstance(values[0], dict):
                return {key: torch.stack([value[key] for value in values], dim=0) for key in values[0]}
            if isinstance(values[0], list):
                return torch.stack([torch.stack(value, dim=0) for value in values], dim=0)
            return torch.stack(values, dim=0)
        except TypeError:
            return values

    def best_metric(self, return_step: bool = False) -> Any:
        """The best value over the steps (and the step reaching it, with ``return_step``).

        For a single metric: a float (and an int); for a collection: dicts by name. A value for
        which "best" is undefined (e.g. not a scalar per step) is ``None``, with a warning.
        """
        values = self.compute_all()
        if isinstance(values, list):
            warnings.warn(
                "MetricTracker.best_metric cannot rank nested values (a collection or wrapper inside a"
                " collection); returning None",
                UserWarning,
                stacklevel=2,
            )
            return (None, None) if return_step else None
        if isinstance(self._base_metric, Metric) and not isinstance(self._base_metric, ClasswiseWrapper):
            best, step = _best(values, bool(self.maximize), "")
            return (best, step) if return_step else best
        maximize = self.maximize if isinstance(self.maximize, list) else [self.maximize] * len(values)
        best_values, best_steps = {}, {}
        for index, (key, value) in enumerate(values.items()):
            best_values[key], best_steps[key] = _best(value, maximize[index], f" of {key!r}")
        return (best_values, best_steps) if return_step else best_values

    def plot(self, val: Any = None, ax: Any = None) -> tuple[Any, Any]:
        """Plot the value of every step (``compute_all()`` by default) as lines over the steps."""
        from metrics_core.plotting import plot_values

        val = val if val is not None else self.compute_all()
        if isinstance(val, Tensor):
            val = list(val.unbind(0))
        elif isinstance(val, dict):
            val = [{key: value[step] for key, value in val.items()} for step in range(len(next(iter(val.values()))))]
        return plot_values(val, ax=ax, name=type(self).__name__)


def _best(values: Tensor, maximize: bool, where: str) -> tuple[float | None, int | None]:
    try:
        best, step = (torch.max if maximize else torch.min)(values, 0)
        return best.item(), step.item()
    except (ValueError, RuntimeError) as error:
        warnings.warn(
            f"MetricTracker.best_metric could not rank the values{where} ({error}); 'best' is probably not defined"
            " for this metric. Returning None.",
            UserWarning,
            stacklevel=3,
        )
        return None, None


def _infer_maximize(metric: Tracked) -> bool | list[bool]:
    if isinstance(metric, Metric):
        if metric.higher_is_better is None:
            raise AttributeError(
                f"The metric {type(metric).__name__!r} does not say whether higher is better (`higher_is_better`"
                " is None); pass `maximize` explicitly"
            )
        return metric.higher_is_better
    maximize = []
    for name, member in metric.items(copy_state=False):
        if member.higher_is_better is None:
            raise AttributeError(
                f"The metric {name!r} of the collection does not say whether higher is better (`higher_is_better`"
                " is None); pass `maximize` explicitly"
            )
        num_classes = getattr(member.metric, "num_classes", None) if isinstance(member, ClasswiseWrapper) else None
        maximize.extend([member.higher_is_better] * (num_classes if isinstance(num_classes, int) else 1))
    return maximize


def _check_maximize(metric: Tracked, maximize: bool | list[bool]) -> bool | list[bool]:
    if not isinstance(maximize, (bool, list)) or (
        isinstance(maximize, list) and not all(isinstance(item, bool) for item in maximize)
    ):
        raise ValueError(f"Argument `maximize` must be a bool or a list of bools, got {maximize!r}")
    if isinstance(maximize, list) and isinstance(metric, MetricCollection) and len(maximize) != len(metric):
        raise ValueError(
            f"Argument `maximize` has {len(maximize)} items but the collection holds {len(metric)} metrics"
        )
    if isinstance(metric, Metric) and not isinstance(maximize, bool):
        raise ValueError("Argument `maximize` must be a single bool when tracking a single metric")
    return maximize

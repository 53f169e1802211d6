"""``MultitaskWrapper``: one metric (or collection) per task of a multitask model."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from copy import deepcopy
from typing import Any

from torch.nn import Module, ModuleDict

from metrics_core.collection import MetricCollection
from metrics_core.metric import Metric
from metrics_core.wrappers.abstract import WrapperMetric


class MultitaskWrapper(WrapperMetric):
    """Feed each task's predictions and targets to that task's metric; values come back keyed by task.

    Args:
        task_metrics: ``{task name: Metric or MetricCollection}``.
        prefix: string put in front of every task name in the outputs (not in the inputs).
        postfix: string put after every task name in the outputs.

    Example:
        >>> import torch
        >>> from metrics_core import MeanMetric
        >>> metrics = MultitaskWrapper({"depth": MeanMetric(), "pose": MeanMetric()}, prefix="val_")
        >>> metrics.update({"depth": torch.tensor([0.5, 1.5]), "pose": torch.tensor([2.0, 4.0])},
        ...                {"depth": torch.tensor([1.0, 1.0]), "pose": torch.tensor([3.0, 1.0])})
        >>> metrics.compute()
        {'val_depth': tensor(1.), 'val_pose': tensor(2.5000)}
    """

    is_differentiable = False

    def __init__(
        self,
        task_metrics: dict[str, Metric | MetricCollection],
        prefix: str | None = None,
        postfix: str | None = None,
    ) -> None:
        super().__init__()
        if not isinstance(task_metrics, dict):
            raise TypeError(f"Argument `task_metrics` must be a dict, got {type(task_metrics).__name__}")
        for name, metric in task_metrics.items():
            if not isinstance(metric, (Metric, MetricCollection)):
                raise TypeError(
                    f"Task {name!r} must map to a Metric or a MetricCollection, got {type(metric).__name__}"
                )
        self.task_metrics = ModuleDict(task_metrics)
        self._prefix = _check_affix(prefix, "prefix") or ""
        self._postfix = _check_affix(postfix, "postfix") or ""

    def _name(self, task: str) -> str:
        return f"{self._prefix}{task}{self._postfix}"

    def items(self, flatten: bool = True) -> Iterator[tuple[str, Module]]:
        """``(name, metric)`` per task, or per metric of each task's collection when ``flatten``."""
        for task, metric in self.task_metrics.items():
            if flatten and isinstance(metric, MetricCollection):
                for name, inner in metric.items():
                    yield self._name(f"{task}_{name}"), inner
            else:
                yield self._name(task), metric

    def keys(self, flatten: bool = True) -> Iterator[str]:
        """The names of :meth:`items`."""
        for name, _ in self.items(flatten):
            yield name

    def values(self, flatten: bool = True) -> Iterator[Module]:
        """The metrics of :meth:`items`."""
        for _, metric in self.items(flatten):
            yield metric

    def _check_tasks(self, task_preds: Mapping[str, Any], task_targets: Mapping[str, Any]) -> None:
        for name, value in (("task_preds", task_preds), ("task_targets", task_targets)):
            if not isinstance(value, Mapping):
                raise TypeError(f"Argument `{name}` must be a dict keyed by task, got {type(value).__name__}")
        if not set(self.task_metrics) == set(task_preds) == set(task_targets):
            raise ValueError(
                "Arguments `task_preds` and `task_targets` must have the tasks' keys"
                f" {sorted(self.task_metrics)}, got {sorted(task_preds)} and {sorted(task_targets)}"
            )

    def update(self, task_preds: dict[str, Any], task_targets: dict[str, Any]) -> None:
        """Update each task's metric with that task's predictions and targets."""
        self._check_tasks(task_preds, task_targets)
        with self._all_or_nothing():
            for task, metric in self.task_metrics.items():
                metric.update(task_preds[task], task_targets[task])

    def compute(self) -> dict[str, Any]:
        """``{task name: value of its metric}``."""
        return {self._name(task): metric.compute() for task, metric in self.task_metrics.items()}

    def forward(self, task_preds: dict[str, Any], task_targets: dict[str, Any]) -> dict[str, Any]:
        """Accumulate the batch; return ``{task name: batch value of its metric}``."""
        self._check_tasks(task_preds, task_targets)
        values = {
            self._name(task): metric(task_preds[task], task_targets[task]) for task, metric in self.task_metrics.items()
        }
        return self._count_forward(values)

    def _filter_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return Metric._filter_kwargs(self, **kwargs)

    def clone(self, prefix: str | None = None, postfix: str | None = None) -> MultitaskWrapper:  # type: ignore[override]
        """A deep copy whose output names take ``prefix`` and ``postfix`` (none when not given)."""
        copy = deepcopy(self)
        copy._prefix = _check_affix(prefix, "prefix") or ""
        copy._postfix = _check_affix(postfix, "postfix") or ""
        return copy

    def plot(self, val: Any = None, axes: Sequence[Any] | None = None) -> list[tuple[Any, Any]]:  # type: ignore[override]
        """Plot each task's values on its own axes; returns one ``(fig, ax)`` per task."""
        if axes is not None and (not isinstance(axes, Sequence) or len(axes) != len(self.task_metrics)):
            raise ValueError(f"Argument `axes` must be a sequence of {len(self.task_metrics)} axes, one per task")
        val = val if val is not None else self.compute()
        if not isinstance(val, (dict, Sequence)):
            raise TypeError(f"Argument `val` must be None, a dict or a sequence of dicts, got {type(val).__name__}")
        figures = []
        for index, (task, metric) in enumerate(self.task_metrics.items()):
            name = self._name(task)
            value = val[name] if isinstance(val, dict) else [step[name] for step in val]
            figures.append(metric.plot(value, ax=None if axes is None else axes[index]))
        return figures


def _check_affix(value: str | None, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"Argument `{name}` must be a string or None, got {value!r}")

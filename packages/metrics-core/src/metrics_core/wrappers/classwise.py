"""``ClasswiseWrapper``: a per-class metric's value as a dict keyed by class label."""

from __future__ import annotations

from typing import Any

from torch import Tensor

from metrics_core.metric import Metric, _set
from metrics_core.states import State
from metrics_core.wrappers.abstract import WrapperMetric


class ClasswiseWrapper(WrapperMetric):
    """Split the per-class value of ``metric`` into a dict with one entry per class.

    Keys are ``<prefix><label><postfix>``; with neither prefix nor postfix, the prefix is the
    wrapped class's name in lower case followed by ``_``. Labels default to the class indices.
    Attributes the wrapper lacks (e.g. ``num_classes``, states) are read from the wrapped metric.

    Args:
        metric: a metric returning one value per class along its first dimension.
        labels: names of the classes.
        prefix: string put in front of every label.
        postfix: string put after every label.

    Example:
        >>> import torch
        >>> from metrics_core import CatMetric
        >>> metric = ClasswiseWrapper(CatMetric(), labels=["cat", "dog"])
        >>> metric.update(torch.tensor([0.5, 0.25]))
        >>> metric.compute()
        {'catmetric_cat': tensor(0.5000), 'catmetric_dog': tensor(0.2500)}
    """

    def __init__(
        self,
        metric: Metric,
        labels: list[str] | None = None,
        prefix: str | None = None,
        postfix: str | None = None,
    ) -> None:
        super().__init__()
        if not isinstance(metric, Metric):
            raise ValueError(f"Argument `metric` must be a Metric, got {type(metric).__name__}")
        if labels is not None and not (isinstance(labels, list) and all(isinstance(label, str) for label in labels)):
            raise ValueError(f"Argument `labels` must be None or a list of strings, got {labels!r}")
        for name, value in (("prefix", prefix), ("postfix", postfix)):
            if value is not None and not isinstance(value, str):
                raise ValueError(f"Argument `{name}` must be None or a string, got {value!r}")
        self.metric = metric
        self.labels = labels
        self._prefix = prefix
        self._postfix = postfix
        self.higher_is_better = metric.higher_is_better
        self.is_differentiable = metric.is_differentiable

    def _convert_output(self, value: Tensor) -> dict[str, Tensor]:
        """The per-class value as ``{key: value of the class}``."""
        if not self._prefix and not self._postfix:
            prefix, postfix = f"{type(self.metric).__name__.lower()}_", ""
        else:
            prefix, postfix = self._prefix or "", self._postfix or ""
        labels = self.labels if self.labels is not None else range(len(value))
        return {f"{prefix}{label}{postfix}": item for label, item in zip(labels, value)}

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Update the wrapped metric."""
        self.metric.update(*args, **kwargs)

    def compute(self) -> dict[str, Tensor]:
        """The wrapped metric's value, one entry per class."""
        return self._convert_output(self.metric.compute())

    def forward(self, *args: Any, **kwargs: Any) -> dict[str, Tensor]:
        """Accumulate the batch and return the wrapped metric's batch value, one entry per class."""
        value = self._convert_output(self.metric(*args, **kwargs))
        _set(self, "_forward_cache", value)
        return value

    def _filter_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return self.metric._filter_kwargs(**kwargs)

    @property
    def update_count(self) -> int:
        """The wrapped metric's update count."""
        return self.metric.update_count

    @property
    def update_called(self) -> bool:
        """Whether the wrapped metric has been updated since its last reset."""
        return self.metric.update_called

    @property
    def metric_state(self) -> dict[str, State]:
        """The wrapped metric's states."""
        return self.metric.metric_state

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except AttributeError:
            metric = self.__dict__.get("_modules", {}).get("metric")
            if metric is None or name.startswith("__"):
                raise
            return getattr(metric, name)

"""Input transformers: a metric (or collection) fed transformed predictions and/or targets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from torch import Tensor

from metrics_core.collection import MetricCollection
from metrics_core.metric import Metric
from metrics_core.wrappers.abstract import WrapperMetric


class MetricInputTransformer(WrapperMetric):
    """Apply ``transform_pred`` to the first input and ``transform_target`` to the second, then pass them on.

    Subclasses override the two transforms (both identity here).

    Args:
        wrapped_metric: the metric or collection receiving the transformed inputs.
        kwargs: the keyword arguments every metric accepts.
    """

    def __init__(self, wrapped_metric: Metric | MetricCollection, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(wrapped_metric, (Metric, MetricCollection)):
            raise TypeError(
                f"Argument `wrapped_metric` must be a Metric or a MetricCollection, got {type(wrapped_metric).__name__}"
            )
        self.wrapped_metric = wrapped_metric

    def transform_pred(self, pred: Tensor) -> Tensor:
        """The predictions as the wrapped metric receives them."""
        return pred

    def transform_target(self, target: Tensor) -> Tensor:
        """The targets as the wrapped metric receives them."""
        return target

    def _transform(self, args: tuple) -> tuple:
        if not args:
            return args
        if len(args) == 1:
            return (self.transform_pred(args[0]),)
        return (self.transform_pred(args[0]), self.transform_target(args[1]), *args[2:])

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Update the wrapped metric with the transformed inputs."""
        self.wrapped_metric.update(*self._transform(args), **kwargs)

    def compute(self) -> Any:
        """The wrapped metric's value."""
        return self.wrapped_metric.compute()

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Accumulate the transformed batch; return the wrapped metric's value on it."""
        return self._count_forward(self.wrapped_metric(*self._transform(args), **kwargs))


class LambdaInputTransformer(MetricInputTransformer):
    """Feed a metric the predictions and targets transformed by the given functions.

    Args:
        wrapped_metric: the metric or collection receiving the transformed inputs.
        transform_pred: function applied to the predictions (identity when ``None``).
        transform_target: function applied to the targets (identity when ``None``).
        kwargs: the keyword arguments every metric accepts.

    Example:
        >>> import torch
        >>> from metrics_core import SumMetric
        >>> metric = LambdaInputTransformer(SumMetric(), transform_pred=lambda preds: 1 - preds)
        >>> metric.update(torch.tensor([0.25, 0.5]))
        >>> metric.compute()
        tensor(1.2500)
    """

    def __init__(
        self,
        wrapped_metric: Metric | MetricCollection,
        transform_pred: Callable[[Tensor], Tensor] | None = None,
        transform_target: Callable[[Tensor], Tensor] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(wrapped_metric, **kwargs)
        for name, function in (("transform_pred", transform_pred), ("transform_target", transform_target)):
            if function is not None:
                if not callable(function):
                    raise TypeError(f"Argument `{name}` must be callable, got {function!r}")
                setattr(self, name, function)


class BinaryTargetTransformer(MetricInputTransformer):
    """Feed a metric binarized targets: ``target > threshold``, in the targets' dtype.

    Args:
        wrapped_metric: the metric or collection receiving the binarized targets.
        threshold: targets above it become 1, the others 0.
        kwargs: the keyword arguments every metric accepts.

    Example:
        >>> import torch
        >>> from metrics_core import MeanMetric
        >>> metric = BinaryTargetTransformer(MeanMetric(), threshold=0.5)  # the targets become MeanMetric's weights
        >>> metric.update(torch.tensor([1.0, 2.0, 3.0, 4.0]), torch.tensor([0.2, 0.7, 0.9, 0.4]))
        >>> metric.compute()
        tensor(2.5000)
    """

    def __init__(self, wrapped_metric: Metric | MetricCollection, threshold: float = 0, **kwargs: Any) -> None:
        super().__init__(wrapped_metric, **kwargs)
        if not isinstance(threshold, (int, float)):
            raise TypeError(f"Argument `threshold` must be an int or a float, got {threshold!r}")
        self.threshold = threshold

    def transform_target(self, target: Tensor) -> Tensor:
        """1 where ``target > threshold``, else 0, in ``target``'s dtype."""
        return target.gt(self.threshold).to(target.dtype)

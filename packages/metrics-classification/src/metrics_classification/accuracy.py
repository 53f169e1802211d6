"""Accuracy classes: the fraction of correct predictions, for binary, multiclass and multilabel inputs."""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.accuracy import _accuracy_reduce
from metrics_classification.functional.stat_scores import Average, MultidimAverage, Task
from metrics_classification.stat_scores import (
    BinaryStatScores,
    MulticlassStatScores,
    MultilabelStatScores,
    _ClassificationTaskWrapper,
    _task_metric,
)


class BinaryAccuracy(BinaryStatScores):
    """Accuracy of binary predictions: the fraction of predictions equal to the target.

    Takes the arguments of :class:`BinaryStatScores` (``threshold``, ``multidim_average``, ``ignore_index``, ...).

    Example:
        >>> import torch
        >>> metric = BinaryAccuracy()
        >>> metric(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Accuracy over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _accuracy_reduce(tp, fp, tn, fn, "binary", self.multidim_average)


class MulticlassAccuracy(MulticlassStatScores):
    """Accuracy of multiclass predictions: per class the fraction of its samples predicted right, then averaged.

    Takes the arguments of :class:`MulticlassStatScores` (``num_classes``, ``average``, ``top_k``, ...).

    Example:
        >>> import torch
        >>> metric = MulticlassAccuracy(num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.8333)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Accuracy over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _accuracy_reduce(tp, fp, tn, fn, self.average, self.multidim_average, top_k=self.top_k)


class MultilabelAccuracy(MultilabelStatScores):
    """Accuracy of multilabel predictions: per label the fraction of samples predicted right, then averaged.

    Takes the arguments of :class:`MultilabelStatScores` (``num_labels``, ``threshold``, ``average``, ...).

    Example:
        >>> import torch
        >>> metric = MultilabelAccuracy(num_labels=3)
        >>> metric(torch.tensor([[0, 0, 1], [1, 0, 1]]), torch.tensor([[0, 1, 0], [1, 0, 1]]))
        tensor(0.6667)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Accuracy over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _accuracy_reduce(tp, fp, tn, fn, self.average, self.multidim_average, multilabel=True)


class Accuracy(_ClassificationTaskWrapper):
    """Accuracy of a ``task``: returns a :class:`BinaryAccuracy`, :class:`MulticlassAccuracy` or the multilabel one.

    Example:
        >>> import torch
        >>> metric = Accuracy(task="multiclass", num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.7500)
    """

    def __new__(
        cls,
        task: Task,
        threshold: float = 0.5,
        num_classes: int | None = None,
        num_labels: int | None = None,
        average: Average = "micro",
        multidim_average: MultidimAverage = "global",
        top_k: int | None = 1,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        classes = (BinaryAccuracy, MulticlassAccuracy, MultilabelAccuracy)
        kwargs.update(multidim_average=multidim_average, ignore_index=ignore_index, validate_args=validate_args)
        return _task_metric(classes, task, threshold, num_classes, num_labels, average, top_k, **kwargs)

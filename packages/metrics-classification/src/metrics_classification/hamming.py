"""Hamming distance classes: the fraction of wrong labels, for binary, multiclass and multilabel inputs."""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.hamming import _hamming_distance_reduce
from metrics_classification.functional.stat_scores import Average, MultidimAverage, Task
from metrics_classification.stat_scores import (
    BinaryStatScores,
    MulticlassStatScores,
    MultilabelStatScores,
    _ClassificationTaskWrapper,
    _task_metric,
)


class BinaryHammingDistance(BinaryStatScores):
    """Hamming distance of binary predictions: the fraction of wrong predictions.

    Takes the arguments of :class:`BinaryStatScores` (``threshold``, ``multidim_average``, ``ignore_index``, ...).

    Example:
        >>> import torch
        >>> metric = BinaryHammingDistance()
        >>> metric(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """

    higher_is_better: ClassVar[bool | None] = False
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Hamming distance over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _hamming_distance_reduce(tp, fp, tn, fn, "binary", self.multidim_average)


class MulticlassHammingDistance(MulticlassStatScores):
    """Hamming distance of multiclass predictions, per class (1 - recall) then averaged.

    Takes the arguments of :class:`MulticlassStatScores` (``num_classes``, ``average``, ``top_k``, ...).

    Example:
        >>> import torch
        >>> metric = MulticlassHammingDistance(num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.1667)
    """

    higher_is_better: ClassVar[bool | None] = False
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Hamming distance over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _hamming_distance_reduce(tp, fp, tn, fn, self.average, self.multidim_average)


class MultilabelHammingDistance(MultilabelStatScores):
    """Hamming distance of multilabel predictions: the fraction of wrong labels, per label then averaged.

    Takes the arguments of :class:`MultilabelStatScores` (``num_labels``, ``threshold``, ``average``, ...).

    Example:
        >>> import torch
        >>> metric = MultilabelHammingDistance(num_labels=3)
        >>> metric(torch.tensor([[0, 0, 1], [1, 0, 1]]), torch.tensor([[0, 1, 0], [1, 0, 1]]))
        tensor(0.3333)
    """

    higher_is_better: ClassVar[bool | None] = False
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Hamming distance over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _hamming_distance_reduce(tp, fp, tn, fn, self.average, self.multidim_average, multilabel=True)


class HammingDistance(_ClassificationTaskWrapper):
    """Hamming distance of a ``task``: returns the binary, multiclass or multilabel Hamming distance metric.

    Example:
        >>> import torch
        >>> metric = HammingDistance(task="multiclass", num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.2500)
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
        classes = (BinaryHammingDistance, MulticlassHammingDistance, MultilabelHammingDistance)
        kwargs.update(multidim_average=multidim_average, ignore_index=ignore_index, validate_args=validate_args)
        return _task_metric(classes, task, threshold, num_classes, num_labels, average, top_k, **kwargs)

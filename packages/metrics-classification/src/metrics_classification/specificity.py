"""Specificity (true negative rate) classes, for binary, multiclass and multilabel inputs."""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.specificity import _specificity_reduce
from metrics_classification.functional.stat_scores import Average, MultidimAverage, Task
from metrics_classification.stat_scores import (
    BinaryStatScores,
    MulticlassStatScores,
    MultilabelStatScores,
    _ClassificationTaskWrapper,
    _task_metric,
)


class BinarySpecificity(BinaryStatScores):
    """Specificity of binary predictions: the fraction of negative targets predicted negative.

    Takes the arguments of :class:`BinaryStatScores` (``threshold``, ``multidim_average``, ``ignore_index``, ...).

    Example:
        >>> import torch
        >>> metric = BinarySpecificity()
        >>> metric(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """

    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Specificity over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _specificity_reduce(tp, fp, tn, fn, "binary", self.multidim_average)


class MulticlassSpecificity(MulticlassStatScores):
    """Specificity of multiclass predictions, per class (one against the rest) then averaged.

    Takes the arguments of :class:`MulticlassStatScores` (``num_classes``, ``average``, ``top_k``, ...).

    Example:
        >>> import torch
        >>> metric = MulticlassSpecificity(num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.8889)
    """

    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Specificity over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _specificity_reduce(tp, fp, tn, fn, self.average, self.multidim_average)


class MultilabelSpecificity(MultilabelStatScores):
    """Specificity of multilabel predictions, per label then averaged.

    Takes the arguments of :class:`MultilabelStatScores` (``num_labels``, ``threshold``, ``average``, ...).

    Example:
        >>> import torch
        >>> metric = MultilabelSpecificity(num_labels=3)
        >>> metric(torch.tensor([[0, 0, 1], [1, 0, 1]]), torch.tensor([[0, 1, 0], [1, 0, 1]]))
        tensor(0.6667)
    """

    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Specificity over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _specificity_reduce(tp, fp, tn, fn, self.average, self.multidim_average, multilabel=True)


class Specificity(_ClassificationTaskWrapper):
    """Specificity of a ``task``: returns the binary, multiclass or multilabel specificity metric.

    Example:
        >>> import torch
        >>> metric = Specificity(task="multiclass", num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.8750)
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
        classes = (BinarySpecificity, MulticlassSpecificity, MultilabelSpecificity)
        kwargs.update(multidim_average=multidim_average, ignore_index=ignore_index, validate_args=validate_args)
        return _task_metric(classes, task, threshold, num_classes, num_labels, average, top_k, **kwargs)

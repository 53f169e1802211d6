"""Precision and recall classes, for binary, multiclass and multilabel inputs."""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.precision_recall import _precision_recall_reduce
from metrics_classification.functional.stat_scores import Average, MultidimAverage, Task
from metrics_classification.stat_scores import (
    BinaryStatScores,
    MulticlassStatScores,
    MultilabelStatScores,
    _ClassificationTaskWrapper,
    _task_metric,
)


class BinaryPrecision(BinaryStatScores):
    """Precision of binary predictions: the fraction of positive predictions that are right.

    Takes the arguments of :class:`BinaryStatScores` (``threshold``, ``multidim_average``, ``ignore_index``, ...).

    Example:
        >>> import torch
        >>> metric = BinaryPrecision()
        >>> metric(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """

    higher_is_better: ClassVar[bool | None] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Precision over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _precision_recall_reduce(
            "precision", tp, fp, tn, fn, "binary", self.multidim_average, zero_division=self.zero_division
        )


class MulticlassPrecision(MulticlassStatScores):
    """Precision of multiclass predictions: per class the fraction of its predictions that are right, averaged.

    Takes the arguments of :class:`MulticlassStatScores` (``num_classes``, ``average``, ``top_k``, ...).

    Example:
        >>> import torch
        >>> metric = MulticlassPrecision(num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.8333)
    """

    higher_is_better: ClassVar[bool | None] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Precision over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _precision_recall_reduce(
            "precision",
            tp,
            fp,
            tn,
            fn,
            self.average,
            self.multidim_average,
            top_k=self.top_k,
            zero_division=self.zero_division,
        )


class MultilabelPrecision(MultilabelStatScores):
    """Precision of multilabel predictions: per label the fraction of positive predictions that are right, averaged.

    Takes the arguments of :class:`MultilabelStatScores` (``num_labels``, ``threshold``, ``average``, ...).

    Example:
        >>> import torch
        >>> metric = MultilabelPrecision(num_labels=3)
        >>> metric(torch.tensor([[0, 0, 1], [1, 0, 1]]), torch.tensor([[0, 1, 0], [1, 0, 1]]))
        tensor(0.5000)
    """

    higher_is_better: ClassVar[bool | None] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Precision over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _precision_recall_reduce(
            "precision",
            tp,
            fp,
            tn,
            fn,
            self.average,
            self.multidim_average,
            multilabel=True,
            zero_division=self.zero_division,
        )


class Precision(_ClassificationTaskWrapper):
    """Precision of a ``task``: returns a :class:`BinaryPrecision`, :class:`MulticlassPrecision` or the multilabel one.

    Example:
        >>> import torch
        >>> metric = Precision(task="multiclass", num_classes=3)
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
        classes = (BinaryPrecision, MulticlassPrecision, MultilabelPrecision)
        kwargs.update(multidim_average=multidim_average, ignore_index=ignore_index, validate_args=validate_args)
        return _task_metric(classes, task, threshold, num_classes, num_labels, average, top_k, **kwargs)


class BinaryRecall(BinaryStatScores):
    """Recall of binary predictions: the fraction of positive targets predicted positive.

    Takes the arguments of :class:`BinaryStatScores` (``threshold``, ``multidim_average``, ``ignore_index``, ...).

    Example:
        >>> import torch
        >>> metric = BinaryRecall()
        >>> metric(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """

    higher_is_better: ClassVar[bool | None] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Recall over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _precision_recall_reduce(
            "recall", tp, fp, tn, fn, "binary", self.multidim_average, zero_division=self.zero_division
        )


class MulticlassRecall(MulticlassStatScores):
    """Recall of multiclass predictions: per class the fraction of its samples predicted right, averaged.

    Takes the arguments of :class:`MulticlassStatScores` (``num_classes``, ``average``, ``top_k``, ...).

    Example:
        >>> import torch
        >>> metric = MulticlassRecall(num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.8333)
    """

    higher_is_better: ClassVar[bool | None] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Recall over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _precision_recall_reduce(
            "recall",
            tp,
            fp,
            tn,
            fn,
            self.average,
            self.multidim_average,
            top_k=self.top_k,
            zero_division=self.zero_division,
        )


class MultilabelRecall(MultilabelStatScores):
    """Recall of multilabel predictions: per label the fraction of positive targets predicted positive, averaged.

    Takes the arguments of :class:`MultilabelStatScores` (``num_labels``, ``threshold``, ``average``, ...).

    Example:
        >>> import torch
        >>> metric = MultilabelRecall(num_labels=3)
        >>> metric(torch.tensor([[0, 0, 1], [1, 0, 1]]), torch.tensor([[0, 1, 0], [1, 0, 1]]))
        tensor(0.6667)
    """

    higher_is_better: ClassVar[bool | None] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """Recall over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _precision_recall_reduce(
            "recall",
            tp,
            fp,
            tn,
            fn,
            self.average,
            self.multidim_average,
            multilabel=True,
            zero_division=self.zero_division,
        )


class Recall(_ClassificationTaskWrapper):
    """Recall of a ``task``: returns a :class:`BinaryRecall`, :class:`MulticlassRecall` or the multilabel one.

    Example:
        >>> import torch
        >>> metric = Recall(task="multiclass", num_classes=3)
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
        classes = (BinaryRecall, MulticlassRecall, MultilabelRecall)
        kwargs.update(multidim_average=multidim_average, ignore_index=ignore_index, validate_args=validate_args)
        return _task_metric(classes, task, threshold, num_classes, num_labels, average, top_k, **kwargs)

"""Jaccard index classes: intersection over union of binary, multiclass and multilabel predictions."""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.confusion_matrix import (
    BinaryConfusionMatrix,
    MulticlassConfusionMatrix,
    MultilabelConfusionMatrix,
)
from metrics_classification.functional.confusion_matrix import _task_arguments
from metrics_classification.functional.jaccard import Average, _jaccard_index_arg_validation, _jaccard_index_compute
from metrics_classification.functional.stat_scores import Task
from metrics_classification.stat_scores import _ClassificationTaskWrapper


class BinaryJaccardIndex(BinaryConfusionMatrix):
    """Jaccard index ``tp / (tp + fp + fn)`` of binary predictions.

    Args:
        threshold: probability above which a prediction counts as positive (logits get a sigmoid first).
        ignore_index: target value whose samples are left out.
        validate_args: check the arguments and every batch.
        zero_division: value returned when the union is empty.

    Example:
        >>> import torch
        >>> metric = BinaryJaccardIndex()
        >>> metric(torch.tensor([0.8, 0.3, 0.6, 0.1]), torch.tensor([1, 1, 0, 0]))
        tensor(0.3333)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        threshold: float = 0.5,
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(threshold, ignore_index, validate_args=validate_args, **kwargs)
        if validate_args:
            _jaccard_index_arg_validation("micro", zero_division)
        self.zero_division = zero_division

    def compute(self) -> Tensor:
        """The Jaccard index over everything accumulated."""
        return _jaccard_index_compute(self.confmat, "binary", zero_division=self.zero_division)


class MulticlassJaccardIndex(MulticlassConfusionMatrix):
    """Jaccard index of multiclass predictions, per class or averaged.

    Args:
        num_classes: number of classes ``C``.
        average: ``"micro"`` (pooled counts), ``"macro"`` (mean over the classes present),
            ``"weighted"`` (by support), or ``"none"``/``None`` (one value per class).
        ignore_index: target value whose samples are left out (and whose class is left out of the average).
        validate_args: check the arguments and every batch.
        zero_division: value of a class whose union is empty.

    Example:
        >>> import torch
        >>> metric = MulticlassJaccardIndex(num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.6667)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        num_classes: int,
        average: Average = "macro",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, ignore_index, validate_args=validate_args, **kwargs)
        if validate_args:
            _jaccard_index_arg_validation(average, zero_division)
        self.average = average
        self.zero_division = zero_division

    def compute(self) -> Tensor:
        """The Jaccard index over everything accumulated."""
        return _jaccard_index_compute(self.confmat, self.average, self.ignore_index, self.zero_division)


class MultilabelJaccardIndex(MultilabelConfusionMatrix):
    """Jaccard index of multilabel predictions, per label or averaged.

    Args:
        num_labels: number of labels ``L``.
        threshold: probability above which a prediction counts as positive (logits get a sigmoid first).
        average: ``"micro"``, ``"macro"``, ``"weighted"`` (by support) or ``"none"``/``None`` (per label).
        ignore_index: target value whose entries are left out.
        validate_args: check the arguments and every batch.
        zero_division: value of a label whose union is empty.

    Example:
        >>> import torch
        >>> metric = MultilabelJaccardIndex(num_labels=2, average=None)
        >>> metric(torch.tensor([[0.9, 0.2], [0.4, 0.7], [0.8, 0.6]]), torch.tensor([[1, 0], [1, 1], [0, 1]]))
        tensor([0.3333, 1.0000])
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        num_labels: int,
        threshold: float = 0.5,
        average: Average = "macro",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_labels, threshold, ignore_index, validate_args=validate_args, **kwargs)
        if validate_args:
            _jaccard_index_arg_validation(average, zero_division)
        self.average = average
        self.zero_division = zero_division

    def compute(self) -> Tensor:
        """The Jaccard index over everything accumulated (``ignore_index`` only filters entries, as in TorchMetrics)."""
        return _jaccard_index_compute(self.confmat, self.average, zero_division=self.zero_division)


class JaccardIndex(_ClassificationTaskWrapper):
    """Jaccard index of a ``task``: returns a Binary/Multiclass/MultilabelJaccardIndex.

    Example:
        >>> import torch
        >>> metric = JaccardIndex(task="multiclass", num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.6667)
    """

    def __new__(
        cls,
        task: Task,
        threshold: float = 0.5,
        num_classes: int | None = None,
        num_labels: int | None = None,
        average: Average = "macro",
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        task, arguments = _task_arguments(task, threshold, num_classes, num_labels)
        if task == "binary":
            return BinaryJaccardIndex(ignore_index=ignore_index, validate_args=validate_args, **arguments, **kwargs)
        metric = MulticlassJaccardIndex if task == "multiclass" else MultilabelJaccardIndex
        return metric(average=average, ignore_index=ignore_index, validate_args=validate_args, **arguments, **kwargs)

"""Matthews correlation coefficient classes for binary, multiclass and multilabel predictions."""

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
from metrics_classification.functional.matthews_corrcoef import _matthews_corrcoef_compute
from metrics_classification.functional.stat_scores import Task
from metrics_classification.stat_scores import _ClassificationTaskWrapper


class BinaryMatthewsCorrCoef(BinaryConfusionMatrix):
    """Matthews correlation coefficient of binary predictions, in ``[-1, 1]``.

    Args:
        threshold: probability above which a prediction counts as positive (logits get a sigmoid first).
        ignore_index: target value whose samples are left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryMatthewsCorrCoef()
        >>> metric(torch.tensor([0.8, 0.3, 0.6, 0.1, 0.9]), torch.tensor([1, 1, 0, 0, 1]))
        tensor(0.1667)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = -1.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self, threshold: float = 0.5, ignore_index: int | None = None, validate_args: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(threshold, ignore_index, validate_args=validate_args, **kwargs)

    def compute(self) -> Tensor:
        """The coefficient over everything accumulated."""
        return _matthews_corrcoef_compute(self.confmat)


class MulticlassMatthewsCorrCoef(MulticlassConfusionMatrix):
    """Matthews correlation coefficient (Gorodkin's multiclass form) of multiclass predictions.

    Args:
        num_classes: number of classes ``C``.
        ignore_index: target value whose samples are left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassMatthewsCorrCoef(num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.7000)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = -1.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self, num_classes: int, ignore_index: int | None = None, validate_args: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(num_classes, ignore_index, validate_args=validate_args, **kwargs)

    def compute(self) -> Tensor:
        """The coefficient over everything accumulated."""
        return _matthews_corrcoef_compute(self.confmat)


class MultilabelMatthewsCorrCoef(MultilabelConfusionMatrix):
    """Matthews correlation coefficient of multilabel predictions, over the counts pooled across labels.

    Args:
        num_labels: number of labels ``L``.
        threshold: probability above which a prediction counts as positive (logits get a sigmoid first).
        ignore_index: target value whose entries are left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelMatthewsCorrCoef(num_labels=2)
        >>> metric(torch.tensor([[0.9, 0.2], [0.4, 0.7], [0.8, 0.6]]), torch.tensor([[1, 0], [1, 1], [0, 1]]))
        tensor(0.2500)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = -1.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        num_labels: int,
        threshold: float = 0.5,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_labels, threshold, ignore_index, validate_args=validate_args, **kwargs)

    def compute(self) -> Tensor:
        """The coefficient over everything accumulated."""
        return _matthews_corrcoef_compute(self.confmat)


class MatthewsCorrCoef(_ClassificationTaskWrapper):
    """Matthews correlation coefficient of a ``task``: returns a Binary/Multiclass/MultilabelMatthewsCorrCoef.

    Example:
        >>> import torch
        >>> metric = MatthewsCorrCoef(task="binary")
        >>> metric(torch.tensor([1, 1, 0, 0]), torch.tensor([1, 0, 0, 0]))
        tensor(0.5774)
    """

    def __new__(
        cls,
        task: Task,
        threshold: float = 0.5,
        num_classes: int | None = None,
        num_labels: int | None = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        task, arguments = _task_arguments(task, threshold, num_classes, num_labels)
        metric = {
            "binary": BinaryMatthewsCorrCoef,
            "multiclass": MulticlassMatthewsCorrCoef,
            "multilabel": MultilabelMatthewsCorrCoef,
        }[task]
        return metric(ignore_index=ignore_index, validate_args=validate_args, **arguments, **kwargs)

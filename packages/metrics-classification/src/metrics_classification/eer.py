"""Equal error rate classes, over the exact or binned states of the ROC curve classes."""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.eer import _eer_compute
from metrics_classification.functional.precision_recall_curve import CurveAverage, Thresholds, _curve_task
from metrics_classification.precision_recall_curve import _curve_task_metric
from metrics_classification.roc import BinaryROC, MulticlassROC, MultilabelROC
from metrics_classification.stat_scores import _ClassificationTaskWrapper


class _EqualErrorRate:
    higher_is_better: ClassVar[bool] = False
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """The equal error rate: a scalar, or one per class or label."""
        fpr, tpr, _ = super().compute()
        return _eer_compute(fpr, tpr)


class BinaryEER(_EqualErrorRate, BinaryROC):
    """Equal error rate of binary scores: the mean of the false positive and false negative rates where they meet.

    Args:
        thresholds: None for the exact ROC curve (keeps every score); an int, a list or a 1-d tensor of
            thresholds for a binned one in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryEER()
        >>> metric(torch.tensor([0.1, 0.4, 0.6, 0.8, 0.3]), torch.tensor([0, 1, 0, 1, 1]))
        tensor(0.5833)
    """


class MulticlassEER(_EqualErrorRate, MulticlassROC):
    """Equal error rate of each class (one-vs-rest), or of the micro / macro averaged ROC curve.

    Args:
        num_classes: number of classes.
        thresholds: None for exact ROC curves (keeps every score); an int, a list or a 1-d tensor of
            thresholds for binned ones in constant memory.
        average: None (per class), ``"micro"`` or ``"macro"`` (one averaged curve).
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassEER(num_classes=3)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        tensor([0.0000, 0.2500, 0.0000])
    """


class MultilabelEER(_EqualErrorRate, MultilabelROC):
    """Equal error rate of each label of multilabel scores.

    Args:
        num_labels: number of labels.
        thresholds: None for exact ROC curves (keeps every score); an int, a list or a 1-d tensor of
            thresholds for binned ones in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelEER(num_labels=2)
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> metric(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]))
        tensor([0.5000, 0.0000])
    """


class EER(_ClassificationTaskWrapper):
    """Equal error rate of a ``task``: a :class:`BinaryEER`, :class:`MulticlassEER` or :class:`MultilabelEER`.

    Example:
        >>> import torch
        >>> metric = EER(task="binary")
        >>> metric(torch.tensor([0.1, 0.4, 0.6, 0.8, 0.3]), torch.tensor([0, 1, 0, 1, 1]))
        tensor(0.5833)
    """

    def __new__(
        cls,
        task: str,
        thresholds: Thresholds = None,
        num_classes: int | None = None,
        num_labels: int | None = None,
        average: CurveAverage = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        kwargs.update(thresholds=thresholds, ignore_index=ignore_index, validate_args=validate_args)
        if _curve_task(task, num_classes, num_labels) == "multiclass":
            kwargs["average"] = average
        classes = (BinaryEER, MulticlassEER, MultilabelEER)
        return _curve_task_metric(classes, task, num_classes, num_labels, **kwargs)

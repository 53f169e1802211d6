"""F-beta and F1 score classes, for binary, multiclass and multilabel inputs."""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.f_beta import _check_beta, _fbeta_reduce
from metrics_classification.functional.stat_scores import Average, MultidimAverage, Task
from metrics_classification.stat_scores import (
    BinaryStatScores,
    MulticlassStatScores,
    MultilabelStatScores,
    _ClassificationTaskWrapper,
    _task_metric,
)


class BinaryFBetaScore(BinaryStatScores):
    """F-beta score of binary predictions: recall weighs ``beta`` times as much as precision.

    Args:
        beta: weight of recall against precision (a float > 0).
        threshold, multidim_average, ignore_index, validate_args, zero_division: as in :class:`BinaryStatScores`.

    Example:
        >>> import torch
        >>> metric = BinaryFBetaScore(beta=2.0)
        >>> metric(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        beta: float,
        threshold: float = 0.5,
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        if validate_args:
            _check_beta(beta)
        super().__init__(threshold, multidim_average, ignore_index, validate_args, zero_division, **kwargs)
        self.beta = beta

    def compute(self) -> Tensor:
        """F-beta score over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _fbeta_reduce(
            tp, fp, tn, fn, self.beta, "binary", self.multidim_average, zero_division=self.zero_division
        )


class MulticlassFBetaScore(MulticlassStatScores):
    """F-beta score of multiclass predictions, per class then averaged.

    Args:
        beta: weight of recall against precision (a float > 0).
        num_classes, top_k, average, multidim_average, ignore_index, validate_args, zero_division: as in
            :class:`MulticlassStatScores`.

    Example:
        >>> import torch
        >>> metric = MulticlassFBetaScore(beta=2.0, num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.7963)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        beta: float,
        num_classes: int,
        top_k: int = 1,
        average: Average = "macro",
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        if validate_args:
            _check_beta(beta)
        super().__init__(
            num_classes, top_k, average, multidim_average, ignore_index, validate_args, zero_division, **kwargs
        )
        self.beta = beta

    def compute(self) -> Tensor:
        """F-beta score over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _fbeta_reduce(
            tp, fp, tn, fn, self.beta, self.average, self.multidim_average, zero_division=self.zero_division
        )


class MultilabelFBetaScore(MultilabelStatScores):
    """F-beta score of multilabel predictions, per label then averaged.

    Args:
        beta: weight of recall against precision (a float > 0).
        num_labels, threshold, average, multidim_average, ignore_index, validate_args, zero_division: as in
            :class:`MultilabelStatScores`.

    Example:
        >>> import torch
        >>> metric = MultilabelFBetaScore(beta=2.0, num_labels=3)
        >>> metric(torch.tensor([[0, 0, 1], [1, 0, 1]]), torch.tensor([[0, 1, 0], [1, 0, 1]]))
        tensor(0.6111)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        beta: float,
        num_labels: int,
        threshold: float = 0.5,
        average: Average = "macro",
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        if validate_args:
            _check_beta(beta)
        super().__init__(
            num_labels, threshold, average, multidim_average, ignore_index, validate_args, zero_division, **kwargs
        )
        self.beta = beta

    def compute(self) -> Tensor:
        """F-beta score over everything accumulated."""
        tp, fp, tn, fn = self._final_state()
        return _fbeta_reduce(
            tp,
            fp,
            tn,
            fn,
            self.beta,
            self.average,
            self.multidim_average,
            multilabel=True,
            zero_division=self.zero_division,
        )


class BinaryF1Score(BinaryFBetaScore):
    """F1 score (harmonic mean of precision and recall) of binary predictions.

    Takes the arguments of :class:`BinaryStatScores` (``threshold``, ``multidim_average``, ``ignore_index``, ...).

    Example:
        >>> import torch
        >>> metric = BinaryF1Score()
        >>> metric(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """

    def __init__(
        self,
        threshold: float = 0.5,
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(1.0, threshold, multidim_average, ignore_index, validate_args, zero_division, **kwargs)


class MulticlassF1Score(MulticlassFBetaScore):
    """F1 score of multiclass predictions, per class then averaged.

    Takes the arguments of :class:`MulticlassStatScores` (``num_classes``, ``average``, ``top_k``, ...).

    Example:
        >>> import torch
        >>> metric = MulticlassF1Score(num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.7778)
    """

    def __init__(
        self,
        num_classes: int,
        top_k: int = 1,
        average: Average = "macro",
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            1.0, num_classes, top_k, average, multidim_average, ignore_index, validate_args, zero_division, **kwargs
        )


class MultilabelF1Score(MultilabelFBetaScore):
    """F1 score of multilabel predictions, per label then averaged.

    Takes the arguments of :class:`MultilabelStatScores` (``num_labels``, ``threshold``, ``average``, ...).

    Example:
        >>> import torch
        >>> metric = MultilabelF1Score(num_labels=3)
        >>> metric(torch.tensor([[0, 0, 1], [1, 0, 1]]), torch.tensor([[0, 1, 0], [1, 0, 1]]))
        tensor(0.5556)
    """

    def __init__(
        self,
        num_labels: int,
        threshold: float = 0.5,
        average: Average = "macro",
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            1.0, num_labels, threshold, average, multidim_average, ignore_index, validate_args, zero_division, **kwargs
        )


class FBetaScore(_ClassificationTaskWrapper):
    """F-beta score of a ``task``: returns the binary, multiclass or multilabel F-beta score metric.

    Example:
        >>> import torch
        >>> metric = FBetaScore(task="multiclass", beta=2.0, num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.7500)
    """

    def __new__(
        cls,
        task: Task,
        beta: float = 1.0,
        threshold: float = 0.5,
        num_classes: int | None = None,
        num_labels: int | None = None,
        average: Average = "micro",
        multidim_average: MultidimAverage = "global",
        top_k: int | None = 1,
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> Metric:
        classes = (BinaryFBetaScore, MulticlassFBetaScore, MultilabelFBetaScore)
        kwargs.update(
            multidim_average=multidim_average,
            ignore_index=ignore_index,
            validate_args=validate_args,
            zero_division=zero_division,
        )
        return _task_metric(classes, task, threshold, num_classes, num_labels, average, top_k, (beta,), **kwargs)


class F1Score(_ClassificationTaskWrapper):
    """F1 score of a ``task``: returns a :class:`BinaryF1Score`, :class:`MulticlassF1Score` or the multilabel one.

    Example:
        >>> import torch
        >>> metric = F1Score(task="multiclass", num_classes=3)
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
        zero_division: float = 0,
        **kwargs: Any,
    ) -> Metric:
        classes = (BinaryF1Score, MulticlassF1Score, MultilabelF1Score)
        kwargs.update(
            multidim_average=multidim_average,
            ignore_index=ignore_index,
            validate_args=validate_args,
            zero_division=zero_division,
        )
        return _task_metric(classes, task, threshold, num_classes, num_labels, average, top_k, **kwargs)

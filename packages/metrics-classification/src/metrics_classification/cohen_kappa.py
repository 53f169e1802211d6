"""Cohen's kappa classes: agreement beyond chance between binary or multiclass predictions and targets."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.confusion_matrix import BinaryConfusionMatrix, MulticlassConfusionMatrix
from metrics_classification.functional.cohen_kappa import Weights, _cohen_kappa_arg_validation, _cohen_kappa_compute
from metrics_classification.functional.confusion_matrix import _task_arguments
from metrics_classification.stat_scores import _ClassificationTaskWrapper


class BinaryCohenKappa(BinaryConfusionMatrix):
    """Cohen's kappa between binary predictions and targets: 1 is full agreement, 0 what chance gives.

    Args:
        threshold: probability above which a prediction counts as positive (logits get a sigmoid first).
        ignore_index: target value whose samples are left out.
        weights: disagreement weighting: ``None``/``"none"``, ``"linear"`` or ``"quadratic"``.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryCohenKappa()
        >>> metric(torch.tensor([0.8, 0.3, 0.6, 0.1, 0.9]), torch.tensor([1, 1, 0, 0, 1]))
        tensor(0.1667)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = -1.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        threshold: float = 0.5,
        ignore_index: int | None = None,
        weights: Weights = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(threshold, ignore_index, validate_args=validate_args, **kwargs)
        if validate_args:
            _cohen_kappa_arg_validation(weights)
        self.weights = weights

    def compute(self) -> Tensor:
        """Cohen's kappa over everything accumulated."""
        return _cohen_kappa_compute(self.confmat, self.weights)


class MulticlassCohenKappa(MulticlassConfusionMatrix):
    """Cohen's kappa between multiclass predictions and targets, optionally weighting disagreements.

    Args:
        num_classes: number of classes ``C``.
        ignore_index: target value whose samples are left out.
        weights: disagreement weighting: ``None``/``"none"``, ``"linear"`` or ``"quadratic"`` in the class distance.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassCohenKappa(num_classes=3, weights="quadratic")
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.8000)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = -1.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        num_classes: int,
        ignore_index: int | None = None,
        weights: Weights = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, ignore_index, validate_args=validate_args, **kwargs)
        if validate_args:
            _cohen_kappa_arg_validation(weights)
        self.weights = weights

    def compute(self) -> Tensor:
        """Cohen's kappa over everything accumulated."""
        return _cohen_kappa_compute(self.confmat, self.weights)


class CohenKappa(_ClassificationTaskWrapper):
    """Cohen's kappa of a ``task``: returns a :class:`BinaryCohenKappa` or :class:`MulticlassCohenKappa`.

    Example:
        >>> import torch
        >>> metric = CohenKappa(task="multiclass", num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor(0.6364)
    """

    def __new__(
        cls,
        task: Literal["binary", "multiclass"],
        threshold: float = 0.5,
        num_classes: int | None = None,
        weights: Weights = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        task, arguments = _task_arguments(task, threshold, num_classes, None, tasks=("binary", "multiclass"))
        metric = BinaryCohenKappa if task == "binary" else MulticlassCohenKappa
        return metric(weights=weights, ignore_index=ignore_index, validate_args=validate_args, **arguments, **kwargs)

"""Best operating point classes: the best value of one rate where another reaches a floor, and its threshold.

Recall at fixed precision, precision at fixed recall, sensitivity at specificity and specificity at sensitivity,
over the exact or binned states of the curve bases.
"""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.operating_point import (
    Point,
    _binary_operating_point_compute,
    _check_floor,
    _multiclass_operating_point_compute,
    _multilabel_operating_point_compute,
    _precision_at_recall,
    _recall_at_precision,
    _sensitivity_at_specificity,
    _specificity_at_sensitivity,
)
from metrics_classification.functional.precision_recall_curve import Thresholds
from metrics_classification.precision_recall_curve import (
    _BinaryCurve,
    _curve_task_metric,
    _MulticlassCurve,
    _MultilabelCurve,
)
from metrics_classification.stat_scores import _ClassificationTaskWrapper


class _OperatingPoint:
    """Mixin: the point searched for (``_point``) and the floor (``floor``)."""

    is_differentiable: ClassVar[bool] = False
    higher_is_better: ClassVar[bool | None] = None  # a (value, threshold) pair, as in TorchMetrics
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0
    _point: ClassVar[Point]
    _floor_name: ClassVar[str]
    floor: float

    def _set_floor(self, floor: float, validate_args: bool) -> None:
        if validate_args:
            _check_floor(self._floor_name, floor)
        self.floor = floor
        setattr(self, self._floor_name, floor)


class BinaryRecallAtFixedPrecision(_OperatingPoint, _BinaryCurve):
    """Highest recall reachable with precision at least ``min_precision``, and its threshold, of binary scores.

    Args:
        min_precision: the floor, in [0, 1].
        thresholds: None for the exact curve (keeps every score); an int, a list or a 1-d tensor of thresholds
            for a binned curve in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryRecallAtFixedPrecision(min_precision=0.5)
        >>> metric(torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1]))
        (tensor(1.), tensor(0.4000))
    """

    _point = staticmethod(_recall_at_precision)
    _floor_name = "min_precision"

    def __init__(
        self,
        min_precision: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_precision, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value and its threshold."""
        return _binary_operating_point_compute(self._point, self._state(), self.thresholds, self.floor)


class MulticlassRecallAtFixedPrecision(_OperatingPoint, _MulticlassCurve):
    """Highest recall where precision >= ``min_precision``, and its threshold, per class (one-vs-rest).

    Args:
        num_classes: number of classes.
        min_precision: the floor, in [0, 1].
        thresholds: None for exact curves (keeps every score); an int, a list or a 1-d tensor of thresholds
            for binned curves in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassRecallAtFixedPrecision(num_classes=3, min_precision=0.5)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        (tensor([1., 1., 1.]), tensor([0.7000, 0.2000, 0.8000]))
    """

    _point = staticmethod(_recall_at_precision)
    _floor_name = "min_precision"

    def __init__(
        self,
        num_classes: int,
        min_precision: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_precision, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value of each class (C,) and its threshold (C,)."""
        return _multiclass_operating_point_compute(
            self._point, self._state(), self.num_classes, self.thresholds, self.floor
        )


class MultilabelRecallAtFixedPrecision(_OperatingPoint, _MultilabelCurve):
    """Highest recall where precision >= ``min_precision``, and its threshold, per label.

    Args:
        num_labels: number of labels.
        min_precision: the floor, in [0, 1].
        thresholds: None for exact curves (keeps every score); an int, a list or a 1-d tensor of thresholds
            for binned curves in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelRecallAtFixedPrecision(num_labels=2, min_precision=0.5)
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> metric(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]))
        (tensor([1., 1.]), tensor([0.3000, 0.6000]))
    """

    _point = staticmethod(_recall_at_precision)
    _floor_name = "min_precision"

    def __init__(
        self,
        num_labels: int,
        min_precision: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_labels, thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_precision, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value of each label (L,) and its threshold (L,)."""
        return _multilabel_operating_point_compute(
            self._point, self._state(), self.num_labels, self.thresholds, self.floor
        )


class RecallAtFixedPrecision(_ClassificationTaskWrapper):
    """Highest recall where precision >= ``min_precision`` of a ``task``: its Binary, Multiclass or Multilabel form.

    Example:
        >>> import torch
        >>> metric = RecallAtFixedPrecision(task="binary", min_precision=0.5)
        >>> metric(torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1]))
        (tensor(1.), tensor(0.4000))
    """

    def __new__(
        cls,
        task: str,
        min_precision: float,
        thresholds: Thresholds = None,
        num_classes: int | None = None,
        num_labels: int | None = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        classes = (BinaryRecallAtFixedPrecision, MulticlassRecallAtFixedPrecision, MultilabelRecallAtFixedPrecision)
        kwargs.update(thresholds=thresholds, ignore_index=ignore_index, validate_args=validate_args)
        return _curve_task_metric(classes, task, num_classes, num_labels, (min_precision,), (min_precision,), **kwargs)


class BinaryPrecisionAtFixedRecall(_OperatingPoint, _BinaryCurve):
    """Highest precision reachable with recall at least ``min_recall``, and its threshold, of binary scores.

    Args:
        min_recall: the floor, in [0, 1].
        thresholds: None for the exact curve (keeps every score); an int, a list or a 1-d tensor of thresholds
            for a binned curve in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryPrecisionAtFixedRecall(min_recall=0.5)
        >>> metric(torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1]))
        (tensor(1.), tensor(0.8000))
    """

    _point = staticmethod(_precision_at_recall)
    _floor_name = "min_recall"

    def __init__(
        self,
        min_recall: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_recall, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value and its threshold."""
        return _binary_operating_point_compute(self._point, self._state(), self.thresholds, self.floor)


class MulticlassPrecisionAtFixedRecall(_OperatingPoint, _MulticlassCurve):
    """Highest precision where recall >= ``min_recall``, and its threshold, per class (one-vs-rest).

    Args:
        num_classes: number of classes.
        min_recall: the floor, in [0, 1].
        thresholds: None for exact curves (keeps every score); an int, a list or a 1-d tensor of thresholds
            for binned curves in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassPrecisionAtFixedRecall(num_classes=3, min_recall=0.5)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        (tensor([1., 1., 1.]), tensor([0.7000, 0.4000, 0.8000]))
    """

    _point = staticmethod(_precision_at_recall)
    _floor_name = "min_recall"

    def __init__(
        self,
        num_classes: int,
        min_recall: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_recall, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value of each class (C,) and its threshold (C,)."""
        return _multiclass_operating_point_compute(
            self._point, self._state(), self.num_classes, self.thresholds, self.floor
        )


class MultilabelPrecisionAtFixedRecall(_OperatingPoint, _MultilabelCurve):
    """Highest precision where recall >= ``min_recall``, and its threshold, per label.

    Args:
        num_labels: number of labels.
        min_recall: the floor, in [0, 1].
        thresholds: None for exact curves (keeps every score); an int, a list or a 1-d tensor of thresholds
            for binned curves in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelPrecisionAtFixedRecall(num_labels=2, min_recall=0.5)
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> metric(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]))
        (tensor([1., 1.]), tensor([0.8000, 0.6000]))
    """

    _point = staticmethod(_precision_at_recall)
    _floor_name = "min_recall"

    def __init__(
        self,
        num_labels: int,
        min_recall: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_labels, thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_recall, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value of each label (L,) and its threshold (L,)."""
        return _multilabel_operating_point_compute(
            self._point, self._state(), self.num_labels, self.thresholds, self.floor
        )


class PrecisionAtFixedRecall(_ClassificationTaskWrapper):
    """Highest precision where recall >= ``min_recall`` of a ``task``: its Binary, Multiclass or Multilabel form.

    Example:
        >>> import torch
        >>> metric = PrecisionAtFixedRecall(task="binary", min_recall=0.5)
        >>> metric(torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1]))
        (tensor(1.), tensor(0.8000))
    """

    def __new__(
        cls,
        task: str,
        min_recall: float,
        thresholds: Thresholds = None,
        num_classes: int | None = None,
        num_labels: int | None = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        classes = (BinaryPrecisionAtFixedRecall, MulticlassPrecisionAtFixedRecall, MultilabelPrecisionAtFixedRecall)
        kwargs.update(thresholds=thresholds, ignore_index=ignore_index, validate_args=validate_args)
        return _curve_task_metric(classes, task, num_classes, num_labels, (min_recall,), (min_recall,), **kwargs)


class BinarySensitivityAtSpecificity(_OperatingPoint, _BinaryCurve):
    """Highest sensitivity reachable with specificity at least ``min_specificity``, and its threshold, of binary scores.

    Args:
        min_specificity: the floor, in [0, 1].
        thresholds: None for the exact curve (keeps every score); an int, a list or a 1-d tensor of thresholds
            for a binned curve in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinarySensitivityAtSpecificity(min_specificity=0.5)
        >>> metric(torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1]))
        (tensor(1.), tensor(0.4000))
    """

    _point = staticmethod(_sensitivity_at_specificity)
    _floor_name = "min_specificity"

    def __init__(
        self,
        min_specificity: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_specificity, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value and its threshold."""
        return _binary_operating_point_compute(self._point, self._state(), self.thresholds, self.floor)


class MulticlassSensitivityAtSpecificity(_OperatingPoint, _MulticlassCurve):
    """Highest sensitivity where specificity >= ``min_specificity``, and its threshold, per class (one-vs-rest).

    Args:
        num_classes: number of classes.
        min_specificity: the floor, in [0, 1].
        thresholds: None for exact curves (keeps every score); an int, a list or a 1-d tensor of thresholds
            for binned curves in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassSensitivityAtSpecificity(num_classes=3, min_specificity=0.5)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        (tensor([1., 1., 1.]), tensor([0.7000, 0.2000, 0.8000]))
    """

    _point = staticmethod(_sensitivity_at_specificity)
    _floor_name = "min_specificity"

    def __init__(
        self,
        num_classes: int,
        min_specificity: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_specificity, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value of each class (C,) and its threshold (C,)."""
        return _multiclass_operating_point_compute(
            self._point, self._state(), self.num_classes, self.thresholds, self.floor
        )


class MultilabelSensitivityAtSpecificity(_OperatingPoint, _MultilabelCurve):
    """Highest sensitivity where specificity >= ``min_specificity``, and its threshold, per label.

    Args:
        num_labels: number of labels.
        min_specificity: the floor, in [0, 1].
        thresholds: None for exact curves (keeps every score); an int, a list or a 1-d tensor of thresholds
            for binned curves in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelSensitivityAtSpecificity(num_labels=2, min_specificity=0.5)
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> metric(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]))
        (tensor([1., 1.]), tensor([0.3000, 0.6000]))
    """

    _point = staticmethod(_sensitivity_at_specificity)
    _floor_name = "min_specificity"

    def __init__(
        self,
        num_labels: int,
        min_specificity: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_labels, thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_specificity, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value of each label (L,) and its threshold (L,)."""
        return _multilabel_operating_point_compute(
            self._point, self._state(), self.num_labels, self.thresholds, self.floor
        )


class SensitivityAtSpecificity(_ClassificationTaskWrapper):
    """Highest sensitivity where specificity >= ``min_specificity``, of a ``task``.

    Example:
        >>> import torch
        >>> metric = SensitivityAtSpecificity(task="binary", min_specificity=0.5)
        >>> metric(torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1]))
        (tensor(1.), tensor(0.4000))
    """

    def __new__(
        cls,
        task: str,
        min_specificity: float,
        thresholds: Thresholds = None,
        num_classes: int | None = None,
        num_labels: int | None = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        classes = (
            BinarySensitivityAtSpecificity,
            MulticlassSensitivityAtSpecificity,
            MultilabelSensitivityAtSpecificity,
        )
        kwargs.update(thresholds=thresholds, ignore_index=ignore_index, validate_args=validate_args)
        return _curve_task_metric(
            classes, task, num_classes, num_labels, (min_specificity,), (min_specificity,), **kwargs
        )


class BinarySpecificityAtSensitivity(_OperatingPoint, _BinaryCurve):
    """Highest specificity reachable with sensitivity at least ``min_sensitivity``, and its threshold, of binary scores.

    Args:
        min_sensitivity: the floor, in [0, 1].
        thresholds: None for the exact curve (keeps every score); an int, a list or a 1-d tensor of thresholds
            for a binned curve in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinarySpecificityAtSensitivity(min_sensitivity=0.5)
        >>> metric(torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1]))
        (tensor(1.), tensor(0.8000))
    """

    _point = staticmethod(_specificity_at_sensitivity)
    _floor_name = "min_sensitivity"

    def __init__(
        self,
        min_sensitivity: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_sensitivity, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value and its threshold."""
        return _binary_operating_point_compute(self._point, self._state(), self.thresholds, self.floor)


class MulticlassSpecificityAtSensitivity(_OperatingPoint, _MulticlassCurve):
    """Highest specificity where sensitivity >= ``min_sensitivity``, and its threshold, per class (one-vs-rest).

    Args:
        num_classes: number of classes.
        min_sensitivity: the floor, in [0, 1].
        thresholds: None for exact curves (keeps every score); an int, a list or a 1-d tensor of thresholds
            for binned curves in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassSpecificityAtSensitivity(num_classes=3, min_sensitivity=0.5)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        (tensor([1., 1., 1.]), tensor([0.7000, 0.4000, 0.8000]))
    """

    _point = staticmethod(_specificity_at_sensitivity)
    _floor_name = "min_sensitivity"

    def __init__(
        self,
        num_classes: int,
        min_sensitivity: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_sensitivity, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value of each class (C,) and its threshold (C,)."""
        return _multiclass_operating_point_compute(
            self._point, self._state(), self.num_classes, self.thresholds, self.floor
        )


class MultilabelSpecificityAtSensitivity(_OperatingPoint, _MultilabelCurve):
    """Highest specificity where sensitivity >= ``min_sensitivity``, and its threshold, per label.

    Args:
        num_labels: number of labels.
        min_sensitivity: the floor, in [0, 1].
        thresholds: None for exact curves (keeps every score); an int, a list or a 1-d tensor of thresholds
            for binned curves in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelSpecificityAtSensitivity(num_labels=2, min_sensitivity=0.5)
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> metric(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]))
        (tensor([1., 1.]), tensor([0.8000, 0.9000]))
    """

    _point = staticmethod(_specificity_at_sensitivity)
    _floor_name = "min_sensitivity"

    def __init__(
        self,
        num_labels: int,
        min_sensitivity: float,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_labels, thresholds, ignore_index, validate_args, **kwargs)
        self._set_floor(min_sensitivity, validate_args)

    def compute(self) -> tuple[Tensor, Tensor]:
        """The best value of each label (L,) and its threshold (L,)."""
        return _multilabel_operating_point_compute(
            self._point, self._state(), self.num_labels, self.thresholds, self.floor
        )


class SpecificityAtSensitivity(_ClassificationTaskWrapper):
    """Highest specificity where sensitivity >= ``min_sensitivity``, of a ``task``.

    Example:
        >>> import torch
        >>> metric = SpecificityAtSensitivity(task="binary", min_sensitivity=0.5)
        >>> metric(torch.tensor([0.1, 0.4, 0.6, 0.8]), torch.tensor([0, 1, 0, 1]))
        (tensor(1.), tensor(0.8000))
    """

    def __new__(
        cls,
        task: str,
        min_sensitivity: float,
        thresholds: Thresholds = None,
        num_classes: int | None = None,
        num_labels: int | None = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        classes = (
            BinarySpecificityAtSensitivity,
            MulticlassSpecificityAtSensitivity,
            MultilabelSpecificityAtSensitivity,
        )
        kwargs.update(thresholds=thresholds, ignore_index=ignore_index, validate_args=validate_args)
        return _curve_task_metric(
            classes, task, num_classes, num_labels, (min_sensitivity,), (min_sensitivity,), **kwargs
        )

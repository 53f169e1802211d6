"""Average precision against scikit-learn's average_precision_score (exact) and counted curves (binned)."""

from __future__ import annotations

import pytest
import torch
from curve_cases import CASES, NUM_CLASSES, CurveCase, curve_batches, reference
from metric_harness import assert_close, check_metric
from metrics_classification import (
    AveragePrecision,
    BinaryAveragePrecision,
    MulticlassAveragePrecision,
    MultilabelAveragePrecision,
)
from metrics_classification.functional import (
    average_precision,
    binary_average_precision,
    multiclass_average_precision,
    multilabel_average_precision,
)

AVERAGES = {"binary": [None], "multiclass": ["macro", "weighted", None], "multilabel": ["micro", "weighted", None]}


def factory_and_function(case: CurveCase, average: str | None):
    kwargs = {"thresholds": case.thresholds, "ignore_index": case.ignore_index}
    if case.kind == "binary":
        return (lambda: BinaryAveragePrecision(**kwargs)), (lambda p, t: binary_average_precision(p, t, **kwargs))
    metric, function = (
        (MulticlassAveragePrecision, multiclass_average_precision)
        if case.kind == "multiclass"
        else (MultilabelAveragePrecision, multilabel_average_precision)
    )
    return (lambda: metric(NUM_CLASSES, average, **kwargs)), (
        lambda p, t: function(p, t, NUM_CLASSES, average, **kwargs)
    )


@pytest.mark.parametrize(
    ("case", "average"), [(case, average) for case in CASES for average in AVERAGES[case.kind]], ids=str
)
def test_average_precision(case, average, device):
    factory, function = factory_and_function(case, average)
    expected = reference(case, "average_precision", average)
    check_metric(factory, curve_batches(case), expected, functional=function, device=device)


def test_multiclass_class_without_positives_is_nan_and_left_out_of_the_average():
    preds = torch.tensor([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1]])
    target = torch.tensor([0, 1, 0])
    assert torch.isnan(multiclass_average_precision(preds, target, 3, average=None)[2])
    with pytest.warns(UserWarning, match="Ignoring these classes"):
        value = multiclass_average_precision(preds, target, 3)
    assert_close(value, multiclass_average_precision(preds, target, 3, average=None)[:2].mean())


def test_multilabel_label_without_positives_scores_zero():
    preds, target = torch.rand(5, 2), torch.tensor([[1, 0], [0, 0], [1, 0], [0, 0], [1, 0]])
    with pytest.warns(UserWarning, match="No positive samples found"):
        value = multilabel_average_precision(preds, target, 2, average=None)
    assert_close(value[1], 0.0)


def test_binned_approaches_exact_as_thresholds_grow():
    preds, target = torch.rand(500), torch.randint(0, 2, (500,))
    exact = binary_average_precision(preds, target)
    errors = [(binary_average_precision(preds, target, n) - exact).abs() for n in (5, 3000)]
    assert errors[0] > errors[1]
    assert errors[1] < 5e-3


def test_task_wrapper():
    assert type(AveragePrecision(task="binary")) is BinaryAveragePrecision
    assert type(AveragePrecision(task="multiclass", num_classes=3)) is MulticlassAveragePrecision
    assert type(AveragePrecision(task="multilabel", num_labels=3)) is MultilabelAveragePrecision
    preds, target = torch.tensor([0.1, 0.4, 0.8, 0.3]), torch.tensor([0, 1, 1, 0])
    assert_close(average_precision(preds, target, task="binary"), binary_average_precision(preds, target))


def test_unknown_average_without_validation_raises():
    preds, target = torch.tensor([[0.6, 0.3], [0.2, 0.7]]), torch.tensor([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="average"):
        multilabel_average_precision(preds, target, 2, average="bogus", validate_args=False)


def test_binary_empty_thresholds_score_zero():
    preds, target = torch.tensor([0.2, 0.8]), torch.tensor([0, 1])
    assert_close(binary_average_precision(preds, target, thresholds=torch.tensor([])), 0.0)

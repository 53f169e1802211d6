"""Precision-recall curves against scikit-learn (exact) and direct counting (binned)."""

from __future__ import annotations

import pytest
import torch
from curve_cases import CASES, NUM_CLASSES, CurveCase, curve_batches, reference
from metric_harness import assert_close, check_metric
from metrics_classification import (
    BinaryPrecisionRecallCurve,
    MulticlassPrecisionRecallCurve,
    MultilabelPrecisionRecallCurve,
    PrecisionRecallCurve,
)
from metrics_classification.functional import (
    binary_precision_recall_curve,
    multiclass_precision_recall_curve,
    multilabel_precision_recall_curve,
    precision_recall_curve,
)


def factory_and_function(case: CurveCase):
    kwargs = {"thresholds": case.thresholds, "ignore_index": case.ignore_index}
    if case.kind == "binary":
        return (lambda: BinaryPrecisionRecallCurve(**kwargs)), (
            lambda p, t: binary_precision_recall_curve(p, t, **kwargs)
        )
    if case.kind == "multiclass":
        return (lambda: MulticlassPrecisionRecallCurve(NUM_CLASSES, **kwargs)), (
            lambda p, t: multiclass_precision_recall_curve(p, t, NUM_CLASSES, **kwargs)
        )
    return (lambda: MultilabelPrecisionRecallCurve(NUM_CLASSES, **kwargs)), (
        lambda p, t: multilabel_precision_recall_curve(p, t, NUM_CLASSES, **kwargs)
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_precision_recall_curve(case, device):
    factory, function = factory_and_function(case)
    check_metric(factory, curve_batches(case), reference(case, "pr_curve"), functional=function, device=device)


@pytest.mark.parametrize("thresholds", [None, 5])
def test_multiclass_micro_is_one_hot_binary(thresholds, device):
    preds, target = curve_batches(CurveCase("multiclass"))[0]
    preds, target = preds.to(device), target.to(device)
    got = multiclass_precision_recall_curve(preds, target, NUM_CLASSES, thresholds, average="micro")
    one_hot = torch.nn.functional.one_hot(target, NUM_CLASSES)
    assert_close(got, binary_precision_recall_curve(preds.flatten(), one_hot.flatten(), thresholds))
    metric = MulticlassPrecisionRecallCurve(NUM_CLASSES, thresholds, average="micro").to(device)
    assert_close(metric(preds, target), got)


def test_multiclass_macro_averages_interpolated_curves():
    preds, target = curve_batches(CurveCase("multiclass"))[0]
    precision, recall, thresholds = multiclass_precision_recall_curve(preds, target, NUM_CLASSES, average="macro")
    curves = multiclass_precision_recall_curve(preds, target, NUM_CLASSES)
    assert precision.shape == recall.shape == (sum(len(p) for p in curves[0]),)
    assert thresholds.shape == (sum(len(t) for t in curves[2]),)
    assert torch.all(precision[1:] >= precision[:-1])
    assert torch.all(thresholds[1:] >= thresholds[:-1])


def test_no_positives_warns_and_sets_recall_to_one():
    with pytest.warns(UserWarning, match="No positive samples found in target"):
        _, recall, _ = binary_precision_recall_curve(torch.tensor([0.1, 0.6]), torch.tensor([0, 0]))
    assert_close(recall, [1.0, 1.0, 0.0])


def test_logits_get_a_sigmoid():
    logits = torch.tensor([-2.0, 0.5, 3.0, -0.1])
    target = torch.tensor([0, 1, 1, 0])
    expected = binary_precision_recall_curve(logits.sigmoid(), target)
    assert_close(binary_precision_recall_curve(logits, target), expected)


def test_binned_state_is_constant_size():
    metric = MulticlassPrecisionRecallCurve(NUM_CLASSES, thresholds=11)
    for preds, target in curve_batches(CurveCase("multiclass"), sizes=(5, 50, 7)):
        metric.update(preds, target)
        assert metric.histogram.shape == (NUM_CLASSES, 2, 12)  # per class and target, 0 .. 11 thresholds reached
    assert int(metric.histogram.sum()) == 62 * NUM_CLASSES


def test_task_wrapper():
    assert type(PrecisionRecallCurve(task="binary", thresholds=5)) is BinaryPrecisionRecallCurve
    assert type(PrecisionRecallCurve(task="multiclass", num_classes=3)) is MulticlassPrecisionRecallCurve
    assert type(PrecisionRecallCurve(task="multilabel", num_labels=3)) is MultilabelPrecisionRecallCurve
    with pytest.raises(ValueError, match="num_classes"):
        PrecisionRecallCurve(task="multiclass")
    preds, target = torch.tensor([0.1, 0.4, 0.8]), torch.tensor([0, 1, 1])
    assert_close(precision_recall_curve(preds, target, task="binary"), binary_precision_recall_curve(preds, target))


@pytest.mark.parametrize("thresholds", [2.5, (0.1, 0.5), "10"])
def test_thresholds_of_a_wrong_type_are_type_errors(thresholds):
    """TorchMetrics raises a TypeError here; ours is also a ValueError, like every other bad argument."""
    for error in (TypeError, ValueError):
        with pytest.raises(error, match="thresholds"):
            BinaryPrecisionRecallCurve(thresholds=thresholds)

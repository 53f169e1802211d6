"""Equal error rate against the ROC curves of scikit-learn (exact) or counting (binned), searched with NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from curve_cases import CASES, NUM_CLASSES, CurveCase, class_columns, curve_batches, roc
from metric_harness import assert_close, check_metric
from metrics_classification import EER, BinaryEER, MulticlassEER, MultilabelEER
from metrics_classification.functional import binary_eer, eer, multiclass_eer, multiclass_roc, multilabel_eer


def equal_error_rate(fpr: np.ndarray, tpr: np.ndarray) -> float:
    """Searched on float32 rates, as the metric's are: near-equal distances then round alike."""
    fpr, tpr = fpr.astype(np.float32), tpr.astype(np.float32)
    index = np.argmin(np.abs(fpr - (1 - tpr)))
    return (fpr[index] + 1 - tpr[index]) / 2


def reference(case: CurveCase):
    def expected(preds, target):
        rates = [roc(s, t, case.threshold_values())[:2] for s, t in class_columns(case, preds, target)]
        values = np.array([equal_error_rate(*r) for r in rates])
        return values[0] if case.kind == "binary" else values

    return expected


def factory_and_function(case: CurveCase):
    kwargs = {"thresholds": case.thresholds, "ignore_index": case.ignore_index}
    if case.kind == "binary":
        return (lambda: BinaryEER(**kwargs)), (lambda p, t: binary_eer(p, t, **kwargs))
    if case.kind == "multiclass":
        return (lambda: MulticlassEER(NUM_CLASSES, **kwargs)), (
            lambda p, t: multiclass_eer(p, t, NUM_CLASSES, **kwargs)
        )
    return (lambda: MultilabelEER(NUM_CLASSES, **kwargs)), (lambda p, t: multilabel_eer(p, t, NUM_CLASSES, **kwargs))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_eer(case, device):
    factory, function = factory_and_function(case)
    check_metric(factory, curve_batches(case), reference(case), functional=function, device=device)


@pytest.mark.parametrize("average", ["micro", "macro"])
def test_multiclass_average_is_the_eer_of_the_averaged_curve(average):
    preds, target = curve_batches(CurveCase("multiclass"))[0]
    fpr, tpr, _ = multiclass_roc(preds, target, NUM_CLASSES, average=average)
    assert_close(
        multiclass_eer(preds, target, NUM_CLASSES, average=average), equal_error_rate(fpr.numpy(), tpr.numpy())
    )
    assert_close(MulticlassEER(NUM_CLASSES, average=average)(preds, target), equal_error_rate(fpr.numpy(), tpr.numpy()))


def test_task_wrapper():
    assert type(EER(task="binary")) is BinaryEER
    assert EER(task="multiclass", num_classes=3, average="macro").average == "macro"
    assert type(EER(task="multilabel", num_labels=3)) is MultilabelEER
    preds, target = torch.rand(8), torch.tensor([0, 1, 1, 0, 1, 0, 0, 1])
    assert_close(eer(preds, target, task="binary"), binary_eer(preds, target))

"""Best operating points against a NumPy search of scikit-learn's (exact) or counted (binned) curves.

Recall at fixed precision, precision at fixed recall, sensitivity at specificity, specificity at sensitivity.
"""

from __future__ import annotations

import metrics_classification as mc
import metrics_classification.functional as mf
import numpy as np
import pytest
import torch
from curve_cases import CASES, NUM_CLASSES, CurveCase, class_columns, curve_batches, pr_curve, roc
from metric_harness import assert_close, check_metric

METRICS = {
    "RecallAtFixedPrecision": "min_precision",
    "PrecisionAtFixedRecall": "min_recall",
    "SensitivityAtSpecificity": "min_specificity",
    "SpecificityAtSensitivity": "min_sensitivity",
}
FUNCTIONS = {
    "RecallAtFixedPrecision": "recall_at_fixed_precision",
    "PrecisionAtFixedRecall": "precision_at_fixed_recall",
    "SensitivityAtSpecificity": "sensitivity_at_specificity",
    "SpecificityAtSensitivity": "specificity_at_sensitivity",
}


def best_point(name: str, scores: np.ndarray, labels: np.ndarray, thresholds, floor: float) -> tuple[float, float]:
    """The documented search on one curve: best value among the allowed points, ties broken as stated."""
    if name in ("RecallAtFixedPrecision", "PrecisionAtFixedRecall"):
        precision, recall, values = pr_curve(scores, labels, thresholds)
        n = len(values)
        value, other = (recall[:n], precision[:n]) if name == "RecallAtFixedPrecision" else (precision[:n], recall[:n])
        allowed = (precision[:n] if name == "RecallAtFixedPrecision" else recall[:n]) >= floor
        if not allowed.any():
            return 0.0, np.nan
        keys = np.nan_to_num(value, nan=-np.inf), other, values
        best = max(np.flatnonzero(allowed), key=lambda i: tuple(k[i] for k in keys))  # the first of equal maxima
        if np.isnan(value[np.flatnonzero(allowed)[0]]):  # a NaN value in the lead is never overtaken
            best = np.flatnonzero(allowed)[0]
        return value[best], np.nan if value[best] == 0 else values[best]
    fpr, tpr, values = roc(scores, labels, thresholds)
    rate, floor_rate = (tpr, 1 - fpr) if name == "SensitivityAtSpecificity" else (1 - fpr, tpr)
    allowed = floor_rate >= floor
    if not allowed.any():
        return 0.0, 1e6
    best = int(np.argmax(np.where(allowed, rate, -np.inf)))
    return rate[best], values[best]


def reference(case: CurveCase, name: str, floor: float):
    def expected(preds, target):
        points = [best_point(name, s, t, case.threshold_values(), floor) for s, t in class_columns(case, preds, target)]
        values, thresholds = (np.array(x, dtype=np.float64) for x in zip(*points))
        return (values[0], thresholds[0]) if case.kind == "binary" else (values, thresholds)

    return expected


def factory_and_function(case: CurveCase, name: str, floor: float):
    kwargs = {METRICS[name]: floor, "thresholds": case.thresholds, "ignore_index": case.ignore_index}
    prefix = {"binary": "Binary", "multiclass": "Multiclass", "multilabel": "Multilabel"}[case.kind]
    metric, function = getattr(mc, prefix + name), getattr(mf, f"{case.kind}_{FUNCTIONS[name]}")
    leading = () if case.kind == "binary" else (NUM_CLASSES,)
    return (lambda: metric(*leading, **kwargs)), (lambda p, t: function(p, t, *leading, **kwargs))


@pytest.mark.parametrize("name", list(METRICS))
@pytest.mark.parametrize("case", CASES[::2], ids=str)
def test_operating_point(case, name, device):
    floor = 0.6
    factory, function = factory_and_function(case, name, floor)
    check_metric(factory, curve_batches(case), reference(case, name, floor), functional=function, device=device)


@pytest.mark.parametrize("floor", [0.0, 1.0])
@pytest.mark.parametrize("name", list(METRICS))
def test_extreme_floors(name, floor):
    case = CurveCase("binary")
    factory, function = factory_and_function(case, name, floor)
    check_metric(factory, curve_batches(case), reference(case, name, floor), functional=function)


def test_unreachable_floor_gives_the_documented_defaults():
    preds, target = torch.tensor([0.9, 0.8, 0.1]), torch.tensor([0, 0, 1])
    value, threshold = mf.binary_recall_at_fixed_precision(preds, target, min_precision=1.0, thresholds=[0.95, 0.99])
    assert float(value) == 0
    assert torch.isnan(threshold)


@pytest.mark.parametrize("name", list(METRICS))
def test_bad_floor_and_task_wrapper(name):
    argument = METRICS[name]
    with pytest.raises(ValueError, match=argument):
        getattr(mc, "Binary" + name)(**{argument: 1.5})
    metric = getattr(mc, name)(task="multilabel", num_labels=3, **{argument: 0.5})
    assert type(metric) is getattr(mc, "Multilabel" + name)
    assert getattr(metric, argument) == 0.5
    preds, target = torch.rand(6), torch.tensor([0, 1, 0, 1, 1, 0])
    assert_close(
        getattr(mf, FUNCTIONS[name])(preds, target, "binary", 0.5),
        getattr(mf, "binary_" + FUNCTIONS[name])(preds, target, 0.5),
    )


def test_undefined_precision_in_the_lead_is_kept():
    # no score reaches any threshold: precision is 0/0 at every point, the first allowed point is the answer
    preds, target = torch.zeros(6), torch.tensor([1, 0, 1, 1, 0, 1])
    value, threshold = mf.binary_precision_at_fixed_recall(preds, target, 0.0, thresholds=[0.1, 0.5, 0.9])
    assert torch.isnan(value)
    assert_close(threshold, 0.1)
    preds = torch.tensor([[0.6, 0.4], [0.2, 0.8], [0.3, 0.7]])
    values, thresholds = mf.multiclass_precision_at_fixed_recall(preds, torch.tensor([0, 1, 1]), 2, 0.0, [0.5, 0.9])
    assert_close(values, torch.tensor([1.0, 1.0]))
    assert_close(thresholds, torch.tensor([0.5, 0.5]))


@pytest.mark.parametrize("floor", [None, "0.5"])
def test_a_floor_that_is_no_number_is_a_type_error(floor):
    with pytest.raises(TypeError, match="min_recall"):
        mc.BinaryPrecisionAtFixedRecall(min_recall=floor)
    with pytest.raises(ValueError, match="min_recall"):
        mf.binary_precision_at_fixed_recall(torch.rand(3), torch.tensor([0, 1, 1]), min_recall=floor)


@pytest.mark.parametrize(("dtype", "expected"), [(torch.float32, (1.0, 0.2)), (torch.float64, (8 / 9, 0.4))])
def test_floor_is_met_in_the_dtype_of_the_thresholds(dtype, expected):
    # at 0.2 precision is 9/10: a float32 0.9, which meets a 0.9 floor in float32 but not in float64
    preds = torch.tensor([1.0, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.4, 0.3, 0.2], dtype=dtype)
    target = torch.tensor([1, 1, 1, 1, 1, 1, 1, 1, 0, 1])
    value, threshold = mf.binary_recall_at_fixed_precision(preds, target, min_precision=0.9)
    assert threshold.dtype == dtype
    assert_close(value, expected[0])
    assert_close(threshold, expected[1])

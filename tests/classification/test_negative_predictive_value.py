"""Negative predictive value against scikit-learn counts."""

from __future__ import annotations

import pytest
import torch
from metric_harness import assert_close
from metrics_classification import (
    BinaryNegativePredictiveValue,
    MulticlassNegativePredictiveValue,
    NegativePredictiveValue,
)
from metrics_classification.functional import binary_negative_predictive_value, multiclass_negative_predictive_value
from sklearn.metrics import precision_score
from stat_score_cases import CASES, Case, check_family


@pytest.mark.parametrize("case", CASES[1::2], ids=str)
def test_negative_predictive_value(case, device):
    check_family("npv", case, device)


def test_against_sklearn():
    """The negative predictive value is the precision of the negative class."""
    preds, target = torch.randint(0, 2, (40,)), torch.randint(0, 2, (40,))
    assert_close(binary_negative_predictive_value(preds, target), precision_score(target, preds, pos_label=0))


@pytest.mark.parametrize("zero_division", [0, 1])
def test_zero_division_of_the_function(zero_division):
    case = Case("multiclass", "labels", None, num_classes=3, batch_size=2)
    preds, target = torch.tensor([0, 0]), torch.tensor([0, 0])  # no negative prediction for class 0
    expected = [zero_division, 1.0, 1.0]
    assert_close(multiclass_negative_predictive_value(preds, target, 3, None, zero_division=zero_division), expected)
    assert case.kind == "multiclass"


def test_classes_use_zero_division_0_as_torchmetrics():
    """TorchMetrics' NPV classes accept ``zero_division`` but compute with 0; so do these."""
    metric = BinaryNegativePredictiveValue(zero_division=1)
    assert metric.zero_division == 1
    assert_close(metric(torch.tensor([1, 1]), torch.tensor([1, 1])), 0.0)
    assert type(NegativePredictiveValue(task="multiclass", num_classes=3)) is MulticlassNegativePredictiveValue

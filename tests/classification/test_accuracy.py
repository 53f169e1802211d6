"""Accuracy against scikit-learn counts and accuracy_score."""

from __future__ import annotations

import pytest
import torch
from metric_harness import assert_close
from metrics_classification import Accuracy, BinaryAccuracy, MulticlassAccuracy, MultilabelAccuracy
from metrics_classification.functional import accuracy, multiclass_accuracy
from sklearn.metrics import accuracy_score, balanced_accuracy_score
from stat_score_cases import CASES, check_family


@pytest.mark.parametrize("case", CASES, ids=str)
def test_accuracy(case, device):
    check_family("accuracy", case, device)


def test_against_sklearn_accuracy_score():
    preds, target = torch.randint(0, 4, (50,)), torch.randint(0, 4, (50,))
    expected = accuracy_score(target.numpy(), preds.numpy())
    assert_close(multiclass_accuracy(preds, target, num_classes=4, average="micro"), expected)
    assert_close(accuracy(preds, target, task="multiclass", num_classes=4), expected)
    # macro accuracy is the mean recall of the classes present: scikit-learn's balanced accuracy
    assert_close(multiclass_accuracy(preds, target, num_classes=4), balanced_accuracy_score(target, preds))


@pytest.mark.parametrize(
    ("task", "kwargs", "expected"),
    [
        ("binary", {}, BinaryAccuracy),
        ("multiclass", {"num_classes": 3}, MulticlassAccuracy),
        ("multilabel", {"num_labels": 3}, MultilabelAccuracy),
    ],
)
def test_task_wrapper_returns_the_task_metric(task, kwargs, expected):
    metric = Accuracy(task=task, **kwargs)
    assert type(metric) is expected
    if task != "binary":
        assert metric.average == "micro"  # the wrapper's default, as in TorchMetrics

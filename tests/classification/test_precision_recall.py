"""Precision and recall against scikit-learn counts and precision_recall_fscore_support."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from metric_harness import assert_close
from metrics_classification import MulticlassPrecision, MulticlassRecall, Precision, Recall
from metrics_classification.functional import (
    binary_precision,
    binary_recall,
    multiclass_precision,
    multiclass_recall,
    multilabel_precision,
    multilabel_recall,
)
from sklearn.metrics import precision_recall_fscore_support
from stat_score_cases import CASES, Case, check_family


@pytest.mark.parametrize("case", CASES, ids=str)
def test_precision(case, device):
    check_family("precision", case, device)


@pytest.mark.parametrize("case", CASES[::2], ids=str)
def test_recall(case, device):
    check_family("recall", case, device)


@pytest.mark.parametrize("zero_division", [0, 1])
@pytest.mark.parametrize("family", ["precision", "recall"])
@pytest.mark.parametrize(
    "case",
    [
        Case("binary", "labels", batch_size=3),
        Case("multiclass", "labels", None, num_classes=6, batch_size=4),
        Case("multilabel", "labels", "macro", num_classes=4, batch_size=2),
    ],
    ids=str,
)
def test_zero_division(family, case, zero_division, device):
    check_family(family, case, device, zero_division=zero_division)


@pytest.mark.parametrize("average", ["micro", "macro", "weighted"])
def test_against_sklearn(average):
    preds, target = torch.randint(0, 5, (60,)), torch.randint(0, 5, (60,))
    present = sorted(set(preds.tolist()) | set(target.tolist()))
    p, r, _, _ = precision_recall_fscore_support(target, preds, labels=present, average=average, zero_division=0)
    assert_close(multiclass_precision(preds, target, num_classes=5, average=average), p)
    assert_close(multiclass_recall(preds, target, num_classes=5, average=average), r)


def test_multilabel_and_binary_against_sklearn():
    preds, target = torch.randint(0, 2, (40, 4)), torch.randint(0, 2, (40, 4))
    p, r, _, _ = precision_recall_fscore_support(target, preds, average=None, zero_division=0)
    assert_close(multilabel_precision(preds, target, num_labels=4, average=None), p)
    assert_close(multilabel_recall(preds, target, num_labels=4, average=None), r)
    p, r, _, _ = precision_recall_fscore_support(target[:, 0], preds[:, 0], average="binary", zero_division=0)
    assert_close(binary_precision(preds[:, 0], target[:, 0]), p)
    assert_close(binary_recall(preds[:, 0], target[:, 0]), r)


def test_task_wrappers():
    assert type(Precision(task="multiclass", num_classes=3)) is MulticlassPrecision
    assert type(Recall(task="multiclass", num_classes=3, zero_division=1)) is MulticlassRecall
    assert Recall(task="multiclass", num_classes=3, zero_division=1).zero_division == 1
    assert np.isclose(float(Precision(task="binary")(torch.tensor([1, 0]), torch.tensor([1, 1]))), 1.0)

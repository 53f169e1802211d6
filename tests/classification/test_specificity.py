"""Specificity (true negative rate) against scikit-learn counts."""

from __future__ import annotations

import pytest
import torch
from metric_harness import assert_close
from metrics_classification import MultilabelSpecificity, Specificity
from metrics_classification.functional import binary_specificity, multilabel_specificity
from sklearn.metrics import recall_score
from stat_score_cases import CASES, check_family


@pytest.mark.parametrize("case", CASES[::2], ids=str)
def test_specificity(case, device):
    check_family("specificity", case, device)


def test_against_sklearn():
    """Specificity is the recall of the negative class."""
    preds, target = torch.randint(0, 2, (40, 3)), torch.randint(0, 2, (40, 3))
    expected = [recall_score(target[:, i], preds[:, i], pos_label=0) for i in range(3)]
    assert_close(multilabel_specificity(preds, target, num_labels=3, average=None), expected)
    assert_close(binary_specificity(preds[:, 0], target[:, 0]), expected[0])


def test_task_wrapper():
    assert type(Specificity(task="multilabel", num_labels=3)) is MultilabelSpecificity

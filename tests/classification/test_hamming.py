"""Hamming distance against scikit-learn counts and hamming_loss."""

from __future__ import annotations

import pytest
import torch
from metric_harness import assert_close
from metrics_classification import HammingDistance, MulticlassHammingDistance
from metrics_classification.functional import hamming_distance, multilabel_hamming_distance
from sklearn.metrics import hamming_loss
from stat_score_cases import CASES, check_family


@pytest.mark.parametrize("case", CASES[1::2], ids=str)
def test_hamming_distance(case, device):
    check_family("hamming", case, device)


def test_against_sklearn_hamming_loss():
    preds, target = torch.randint(0, 2, (40, 5)), torch.randint(0, 2, (40, 5))
    expected = hamming_loss(target, preds)
    assert_close(multilabel_hamming_distance(preds, target, num_labels=5, average="micro"), expected)
    assert_close(hamming_distance(preds[:, 0], target[:, 0], task="binary"), hamming_loss(target[:, 0], preds[:, 0]))


def test_task_wrapper():
    assert type(HammingDistance(task="multiclass", num_classes=3)) is MulticlassHammingDistance

"""F1 and F-beta scores against scikit-learn counts and fbeta_score / f1_score."""

from __future__ import annotations

import pytest
import torch
from metric_harness import assert_close
from metrics_classification import BinaryFBetaScore, F1Score, FBetaScore, MulticlassF1Score, MultilabelFBetaScore
from metrics_classification.functional import (
    binary_fbeta_score,
    f1_score,
    fbeta_score,
    multiclass_f1_score,
    multilabel_fbeta_score,
)
from sklearn.metrics import f1_score as sk_f1_score
from sklearn.metrics import fbeta_score as sk_fbeta_score
from stat_score_cases import CASES, Case, check_family


@pytest.mark.parametrize("case", CASES, ids=str)
def test_f1_score(case, device):
    check_family("f1", case, device)


@pytest.mark.parametrize("beta", [0.5, 2.0])
@pytest.mark.parametrize("case", CASES[1::3], ids=str)
def test_fbeta_score(case, beta, device):
    check_family("fbeta", case, device, beta=beta)


@pytest.mark.parametrize("zero_division", [0, 1])
def test_zero_division(zero_division, device):
    check_family(
        "f1", Case("multiclass", "labels", None, num_classes=6, batch_size=4), device, zero_division=zero_division
    )


@pytest.mark.parametrize("average", ["micro", "macro", "weighted"])
def test_against_sklearn(average):
    preds, target = torch.randint(0, 4, (50,)), torch.randint(0, 4, (50,))
    present = sorted(set(preds.tolist()) | set(target.tolist()))
    expected = sk_fbeta_score(target, preds, beta=2.0, labels=present, average=average, zero_division=0)
    assert_close(fbeta_score(preds, target, task="multiclass", beta=2.0, num_classes=4, average=average), expected)
    expected = sk_f1_score(target, preds, labels=present, average=average, zero_division=0)
    assert_close(multiclass_f1_score(preds, target, num_classes=4, average=average), expected)
    multilabel_preds, multilabel_target = torch.randint(0, 2, (30, 3)), torch.randint(0, 2, (30, 3))
    expected = sk_fbeta_score(multilabel_target, multilabel_preds, beta=0.5, average=average, zero_division=0)
    assert_close(multilabel_fbeta_score(multilabel_preds, multilabel_target, 0.5, 3, average=average), expected)
    expected = sk_fbeta_score(target > 1, preds > 1, beta=0.5)
    assert_close(binary_fbeta_score((preds > 1).long(), (target > 1).long(), beta=0.5), expected)
    assert_close(f1_score((preds > 1).long(), (target > 1).long(), task="binary"), sk_f1_score(target > 1, preds > 1))


def test_beta_is_validated():
    with pytest.raises(ValueError, match="`beta`"):
        BinaryFBetaScore(beta=0.0)
    with pytest.raises(ValueError, match="`beta`"):
        MultilabelFBetaScore(beta=2, num_labels=3)


def test_task_wrappers():
    metric = FBetaScore(task="multilabel", beta=2.0, num_labels=3, zero_division=1)
    assert type(metric) is MultilabelFBetaScore
    assert (metric.beta, metric.zero_division) == (2.0, 1)
    assert type(F1Score(task="multiclass", num_classes=3)) is MulticlassF1Score

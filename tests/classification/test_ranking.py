"""Multilabel ranking metrics against scikit-learn.

References: coverage_error, label_ranking_average_precision_score and label_ranking_loss.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from metrics_classification import MultilabelCoverageError, MultilabelRankingAveragePrecision, MultilabelRankingLoss
from metrics_classification.functional import (
    multilabel_coverage_error,
    multilabel_ranking_average_precision,
    multilabel_ranking_loss,
)
from sklearn.metrics import coverage_error, label_ranking_average_precision_score, label_ranking_loss

NUM_LABELS = 5
METRICS = {
    "coverage": (MultilabelCoverageError, multilabel_coverage_error, coverage_error),
    "average_precision": (
        MultilabelRankingAveragePrecision,
        multilabel_ranking_average_precision,
        label_ranking_average_precision_score,
    ),
    "loss": (MultilabelRankingLoss, multilabel_ranking_loss, label_ranking_loss),
}


def batches(ties: bool, sizes=(8, 13, 5)):
    out = []
    for size in sizes:
        preds = torch.rand(size, NUM_LABELS)
        preds = (preds * 4).round() / 4 if ties else preds
        target = torch.randint(0, 2, (size, NUM_LABELS))
        target[0] = 1  # every label relevant
        target[1] = 0  # none relevant
        out.append((preds, target))
    return out


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("name", list(METRICS))
def test_ranking(name, ties, device):
    metric, function, sklearn_function = METRICS[name]
    if name == "loss" and ties:
        pytest.skip("with tied scores the ranking loss orders ties by position (as TorchMetrics), sklearn by halves")
    check_metric(
        lambda: metric(NUM_LABELS),
        batches(ties),
        lambda p, t: sklearn_function(t, p),
        functional=lambda p, t: function(p, t, NUM_LABELS),
        device=device,
    )


@pytest.mark.parametrize("name", list(METRICS))
def test_ignored_entries_get_the_documented_score_and_target(name):
    metric, function, _ = METRICS[name]
    preds, target = torch.rand(6, NUM_LABELS), torch.randint(0, 2, (6, NUM_LABELS))
    ignored = torch.where(torch.rand(6, NUM_LABELS) < 0.3, -1, target)
    # the documented mapping (TorchMetrics'): ignored entries get score and target -4 * num_labels
    replaced = torch.where(ignored == -1, -4.0 * NUM_LABELS, preds), torch.where(ignored == -1, -4 * NUM_LABELS, target)
    expected = function(replaced[0], replaced[1], NUM_LABELS, validate_args=False)
    assert_close(function(preds, ignored, NUM_LABELS, ignore_index=-1), expected)
    assert_close(metric(NUM_LABELS, ignore_index=-1)(preds, ignored), expected)


def test_logits_extra_dimensions_and_bad_input():
    logits, target = torch.randn(4, NUM_LABELS, 3), torch.randint(0, 2, (4, NUM_LABELS, 3))
    flat_preds = logits.sigmoid().movedim(1, -1).reshape(-1, NUM_LABELS)
    flat_target = target.movedim(1, -1).reshape(-1, NUM_LABELS)
    assert_close(multilabel_coverage_error(logits, target, NUM_LABELS), coverage_error(flat_target, flat_preds))
    metric = MultilabelRankingLoss(NUM_LABELS)
    with pytest.raises(ValueError, match="target"):
        metric.update(torch.rand(2, NUM_LABELS), torch.full((2, NUM_LABELS), 2))
    with pytest.raises(ValueError, match="num_labels"):
        MultilabelRankingLoss(1)
    assert metric.update_count == 0
    assert float(metric.total) == 0


def test_only_degenerate_samples_count_one_for_the_loss():
    preds, target = torch.rand(3, NUM_LABELS), torch.ones(3, NUM_LABELS, dtype=torch.long)
    metric = MultilabelRankingLoss(NUM_LABELS)
    metric.update(preds, target)
    assert float(metric.total) == 1
    assert np.isclose(float(metric.compute()), 0.0)

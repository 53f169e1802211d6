"""Stat-score metrics in a MetricCollection: shared states only where the counting arguments agree."""

from __future__ import annotations

import torch
from metric_harness import assert_close
from metrics_classification import (
    MulticlassAccuracy,
    MulticlassF1Score,
    MulticlassPrecision,
    MulticlassRecall,
    MulticlassSpecificity,
)
from metrics_core import MetricCollection


def _metrics() -> dict:
    return {
        "acc": MulticlassAccuracy(num_classes=3),
        "prec": MulticlassPrecision(num_classes=3),
        "f1_top2": MulticlassF1Score(num_classes=3, top_k=2),
        "rec_ignore0": MulticlassRecall(num_classes=3, ignore_index=0),
        "spec": MulticlassSpecificity(num_classes=3),
    }


def test_groups_follow_the_counting_arguments():
    collection = MetricCollection(_metrics())
    collection.update(torch.randn(16, 3).softmax(-1), torch.randint(3, (16,)))
    assert sorted(sorted(group) for group in collection.compute_groups.values()) == [
        ["acc", "prec", "spec"],
        ["f1_top2"],
        ["rec_ignore0"],
    ]


def test_grouped_results_equal_separate_metrics_in_update_and_forward():
    grouped, separate = MetricCollection(_metrics()), _metrics()
    for _ in range(4):
        preds, target = torch.randn(32, 3).softmax(-1), torch.randint(3, (32,))
        batch_values = grouped(preds, target)
        for name, metric in separate.items():
            assert_close(batch_values[name], metric(preds, target), where=name)
    results = grouped.compute()
    for name, metric in separate.items():
        assert_close(results[name], metric.compute(), where=name)


def test_scores_with_states_of_the_same_names_never_share_them():
    """Hinge losses squared or not, and the three ranking scores, agree on all-negative zero scores."""
    from metrics_classification import (
        BinaryHingeLoss,
        MultilabelCoverageError,
        MultilabelRankingAveragePrecision,
        MultilabelRankingLoss,
    )
    from metrics_core import MetricCollection

    hinge = MetricCollection({"plain": BinaryHingeLoss(), "squared": BinaryHingeLoss(squared=True)})
    for _ in range(2):
        hinge.update(torch.zeros(4), torch.zeros(4, dtype=torch.long))  # every loss is 1, squared or not
    assert len(hinge.compute_groups) == 2
    ranking = MetricCollection(
        [MultilabelCoverageError(3), MultilabelRankingAveragePrecision(3), MultilabelRankingLoss(3)]
    )
    for _ in range(2):
        ranking.update(torch.rand(4, 3), torch.randint(0, 2, (4, 3)))
    assert len(ranking.compute_groups) == 3

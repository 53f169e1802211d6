"""The seeds' MetricCollection and wrapper examples (seeds 000 and 002), with the outputs they print."""

from __future__ import annotations

import pytest
import torch

classification = pytest.importorskip(
    "metrics_classification", reason="the seed examples need the classification metrics (metrics-classification)"
)
from metrics_core import MetricCollection  # noqa: E402
from metrics_core.wrappers import BootStrapper, ClasswiseWrapper  # noqa: E402

MulticlassAccuracy = classification.MulticlassAccuracy
MulticlassPrecision = classification.MulticlassPrecision
MulticlassRecall = classification.MulticlassRecall

TARGET = torch.tensor([0, 2, 0, 2, 0, 1, 0, 2])
PREDS = torch.tensor([2, 1, 2, 0, 1, 2, 2, 2])


def rounded(values: dict[str, torch.Tensor]) -> dict[str, float]:
    return {key: round(float(value), 4) for key, value in values.items()}


def test_collection_of_accuracy_precision_recall():
    metric_collection = MetricCollection(
        [
            MulticlassAccuracy(num_classes=3, average="micro"),
            MulticlassPrecision(num_classes=3, average="macro"),
            MulticlassRecall(num_classes=3, average="macro"),
        ]
    )
    out = metric_collection(PREDS, TARGET)
    assert str(out) == (
        "{'MulticlassAccuracy': tensor(0.1250), 'MulticlassPrecision': tensor(0.0667),"
        " 'MulticlassRecall': tensor(0.1111)}"
    )


def test_dict_collection_and_its_clone():
    metrics = MetricCollection(
        {
            "micro_recall": MulticlassRecall(num_classes=3, average="micro"),
            "macro_recall": MulticlassRecall(num_classes=3, average="macro"),
        }
    )
    same_metric = metrics.clone()
    assert str(metrics(PREDS, TARGET)) == "{'macro_recall': tensor(0.1111), 'micro_recall': tensor(0.1250)}"
    assert str(same_metric(PREDS, TARGET)) == "{'macro_recall': tensor(0.1111), 'micro_recall': tensor(0.1250)}"


def test_nested_collections_with_prefix_and_postfix():
    metrics = MetricCollection(
        [
            MetricCollection(
                [
                    MulticlassAccuracy(num_classes=3, average="macro"),
                    MulticlassPrecision(num_classes=3, average="macro"),
                ],
                postfix="_macro",
            ),
            MetricCollection(
                [
                    MulticlassAccuracy(num_classes=3, average="micro"),
                    MulticlassPrecision(num_classes=3, average="micro"),
                ],
                postfix="_micro",
            ),
        ],
        prefix="valmetrics/",
    )
    assert rounded(metrics(PREDS, TARGET)) == {
        "valmetrics/MulticlassAccuracy_macro": 0.1111,
        "valmetrics/MulticlassPrecision_macro": 0.0667,
        "valmetrics/MulticlassAccuracy_micro": 0.125,
        "valmetrics/MulticlassPrecision_micro": 0.125,
    }


def test_manual_compute_groups():
    regression = pytest.importorskip("metrics_regression", reason="the example uses MeanSquaredError")
    metrics = MetricCollection(
        MulticlassRecall(num_classes=3, average="macro"),
        MulticlassPrecision(num_classes=3, average="macro"),
        regression.MeanSquaredError(),
        compute_groups=[["MulticlassRecall", "MulticlassPrecision"], ["MeanSquaredError"]],
    )
    metrics.update(PREDS, TARGET)
    assert rounded(metrics.compute()) == {
        "MulticlassRecall": 0.1111,
        "MulticlassPrecision": 0.0667,
        "MeanSquaredError": 2.375,
    }
    assert metrics.compute_groups == {0: ["MulticlassRecall", "MulticlassPrecision"], 1: ["MeanSquaredError"]}


def test_automatic_compute_groups_share_the_stat_scores():
    metrics = MetricCollection(
        [
            MulticlassAccuracy(num_classes=3, average="macro"),
            MulticlassPrecision(num_classes=3, average="macro"),
            MulticlassRecall(num_classes=3, average="macro"),
        ]
    )
    metrics.update(PREDS, TARGET)
    assert metrics.compute_groups == {0: ["MulticlassAccuracy", "MulticlassPrecision", "MulticlassRecall"]}
    assert rounded(metrics(PREDS, TARGET)) == {
        "MulticlassAccuracy": 0.1111,
        "MulticlassPrecision": 0.0667,
        "MulticlassRecall": 0.1111,
    }


def test_classwise_wrapper():
    base_metric = MulticlassAccuracy(num_classes=3, average=None)
    wrapped_metric = ClasswiseWrapper(base_metric, labels=["cat", "dog", "fish"])
    assert str(base_metric(PREDS, TARGET)) == "tensor([0.0000, 0.0000, 0.3333])"
    assert str(wrapped_metric(PREDS, TARGET)) == (
        "{'multiclassaccuracy_cat': tensor(0.), 'multiclassaccuracy_dog': tensor(0.),"
        " 'multiclassaccuracy_fish': tensor(0.3333)}"
    )


def test_bootstrapper_returns_mean_and_std():
    # The seed prints {'mean': tensor(0.1476), 'std': tensor(0.0613)} from an unstated random state; with a
    # fixed seed the resampling matches TorchMetrics' draw for draw, so the keys and the range are what we check.
    torch.manual_seed(42)
    wrapped_metric = BootStrapper(MulticlassAccuracy(num_classes=3))
    out = wrapped_metric(PREDS, TARGET)
    assert list(out) == ["mean", "std"]
    assert 0.0 <= float(out["mean"]) <= 1.0
    assert float(out["std"]) >= 0.0

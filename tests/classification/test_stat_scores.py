"""Stat scores against scikit-learn's confusion matrices; input validation and state safety of the whole family."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from metric_harness import assert_close
from metrics_classification import (
    BinaryAccuracy,
    BinaryF1Score,
    BinaryStatScores,
    MulticlassAccuracy,
    MulticlassConfusionMatrix,
    MulticlassExactMatch,
    MulticlassFBetaScore,
    MulticlassPrecision,
    MulticlassStatScores,
    MultilabelAccuracy,
    MultilabelConfusionMatrix,
    MultilabelPrecision,
    MultilabelStatScores,
    StatScores,
)
from metrics_classification.functional import (
    accuracy,
    binary_accuracy,
    binary_stat_scores,
    multiclass_accuracy,
    multiclass_stat_scores,
    multilabel_accuracy,
    multilabel_precision,
    multilabel_stat_scores,
)
from metrics_classification.functional.stat_scores import TensorValueError
from stat_score_cases import CASES, Case, check_family


@pytest.mark.parametrize("case", CASES, ids=str)
def test_stat_scores(case, device):
    check_family("stat_scores", case, device)


@pytest.mark.parametrize(
    "case",
    [
        Case("binary", "logits", extra=(2,), ignore_index=-100, batch_size=20_000),
        Case("multiclass", "logits", "macro", ignore_index=-100, batch_size=40_000),
        Case("multilabel", "probs", "micro", batch_size=15_000),
    ],
    ids=str,
)
def test_large_batches(case, device):
    """Large batches are counted with ``bincount`` rather than ``index_add_`` on the CPU: same counts."""
    check_family("stat_scores", case, device)


def test_dtypes_and_shapes():
    preds, target = torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0])
    micro = multiclass_stat_scores(preds, target, num_classes=3, average="micro")
    assert micro.dtype == torch.long
    assert micro.tolist() == [3, 1, 7, 1, 4]
    assert multiclass_stat_scores(preds, target, num_classes=3, average=None).shape == (3, 5)
    assert multiclass_stat_scores(preds, target, num_classes=3, average="macro").dtype == torch.float32
    assert binary_stat_scores(preds.clamp(max=1), target.clamp(max=1)).tolist() == [2, 1, 1, 0, 2]
    samplewise = multilabel_stat_scores(
        torch.rand(4, 3, 5), torch.randint(0, 2, (4, 3, 5)), 3, average=None, multidim_average="samplewise"
    )
    assert samplewise.shape == (4, 3, 5)


def _one_sample_multilabel_stats(preds: np.ndarray, target: np.ndarray) -> np.ndarray:
    """[tp, fp, tn, fn, support] per label of one multilabel sample (L, X) of 0/1 labels: (L, 5)."""
    tp = ((preds == 1) & (target == 1)).sum(-1)
    fp = ((preds == 1) & (target == 0)).sum(-1)
    tn = ((preds == 0) & (target == 0)).sum(-1)
    fn = ((preds == 0) & (target == 1)).sum(-1)
    return np.stack([tp, fp, tn, fn, tp + fn], axis=-1)


@pytest.mark.parametrize("average", ["micro", "macro", None])
def test_multilabel_samplewise_single_sample_drops_the_sample_dimension(average):
    """Per-sample multilabel results of one sample have no sample dimension (as binary ones), as in TorchMetrics."""
    preds, target = torch.randint(0, 2, (1, 3, 4)), torch.randint(0, 2, (1, 3, 4))
    stats = _one_sample_multilabel_stats(preds[0].numpy(), target[0].numpy())
    expected = {"micro": stats.sum(0), "macro": stats.mean(0), None: stats}[average]
    kwargs = {"num_labels": 3, "average": average, "multidim_average": "samplewise"}
    assert_close(multilabel_stat_scores(preds, target, **kwargs), expected)
    assert_close(MultilabelStatScores(**kwargs)(preds, target), expected)
    precision = multilabel_precision(preds, target, **kwargs)
    tp, fp = stats[:, 0], stats[:, 1]
    per_label = np.divide(tp, tp + fp, out=np.zeros(3), where=tp + fp > 0)
    micro = tp.sum() / max(tp.sum() + fp.sum(), 1)
    assert_close(precision, {"micro": micro, "macro": per_label.mean(), None: per_label}[average])
    assert precision.shape == (() if average else (3,))
    metric = MultilabelPrecision(**kwargs)
    metric.update(preds, target)
    metric.update(preds, target)
    assert metric.compute().shape == ((2,) if average else (2, 3))


def test_task_wrapper():
    metric = StatScores(task="multiclass", num_classes=3)
    assert type(metric) is MulticlassStatScores
    assert isinstance(StatScores(task="binary"), BinaryStatScores)
    assert isinstance(StatScores(task="multilabel", num_labels=2), MultilabelStatScores)


# --------------------------------------------------------------------------------------- bad input
BAD_INPUTS = [
    # (function, preds, target, kwargs, argument named in the message)
    (binary_accuracy, torch.rand(4, 2), torch.randint(0, 2, (4,)), {}, "shape"),
    (binary_accuracy, torch.rand(4), torch.tensor([0, 1, 2, 1]), {}, "`target`"),
    (binary_accuracy, torch.rand(4), torch.tensor([0.0, 1.0, 0.5, 1.0]), {}, "`target`"),
    (binary_accuracy, torch.tensor([0, 1, 3, 1]), torch.tensor([0, 1, 1, 1]), {}, "`preds`"),
    (binary_accuracy, torch.tensor([0.2, float("nan"), 0.1, 0.9]), torch.tensor([0, 1, 1, 0]), {}, "NaN"),
    (binary_accuracy, torch.rand(4), torch.randint(0, 2, (4,)), {"multidim_average": "samplewise"}, "samplewise"),
    (multiclass_accuracy, torch.randn(4, 3), torch.randint(0, 3, (4, 2)), {"num_classes": 3}, "shape"),
    (multiclass_accuracy, torch.randn(4, 4), torch.randint(0, 3, (4,)), {"num_classes": 3}, "num_classes=3"),
    (multiclass_accuracy, torch.randn(4, 3, 2, 2), torch.randint(0, 3, (4,)), {"num_classes": 3}, "shape"),
    (multiclass_accuracy, torch.randn(4, 3), torch.tensor([0, 1, 3, 2]), {"num_classes": 3}, "`target`"),
    (multiclass_accuracy, torch.randn(4, 3), torch.tensor([0, 1, -1, 2]), {"num_classes": 3}, "`target`"),
    (multiclass_accuracy, torch.randn(4, 3), torch.tensor([0.0, 1.5, 2.0, 1.0]), {"num_classes": 3}, "`target`"),
    (multiclass_accuracy, torch.tensor([0, 1, 5, 2]), torch.tensor([0, 1, 2, 2]), {"num_classes": 3}, "`preds`"),
    (multiclass_accuracy, torch.tensor([0, 1, 2]), torch.tensor([0, 1, 2]), {"num_classes": 3, "top_k": 2}, "top_k"),
    (multiclass_accuracy, torch.full((2, 3), float("nan")), torch.tensor([0, 1]), {"num_classes": 3}, "NaN"),
    (multilabel_accuracy, torch.rand(4, 2), torch.randint(0, 2, (4, 2)), {"num_labels": 3}, "num_labels=3"),
    (multilabel_accuracy, torch.rand(4, 3), torch.randint(0, 3, (4, 3)) + 1, {"num_labels": 3}, "`target`"),
]
BAD_ARGUMENTS = [
    (lambda: BinaryAccuracy(threshold=1.5), "`threshold`"),
    (lambda: BinaryAccuracy(threshold=1), "`threshold`"),
    (lambda: BinaryAccuracy(multidim_average="per_sample"), "`multidim_average`"),
    (lambda: BinaryAccuracy(ignore_index=0.5), "`ignore_index`"),
    (lambda: BinaryF1Score(zero_division=2), "`zero_division`"),
    (lambda: MulticlassAccuracy(num_classes=1), "`num_classes`"),
    (lambda: MulticlassAccuracy(num_classes=3.0), "`num_classes`"),
    (lambda: MulticlassAccuracy(), "`num_classes`"),
    (lambda: MulticlassAccuracy(num_classes=3, top_k=4), "`top_k`"),
    (lambda: MulticlassAccuracy(num_classes=3, top_k=0), "`top_k`"),
    (lambda: MulticlassAccuracy(num_classes=3, average="mean"), "`average`"),
    (lambda: MultilabelAccuracy(num_labels=1), "`num_labels`"),
    (lambda: MulticlassFBetaScore(beta=-1.0, num_classes=3), "`beta`"),
    (lambda: MulticlassExactMatch(num_classes=1), "`num_classes`"),
    (lambda: StatScores(task="multi-class", num_classes=3), "`task`"),
    (lambda: StatScores(task="multiclass"), "`num_classes`"),
    (lambda: accuracy(torch.rand(3), torch.ones(3), task="binaryy"), "`task`"),
    (lambda: MulticlassAccuracy(num_classes=3, unknown=1), "unknown"),
]


@pytest.mark.parametrize(("function", "preds", "target", "kwargs", "named"), BAD_INPUTS)
def test_bad_input_raises_value_error(function, preds, target, kwargs, named):
    with pytest.raises(ValueError, match=named):
        function(preds, target, **kwargs)


@pytest.mark.parametrize(("build", "named"), BAD_ARGUMENTS)
def test_bad_arguments_raise_value_error(build, named):
    with pytest.raises(ValueError, match=named):
        build()


def test_value_errors_are_runtime_errors_too():
    """TorchMetrics raises RuntimeError for bad tensor values; code catching that keeps working."""
    with pytest.raises(RuntimeError):
        binary_accuracy(torch.rand(3), torch.tensor([0, 2, 1]))
    assert issubclass(TensorValueError, ValueError)


def test_wrong_types_raise_type_error():
    with pytest.raises(TypeError, match="`preds`"):
        binary_accuracy([0.1, 0.9], torch.tensor([0, 1]))


@pytest.mark.parametrize(
    ("build", "named"),
    [
        (lambda: MulticlassAccuracy(num_classes=3.0), "num_classes"),
        (lambda: MulticlassPrecision(num_classes=True), "num_classes"),
        (lambda: MulticlassAccuracy(num_classes=3, top_k=None), "top_k"),
        (lambda: MultilabelStatScores(num_labels=None), "num_labels"),
        (lambda: MulticlassConfusionMatrix(num_classes="3"), "num_classes"),
        (lambda: MultilabelConfusionMatrix(num_labels=2.0), "num_labels"),
    ],
)
def test_count_arguments_of_a_wrong_type_raise_type_and_value_errors(build, named):
    """A count of another type than int is both a TypeError (as TorchMetrics fails) and a ValueError."""
    with pytest.raises(TypeError, match=f"`{named}`") as error:
        build()
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    ("metric", "good", "bad"),
    [
        (BinaryAccuracy(), (torch.rand(6), torch.randint(0, 2, (6,))), (torch.rand(6), torch.full((6,), 3))),
        (
            MulticlassPrecision(num_classes=3, average=None),
            (torch.randn(6, 3), torch.randint(0, 3, (6,))),
            (torch.randn(6, 3), torch.tensor([0, 1, 2, 3, 0, 1])),
        ),
        (
            MulticlassAccuracy(num_classes=3, average="micro"),
            (torch.randint(0, 3, (6,)), torch.randint(0, 3, (6,))),
            (torch.randn(6, 3), torch.randint(0, 3, (5,))),
        ),
        (
            MultilabelAccuracy(num_labels=2, multidim_average="samplewise"),
            (torch.rand(4, 2, 3), torch.randint(0, 2, (4, 2, 3))),
            (torch.full((4, 2, 3), float("nan")), torch.randint(0, 2, (4, 2, 3))),
        ),
        (
            MulticlassExactMatch(num_classes=3),
            (torch.randint(0, 3, (4, 2)), torch.randint(0, 3, (4, 2))),
            (torch.randint(0, 3, (4, 2)), torch.full((4, 2), 7)),
        ),
    ],
    ids=["binary", "multiclass", "micro", "multilabel-samplewise", "exact-match"],
)
def test_rejected_update_leaves_state_unchanged(metric, good, bad):
    metric.update(*good)
    metric(*good)
    before = {
        name: [v.clone() for v in value] if isinstance(value, list) else value.clone()
        for name, value in metric.metric_state.items()
    }
    expected = metric.compute()
    for call in (metric.update, metric):
        with pytest.raises(ValueError, match="Expected"):
            call(*bad)
    for name, value in metric.metric_state.items():
        assert_close(
            torch.cat(value) if isinstance(value, list) else value,
            torch.cat(before[name]) if isinstance(before[name], list) else before[name],
            where=name,
        )
    assert metric.update_count == 2
    assert_close(metric.compute(), expected)


@pytest.mark.parametrize(
    ("metric_class", "kwargs", "inputs"),
    [
        (BinaryAccuracy, {}, (torch.randn(10, 3), torch.randint(0, 2, (10, 3)))),
        (MulticlassPrecision, {"num_classes": 4}, (torch.randn(10, 4), torch.randint(0, 4, (10,)))),
        (MultilabelAccuracy, {"num_labels": 3, "average": "micro"}, (torch.rand(10, 3), torch.randint(0, 2, (10, 3)))),
    ],
)
def test_validate_args_false_gives_the_same_values(metric_class, kwargs, inputs):
    checked, unchecked = metric_class(**kwargs), metric_class(**kwargs, validate_args=False)
    assert_close(unchecked(*inputs), checked(*inputs))
    assert_close(unchecked.compute(), checked.compute())


def test_validate_args_false_skips_the_value_checks():
    # unvalidated, a NaN on the CPU makes the batch count as logits (sigmoid applied), as in TorchMetrics
    preds, target = torch.tensor([0.2, float("nan"), 0.9]), torch.tensor([0, 1, 1])
    assert_close(binary_accuracy(preds, target, validate_args=False), 1 / 3)


def test_input_on_another_device_than_the_states(device):
    other = torch.device("meta") if device.type == "cpu" else torch.device("cpu")
    metric = MulticlassAccuracy(num_classes=3).to(device)
    with pytest.raises(ValueError, match=f"{other.type}.*{device.type}|{device.type}.*{other.type}"):
        metric.update(torch.randint(0, 3, (4,), device=other), torch.randint(0, 3, (4,), device=other))
    assert metric.update_count == 0

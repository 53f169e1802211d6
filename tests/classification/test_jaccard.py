"""Jaccard index against scikit-learn's jaccard_score (and a NumPy formula for masked multilabel entries)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from confmat_cases import binary_labels, make_batches, multiclass_labels, multilabel_counts, multilabel_labels
from metric_harness import assert_close, check_metric
from metrics_classification import BinaryJaccardIndex, JaccardIndex, MulticlassJaccardIndex, MultilabelJaccardIndex
from metrics_classification.functional import (
    binary_jaccard_index,
    jaccard_index,
    multiclass_jaccard_index,
    multilabel_jaccard_index,
)
from sklearn.metrics import jaccard_score

AVERAGES = ["micro", "macro", "weighted", "none", None]


def _divide(num: np.ndarray, denom: np.ndarray, zero_division: float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom != 0, num / denom, zero_division)


@pytest.mark.parametrize("zero_division", [0.0, 1.0])
@pytest.mark.parametrize(
    ("mode", "extra", "ignore_index", "threshold"),
    [("labels", (), None, 0.5), ("probs", (3,), -1, 0.5), ("logits", (), 0, 0.5), ("probs", (), None, 0.8)],
)
def test_binary_jaccard_index(device, zero_division, mode, extra, ignore_index, threshold):
    def reference(preds, target):
        preds, target = binary_labels(preds, target, threshold, ignore_index)
        return jaccard_score(target, preds, average="binary", zero_division=zero_division)

    args = {"threshold": threshold, "ignore_index": ignore_index, "zero_division": zero_division}
    check_metric(
        lambda: BinaryJaccardIndex(**args),
        make_batches("binary", mode, extra=extra, ignore_index=ignore_index),
        reference,
        functional=lambda p, t: binary_jaccard_index(p, t, **args),
        device=device,
    )


@pytest.mark.parametrize("average", AVERAGES)
@pytest.mark.parametrize(
    ("mode", "extra", "ignore_index", "zero_division"),
    [("labels", (), None, 0.0), ("probs", (), -100, 1.0), ("logits", (2,), 1, 0.0), ("labels", (), 0, 1.0)],
)
def test_multiclass_jaccard_index(device, average, mode, extra, ignore_index, zero_division):
    num_classes = 5  # some classes stay absent from small batches: macro leaves them out

    def reference(preds, target):
        preds, target = multiclass_labels(preds, target, ignore_index)
        classes = [c for c in range(num_classes) if c != ignore_index]
        if average == "macro":
            present = np.union1d(preds, target)
            classes = [c for c in classes if c in present]
        labels = classes if average in ("micro", "macro") else list(range(num_classes))
        sk_average = None if average == "none" else average
        return jaccard_score(target, preds, labels=labels, average=sk_average, zero_division=zero_division)

    args = {
        "num_classes": num_classes,
        "average": average,
        "ignore_index": ignore_index,
        "zero_division": zero_division,
    }
    check_metric(
        lambda: MulticlassJaccardIndex(**args),
        make_batches("multiclass", mode, num_classes, extra=extra, ignore_index=ignore_index, batch_size=6),
        reference,
        functional=lambda p, t: multiclass_jaccard_index(p, t, **args),
        device=device,
    )


def _multilabel_jaccard(counts: np.ndarray, average: str | None, zero_division: float) -> np.ndarray:
    tp, fp, fn = counts[:, 1, 1], counts[:, 0, 1], counts[:, 1, 0]
    if average == "micro":
        return _divide(tp.sum(), (tp + fp + fn).sum(), zero_division)
    scores = _divide(tp, tp + fp + fn, zero_division)
    if average == "macro":
        return scores.mean()
    if average == "weighted":
        support = tp + fn
        return (scores * support).sum() / support.sum()
    return scores


@pytest.mark.parametrize("average", AVERAGES)
@pytest.mark.parametrize(
    ("mode", "extra", "ignore_index", "zero_division"),
    [("labels", (), None, 0.0), ("probs", (2,), -1, 1.0), ("logits", (), None, 0.5)],
)
def test_multilabel_jaccard_index(device, average, mode, extra, ignore_index, zero_division):
    num_labels = 3

    def reference(preds, target):
        counts = multilabel_counts(*multilabel_labels(preds, target, 0.5, ignore_index))
        return _multilabel_jaccard(counts, average, zero_division)

    args = {"num_labels": num_labels, "average": average, "ignore_index": ignore_index, "zero_division": zero_division}
    check_metric(
        lambda: MultilabelJaccardIndex(**args),
        make_batches("multilabel", mode, num_labels, extra=extra, ignore_index=ignore_index),
        reference,
        functional=lambda p, t: multilabel_jaccard_index(p, t, **args),
        device=device,
    )


@pytest.mark.parametrize("average", ["micro", "macro", "weighted", None])
def test_multilabel_matches_sklearn(average):
    preds, target = make_batches("multilabel", "probs", 4, num_batches=1, batch_size=40)[0]
    expected = jaccard_score(target.numpy(), (preds > 0.5).long().numpy(), average=average)
    assert_close(multilabel_jaccard_index(preds, target, num_labels=4, average=average), expected)


@pytest.mark.parametrize("average", ["micro", "macro"])
def test_multilabel_function_leaves_out_label_ignore_index(average):
    """As in TorchMetrics 1.9: the function (not the class) also drops label ``ignore_index`` from macro/micro."""
    preds, target = make_batches("multilabel", "labels", 3, ignore_index=1, num_batches=1, batch_size=30)[0]
    counts = multilabel_counts(*multilabel_labels(preds.numpy(), target.numpy(), 0.5, 1))
    class_value = MultilabelJaccardIndex(num_labels=3, average=average, ignore_index=1)(preds, target)
    assert_close(class_value, _multilabel_jaccard(counts, average, 0.0))
    function_value = multilabel_jaccard_index(preds, target, num_labels=3, average=average, ignore_index=1)
    assert_close(function_value, _multilabel_jaccard(counts[[0, 2]], average, 0.0))


def test_empty_union_and_nan_averages():
    nothing = torch.tensor([0, 0, 0])
    assert_close(binary_jaccard_index(nothing, nothing), 0.0)
    assert_close(binary_jaccard_index(nothing, nothing, zero_division=1.0), 1.0)
    everything_ignored = torch.tensor([-1, -1, -1])
    assert multiclass_jaccard_index(nothing, everything_ignored, 3, ignore_index=-1).isnan()
    assert multiclass_jaccard_index(nothing, everything_ignored, 3, average="weighted", ignore_index=-1).isnan()
    per_class = multiclass_jaccard_index(nothing, torch.tensor([0, 0, 1]), 3, average="none", zero_division=0.5)
    assert_close(per_class, [2 / 3, 0.0, 0.5])


def test_task_wrapper():
    preds, target = torch.tensor([0, 2, 1, 2]), torch.tensor([0, 1, 1, 2])
    assert type(JaccardIndex(task="binary", zero_division=1.0)) is BinaryJaccardIndex
    metric = JaccardIndex(task="multiclass", num_classes=3, average="micro")
    assert type(metric) is MulticlassJaccardIndex
    assert metric.average == "micro"
    assert_close(metric(preds, target), jaccard_index(preds, target, "multiclass", num_classes=3, average="micro"))
    metric = JaccardIndex(task="multilabel", num_labels=2, threshold=0.3, average=None)
    assert (type(metric), metric.threshold, metric.average) == (MultilabelJaccardIndex, 0.3, None)
    with pytest.raises(ValueError, match="num_labels"):
        JaccardIndex(task="multilabel")


@pytest.mark.parametrize(
    ("factory", "match"),
    [
        (lambda: MulticlassJaccardIndex(num_classes=3, average="binary"), "average"),
        (lambda: MultilabelJaccardIndex(num_labels=3, average="samples"), "average"),
        (lambda: BinaryJaccardIndex(zero_division="one"), "zero_division"),
        (lambda: MulticlassJaccardIndex(num_classes=0), "num_classes"),
        (lambda: BinaryJaccardIndex(threshold=2.0), "threshold"),
    ],
)
def test_bad_arguments(factory, match):
    with pytest.raises(ValueError, match=match):
        factory()


def test_bad_input_leaves_state_unchanged():
    metric = MulticlassJaccardIndex(num_classes=3)
    metric.update(torch.tensor([0, 1, 2]), torch.tensor([0, 1, 1]))
    before = metric.confmat.clone()
    with pytest.raises(ValueError, match="target"):
        metric.update(torch.tensor([0, 1]), torch.tensor([0, 7]))
    assert torch.equal(metric.confmat, before)
    assert_close(metric.compute(), (1 + 0.5 + 0) / 3)


def test_validate_args_false_gives_same_value():
    preds, target = make_batches("binary", "logits", extra=(4,), ignore_index=-1, num_batches=1)[0]
    expected = binary_jaccard_index(preds, target, ignore_index=-1)
    assert_close(binary_jaccard_index(preds, target, ignore_index=-1, validate_args=False), expected)
    metric = BinaryJaccardIndex(ignore_index=-1, validate_args=False)
    assert_close(metric(preds, target), expected)

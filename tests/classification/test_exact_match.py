"""Exact match against a NumPy reference (and scikit-learn's subset accuracy)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from metrics_classification import ExactMatch, MulticlassExactMatch, MultilabelExactMatch
from metrics_classification.functional import exact_match, multiclass_exact_match, multilabel_exact_match
from sklearn.metrics import accuracy_score


def _batches(kind, mode, extra, ignore_index, num_batches=3, n=8, c=3):
    out = []
    for _ in range(num_batches):
        if kind == "multiclass":
            target = torch.randint(0, c, (n, *extra))
            preds = torch.randn(n, c, *extra) if mode == "scores" else torch.randint(0, c, (n, *extra))
            preds = torch.where(torch.rand(target.shape) < 0.6, target, preds) if mode == "labels" else preds
        else:
            target = torch.randint(0, 2, (n, c, *extra))
            preds = torch.rand(n, c, *extra) if mode == "scores" else torch.randint(0, 2, (n, c, *extra))
            preds = torch.where(torch.rand(target.shape) < 0.7, target, preds) if mode == "labels" else preds
        if ignore_index is not None:
            target = target.masked_fill(torch.rand(target.shape) < 0.2, ignore_index)
        out.append((preds, target))
    return out


def _reference(kind, multidim_average, ignore_index, threshold=0.5):
    def reference(preds, target):
        if kind == "multiclass":
            labels = preds.argmax(1) if preds.ndim == target.ndim + 1 else preds
            right = (labels == target) | (target == ignore_index)
            right = right.reshape(len(right), -1).all(1)  # every position of a sample
            return right.astype(np.float64) if multidim_average == "samplewise" else right.mean()
        labels = preds > threshold if preds.dtype.kind == "f" else preds
        right = ((labels == target) | (target == ignore_index)).all(1)  # every label of a position
        return right.reshape(len(right), -1).mean(1) if multidim_average == "samplewise" else right.mean()

    return reference


@pytest.mark.parametrize(
    ("kind", "mode", "multidim_average", "extra", "ignore_index"),
    [
        ("multiclass", "labels", "global", (), None),
        ("multiclass", "scores", "global", (3,), -100),
        ("multiclass", "labels", "samplewise", (2,), 0),
        ("multilabel", "labels", "global", (), None),
        ("multilabel", "scores", "global", (2,), -100),
        ("multilabel", "labels", "samplewise", (3,), None),
    ],
)
def test_exact_match(kind, mode, multidim_average, extra, ignore_index, device):
    if kind == "multiclass":
        args = {"num_classes": 3, "multidim_average": multidim_average, "ignore_index": ignore_index}
        factory, function = MulticlassExactMatch, multiclass_exact_match
    else:
        args = {"num_labels": 3, "multidim_average": multidim_average, "ignore_index": ignore_index}
        factory, function = MultilabelExactMatch, multilabel_exact_match
    check_metric(
        lambda: factory(**args),
        _batches(kind, mode, extra, ignore_index),
        _reference(kind, multidim_average, ignore_index),
        functional=lambda preds, target: function(preds, target, **args),
        device=device,
    )


def test_against_sklearn_subset_accuracy():
    preds, target = torch.randint(0, 2, (30, 3)), torch.randint(0, 2, (30, 3))
    preds[:15] = target[:15]
    assert_close(multilabel_exact_match(preds, target, num_labels=3), accuracy_score(target, preds))
    assert_close(exact_match(preds, target, task="multilabel", num_labels=3), accuracy_score(target, preds))


def test_unvalidated_two_dimensional_samplewise_multilabel():
    """Without validation, (N, L) inputs with multidim_average='samplewise' give each sample's 0/1 match."""
    preds, target = torch.tensor([[0, 1, 1], [1, 0, 0]]), torch.tensor([[0, 1, 1], [1, 1, 0]])
    expected = np.all(preds.numpy() == target.numpy(), axis=1).astype(float)
    kwargs = {"num_labels": 3, "multidim_average": "samplewise", "validate_args": False}
    assert_close(multilabel_exact_match(preds, target, **kwargs), expected)
    assert_close(MultilabelExactMatch(**kwargs)(preds, target), expected)


def test_task_wrapper():
    assert type(ExactMatch(task="multiclass", num_classes=3)) is MulticlassExactMatch
    assert type(ExactMatch(task="multilabel", num_labels=3, threshold=0.3)) is MultilabelExactMatch
    with pytest.raises(ValueError, match="`task`"):
        ExactMatch(task="binary")

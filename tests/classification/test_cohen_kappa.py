"""Cohen's kappa against scikit-learn's cohen_kappa_score."""

from __future__ import annotations

import pytest
import torch
from confmat_cases import binary_labels, make_batches, multiclass_labels
from metric_harness import assert_close, check_metric
from metrics_classification import BinaryCohenKappa, CohenKappa, MulticlassCohenKappa
from metrics_classification.functional import binary_cohen_kappa, cohen_kappa, multiclass_cohen_kappa
from sklearn.metrics import cohen_kappa_score

WEIGHTS = [None, "none", "linear", "quadratic"]


def _sklearn_weights(weights: str | None) -> str | None:
    return None if weights == "none" else weights


@pytest.mark.parametrize("weights", WEIGHTS)
@pytest.mark.parametrize(
    ("mode", "extra", "ignore_index", "threshold"),
    [("labels", (), None, 0.5), ("probs", (3,), -1, 0.4), ("logits", (), 1, 0.5)],
)
def test_binary_cohen_kappa(device, weights, mode, extra, ignore_index, threshold):
    def reference(preds, target):
        preds, target = binary_labels(preds, target, threshold, ignore_index)
        return cohen_kappa_score(target, preds, labels=[0, 1], weights=_sklearn_weights(weights))

    args = {"threshold": threshold, "weights": weights, "ignore_index": ignore_index}
    check_metric(
        lambda: BinaryCohenKappa(**args),
        make_batches("binary", mode, extra=extra, ignore_index=ignore_index),
        reference,
        functional=lambda p, t: binary_cohen_kappa(p, t, **args),
        device=device,
    )


@pytest.mark.parametrize("weights", WEIGHTS)
@pytest.mark.parametrize(
    ("mode", "extra", "ignore_index"),
    [("labels", (), None), ("probs", (), -100), ("logits", (2,), 0), ("labels", (3,), 3)],
)
def test_multiclass_cohen_kappa(device, weights, mode, extra, ignore_index):
    num_classes = 4

    def reference(preds, target):
        preds, target = multiclass_labels(preds, target, ignore_index)
        return cohen_kappa_score(target, preds, labels=list(range(num_classes)), weights=_sklearn_weights(weights))

    args = {"num_classes": num_classes, "weights": weights, "ignore_index": ignore_index}
    check_metric(
        lambda: MulticlassCohenKappa(**args),
        make_batches("multiclass", mode, num_classes, extra=extra, ignore_index=ignore_index),
        reference,
        functional=lambda p, t: multiclass_cohen_kappa(p, t, **args),
        device=device,
        atol=1e-5,
    )


def test_no_disagreement_possible_gives_nan():
    same = torch.tensor([1, 1, 1])
    assert binary_cohen_kappa(same, same).isnan()
    assert multiclass_cohen_kappa(torch.tensor([2, 2]), torch.tensor([2, 2]), num_classes=3, weights="linear").isnan()


def test_task_wrapper():
    preds, target = torch.tensor([0, 2, 1, 2]), torch.tensor([0, 1, 1, 2])
    metric = CohenKappa(task="binary", threshold=0.3, weights="linear")
    assert (type(metric), metric.threshold, metric.weights) == (BinaryCohenKappa, 0.3, "linear")
    metric = CohenKappa(task="multiclass", num_classes=3, weights="quadratic")
    assert type(metric) is MulticlassCohenKappa
    expected = cohen_kappa(preds, target, task="multiclass", num_classes=3, weights="quadratic")
    assert_close(metric(preds, target), expected)
    with pytest.raises(ValueError, match="task"):
        CohenKappa(task="multilabel", num_classes=3)
    with pytest.raises(ValueError, match="num_classes"):
        cohen_kappa(preds, target, task="multiclass")


@pytest.mark.parametrize(
    ("factory", "match"),
    [
        (lambda: BinaryCohenKappa(weights="cubic"), "weights"),
        (lambda: MulticlassCohenKappa(num_classes=3, weights="cubic"), "weights"),
        (lambda: MulticlassCohenKappa(num_classes=1), "num_classes"),
        (lambda: BinaryCohenKappa(threshold=-0.5), "threshold"),
    ],
)
def test_bad_arguments(factory, match):
    with pytest.raises(ValueError, match=match):
        factory()


def test_bad_input_leaves_state_unchanged():
    metric = MulticlassCohenKappa(num_classes=3)
    metric.update(torch.tensor([0, 1, 2]), torch.tensor([0, 1, 2]))
    before = metric.confmat.clone()
    with pytest.raises(ValueError, match="target"):
        metric.update(torch.tensor([0, 1]), torch.tensor([0, 5]))
    with pytest.raises(ValueError, match="shape"):
        metric(torch.tensor([0, 1]), torch.tensor([0, 1, 2]))
    assert torch.equal(metric.confmat, before)
    assert_close(metric.compute(), 1.0)


def test_validate_args_false_gives_same_value():
    preds, target = make_batches("binary", "logits", extra=(3,), ignore_index=-1, num_batches=1)[0]
    expected = binary_cohen_kappa(preds, target, ignore_index=-1, weights="linear")
    metric = BinaryCohenKappa(ignore_index=-1, weights="linear", validate_args=False)
    assert_close(metric(preds, target), expected)

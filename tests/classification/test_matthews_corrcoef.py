"""Matthews correlation coefficient against scikit-learn's matthews_corrcoef, and TorchMetrics' degenerate cases."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from confmat_cases import binary_labels, make_batches, multiclass_labels, multilabel_labels
from metric_harness import assert_close, check_metric
from metrics_classification import (
    BinaryMatthewsCorrCoef,
    MatthewsCorrCoef,
    MulticlassMatthewsCorrCoef,
    MultilabelMatthewsCorrCoef,
)
from metrics_classification.functional import (
    binary_matthews_corrcoef,
    matthews_corrcoef,
    multiclass_matthews_corrcoef,
    multilabel_matthews_corrcoef,
)
from sklearn.metrics import matthews_corrcoef as sk_matthews_corrcoef

# Ignoring a class of a binary problem leaves a degenerate matrix (see the degenerate tests), so only out-of-range
# ignore_index values here.
CASES = [("labels", (), None), ("probs", (3,), -1), ("logits", (), -100), ("logits", (2,), None)]


@pytest.mark.parametrize(("mode", "extra", "ignore_index"), CASES)
@pytest.mark.parametrize("threshold", [0.5, 0.3])
def test_binary_matthews_corrcoef(device, mode, extra, ignore_index, threshold):
    def reference(preds, target):
        return sk_matthews_corrcoef(*binary_labels(preds, target, threshold, ignore_index)[::-1])

    args = {"threshold": threshold, "ignore_index": ignore_index}
    check_metric(
        lambda: BinaryMatthewsCorrCoef(**args),
        make_batches("binary", mode, extra=extra, ignore_index=ignore_index),
        reference,
        functional=lambda p, t: binary_matthews_corrcoef(p, t, **args),
        device=device,
    )


@pytest.mark.parametrize(
    ("mode", "extra", "ignore_index", "num_classes"),
    [(*case, 2) for case in CASES] + [("labels", (), 2, 4), ("logits", (3,), 0, 4), ("probs", (), None, 4)],
)
def test_multiclass_matthews_corrcoef(device, mode, extra, ignore_index, num_classes):
    def reference(preds, target):
        return sk_matthews_corrcoef(*multiclass_labels(preds, target, ignore_index)[::-1])

    args = {"num_classes": num_classes, "ignore_index": ignore_index}
    check_metric(
        lambda: MulticlassMatthewsCorrCoef(**args),
        make_batches("multiclass", mode, num_classes, extra=extra, ignore_index=ignore_index),
        reference,
        functional=lambda p, t: multiclass_matthews_corrcoef(p, t, **args),
        device=device,
    )


@pytest.mark.parametrize(("mode", "extra", "ignore_index"), CASES)
def test_multilabel_matthews_corrcoef(device, mode, extra, ignore_index):
    def reference(preds, target):
        preds, target, keep = multilabel_labels(preds, target, 0.5, ignore_index)
        return sk_matthews_corrcoef(target[keep], preds[keep])

    args = {"num_labels": 3, "ignore_index": ignore_index}
    check_metric(
        lambda: MultilabelMatthewsCorrCoef(**args),
        make_batches("multilabel", mode, 3, extra=extra, ignore_index=ignore_index),
        reference,
        functional=lambda p, t: multilabel_matthews_corrcoef(p, t, **args),
        device=device,
    )


def _smoothed(tn: int, fp: int, fn: int, tp: int, numerator: float) -> float:
    """TorchMetrics' value for a 2x2 matrix with an empty row or column: epsilon added to each margin."""
    eps = float(np.finfo(np.float32).eps)
    return numerator / np.sqrt((tp + fp + eps) * (tp + fn + eps) * (tn + fp + eps) * (tn + fn + eps))


def test_degenerate_binary_matrices():
    root_eps = float(np.sqrt(np.finfo(np.float32).eps))
    perfect = binary_matthews_corrcoef(torch.tensor([1, 0, 1]), torch.tensor([1, 0, 1]))
    assert perfect.dtype == torch.long  # as in TorchMetrics 1.9
    assert perfect.item() == 1
    assert binary_matthews_corrcoef(torch.tensor([0, 1, 0]), torch.tensor([1, 0, 1])).item() == -1
    # every prediction positive: tn = fn = 0
    value = binary_matthews_corrcoef(torch.tensor([1, 1, 1]), torch.tensor([1, 0, 0]))
    assert_close(value, _smoothed(0, 2, 0, 1, root_eps * (1 - 2)))
    # every prediction negative: tp = fp = 0
    value = binary_matthews_corrcoef(torch.tensor([0, 0, 0, 0]), torch.tensor([1, 0, 0, 0]))
    assert_close(value, _smoothed(3, 0, 1, 0, root_eps * (3 - 1)))
    # every target positive, some predictions wrong: tn = fp = 0
    value = binary_matthews_corrcoef(torch.tensor([1, 0, 1]), torch.tensor([1, 1, 1]))
    assert_close(value, _smoothed(0, 0, 1, 2, root_eps * (2 - 1)))
    # nothing left after ignoring
    assert_close(binary_matthews_corrcoef(torch.tensor([1, 0]), torch.tensor([-1, -1]), ignore_index=-1), 0.0)


def test_degenerate_multiclass_matrix_gives_zero():
    assert_close(multiclass_matthews_corrcoef(torch.tensor([0, 0, 0]), torch.tensor([0, 1, 2]), num_classes=3), 0.0)
    assert_close(multiclass_matthews_corrcoef(torch.tensor([2, 2]), torch.tensor([2, 2]), num_classes=3), 0.0)


def test_accumulated_value_matches_sklearn_on_all_batches():
    batches = make_batches("multiclass", "logits", 3, num_batches=4)
    metric = MulticlassMatthewsCorrCoef(num_classes=3)
    for preds, target in batches:
        metric.update(preds, target)
    preds = torch.cat([p for p, _ in batches]).argmax(1)
    target = torch.cat([t for _, t in batches])
    assert_close(metric.compute(), sk_matthews_corrcoef(target.numpy(), preds.numpy()))


def test_task_wrapper():
    preds, target = torch.tensor([0, 2, 1, 2]), torch.tensor([0, 1, 1, 2])
    assert type(MatthewsCorrCoef(task="binary", threshold=0.2)) is BinaryMatthewsCorrCoef
    assert type(MatthewsCorrCoef(task="multilabel", num_labels=3)) is MultilabelMatthewsCorrCoef
    metric = MatthewsCorrCoef(task="multiclass", num_classes=3)
    assert type(metric) is MulticlassMatthewsCorrCoef
    assert_close(metric(preds, target), matthews_corrcoef(preds, target, task="multiclass", num_classes=3))
    with pytest.raises(ValueError, match="num_classes"):
        matthews_corrcoef(preds, target, task="multiclass")


@pytest.mark.parametrize(
    ("factory", "good", "preds", "target"),
    [
        (BinaryMatthewsCorrCoef, (torch.tensor([0, 1]),) * 2, torch.tensor([0.5, 0.2]), torch.tensor([0, 3])),
        (
            lambda: MulticlassMatthewsCorrCoef(3),
            (torch.tensor([0, 1]),) * 2,
            torch.tensor([3, 0]),
            torch.tensor([0, 1]),
        ),
        (lambda: MultilabelMatthewsCorrCoef(2), (torch.eye(2).long(),) * 2, torch.ones(2, 3), torch.ones(2, 3).long()),
    ],
)
def test_bad_input_leaves_state_unchanged(factory, good, preds, target):
    metric = factory()
    metric.update(*good)
    before = metric.confmat.clone()
    with pytest.raises(ValueError):  # noqa: PT011 (the messages differ by input kind)
        metric.update(preds, target)
    assert torch.equal(metric.confmat, before)
    assert_close(metric.compute(), 1.0)


def test_validate_args_false_gives_same_value():
    preds, target = make_batches("multilabel", "logits", 3, extra=(2,), ignore_index=-1, num_batches=1)[0]
    expected = multilabel_matthews_corrcoef(preds, target, num_labels=3, ignore_index=-1)
    unchecked = multilabel_matthews_corrcoef(preds, target, num_labels=3, ignore_index=-1, validate_args=False)
    assert_close(unchecked, expected)
    with pytest.raises(ValueError, match="num_labels"):
        MultilabelMatthewsCorrCoef(num_labels=1)

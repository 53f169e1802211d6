"""Hinge loss against scikit-learn's hinge_loss (binary, Crammer-Singer) and NumPy (squared, one-vs-all)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from metrics_classification import BinaryHingeLoss, HingeLoss, MulticlassHingeLoss
from metrics_classification.functional import binary_hinge_loss, hinge_loss, multiclass_hinge_loss
from sklearn.metrics import hinge_loss as sklearn_hinge_loss

NUM_CLASSES = 4


def kept_rows(target: np.ndarray, ignore_index: int | None) -> np.ndarray:
    return np.ones(target.shape, bool) if ignore_index is None else target != ignore_index


def binary_reference(squared: bool, ignore_index: int | None):
    def expected(preds, target):
        kept = kept_rows(target, ignore_index)
        preds, target = preds[kept], target[kept]
        if not squared:
            return sklearn_hinge_loss(target, preds)
        return np.mean(np.maximum(0, 1 - np.where(target == 1, preds, -preds)) ** 2)

    return expected


def multiclass_reference(squared: bool, mode: str, ignore_index: int | None):
    def expected(preds, target):
        kept = kept_rows(target, ignore_index)
        preds, target = preds[kept], target[kept]
        if mode == "crammer-singer" and not squared:
            return sklearn_hinge_loss(target, preds, labels=np.arange(NUM_CLASSES))
        one_hot = np.eye(NUM_CLASSES, dtype=bool)[target]
        if mode == "crammer-singer":
            margin = preds[one_hot] - np.where(one_hot, -np.inf, preds).max(1)
        else:
            margin = np.where(one_hot, preds, -preds)
        losses = np.maximum(0, 1 - margin)
        return np.mean(losses**2 if squared else losses, axis=0)

    return expected


def batches(kind: str, ignore_index: int | None, sizes=(10, 25, 6)):
    out = []
    for size in sizes:
        if kind == "binary":
            preds, target = torch.rand(size), torch.randint(0, 2, (size,))
        else:
            preds, target = torch.rand(size, NUM_CLASSES), torch.randint(0, NUM_CLASSES, (size,))
        if ignore_index is not None:
            target = torch.where(torch.rand(size) < 0.2, ignore_index, target)
            target[0] = 1
        out.append((preds, target))
    return out


@pytest.mark.parametrize("squared", [False, True])
@pytest.mark.parametrize("ignore_index", [None, -1])
def test_binary_hinge_loss(squared, ignore_index, device):
    kwargs = {"squared": squared, "ignore_index": ignore_index}
    check_metric(
        lambda: BinaryHingeLoss(**kwargs),
        batches("binary", ignore_index),
        binary_reference(squared, ignore_index),
        functional=lambda p, t: binary_hinge_loss(p, t, validate_args=True, **kwargs),
        device=device,
    )


@pytest.mark.parametrize("mode", ["crammer-singer", "one-vs-all"])
@pytest.mark.parametrize(("squared", "ignore_index"), [(False, None), (True, 2), (False, -1)])
def test_multiclass_hinge_loss(mode, squared, ignore_index, device):
    kwargs = {"squared": squared, "multiclass_mode": mode, "ignore_index": ignore_index}
    check_metric(
        lambda: MulticlassHingeLoss(NUM_CLASSES, **kwargs),
        batches("multiclass", ignore_index),
        multiclass_reference(squared, mode, ignore_index),
        functional=lambda p, t: multiclass_hinge_loss(p, t, NUM_CLASSES, validate_args=True, **kwargs),
        device=device,
    )


def test_logits_are_normalized_first():
    logits, target = torch.randn(7, NUM_CLASSES) * 3, torch.randint(0, NUM_CLASSES, (7,))
    assert_close(
        multiclass_hinge_loss(logits, target, NUM_CLASSES),
        multiclass_hinge_loss(logits.softmax(1), target, NUM_CLASSES),
    )
    binary_logits = torch.tensor([-2.0, 0.5, 3.0])
    assert_close(
        binary_hinge_loss(binary_logits, torch.tensor([0, 1, 1])),
        binary_hinge_loss(binary_logits.sigmoid(), torch.tensor([0, 1, 1])),
    )


def test_forward_is_differentiable():
    preds = torch.rand(6, NUM_CLASSES, requires_grad=True)
    value = MulticlassHingeLoss(NUM_CLASSES)(preds, torch.randint(0, NUM_CLASSES, (6,)))
    value.backward()
    assert preds.grad is not None


def test_bad_input_leaves_state_unchanged():
    metric = BinaryHingeLoss()
    metric.update(torch.tensor([0.2, 0.9]), torch.tensor([0, 1]))
    state = {name: value.clone() for name, value in metric.metric_state.items()}
    with pytest.raises(ValueError, match="target"):
        metric.update(torch.tensor([0.2, 0.9]), torch.tensor([0, 2]))
    with pytest.raises(ValueError, match="preds"):
        metric.update(torch.tensor([0, 1]), torch.tensor([0, 1]))
    for name, value in metric.metric_state.items():
        assert torch.equal(value, state[name])


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: BinaryHingeLoss(squared=1), "squared"),
        (lambda: MulticlassHingeLoss(3, multiclass_mode="ovr"), "multiclass_mode"),
        (lambda: MulticlassHingeLoss(1), "num_classes"),
        (lambda: HingeLoss(task="multilabel"), "task"),
    ],
)
def test_bad_arguments(build, match):
    with pytest.raises(ValueError, match=match):
        build()


def test_task_wrapper():
    assert type(HingeLoss(task="binary", squared=True)) is BinaryHingeLoss
    metric = HingeLoss(task="multiclass", num_classes=3, multiclass_mode="one-vs-all")
    assert metric.multiclass_mode == "one-vs-all"
    preds, target = torch.rand(5, 3), torch.randint(0, 3, (5,))
    assert_close(
        metric(preds, target), hinge_loss(preds, target, "multiclass", num_classes=3, multiclass_mode="one-vs-all")
    )


@pytest.mark.parametrize("mode", ["crammer-singer", "one-vs-all"])
def test_unvalidated_integer_scores(mode):
    preds, target = torch.randint(0, 2, (9, NUM_CLASSES)), torch.randint(0, NUM_CLASSES, (9,))
    expected = multiclass_reference(False, mode, None)(preds.numpy(), target.numpy())
    assert_close(multiclass_hinge_loss(preds, target, NUM_CLASSES, multiclass_mode=mode), expected)

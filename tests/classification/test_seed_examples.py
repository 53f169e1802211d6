"""The seed documents' classification examples, with the outputs they print."""

from __future__ import annotations

import io

import pytest
import torch
from metric_harness import assert_close
from metrics_classification import (
    Accuracy,
    BinaryAccuracy,
    MulticlassAccuracy,
    MulticlassPrecision,
    MulticlassRecall,
)

TARGET = torch.tensor([0, 2, 0, 2, 0, 1, 0, 2])
PREDS = torch.tensor([2, 1, 2, 0, 1, 2, 2, 2])


def _rasbt_batches():
    """The notebook's ten batches of ten binary labels after ``torch.manual_seed(123)``."""
    torch.manual_seed(123)
    for _ in range(10):
        y_true = torch.randint(low=0, high=2, size=(10,))
        y_pred = torch.randint(low=0, high=2, size=(10,))
        yield y_true, y_pred


def test_rasbt_running_accuracy():
    train_acc = Accuracy(task="binary")
    running = []
    for y_true, y_pred in _rasbt_batches():
        train_acc.update(y_true, y_pred)
        running.append(train_acc.compute())
    expected = [0.7000, 0.7000, 0.6333, 0.6250, 0.5800, 0.5500, 0.5571, 0.5625, 0.5556, 0.5600]
    assert_close(torch.stack(running), expected, atol=5e-5)
    assert str(train_acc.compute()) == "tensor(0.5600)"


def test_rasbt_forward_batch_accuracy():
    train_acc = BinaryAccuracy()
    batch_values = [train_acc(y_true, y_pred) for y_true, y_pred in _rasbt_batches()]
    assert_close(torch.stack(batch_values), [0.7, 0.7, 0.5, 0.6, 0.4, 0.4, 0.6, 0.6, 0.5, 0.6])
    assert str(train_acc.compute()) == "tensor(0.5600)"


def test_accuracy_needs_a_task():
    """The notebook's ``Accuracy()`` predates tasks; as in TorchMetrics 1.9 it now needs one."""
    with pytest.raises(TypeError, match="task"):
        Accuracy()


def test_classwise_accuracy():
    assert str(MulticlassAccuracy(num_classes=3, average=None)(PREDS, TARGET)) == "tensor([0.0000, 0.0000, 0.3333])"


@pytest.mark.parametrize(
    ("metric", "printed"),
    [
        (MulticlassAccuracy(num_classes=3, average="micro"), "tensor(0.1250)"),
        (MulticlassPrecision(num_classes=3, average="macro"), "tensor(0.0667)"),
        (MulticlassRecall(num_classes=3, average="macro"), "tensor(0.1111)"),
        (MulticlassAccuracy(num_classes=3, average="macro"), "tensor(0.1111)"),
        (MulticlassPrecision(num_classes=3, average="micro"), "tensor(0.1250)"),
    ],
)
def test_collection_members(metric, printed):
    assert str(metric(PREDS, TARGET)) == printed
    assert str(metric.compute()) == printed


def test_multiclass_accuracy_over_batches():
    metric = Accuracy(task="multiclass", num_classes=5)
    correct = total = 0
    for _ in range(10):
        preds = torch.randn(10, 5).softmax(dim=-1)
        target = torch.randint(5, (10,))
        assert_close(metric(preds, target), (preds.argmax(-1) == target).float().mean())
        correct, total = correct + int((preds.argmax(-1) == target).sum()), total + 10
    assert_close(metric.compute(), correct / total)


@pytest.mark.filterwarnings("ignore:The `compute` method.*before the `update` method:UserWarning")
def test_saving_and_loading_the_states(device):
    """Loaded states compute the same value (the update count is not a state, hence the warning)."""
    metric = MulticlassAccuracy(num_classes=5).to(device)
    metric.persistent(True)
    metric.update(torch.randint(5, (100,), device=device), torch.randint(5, (100,), device=device))
    buffer = io.BytesIO()
    torch.save(metric.state_dict(), buffer)
    buffer.seek(0)
    metric2 = MulticlassAccuracy(num_classes=5)
    metric2.load_state_dict(torch.load(buffer, map_location="cpu", weights_only=True))
    for name, value in metric.metric_state.items():
        assert_close(metric2.metric_state[name], value, where=name)
    assert_close(metric2.compute(), metric.compute())


def test_output_on_the_metric_device(device):
    target = torch.tensor([1, 1, 0, 0], device=device)
    preds = torch.tensor([0, 1, 0, 0], device=device)
    out = BinaryAccuracy().to(device)(preds, target)
    assert out.device.type == device.type
    assert_close(out, 0.75)

"""Confusion matrices against scikit-learn's confusion_matrix / multilabel_confusion_matrix."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from confmat_cases import binary_labels, make_batches, multiclass_labels, multilabel_counts, multilabel_labels
from metric_harness import assert_close, check_metric
from metrics_classification import (
    BinaryConfusionMatrix,
    ConfusionMatrix,
    MulticlassConfusionMatrix,
    MultilabelConfusionMatrix,
)
from metrics_classification.functional import (
    binary_confusion_matrix,
    confusion_matrix,
    multiclass_confusion_matrix,
    multilabel_confusion_matrix,
)
from sklearn.metrics import confusion_matrix as sk_confusion_matrix

NORMALIZE = [None, "none", "true", "pred", "all"]
pytestmark = pytest.mark.filterwarnings("ignore:.*NaN values found in confusion matrix:UserWarning")


def _normalized(counts: np.ndarray, normalize: str | None) -> np.ndarray:
    """Normalise the last two dimensions; 0/0 becomes 0."""
    if normalize in (None, "none"):
        return counts
    axis = {"true": -1, "pred": -2, "all": (-2, -1)}[normalize]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.nan_to_num(counts / counts.sum(axis=axis, keepdims=True))


@pytest.mark.parametrize("normalize", NORMALIZE)
@pytest.mark.parametrize(
    ("mode", "extra", "ignore_index", "threshold"),
    [("labels", (), None, 0.5), ("probs", (3,), -1, 0.3), ("logits", (), 1, 0.5), ("probs", (), None, 0.7)],
)
def test_binary_confusion_matrix(device, normalize, mode, extra, ignore_index, threshold):
    def reference(preds, target):
        preds, target = binary_labels(preds, target, threshold, ignore_index)
        return sk_confusion_matrix(target, preds, labels=[0, 1], normalize=normalize if normalize != "none" else None)

    args = {"threshold": threshold, "normalize": normalize, "ignore_index": ignore_index}
    check_metric(
        lambda: BinaryConfusionMatrix(**args),
        make_batches("binary", mode, extra=extra, ignore_index=ignore_index),
        reference,
        functional=lambda p, t: binary_confusion_matrix(p, t, **args),
        device=device,
    )


@pytest.mark.parametrize("normalize", NORMALIZE)
@pytest.mark.parametrize(
    ("mode", "extra", "ignore_index"),
    [("labels", (), None), ("probs", (), -100), ("logits", (2,), 0), ("labels", (3,), 2), ("logits", (), None)],
)
def test_multiclass_confusion_matrix(device, normalize, mode, extra, ignore_index):
    num_classes = 4

    def reference(preds, target):
        preds, target = multiclass_labels(preds, target, ignore_index)
        labels = list(range(num_classes))
        return sk_confusion_matrix(target, preds, labels=labels, normalize=normalize if normalize != "none" else None)

    args = {"num_classes": num_classes, "normalize": normalize, "ignore_index": ignore_index}
    check_metric(
        lambda: MulticlassConfusionMatrix(**args),
        make_batches("multiclass", mode, num_classes, extra=extra, ignore_index=ignore_index),
        reference,
        functional=lambda p, t: multiclass_confusion_matrix(p, t, **args),
        device=device,
    )


@pytest.mark.parametrize("normalize", NORMALIZE)
@pytest.mark.parametrize(
    ("mode", "extra", "ignore_index", "threshold"),
    [("labels", (), None, 0.5), ("probs", (2,), -1, 0.5), ("logits", (), 0, 0.5), ("probs", (), None, 0.25)],
)
def test_multilabel_confusion_matrix(device, normalize, mode, extra, ignore_index, threshold):
    num_labels = 3

    def reference(preds, target):
        counts = multilabel_counts(*multilabel_labels(preds, target, threshold, ignore_index))
        return _normalized(counts, normalize)

    args = {"num_labels": num_labels, "threshold": threshold, "normalize": normalize, "ignore_index": ignore_index}
    check_metric(
        lambda: MultilabelConfusionMatrix(**args),
        make_batches("multilabel", mode, num_labels, extra=extra, ignore_index=ignore_index),
        reference,
        functional=lambda p, t: multilabel_confusion_matrix(p, t, **args),
        device=device,
    )


def test_multilabel_counts_match_sklearn():
    from sklearn.metrics import multilabel_confusion_matrix as sk_multilabel

    preds, target = make_batches("multilabel", "labels", 4, num_batches=1, batch_size=50)[0]
    expected = sk_multilabel(target.numpy(), preds.numpy())
    assert_close(multilabel_confusion_matrix(preds, target, num_labels=4), expected)


def test_dtypes_and_shapes():
    preds, target = torch.tensor([0, 1, 1]), torch.tensor([0, 1, 0])
    counts = binary_confusion_matrix(preds, target)
    assert counts.dtype == torch.long
    assert counts.shape == (2, 2)
    assert binary_confusion_matrix(preds, target, normalize="all").dtype == torch.float32
    assert multiclass_confusion_matrix(preds, target, num_classes=5).shape == (5, 5)
    assert multilabel_confusion_matrix(preds.view(1, 3), target.view(1, 3), num_labels=3).shape == (3, 2, 2)


def test_normalize_warns_and_zeroes_empty_rows():
    metric = MulticlassConfusionMatrix(num_classes=3, normalize="true")
    metric.update(torch.tensor([0, 1]), torch.tensor([0, 0]))
    with pytest.warns(UserWarning, match="6 NaN values found in confusion matrix have been replaced with zeros"):
        value = metric.compute()
    assert_close(value, [[0.5, 0.5, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])


def test_task_wrapper():
    preds, target = torch.tensor([0, 2, 1, 2]), torch.tensor([0, 1, 1, 2])
    assert type(ConfusionMatrix(task="binary")) is BinaryConfusionMatrix
    assert type(ConfusionMatrix(task="multilabel", num_labels=3, threshold=0.2)) is MultilabelConfusionMatrix
    metric = ConfusionMatrix(task="multiclass", num_classes=3, normalize="true")
    assert type(metric) is MulticlassConfusionMatrix
    assert_close(
        metric(preds, target), confusion_matrix(preds, target, task="multiclass", num_classes=3, normalize="true")
    )
    with pytest.raises(ValueError, match="num_classes"):
        ConfusionMatrix(task="multiclass")
    with pytest.raises(ValueError, match="num_labels"):
        confusion_matrix(preds, target, task="multilabel")
    with pytest.raises(ValueError, match="task"):
        ConfusionMatrix(task="regression")


@pytest.mark.parametrize(
    ("factory", "match"),
    [
        (lambda: BinaryConfusionMatrix(threshold=1), "threshold"),
        (lambda: BinaryConfusionMatrix(normalize="rows"), "normalize"),
        (lambda: MulticlassConfusionMatrix(num_classes=1), "num_classes"),
        (lambda: MulticlassConfusionMatrix(num_classes=3, ignore_index=0.5), "ignore_index"),
        (lambda: MultilabelConfusionMatrix(num_labels=1), "num_labels"),
        (lambda: BinaryConfusionMatrix(unknown=1), "unknown"),
    ],
)
def test_bad_arguments(factory, match):
    with pytest.raises(ValueError, match=match):
        factory()


BINARY_OK = (torch.tensor([0.2, 0.8]), torch.tensor([0, 1]))
MULTICLASS_OK = (torch.tensor([0, 2]), torch.tensor([0, 1]))
MULTILABEL_OK = (torch.tensor([[0.2, 0.8, 0.1]]), torch.tensor([[0, 1, 1]]))


@pytest.mark.parametrize(
    ("factory", "good", "preds", "target", "match"),
    [
        (BinaryConfusionMatrix, BINARY_OK, torch.tensor([0.2, 0.8]), torch.tensor([0, 2]), "target"),
        (BinaryConfusionMatrix, BINARY_OK, torch.tensor([0, 3]), torch.tensor([0, 1]), "preds"),
        (BinaryConfusionMatrix, BINARY_OK, torch.tensor([0.2, float("nan")]), torch.tensor([0, 1]), "NaN"),
        (BinaryConfusionMatrix, BINARY_OK, torch.tensor([0.2, 0.3, 0.4]), torch.tensor([0, 1]), "shape"),
        (lambda: MulticlassConfusionMatrix(3), MULTICLASS_OK, torch.tensor([0, 1]), torch.tensor([0, 3]), "target"),
        (lambda: MulticlassConfusionMatrix(3), MULTICLASS_OK, torch.tensor([0, -1]), torch.tensor([0, 1]), "preds"),
        (lambda: MulticlassConfusionMatrix(3), MULTICLASS_OK, torch.tensor([0, 1]), torch.tensor([0.0, 0.5]), "target"),
        (lambda: MulticlassConfusionMatrix(3), MULTICLASS_OK, torch.rand(2, 4), torch.tensor([0, 1]), "num_classes"),
        (lambda: MultilabelConfusionMatrix(3), MULTILABEL_OK, torch.rand(2, 2), torch.ones(2, 2).long(), "num_labels"),
        (lambda: MultilabelConfusionMatrix(3), MULTILABEL_OK, torch.rand(1, 3), torch.tensor([[0, 1, 5]]), "target"),
    ],
)
def test_bad_input_leaves_state_unchanged(factory, good, preds, target, match):
    metric = factory()
    metric.update(*good)
    before = {name: value.clone() for name, value in metric.metric_state.items()}
    with pytest.raises(ValueError, match=match):
        metric.update(preds, target)
    with pytest.raises(ValueError, match=match):
        metric(preds, target)
    for name, value in metric.metric_state.items():
        assert torch.equal(value, before[name])
    assert metric.update_count == 1


def test_validate_args_false_gives_same_counts():
    preds, target = make_batches("multiclass", "logits", 5, extra=(2,), ignore_index=-1, num_batches=1)[0]
    checked = multiclass_confusion_matrix(preds, target, num_classes=5, ignore_index=-1)
    unchecked = multiclass_confusion_matrix(preds, target, num_classes=5, ignore_index=-1, validate_args=False)
    assert torch.equal(checked, unchecked)
    metric = MultilabelConfusionMatrix(num_labels=3, validate_args=False)
    preds, target = make_batches("multilabel", "probs", 3, num_batches=1)[0]
    assert torch.equal(metric(preds, target), multilabel_confusion_matrix(preds, target, num_labels=3))


def test_input_on_other_device_is_named():
    metric = BinaryConfusionMatrix(validate_args=False)
    preds = torch.tensor([0, 1], device="meta")
    with pytest.raises(ValueError, match="meta"):
        metric.update(preds, preds)


@pytest.mark.parametrize(
    ("metric", "batch", "tables"),
    [
        (lambda: BinaryConfusionMatrix(), (torch.tensor([0.8, 0.3, 0.6]), torch.tensor([1, 1, 0])), 1),
        (lambda: MulticlassConfusionMatrix(3), (torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0])), 1),
        (lambda: MultilabelConfusionMatrix(3), (torch.rand(5, 3), torch.randint(0, 2, (5, 3))), 3),
    ],
)
def test_plot_draws_the_matrix_as_a_heatmap(metric, batch, tables):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    metric = metric()
    metric.update(*batch)
    _, ax = metric.plot(labels=None)
    axes = ax if tables > 1 else [ax]
    assert len(axes) == tables
    drawn = torch.tensor([axis.get_images()[0].get_array().tolist() for axis in axes])
    assert torch.equal(drawn, metric.compute().reshape(drawn.shape))


def test_scores_built_on_the_counts_plot_their_value():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from metrics_classification import MulticlassJaccardIndex

    metric = MulticlassJaccardIndex(3)
    metric.update(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
    _, ax = metric.plot()
    assert len(ax.get_images()) == 0  # a bar, not a heatmap
    with pytest.raises(TypeError, match="one confusion matrix"):
        MulticlassConfusionMatrix(3).plot([torch.zeros(3, 3)])

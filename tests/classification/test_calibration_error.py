"""Calibration error against a direct NumPy binning of confidences and accuracies."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from metrics_classification import BinaryCalibrationError, CalibrationError, MulticlassCalibrationError
from metrics_classification.functional import binary_calibration_error, calibration_error, multiclass_calibration_error

NUM_CLASSES = 4


def numpy_calibration_error(confidences: np.ndarray, accuracies: np.ndarray, n_bins: int, norm: str) -> float:
    # torch's linspace: its float32 edges differ from NumPy's by an ulp, which moves scores lying on an edge
    boundaries = torch.linspace(0, 1, n_bins + 1, dtype=torch.from_numpy(confidences[:0]).dtype).numpy()
    bins = np.searchsorted(boundaries, confidences, side="right") - 1
    gaps, weights = [], []
    for b in range(n_bins + 1):
        inside = bins == b
        if inside.any():
            gaps.append(accuracies[inside].mean() - confidences[inside].mean())
            weights.append(inside.mean())
    gaps, weights = np.abs(np.array(gaps)), np.array(weights)
    if norm == "l1":
        return float(np.sum(gaps * weights))
    if norm == "max":
        return float(gaps.max())
    return float(np.sqrt(np.sum(gaps**2 * weights)))


def binary_reference(n_bins, norm, ignore_index):
    def expected(preds, target):
        kept = target != ignore_index if ignore_index is not None else np.ones(target.shape, bool)
        return numpy_calibration_error(preds[kept], target[kept].astype(preds.dtype), n_bins, norm)

    return expected


def multiclass_reference(n_bins, norm, ignore_index):
    def expected(preds, target):
        kept = target != ignore_index if ignore_index is not None else np.ones(target.shape, bool)
        preds, target = preds[kept], target[kept]
        return numpy_calibration_error(preds.max(1), (preds.argmax(1) == target).astype(np.float32), n_bins, norm)

    return expected


def batches(kind: str, ignore_index: int | None, sizes=(12, 30, 7)):
    out = []
    for size in sizes:
        if kind == "binary":
            preds, target = (torch.rand(size) * 20).round() / 20, torch.randint(0, 2, (size,))
        else:
            preds, target = torch.rand(size, NUM_CLASSES).softmax(1), torch.randint(0, NUM_CLASSES, (size,))
        if ignore_index is not None:
            target = torch.where(torch.rand(size) < 0.2, ignore_index, target)
            target[0] = 0
        out.append((preds, target))
    return out


@pytest.mark.parametrize("norm", ["l1", "l2", "max"])
@pytest.mark.parametrize(("n_bins", "ignore_index"), [(15, None), (4, -1)])
def test_binary_calibration_error(norm, n_bins, ignore_index, device):
    kwargs = {"n_bins": n_bins, "norm": norm, "ignore_index": ignore_index}
    check_metric(
        lambda: BinaryCalibrationError(**kwargs),
        batches("binary", ignore_index),
        binary_reference(n_bins, norm, ignore_index),
        functional=lambda p, t: binary_calibration_error(p, t, **kwargs),
        device=device,
    )


@pytest.mark.parametrize("norm", ["l1", "l2", "max"])
@pytest.mark.parametrize(("n_bins", "ignore_index"), [(15, None), (6, 1)])
def test_multiclass_calibration_error(norm, n_bins, ignore_index, device):
    kwargs = {"n_bins": n_bins, "norm": norm, "ignore_index": ignore_index}
    check_metric(
        lambda: MulticlassCalibrationError(NUM_CLASSES, **kwargs),
        batches("multiclass", ignore_index),
        multiclass_reference(n_bins, norm, ignore_index),
        functional=lambda p, t: multiclass_calibration_error(p, t, NUM_CLASSES, **kwargs),
        device=device,
    )


def test_logits_and_extra_dimensions():
    logits, target = torch.randn(6, NUM_CLASSES, 2), torch.randint(0, NUM_CLASSES, (6, 2))
    flat = logits.movedim(1, -1).reshape(-1, NUM_CLASSES)
    assert_close(
        multiclass_calibration_error(logits, target, NUM_CLASSES),
        multiclass_calibration_error(flat.softmax(1), target.reshape(-1), NUM_CLASSES),
    )
    binary_logits = torch.tensor([-3.0, 0.2, 2.0])
    assert_close(
        binary_calibration_error(binary_logits, torch.tensor([0, 1, 1])),
        binary_calibration_error(binary_logits.sigmoid(), torch.tensor([0, 1, 1])),
    )


def test_float64_keeps_its_dtype_and_l2_of_perfect_calibration_is_zero():
    assert binary_calibration_error(torch.rand(5, dtype=torch.float64), torch.randint(0, 2, (5,))).dtype == (
        torch.float64
    )
    assert float(binary_calibration_error(torch.tensor([0.0, 1.0]), torch.tensor([0, 1]), norm="l2")) == 0


def test_state_is_constant_size_and_bad_input_leaves_it():
    metric = MulticlassCalibrationError(NUM_CLASSES, n_bins=5)
    for preds, target in batches("multiclass", None):
        metric.update(preds, target)
    assert metric.bins.shape == (3, 6)
    before = metric.bins.clone()
    with pytest.raises(ValueError, match="target"):
        metric.update(torch.rand(3, NUM_CLASSES), torch.tensor([0, 1, NUM_CLASSES]))
    with pytest.raises(ValueError, match="preds"):
        metric.update(torch.tensor([[1, 0, 0, 0]]), torch.tensor([0]))
    assert torch.equal(metric.bins, before)


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: BinaryCalibrationError(n_bins=0), "n_bins"),
        (lambda: BinaryCalibrationError(norm="l3"), "norm"),
        (lambda: MulticlassCalibrationError(1), "num_classes"),
        (lambda: CalibrationError(task="multilabel"), "task"),
        (lambda: CalibrationError(task="multiclass"), "num_classes"),
    ],
)
def test_bad_arguments(build, match):
    with pytest.raises(ValueError, match=match):
        build()


def test_task_wrapper_and_validate_args_false():
    assert type(CalibrationError(task="binary", n_bins=3)) is BinaryCalibrationError
    metric = CalibrationError(task="multiclass", num_classes=3, norm="max", validate_args=False)
    assert type(metric) is MulticlassCalibrationError
    preds, target = torch.rand(8, 3), torch.randint(0, 3, (8,))
    assert_close(metric(preds, target), calibration_error(preds, target, "multiclass", norm="max", num_classes=3))


def test_compute_without_samples_raises_but_all_ignored_gives_nan():
    metric = BinaryCalibrationError(ignore_index=-1)
    with pytest.warns(UserWarning, match="before the `update`"), pytest.raises(ValueError, match="no samples"):
        metric.compute()
    metric.update(torch.tensor([0.3, 0.8]), torch.tensor([-1, -1]))
    assert torch.isnan(metric.compute())

"""Log AUC against NumPy: the ROC curve interpolated at the range ends and integrated over log10(fpr).

The curves come from scikit-learn (exact) or counting (binned).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from curve_cases import NUM_CLASSES, CurveCase, class_columns, curve_batches, roc
from metric_harness import assert_close, check_metric
from metrics_classification import BinaryLogAUC, LogAUC, MulticlassLogAUC, MultilabelLogAUC
from metrics_classification.functional import binary_logauc, logauc, multiclass_logauc, multilabel_logauc

# ends that no false positive rate of the test data (multiples of 1/n for small n) hits exactly
RANGES = [(0.0013, 0.137), (0.071, 0.473)]


def tied_batch(size: int, labels: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Scores where every positive ties with a negative: every ROC point then has its own false positive rate, so
    the curve between the range ends is unambiguous (TorchMetrics picks among points sharing a rate arbitrarily)."""
    shape = (size,) if labels is None else (size, labels)
    negatives = torch.rand(shape)
    target = torch.randint(0, 2, (2 * size, *shape[1:]))
    target[:size] = 0
    positives = negatives[torch.randint(0, size, (size,))]
    return torch.cat([negatives, positives]), target


def log_area(fpr: np.ndarray, tpr: np.ndarray, low: float, high: float) -> float:
    inside = (fpr > low) & (fpr < high)
    xs = np.concatenate([[low], fpr[inside], [high]])
    ys = np.concatenate([[np.interp(low, fpr, tpr)], tpr[inside], [np.interp(high, fpr, tpr)]])
    return np.trapezoid(ys, np.log10(xs)) / (np.log10(high) - np.log10(low))


def reference(case: CurveCase, fpr_range: tuple[float, float], average: str | None):
    def expected(preds, target):
        curves = [roc(s, t, None)[:2] for s, t in class_columns(case, preds, target)]
        scores = np.array([log_area(fpr, tpr, *fpr_range) for fpr, tpr in curves])
        if case.kind == "binary":
            return scores[0]
        return scores.mean() if average == "macro" else scores

    return expected


@pytest.mark.parametrize("fpr_range", RANGES)
@pytest.mark.parametrize("kind", ["binary", "multilabel"])
def test_logauc(kind, fpr_range, device):
    case, average = CurveCase(kind), ("macro" if fpr_range == RANGES[0] else None)
    kwargs = {"fpr_range": fpr_range}
    if kind == "binary":
        factory, function = (lambda: BinaryLogAUC(**kwargs)), (lambda p, t: binary_logauc(p, t, **kwargs))
    else:
        factory = lambda: MultilabelLogAUC(NUM_CLASSES, average=average, **kwargs)  # noqa: E731
        function = lambda p, t: multilabel_logauc(p, t, NUM_CLASSES, average=average, **kwargs)  # noqa: E731
    batches = [tied_batch(size, None if kind == "binary" else NUM_CLASSES) for size in (15, 22)]
    check_metric(factory, batches, reference(case, fpr_range, average), functional=function, device=device)


@pytest.mark.parametrize("kind", ["binary", "multilabel"])
def test_binned_approaches_exact(kind):
    case = CurveCase(kind)
    preds, target = curve_batches(case, sizes=(300,))[0]
    functions = {"binary": binary_logauc, "multilabel": multilabel_logauc}
    leading = () if kind == "binary" else (NUM_CLASSES,)
    exact = functions[kind](preds, target, *leading, fpr_range=(0.05, 0.5))
    binned = functions[kind](preds, target, *leading, fpr_range=(0.05, 0.5), thresholds=2001)
    assert_close(binned, exact, atol=0.02)


def test_a_single_point_scores_zero_with_a_warning():
    with pytest.warns(UserWarning, match="At least two values"):
        value = binary_logauc(torch.tensor([0.3, 0.7]), torch.tensor([0, 1]), thresholds=torch.tensor([0.5]))
    assert float(value) == 0


@pytest.mark.parametrize("fpr_range", [(0.1, 0.01), (0.0, 1.5), (0.1,)])
def test_bad_range(fpr_range):
    with pytest.raises(ValueError, match="fpr_range"):
        MulticlassLogAUC(3, fpr_range=fpr_range)


def test_multiclass_is_the_one_vs_rest_binary_score():
    preds, target = curve_batches(CurveCase("multiclass"), sizes=(40,))[0]
    expected = torch.stack([binary_logauc(preds[:, c], (target == c).long()) for c in range(NUM_CLASSES)])
    assert_close(multiclass_logauc(preds, target, NUM_CLASSES, average=None), expected)
    assert_close(MulticlassLogAUC(NUM_CLASSES, average="macro")(preds, target), expected.mean())


def test_task_wrapper():
    assert type(LogAUC(task="binary")) is BinaryLogAUC
    assert LogAUC(task="multiclass", num_classes=3, average="macro").average == "macro"
    assert type(LogAUC(task="multilabel", num_labels=2)) is MultilabelLogAUC
    preds, target = torch.rand(12), torch.tensor([0, 1] * 6)
    assert_close(logauc(preds, target, task="binary"), binary_logauc(preds, target))


def test_binary_range_checked_even_without_validation():
    with pytest.raises(ValueError, match="fpr_range"):
        binary_logauc(torch.tensor([0.3, 0.7]), torch.tensor([0, 1]), fpr_range=(0.1, 0.1), validate_args=False)

"""ROC curves against scikit-learn's roc_curve (exact) and direct counting (binned)."""

from __future__ import annotations

import pytest
import torch
from curve_cases import CASES, NUM_CLASSES, CurveCase, curve_batches, reference
from metric_harness import assert_close, check_metric
from metrics_classification import ROC, BinaryROC, MulticlassROC, MultilabelROC
from metrics_classification.functional import binary_roc, multiclass_roc, multilabel_roc, roc
from sklearn.metrics import roc_curve as sklearn_roc_curve


def factory_and_function(case: CurveCase):
    kwargs = {"thresholds": case.thresholds, "ignore_index": case.ignore_index}
    if case.kind == "binary":
        return (lambda: BinaryROC(**kwargs)), (lambda p, t: binary_roc(p, t, **kwargs))
    if case.kind == "multiclass":
        return (lambda: MulticlassROC(NUM_CLASSES, **kwargs)), (
            lambda p, t: multiclass_roc(p, t, NUM_CLASSES, **kwargs)
        )
    return (lambda: MultilabelROC(NUM_CLASSES, **kwargs)), (lambda p, t: multilabel_roc(p, t, NUM_CLASSES, **kwargs))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_roc(case, device):
    factory, function = factory_and_function(case)
    check_metric(factory, curve_batches(case), reference(case, "roc"), functional=function, device=device)


def test_multiclass_macro_curve_is_monotone():
    preds, target = curve_batches(CurveCase("multiclass"))[0]
    fpr, tpr, thresholds = multiclass_roc(preds, target, NUM_CLASSES, average="macro")
    assert torch.all(fpr[1:] >= fpr[:-1])
    assert torch.all(thresholds[1:] <= thresholds[:-1])
    assert_close(tpr[-1], 1.0)


@pytest.mark.parametrize(
    ("target", "message"),
    [(torch.tensor([0, 0, 0]), "No positive samples"), (torch.tensor([1, 1, 1]), "No negative samples")],
)
def test_degenerate_targets_warn_and_give_zero_rates(target, message):
    with pytest.warns(UserWarning, match=message):
        fpr, tpr, _ = binary_roc(torch.tensor([0.2, 0.5, 0.9]), target)
    assert float((tpr if message.startswith("No positive") else fpr).abs().sum()) == 0


def test_float64_scores_keep_their_dtype_in_undefined_rates():
    preds = torch.tensor([0.2, 0.5, 0.9], dtype=torch.float64)
    with pytest.warns(UserWarning, match="No positive samples"):
        fpr, tpr, thresholds = binary_roc(preds, torch.tensor([0, 0, 0]))
    assert (fpr.dtype, tpr.dtype, thresholds.dtype) == (torch.float32, torch.float64, torch.float64)


def test_task_wrapper():
    assert type(ROC(task="binary")) is BinaryROC
    assert type(ROC(task="multiclass", num_classes=3, thresholds=4)) is MulticlassROC
    assert type(ROC(task="multilabel", num_labels=3)) is MultilabelROC
    preds, target = torch.tensor([0.1, 0.4, 0.8]), torch.tensor([0, 1, 1])
    assert_close(roc(preds, target, task="binary"), binary_roc(preds, target))


def test_unvalidated_integer_scores_rank_as_numbers():
    """0/1 integer scores with validate_args=False: the curve of those scores, thresholds in their dtype."""
    preds, target = torch.tensor([0, 1, 1, 0, 1]), torch.tensor([0, 1, 0, 0, 1])
    fpr, tpr, thresholds = binary_roc(preds, target, validate_args=False)
    expected_fpr, expected_tpr, _ = sklearn_roc_curve(target.numpy(), preds.numpy(), drop_intermediate=False)
    assert_close(fpr, expected_fpr)
    assert_close(tpr, expected_tpr)
    assert thresholds.dtype == torch.int64
    assert thresholds.tolist() == [1, 1, 0]

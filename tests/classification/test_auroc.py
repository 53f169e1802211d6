"""AUROC against scikit-learn's roc_auc_score (exact, max_fpr) and the trapezoid of counted rates (binned)."""

from __future__ import annotations

import pytest
import torch
from curve_cases import CASES, NUM_CLASSES, CurveCase, curve_batches, reference
from metric_harness import assert_close, check_metric
from metrics_classification import AUROC, BinaryAUROC, MulticlassAUROC, MultilabelAUROC
from metrics_classification.functional import auroc, binary_auroc, multiclass_auroc, multilabel_auroc

AVERAGES = {"binary": [None], "multiclass": ["macro", "weighted", None], "multilabel": ["micro", "macro", None]}


def factory_and_function(case: CurveCase, average: str | None, max_fpr: float | None = None):
    kwargs = {"thresholds": case.thresholds, "ignore_index": case.ignore_index}
    if case.kind == "binary":
        return (lambda: BinaryAUROC(max_fpr, **kwargs)), (lambda p, t: binary_auroc(p, t, max_fpr, **kwargs))
    metric, function = (
        (MulticlassAUROC, multiclass_auroc) if case.kind == "multiclass" else (MultilabelAUROC, multilabel_auroc)
    )
    return (lambda: metric(NUM_CLASSES, average, **kwargs)), (
        lambda p, t: function(p, t, NUM_CLASSES, average, **kwargs)
    )


@pytest.mark.parametrize(
    ("case", "average"), [(case, average) for case in CASES for average in AVERAGES[case.kind]], ids=str
)
def test_auroc(case, average, device):
    factory, function = factory_and_function(case, average)
    check_metric(factory, curve_batches(case), reference(case, "auroc", average), functional=function, device=device)


@pytest.mark.parametrize("max_fpr", [0.3, 0.75])
@pytest.mark.parametrize("ignore_index", [None, -1])
def test_binary_max_fpr(max_fpr, ignore_index, device):
    case = CurveCase("binary", ignore_index=ignore_index)
    factory, function = factory_and_function(case, None, max_fpr)
    check_metric(factory, curve_batches(case), reference(case, "auroc", max_fpr=max_fpr), function, device=device)


def test_binned_approaches_exact_as_thresholds_grow():
    preds, target = torch.rand(400, NUM_CLASSES), torch.randint(0, NUM_CLASSES, (400,))
    exact = multiclass_auroc(preds, target, NUM_CLASSES, average=None)
    errors = [(multiclass_auroc(preds, target, NUM_CLASSES, None, n) - exact).abs().max() for n in (5, 50, 2000)]
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 2e-3


def test_ties_and_logits(device):
    logits = torch.tensor([[2.0, 2.0, -1.0], [0.0, 0.0, 0.0], [1.0, -1.0, 1.0], [3.0, 0.5, 0.5], [0.0, 1.0, 1.0]])
    target = torch.tensor([0, 1, 2, 0, 2])
    probabilities = logits.softmax(1)
    expected = [reference(CurveCase("multiclass"), "auroc", None)(probabilities.numpy(), target.numpy())]
    assert_close(multiclass_auroc(logits.to(device), target.to(device), 3, average=None), expected[0], atol=1e-6)


def test_class_without_positives_scores_zero_with_a_warning():
    preds = torch.tensor([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1]])
    with pytest.warns(UserWarning, match="No positive samples in targets"):
        value = multiclass_auroc(preds, torch.tensor([0, 1, 0]), 3, average=None)
    assert_close(value[2], 0.0)


@pytest.mark.parametrize(
    ("preds", "target", "match"),
    [
        (torch.rand(4), torch.tensor([0, 1, 2, 0]), "target"),
        (torch.rand(4), torch.tensor([0.0, 1.0, 1.0, 0.0]), "target"),
        (torch.tensor([0, 1, 1, 0]), torch.tensor([0, 1, 1, 0]), "preds"),
        (torch.tensor([0.1, float("nan"), 0.3, 0.2]), torch.tensor([0, 1, 1, 0]), "NaN"),
        (torch.rand(3), torch.tensor([0, 1, 1, 0]), "shape"),
    ],
)
def test_bad_input_raises_and_leaves_state(preds, target, match):
    metric = BinaryAUROC()
    metric.update(torch.tensor([0.2, 0.8]), torch.tensor([0, 1]))
    before = [item.clone() for item in metric.preds]
    with pytest.raises(ValueError, match=match):
        metric.update(preds, target)
    assert len(metric.preds) == len(before)
    assert_close(metric.compute(), 1.0)


def test_multiclass_labels_out_of_range():
    with pytest.raises(ValueError, match="target"):
        multiclass_auroc(torch.rand(3, 3), torch.tensor([0, 3, 1]), 3)
    metric = MulticlassAUROC(3, thresholds=5)
    with pytest.raises(ValueError, match="num_classes"):
        metric.update(torch.rand(3, 4), torch.tensor([0, 1, 1]))
    assert int(metric.histogram.sum()) == 0


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: BinaryAUROC(max_fpr=1.5), "max_fpr"),
        (lambda: BinaryAUROC(thresholds=1), "thresholds"),
        (lambda: BinaryAUROC(thresholds=[0.5, 2.0]), "thresholds"),
        (lambda: MulticlassAUROC(3, average="micro"), "average"),
        (lambda: MulticlassAUROC(1), "num_classes"),
        (lambda: MultilabelAUROC(3, ignore_index=0.5), "ignore_index"),
    ],
)
def test_bad_arguments(build, match):
    with pytest.raises(ValueError, match=match):
        build()


def test_validate_args_false_gives_the_same_value():
    preds, target = curve_batches(CurveCase("multilabel"))[0]
    assert_close(
        multilabel_auroc(preds, target, NUM_CLASSES, validate_args=False), multilabel_auroc(preds, target, NUM_CLASSES)
    )
    metric = MultilabelAUROC(NUM_CLASSES, thresholds=9, validate_args=False)
    assert_close(metric(preds, target), multilabel_auroc(preds, target, NUM_CLASSES, thresholds=9))


def test_device_mismatch_names_both_devices():
    metric = BinaryAUROC().to("meta")
    with pytest.raises(ValueError, match="meta"):
        metric.update(torch.rand(3), torch.tensor([0, 1, 1]))


def test_forward_state_grows_by_the_batch_only():
    metric = MulticlassAUROC(NUM_CLASSES)
    for preds, target in curve_batches(CurveCase("multiclass"), sizes=(6, 6, 6, 6)):
        metric(preds, target)
    assert len(metric.preds) == 4
    assert sum(len(item) for item in metric.preds) == 24


def test_task_wrapper():
    assert type(AUROC(task="binary", max_fpr=0.5)) is BinaryAUROC
    assert AUROC(task="binary", max_fpr=0.5).max_fpr == 0.5
    assert type(AUROC(task="multiclass", num_classes=3)) is MulticlassAUROC
    assert AUROC(task="multilabel", num_labels=3, average="micro").average == "micro"
    preds, target = torch.tensor([0.1, 0.4, 0.8, 0.3]), torch.tensor([0, 1, 1, 0])
    assert_close(auroc(preds, target, task="binary", max_fpr=0.5), binary_auroc(preds, target, max_fpr=0.5))


@pytest.mark.parametrize("function", [multiclass_auroc, multilabel_auroc])
def test_unknown_average_without_validation_raises(function):
    preds, target = torch.tensor([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.2, 0.2, 0.6]]), torch.tensor([0, 1, 2])
    target = target if function is multiclass_auroc else torch.tensor([[1, 0, 1], [0, 1, 0], [0, 1, 1]])
    with pytest.raises(ValueError, match="average"):
        function(preds, target, 3, average="bogus", validate_args=False)


@pytest.mark.parametrize("thresholds", [[], torch.tensor([])])
def test_binary_empty_thresholds_score_zero(thresholds):
    assert_close(binary_auroc(torch.tensor([0.2, 0.8]), torch.tensor([0, 1]), thresholds=thresholds), 0.0)

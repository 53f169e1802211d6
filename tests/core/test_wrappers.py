"""The wrappers against direct reference computations; inside collections; errors leave states unchanged."""

from __future__ import annotations

import copy
import pickle
import warnings

import numpy as np
import pytest
import torch
from metric_harness import assert_close, to_numpy
from metrics_core import CatMetric, MeanMetric, MetricCollection, SumMetric
from metrics_core.registry import MetricRegistry
from metrics_core.wrappers import (
    BinaryTargetTransformer,
    BootStrapper,
    ClasswiseWrapper,
    LambdaInputTransformer,
    MetricTracker,
    MinMaxMetric,
    MultioutputWrapper,
    MultitaskWrapper,
    Running,
)
from stat_metrics import MacroF1, MeanSquaredError, Precision, Recall, StatScores, WeightedMean, np_reference


def labels(n: int = 20, device: torch.device | str = "cpu") -> tuple[torch.Tensor, torch.Tensor]:
    return torch.randint(3, (n,), device=device), torch.randint(3, (n,), device=device)


# ---------------------------------------------------------------------- ClasswiseWrapper
@pytest.mark.parametrize(
    ("kwargs", "keys"),
    [
        ({}, ["precision_0", "precision_1", "precision_2"]),
        ({"labels": ["cat", "dog", "fish"]}, ["precision_cat", "precision_dog", "precision_fish"]),
        ({"prefix": "acc-"}, ["acc-0", "acc-1", "acc-2"]),
        ({"postfix": "-acc"}, ["0-acc", "1-acc", "2-acc"]),
        ({"labels": ["a", "b", "c"], "prefix": "p_", "postfix": "_q"}, ["p_a_q", "p_b_q", "p_c_q"]),
    ],
)
def test_classwise_keys_and_values(kwargs, keys, device):
    metric = ClasswiseWrapper(Precision(), **kwargs).to(device)
    batches = [labels(device=device) for _ in range(3)]
    for preds, target in batches:
        out = metric(preds, target)
        assert list(out) == keys
        assert_close(list(out.values()), list(np_reference("Precision", *to_numpy((preds, target)))))
    everything = to_numpy((torch.cat([b[0] for b in batches]), torch.cat([b[1] for b in batches])))
    assert_close(list(metric.compute().values()), list(np_reference("Precision", *everything)))
    assert metric.update_count == 3


def test_classwise_reads_missing_attributes_from_the_wrapped_metric():
    metric = ClasswiseWrapper(Precision(num_classes=4))
    metric.update(*labels())
    assert metric.num_classes == 4
    assert metric.tp is metric.metric.tp
    assert set(metric.metric_state) == {"tp", "fp", "fn", "tn"}
    assert metric.higher_is_better is True
    metric.reset()
    assert not metric.update_called


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"metric": "nope"}, "`metric` must be a Metric"),
        ({"metric": Precision(), "labels": "abc"}, "`labels` must be None or a list of strings"),
        ({"metric": Precision(), "prefix": 1}, "`prefix` must be None or a string"),
        ({"metric": Precision(), "postfix": 1}, "`postfix` must be None or a string"),
    ],
)
def test_classwise_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ClasswiseWrapper(**kwargs)


def test_classwise_wrappers_share_one_compute_group_with_plain_metrics(device):
    metrics = MetricCollection(
        {
            "precision": ClasswiseWrapper(Precision(), labels=list("abc")),
            "recall": ClasswiseWrapper(Recall()),
            "f1": MacroF1(),
        }
    ).to(device)
    alone = copy.deepcopy(metrics)
    alone._enable_compute_groups = False
    alone._init_compute_groups()
    for step in range(5):
        batch = labels(device=device)
        if step % 2:
            assert_close(metrics(*batch), alone(*batch))
        else:
            metrics.update(*batch)
            alone.update(*batch)
        assert_close(metrics.compute(), alone.compute())
    assert metrics.compute_groups == {0: ["f1", "precision", "recall"]}
    StatScores.update_calls = 0
    metrics(*labels(device=device))
    assert StatScores.update_calls == 1


# --------------------------------------------------------------------------- BootStrapper
def draw_indices(generator: torch.Generator, size: int, strategy: str) -> np.ndarray:
    """The indices BootStrapper draws, from an identically seeded generator."""
    if strategy == "poisson":
        counts = torch.poisson(torch.ones(size), generator=generator)
        return torch.arange(size).repeat_interleave(counts.long()).numpy()
    return torch.multinomial(torch.ones(size), num_samples=size, replacement=True, generator=generator).numpy()


@pytest.mark.parametrize("strategy", ["poisson", "multinomial"])
def test_bootstrap_update_matches_numpy_resampling(strategy, device):
    num_bootstraps = 6
    metric = BootStrapper(
        MeanSquaredError(),
        num_bootstraps=num_bootstraps,
        quantile=0.25,
        raw=True,
        sampling_strategy=strategy,
        generator=torch.Generator().manual_seed(7),
    ).to(device)
    reference_generator = torch.Generator().manual_seed(7)
    sums = np.zeros(num_bootstraps)
    counts = np.zeros(num_bootstraps)
    for _ in range(3):
        preds, target = torch.randn(12), torch.randn(12)
        metric.update(preds.to(device), target.to(device))
        for copy_index in range(num_bootstraps):
            index = draw_indices(reference_generator, 12, strategy)
            sums[copy_index] += ((preds.numpy()[index] - target.numpy()[index]) ** 2).sum()
            counts[copy_index] += len(index)
    raw = sums / counts
    out = metric.compute()
    assert list(out) == ["mean", "std", "quantile", "raw"]
    assert_close(out["raw"], raw, atol=1e-5)
    assert_close(out["mean"], raw.mean(), atol=1e-5)
    assert_close(out["std"], raw.std(ddof=1), atol=1e-5)
    assert_close(out["quantile"], np.quantile(raw, 0.25), atol=1e-5)


def test_bootstrap_forward_accumulates_one_resample_and_reports_a_fresh_one():
    metric = BootStrapper(MeanMetric(), num_bootstraps=4, raw=True, generator=torch.Generator().manual_seed(3))
    reference_generator = torch.Generator().manual_seed(3)
    values = torch.arange(8.0)
    out = metric(values)
    accumulated = [values.numpy()[draw_indices(reference_generator, 8, "poisson")] for _ in range(4)]
    fresh = [values.numpy()[draw_indices(reference_generator, 8, "poisson")] for _ in range(4)]
    assert_close(out["raw"], [sample.mean() if len(sample) else np.nan for sample in fresh])
    assert_close(metric.compute()["raw"], [sample.mean() if len(sample) else np.nan for sample in accumulated])
    assert metric.update_count == 1


def test_bootstrap_is_reproducible_with_the_global_seed():
    def run() -> dict:
        torch.manual_seed(11)
        metric = BootStrapper(MacroF1(), num_bootstraps=5)
        metric.update(*labels())
        return metric.compute()

    first, second = run(), run()
    assert_close(first, second, atol=0)


def test_bootstrap_failing_update_leaves_every_copy_unchanged():
    metric = BootStrapper(Precision(), num_bootstraps=4)
    metric.update(*labels())
    before = [copy.deepcopy(m.metric_state) for m in metric.metrics]
    with pytest.raises(ValueError, match="`target` must hold labels"):
        metric.update(torch.zeros(50, dtype=torch.long), torch.full((50,), 9))
    assert_close([m.metric_state for m in metric.metrics], before)
    assert metric.update_count == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"base_metric": 1}, "`base_metric` must be a Metric"),
        ({"num_bootstraps": 0}, "`num_bootstraps` must be a positive integer"),
        ({"sampling_strategy": "uniform"}, "`sampling_strategy` must be one of"),
        ({"quantile": "high"}, "`quantile` must be None"),
        ({"generator": 3}, "`generator` must be None or a torch.Generator"),
    ],
)
def test_bootstrap_bad_arguments(kwargs, match):
    kwargs = {"base_metric": MeanMetric(), **kwargs}
    with pytest.raises(ValueError, match=match):
        BootStrapper(**kwargs)


def test_bootstrap_needs_a_tensor_input():
    with pytest.raises(ValueError, match="found no tensor"):
        BootStrapper(SumMetric()).update(3.0)


def test_bootstrap_copies_move_with_to_and_pickle(device):
    metric = BootStrapper(MeanSquaredError(), num_bootstraps=3).to(device)
    metric(torch.randn(10, device=device), torch.randn(10, device=device))
    assert metric.metrics[0].device.type == device.type
    assert metric._scratch.device.type == device.type
    restored = pickle.loads(pickle.dumps(metric.cpu()))
    assert_close(restored.compute(), metric.compute())


# ---------------------------------------------------------------------------- MinMaxMetric
def test_minmax_tracks_extremes_of_every_value_and_survives_reset():
    metric = MinMaxMetric(MeanMetric())
    seen = []
    for batch in ([1.0, 3.0], [8.0], [-4.0, 0.0]):
        out = metric(torch.tensor(batch))
        seen.append(np.mean(batch))
        assert_close(out, {"raw": np.mean(batch), "max": max(seen), "min": min(seen)})
    everything = [1.0, 3.0, 8.0, -4.0, 0.0]
    seen.append(np.mean(everything))
    assert_close(metric.compute(), {"raw": np.mean(everything), "max": max(seen), "min": min(seen)})
    metric.reset()
    metric.update(torch.tensor([5.0]))
    assert_close(metric.compute(), {"raw": 5.0, "max": 8.0, "min": -2.0})
    assert list(metric.compute()) == ["raw", "max", "min"]


def test_minmax_ignores_nan_values_and_rejects_non_scalars():
    metric = MinMaxMetric(MeanMetric(nan_strategy="disable"))
    metric.update(torch.tensor([2.0]))
    metric.compute()
    metric.update(torch.tensor([float("nan")]))
    assert_close(metric.compute(), {"raw": np.nan, "max": 2.0, "min": 2.0})
    vector = MinMaxMetric(CatMetric())
    vector.update(torch.tensor([1.0, 2.0]))
    with pytest.raises(RuntimeError, match="needs a scalar value"):
        vector.compute()
    with pytest.raises(ValueError, match="`base_metric` must be a Metric"):
        MinMaxMetric(3)


def test_minmax_moves_its_extremes(device):
    metric = MinMaxMetric(MeanMetric()).to(device)
    metric.update(torch.tensor([1.0], device=device))
    assert metric.compute()["max"].device.type == device.type
    assert "max_val" not in metric.state_dict()


# ---------------------------------------------------------------------- MultioutputWrapper
def np_mse_without_nan_rows(preds: np.ndarray, target: np.ndarray) -> float:
    keep = ~(np.isnan(preds) | np.isnan(target))
    return float(np.mean((preds[keep] - target[keep]) ** 2))


@pytest.mark.parametrize(("output_dim", "remove_nans"), [(-1, True), (0, False)])
def test_multioutput_against_numpy_per_output(output_dim, remove_nans, device):
    metric = MultioutputWrapper(MeanSquaredError(), num_outputs=3, output_dim=output_dim, remove_nans=remove_nans)
    metric = metric.to(device)
    batches = []
    for step in range(3):
        preds, target = torch.randn(6, 3), torch.randn(6, 3)  # samples x outputs
        if remove_nans:  # rows are samples along dimension 0
            preds[step, step] = float("nan")
        batches.append((preds, target))
        inputs = (preds.T, target.T) if output_dim == 0 else (preds, target)
        out = metric(*(tensor.to(device) for tensor in inputs))
        assert_close(out, [np_mse_without_nan_rows(preds[:, i].numpy(), target[:, i].numpy()) for i in range(3)])
    preds, target = (torch.cat(tensors).numpy() for tensors in zip(*batches))
    assert_close(metric.compute(), [np_mse_without_nan_rows(preds[:, i], target[:, i]) for i in range(3)])


def test_multioutput_without_nan_removal_or_squeezing():
    metric = MultioutputWrapper(
        CatMetric(nan_strategy="disable"), num_outputs=2, remove_nans=False, squeeze_outputs=False
    )
    metric.update(torch.tensor([[1.0, float("nan")], [2.0, 4.0]]))
    out = metric.compute()
    assert out.shape == (2, 2, 1)
    assert_close(out[:, :, 0], [[1.0, 2.0], [np.nan, 4.0]])


def test_multioutput_errors_and_rollback():
    with pytest.raises(ValueError, match="`num_outputs` must be a positive integer"):
        MultioutputWrapper(MeanMetric(), num_outputs=0)
    metric = MultioutputWrapper(StatScores(), num_outputs=2)
    metric.update(torch.tensor([[0, 1], [2, 2]]), torch.tensor([[0, 1], [2, 1]]))
    before = [copy.deepcopy(m.metric_state) for m in metric.metrics]
    with pytest.raises(ValueError, match="`target` must hold labels"):
        metric.update(torch.tensor([[0, 1], [2, 2]]), torch.tensor([[0, 1], [2, 7]]))
    assert_close([m.metric_state for m in metric.metrics], before)
    with pytest.raises(ValueError, match="at least 2 outputs along dimension -1"):
        metric.update(torch.zeros(3, 1, dtype=torch.long), torch.zeros(3, 1, dtype=torch.long))


# ----------------------------------------------------------------------- MultitaskWrapper
def multitask(**kwargs) -> MultitaskWrapper:
    return MultitaskWrapper(
        {"classes": MetricCollection([Precision(), Recall()]), "regression": MeanSquaredError()}, **kwargs
    )


def test_multitask_values_keys_and_affixes(device):
    metric = multitask(prefix="train_", postfix="_step").to(device)
    preds = {"classes": labels(device=device)[0], "regression": torch.randn(20, device=device)}
    target = {"classes": labels(device=device)[1], "regression": torch.randn(20, device=device)}
    out = metric(preds, target)
    assert list(out) == ["train_classes_step", "train_regression_step"]
    assert_close(
        out["train_classes_step"]["Precision"],
        np_reference("Precision", *to_numpy((preds["classes"], target["classes"]))),
    )
    assert_close(
        out["train_regression_step"],
        np_reference("MeanSquaredError", *to_numpy((preds["regression"], target["regression"]))),
        atol=1e-5,
    )
    assert_close(metric.compute(), out)
    assert list(metric.keys()) == ["train_classes_Precision_step", "train_classes_Recall_step", "train_regression_step"]
    assert list(metric.keys(flatten=False)) == ["train_classes_step", "train_regression_step"]
    assert [type(m).__name__ for m in metric.values()] == ["Precision", "Recall", "MeanSquaredError"]
    assert [name for name, _ in metric.items(flatten=False)] == ["train_classes_step", "train_regression_step"]
    assert list(metric.clone(prefix="val_").compute()) == ["val_classes", "val_regression"]
    metric.reset()
    assert not metric.task_metrics["regression"].update_called


def test_multitask_errors_and_rollback():
    with pytest.raises(TypeError, match="`task_metrics` must be a dict"):
        MultitaskWrapper([Precision()])
    with pytest.raises(TypeError, match="Task 'a' must map to a Metric"):
        MultitaskWrapper({"a": 1})
    with pytest.raises(ValueError, match="`prefix` must be a string"):
        multitask(prefix=1)
    metric = multitask()
    good = (
        {"classes": labels()[0], "regression": torch.randn(20)},
        {"classes": labels()[1], "regression": torch.randn(20)},
    )
    metric.update(*good)
    with pytest.raises(ValueError, match="must have the tasks' keys"):
        metric.update({"classes": good[0]["classes"]}, good[1])
    before = copy.deepcopy(metric.task_metrics["regression"].metric_state)
    bad_target = {"classes": torch.full((20,), 5), "regression": torch.randn(20)}
    with pytest.raises(ValueError, match="`target` must hold labels"):
        metric.update({"regression": torch.randn(20), "classes": labels()[0]}, bad_target)
    assert_close(metric.task_metrics["regression"].metric_state, before)


# ---------------------------------------------------------------------- input transformers
def test_lambda_and_binary_target_transformers(device):
    preds, target = torch.rand(10, device=device), torch.rand(10, device=device)
    lam = LambdaInputTransformer(MeanSquaredError(), lambda p: 1 - p, lambda t: t * 2).to(device)
    assert_close(lam(preds, target), np.mean((1 - to_numpy(preds) - 2 * to_numpy(target)) ** 2), atol=1e-6)
    binary = BinaryTargetTransformer(MetricCollection([MeanSquaredError(), WeightedMean()]), threshold=0.5).to(device)
    binary.update(preds, target)
    binarized = (to_numpy(target) > 0.5).astype(np.float32)
    assert_close(binary.compute()["MeanSquaredError"], np.mean((to_numpy(preds) - binarized) ** 2), atol=1e-6)
    identity = LambdaInputTransformer(MeanSquaredError())
    identity.update(preds.cpu(), target.cpu())
    assert_close(identity.compute(), np.mean((to_numpy(preds) - to_numpy(target)) ** 2), atol=1e-6)
    with pytest.raises(TypeError, match="`transform_pred` must be callable"):
        LambdaInputTransformer(MeanSquaredError(), transform_pred=3)
    with pytest.raises(TypeError, match="`threshold` must be an int or a float"):
        BinaryTargetTransformer(MeanSquaredError(), threshold="0.5")
    with pytest.raises(TypeError, match="`wrapped_metric` must be a Metric"):
        BinaryTargetTransformer(3)


# ------------------------------------------------------------------------- MetricTracker
def test_tracker_of_one_metric():
    tracker = MetricTracker(MacroF1())
    assert tracker.maximize is True
    per_step = []
    for _ in range(4):
        tracker.increment()
        batches = [labels() for _ in range(2)]
        tracker.update(*batches[0])
        out = tracker(*batches[1])
        assert_close(out, np_reference("MacroF1", *to_numpy(batches[1])))
        everything = to_numpy((torch.cat([b[0] for b in batches]), torch.cat([b[1] for b in batches])))
        per_step.append(np_reference("MacroF1", *everything))
        assert_close(tracker.compute(), per_step[-1])
    assert tracker.n_steps == 4
    assert len(tracker) == 5
    assert_close(tracker.compute_all(), per_step)
    best, step = tracker.best_metric(return_step=True)
    assert step == int(np.argmax(per_step))
    assert best == pytest.approx(max(per_step))
    assert tracker.best_metric() == pytest.approx(max(per_step))
    tracker.reset()
    assert not tracker[-1].update_called
    assert tracker[1].update_called
    tracker.reset_all()
    assert not tracker[1].update_called


def test_tracker_of_a_collection_with_maximize_per_metric():
    tracker = MetricTracker(MetricCollection([MacroF1(), MeanSquaredError()]), maximize=[True, False])
    per_step = []
    for _ in range(3):
        tracker.increment()
        preds, target = labels()
        tracker.update(preds, target)
        per_step.append(
            {name: np_reference(name, *to_numpy((preds, target))) for name in ("MacroF1", "MeanSquaredError")}
        )
    values = tracker.compute_all()
    assert_close(values, {name: [step[name] for step in per_step] for name in per_step[0]}, atol=1e-6)
    best, steps = tracker.best_metric(return_step=True)
    assert steps == {
        "MacroF1": int(np.argmax([s["MacroF1"] for s in per_step])),
        "MeanSquaredError": int(np.argmin([s["MeanSquaredError"] for s in per_step])),
    }
    assert best["MeanSquaredError"] == pytest.approx(min(s["MeanSquaredError"] for s in per_step))


def test_tracker_infers_maximize_and_validates_it():
    assert MetricTracker(MetricCollection([MacroF1(), MeanSquaredError()])).maximize == [True, False]
    assert MetricTracker(MetricCollection([ClasswiseWrapper(Precision(num_classes=4))])).maximize == [True] * 4
    with pytest.raises(AttributeError, match="pass `maximize` explicitly"):
        MetricTracker(SumMetric())
    with pytest.raises(ValueError, match="single bool"):
        MetricTracker(MacroF1(), maximize=[True])
    with pytest.raises(ValueError, match="has 1 items but the collection holds 2"):
        MetricTracker(MetricCollection([MacroF1(), MeanSquaredError()]), maximize=[True])
    with pytest.raises(ValueError, match="bool or a list of bools"):
        MetricTracker(MacroF1(), maximize="yes")
    with pytest.raises(TypeError, match="`metric` must be a Metric or a MetricCollection"):
        MetricTracker(3)
    tracker = MetricTracker(MacroF1())
    for method in ("update", "compute", "compute_all"):
        with pytest.raises(ValueError, match=f"`{method}` cannot be called before `.increment"):
            getattr(tracker, method)(*labels()) if method == "update" else getattr(tracker, method)()


def test_tracker_best_is_none_when_undefined():
    tracker = MetricTracker(Precision(), maximize=True)
    for _ in range(2):
        tracker.increment()
        tracker.update(*labels())
    with pytest.warns(UserWarning, match="could not rank the values"):
        assert tracker.best_metric(return_step=True) == (None, None)


def test_tracker_inside_a_collection():
    metrics = MetricCollection({"tracked": MetricTracker(MacroF1()), "plain": MacroF1()})
    metrics["tracked"].increment()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = metrics(*labels())
    assert_close(out["tracked"], out["plain"])


# --------------------------------------------------------------------------------- Running
def test_running_in_a_collection_receives_only_its_keyword_arguments():
    metrics = MetricCollection({"running": Running(MeanMetric(), window=2), "weighted": WeightedMean()})
    for value in (1.0, 2.0, 4.0):
        metrics.update(torch.tensor([value]), torch.tensor([1.0]), sample_weight=torch.tensor([value]))
    assert_close(metrics.compute(), {"running": 3.0, "weighted": 21 / 7})


# -------------------------------------------------------------------------------- registry
def test_wrappers_are_registered_in_the_wrappers_domain():
    from importlib import metadata

    try:
        metadata.distribution("metrics-core")
    except metadata.PackageNotFoundError:
        pytest.skip("metrics-core is not installed, so its entry point cannot be found")
    registry = MetricRegistry()
    assert registry.names(domain="wrappers") == [
        "BinaryTargetTransformer",
        "BootStrapper",
        "ClasswiseWrapper",
        "LambdaInputTransformer",
        "MetricTracker",
        "MinMaxMetric",
        "MultioutputWrapper",
        "MultitaskWrapper",
        "Running",
    ]
    assert registry.get("BootStrapper") is BootStrapper

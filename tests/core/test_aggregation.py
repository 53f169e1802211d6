"""Aggregation metrics against NumPy, across nan strategies, weights, forward and running windows."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from metrics_core import CatMetric, MaxMetric, MeanMetric, MinMetric, RunningMean, RunningSum, SumMetric
from metrics_core.aggregation import NanInputError
from metrics_core.wrappers import Running

REFERENCES = {
    SumMetric: np.sum,
    MeanMetric: np.mean,
    MaxMetric: np.max,
    MinMetric: np.min,
    CatMetric: lambda x: x,
}


def _nan_free(values: np.ndarray) -> np.ndarray:
    return values[~np.isnan(values)]


@pytest.mark.parametrize("metric_class", list(REFERENCES), ids=lambda c: c.__name__)
@pytest.mark.parametrize("shape", [(6,), (2, 3)])
def test_against_numpy(metric_class, shape):
    batches = [(torch.randn(*shape),) for _ in range(4)]
    reference = REFERENCES[metric_class]
    check_metric(metric_class, batches, lambda x: reference(x.reshape(-1)) if metric_class is not CatMetric else x)


@pytest.mark.parametrize("metric_class", list(REFERENCES), ids=lambda c: c.__name__)
@pytest.mark.parametrize("strategy", ["warn", "ignore"])
def test_nans_are_dropped(metric_class, strategy):
    values = [torch.tensor([1.0, float("nan"), 3.0]), torch.tensor([float("nan"), -2.0])]
    metric = metric_class(nan_strategy=strategy)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for value in values:
            metric.update(value)
    assert any("nan" in str(w.message) for w in caught) == (strategy == "warn")
    expected = REFERENCES[metric_class](_nan_free(torch.cat(values).numpy()))
    assert_close(metric.compute(), expected)


@pytest.mark.parametrize("metric_class", list(REFERENCES), ids=lambda c: c.__name__)
def test_nans_are_replaced_by_a_float(metric_class):
    metric = metric_class(nan_strategy=0.5)
    metric.update(torch.tensor([1.0, float("nan"), 3.0]))
    assert_close(metric.compute(), REFERENCES[metric_class](np.array([1.0, 0.5, 3.0])))


@pytest.mark.parametrize("metric_class", list(REFERENCES), ids=lambda c: c.__name__)
def test_nan_error_raises_and_keeps_state(metric_class):
    metric = metric_class(nan_strategy="error")
    metric.update(torch.tensor([1.0, 2.0]))
    before = {k: (list(v) if isinstance(v, list) else v.clone()) for k, v in metric.metric_state.items()}
    with pytest.raises(RuntimeError, match="NaN"):
        metric.update(torch.tensor([float("nan")]))
    with pytest.raises(ValueError, match="NaN"):
        metric(torch.tensor([float("nan")]))
    for name, value in metric.metric_state.items():
        if isinstance(value, list):
            assert len(value) == len(before[name])
        else:
            assert torch.equal(value, before[name])
    assert issubclass(NanInputError, RuntimeError)


def test_disable_lets_nans_through():
    metric = SumMetric(nan_strategy="disable")
    metric.update(torch.tensor([1.0, float("nan")]))
    assert torch.isnan(metric.compute())


@pytest.mark.parametrize("bad", ["sometimes", None, True])
def test_bad_nan_strategy_is_rejected(bad):
    with pytest.raises(ValueError, match="nan_strategy"):
        SumMetric(nan_strategy=bad)


def test_weighted_mean_against_numpy():
    values = [torch.rand(5) for _ in range(3)]
    weights = [torch.rand(5) for _ in range(3)]
    metric = MeanMetric()
    for value, weight in zip(values, weights):
        batch = metric(value, weight)
        assert_close(batch, np.average(value.numpy(), weights=weight.numpy()))
    expected = np.average(torch.cat(values).numpy(), weights=torch.cat(weights).numpy())
    assert_close(metric.compute(), expected)


def test_weighted_mean_broadcasts_scalar_weights_and_drops_nan_weights():
    metric = MeanMetric(nan_strategy="ignore")
    metric.update(torch.tensor([1.0, 2.0]), 3.0)
    metric.update(torch.tensor([10.0, 20.0]), torch.tensor([1.0, float("nan")]))
    assert_close(metric.compute(), (3 * 1 + 3 * 2 + 10) / 7)


def test_weight_that_does_not_broadcast_is_named():
    metric = MeanMetric()
    with pytest.raises(ValueError, match="`weight` of shape"):
        metric.update(torch.ones(3), torch.ones(2))
    assert metric.weight == 0


def test_numbers_and_lists_are_accepted_and_bad_types_are_named():
    metric = SumMetric()
    metric.update(2)
    metric.update([1.0, 2.0])
    assert metric.compute() == 5
    with pytest.raises(TypeError, match="`value`"):
        metric.update("three")


def test_empty_input_changes_nothing():
    for metric_class in (SumMetric, MaxMetric, MinMetric, CatMetric):
        metric = metric_class()
        metric.update(torch.tensor([]))
        metric.update(torch.tensor([4.0]))
        assert_close(metric.compute(), np.array([4.0]) if metric_class is CatMetric else 4.0)


def test_cat_metric_without_data_returns_empty_list():
    metric = CatMetric()
    with pytest.warns(UserWarning, match="before the `update`"):
        assert metric.compute() == []


def test_input_on_other_device_is_named(device):
    if device.type == "cpu":
        metric = SumMetric().to(torch.float64)
        metric._device = torch.device("meta")  # simulate states on another device without a GPU
    else:
        metric = SumMetric()
    with pytest.raises(ValueError, match="states of SumMetric are on"):
        metric.update(torch.ones(2, device=device))


def test_update_casts_to_metric_dtype():
    metric = SumMetric().double()
    metric.update(torch.ones(2, dtype=torch.float16))
    assert metric.compute().dtype == torch.float64


@pytest.mark.parametrize(
    ("metric_class", "reduce"), [(RunningMean, np.mean), (RunningSum, np.sum)], ids=["mean", "sum"]
)
@pytest.mark.parametrize("window", [1, 3, 5])
def test_running_window_against_numpy(metric_class, reduce, window):
    batches = [torch.randn(4) for _ in range(7)]
    metric = metric_class(window=window)
    for index, batch in enumerate(batches):
        value = metric(batch)
        assert_close(value, reduce(batch.numpy()))
        last = torch.cat(batches[max(0, index + 1 - window) : index + 1]).numpy()
        assert_close(metric.compute(), reduce(last))


def test_running_update_and_reset():
    metric = RunningSum(window=2)
    for value in (1.0, 2.0, 6.0):
        metric.update(torch.tensor(value))
    assert metric.compute() == 8
    metric.reset()
    metric.update(torch.tensor(5.0))
    assert metric.compute() == 5


def test_running_rejects_bad_arguments():
    with pytest.raises(ValueError, match="window"):
        RunningMean(window=0)
    with pytest.raises(TypeError, match="base_metric"):
        Running("metric")


def test_seed_lightning_style_max_tracking():
    best = MaxMetric()
    for accuracy in (0.5, 0.7, 0.6):
        best(torch.tensor(accuracy))
    assert_close(best.compute(), 0.7)


def _nan_batches(with_weights: bool) -> list[tuple[torch.Tensor, ...]]:
    generator = torch.Generator().manual_seed(3)
    out = []
    for size in (5, 7, 4):
        value = torch.randn(size, generator=generator)
        value[torch.rand(size, generator=generator) < 0.3] = float("nan")
        if not with_weights:
            out.append((value,))
            continue
        weight = torch.rand(size, generator=generator)
        weight[1] = float("nan")
        out.append((value, weight))
    out.append((torch.full((3,), float("nan")),) + ((torch.ones(3),) if with_weights else ()))  # all NaN
    return out


# CatMetric drops ignored NaN values on the host (how many remain decides the state's shape): it fills only
DEVICE_CASES = [
    (metric_class, weighted, nan_strategy)
    for metric_class, weighted in [
        (SumMetric, False),
        (MeanMetric, False),
        (MeanMetric, True),
        (MaxMetric, False),
        (MinMetric, False),
        (CatMetric, False),
    ]
    for nan_strategy in ("ignore", 0.5)
    if not (metric_class is CatMetric and nan_strategy == "ignore")
]


def _case_id(case: object) -> str:
    return getattr(case, "__name__", str(case))


@pytest.mark.parametrize(("metric_class", "weighted", "nan_strategy"), DEVICE_CASES, ids=_case_id)
def test_nan_handling_on_the_device_equals_the_host_path(monkeypatch, metric_class, weighted, nan_strategy):
    """Off the CPU, "ignore" and fill values are handled without a read back; here that path runs on the CPU."""
    batches = _nan_batches(weighted)
    on_host = metric_class(nan_strategy=nan_strategy)
    for batch in batches:
        on_host.update(*batch)
    monkeypatch.setattr(type(on_host), "_on_device", lambda self, value: self.nan_strategy in ("ignore", 0.5))
    on_device = metric_class(nan_strategy=nan_strategy)
    for batch in batches:
        on_device.update(*batch)
    assert_close(on_device.compute(), on_host.compute(), atol=1e-6)


@pytest.mark.parametrize(("metric_class", "weighted", "nan_strategy"), DEVICE_CASES, ids=_case_id)
def test_nan_handling_never_syncs_on_cuda(metric_class, weighted, nan_strategy):
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device: torch.cuda.is_available() is False")
    metric = metric_class(nan_strategy=nan_strategy).cuda()
    batches = [tuple(t.cuda() for t in batch) for batch in _nan_batches(weighted)]
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        for batch in batches:
            metric.update(*batch)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    expected = metric_class(nan_strategy=nan_strategy)
    for batch in _nan_batches(weighted):
        expected.update(*batch)
    assert_close(metric.compute(), expected.compute(), atol=1e-6)

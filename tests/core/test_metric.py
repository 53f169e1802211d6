"""The Metric contract: states, update/compute wrapping, forward, persistence, copies and moves."""

from __future__ import annotations

import copy
import io
import pickle
import warnings

import numpy as np
import pytest
import torch
from metrics_core import Metric


class MyAccuracy(Metric):
    """The seeds' custom metric, written exactly as there (full_state_update left unset)."""

    def __init__(self) -> None:
        super().__init__()
        self.add_state("correct", default=torch.tensor(0), dist_reduce_fx="sum")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: torch.Tensor, target: torch.Tensor) -> None:
        assert preds.shape == target.shape

        self.correct += torch.sum(preds == target)
        self.total += target.numel()

    def compute(self) -> torch.Tensor:
        return self.correct.float() / self.total


class ReducedAccuracy(MyAccuracy):
    full_state_update = False


class ReductionProbe(Metric):
    """One tensor state with a configurable reduction, plus a list state; compute returns both."""

    full_state_update = False

    def __init__(self, reduction, **kwargs) -> None:
        super().__init__(**kwargs)
        default = {"max": -torch.inf, "min": torch.inf}.get(reduction, 0.0)
        self.add_state("value", default=torch.tensor(default), dist_reduce_fx=reduction)
        self.add_state("seen", default=[], dist_reduce_fx="cat")
        self.reduction = reduction
        self.compute_calls = 0
        self.largest_compute_input = 0

    def update(self, x: torch.Tensor) -> None:
        if self.reduction == "max":
            self.value = torch.maximum(self.value, x.max())
        elif self.reduction == "min":
            self.value = torch.minimum(self.value, x.min())
        elif self.reduction == "mean":
            self.value = x.mean()
        else:
            self.value = self.value + x.sum()
        self.seen.append(x)

    def compute(self) -> dict[str, torch.Tensor]:
        self.compute_calls += 1
        seen = torch.cat(self.seen)
        self.largest_compute_input = max(self.largest_compute_input, seen.numel())
        return {"value": self.value, "seen": seen}


def _batches(count: int = 4, size: int = 5) -> list[torch.Tensor]:
    return [torch.randn(size) for _ in range(count)]


def test_seed_custom_accuracy_forward_and_compute():
    acc = MyAccuracy()
    assert torch.equal(acc(torch.tensor([1, 0]), torch.tensor([1, 0])), torch.tensor(1.0))
    assert torch.equal(acc(torch.tensor([1, 0]), torch.tensor([1, 1])), torch.tensor(0.5))
    assert torch.equal(acc.compute(), torch.tensor(0.75))
    assert repr(acc.compute()) == "tensor(0.7500)"


@pytest.mark.parametrize("metric_class", [MyAccuracy, ReducedAccuracy])
def test_forward_paths_agree(metric_class):
    preds = [torch.randint(0, 2, (7,)) for _ in range(5)]
    target = [torch.randint(0, 2, (7,)) for _ in range(5)]
    metric = metric_class()
    for p, t in zip(preds, target):
        expected_batch = (p == t).float().mean()
        torch.testing.assert_close(metric(p, t), expected_batch)
    expected = (torch.cat(preds) == torch.cat(target)).float().mean()
    torch.testing.assert_close(metric.compute(), expected)
    assert metric.update_count == 5


@pytest.mark.parametrize(
    ("reduction", "reference"),
    [
        ("sum", lambda xs: np.sum(np.concatenate(xs))),
        ("max", lambda xs: np.max(np.concatenate(xs))),
        ("min", lambda xs: np.min(np.concatenate(xs))),
        ("mean", lambda xs: np.mean([x.mean() for x in xs])),
        (lambda stacked: stacked.sum(0), lambda xs: np.sum(np.concatenate(xs))),
    ],
    ids=["sum", "max", "min", "mean", "callable"],
)
def test_forward_reduce_state_matches_update(reduction, reference):
    batches = _batches()
    by_update, by_forward = ReductionProbe(reduction), ReductionProbe(reduction)
    for x in batches:
        by_update.update(x)
        batch_value = by_forward(x)
        np.testing.assert_allclose(batch_value["value"].numpy(), reference([x.numpy()]), rtol=1e-5)
        torch.testing.assert_close(batch_value["seen"], x)
    expected = reference([x.numpy() for x in batches])
    # a "mean" state is defined by how batch states combine, which only forward exercises here
    for metric in (by_forward,) if reduction == "mean" else (by_update, by_forward):
        result = metric.compute()
        np.testing.assert_allclose(result["value"].numpy(), expected, rtol=1e-5)
        torch.testing.assert_close(result["seen"], torch.cat(batches))


def test_forward_of_list_state_never_computes_on_history():
    metric = ReductionProbe("sum")
    for _ in range(200):
        metric(torch.randn(3))
    assert metric.largest_compute_input == 3
    assert len(metric.seen) == 200
    assert metric.compute()["seen"].numel() == 600


def test_none_reduction_stacks_in_forward():
    class Last(Metric):
        full_state_update = False

        def __init__(self):
            super().__init__()
            self.add_state("last", default=torch.zeros(2), dist_reduce_fx=None)

        def update(self, x):
            self.last = x

        def compute(self):
            return self.last

    metric = Last()
    metric(torch.ones(2))
    assert metric.last.shape == (2, 2)


def test_compute_is_cached_until_next_update():
    metric = ReductionProbe("sum")
    metric.update(torch.ones(2))
    first = metric.compute()
    assert metric.compute() is first
    assert metric.compute_calls == 1
    metric.update(torch.ones(2))
    assert metric.compute()["value"] == 4
    assert metric.compute_calls == 2


def test_compute_without_cache_recomputes():
    metric = ReductionProbe("sum", compute_with_cache=False)
    metric.update(torch.ones(2))
    metric.compute()
    metric.compute()
    assert metric.compute_calls == 2


def test_computed_value_is_not_aliased_with_states():
    metric = ReducedAccuracy()
    metric.update(torch.tensor([1, 1]), torch.tensor([1, 1]))
    before = metric.compute()
    metric.update(torch.tensor([1]), torch.tensor([0]))
    assert before == 1.0
    assert metric.compute() == pytest.approx(2 / 3)


def test_compute_before_update_warns():
    metric = ReducedAccuracy()
    with pytest.warns(UserWarning, match="called before the `update`"):
        metric.compute()


def test_update_count_and_reset():
    metric = ReductionProbe("sum")
    metric.update(torch.ones(2))
    metric(torch.ones(2))
    assert metric.update_count == 2
    assert metric.update_called
    metric.reset()
    assert metric.update_count == 0
    assert metric.seen == []
    assert metric.value == 0


def test_unknown_keyword_argument_is_rejected_by_name():
    with pytest.raises(ValueError, match="'sync_on_comput'"):
        ReductionProbe("sum", sync_on_comput=False)


@pytest.mark.parametrize("name", ["compute_on_cpu", "dist_sync_on_step", "sync_on_compute", "compute_with_cache"])
def test_boolean_keyword_arguments_are_validated(name):
    with pytest.raises(ValueError, match=name):
        ReductionProbe("sum", **{name: "yes"})


def test_all_standard_keyword_arguments_are_accepted():
    metric = ReductionProbe(
        "sum",
        compute_on_cpu=True,
        dist_sync_on_step=False,
        process_group=None,
        dist_sync_fn=None,
        distributed_available_fn=lambda: False,
        sync_on_compute=False,
        compute_with_cache=False,
    )
    metric.update(torch.ones(2))
    assert metric.compute()["value"] == 2


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"default": torch.tensor(0.0), "dist_reduce_fx": "median"}, ValueError),
        ({"default": [torch.tensor(1.0)], "dist_reduce_fx": "cat"}, ValueError),
        ({"default": 3.0, "dist_reduce_fx": "sum"}, TypeError),
    ],
)
def test_add_state_validates(kwargs, error):
    metric = ReductionProbe("sum")
    with pytest.raises(error):
        metric.add_state("extra", **kwargs)


def test_add_state_rejects_names_of_methods():
    metric = ReductionProbe("sum")
    with pytest.raises(ValueError, match="clashes"):
        metric.add_state("update", default=torch.tensor(0.0))


class FailingMetric(Metric):
    """Modifies its states in place, then fails: the base class must restore them."""

    full_state_update = False

    def __init__(self):
        super().__init__()
        self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("items", default=[], dist_reduce_fx="cat")

    def update(self, x, fail=False):
        self.total += x.sum()
        self.items.append(x)
        if fail:
            raise RuntimeError("boom")

    def compute(self):
        return self.total


@pytest.mark.parametrize("use_forward", [False, True])
def test_update_that_raises_leaves_states_unchanged(use_forward):
    metric = FailingMetric()
    metric.update(torch.ones(3))
    before = copy.deepcopy(metric.metric_state)
    with pytest.raises(RuntimeError, match="boom"):
        (metric if use_forward else metric.update)(torch.ones(3), fail=True)
    after = metric.metric_state
    assert torch.equal(after["total"], before["total"])
    assert len(after["items"]) == len(before["items"]) == 1
    assert metric.update_count == 1
    assert metric.compute() == 3


def test_forward_batch_value_is_differentiable_but_states_are_not():
    class Total(Metric):
        full_state_update = False
        is_differentiable = True

        def __init__(self):
            super().__init__()
            self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")

        def update(self, x):
            self.total = self.total + x.sum()

        def compute(self):
            return self.total

    x = torch.ones(3, requires_grad=True)
    metric = Total()
    value = metric(x)
    assert not metric._forward_cache.requires_grad
    metric.clone()  # no graph held, so the metric deep-copies
    value.backward()
    assert torch.equal(x.grad, torch.ones(3))
    assert not metric.total.requires_grad
    metric.update(x)
    assert not metric.total.requires_grad


def test_dtype_moves_cast_float_states_and_list_items_only():
    metric = ReductionProbe("sum")
    metric.add_state("count", default=torch.tensor(0), dist_reduce_fx="sum")
    metric.update(torch.ones(2))
    metric.double()
    assert metric.value.dtype == torch.float64
    assert metric.seen[0].dtype == torch.float64
    assert metric.count.dtype == torch.int64
    assert metric.dtype == torch.float64
    metric.reset()
    assert metric.value.dtype == torch.float64
    metric.set_dtype(torch.float16)
    assert metric.value.dtype == torch.float16
    assert metric.dtype == torch.float16


def test_device_moves(device):
    metric = ReductionProbe("sum").to(device)
    assert metric.device.type == device.type
    metric.update(torch.ones(2, device=device))
    assert metric.value.device.type == device.type
    assert metric.seen[0].device.type == device.type
    metric.cpu()
    assert metric.device == torch.device("cpu")
    assert metric.seen[0].device == torch.device("cpu")
    metric.reset()
    assert metric.value.device == torch.device("cpu")


def test_metric_inside_module_moves_with_it():
    model = torch.nn.Module()
    model.metric = ReductionProbe("sum")
    model.double()
    assert model.metric.value.dtype == torch.float64


def test_compute_on_cpu_moves_list_states(device):
    metric = ReductionProbe("sum", compute_on_cpu=True).to(device)
    metric.update(torch.ones(2, device=device))
    assert metric.seen[0].device == torch.device("cpu")


def test_states_are_not_in_state_dict_by_default():
    metric = ReducedAccuracy()
    metric.update(torch.tensor([1]), torch.tensor([1]))
    assert metric.state_dict() == {}


def test_state_dict_round_trip_with_weights_only_load():
    metric = ReductionProbe("sum")
    metric.persistent(True)
    metric.update(torch.tensor([1.0, 2.0]))
    metric.update(torch.tensor([3.0]))
    buffer = io.BytesIO()
    torch.save(metric.state_dict(), buffer)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=True)
    restored = ReductionProbe("sum")
    restored.load_state_dict(loaded)
    assert restored.value == 6
    assert [t.tolist() for t in restored.seen] == [[1.0, 2.0], [3.0]]


def test_persistent_state_declared_in_add_state_and_nested_prefix():
    class Persisted(Metric):
        full_state_update = False

        def __init__(self):
            super().__init__()
            self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum", persistent=True)

        def update(self, x):
            self.total += x.sum()

        def compute(self):
            return self.total

    model = torch.nn.Module()
    model.metric = Persisted()
    model.metric.update(torch.ones(4))
    state = model.state_dict()
    assert set(state) == {"metric.total"}
    other = torch.nn.Module()
    other.metric = Persisted()
    other.load_state_dict(state)
    assert other.metric.total == 4


def test_pickle_deepcopy_and_clone_are_independent():
    metric = ReductionProbe("sum")
    metric.update(torch.ones(2))
    for copied in (pickle.loads(pickle.dumps(metric)), copy.deepcopy(metric), metric.clone()):
        assert copied.compute()["value"] == 2
        copied.update(torch.ones(2))
        assert copied.value == 4
        assert metric.value == 2


def test_metric_sent_through_torch_multiprocessing_does_not_share_states():
    from multiprocessing.reduction import ForkingPickler

    import torch.multiprocessing  # registers the shared-memory tensor reducers

    metric = ReductionProbe("sum")
    metric.update(torch.ones(2))
    child = pickle.loads(ForkingPickler.dumps(metric))
    child.update(torch.ones(3))
    assert metric.value == 2
    assert child.value == 5
    assert len(metric.seen) == 1


def test_metric_state_shows_every_state():
    metric = ReductionProbe("sum")
    metric.update(torch.tensor([1.0]))
    state = metric.metric_state
    assert set(state) == {"value", "seen"}
    assert state["value"] == 1
    assert len(state["seen"]) == 1


def test_merge_state_from_metric_and_dict():
    first, second = ReductionProbe("sum"), ReductionProbe("sum")
    first.update(torch.tensor([1.0, 2.0]))
    second.update(torch.tensor([3.0]))
    first.merge_state(second)
    result = first.compute()
    assert result["value"] == 6
    assert result["seen"].tolist() == [1.0, 2.0, 3.0]
    assert second.compute()["value"] == 3
    first.merge_state({"value": torch.tensor(4.0), "seen": [torch.tensor([4.0])]})
    assert first.compute()["value"] == 10
    assert first.update_count == 3


def test_merge_state_weights_mean_states_by_update_count():
    first, second = ReductionProbe("mean"), ReductionProbe("mean")
    for x in (torch.tensor([1.0]), torch.tensor([3.0])):
        first.update(x)  # a "mean" state holds the mean of the last batch here; merging weighs by counts
    second.update(torch.tensor([5.0]))
    first.value = torch.tensor(2.0)
    first.merge_state(second)
    assert first.value == pytest.approx((2.0 * 2 + 5.0) / 3)


def test_merge_state_rejects_other_types():
    with pytest.raises(TypeError, match="ReductionProbe"):
        ReductionProbe("sum").merge_state(ReducedAccuracy())
    with pytest.raises(TypeError):
        ReductionProbe("sum").merge_state(3)
    with pytest.raises(RuntimeError, match="full_state_update"):
        MyAccuracy().merge_state(MyAccuracy())


def test_class_attributes_and_hashing():
    metric = ReducedAccuracy()
    for attribute in ("is_differentiable", "higher_is_better", "full_state_update"):
        assert hasattr(metric, attribute)
    assert metric in {metric}
    with pytest.raises(TypeError):
        iter(metric)


def test_plot_without_matplotlib_names_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    metric = ReducedAccuracy()
    metric.update(torch.tensor([1]), torch.tensor([1]))
    with pytest.raises(ModuleNotFoundError, match=r"\[plot\]"):
        metric.plot()


def test_subclass_calling_super_update_counts_once():
    class Parent(Metric):
        full_state_update = False

        def __init__(self):
            super().__init__()
            self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")

        def update(self, x):
            self.total += x.sum()

        def compute(self):
            return self.total

    class Child(Parent):
        def update(self, x):
            super().update(x * 2)

        def compute(self):
            return super().compute() + 1

    metric = Child()
    metric.update(torch.ones(2))
    assert metric.update_count == 1
    assert metric.compute() == 5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert metric(torch.ones(1)) == 3

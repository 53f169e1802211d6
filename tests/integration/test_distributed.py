"""Distributed sync over real gloo process groups of 2 and 3 ranks.

Every rank updates its metrics with its own batches (uneven counts and sizes; in the 3-rank
group the middle rank sees no data) and calls ``compute()``; the synced value must equal the
value of one metric updated with the batches of all ranks, in rank order. Each group is spawned
once per world size and runs every scenario; the tests then check the scenarios' outcomes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
import torch
import torch.distributed as dist
from distributed_harness import run_distributed
from metric_harness import assert_close
from metrics_core import sync
from metrics_core.aggregation import CatMetric, MaxMetric, MeanMetric, MinMetric, SumMetric
from metrics_core.collection import MetricCollection
from metrics_core.metric import Metric
from metrics_core.states import dim_zero_cat
from metrics_core.wrappers.bootstrapping import BootStrapper
from metrics_core.wrappers.classwise import ClasswiseWrapper
from metrics_core.wrappers.minmax import MinMaxMetric
from metrics_core.wrappers.multioutput import MultioutputWrapper
from metrics_core.wrappers.multitask import MultitaskWrapper
from metrics_core.wrappers.running import Running

WORLD_SIZES = (2, 3)

# the rank without data computes before any update
pytestmark = pytest.mark.filterwarnings("ignore:The `compute` method of metric")


# ----------------------------------------------------------------------------- metrics under test
def _root_sum_square(stacked: torch.Tensor) -> torch.Tensor:
    return stacked.square().sum(0).sqrt()


class StateZoo(Metric):
    """Tensor states of every elementwise reduction and of several dtypes."""

    full_state_update = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_state("total", torch.zeros(3), dist_reduce_fx="sum")
        self.add_state("count", torch.tensor(0), dist_reduce_fx="sum")
        self.add_state("positives", torch.zeros(3, dtype=torch.int32), dist_reduce_fx="sum")
        self.add_state("saw_large", torch.tensor(False), dist_reduce_fx="sum")
        self.add_state("saw_huge", torch.tensor(False), dist_reduce_fx="sum")
        self.add_state("low", torch.full((3,), math.inf), dist_reduce_fx="min")
        self.add_state("high", torch.full((3,), -math.inf, dtype=torch.float64), dist_reduce_fx="max")
        self.add_state("peak", torch.tensor(-100, dtype=torch.int16), dist_reduce_fx="max")
        self.add_state("half_total", torch.zeros(3, dtype=torch.float16), dist_reduce_fx="sum")
        self.add_state("bf16_high", torch.full((3,), -100.0, dtype=torch.bfloat16), dist_reduce_fx="max")
        self.add_state("norm", torch.tensor(0.0, dtype=torch.float64), dist_reduce_fx=_root_sum_square)

    def update(self, x: torch.Tensor) -> None:
        self.total += x.sum(0)
        self.count += x.shape[0]
        self.positives += (x > 0).sum(0).int()
        self.saw_large |= (x > 1.5).any()
        self.saw_huge |= (x > 100).any()
        self.low = torch.minimum(self.low, x.min(0).values)
        self.high = torch.maximum(self.high, x.double().max(0).values)
        self.peak = torch.maximum(self.peak, (x * 10).round().to(torch.int16).max())
        self.half_total += (x * 4).round().half().sum(0)
        self.bf16_high = torch.maximum(self.bf16_high, x.bfloat16().max(0).values)
        self.norm = (self.norm.square() + x.double().square().sum()).sqrt()

    def compute(self) -> dict[str, torch.Tensor]:
        return dict(self.metric_state)


class MeanOfBatchMeans(Metric):
    """A ``"mean"`` state: the mean of the batch means (ranks weigh by their number of updates)."""

    full_state_update = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_state("average", torch.tensor(0.0), dist_reduce_fx="mean")

    def update(self, x: torch.Tensor) -> None:
        seen = self.update_count
        self.average = (self.average * seen + x.mean()) / (seen + 1)

    def compute(self) -> torch.Tensor:
        return self.average


class GrowingTensor(Metric):
    """A ``"cat"`` tensor state whose length differs across ranks."""

    full_state_update = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_state("seen", torch.zeros(0, 3), dist_reduce_fx="cat")

    def update(self, x: torch.Tensor) -> None:
        self.seen = torch.cat([self.seen, x])

    def compute(self) -> torch.Tensor:
        return self.seen


class ListZoo(Metric):
    """List states: concatenated rows, scalar items, items of varying shapes, a callable reduction."""

    full_state_update = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_state("rows", [], dist_reduce_fx="cat")
        self.add_state("sizes", [], dist_reduce_fx="cat")
        self.add_state("tiles", [], dist_reduce_fx=None)
        self.add_state("flags", [], dist_reduce_fx=dim_zero_cat)

    def update(self, x: torch.Tensor) -> None:
        self.rows.append(x)
        self.sizes.append(torch.tensor(x.shape[0]))
        self.tiles.append(x[:, : 1 + x.shape[0] % 3].double())
        self.flags.append(x[:, 0] > 0)

    def compute(self) -> dict[str, Any]:
        return {
            "rows": dim_zero_cat(self.rows),
            "sizes": torch.stack(self.sizes),
            "tiles": list(self.tiles),
            "flags": dim_zero_cat(self.flags),
        }


class ZooSummary(StateZoo):
    """The states of ``StateZoo`` (so both form a compute group), another value."""

    def compute(self) -> torch.Tensor:
        return self.total / self.count + self.high.float() - self.low


class RowsPerBatch(GrowingTensor):
    """The states of ``GrowingTensor``, another value."""

    def compute(self) -> torch.Tensor:
        return self.seen.sum(0)


class MaxOfWeighted(MaxMetric):
    """The largest ``value * weight``: a two-argument update, as a task of ``MultitaskWrapper`` needs."""

    def update(self, value: torch.Tensor, weight: torch.Tensor) -> None:
        super().update(value * weight)


def five_aggregations() -> MetricCollection:
    return MetricCollection([SumMetric(), MeanMetric(), MaxMetric(), MinMetric(), CatMetric()])


def grouped_collection() -> MetricCollection:
    metrics = {"zoo": StateZoo(), "summary": ZooSummary(), "seen": GrowingTensor(), "per_batch": RowsPerBatch()}
    return MetricCollection({**metrics, "lists": ListZoo(), "mean": MeanOfBatchMeans()})


def wrapped_collection() -> MetricCollection:
    classwise = ClasswiseWrapper(RowsPerBatch(), labels=["a", "b", "c"])
    return MetricCollection({"classwise": classwise, "minmax": MinMaxMetric(SumMetric()), "sum": SumMetric()})


COLLECTIONS: dict[str, Callable[[], MetricCollection]] = {
    "five_aggregations": five_aggregations,
    "compute_groups": grouped_collection,
    "wrappers": wrapped_collection,
}
# all_gather calls of a collection's compute: one for all the metrics (those inside wrappers too), a second one
# when list states outgrow the first buffer
GATHERS = {"five_aggregations": (1,), "compute_groups": (1, 2), "wrappers": (1,)}


def _fed_collection(name: str, batches: list[torch.Tensor]) -> MetricCollection:
    collection = COLLECTIONS[name]()
    for batch in batches:
        collection.update(batch[:, 0] if name == "five_aggregations" else batch)
    return collection


# ----------------------------------------------------------------------------- data of each rank
def _empty_rank(world_size: int) -> int | None:
    """The rank that sees no data: the middle one of three ranks."""
    return 1 if world_size == 3 else None


def rank_batches(rank: int, world_size: int) -> list[torch.Tensor]:
    """Rank ``r`` gets ``r + 1`` batches of 3 columns and uneven lengths (none on the empty rank)."""
    if rank == _empty_rank(world_size):
        return []
    generator = torch.Generator().manual_seed(100 * world_size + rank)
    return [torch.randn(2 + (3 * rank + i) % 5, 3, generator=generator) for i in range(rank + 1)]


def _weights(x: torch.Tensor) -> torch.Tensor:
    return x[:, 1].abs() + 0.5


@dataclass(frozen=True)
class Case:
    """A metric and how a batch feeds its ``update``."""

    factory: Callable[..., Metric]
    feed: Callable[[Metric, torch.Tensor], None] = lambda metric, x: metric.update(x)


CASES: dict[str, Case] = {
    "state_zoo": Case(StateZoo),
    "mean_state": Case(MeanOfBatchMeans),
    "growing_cat_tensor": Case(GrowingTensor),
    "list_states": Case(ListZoo),
    "list_states_compute_on_cpu": Case(lambda: ListZoo(compute_on_cpu=True)),
    "sum_metric": Case(SumMetric),
    "mean_metric_weighted": Case(MeanMetric, lambda metric, x: metric.update(x[:, 0], _weights(x))),
    "max_metric": Case(MaxMetric),
    "min_metric": Case(MinMetric),
    "cat_metric": Case(CatMetric),
    "cat_metric_2d": Case(CatMetric, lambda metric, x: metric.update(x[:, :2])),
    # one metric per column, all synced in one exchange
    "multioutput_wrapper": Case(lambda: MultioutputWrapper(SumMetric(), num_outputs=3)),
    "multitask_wrapper": Case(
        lambda: MultitaskWrapper(
            {"first": MeanMetric(), "rest": MetricCollection({"mean": MeanMetric(), "max": MaxOfWeighted()})}
        ),
        lambda metric, x: metric.update(
            {"first": x[:, 0], "rest": x[:, 1]}, {"first": _weights(x), "rest": _weights(x)}
        ),
    ),
}


def _local_metric(name: str, batches: list[torch.Tensor], **kwargs: Any) -> Metric:
    metric = CASES[name].factory(**kwargs) if kwargs else CASES[name].factory()
    for batch in batches:
        CASES[name].feed(metric, batch)
    return metric


def _union_metric(name: str, world_size: int) -> Metric:
    return _local_metric(name, [b for rank in range(world_size) for b in rank_batches(rank, world_size)])


# ----------------------------------------------------------------------------- scenarios (run on every rank)
_COLLECTIVES = ("all_gather", "all_reduce", "all_gather_into_tensor", "barrier", "broadcast", "all_gather_object")
_counts: dict[str, int] = {}


def _count_collectives() -> dict[str, int]:
    """Calls of each collective of ``torch.distributed`` in this process since the counts were last zeroed."""
    if not _counts:
        for name in _COLLECTIVES:
            original = getattr(dist, name)

            def counted(*args: Any, _name: str = name, _original: Callable = original, **kwargs: Any) -> Any:
                _counts[_name] = _counts.get(_name, 0) + 1
                return _original(*args, **kwargs)

            setattr(dist, name, counted)
            _counts[name] = 0
    return _counts


def _calls(counts: dict[str, int]) -> dict[str, int]:
    return {name: count for name, count in counts.items() if count}


def _states(metric: Metric) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, list) else value.clone() for name, value in metric.metric_state.items()
    }


def scenario_cases(rank: int, world_size: int) -> dict[str, Any]:
    """Each case's synced value, the local states left after compute, and the number of collectives."""
    out = {}
    counts = _count_collectives()
    for name in CASES:
        metric = _local_metric(name, rank_batches(rank, world_size))
        counts.update(dict.fromkeys(counts, 0))
        value = metric.compute()
        out[name] = {"value": value, "states_after": _states(metric), "collectives": sum(counts.values())}
    return out


def scenario_all_reduce_route(rank: int, world_size: int) -> dict[str, Any]:
    """Every sum/mean/min/max state large enough to take the ``all_reduce`` route."""
    sync.ALL_REDUCE_MIN_BYTES = 0
    try:
        counts = _count_collectives()
        out = {}
        for name in ("state_zoo", "mean_state", "mean_metric_weighted"):
            metric = _local_metric(name, rank_batches(rank, world_size))
            counts.update(dict.fromkeys(counts, 0))
            out[name] = metric.compute()
            out[name + ":collectives"] = _calls(counts)
        return out
    finally:
        sync.ALL_REDUCE_MIN_BYTES = 1 << 20


def scenario_large_cat(rank: int, world_size: int) -> dict[str, Any]:
    """A list state too large for the first buffer: a second gather carries the rest."""
    counts = _count_collectives()
    metric = CatMetric()
    if rank != _empty_rank(world_size):
        metric.update(torch.arange(5000.0 * (rank + 1)))
    counts.update(dict.fromkeys(counts, 0))
    value = metric.compute()
    return {"length": value.numel(), "sum": value.sum().item(), "collectives": _calls(counts)}


def scenario_api(rank: int, world_size: int) -> dict[str, Any]:
    """``sync``/``unsync``/``sync_context``, ``sync_on_compute``, ``distributed_available_fn``, ``dist_sync_fn``."""
    batches = rank_batches(rank, world_size)
    out: dict[str, Any] = {}
    metric = _local_metric("sum_metric", batches)
    metric.sync()
    out["synced"] = metric.sum_value.clone()
    try:
        metric.sync()
    except RuntimeError as err:
        out["sync_twice"] = str(err)
    metric.unsync()
    out["unsynced"] = metric.sum_value.clone()
    with metric.sync_context():
        out["in_context"] = metric.sum_value.clone()
    out["after_context"] = metric.sum_value.clone()

    out["no_sync_on_compute"] = _local_metric("sum_metric", batches, sync_on_compute=False).compute()
    out["not_available"] = _local_metric("sum_metric", batches, distributed_available_fn=lambda: False).compute()

    calls = []

    def gather(tensor: torch.Tensor | None, group: Any = None) -> list[torch.Tensor]:
        calls.append(None if tensor is None else tensor.shape)
        return sync.gather_all_tensors(tensor, group)

    for name in ("state_zoo", "growing_cat_tensor", "cat_metric_2d"):
        metric = _local_metric(name, batches, dist_sync_fn=gather)
        out[f"dist_sync_fn:{name}"] = metric.compute()
    out["dist_sync_fn_calls"] = len(calls)
    return out


def scenario_collections(rank: int, world_size: int) -> dict[str, Any]:
    """A collection syncs the states of all its metrics together; shared (compute group) states once."""
    counts = _count_collectives()
    out = {}
    for name in COLLECTIONS:
        collection = _fed_collection(name, rank_batches(rank, world_size))
        counts.update(dict.fromkeys(counts, 0))
        value = collection.compute()
        modules = collection._modules
        out[name] = {
            "value": value,
            "collectives": _calls(counts),
            "groups": collection.compute_groups,
            "states_after": {key: _states(metric) for key, metric in modules.items()},
            "still_shared": name != "compute_groups" or modules["zoo"].total is modules["summary"].total,
        }
    return out


def scenario_wrappers(rank: int, world_size: int) -> dict[str, Any]:
    """Wrappers of several metrics sync them in one exchange; ``Running`` reduces each rank's window once."""
    counts = _count_collectives()
    out = {}
    bootstrapper = BootStrapper(SumMetric(), num_bootstraps=6, generator=torch.Generator().manual_seed(rank))
    running = Running(SumMetric(), window=2)
    for batch in rank_batches(rank, world_size):
        bootstrapper.update(batch[:, 0])
        running.update(batch[:, 0])
    for name, metric in (("bootstrapper", bootstrapper), ("running", running)):
        counts.update(dict.fromkeys(counts, 0))
        out[name] = {"value": metric.compute(), "collectives": _calls(counts)}
    return out


def scenario_dist_sync_on_step(rank: int, world_size: int) -> list[torch.Tensor]:
    """``forward`` with ``dist_sync_on_step=True`` returns each step's value over all ranks."""
    metric = SumMetric(dist_sync_on_step=True)
    generator = torch.Generator().manual_seed(rank)
    return [metric(torch.randn(2 + rank, generator=generator)) for _ in range(2)] + [metric.compute()]


def scenario_misuse(rank: int, world_size: int) -> dict[str, str]:
    """Ranks that disagree all get the same ValueError, and the group keeps working."""
    out = {}

    def attempt(label: str, metric: Metric) -> None:
        try:
            metric.compute()
            out[label] = "no error"
        except ValueError as err:
            out[label] = str(err)
        except Exception as err:  # pragma: no cover - reported to the parent
            out[label] = f"{type(err).__name__}: {err}"

    metric = SumMetric()
    metric.update(1.0)
    if rank == 0:
        metric.sum_value = metric.sum_value.double()
    attempt("dtype", metric)

    metric = GrowingTensor()
    metric.update(torch.ones(1, 3))
    metric.seen = torch.ones(1, 3 + (rank == 0))
    attempt("cat_trailing_shape", metric)

    metric = StateZoo()
    metric.update(torch.ones(2, 3))
    if rank == 0:
        metric.total = torch.zeros(4)
    attempt("sum_shape", metric)

    metric = ListZoo()
    metric.update(torch.ones(2, 3))
    if rank == 0:
        metric.rows[0] = metric.rows[0].double()
    attempt("list_dtype", metric)

    metric = SumMetric() if rank == 0 else MaxMetric()
    metric.update(1.0)
    attempt("different_metrics", metric)

    metric = SumMetric()
    metric.update(1.0)
    if rank == 0:
        metric.sum_value = metric.sum_value.reshape((1,) * 9)
    attempt("too_many_dims", metric)

    metric = SumMetric()
    metric.update(2.0)
    out["after"] = str(metric.compute().item())
    return out


def scenario_subgroup(rank: int, world_size: int) -> torch.Tensor | None:
    """``process_group=`` restricts the sync to the ranks of that group."""
    group = dist.new_group([0, 2])
    if rank == 1:
        return None
    metric = SumMetric(process_group=group)
    metric.update(float(rank + 1))
    return metric.compute()


SCENARIOS: dict[str, Callable[[int, int], Any]] = {
    "cases": scenario_cases,
    "all_reduce_route": scenario_all_reduce_route,
    "large_cat": scenario_large_cat,
    "api": scenario_api,
    "collections": scenario_collections,
    "wrappers": scenario_wrappers,
    "dist_sync_on_step": scenario_dist_sync_on_step,
    "misuse": scenario_misuse,
    "subgroup": scenario_subgroup,
}


def run_scenarios(rank: int, world_size: int) -> dict[str, Any]:
    """Run every scenario on this rank (the 2-rank group skips the 3-rank-only ones)."""
    import warnings

    warnings.simplefilter("ignore")  # the empty rank's "compute before update" warnings
    out = {}
    for name, scenario in SCENARIOS.items():
        if name == "subgroup" and world_size < 3:
            continue
        out[name] = scenario(rank, world_size)
    return out


@cache
def _run_once(world_size: int) -> tuple[list[dict[str, Any]] | None, str]:
    try:
        return run_distributed(run_scenarios, world_size, timeout=150), ""
    except (AssertionError, RuntimeError, TimeoutError) as err:
        return None, str(err)


def outcomes(world_size: int) -> list[dict[str, Any]]:
    """What every rank of a ``world_size`` group returned (the group runs once per test session)."""
    ranks, failure = _run_once(world_size)
    if ranks is None:
        pytest.fail(f"the {world_size}-rank group failed:\n{failure}")
    return ranks


@pytest.fixture(params=WORLD_SIZES, ids=lambda n: f"{n}ranks")
def world(request: pytest.FixtureRequest) -> tuple[int, list[dict[str, Any]]]:
    return request.param, outcomes(request.param)


# ----------------------------------------------------------------------------- checks in the parent
@pytest.mark.parametrize("name", list(CASES))
def test_synced_compute_equals_union(world: tuple[int, list], name: str) -> None:
    world_size, ranks = world
    expected = _union_metric(name, world_size).compute()
    for rank, result in enumerate(ranks):
        got = result["cases"][name]
        _check(got["value"], expected, f"{name} on rank {rank}")
        local = _states(_local_metric(name, rank_batches(rank, world_size)))
        _check(got["states_after"], local, f"{name}: local states after compute, rank {rank}", atol=0)


def _assert_same_dtypes(got: Any, expected: Any) -> None:
    if isinstance(expected, dict):
        for key in expected:
            _assert_same_dtypes(got[key], expected[key])
    elif isinstance(expected, list):
        for item, want in zip(got, expected):
            _assert_same_dtypes(item, want)
    elif isinstance(expected, torch.Tensor):
        assert got.dtype == expected.dtype


def _numpy_ready(value: Any) -> Any:
    """bfloat16 tensors as float32 (NumPy has no bfloat16)."""
    if isinstance(value, dict):
        return {key: _numpy_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numpy_ready(item) for item in value]
    if isinstance(value, torch.Tensor) and value.dtype == torch.bfloat16:
        return value.float()
    return value


def _check(got: Any, expected: Any, where: str = "", atol: float = 1e-5) -> None:
    """Equal values (to ``atol``) and equal dtypes."""
    _assert_same_dtypes(got, expected)
    assert_close(_numpy_ready(got), _numpy_ready(expected), atol=atol, where=where)


def test_list_states_end_on_cpu_with_compute_on_cpu(world: tuple[int, list]) -> None:
    _, ranks = world
    for result in ranks:
        value = result["cases"]["list_states_compute_on_cpu"]["value"]
        assert all(item.device.type == "cpu" for item in value["tiles"])


@pytest.mark.parametrize(
    "name",
    [
        "state_zoo",
        "sum_metric",
        "mean_metric_weighted",
        "list_states",
        "cat_metric",
        "multioutput_wrapper",
        "multitask_wrapper",
    ],
)
def test_one_metric_syncs_in_one_collective(world: tuple[int, list], name: str) -> None:
    _, ranks = world
    assert [result["cases"][name]["collectives"] for result in ranks] == [1] * len(ranks)


def test_large_list_state_takes_a_second_gather(world: tuple[int, list]) -> None:
    world_size, ranks = world
    lengths = [5000 * (rank + 1) for rank in range(world_size) if rank != _empty_rank(world_size)]
    expected_sum = sum(n * (n - 1) / 2 for n in lengths)
    for result in ranks:
        got = result["large_cat"]
        assert got["length"] == sum(lengths)
        assert got["sum"] == pytest.approx(expected_sum)
        assert got["collectives"] == {"all_gather": 2}


def test_large_states_all_reduce_by_operation_and_dtype(world: tuple[int, list]) -> None:
    world_size, ranks = world
    for name in ("state_zoo", "mean_state", "mean_metric_weighted"):
        expected = _union_metric(name, world_size).compute()
        for result in ranks:
            _check(result["all_reduce_route"][name], expected, name)
    zoo = ranks[0]["all_reduce_route"]["state_zoo:collectives"]
    # (sum, f32) (sum, i64) (sum, i32) (max, bool) (min, f32) (max, f64) + one gather for int16, f16, bf16, callable
    assert zoo == {"all_gather": 1, "all_reduce": 6}


def test_sync_unsync_and_options(world: tuple[int, list]) -> None:
    world_size, ranks = world
    total = _union_metric("sum_metric", world_size).compute()
    for rank, result in enumerate(ranks):
        local = _local_metric("sum_metric", rank_batches(rank, world_size)).compute()
        got = result["api"]
        assert_close(got["synced"], total)
        assert_close(got["in_context"], total)
        assert "already been synced" in got["sync_twice"]
        for key in ("unsynced", "after_context", "no_sync_on_compute", "not_available"):
            assert_close(got[key], local, where=key)
        for name in ("state_zoo", "growing_cat_tensor", "cat_metric_2d"):
            _check(got[f"dist_sync_fn:{name}"], _union_metric(name, world_size).compute(), name)
        assert got["dist_sync_fn_calls"] == 11 + 1 + 1


def test_dist_sync_on_step(world: tuple[int, list]) -> None:
    world_size, ranks = world
    steps = [[] for _ in range(2)]
    for rank in range(world_size):
        generator = torch.Generator().manual_seed(rank)
        for step in range(2):
            steps[step].append(torch.randn(2 + rank, generator=generator).sum())
    for result in ranks:
        for step in range(2):
            assert_close(result["dist_sync_on_step"][step], sum(steps[step]), where=f"step {step}")
        assert_close(result["dist_sync_on_step"][2], sum(sum(s) for s in steps))


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("dtype", "different dtypes across ranks"),
        ("cat_trailing_shape", "only in their first dimension"),
        ("sum_shape", "only 'cat' states may differ"),
        ("list_dtype", "different dtypes across ranks"),
        ("different_metrics", "different metrics or states"),
        ("too_many_dims", "more than 8 dimensions"),
    ],
)
def test_misuse_raises_on_every_rank(world: tuple[int, list], label: str, message: str) -> None:
    _, ranks = world
    for result in ranks:
        assert message in result["misuse"][label]
    assert len({result["misuse"][label] for result in ranks}) == 1


def test_group_still_works_after_misuse(world: tuple[int, list]) -> None:
    world_size, ranks = world
    assert [result["misuse"]["after"] for result in ranks] == [str(2.0 * world_size)] * world_size


def test_process_group_subset() -> None:
    ranks = outcomes(3)
    assert [None if r["subgroup"] is None else r["subgroup"].item() for r in ranks] == [4.0, None, 4.0]


@pytest.mark.parametrize("name", list(COLLECTIONS))
def test_collection_syncs_all_metrics_together(world: tuple[int, list], name: str) -> None:
    world_size, ranks = world
    union = _fed_collection(name, [b for rank in range(world_size) for b in rank_batches(rank, world_size)])
    expected = union.compute()
    for rank, result in enumerate(ranks):
        got = result["collections"][name]
        _check(got["value"], expected, f"{name} on rank {rank}")
        # one gather; a second one when the list states outgrow the first buffer
        assert got["collectives"] in [{"all_gather": count} for count in GATHERS[name]]
        assert got["still_shared"] or rank == _empty_rank(world_size)  # no update, no compute groups
        local = _fed_collection(name, rank_batches(rank, world_size))
        expected_states = {key: _states(metric) for key, metric in local._modules.items()}
        _check(got["states_after"], expected_states, f"{name}: local states after compute", atol=0)
    if name == "compute_groups":
        assert ranks[0]["collections"][name]["groups"] == {
            0: ["lists"],
            1: ["mean"],
            2: ["per_batch", "seen"],
            3: ["summary", "zoo"],
        }


def rank_zero_skips_compute(rank: int, world_size: int) -> None:
    """The misuse that cannot be detected: one rank does something else instead of joining the sync."""
    metric = SumMetric()
    metric.update(1.0)
    if rank == 0:
        time.sleep(60)
    else:
        metric.compute()


def test_a_rank_that_skips_compute_is_stopped_by_the_time_limit() -> None:
    import multiprocessing

    with pytest.raises(TimeoutError, match="did not finish"):
        run_distributed(rank_zero_skips_compute, 2, timeout=8)
    assert multiprocessing.active_children() == []


# ----------------------------------------------------------------------------- CUDA (skipped without a GPU)
# each case and the devices its synced value lands on (list_states mixes CPU and CUDA items)
CUDA_CASES = {
    "state_zoo": {"cuda"},
    "mean_metric_weighted": {"cuda"},
    "cat_metric": {"cuda"},
    "list_states": {"cpu", "cuda"},
    "list_states_compute_on_cpu": {"cpu"},
}
needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")


def _on_cpu(value: Any) -> tuple[Any, list[str]]:
    """The value with its tensors on the CPU, and the devices they were on."""
    if isinstance(value, dict):
        pairs = {key: _on_cpu(item) for key, item in value.items()}
        return {key: pair[0] for key, pair in pairs.items()}, [d for pair in pairs.values() for d in pair[1]]
    if isinstance(value, list):
        pairs = [_on_cpu(item) for item in value]
        return [pair[0] for pair in pairs], [d for pair in pairs for d in pair[1]]
    return value.cpu(), [value.device.type]


def scenario_cuda_states(rank: int, world_size: int) -> dict[str, Any]:
    """Metrics on the GPU, synced over gloo (which moves bytes through the CPU)."""
    out = {}
    for name in CUDA_CASES:
        metric = CASES[name].factory().to("cuda")
        for batch in rank_batches(rank, world_size):
            CASES[name].feed(metric, batch.cuda())
        out[name] = _on_cpu(metric.compute())
    return out


def scenario_nccl_compute_on_cpu(rank: int, world_size: int) -> dict[str, Any]:
    """``compute_on_cpu=True`` under nccl: list states are synced on the GPU and computed on the CPU."""
    metric = ListZoo(compute_on_cpu=True).to("cuda")
    for batch in rank_batches(0, 2):
        metric.update(batch.cuda())
    value, devices = _on_cpu(metric.compute())
    return {"value": value, "devices": devices, "local": [item.device.type for item in metric.rows]}


@needs_cuda
def test_cuda_metrics_sync_over_gloo() -> None:
    ranks = run_distributed(scenario_cuda_states, 2, timeout=150)
    for name, expected_devices in CUDA_CASES.items():
        expected = _union_metric(name, 2).compute()
        for result in ranks:
            value, devices = result[name]
            _check(value, expected, name, atol=1e-4)
            assert set(devices) <= expected_devices, name


@needs_cuda
def test_compute_on_cpu_with_nccl() -> None:
    (result,) = run_distributed(scenario_nccl_compute_on_cpu, 1, timeout=150, backend="nccl")
    _check(result["value"], _local_metric("list_states", rank_batches(0, 2)).compute(), "nccl", atol=1e-4)
    assert set(result["devices"]) == {"cpu"}
    assert set(result["local"]) == {"cpu"}


def test_bootstrapper_syncs_its_copies_in_one_collective(world: tuple[int, list]) -> None:
    _, ranks = world
    assert [result["wrappers"]["bootstrapper"]["collectives"] for result in ranks] == [{"all_gather": 1}] * len(ranks)
    values = [result["wrappers"]["bootstrapper"]["value"] for result in ranks]
    for value in values[1:]:  # every rank computes from the same synced resamples
        _check(value, values[0])


def test_running_reduces_each_ranks_window_once(world: tuple[int, list]) -> None:
    world_size, ranks = world
    windows = [rank_batches(rank, world_size)[-2:] for rank in range(world_size)]
    expected = sum((batch[:, 0].sum() for window in windows for batch in window), torch.tensor(0.0))
    for result in ranks:
        _check(result["wrappers"]["running"]["value"], expected)
        assert result["wrappers"]["running"]["collectives"] == {"all_gather": 1}

"""The benchmark table: one entry per case, each building a Runner for any library.

To add a case, append a ``Case`` to ``CASES`` with a builder. ``metric_call`` covers "call a metric
method on fixed inputs" (update, forward, compute; with an accumulated history or not); write a new
builder for anything else, e.g. a ``MetricCollection`` of classification metrics or an AUROC compute::

    Case("MulticlassAccuracy.update", metric_call("MulticlassAccuracy", init={"num_classes": 10},
         inputs=multiclass_batch), calls=200)

A builder receives a ``Library`` and returns a ``Runner``; both libraries get identical inputs.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import torch
from libraries import Library, lookup_function
from timing import Runner

BATCH = 256
SEED = 2024

Builder = Callable[[Library], Runner]


@dataclass(frozen=True)
class Case:
    """One row of the table: ``calls`` timed calls per round, ``rounds`` rounds per library."""

    name: str
    build: Builder
    calls: int = 200
    rounds: int = 30
    warmup: int = 2


@dataclass(frozen=True)
class Growth:
    """How a library's cost grows: the ratio of its median in case ``late`` to that in case ``early``."""

    name: str
    late: str
    early: str


def float_batch(size: int = BATCH) -> tuple[torch.Tensor, ...]:
    """One batch of ``size`` floats in [0, 1), the same for every library (fixed seed)."""
    generator = torch.Generator().manual_seed(SEED)
    return (torch.rand(size, generator=generator),)


def metric_call(
    class_name: str,
    method: str = "update",
    *,
    init: dict | None = None,
    inputs: Callable[[], tuple] = float_batch,
    history: int = 0,
) -> Builder:
    """Time ``metric.<method>(*inputs)`` (``method="forward"`` calls the metric itself).

    With ``history`` > 0, every round starts from a reset metric fed ``history`` batches (untimed),
    so the timed calls see that much accumulated state.
    """

    def build(library: Library) -> Runner:
        metric = library.lookup(class_name)(**(init or {}))
        args = inputs()
        if method == "compute":
            metric.update(*args)
            step = metric.compute
        else:
            step = partial(metric if method == "forward" else getattr(metric, method), *args)

        def prepare() -> None:
            metric.reset()
            for _ in range(history - 1):
                metric.update(*args)
            # The last batch goes through the timed method itself, untimed: after a long run of
            # updates its first call pays for cold caches, which no training loop sees.
            step()

        return Runner(step=step, prepare=prepare if history else None)

    return build


STAT_SCORE_METRICS = (
    "MulticlassAccuracy",
    "MulticlassPrecision",
    "MulticlassRecall",
    "MulticlassF1Score",
    "MulticlassSpecificity",
)


def multiclass_batch(num_classes: int = 10, size: int = BATCH) -> tuple[torch.Tensor, torch.Tensor]:
    """Probabilities over ``num_classes`` classes and integer targets, the same on every call."""
    generator = torch.Generator().manual_seed(0)
    preds = torch.randn(size, num_classes, generator=generator).softmax(dim=-1)
    return preds, torch.randint(num_classes, (size,), generator=generator)


def regression_batch(size: int = BATCH) -> tuple[torch.Tensor, torch.Tensor]:
    """Predictions and targets of one output, the same on every call."""
    generator = torch.Generator().manual_seed(2)
    target = torch.randn(size, generator=generator)
    return target + 0.3 * torch.randn(size, generator=generator), target


def grouped_binary_batch(num_groups: int = 5, size: int = BATCH) -> tuple[torch.Tensor, ...]:
    """Probabilities, 0/1 targets and group ids in [0, ``num_groups``), the same on every call."""
    generator = torch.Generator().manual_seed(1)
    preds, target = torch.rand(size, generator=generator), torch.randint(2, (size,), generator=generator)
    return preds, target, torch.randint(num_groups, (size,), generator=generator)


def collection_call(method: str) -> Builder:
    """Time ``update`` or ``forward`` of a MetricCollection of five stat-score metrics (10 classes, macro).

    One untimed update first, so both libraries have found their compute groups.
    """

    def build(library: Library) -> Runner:
        metrics = [library.lookup(name)(num_classes=10, average="macro") for name in STAT_SCORE_METRICS]
        collection = library.lookup("MetricCollection")(metrics)
        args = multiclass_batch()
        collection.update(*args)
        return Runner(step=partial(collection if method == "forward" else collection.update, *args))

    return build


def auroc_compute(batches: int = 1000) -> Builder:
    """Time ``MulticlassAUROC(num_classes=10).compute()`` (exact, no cache) after ``batches`` distinct batches."""

    def build(library: Library) -> Runner:
        metric = library.lookup("MulticlassAUROC")(num_classes=10, compute_with_cache=False)
        generator = torch.Generator().manual_seed(SEED)
        for _ in range(batches):
            preds = torch.randn(BATCH, 10, generator=generator).softmax(dim=-1)
            metric.update(preds, torch.randint(10, (BATCH,), generator=generator))
        return Runner(step=metric.compute)

    return build


def function_call(name: str, inputs: Callable[[], tuple], **kwargs: object) -> Builder:
    """Time a functional metric (found by its TorchMetrics name) on fixed inputs."""

    def build(library: Library) -> Runner:
        return Runner(step=partial(lookup_function(library, name), *inputs(), **kwargs))

    return build


_IMPORT_PROGRAM = """
import time, warnings
warnings.simplefilter("ignore")
{setup}
start = time.perf_counter()
{statement}
print(time.perf_counter() - start)
"""


def import_time(statement: str, setup: str = "") -> Builder:
    """Seconds a fresh interpreter spends on ``statement`` (``{module}``: the library) after ``setup``."""

    def build(library: Library) -> Runner:
        program = _IMPORT_PROGRAM.format(setup=setup, statement=statement.format(module=library.module))

        def measure() -> float:
            result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
            return float(result.stdout.strip().splitlines()[-1])

        return Runner(measure=measure)

    return build


CASES: list[Case] = [
    Case("SumMetric.update (256 floats)", metric_call("SumMetric", init={"nan_strategy": "warn"})),
    Case("MeanMetric.update (256 floats)", metric_call("MeanMetric", init={"nan_strategy": "warn"})),
    Case(
        "MeanMetric.forward (256 floats)",
        metric_call("MeanMetric", "forward", init={"nan_strategy": "warn"}),
    ),
    # A block of 20 timed calls per round: long enough for a stable clock, short enough that the
    # history stays near 10 (10 to 30) or near 1000 (1000 to 1020) batches.
    Case(
        "CatMetric.forward after 10 batches",
        metric_call("CatMetric", "forward", history=10),
        calls=20,
        rounds=60,
        warmup=3,
    ),
    Case(
        "CatMetric.forward after 1000 batches",
        metric_call("CatMetric", "forward", history=1000),
        calls=20,
        rounds=30,
        warmup=2,
    ),
    Case("MulticlassAUROC(10).compute after 1000 batches of 256", auroc_compute(), calls=1, rounds=9, warmup=1),
    Case("multiclass_auroc (256x10, 10 classes)", function_call("multiclass_auroc", multiclass_batch, num_classes=10)),
    Case(
        "MulticlassAUROC.forward after 10 batches",
        metric_call("MulticlassAUROC", "forward", init={"num_classes": 10}, inputs=multiclass_batch, history=10),
        calls=20,
        rounds=30,
        warmup=3,
    ),
    Case(
        "MulticlassAUROC.forward after 1000 batches",
        metric_call("MulticlassAUROC", "forward", init={"num_classes": 10}, inputs=multiclass_batch, history=1000),
        calls=20,
        rounds=15,
        warmup=2,
    ),
    Case(
        "BinaryFairness(5).update (256 samples, 5 groups)",
        metric_call("BinaryFairness", init={"num_groups": 5}, inputs=grouped_binary_batch),
    ),
    Case(
        "BinaryFairness(5).forward (256 samples, 5 groups)",
        metric_call("BinaryFairness", "forward", init={"num_groups": 5}, inputs=grouped_binary_batch),
        calls=50,
    ),
    Case(
        "MulticlassAUROC(10, thresholds=100).update",
        metric_call("MulticlassAUROC", init={"num_classes": 10, "thresholds": 100}, inputs=multiclass_batch),
    ),
    Case("R2Score.update (256 pairs)", metric_call("R2Score", inputs=regression_batch)),
    Case("PearsonCorrCoef.update (256 pairs)", metric_call("PearsonCorrCoef", inputs=regression_batch)),
    Case("PearsonCorrCoef.forward (256 pairs)", metric_call("PearsonCorrCoef", "forward", inputs=regression_batch)),
    Case("MetricCollection of 5 stat-score metrics .update", collection_call("update")),
    Case("MetricCollection of 5 stat-score metrics .forward", collection_call("forward"), calls=50),
    Case("import <lib> (cold)", import_time("import {module}"), calls=1, rounds=5, warmup=1),
    Case(
        "import torch, then from <lib> import MeanMetric",
        import_time("from {module} import MeanMetric", setup="import torch"),
        calls=1,
        rounds=5,
        warmup=1,
    ),
]

GROWTH: list[Growth] = [
    Growth(
        "MulticlassAUROC.forward, 1000 vs 10 batches of history",
        late="MulticlassAUROC.forward after 1000 batches",
        early="MulticlassAUROC.forward after 10 batches",
    ),
    Growth(
        "CatMetric.forward, 1000 vs 10 batches of history",
        late="CatMetric.forward after 1000 batches",
        early="CatMetric.forward after 10 batches",
    ),
]

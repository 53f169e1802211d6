"""Interleaved timing: the libraries take turns round by round, and each keeps its median per-call time.

Alternating (and reversing the order every other round) spreads slow drifts of the machine, such as
frequency scaling, cache state or a noisy neighbour, evenly over the libraries being compared.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Runner:
    """What one library does in one benchmark case.

    Either ``step`` (the call being timed, ``calls`` times per round) with an optional ``prepare``
    run untimed before every round, or ``measure``, which times itself and returns seconds per call
    (for work that cannot run in this process, such as a fresh interpreter's import).
    ``synchronize`` (e.g. ``torch.cuda.synchronize``) runs before the clock starts and before it stops.
    """

    step: Callable[[], object] | None = None
    prepare: Callable[[], object] | None = None
    measure: Callable[[], float] | None = None
    synchronize: Callable[[], object] | None = None

    def __post_init__(self) -> None:
        if (self.step is None) == (self.measure is None):
            raise ValueError("a Runner needs exactly one of `step` and `measure`")


@dataclass(frozen=True)
class Timing:
    """Per-call seconds of one library in one case, one sample per round."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def spread(self) -> float:
        """Interquartile range relative to the median: how noisy the samples were."""
        if len(self.samples) < 4:
            return 0.0
        q1, _, q3 = statistics.quantiles(self.samples, n=4)
        return (q3 - q1) / self.median if self.median else 0.0


def time_round(runner: Runner, calls: int) -> float:
    """Seconds per call over one round of ``calls`` calls (garbage collection off while timing)."""
    if runner.measure is not None:
        return runner.measure()
    if runner.prepare is not None:
        runner.prepare()
    step = runner.step
    sync = runner.synchronize
    gc_enabled = gc.isenabled()
    gc.disable()
    try:
        if sync is not None:
            sync()
        start = time.perf_counter_ns()
        for _ in range(calls):
            step()
        if sync is not None:
            sync()
        elapsed = time.perf_counter_ns() - start
    finally:
        if gc_enabled:
            gc.enable()
    return elapsed / calls / 1e9


def interleave(runners: dict[str, Runner], *, rounds: int, calls: int, warmup: int = 1) -> dict[str, Timing]:
    """Time every runner for ``rounds`` rounds, taking turns, after ``warmup`` untimed rounds each."""
    labels = list(runners)
    for _ in range(warmup):
        for label in labels:
            time_round(runners[label], calls)
    samples: dict[str, list[float]] = {label: [] for label in labels}
    for index in range(rounds):
        for label in labels if index % 2 == 0 else reversed(labels):
            samples[label].append(time_round(runners[label], calls))
    return {label: Timing(tuple(values)) for label, values in samples.items()}


def format_seconds(seconds: float) -> str:
    """A duration with a unit that keeps three significant digits readable: ns, us, ms or s."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"

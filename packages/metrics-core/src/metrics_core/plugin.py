"""metrics-core's own plugin: the aggregation metrics, registered like any third-party plugin's."""

from __future__ import annotations

from metrics_core.hookspecs import Register, hookimpl

_AGGREGATION_METRICS = (
    "SumMetric",
    "MeanMetric",
    "MaxMetric",
    "MinMetric",
    "CatMetric",
    "RunningMean",
    "RunningSum",
)


@hookimpl
def register_metrics(register: Register) -> None:
    """Register the aggregation metrics as lazy references to ``metrics_core.aggregation``."""
    for name in _AGGREGATION_METRICS:
        register(f"metrics_core.aggregation:{name}", domain="aggregation")

"""metrics-core's own plugin: the aggregation metrics and the wrappers, registered like any third-party plugin's."""

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

_WRAPPERS = {
    "BootStrapper": "bootstrapping",
    "ClasswiseWrapper": "classwise",
    "MetricTracker": "tracker",
    "MinMaxMetric": "minmax",
    "MultioutputWrapper": "multioutput",
    "MultitaskWrapper": "multitask",
    "Running": "running",
    "LambdaInputTransformer": "transformations",
    "BinaryTargetTransformer": "transformations",
}


@hookimpl
def register_metrics(register: Register) -> None:
    """Register the aggregation metrics and the wrappers as lazy references to their modules."""
    for name in _AGGREGATION_METRICS:
        register(f"metrics_core.aggregation:{name}", domain="aggregation")
    for name, module in _WRAPPERS.items():
        register(f"metrics_core.wrappers.{module}:{name}", domain="wrappers")

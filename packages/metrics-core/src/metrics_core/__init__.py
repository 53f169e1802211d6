"""Core of the metrics library: the ``Metric`` contract, aggregation, arithmetic and the plugin registry.

Importing this package is cheap: it does not import torch nor any plugin. The names below
are loaded on first access.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY_EXPORTS = {
    "Metric": "metrics_core.metric",
    "CompositionalMetric": "metrics_core.arithmetic",
    "MetricCollection": "metrics_core.collection",
    "SumMetric": "metrics_core.aggregation",
    "MeanMetric": "metrics_core.aggregation",
    "MaxMetric": "metrics_core.aggregation",
    "MinMetric": "metrics_core.aggregation",
    "CatMetric": "metrics_core.aggregation",
    "RunningMean": "metrics_core.aggregation",
    "RunningSum": "metrics_core.aggregation",
    "registry": "metrics_core.registry",
    "hookimpl": "metrics_core.hookspecs",
}

__all__ = [
    "CatMetric",
    "CompositionalMetric",
    "MaxMetric",
    "MeanMetric",
    "Metric",
    "MetricCollection",
    "MinMetric",
    "RunningMean",
    "RunningSum",
    "SumMetric",
    "__version__",
    "hookimpl",
    "registry",
]

if TYPE_CHECKING:
    from metrics_core.aggregation import (
        CatMetric,
        MaxMetric,
        MeanMetric,
        MinMetric,
        RunningMean,
        RunningSum,
        SumMetric,
    )
    from metrics_core.arithmetic import CompositionalMetric
    from metrics_core.collection import MetricCollection
    from metrics_core.hookspecs import hookimpl
    from metrics_core.metric import Metric
    from metrics_core.registry import registry


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'metrics_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

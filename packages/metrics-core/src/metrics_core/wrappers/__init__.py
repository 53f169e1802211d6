"""Wrappers: metrics that transform or extend other metrics. The names load on first access."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY_EXPORTS = {
    "BinaryTargetTransformer": "metrics_core.wrappers.transformations",
    "BootStrapper": "metrics_core.wrappers.bootstrapping",
    "ClasswiseWrapper": "metrics_core.wrappers.classwise",
    "LambdaInputTransformer": "metrics_core.wrappers.transformations",
    "MetricInputTransformer": "metrics_core.wrappers.transformations",
    "MetricTracker": "metrics_core.wrappers.tracker",
    "MinMaxMetric": "metrics_core.wrappers.minmax",
    "MultioutputWrapper": "metrics_core.wrappers.multioutput",
    "MultitaskWrapper": "metrics_core.wrappers.multitask",
    "Running": "metrics_core.wrappers.running",
    "WrapperMetric": "metrics_core.wrappers.abstract",
}

__all__ = [
    "BinaryTargetTransformer",
    "BootStrapper",
    "ClasswiseWrapper",
    "LambdaInputTransformer",
    "MetricInputTransformer",
    "MetricTracker",
    "MinMaxMetric",
    "MultioutputWrapper",
    "MultitaskWrapper",
    "Running",
    "WrapperMetric",
]

if TYPE_CHECKING:
    from metrics_core.wrappers.abstract import WrapperMetric
    from metrics_core.wrappers.bootstrapping import BootStrapper
    from metrics_core.wrappers.classwise import ClasswiseWrapper
    from metrics_core.wrappers.minmax import MinMaxMetric
    from metrics_core.wrappers.multioutput import MultioutputWrapper
    from metrics_core.wrappers.multitask import MultitaskWrapper
    from metrics_core.wrappers.running import Running
    from metrics_core.wrappers.tracker import MetricTracker
    from metrics_core.wrappers.transformations import (
        BinaryTargetTransformer,
        LambdaInputTransformer,
        MetricInputTransformer,
    )


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'metrics_core.wrappers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

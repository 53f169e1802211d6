"""metrics-regression's plugin: every regression metric, registered as a lazy reference."""

from __future__ import annotations

from metrics_core.hookspecs import Register, hookimpl

from metrics_regression import METRIC_MODULES


@hookimpl
def register_metrics(register: Register) -> None:
    """Register each class as ``"metrics_regression.<module>:<ClassName>"`` (nothing is imported here)."""
    for name, module in METRIC_MODULES.items():
        register(f"metrics_regression.{module}:{name}", name=name, domain="regression")

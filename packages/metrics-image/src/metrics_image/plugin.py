"""metrics-image's plugin: every class of ``METRIC_MODULES`` as a lazy reference."""

from __future__ import annotations

from metrics_core.hookspecs import Register, hookimpl

from metrics_image import METRIC_MODULES


@hookimpl
def register_metrics(register: Register) -> None:
    """Register the image metrics without importing their modules."""
    for module, names in METRIC_MODULES.items():
        for name in names:
            register(f"metrics_image.{module}:{name}", name=name, domain="image")

"""A metrics_core plugin that registers ``SharedName``, which the good plugin registers too."""

from metrics_core.hookspecs import Register, hookimpl


@hookimpl
def register_metrics(register: Register) -> None:
    """Register the clashing name and one name of its own."""
    register("metrics_clash_plugin.metrics:ClashSharedMetric", name="SharedName")
    register("metrics_clash_plugin.metrics:ClashCount", domain="testing")

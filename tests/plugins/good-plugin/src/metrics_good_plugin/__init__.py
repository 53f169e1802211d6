"""A well-behaved metrics_core plugin; importing it does not import its metrics (nor torch)."""

from metrics_core.hookspecs import Register, hookimpl


@hookimpl
def register_metrics(register: Register) -> None:
    """Register the plugin's metrics as lazy references."""
    register("metrics_good_plugin.metrics:GoodSquaredSum", aliases=["GoodSSQ"], domain="testing")
    register("metrics_good_plugin.metrics:GoodSharedMetric", name="SharedName", domain="testing")

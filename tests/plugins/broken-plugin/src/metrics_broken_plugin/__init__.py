"""A metrics_core plugin that cannot be imported: it needs a package that is not installed."""

import metrics_broken_plugin_missing_dependency  # noqa: F401  (fails on purpose)

"""Wrappers: metrics that transform or extend another metric."""

from metrics_core.wrappers.running import Running

__all__ = ["Running"]

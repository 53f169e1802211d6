"""Hook specifications of the ``metrics_core`` plugin system.

A plugin is a module (or any object) exposed through the ``metrics_core`` entry-point group
that implements the hooks below, marked with :data:`hookimpl`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import pluggy

PROJECT_NAME = "metrics_core"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


class Register(Protocol):
    """The ``register`` callable handed to :func:`register_metrics`."""

    def __call__(
        self,
        metric: type[Any] | str,
        name: str | None = None,
        *,
        aliases: str | Iterable[str] = (),
        domain: str | None = None,
    ) -> None:
        """Register one metric class or lazy ``"module.path:ClassName"`` reference."""


@hookspec
def register_metrics(register: Register) -> None:
    """Register the plugin's metrics by calling ``register`` once per metric.

    ``register(metric, name=None, *, aliases=(), domain=None)`` takes a ``Metric`` subclass
    or a lazy reference ``"module.path:ClassName"``; a lazy reference imports its module only
    when the registry is asked for that name. ``name`` defaults to the class name,
    ``aliases`` are extra names for the same metric and ``domain`` groups metrics
    (``"classification"``, ``"regression"``, ...).

    Example:
        >>> from metrics_core.hookspecs import hookimpl
        >>> @hookimpl
        ... def register_metrics(register):
        ...     register("my_metrics.ranking:MeanReciprocalRank", aliases=["MRR"], domain="retrieval")

    """

"""``WrapperMetric``: the base of the wrappers, metrics whose states live in the metrics they wrap."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from torch.nn import Module, ModuleDict, ModuleList

from metrics_core.metric import Metric, _set, _wrap_update

if TYPE_CHECKING:
    from metrics_core.collection import MetricCollection


class WrapperMetric(Metric, wrap_methods=False):
    """A metric that drives other metrics (or collections) and keeps no state of its own.

    Its ``update`` is counted like any metric's, but ``compute`` is left unwrapped: syncing, caching
    and the compute-before-update warning happen in the wrapped metrics. ``reset`` and
    ``persistent`` reach the wrapped metrics, and a collection routes to the wrapper the keyword
    arguments its (first) wrapped metric accepts.
    """

    _update_merges_last = True  # no state of its own: nothing to copy before an update

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Count the subclass's ``update`` calls without wrapping its ``compute``."""
        super().__init_subclass__(wrap_methods=False, **kwargs)
        if "update" in cls.__dict__:
            cls.update = _wrap_update(cls.__dict__["update"])

    def _wrapped_metrics(self) -> list[Metric | MetricCollection]:
        """The metrics and collections this wrapper drives, looking inside ``ModuleList``/``ModuleDict``."""
        return _metric_children(self)

    def reset(self) -> None:
        """Reset the wrapped metrics."""
        super().reset()
        for metric in self._wrapped_metrics():
            metric.reset()

    def persistent(self, mode: bool = False) -> None:
        """Include (``True``) or exclude (``False``) the wrapped metrics' states in ``state_dict()``."""
        super().persistent(mode)
        for metric in self._wrapped_metrics():
            metric.persistent(mode)

    def _filter_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        wrapped = self._wrapped_metrics()
        if wrapped and isinstance(wrapped[0], Metric):
            return wrapped[0]._filter_kwargs(**kwargs)
        return kwargs

    def _count_forward(self, value: Any) -> Any:
        """Bookkeeping of a ``forward`` that updated the wrapped metrics itself."""
        _set(self, "_update_count", self._update_count + 1)
        _set(self, "_computed", None)
        _set(self, "_forward_cache", value)
        return value

    @contextmanager
    def _all_or_nothing(self) -> Generator[None, None, None]:
        """Put every wrapped metric back as it was if the block raises (several metrics, one update)."""
        metrics = [module for module in self.modules() if isinstance(module, Metric) and module is not self]
        saved = [(metric, metric._snapshot_states(), metric._update_count, metric._computed) for metric in metrics]
        try:
            yield
        except BaseException:
            for metric, snapshot, count, computed in saved:
                metric._restore_states(snapshot)
                _set(metric, "_update_count", count)
                _set(metric, "_computed", computed)
            raise


def _metric_children(module: Module) -> list[Any]:
    from metrics_core.collection import MetricCollection

    found = []
    for child in module.children():
        if isinstance(child, (Metric, MetricCollection)):
            found.append(child)
        elif isinstance(child, (ModuleList, ModuleDict)):
            found.extend(_metric_children(child))
    return found

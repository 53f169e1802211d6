"""The metric registry: metrics contributed by plugins, found through entry points, loaded lazily.

Every plugin, metrics-core's own included, is an object with a ``register_metrics`` hook
(see :mod:`metrics_core.hookspecs`) exposed through the ``metrics_core`` entry-point group.
Nothing is imported when this module is: the first registry call loads the entry points,
and a lazy ``"module.path:ClassName"`` reference imports its module only when asked for.
"""

from __future__ import annotations

import difflib
import importlib
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import TYPE_CHECKING, Any

import pluggy

from metrics_core import hookspecs

if TYPE_CHECKING:
    from metrics_core.metric import Metric

ENTRY_POINT_GROUP = "metrics_core"
DISABLE_ENV_VAR = "METRICS_CORE_DISABLE_PLUGINS"

_DOTTED = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"
_REFERENCE = re.compile(rf"{_DOTTED}:{_DOTTED}")
_NAME = re.compile(r"[^\s:]+")


class _MessageKeyError(KeyError):
    """A ``KeyError`` whose ``str()`` is its message rather than the message's repr."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class MetricNotFoundError(_MessageKeyError):
    """No plugin registers the requested metric name."""


class MetricNameClashError(_MessageKeyError):
    """Several plugins register the requested name; ask for one as ``"plugin:Name"``."""


@dataclass(frozen=True)
class MetricInfo:
    """What the registry knows about one metric (``summary`` is ``None`` from ``entries()``)."""

    name: str
    plugin: str
    distribution: str | None
    version: str | None
    domain: str | None
    summary: str | None
    aliases: tuple[str, ...]
    reference: str


@dataclass(frozen=True)
class PluginRecord:
    """One plugin the registry found: where it comes from, what it gave, how it failed."""

    name: str
    distribution: str | None
    version: str | None
    metrics: int
    error: str | None
    disabled: bool


@dataclass
class _Entry:
    name: str
    target: type | str
    reference: str
    domain: str | None
    aliases: list[str] = field(default_factory=list)
    resolved: type[Metric] | None = None

    def same_target(self, other: _Entry) -> bool:
        if isinstance(self.target, type) and isinstance(other.target, type):
            return self.target is other.target
        return self.reference == other.reference


@dataclass
class _Plugin:
    name: str
    distribution: str | None = None
    version: str | None = None
    entries: dict[str, _Entry] = field(default_factory=dict)
    names: dict[str, _Entry] = field(default_factory=dict)
    error: str | None = None
    disabled: bool = False

    def record(self) -> PluginRecord:
        return PluginRecord(self.name, self.distribution, self.version, len(self.entries), self.error, self.disabled)


class _Registrar:
    """The ``register`` callable given to one plugin's hook; collects that plugin's entries."""

    def __init__(self, plugin: str) -> None:
        self.plugin = plugin
        self.entries: dict[str, _Entry] = {}
        self.names: dict[str, _Entry] = {}

    def __call__(
        self,
        metric: type[Any] | str,
        name: str | None = None,
        *,
        aliases: str | Iterable[str] = (),
        domain: str | None = None,
    ) -> None:
        if isinstance(metric, str):
            if not _REFERENCE.fullmatch(metric):
                raise ValueError(f"lazy reference {metric!r} is not of the form 'module.path:ClassName'")
            reference = metric
        elif isinstance(metric, type):
            reference = f"{metric.__module__}:{metric.__qualname__}"
        else:
            raise TypeError(f"register() takes a Metric subclass or a 'module.path:ClassName' string, got {metric!r}")
        if name is None:
            name = reference.rpartition(":")[2].rpartition(".")[2]
        alias_names = (aliases,) if isinstance(aliases, str) else tuple(aliases)
        for value in (name, *alias_names):
            if not isinstance(value, str) or not _NAME.fullmatch(value):
                raise ValueError(f"metric name {value!r} must be a non-empty string without ':' or spaces")
        if domain is not None and not isinstance(domain, str):
            raise TypeError(f"domain must be a string or None, got {domain!r}")

        entry = _Entry(name, metric, reference, domain)
        existing = self.entries.get(name)
        if existing is not None:
            if not existing.same_target(entry) or existing.domain != domain:
                raise ValueError(
                    f"plugin {self.plugin!r} registers {name!r} twice: "
                    f"{existing.reference} (domain {existing.domain}) and {reference} (domain {domain})"
                )
            entry = existing
        for value in (name, *alias_names):
            other = self.names.get(value)
            if other is not None and other is not entry:
                raise ValueError(f"plugin {self.plugin!r} uses {value!r} for both {other.name!r} and {name!r}")

        self.entries[name] = entry
        for value in (name, *alias_names):
            self.names[value] = entry
            if value != name and value not in entry.aliases:
                entry.aliases.append(value)


class MetricRegistry:
    """Metric classes by name, collected from every ``metrics_core`` plugin.

    Args:
        group: entry-point group to discover plugins in; ``None`` discovers none, leaving
            only plugins given to :meth:`register_plugin`.

    """

    def __init__(self, group: str | None = ENTRY_POINT_GROUP) -> None:
        self.group = group
        self._lock = threading.RLock()
        self._programmatic: list[tuple[object, str]] = []
        self._reset()

    def _reset(self) -> None:
        self.plugin_manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.plugin_manager.add_hookspecs(hookspecs)
        self._plugins: list[_Plugin] = []
        self._loaded = False

    def _ensure_loaded(self) -> None:
        with self._lock:
            if self._loaded:
                return
            # Set first, so that a plugin calling the registry while loading sees what is loaded so far.
            self._loaded = True
            if self.group is None:
                return
            disabled = {name.strip() for name in os.environ.get(DISABLE_ENV_VAR, "").split(",")} - {""}
            for entry_point in metadata.entry_points(group=self.group):
                self._load_entry_point(entry_point, disabled)

    def _load_entry_point(self, entry_point: metadata.EntryPoint, disabled: set[str]) -> None:
        dist = entry_point.dist
        plugin = _Plugin(entry_point.name, dist.name if dist else None, dist.version if dist else None)
        self._plugins.append(plugin)
        if plugin.name in disabled:
            plugin.disabled = True
            return
        if self.plugin_manager.has_plugin(plugin.name):
            plugin.error = f"another loaded plugin is already named {plugin.name!r}"
            return
        try:
            obj = entry_point.load()
            self.plugin_manager.register(obj, name=plugin.name)
        except Exception as exc:
            plugin.error = f"{type(exc).__name__}: {exc}"
            return
        self._collect(plugin, obj)

    def _collect(self, plugin: _Plugin, obj: object) -> None:
        """Call this one plugin's hook, keeping its metrics only if the hook completes."""
        others = [other for other in self.plugin_manager.get_plugins() if other is not obj]
        hook = self.plugin_manager.subset_hook_caller("register_metrics", remove_plugins=others)
        registrar = _Registrar(plugin.name)
        try:
            hook(register=registrar)
        except Exception as exc:
            plugin.error = f"register_metrics raised {type(exc).__name__}: {exc}"
            return
        plugin.entries, plugin.names = registrar.entries, registrar.names

    def register_plugin(self, plugin: object, name: str | None = None) -> str:
        """Register a plugin object (a module or class with hookimpls) and collect its metrics.

        A plugin whose hook raises is recorded in :meth:`plugins` like an entry-point plugin.
        Returns the plugin name, which defaults to the object's ``__name__``.
        """
        with self._lock:
            self._ensure_loaded()
            name = name or self.plugin_manager.get_canonical_name(plugin)
            if any(other.name == name for other in self._plugins):
                raise ValueError(f"a plugin named {name!r} is already registered")
            self.plugin_manager.register(plugin, name=name)
            record = _Plugin(name)
            self._plugins.append(record)
            self._programmatic.append((plugin, name))
            self._collect(record, plugin)
            return name

    def reload(self) -> None:
        """Forget what was loaded; entry points load again, then plugins given by code register again."""
        with self._lock:
            programmatic, self._programmatic = self._programmatic, []
            self._reset()
            for plugin, name in programmatic:
                self.register_plugin(plugin, name)

    def clear(self) -> None:
        """Forget everything, plugins given by code included; the next call loads entry points."""
        with self._lock:
            self._programmatic = []
            self._reset()

    def get(self, name: str) -> type[Metric]:
        """Return the metric class registered as ``name`` (or ``"plugin:name"``)."""
        return self._resolve(*self._lookup(name))

    def create(self, name: str, **kwargs: Any) -> Metric:
        """Return an instance of the metric registered as ``name``, built with ``kwargs``."""
        return self.get(name)(**kwargs)

    def names(self, domain: str | None = None) -> list[str]:
        """Sorted metric names (aliases not included), of one domain if given."""
        return sorted({info.name for info in self.entries(domain)})

    def entries(self, domain: str | None = None) -> list[MetricInfo]:
        """Every registration, of one domain if given, sorted by name then plugin; imports nothing.

        A name that several plugins register appears once per plugin. ``summary`` is ``None``
        here: reading it needs the class, which :meth:`info` imports.
        """
        self._ensure_loaded()
        found = [
            _describe(plugin, entry, summary=None)
            for plugin in self._plugins
            for entry in plugin.entries.values()
            if domain is None or entry.domain == domain
        ]
        return sorted(found, key=lambda info: (info.name, info.plugin))

    def domains(self) -> list[str]:
        """Sorted domains that at least one metric declares."""
        self._ensure_loaded()
        return sorted({entry.domain for plugin in self._plugins for entry in plugin.entries.values() if entry.domain})

    def info(self, name: str) -> MetricInfo:
        """Describe the metric registered as ``name``; imports it to read its docstring."""
        plugin, entry = self._lookup(name)
        doc = self._resolve(plugin, entry).__doc__ or ""
        return _describe(plugin, entry, summary=doc.strip().partition("\n")[0].strip())

    def plugins(self) -> list[PluginRecord]:
        """Every plugin found, sorted by name, failed and disabled ones included."""
        self._ensure_loaded()
        return [plugin.record() for plugin in sorted(self._plugins, key=lambda plugin: plugin.name)]

    def _lookup(self, name: str) -> tuple[_Plugin, _Entry]:
        if not isinstance(name, str):
            raise TypeError(f"metric name must be a string, got {name!r}")
        self._ensure_loaded()
        plugin_name, separator, metric_name = name.rpartition(":")
        plugins = [plugin for plugin in self._plugins if not separator or plugin.name == plugin_name]
        found = [(plugin, plugin.names[metric_name]) for plugin in plugins if metric_name in plugin.names]
        if len(found) == 1:
            return found[0]
        if found:
            raise MetricNameClashError(_clash_message(metric_name, found))
        raise MetricNotFoundError(self._not_found_message(name, qualified=bool(separator)))

    def _not_found_message(self, name: str, *, qualified: bool) -> str:
        known = [
            f"{plugin.name}:{metric}" if qualified else metric for plugin in self._plugins for metric in plugin.names
        ]
        same_but_case = [metric for metric in known if metric.lower() == name.lower()]
        close = list(dict.fromkeys(same_but_case + difflib.get_close_matches(name, known, n=5, cutoff=0.6)))
        message = f"unknown metric {name!r}; " + (
            f"did you mean {', '.join(map(repr, close))}?"
            if close
            else f"{len(set(known))} names are registered (see registry.names() or `metrics list`)"
        )
        skipped = [
            f"{plugin.name} ({'disabled' if plugin.disabled else 'failed to load'})"
            for plugin in self._plugins
            if plugin.disabled or plugin.error
        ]
        if skipped:
            message += f"; plugins not loaded: {', '.join(skipped)}"
        return message

    def _resolve(self, plugin: _Plugin, entry: _Entry) -> type[Metric]:
        if entry.resolved is None:
            target = entry.target
            if isinstance(target, str):
                target = _import_reference(target, f"metric {entry.name!r} of plugin {plugin.name!r}")
            from metrics_core.metric import Metric

            if not (isinstance(target, type) and issubclass(target, Metric)):
                raise TypeError(
                    f"metric {entry.name!r} of plugin {plugin.name!r} refers to {entry.reference}, "
                    f"which is {target!r}, not a subclass of metrics_core.metric.Metric"
                )
            entry.resolved = target
        return entry.resolved


def _import_reference(reference: str, what: str) -> object:
    module_name, _, attributes = reference.partition(":")
    try:
        target: object = importlib.import_module(module_name)
        for attribute in attributes.split("."):
            target = getattr(target, attribute)
    except (ImportError, AttributeError) as exc:
        raise ImportError(f"{what} cannot be imported from {reference}: {exc}") from exc
    return target


def _describe(plugin: _Plugin, entry: _Entry, summary: str | None) -> MetricInfo:
    return MetricInfo(
        name=entry.name,
        plugin=plugin.name,
        distribution=plugin.distribution,
        version=plugin.version,
        domain=entry.domain,
        summary=summary,
        aliases=tuple(entry.aliases),
        reference=entry.reference,
    )


def _clash_message(name: str, found: list[tuple[_Plugin, _Entry]]) -> str:
    sources = ", ".join(
        f"{plugin.name!r} ({entry.reference}" + (f", alias of {entry.name!r})" if entry.name != name else ")")
        for plugin, entry in found
    )
    choices = " or ".join(repr(f"{plugin.name}:{name}") for plugin, _ in found)
    return f"metric name {name!r} is registered by several plugins: {sources}; ask for {choices}"


registry = MetricRegistry()
"""The process-wide registry of every installed plugin's metrics."""


def __getattr__(name: str) -> Any:
    """The module stands for its registry: ``metrics_core.registry.get(...)`` is ``registry.get(...)``.

    ``from metrics_core import registry`` gives this module rather than the instance when
    ``metrics_core.registry`` was imported first (``from metrics_core.registry import ...``);
    either way the calls reach the process-wide registry.
    """
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(registry, name)

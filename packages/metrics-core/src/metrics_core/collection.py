"""``MetricCollection``: metrics fed the same inputs, whose shared statistics are computed once per batch.

Compute groups: metrics whose states are equal after the first update (or that the user groups
by hand) keep ONE set of states: only the group's first metric (its leader) runs ``update``, and
the other members' states are the leader's very tensor objects. ``forward`` works the same way:
the leader computes the batch's states once, every member computes its batch value from them,
and the batch is merged into the shared states once.
"""

from __future__ import annotations

import warnings
from collections.abc import ItemsView, Iterator, KeysView, Sequence, ValuesView
from copy import deepcopy
from typing import Any, NamedTuple

import torch
from torch import Tensor
from torch.nn import Module, ModuleDict

from metrics_core.metric import Metric, _set, state_holders
from metrics_core.states import State
from metrics_core.sync import synced_together
from metrics_core.wrappers.classwise import ClasswiseWrapper


class _Member(NamedTuple):
    """A metric of a compute group: its key, the entry stored under it, and the metric holding its states."""

    key: str
    entry: Metric
    holder: Metric


class MetricCollection(ModuleDict):
    """Several metrics updated, forwarded, computed and reset together; ``forward``/``compute`` return one dict.

    Args:
        metrics: a metric, a sequence of metrics (keyed by class name), a dict of metrics (keyed by
            its keys, in sorted order) or collections, whose metrics join this one (with their
            prefix and postfix).
        additional_metrics: more metrics when ``metrics`` is a metric or a sequence.
        prefix: string put in front of every output key.
        postfix: string put after every output key.
        compute_groups: ``True`` finds the metrics with equal states after the first update (and
            checks them again after the second) and lets them share one state, in ``update`` and
            ``forward`` alike; a list of lists of metric names sets the groups by hand; ``False``
            updates every metric on its own.

    Keyword arguments of ``update``/``forward`` go to the metrics whose ``update`` accepts them.
    ``items()``, ``values()`` and ``[key]`` give group members their own copy of the shared states
    (pass ``copy_state=False`` to skip that); the next update shares them again.

    Example:
        >>> import torch
        >>> from metrics_core import MeanMetric, SumMetric
        >>> metrics = MetricCollection([SumMetric(), MeanMetric()], prefix="train_")
        >>> metrics(torch.tensor([1.0, 2.0]))
        {'train_SumMetric': tensor(3.), 'train_MeanMetric': tensor(1.5000)}
        >>> metrics.update(torch.tensor([6.0]))
        >>> metrics.compute()
        {'train_SumMetric': tensor(9.), 'train_MeanMetric': tensor(3.)}
    """

    _modules: dict[str, Metric]  # type: ignore[assignment]

    def __init__(
        self,
        metrics: Metric | MetricCollection | Sequence[Metric | MetricCollection] | dict[str, Metric | MetricCollection],
        *additional_metrics: Metric | MetricCollection,
        prefix: str | None = None,
        postfix: str | None = None,
        compute_groups: bool | list[list[str]] = True,
    ) -> None:
        super().__init__()
        self.prefix = _check_affix(prefix, "prefix")
        self.postfix = _check_affix(postfix, "postfix")
        if not isinstance(compute_groups, bool) and not (
            isinstance(compute_groups, list)
            and all(
                isinstance(group, list) and all(isinstance(name, str) for name in group) for group in compute_groups
            )
        ):
            raise ValueError(
                f"Argument `compute_groups` must be a bool or a list of lists of metric names, got {compute_groups!r}"
            )
        self._enable_compute_groups = compute_groups
        self._groups_checked = False
        self._groups_confirmed = False
        self._state_is_copy = False
        self._groups: dict[int, list[str]] = {}
        self._members: list[list[_Member]] = []
        self._nested_affixes: dict[str, tuple[str | None, str | None]] = {}
        self.add_metrics(metrics, *additional_metrics)
        self.register_load_state_dict_post_hook(_relink_after_load)

    # ------------------------------------------------------------ building
    def add_metrics(
        self,
        metrics: Metric | MetricCollection | Sequence[Metric | MetricCollection] | dict[str, Metric | MetricCollection],
        *additional_metrics: Metric | MetricCollection,
    ) -> None:
        """Add metrics (same forms as the constructor); compute groups are found again at the next update."""
        if isinstance(metrics, Metric):
            metrics = [metrics]
        if isinstance(metrics, Sequence) and not isinstance(metrics, str):
            metrics = list(metrics)
            ignored = []
            for extra in additional_metrics:
                (metrics if isinstance(extra, (Metric, MetricCollection)) else ignored).append(extra)
            if ignored:
                warnings.warn(
                    f"MetricCollection ignores the extra arguments {ignored}: they are not metrics",
                    UserWarning,
                    stacklevel=3,
                )
        elif additional_metrics:
            raise ValueError(
                f"Extra positional arguments {additional_metrics} can only follow a metric or a sequence of metrics,"
                f" not a {type(metrics).__name__}"
            )
        self._unlink_states()
        if isinstance(metrics, dict):
            for name in sorted(metrics):
                metric = metrics[name]
                if isinstance(metric, MetricCollection):
                    for key, inner in metric.items(keep_base=False, copy_state=False):
                        self._add(f"{name}_{key}", inner, (metric.prefix, metric.postfix))
                elif isinstance(metric, Metric):
                    self._add(name, metric)
                else:
                    raise ValueError(f"Value {metric!r} of key {name!r} is not a Metric nor a MetricCollection")
        elif isinstance(metrics, list):
            for metric in metrics:
                if isinstance(metric, MetricCollection):
                    for key, inner in metric.items(keep_base=False, copy_state=False):
                        self._add(key, inner, (metric.prefix, metric.postfix))
                elif isinstance(metric, Metric):
                    self._add(type(metric).__name__, metric)
                else:
                    raise ValueError(f"Input {metric!r} to MetricCollection is not a Metric nor a MetricCollection")
        elif isinstance(metrics, MetricCollection):
            for key, inner in metrics.items(keep_base=False, copy_state=False):
                self._add(key, inner)
        else:
            raise ValueError(
                "MetricCollection expects a Metric, a MetricCollection, or a sequence or dict of them,"
                f" got {type(metrics).__name__}"
            )
        self._groups_checked = self._groups_confirmed = False
        self._init_compute_groups()

    def _add(self, name: str, metric: Metric, affixes: tuple[str | None, str | None] | None = None) -> None:
        if name in self._modules:
            raise ValueError(
                f"Two metrics are both named {name!r}; pass a dict to give metrics of the same class distinct names"
            )
        for key, existing in self._modules.items():
            if existing is metric:
                raise ValueError(
                    f"The same {type(metric).__name__} instance is given twice, as {key!r} and {name!r};"
                    " pass separate instances"
                )
        self[name] = metric
        if affixes is not None:
            self._nested_affixes[name] = affixes

    def _init_compute_groups(self) -> None:
        if self._enable_compute_groups is False:
            self._groups = {}
        elif self._enable_compute_groups is True:
            self._groups = {index: [key] for index, key in enumerate(self._modules)}
        else:
            groups = [list(group) for group in self._enable_compute_groups]
            named = [name for group in groups for name in group]
            for name in named:
                if name not in self._modules:
                    raise ValueError(
                        f"Metric {name!r} of `compute_groups` is not in the collection, whose metrics are"
                        f" {list(self._modules)}"
                    )
            if len(set(named)) != len(named):
                raise ValueError(f"A metric appears in several of the `compute_groups` {self._enable_compute_groups}")
            groups += [[key] for key in self._modules if key not in named]
            self._groups = dict(enumerate(groups))
            for group in groups:
                self._check_shareable(group)
            self._groups_checked = self._groups_confirmed = True
        self._init_members()

    def _check_shareable(self, group: list[str]) -> None:
        if len(group) < 2:
            return
        leader = _state_holder(self._modules[group[0]])
        for key in group:
            holder = _state_holder(self._modules[key])
            if not _keeps_own_states(holder):
                raise ValueError(
                    f"Metric {key!r} ({type(holder).__name__}) cannot share states in a compute group: it keeps"
                    " its states in inner metrics or has its own forward"
                )
            if not _same_state_layout(leader, holder):
                raise ValueError(
                    f"Metrics {group[0]!r} and {key!r} cannot form a compute group: their states differ in"
                    " names, reductions, shapes or dtypes"
                )

    # ------------------------------------------------------------ life cycle
    def update(self, *args: Any, **kwargs: Any) -> None:
        """Update every metric (only the first metric of each compute group once groups are known)."""
        if not self._groups_confirmed:
            self._copy_states()
            for metric in self._modules.values():
                metric.update(*args, **_kwargs_for(metric, kwargs))
            self._check_groups()
            return
        for group in self._members:
            leader = group[0].entry
            try:
                leader.update(*args, **_kwargs_for(leader, kwargs))
            finally:
                _link(group)
        if self._state_is_copy:  # the members point at their leader's states again
            self._state_is_copy = False

    def forward(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Accumulate the batch and return every metric's value on it; one ``update`` per compute group."""
        if not self._groups_confirmed:
            self._copy_states()
            values = {key: metric(*args, **_kwargs_for(metric, kwargs)) for key, metric in self._modules.items()}
            self._check_groups()
            return self._flatten(values)
        values = {}
        for group in self._members:
            if len(group) == 1:
                entry = group[0].entry
                values[group[0].key] = entry(*args, **_kwargs_for(entry, kwargs))
            else:
                values.update(_forward_group(group, args, kwargs))
        if self._state_is_copy:  # the members point at their leader's states again
            self._state_is_copy = False
        return self._flatten({key: values[key] for key in self._modules})

    def compute(self) -> dict[str, Any]:
        """The value of every metric over everything accumulated (all states synced across ranks at once)."""
        with synced_together(state_holders(self)):
            return self._flatten({key: metric.compute() for key, metric in self._modules.items()})

    def reset(self) -> None:
        """Reset every metric (compute groups are kept)."""
        for metric in self._modules.values():
            metric.reset()
        self._relink()

    def clone(self, prefix: str | None = None, postfix: str | None = None) -> MetricCollection:
        """A deep copy of the collection, with a new prefix and/or postfix when given."""
        copy = deepcopy(self)
        if prefix:
            copy.prefix = _check_affix(prefix, "prefix")
        if postfix:
            copy.postfix = _check_affix(postfix, "postfix")
        return copy

    def persistent(self, mode: bool = True) -> None:
        """Include (``True``) or exclude (``False``) every metric's states in ``state_dict()``."""
        for metric in self._modules.values():
            metric.persistent(mode)

    def set_dtype(self, dst_type: torch.dtype) -> MetricCollection:
        """Cast the floating point states of every metric to ``dst_type``."""
        for metric in self._modules.values():
            metric.set_dtype(dst_type)
        self._relink()
        return self

    @property
    def compute_groups(self) -> dict[int, list[str]]:
        """The compute groups: ``{index: [metric names]}`` (``{}`` when ``compute_groups=False``)."""
        return self._groups

    @property
    def metric_state(self) -> dict[str, dict[str, State]]:
        """The states of every metric, by output name."""
        return {key: metric.metric_state for key, metric in self._renamed().items()}

    # ----------------------------------------------------- compute groups
    def _check_groups(self) -> None:
        """After a call that updated every metric: find the groups (first call), then confirm them (second call).

        Equal states after one batch can be a coincidence (e.g. two ``top_k`` settings that happen to
        agree on it), so a group found after the first call must hold again after the second one;
        members that no longer match leave it.
        """
        if self._enable_compute_groups is False:
            return
        if self._groups_checked:
            self._split_unequal_groups()
            self._groups_confirmed = True
        else:
            self._find_compute_groups()

    def _find_compute_groups(self) -> None:
        """Group the metrics whose states are equal (called after the first update)."""
        groups: list[list[str]] = []
        shareable = {key: _keeps_own_states(_state_holder(metric)) for key, metric in self._modules.items()}
        for key, metric in self._modules.items():
            group = next(
                (
                    group
                    for group in groups
                    if shareable[key]
                    and shareable[group[0]]
                    and _may_share_states(_state_holder(self._modules[group[0]]), _state_holder(metric))
                ),
                None,
            )
            if group is None:
                groups.append([key])
            else:
                group.append(key)
        self._groups = dict(enumerate(groups))
        self._init_members()
        self._groups_checked = True
        self._relink()

    def _init_members(self) -> None:
        self._members = [
            [_Member(key, self._modules[key], _state_holder(self._modules[key])) for key in group]
            for group in self._groups.values()
        ]

    def _relink(self) -> None:
        """Point every group member at its leader's states again (after reset, moves and loads)."""
        if self._groups_checked:
            for group in self._members:
                _link(group)
        self._state_is_copy = False

    def _unlink_states(self) -> None:
        """Give every metric states of its own (before the groups are formed anew)."""
        seen: set[int] = set()
        for module in self.modules():
            if not isinstance(module, Metric):
                continue
            for name in module._defaults:
                value = module.__dict__[name]
                if id(value) in seen:
                    _set(module, name, _copy_state(value))
                seen.add(id(value))

    def _copy_states(self) -> None:
        """Give the members copies of their leader's states, so that using one alone cannot alter the others."""
        if self._state_is_copy or not self._groups_checked:
            return
        for group in self._members:
            leader = group[0].holder
            for member in group[1:]:
                for name in leader._defaults:
                    _set(member.holder, name, _copy_state(leader.__dict__[name]))
        self._state_is_copy = True

    def _split_unequal_groups(self) -> None:
        """Split off the members whose states differ from their leader's (after a confirming call or a load)."""
        if not self._groups_checked:
            return
        groups: list[list[str]] = []
        for group in self._members:
            parts: list[list[_Member]] = []
            for member in group:
                part = next((part for part in parts if _may_share_states(part[0].holder, member.holder)), None)
                if part is None:
                    parts.append([member])
                else:
                    part.append(member)
            groups += [[member.key for member in part] for part in parts]
        self._groups = dict(enumerate(groups))
        self._init_members()
        self._relink()

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle, then share the group leaders' states again (members may have copied them)."""
        super().__setstate__(state)
        self._relink()

    def _apply(self, fn: Any, recurse: bool = True) -> MetricCollection:  # type: ignore[override]
        super()._apply(fn, recurse)
        self._relink()
        return self

    # -------------------------------------------------------------- naming
    def _set_name(self, base: str) -> str:
        return f"{self.prefix or ''}{base}{self.postfix or ''}"

    def _renamed(self) -> dict[str, Metric]:
        return {self._set_name(key): metric for key, metric in self._modules.items()}

    def _flatten(self, values: dict[str, Any]) -> dict[str, Any]:
        """One flat dict: dict values (e.g. of ``ClasswiseWrapper``) spread into their own keys."""
        if not any(isinstance(value, dict) for value in values.values()):
            return (
                {self._set_name(key): value for key, value in values.items()} if self.prefix or self.postfix else values
            )
        duplicates = _has_duplicate_keys(values)
        flat: dict[str, Any] = {}
        for key, value in values.items():
            if not isinstance(value, dict):
                flat[key] = value
                continue
            prefix, postfix = self._nested_affixes.get(key, (None, None))
            stripped = key
            for affix in (prefix, postfix):
                if affix:
                    stripped = stripped.replace(affix, "")
            for inner_key, item in value.items():
                name = f"{stripped}_{inner_key}" if duplicates else inner_key
                flat[f"{prefix or ''}{name}{postfix or ''}"] = item
        return {self._set_name(key): value for key, value in flat.items()}

    def keys(self, keep_base: bool = False) -> KeysView[str]:  # type: ignore[override]
        """The output names of the metrics (``keep_base=True``: the names without prefix and postfix)."""
        return self._modules.keys() if keep_base else self._renamed().keys()

    def items(self, keep_base: bool = False, copy_state: bool = True) -> ItemsView[str, Metric]:  # type: ignore[override]
        """``(name, metric)`` pairs; ``copy_state`` gives group members their own copy of the shared states."""
        if copy_state:
            self._copy_states()
        return self._modules.items() if keep_base else self._renamed().items()

    def values(self, copy_state: bool = True) -> ValuesView[Metric]:  # type: ignore[override]
        """The metrics; ``copy_state`` gives group members their own copy of the shared states."""
        if copy_state:
            self._copy_states()
        return self._modules.values()

    def __getitem__(self, key: str, copy_state: bool = True) -> Metric:  # type: ignore[override]
        """The metric under ``key`` (with or without this collection's prefix and postfix)."""
        if copy_state:
            self._copy_states()
        if key not in self._modules:
            if self.prefix and key.startswith(self.prefix):
                key = key[len(self.prefix) :]
            if self.postfix and key.endswith(self.postfix):
                key = key[: -len(self.postfix)]
        return self._modules[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __repr__(self) -> str:
        text = super().__repr__()[:-2]
        if self.prefix:
            text += f",\n  prefix={self.prefix}"
        if self.postfix:
            text += f",\n  postfix={self.postfix}"
        return text + "\n)"

    def plot(self, val: Any = None, ax: Any = None, together: bool = False) -> Any:
        """Plot each metric's value on its own axes (a list of ``(fig, ax)``), or all on one with ``together``."""
        from metrics_core.plotting import plot_values

        if not isinstance(together, bool):
            raise ValueError(f"Argument `together` must be a bool, got {together!r}")
        if ax is not None and not together and (not isinstance(ax, Sequence) or len(ax) != len(self)):
            raise ValueError(
                f"Argument `ax` must be a sequence of {len(self)} matplotlib axes (one per metric) when"
                " `together=False`"
            )
        val = val if val is not None else self.compute()
        if together:
            return plot_values(val, ax=ax)
        figures = []
        for index, (key, metric) in enumerate(self._renamed().items()):
            value = val[key] if isinstance(val, dict) else [step[key] for step in val]
            figures.append(metric.plot(value, ax=None if ax is None else ax[index]))
        return figures


def _check_affix(value: str | None, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"Argument `{name}` must be a string or None, got {value!r}")


def _kwargs_for(metric: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    return metric._filter_kwargs(**kwargs) if kwargs else kwargs


def _state_holder(metric: Metric) -> Metric:
    """The metric whose states stand for ``metric`` (``ClasswiseWrapper`` only reshapes its inner metric's value)."""
    while isinstance(metric, ClasswiseWrapper):
        metric = metric.metric
    return metric


def _entry_value(entry: Metric, value: Any) -> Any:
    """Turn the state holder's value into the value of ``entry`` (applying the ``ClasswiseWrapper`` layers)."""
    if isinstance(entry, ClasswiseWrapper):
        return entry._convert_output(_entry_value(entry.metric, value))
    return value


def _keeps_own_states(metric: Metric) -> bool:
    """Whether a compute group can drive ``metric``: its states are its own and it uses the standard forward."""
    return (
        bool(metric._defaults)
        and type(metric).forward is Metric.forward
        and not any(isinstance(module, (Metric, MetricCollection)) for module in list(metric.modules())[1:])
    )


def _same_state_layout(first: Metric, second: Metric) -> bool:
    if first._defaults.keys() != second._defaults.keys() or first._reductions != second._reductions:
        return False
    for name, default in first._defaults.items():
        other = second._defaults[name]
        if isinstance(default, list) != isinstance(other, list):
            return False
        if isinstance(default, Tensor) and (default.shape != other.shape or default.dtype != other.dtype):
            return False
    return True


def _may_share_states(first: Metric, second: Metric) -> bool:
    """Whether two metrics hold equal states and, when both declare a ``_compute_group_key``, equal keys.

    A metric family can set ``_compute_group_key`` to the arguments its states depend on (e.g.
    ``(num_classes, top_k, ignore_index)``), so that metrics whose states only happen to agree on
    the first batches are never grouped.
    """
    if type(first).update is not type(second).update:  # states built by different code agree only by chance
        return False
    first_key = getattr(first, "_compute_group_key", None)
    second_key = getattr(second, "_compute_group_key", None)
    if first_key is not None and second_key is not None and first_key != second_key:
        return False
    return _same_states(first, second)


def _same_states(first: Metric, second: Metric) -> bool:
    """Whether two metrics hold states of the same names, reductions, types, shapes, dtypes and values."""
    if first._defaults.keys() != second._defaults.keys() or first._reductions != second._reductions:
        return False
    return all(_same_state(first.__dict__[name], second.__dict__[name]) for name in first._defaults)


def _same_state(first: State, second: State) -> bool:
    if first is second:
        return True
    if isinstance(first, Tensor) and isinstance(second, Tensor):
        return (
            first.shape == second.shape
            and first.dtype == second.dtype
            and first.device == second.device
            and bool(torch.equal(first, second))
        )
    if isinstance(first, list) and isinstance(second, list):
        return len(first) == len(second) and all(_same_state(a, b) for a, b in zip(first, second))
    return False


def _copy_state(value: State) -> State:
    return [item.clone() for item in value] if isinstance(value, list) else value.clone()


def _link(group: list[_Member]) -> None:
    """Make every member's states the leader's state objects (nothing is copied)."""
    if len(group) < 2:
        return
    leader = group[0].holder
    states = [(name, leader.__dict__[name]) for name in leader._defaults]
    count = leader._update_count
    for member in group[1:]:
        attributes = member.holder.__dict__  # states and bookkeeping are plain attributes: set them directly
        for name, value in states:
            attributes[name] = value
        attributes["_update_count"] = count
        attributes["_computed"] = None


def _forward_group(group: list[_Member], args: tuple, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Forward a compute group: one update on the batch, every member's value from the batch's states."""
    leader = group[0].holder
    leader_kwargs = _kwargs_for(group[0].entry, kwargs)
    full_state = any(
        member.holder.full_state_update is not False or member.holder.dist_sync_on_step for member in group
    )
    try:
        if full_state:  # states that cannot be merged by their reductions: update the accumulated ones too
            leader.update(*args, **leader_kwargs)
        accumulated, count = leader._update_on_fresh_states(*args, **leader_kwargs)
    except BaseException:
        _link(group)
        raise
    batch_states = {name: leader.__dict__[name] for name in leader._defaults}
    values = {}
    try:
        for member in group:
            holder = member.holder
            if holder is not leader:
                holder._set_states(batch_states)
            if holder.dist_sync_on_step:
                with holder.sync_context():
                    value = holder._local_value()
            else:
                value = holder._local_value()
            holder.__dict__["_forward_cache"] = value
            values[member.key] = _entry_value(member.entry, value)
    except BaseException:
        leader._restore_accumulated(accumulated, count)
        _link(group)
        raise
    if full_state:
        leader._restore_accumulated(accumulated, count)
    else:
        leader._merge_accumulated(accumulated, count)
    _link(group)
    return values


def _has_duplicate_keys(values: dict[str, Any]) -> bool:
    seen: set[str] = set()
    for key, value in values.items():
        for name in value if isinstance(value, dict) else [key]:
            if name in seen:
                return True
            seen.add(name)
    return False


def _relink_after_load(module: Module, incompatible_keys: Any) -> None:
    module._split_unequal_groups()

"""The ``Metric`` contract: states, update/compute wrapping, forward, persistence and device moves."""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable, Generator
from contextlib import contextmanager
from copy import deepcopy
from typing import Any, ClassVar

import torch
from torch import Tensor
from torch.nn import Module

from metrics_core import sync as _sync
from metrics_core.states import Reduction, State, merge_states, validate_reduction

_METRIC_KWARGS = (
    "compute_on_cpu",
    "dist_sync_on_step",
    "process_group",
    "dist_sync_fn",
    "distributed_available_fn",
    "sync_on_compute",
    "compute_with_cache",
)


# Switching autograd off and on around every update is on the hot path; the C function is
# several times cheaper than the ``torch.set_grad_enabled`` object.
_set_grad_enabled = getattr(torch._C, "_set_grad_enabled", torch.set_grad_enabled)


def _wrap_update(update: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(update)
    def wrapped_update(self: Metric, *args: Any, **kwargs: Any) -> None:
        if self._inside_update:  # a subclass's update called ``super().update``
            update(self, *args, **kwargs)
            return
        # Metrics whose update touches no state before it can fail need no snapshot.
        snapshot = None if self._update_merges_last else self._snapshot_states()
        no_grad = not self._enable_grad and torch.is_grad_enabled()
        if no_grad:
            _set_grad_enabled(False)
        _set(self, "_inside_update", True)
        try:
            update(self, *args, **kwargs)
        except BaseException:
            if snapshot is not None:
                self._restore_states(snapshot)
            raise
        finally:
            _set(self, "_inside_update", False)
            if no_grad:
                _set_grad_enabled(True)
        _set(self, "_computed", None)
        _set(self, "_update_count", self._update_count + 1)
        if self.compute_on_cpu:
            self._move_list_states_to_cpu()

    return wrapped_update


def _wrap_compute(compute: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(compute)
    def wrapped_compute(self: Metric, *args: Any, **kwargs: Any) -> Any:
        if self._inside_compute:  # a subclass's compute called ``super().compute``
            return compute(self, *args, **kwargs)
        if self._update_count == 0:
            warnings.warn(
                f"The `compute` method of metric {type(self).__name__} was called before the `update` method,"
                " so its states still hold their defaults.",
                UserWarning,
                stacklevel=2,
            )
        if self._computed is not None:
            return self._computed
        with self.sync_context(should_sync=self.sync_on_compute):
            value = _detach_from_states(self._compute_unwrapped(compute, *args, **kwargs))
        if self.compute_with_cache:
            _set(self, "_computed", value)
        return value

    return wrapped_compute


def _wrap_driver_compute(compute: Callable[..., Any]) -> Callable[..., Any]:
    """``compute`` of a metric without states of its own: the metrics it drives sync in one exchange first."""

    @functools.wraps(compute)
    def compute_synced(self: Metric, *args: Any, **kwargs: Any) -> Any:
        with _sync.synced_together(state_holders(self)):
            return compute(self, *args, **kwargs)

    return compute_synced


def state_holders(module: Module) -> Generator[Metric, None, None]:
    """The metrics whose states stand for ``module``: itself if it keeps states, else those of the metrics inside.

    A wrapper, a composition or a collection keeps no states: the metrics it drives do. A metric that keeps states
    stands for the metrics inside it too (``Running`` merges its window into its base metric).
    """
    if isinstance(module, Metric) and module._defaults:
        yield module
        return
    for child in module.children():
        yield from state_holders(child)


def _set(metric: Metric, name: str, value: Any) -> None:
    """Set bookkeeping attributes without ``nn.Module.__setattr__``'s checks (hot path)."""
    object.__setattr__(metric, name, value)


def _detach_from_states(value: Any) -> Any:
    """Copy the tensors of a computed value, so that later in-place updates of states cannot alter it."""
    return _apply_to_tensors(value, torch.clone)


def _squeeze_scalars(value: Any) -> Any:
    if isinstance(value, Tensor):
        return value.squeeze() if value.numel() == 1 and value.ndim > 0 else value
    if isinstance(value, dict):
        return {key: _squeeze_scalars(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_squeeze_scalars(item) for item in value)
    return value


class Metric(Module):
    """Base class of every metric: declare states with ``add_state``, fill them in ``update``, read them in ``compute``.

    Subclasses implement ``update(*args, **kwargs)`` and ``compute()``; the base class counts
    updates, caches ``compute``'s value, syncs states across processes, and makes ``forward``
    return the value on the current batch while accumulating it.

    Args:
        compute_on_cpu: move list states to the CPU after each update.
        dist_sync_on_step: sync states across processes in every ``forward``.
        process_group: the process group to sync over (default: the world).
        dist_sync_fn: function ``(tensor, group) -> list[Tensor]`` gathering a tensor from all ranks.
        distributed_available_fn: function telling whether distributed sync should happen.
        sync_on_compute: sync states across processes in ``compute``.
        compute_with_cache: cache ``compute``'s value until the next update.

    Example:
        >>> import torch
        >>> class MyAccuracy(Metric):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.add_state("correct", default=torch.tensor(0), dist_reduce_fx="sum")
        ...         self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")
        ...     def update(self, preds, target):
        ...         self.correct += torch.sum(preds == target)
        ...         self.total += target.numel()
        ...     def compute(self):
        ...         return self.correct.float() / self.total
        >>> acc = MyAccuracy()
        >>> acc(torch.tensor([1, 0]), torch.tensor([1, 0]))
        tensor(1.)
        >>> acc(torch.tensor([1, 0]), torch.tensor([1, 1]))
        tensor(0.5000)
        >>> acc.compute()
        tensor(0.7500)
    """

    is_differentiable: ClassVar[bool | None] = None
    higher_is_better: ClassVar[bool | None] = None
    full_state_update: ClassVar[bool | None] = None
    plot_lower_bound: ClassVar[float | None] = None
    plot_upper_bound: ClassVar[float | None] = None
    plot_legend_name: ClassVar[str | None] = None
    # True when ``update`` validates and computes the batch's contribution before it touches any
    # state, so that an exception leaves the states untouched without copying them first. Left
    # False, the base class copies the states before each update and restores them on error.
    _update_merges_last: ClassVar[bool] = False

    def __init_subclass__(cls, wrap_methods: bool = True, **kwargs: Any) -> None:
        """Wrap the subclass's own ``update`` and ``compute`` (pass ``wrap_methods=False`` to opt out)."""
        super().__init_subclass__(**kwargs)
        if wrap_methods and "update" in cls.__dict__:
            cls.update = _wrap_update(cls.__dict__["update"])
        if wrap_methods and "compute" in cls.__dict__:
            cls.compute = _wrap_compute(cls.__dict__["compute"])
        elif "compute" in cls.__dict__:  # a metric that drives others (wrappers, compositions)
            cls.compute = _wrap_driver_compute(cls.__dict__["compute"])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        unknown = sorted(set(kwargs) - set(_METRIC_KWARGS))
        if unknown:
            raise ValueError(
                f"Unexpected keyword argument(s) {unknown} for {type(self).__name__};"
                f" every metric accepts {list(_METRIC_KWARGS)}"
            )
        self.compute_on_cpu = _bool_kwarg(kwargs, "compute_on_cpu", False)
        self.dist_sync_on_step = _bool_kwarg(kwargs, "dist_sync_on_step", False)
        self.sync_on_compute = _bool_kwarg(kwargs, "sync_on_compute", True)
        self.compute_with_cache = _bool_kwarg(kwargs, "compute_with_cache", True)
        self.process_group = kwargs.get("process_group")
        self.dist_sync_fn = _callable_kwarg(kwargs, "dist_sync_fn")
        self.distributed_available_fn = (
            _callable_kwarg(kwargs, "distributed_available_fn") or _sync.distributed_available
        )
        self._device = torch.device("cpu")
        self._dtype = torch.get_default_dtype()
        self._defaults: dict[str, State] = {}
        self._reductions: dict[str, Reduction] = {}
        self._persistent: dict[str, bool] = {}
        self._update_count = 0
        self._computed: Any = None
        self._forward_cache: Any = None
        self._enable_grad = False
        self._inside_update = False
        self._inside_compute = False
        self._synced_cache: dict[str, State] | None = None

    # ------------------------------------------------------------------ states
    def add_state(
        self,
        name: str,
        default: Tensor | list,
        dist_reduce_fx: Reduction = None,
        persistent: bool = False,
    ) -> None:
        """Declare a state: a tensor, or an empty list that ``update`` appends tensors to.

        Args:
            name: attribute name of the state.
            default: its value after ``reset()``: a tensor or an empty list.
            dist_reduce_fx: how states combine across batches and processes: ``"sum"``,
                ``"mean"``, ``"min"``, ``"max"``, ``"cat"``, a callable taking the states stacked
                along dimension 0, or ``None``.
            persistent: include the state in ``state_dict()``.
        """
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"State name must be a valid identifier, got {name!r}")
        if name not in self._defaults and (hasattr(type(self), name) or name in self.__dict__):
            raise ValueError(f"State name {name!r} clashes with an existing attribute of {type(self).__name__}")
        if isinstance(default, list):
            if default:
                raise ValueError(f"A list state must default to an empty list, got {len(default)} items for {name!r}")
        elif not isinstance(default, Tensor):
            raise TypeError(f"State default must be a tensor or an empty list, got {type(default).__name__}")
        validate_reduction(name, dist_reduce_fx)
        if isinstance(default, Tensor):
            default = default.detach().to(self._device).contiguous()
        self._defaults[name] = default
        self._reductions[name] = dist_reduce_fx
        self._persistent[name] = persistent
        _set(self, name, _fresh(default))

    @property
    def metric_state(self) -> dict[str, State]:
        """The current value of every state."""
        return {name: getattr(self, name) for name in self._defaults}

    @property
    def update_count(self) -> int:
        """How many times ``update`` (or ``forward``) ran since the last reset."""
        return self._update_count

    @property
    def update_called(self) -> bool:
        """Whether ``update`` ran since the last reset."""
        return self._update_count > 0

    def _snapshot_states(self) -> list[tuple[str, Any, int]]:
        snapshot = []
        for name in self._defaults:
            value = self.__dict__[name]
            if isinstance(value, list):
                snapshot.append((name, value, len(value)))
            else:
                snapshot.append((name, value.clone(), -1))
        return snapshot

    def _restore_states(self, snapshot: list[tuple[str, Any, int]]) -> None:
        for name, value, length in snapshot:
            if length >= 0:
                del value[length:]
            _set(self, name, value)

    def _set_states(self, states: dict[str, State]) -> None:
        for name, value in states.items():
            _set(self, name, value)

    def _move_list_states_to_cpu(self) -> None:
        """Move the items appended since the last move (the trailing ones not on the CPU yet)."""
        for name, default in self._defaults.items():
            if isinstance(default, list):
                items = self.__dict__[name]
                start = len(items)
                while start > 0 and items[start - 1].device.type != "cpu":
                    start -= 1
                items[start:] = [item.cpu() for item in items[start:]]

    # ------------------------------------------------------------ life cycle
    def update(self, *args: Any, **kwargs: Any) -> None:
        """Accumulate a batch into the states. Subclasses must override this."""
        raise TypeError(f"{type(self).__name__} does not implement `update`")

    def compute(self) -> Any:
        """Return the metric over everything accumulated. Subclasses must override this."""
        raise TypeError(f"{type(self).__name__} does not implement `compute`")

    def _compute_unwrapped(self, compute: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        _set(self, "_inside_compute", True)
        try:
            value = compute(self, *args, **kwargs)
        finally:
            _set(self, "_inside_compute", False)
        return _squeeze_scalars(value)

    def _local_value(self) -> Any:
        """``compute`` on the states as they are here: no sync, no cache, no warning (forward's batch value)."""
        compute = type(self).compute
        return self._compute_unwrapped(getattr(compute, "__wrapped__", compute))

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Accumulate the batch and return the metric computed on this batch alone."""
        if self.full_state_update or self.full_state_update is None or self.dist_sync_on_step:
            value = self._forward_full_state(*args, **kwargs)
        else:
            value = self._forward_reduce_state(*args, **kwargs)
        # the cache holds no autograd graph: it would keep the graph alive and block deepcopy
        _set(self, "_forward_cache", _apply_to_tensors(value, Tensor.detach))
        return value

    def _forward_reduce_state(self, *args: Any, **kwargs: Any) -> Any:
        accumulated, count = self._update_on_fresh_states(*args, **kwargs)
        try:
            value = self._local_value()
        except BaseException:
            self._restore_accumulated(accumulated, count)
            raise
        self._merge_accumulated(accumulated, count)
        return value

    def _forward_full_state(self, *args: Any, **kwargs: Any) -> Any:
        self.update(*args, **kwargs)
        accumulated, count = self._update_on_fresh_states(*args, **kwargs)
        try:
            with self.sync_context(should_sync=self.dist_sync_on_step):
                value = self._local_value()
        finally:
            self._restore_accumulated(accumulated, count)
        return value

    # The three steps of a reduce-state forward, also used by ``MetricCollection`` to run one
    # update per compute group and compute every member's batch value from the batch's states.
    def _update_on_fresh_states(self, *args: Any, **kwargs: Any) -> tuple[dict[str, State], int]:
        """Run ``update`` on default states (gradients allowed); return the accumulated states and count set aside."""
        accumulated = {name: self.__dict__[name] for name in self._defaults}
        count = self._update_count
        self._set_states({name: _fresh(default) for name, default in self._defaults.items()})
        _set(self, "_update_count", 0)
        _set(self, "_enable_grad", True)
        try:
            self.update(*args, **kwargs)
        except BaseException:
            self._restore_accumulated(accumulated, count)
            raise
        finally:
            _set(self, "_enable_grad", False)
        return accumulated, count

    def _restore_accumulated(self, accumulated: dict[str, State], count: int) -> None:
        """Put back the states and count set aside by ``_update_on_fresh_states``."""
        self._set_states(accumulated)
        _set(self, "_update_count", count)

    def _merge_accumulated(self, accumulated: dict[str, State], count: int) -> None:
        """Merge the batch's states now held into the accumulated ones, with each state's reduction."""
        with torch.no_grad():
            for name, reduction in self._reductions.items():
                _set(self, name, merge_states(accumulated[name], self.__dict__[name], reduction, count, 1))
        _set(self, "_update_count", count + 1)
        _set(self, "_computed", None)

    def reset(self) -> None:
        """Restore every state to its default and forget the cached value."""
        self._set_states({name: _fresh(default) for name, default in self._defaults.items()})
        _set(self, "_update_count", 0)
        _set(self, "_computed", None)
        _set(self, "_forward_cache", None)
        _set(self, "_synced_cache", None)

    def merge_state(self, incoming: dict[str, State] | Metric) -> None:
        """Merge another metric's states (or a dict of states) into this metric's."""
        if isinstance(incoming, Metric):
            if not isinstance(incoming, type(self)):
                raise TypeError(
                    f"merge_state expects a {type(self).__name__} or a dict of states, got {type(incoming).__name__}"
                )
            incoming_count = incoming._update_count
            states = incoming.metric_state
        elif isinstance(incoming, dict):
            incoming_count = 1
            states = incoming
        else:
            raise TypeError(f"merge_state expects a Metric or a dict of states, got {type(incoming).__name__}")
        if self.full_state_update is not False or self.dist_sync_on_step:
            raise RuntimeError(
                f"{type(self).__name__} declares full_state_update={self.full_state_update} or dist_sync_on_step=True:"
                " its states cannot be merged by their reductions; override merge_state"
            )
        missing = [name for name in self._defaults if name not in states]
        if missing:
            raise ValueError(f"merge_state: the incoming states lack {missing}")
        count = self._update_count
        merged = {
            name: merge_states(
                list(self.__dict__[name]) if isinstance(self.__dict__[name], list) else self.__dict__[name],
                states[name],
                reduction,
                count,
                incoming_count,
            )
            for name, reduction in self._reductions.items()
        }
        self._set_states(merged)
        _set(self, "_update_count", count + incoming_count)
        _set(self, "_computed", None)

    def clone(self) -> Metric:
        """A deep copy of the metric, states included."""
        return deepcopy(self)

    # ----------------------------------------------------------------- sync
    def sync(
        self,
        dist_sync_fn: Callable | None = None,
        process_group: Any = None,
        should_sync: bool = True,
        distributed_available: Callable[[], bool] | None = None,
    ) -> None:
        """Replace the local states by their reduction over all processes (keeps the local ones for ``unsync``)."""
        if self._synced_cache is not None:
            raise RuntimeError(f"{type(self).__name__} has already been synced; call `unsync` first")
        available = distributed_available or self.distributed_available_fn
        if not should_sync or not available():
            return
        _sync.sync_metrics([self], process_group or self.process_group, dist_sync_fn or self.dist_sync_fn)

    def unsync(self, should_unsync: bool = True) -> None:
        """Restore the local states saved by ``sync``."""
        if self._synced_cache is None:
            raise RuntimeError(f"{type(self).__name__} has not been synced; nothing to unsync")
        if should_unsync:
            self._set_states(self._synced_cache)
        _set(self, "_synced_cache", None)

    @contextmanager
    def sync_context(
        self,
        dist_sync_fn: Callable | None = None,
        process_group: Any = None,
        should_sync: bool = True,
        should_unsync: bool = True,
        distributed_available: Callable[[], bool] | None = None,
    ) -> Generator[None, None, None]:
        """Sync the states on entry and restore the local ones on exit; states already synced are left to their owner.

        A ``MetricCollection`` syncs all its metrics at once before computing each of them.
        """
        if self._synced_cache is not None:
            yield
            return
        self.sync(dist_sync_fn, process_group, should_sync, distributed_available)
        try:
            yield
        finally:
            if self._synced_cache is not None:
                self.unsync(should_unsync)

    # ---------------------------------------------------- devices and dtypes
    @property
    def device(self) -> torch.device:
        """The device the states live on."""
        return self._device

    @property
    def dtype(self) -> torch.dtype:
        """The floating point dtype of the states."""
        return self._dtype

    def set_dtype(self, dst_type: torch.dtype) -> Metric:
        """Cast the floating point states to ``dst_type``."""
        return self.to(dtype=dst_type)

    def _apply(self, fn: Callable[[Tensor], Tensor], recurse: bool = True) -> Metric:  # type: ignore[override]
        super()._apply(fn, recurse)
        for name, default in self._defaults.items():
            value = self.__dict__[name]
            if isinstance(value, list):
                _set(self, name, [fn(item) for item in value])
            else:
                _set(self, name, fn(value))
                self._defaults[name] = fn(default)
        probe = fn(torch.zeros((), device=self._device, dtype=self._dtype))
        _set(self, "_device", probe.device)
        if probe.is_floating_point():
            _set(self, "_dtype", probe.dtype)
        if self._computed is not None:
            _set(self, "_computed", _apply_to_tensors(self._computed, fn))
        return self

    # ---------------------------------------------------------- persistence
    def persistent(self, mode: bool = False) -> None:
        """Include (``True``) or exclude (``False``) every state in ``state_dict()``."""
        for name in self._persistent:
            self._persistent[name] = mode

    def _save_to_state_dict(self, destination: dict, prefix: str, keep_vars: bool) -> None:
        super()._save_to_state_dict(destination, prefix, keep_vars)
        for name, keep in self._persistent.items():
            if not keep:
                continue
            value = self.__dict__[name]
            if isinstance(value, list):
                destination[prefix + name] = [item if keep_vars else item.detach() for item in value]
            else:
                destination[prefix + name] = value if keep_vars else value.detach()

    def _load_from_state_dict(
        self,
        state_dict: dict,
        prefix: str,
        local_metadata: dict,
        strict: bool,
        missing_keys: list[str],
        unexpected_keys: list[str],
        error_msgs: list[str],
    ) -> None:
        for name, default in self._defaults.items():
            key = prefix + name
            if key not in state_dict:
                continue
            value = state_dict.pop(key)
            if isinstance(default, list):
                _set(self, name, [torch.as_tensor(item).to(self._device) for item in value])
            else:
                _set(self, name, torch.as_tensor(value).to(device=self._device))
            _set(self, "_computed", None)
        super()._load_from_state_dict(
            state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs
        )

    # --------------------------------------------------------------- python
    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle with private copies of states that arrive in shared memory.

        ``torch.multiprocessing`` pickles tensors into shared memory (``mp.spawn`` arguments,
        ``ddp_spawn``): without the copy, parent and child would add into the same state tensors.
        """
        super().__setstate__(state)
        for name in self._defaults:
            value = self.__dict__[name]
            if isinstance(value, list):
                _set(self, name, [_private(item) for item in value])
            else:
                _set(self, name, _private(value))
        self._defaults = {name: _private(default) for name, default in self._defaults.items()}

    def __setattr__(self, name: str, value: Any) -> None:
        defaults = self.__dict__.get("_defaults")
        if defaults is not None and name in defaults:  # states skip nn.Module's parameter bookkeeping
            object.__setattr__(self, name, value)
        else:
            super().__setattr__(name, value)

    def __hash__(self) -> int:
        return id(self)

    def __iter__(self) -> Any:
        raise TypeError(f"{type(self).__name__} is not iterable")

    def _filter_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        """Keep the keyword arguments that this metric's ``update`` accepts."""
        parameters = _update_parameters(type(self))
        if parameters is None:
            return kwargs
        return {key: value for key, value in kwargs.items() if key in parameters}

    def plot(self, val: Any = None, ax: Any = None) -> tuple[Any, Any]:
        """Plot ``val`` (or ``compute()``'s value, or a sequence of values); returns ``(fig, ax)``."""
        from metrics_core.plotting import plot_values

        return plot_values(
            self.compute() if val is None else val,
            ax=ax,
            name=self.plot_legend_name or type(self).__name__,
            lower_bound=self.plot_lower_bound,
            upper_bound=self.plot_upper_bound,
            higher_is_better=self.higher_is_better,
        )


def _private(value: State) -> State:
    return value.clone() if isinstance(value, Tensor) and value.is_shared() else value


def _fresh(default: State) -> State:
    return [] if isinstance(default, list) else default.clone()


def _apply_to_tensors(value: Any, fn: Callable[[Tensor], Tensor]) -> Any:
    if isinstance(value, Tensor):
        return fn(value)
    if isinstance(value, dict):
        return {key: _apply_to_tensors(item, fn) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_apply_to_tensors(item, fn) for item in value)
    return value


def _bool_kwarg(kwargs: dict[str, Any], name: str, default: bool) -> bool:
    value = kwargs.get(name, default)
    if not isinstance(value, bool):
        raise ValueError(f"Keyword argument `{name}` must be a bool, got {value!r}")
    return value


def _callable_kwarg(kwargs: dict[str, Any], name: str) -> Callable | None:
    value = kwargs.get(name)
    if value is not None and not callable(value):
        raise ValueError(f"Keyword argument `{name}` must be callable or None, got {value!r}")
    return value


@functools.cache
def _update_parameters(cls: type) -> frozenset[str] | None:
    """Names of the keyword arguments ``cls.update`` accepts, or ``None`` when it takes ``**kwargs``."""
    update = inspect.unwrap(cls.update)
    parameters = inspect.signature(update).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(p.name for p in parameters if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


from metrics_core.arithmetic import attach_operators  # noqa: E402  (arithmetic builds on Metric)

attach_operators(Metric)

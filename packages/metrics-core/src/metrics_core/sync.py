"""Distributed synchronisation of metric states over ``torch.distributed``.

Every rank of the process group must take part in each sync: in practice every rank calls
``compute()`` on the same metrics in the same order. The states of one metric, or of all the
metrics of a collection, travel together (``sync_metrics``):

1. one ``all_gather`` of a fixed-size buffer per rank holding a description of every state
   (dtype, shape, list lengths, update count) followed by as much data as fits;
2. one more ``all_gather`` for the data that did not fit, only when some rank has such data;
3. one ``all_reduce`` per (operation, dtype) for large tensors reduced by sum, mean, min or max.

Ranks check the descriptions before moving data, so ranks that disagree (different dtypes,
shapes, or metrics) all raise the same ``ValueError`` instead of hanging. List states and
``"cat"`` tensors of unequal sizes are gathered with padding and trimmed back; a rank without
data contributes nothing; ``"mean"`` states are weighted by each rank's update count.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Any

import torch
import torch.distributed as dist
from torch import Tensor

from metrics_core.states import Reduction, State, reduce_stacked

if TYPE_CHECKING:
    from metrics_core.metric import Metric

GatherFn = Callable[[Tensor, Any], list[Tensor]]

ALL_REDUCE_MIN_BYTES = 1 << 20
"""Tensor states reduced by sum, mean, min or max from this size up go through ``all_reduce``."""

_MAX_NDIM = 8
_DTYPES = tuple(
    getattr(torch, name)
    for name in (
        "float32",
        "float64",
        "float16",
        "bfloat16",
        "int64",
        "int32",
        "int16",
        "int8",
        "uint8",
        "bool",
        "complex64",
        "complex128",
        "uint16",
        "uint32",
        "uint64",
        "float8_e4m3fn",
        "float8_e5m2",
    )
    if hasattr(torch, name)
)
_NO_DATA = -1
_UNSUPPORTED = -2
_ALIGN = 16  # every segment of a buffer starts at a multiple of the largest element size
_SLACK = 1024  # inline bytes beyond the size of the default states
_GROWING_SLACK = 4096  # more inline bytes for each list or "cat" state, whose size is not known in advance
# The first buffer has at least this size, so that ranks syncing different numbers of states usually
# still exchange equal sizes and get a clear error (a gloo gather of unequal sizes aborts the process).
_MIN_FIRST = 4096

# Header of one rank: global slots, one update count per metric, then one descriptor per state.
_SIGNATURE, _ERROR_STATE, _ERROR_DETAIL, _TABLE_LEN, _PAYLOAD_LEN = range(5)
_GLOBAL = 5
# Descriptor of a state: kind, route, dtype code, ndim (a list's length), then the shape.
_KIND, _ROUTE, _DTYPE, _NDIM, _SHAPE = range(5)
_DESCRIPTOR = _SHAPE + _MAX_NDIM
_TENSOR, _LIST = 0, 1
_GATHER, _REDUCE = 0, 1
_BAD_DTYPE, _TOO_MANY_DIMS = 1, 2

_ALL_REDUCE_DTYPES = (torch.float32, torch.float64, torch.int32, torch.int64, torch.bool)


def distributed_available() -> bool:
    """True when ``torch.distributed`` is available and a default process group is initialised."""
    return dist.is_available() and dist.is_initialized()


@dataclass
class StateSource:
    """The states of one metric as a sync sees them.

    Args:
        name: the metric's name, for error messages.
        states: the local states by name.
        reductions: each state's ``dist_reduce_fx``.
        update_count: number of updates behind the states (weighs ``"mean"`` states).
        list_device: device that synced list states land on.
        inline_bytes: bytes of data expected at most, the same on every rank (the default states' size).
    """

    name: str
    states: Mapping[str, State]
    reductions: Mapping[str, Reduction]
    update_count: int
    list_device: torch.device
    inline_bytes: int = 0


def sync_metrics(metrics: Sequence[Metric], group: Any = None, dist_sync_fn: GatherFn | None = None) -> None:
    """Replace the states of ``metrics`` by their combination over all ranks, keeping the local ones for ``unsync``.

    Without ``dist_sync_fn`` all the metrics' states travel together (see the module docstring);
    with it, each state is gathered by ``dist_sync_fn(tensor_or_None, group)`` on its own (and
    ``"mean"`` states get a plain mean). States shared by several metrics (compute groups) are sent
    for each of them: which metrics share is found from each rank's data, so it must not change
    what the ranks exchange.
    """
    local = [{name: metric.__dict__[name] for name in metric._defaults} for metric in metrics]
    if dist_sync_fn is None:
        synced = sync_state_dicts([_source(metric, states) for metric, states in zip(metrics, local)], group)
    else:
        synced = [
            sync_states(states, metric._reductions, dist_sync_fn, group) for metric, states in zip(metrics, local)
        ]
    for metric, states, combined in zip(metrics, local, synced):
        if metric.compute_on_cpu:  # synced on the transport device, kept on the CPU
            combined = {name: [i.cpu() for i in s] if isinstance(s, list) else s for name, s in combined.items()}
        object.__setattr__(metric, "_synced_cache", states)
        metric._set_states(combined)


@contextmanager
def synced_together(metrics: Iterable[Metric]) -> Iterator[None]:
    """Sync the metrics that sync on compute in one exchange per process group, and unsync them on exit.

    Their ``compute()`` inside the block uses the synced states without syncing again. Which metrics
    take part depends only on their settings (not on cached values), so every rank makes the same calls.
    Metrics without states of their own (wrappers, compositions) take no part: pass the metrics they drive
    (``metrics_core.metric.state_holders``).
    """
    groups: dict[int, tuple[Any, list[Metric]]] = {}
    for metric in {id(metric): metric for metric in metrics}.values():
        if (
            metric._defaults
            and hasattr(type(metric).compute, "__wrapped__")
            and metric.sync_on_compute
            and metric.dist_sync_fn is None
            and metric._synced_cache is None
            and metric.distributed_available_fn()
        ):
            groups.setdefault(id(metric.process_group), (metric.process_group, []))[1].append(metric)
    synced: list[Metric] = []
    try:
        for group, members in groups.values():
            sync_metrics(members, group)
            synced += members
        yield
    finally:
        for metric in synced:
            metric.unsync()


def _source(metric: Metric, states: Mapping[str, State]) -> StateSource:
    inline_bytes = 0
    for name, default in metric._defaults.items():
        if isinstance(default, list) or metric._reductions[name] == "cat":
            inline_bytes += _GROWING_SLACK
        else:
            inline_bytes += _aligned(_nbytes(default))
    return StateSource(
        name=type(metric).__name__,
        states=states,
        reductions=metric._reductions,
        update_count=metric._update_count,
        list_device=torch.device("cpu") if metric.compute_on_cpu else metric.device,
        inline_bytes=inline_bytes,
    )


def sync_state_dicts(sources: Sequence[StateSource], group: Any = None) -> list[dict[str, State]]:
    """Combine the states of several metrics over all ranks in as few collective calls as possible."""
    entries = [(index, name) for index, source in enumerate(sources) for name in source.states]
    if not entries:
        return [{} for _ in sources]
    states = (state for source in sources for state in source.states.values())
    device = _transport_device(group, (t for state in states for t in (state if isinstance(state, list) else [state])))
    world_size = dist.get_world_size(group)
    header, table, pieces = _describe_local(sources, entries)
    header_bytes = _aligned(8 * len(header))
    capacity = sum(_aligned(source.inline_bytes) for source in sources) + _SLACK
    first_len = max(_MIN_FIRST, 1 << (header_bytes + capacity - 1).bit_length())
    inline = first_len - header_bytes

    tables = [torch.tensor(header, dtype=torch.int64), torch.tensor(table, dtype=torch.int64)]
    local = _concat_bytes([*tables, *pieces], device)
    first = _all_gather(_fit(local[:first_len], first_len, device), world_size, group)
    rows = torch.stack([part[: 8 * len(header)].view(torch.int64) for part in first]).tolist()
    _validate(rows, sources, entries)

    overflow = _aligned(max(row[_PAYLOAD_LEN] for row in rows) - inline)
    second = _all_gather(_fit(local[first_len:], overflow, device), world_size, group) if overflow > 0 else None
    payloads = []
    for rank, row in enumerate(rows):
        length = row[_PAYLOAD_LEN]
        payload = first[rank][header_bytes : header_bytes + min(length, inline)]
        if second is not None and length > inline:
            payload = torch.cat([payload, second[rank][: length - inline]])
        payloads.append(payload)

    weights = [_weights([row[_GLOBAL + index] for row in rows]) for index in range(len(sources))]
    gathered = _unpack(rows, payloads, sources, entries)
    reduced = _all_reduce_large(rows, sources, entries, weights, device, group)
    synced: list[dict[str, State]] = [{} for _ in sources]
    for position, (index, name) in enumerate(entries):
        source = sources[index]
        state, reduction = source.states[name], source.reductions[name]
        if isinstance(state, list):
            items = [item for rank_items in gathered[position] for item in rank_items]
            synced[index][name] = reduction(items) if callable(reduction) and items else items
        elif position in reduced:
            synced[index][name] = reduced[position].to(state.device)
        else:
            synced[index][name] = _combine(gathered[position], reduction, weights[index]).to(state.device)
    return synced


def _describe_local(
    sources: Sequence[StateSource], entries: Sequence[tuple[int, str]]
) -> tuple[list[int], list[int], list[Tensor]]:
    """The local header (as int64 values), list-item table and the data pieces to send."""
    header = [_signature(sources, entries), _NO_DATA, 0, 0, 0] + [source.update_count for source in sources]
    table: list[int] = []
    pieces: list[Tensor] = []
    for position, (index, name) in enumerate(entries):
        state = sources[index].states[name]
        descriptor = [0] * _DESCRIPTOR
        if isinstance(state, list):
            descriptor[_KIND], descriptor[_NDIM], descriptor[_DTYPE] = _LIST, len(state), _NO_DATA
            if state:  # the items travel as one segment, in their common dtype (as torch.cat promotes)
                descriptor[_DTYPE] = _dtype_code(reduce(torch.promote_types, {item.dtype for item in state}))
                if descriptor[_DTYPE] == _UNSUPPORTED:
                    _record_error(header, position, _BAD_DTYPE)
                else:
                    for item in state:
                        table += [item.ndim, *item.shape]
                    pieces.append(torch.cat([item.reshape(-1) for item in state]))
        else:
            code = _dtype_code(state.dtype)
            descriptor[_KIND], descriptor[_DTYPE], descriptor[_NDIM] = _TENSOR, code, state.ndim
            if code == _UNSUPPORTED:
                _record_error(header, position, _BAD_DTYPE)
            elif state.ndim > _MAX_NDIM:
                _record_error(header, position, _TOO_MANY_DIMS)
            else:
                descriptor[_SHAPE : _SHAPE + state.ndim] = state.shape
                descriptor[_ROUTE] = _route(state, sources[index].reductions[name])
                if descriptor[_ROUTE] == _GATHER:
                    pieces.append(state)
        header += descriptor
    header[_TABLE_LEN] = len(table)
    header[_PAYLOAD_LEN] = _aligned(8 * len(table)) + sum(_aligned(_nbytes(piece)) for piece in pieces)
    return header, table, pieces


def _record_error(header: list[int], position: int, detail: int) -> None:
    if header[_ERROR_STATE] == _NO_DATA:
        header[_ERROR_STATE], header[_ERROR_DETAIL] = position, detail


def _signature(sources: Sequence[StateSource], entries: Sequence[tuple[int, str]]) -> int:
    """A checksum of what is synced (metrics, state names, kinds, reductions), equal on ranks that agree."""
    parts = []
    for index, name in entries:
        source = sources[index]
        reduction = source.reductions[name]
        kind = "list" if isinstance(source.states[name], list) else "tensor"
        label = reduction if isinstance(reduction, str) or reduction is None else _callable_name(reduction)
        parts.append(f"{index}:{source.name}.{name}:{kind}:{label}")
    return zlib.crc32("|".join(parts).encode())


def _callable_name(fn: Callable) -> str:
    return getattr(fn, "__qualname__", type(fn).__name__)


def _dtype_code(dtype: torch.dtype) -> int:
    return _DTYPES.index(dtype) if dtype in _DTYPES else _UNSUPPORTED


def _route(state: Tensor, reduction: Reduction) -> int:
    """Whether a tensor state goes through ``all_reduce`` (large, reduced by an elementwise op) or the gather."""
    if _nbytes(state) < ALL_REDUCE_MIN_BYTES or state.dtype not in _ALL_REDUCE_DTYPES:
        return _GATHER
    if reduction in ("sum", "min", "max") or (reduction == "mean" and state.is_floating_point()):
        return _REDUCE
    return _GATHER


def _validate(rows: list[list[int]], sources: Sequence[StateSource], entries: Sequence[tuple[int, str]]) -> None:
    """Raise the same ``ValueError`` on every rank when the ranks' states cannot be combined."""
    if len({row[_SIGNATURE] for row in rows}) > 1:
        raise ValueError(
            "The ranks are syncing different metrics or states; every rank must call `compute()` (or `sync()`)"
            " on the same metrics in the same order"
        )
    for rank, row in enumerate(rows):
        if row[_ERROR_STATE] != _NO_DATA:
            index, name = entries[row[_ERROR_STATE]]
            reason = (
                f"its dtype is not one of {[str(d) for d in _DTYPES]}"
                if row[_ERROR_DETAIL] == _BAD_DTYPE
                else f"it has more than {_MAX_NDIM} dimensions"
            )
            raise ValueError(f"State {name!r} of {sources[index].name} cannot be synced: on rank {rank} {reason}")
    for position, (index, name) in enumerate(entries):
        start = _GLOBAL + len(sources) + position * _DESCRIPTOR
        descriptors = [row[start : start + _DESCRIPTOR] for row in rows]
        present = [d for d in descriptors if d[_KIND] == _TENSOR or d[_NDIM] > 0]
        where = f"State {name!r} of {sources[index].name}"
        dtypes = {_DTYPES[d[_DTYPE]] for d in present}
        if len(dtypes) > 1:
            found = ", ".join(f"rank {r}: {_DTYPES[d[_DTYPE]]}" for r, d in enumerate(descriptors) if d in present)
            raise ValueError(f"{where} has different dtypes across ranks ({found}); every rank must use the same dtype")
        if descriptors[0][_KIND] == _LIST:
            continue
        shapes = [tuple(d[_SHAPE : _SHAPE + d[_NDIM]]) for d in descriptors]
        reduction = sources[index].reductions[name]
        if reduction == "cat":
            same = len({shape[1:] for shape in shapes}) == 1 and len({len(shape) for shape in shapes}) == 1
        else:
            same = len(set(shapes)) == 1
        if not same:
            raise ValueError(
                f"{where} has shapes {shapes} across ranks with dist_reduce_fx={_label(reduction)}; only 'cat'"
                " states may differ across ranks, and only in their first dimension"
            )
        if len({d[_ROUTE] for d in descriptors}) > 1:
            raise ValueError(f"{where} is large enough to all_reduce on some ranks only; the ranks disagree")


def _label(reduction: Reduction) -> str:
    return repr(reduction) if isinstance(reduction, str) or reduction is None else _callable_name(reduction)


def _weights(counts: list[int]) -> list[float]:
    """Each rank's share of a ``"mean"`` state: its update count over all, or equal when nobody updated."""
    total = sum(counts)
    return [count / total for count in counts] if total > 0 else [1 / len(counts)] * len(counts)


def _unpack(
    rows: list[list[int]],
    payloads: list[Tensor],
    sources: Sequence[StateSource],
    entries: Sequence[tuple[int, str]],
) -> list[list[Any]]:
    """Per state: for each rank, its tensor (gathered tensor states) or its list of items (list states)."""
    gathered: list[list[Any]] = [[] for _ in entries]
    for row, payload in zip(rows, payloads):
        table = payload[: 8 * row[_TABLE_LEN]].view(torch.int64).tolist() if row[_TABLE_LEN] else []
        offset, cursor = _aligned(8 * row[_TABLE_LEN]), 0
        for position in range(len(entries)):
            start = _GLOBAL + len(sources) + position * _DESCRIPTOR
            descriptor = row[start : start + _DESCRIPTOR]
            if descriptor[_KIND] == _LIST:
                shapes = []
                for _ in range(descriptor[_NDIM]):
                    ndim = table[cursor]
                    shapes.append(tuple(table[cursor + 1 : cursor + 1 + ndim]))
                    cursor += 1 + ndim
                items = []
                if shapes:
                    numels = [_numel(shape) for shape in shapes]
                    flat, offset = _read(payload, offset, _DTYPES[descriptor[_DTYPE]], (sum(numels),))
                    flat = flat.to(sources[entries[position][0]].list_device)
                    items = [part.view(shape) for part, shape in zip(flat.split(numels), shapes)]
                gathered[position].append(items)
            elif descriptor[_ROUTE] == _GATHER:
                shape = tuple(descriptor[_SHAPE : _SHAPE + descriptor[_NDIM]])
                tensor, offset = _read(payload, offset, _DTYPES[descriptor[_DTYPE]], shape)
                gathered[position].append(tensor)
    return gathered


def _read(payload: Tensor, offset: int, dtype: torch.dtype, shape: tuple[int, ...]) -> tuple[Tensor, int]:
    nbytes = _numel(shape) * dtype.itemsize
    tensor = payload[offset : offset + nbytes].view(dtype).reshape(shape)
    return tensor, offset + _aligned(nbytes)


def _all_reduce_large(
    rows: list[list[int]],
    sources: Sequence[StateSource],
    entries: Sequence[tuple[int, str]],
    weights: list[list[float]],
    device: torch.device,
    group: Any,
) -> dict[int, Tensor]:
    """Reduce the large sum/mean/min/max tensors, one ``all_reduce`` per (operation, dtype)."""
    rank = dist.get_rank(group)
    buckets: dict[tuple[Any, torch.dtype], list[tuple[int, Tensor]]] = {}
    for position, (index, name) in enumerate(entries):
        if rows[0][_GLOBAL + len(sources) + position * _DESCRIPTOR + _ROUTE] != _REDUCE:
            continue
        state, reduction = sources[index].states[name], sources[index].reductions[name]
        if reduction == "mean":
            state = state * weights[index][rank]
        op = {"sum": dist.ReduceOp.SUM, "mean": dist.ReduceOp.SUM, "min": dist.ReduceOp.MIN}.get(
            reduction, dist.ReduceOp.MAX
        )
        if state.dtype == torch.bool and reduction == "sum":
            op = dist.ReduceOp.MAX  # adding booleans is a logical or
        buckets.setdefault((op, state.dtype), []).append((position, state))
    reduced: dict[int, Tensor] = {}
    for (op, dtype), members in buckets.items():
        flat = torch.cat([state.detach().reshape(-1).to(device) for _, state in members])
        flat = flat.to(torch.uint8) if dtype == torch.bool else flat
        dist.all_reduce(flat, op=op, group=group)
        flat = flat.to(dtype)
        offset = 0
        for position, state in members:
            reduced[position] = flat[offset : offset + state.numel()].reshape(state.shape)
            offset += state.numel()
    return reduced


def _combine(parts: list[Tensor], reduction: Reduction, weights: list[float] | None) -> Tensor:
    """Combine one tensor state's values from every rank by its reduction, keeping its dtype."""
    dtype = parts[0].dtype
    if any(part.shape != parts[0].shape for part in parts):  # validated: only "cat" gets here
        return torch.cat(parts)
    stacked = torch.stack(parts)
    if reduction == "mean":
        work = stacked if stacked.is_floating_point() or stacked.is_complex() else stacked.double()
        share = torch.tensor(weights or _weights([1] * len(parts)), dtype=torch.float64, device=work.device)
        mean = (work * share.to(work.dtype).reshape(-1, *([1] * (work.ndim - 1)))).sum(0)
        return mean.to(dtype) if work.dtype == dtype else mean.round().to(dtype)
    if reduction == "sum" and dtype == torch.bool:
        return stacked.any(0)  # adding booleans is a logical or
    combined = reduce_stacked(stacked, reduction)
    return combined.to(dtype) if isinstance(reduction, str) and combined.dtype != dtype else combined


def _transport_device(group: Any, tensors: Iterable[Tensor]) -> torch.device:
    """Where the buffers travel: CUDA for nccl (also for states kept on the CPU), the CPU for gloo.

    gloo gathers no CUDA tensors; other backends use the device of the first of ``tensors``.
    """
    backend = dist.get_backend(group)
    if backend == "nccl":
        return torch.device("cuda", torch.cuda.current_device())
    if backend == "gloo":
        return torch.device("cpu")
    return next((tensor.device for tensor in tensors), torch.device("cpu"))


def _all_gather(tensor: Tensor, world_size: int, group: Any) -> list[Tensor]:
    parts = [torch.empty_like(tensor) for _ in range(world_size)]
    dist.all_gather(parts, tensor, group=group)
    return parts


def _concat_bytes(tensors: Sequence[Tensor], device: torch.device) -> Tensor:
    """The bytes of ``tensors``, each padded to ``_ALIGN``, as one uint8 tensor on ``device``."""
    pieces = []
    for tensor in tensors:
        data = tensor.detach().contiguous().reshape(-1).view(torch.uint8).to(device)
        pieces.append(data)
        pad = _aligned(data.numel()) - data.numel()
        if pad:
            pieces.append(torch.zeros(pad, dtype=torch.uint8, device=device))
    return torch.cat(pieces)


def _fit(data: Tensor, length: int, device: torch.device) -> Tensor:
    """``data`` on ``device``, zero-padded or cut to ``length`` bytes."""
    data = data[:length].to(device)
    if data.numel() == length:
        return data
    return torch.cat([data, torch.zeros(length - data.numel(), dtype=torch.uint8, device=device)])


def _aligned(nbytes: int) -> int:
    return max(0, -(-nbytes // _ALIGN) * _ALIGN)


def _nbytes(tensor: Tensor) -> int:
    return tensor.numel() * tensor.element_size()


def _numel(shape: tuple[int, ...]) -> int:
    count = 1
    for dim in shape:
        count *= dim
    return count


# ------------------------------------------------- one state at a time, through a gather function
def _describe(tensor: Tensor | None, device: torch.device) -> Tensor:
    """Encode dtype, rank and shape of a tensor (or "no data") as a fixed-size int64 tensor."""
    descriptor = torch.full((2 + _MAX_NDIM,), _NO_DATA, dtype=torch.int64, device=device)
    if tensor is not None:
        descriptor[0] = _dtype_code(tensor.dtype)
        descriptor[1] = tensor.ndim if descriptor[0] != _UNSUPPORTED and tensor.ndim <= _MAX_NDIM else _UNSUPPORTED
        if tensor.ndim <= _MAX_NDIM:
            descriptor[2 : 2 + tensor.ndim] = torch.tensor(tensor.shape, dtype=torch.int64)
    return descriptor


def gather_all_tensors(tensor: Tensor | None, group: Any = None) -> list[Tensor]:
    """Gather a tensor from every rank, whatever its shape there; ``None`` means "no data here".

    Ranks without data receive an empty tensor shaped like the others' trailing dimensions.
    Raises ``ValueError`` on every rank alike when the ranks disagree on dtype or number of dimensions.
    """
    world_size = dist.get_world_size(group)
    device = _transport_device(group, [] if tensor is None else [tensor])
    descriptor = _describe(tensor, device)
    table = torch.stack(_all_gather(descriptor, world_size, group)).cpu()
    present = table[:, 1] != _NO_DATA
    if not bool(present.any()):
        return []
    if bool((table[:, 1] == _UNSUPPORTED).any()):
        raise ValueError(f"Cannot sync a tensor with more than {_MAX_NDIM} dimensions or a dtype outside {_DTYPES}")
    kinds = {(int(row[0]), int(row[1])) for row in table[present]}
    if len(kinds) > 1:
        found = ", ".join(f"{_DTYPES[code]} with {ndim} dims" for code, ndim in sorted(kinds))
        raise ValueError(f"Cannot sync a state whose dtype or number of dimensions differs across ranks: {found}")
    code, ndim = kinds.pop()
    dtype = _DTYPES[code]
    known = [tuple(int(d) for d in row[2 : 2 + ndim]) for row in table[present]]
    max_shape = tuple(max(dims) for dims in zip(*known)) if ndim else ()
    empty = (0, *max_shape[1:])
    shapes = [tuple(int(d) for d in row[2 : 2 + ndim]) if ok else empty for row, ok in zip(table, present)]
    if tensor is None:
        tensor = torch.empty(empty, dtype=dtype, device=device)
    if tuple(tensor.shape) != max_shape:
        padded = tensor.new_zeros(max_shape)
        padded[tuple(slice(0, d) for d in tensor.shape)] = tensor
        tensor, home = padded, tensor.device
    else:
        home = tensor.device
    # Bytes travel: gloo and nccl lack some dtypes (bool, int16, ...).
    gathered = _all_gather(tensor.detach().contiguous().reshape(-1).view(torch.uint8).to(device), world_size, group)
    parts = [part.view(dtype).reshape(max_shape) for part in gathered]
    return [part[tuple(slice(0, d) for d in shape)].to(home) for part, shape in zip(parts, shapes)]


def sync_states(
    states: Mapping[str, State],
    reductions: Mapping[str, Reduction],
    gather: GatherFn | None = None,
    group: Any = None,
) -> dict[str, State]:
    """Combine one metric's states over all ranks, each gathered on its own by ``gather(tensor, group)``.

    List states are concatenated before the gather and come back as one tensor per rank that had data.
    """
    gather = gather or gather_all_tensors
    synced: dict[str, State] = {}
    for name, state in states.items():
        reduction = reductions[name]
        if isinstance(state, list):
            items = [s.reshape(1) if s.ndim == 0 else s for s in state]
            if len({item.shape[1:] for item in items}) > 1:
                raise ValueError(
                    f"List state {name!r} holds items of different trailing shapes, which a `dist_sync_fn` cannot"
                    " gather; leave `dist_sync_fn=None` to sync them item by item"
                )
            local = torch.cat(items) if items else None
            parts = [part for part in gather(local, group) if part.numel() > 0]
            synced[name] = reduction(parts) if callable(reduction) and parts else parts
            continue
        parts = gather(state, group)
        if reduction != "cat" and any(part.shape != parts[0].shape for part in parts):
            raise ValueError(
                f"State {name!r} has different shapes across ranks ({[tuple(p.shape) for p in parts]})"
                f" and dist_reduce_fx={_label(reduction)}; only 'cat' states may differ in shape"
            )
        synced[name] = _combine(parts, reduction, None)
    return synced

"""Distributed synchronisation of metric states over ``torch.distributed``.

Every rank of the process group must take part in each call (in practice: every rank calls
``compute()``). Tensors whose shapes differ across ranks, and list states, are gathered with
padding and trimmed back; a rank without data contributes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import torch
import torch.distributed as dist
from torch import Tensor

from metrics_core.states import Reduction, State, reduce_stacked

GatherFn = Callable[[Tensor, Any], list[Tensor]]

_MAX_NDIM = 8
_DTYPES = (
    torch.float32,
    torch.float64,
    torch.float16,
    torch.bfloat16,
    torch.int64,
    torch.int32,
    torch.int16,
    torch.int8,
    torch.uint8,
    torch.bool,
    torch.complex64,
    torch.complex128,
)
_NO_DATA = -1


def distributed_available() -> bool:
    """True when ``torch.distributed`` is available and a default process group is initialised."""
    return dist.is_available() and dist.is_initialized()


def _describe(tensor: Tensor | None, device: torch.device) -> Tensor:
    """Encode dtype, rank and shape of a tensor (or "no data") as a fixed-size int64 tensor."""
    descriptor = torch.full((2 + _MAX_NDIM,), _NO_DATA, dtype=torch.int64, device=device)
    if tensor is not None:
        if tensor.ndim > _MAX_NDIM:
            raise ValueError(f"States with more than {_MAX_NDIM} dimensions cannot be synced, got {tensor.ndim}")
        descriptor[0] = _DTYPES.index(tensor.dtype)
        descriptor[1] = tensor.ndim
        descriptor[2 : 2 + tensor.ndim] = torch.tensor(tensor.shape, dtype=torch.int64)
    return descriptor


def gather_all_tensors(tensor: Tensor | None, group: Any = None) -> list[Tensor]:
    """Gather a tensor from every rank, whatever its shape there; ``None`` means "no data here".

    Ranks without data receive an empty tensor shaped like the others' trailing dimensions.
    Raises ``ValueError`` on every rank alike when the ranks disagree on dtype or rank.
    """
    world_size = dist.get_world_size(group)
    device = tensor.device if tensor is not None else _group_device(group)
    descriptor = _describe(tensor, device)
    descriptors = [torch.empty_like(descriptor) for _ in range(world_size)]
    dist.all_gather(descriptors, descriptor, group=group)
    table = torch.stack(descriptors).cpu()
    present = table[:, 1] != _NO_DATA
    if not bool(present.any()):
        return []
    kinds = {(int(row[0]), int(row[1])) for row in table[present]}
    if len(kinds) > 1:
        found = ", ".join(f"{_DTYPES[code]} with {ndim} dims" for code, ndim in sorted(kinds))
        raise ValueError(f"Cannot sync a state whose dtype or number of dimensions differs across ranks: {found}")
    code, ndim = kinds.pop()
    dtype = _DTYPES[code]
    shapes = [tuple(int(d) for d in row[2 : 2 + ndim]) if ok else None for row, ok in zip(table, present)]
    known = [s for s in shapes if s is not None]
    max_shape = tuple(max(dims) for dims in zip(*known)) if ndim else ()
    if tensor is None:
        tensor = torch.empty((0, *max_shape[1:]), dtype=dtype, device=device)
        shapes = [s if s is not None else tuple(tensor.shape) for s in shapes]
    transport = tensor.to(torch.uint8) if dtype == torch.bool else tensor
    if all(s == max_shape for s in shapes):
        gathered = [torch.empty_like(transport) for _ in range(world_size)]
        dist.all_gather(gathered, transport.contiguous(), group=group)
    else:
        padded = transport.new_zeros(max_shape)
        padded[tuple(slice(0, d) for d in transport.shape)] = transport
        gathered = [torch.empty_like(padded) for _ in range(world_size)]
        dist.all_gather(gathered, padded, group=group)
        gathered = [g[tuple(slice(0, d) for d in shape)] for g, shape in zip(gathered, shapes)]
    return [g.to(torch.bool) if dtype == torch.bool else g for g in gathered]


def _group_device(group: Any) -> torch.device:
    if dist.get_backend(group) == "nccl":
        return torch.device("cuda", torch.cuda.current_device())
    return torch.device("cpu")


def sync_states(
    states: Mapping[str, State],
    reductions: Mapping[str, Reduction],
    gather: GatherFn | None = None,
    group: Any = None,
) -> dict[str, State]:
    """Return the states of all ranks combined, each by its reduction."""
    gather = gather or gather_all_tensors
    synced: dict[str, State] = {}
    for name, state in states.items():
        reduction = reductions[name]
        if isinstance(state, list):
            local = torch.cat([s.reshape(1) if s.ndim == 0 else s for s in state]) if state else None
            synced[name] = [part for part in gather(local, group) if part.numel() > 0]
            continue
        parts = gather(state, group)
        if all(part.shape == parts[0].shape for part in parts):
            synced[name] = reduce_stacked(torch.stack(parts), reduction)
        elif reduction == "cat":
            synced[name] = torch.cat(parts)
        else:
            raise ValueError(
                f"State {name!r} has different shapes across ranks ({[tuple(p.shape) for p in parts]})"
                f" and reduction {reduction!r}; only 'cat' states may differ in shape"
            )
    return synced

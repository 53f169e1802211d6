"""Streaming co-moments: the numerically stable state behind correlation, R², explained variance and NRMSE.

For ``v`` variables (say predictions and targets) and each output, a state is one float64 tensor
of shape ``(outputs, v + 1, v + 4)``:

- columns ``0..v``: the Gram matrix ``G = sum z z^T`` of the shifted samples
  ``z = [1, x_1 - K_1, ..., x_v - K_v]``, so ``G[0, 0]`` is the count, ``G[0, i]`` the shifted sums
  and ``G[i, j]`` the shifted cross products;
- column ``v + 1``: the shift ``[0, K_1, ..., K_v]``, a sample of the data, so the sums stay small
  (no cancellation for data far from zero, e.g. values around 1e6 with unit spread);
- columns ``v + 2`` and ``v + 3``: minus the minimum, and the maximum, of each variable (both merge by max).

Two states with different shifts merge exactly (Chan et al.'s pairwise update, in matrix form):
moving the shift by ``D`` maps ``z`` to ``z + D`` and ``G`` to ``G + g D^T + D g^T + n D D^T`` with
``g = G[:, 0]``. The same merge serves ``update``, ``forward`` and distributed sync; while the shift
stays fixed, accumulating a batch is a single ``G += Z Z^T``.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

STATE_DTYPE = torch.float64
# Up to this many (variables x samples) per output the Gram matrix is summed elementwise, beyond it by matmul.
_SMALL_GRAM = 1 << 14


def _moments_default(num_outputs: int, num_variables: int) -> Tensor:
    """The state of no samples: zero Gram matrix and shift, minimum +inf, maximum -inf."""
    size = num_variables + 1
    state = torch.zeros(num_outputs, size, size + 3, dtype=STATE_DTYPE)
    state[..., size + 1 :] = -math.inf
    return state


def _stack_columns(columns: tuple[Tensor, ...]) -> Tensor:
    """Samples ``(outputs, v + 1, N)``: a row of ones, then the variables (each ``(N,)`` or ``(N, outputs)``)."""
    first = columns[0]
    samples = torch.stack((torch.ones_like(first), *columns))
    return samples.unsqueeze(0) if first.ndim == 1 else samples.movedim(-1, 0)


def _gram(shifted: Tensor) -> Tensor:
    """``sum_n z z^T`` per output, for ``shifted`` of shape ``(outputs, v + 1, N)``."""
    if shifted.shape[-1] * shifted.shape[-2] <= _SMALL_GRAM:
        # Elementwise products and one reduction: no BLAS call, which for a few hundred samples costs
        # more than the arithmetic (and stalls when other processes keep the cores busy).
        return (shifted.unsqueeze(2) * shifted.unsqueeze(1)).sum(-1)
    return shifted @ shifted.mT


def _moments_update(columns: tuple[Tensor, ...], track_range: bool = True) -> Tensor:
    """The state of one batch of samples, shifted by its first sample (the range left out unless ``track_range``)."""
    samples = _stack_columns(columns)
    num_outputs, size, num_samples = samples.shape
    if num_samples == 0:
        return _moments_default(num_outputs, size - 1).to(samples.device)
    shift = samples[..., :1].detach().to(STATE_DTYPE, copy=True)
    shift[:, 0] = 0
    if track_range:
        bounds = torch.cat((-samples.amin(-1, keepdim=True), samples.amax(-1, keepdim=True)), dim=-1)
        bounds = bounds.to(STATE_DTYPE)
    else:
        bounds = shift.new_full((num_outputs, size, 2), -math.inf)
    return torch.cat((_gram(samples - shift), shift, bounds), dim=-1)


def _moments_accumulate(state: Tensor, columns: tuple[Tensor, ...], track_range: bool = True) -> None:
    """Add a batch to ``state`` in place, using the state's shift (same number of outputs only)."""
    samples = _stack_columns(columns)
    size = samples.shape[1]
    state[..., :size].add_(_gram(samples - state[..., size : size + 1]))
    if track_range:
        bounds = state[..., size + 1 :]
        torch.maximum(bounds, torch.stack((-samples.amin(-1), samples.amax(-1)), dim=-1), out=bounds)


def _merge_moments(states: Tensor) -> Tensor:
    """Merge states stacked along dimension 0 (``(R, outputs, v + 1, v + 4)``) into one."""
    size = states.shape[-2]
    count = states[..., :1, :1]
    shift = states[..., size : size + 1]
    # The common shift is the count-weighted mean of the shifts: a value inside the data (and exact
    # for constant data).
    common = (count * shift).sum(0) / count.sum(0).clamp(min=1)
    delta = shift - common
    # G + g D^T + D g^T + n D D^T, written as G + h D^T + D h^T with h = g + n D / 2.
    half = (states[..., :1] + 0.5 * count * delta) * delta.mT
    moved = (states[..., :size] + half + half.mT).sum(0)
    return torch.cat((moved, common, states[..., size + 1 :].amax(0)), dim=-1)


def _merge_into(state: Tensor, batch: Tensor) -> Tensor:
    """Merge a batch state into an accumulated one; a single-output state broadcasts over several outputs."""
    if state.shape != batch.shape:
        state, batch = torch.broadcast_tensors(state, batch)
    return _merge_moments(torch.stack((state, batch)))


def _moments_summary(state: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    """Count ``(outputs,)``, means, co-moment matrices ``sum (x - mean)(x - mean)^T``, minima and maxima."""
    size = state.shape[-2]
    count = state[:, 0, 0]
    sums = state[:, 1:, :1]
    mean = state[:, 1:, size] + sums[..., 0] / count.unsqueeze(-1)
    comoment = state[:, 1:, 1:size] - sums * sums.mT / count[:, None, None]
    return count, mean, comoment, -state[:, 1:, size + 1], state[:, 1:, size + 2]

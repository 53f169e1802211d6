"""Run a function on every rank of a real ``torch.distributed`` process group (gloo on 127.0.0.1).

``run_distributed(fn, world_size)`` spawns ``world_size`` fresh processes, joins them into a gloo
group (or nccl, one GPU per rank) on a free local port, calls ``fn(rank, world_size)`` in each,
and returns what every rank returned, in rank order. A rank that raises fails the call with its
traceback; a group that runs past ``timeout`` seconds is killed, so a test never hangs and leaves
no process behind. ``fn`` must be importable (a module-level function) and return picklable values.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
import pickle
import queue
import socket
import time
import traceback
from collections.abc import Callable
from typing import Any

COLLECTIVE_TIMEOUT_S = 30.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_distributed(
    fn: Callable[[int, int], Any], world_size: int, timeout: float = 120.0, backend: str = "gloo"
) -> list[Any]:
    """Call ``fn(rank, world_size)`` on each rank of a fresh group (gloo, or nccl); return the ranks' results."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    port = free_port()
    processes = [
        context.Process(target=_rank_main, args=(fn, rank, world_size, port, backend, results), daemon=True)
        for rank in range(world_size)
    ]
    for process in processes:
        process.start()
    outcomes: dict[int, tuple[str, Any]] = {}
    deadline = time.monotonic() + timeout
    try:
        while len(outcomes) < world_size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"the {world_size}-rank group did not finish within {timeout:.0f} s")
            try:
                rank, status, payload = results.get(timeout=min(remaining, 1.0))
            except queue.Empty:
                dead = [p for p in processes if p.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(f"rank process(es) died: exit codes {[p.exitcode for p in dead]}") from None
                continue
            outcomes[rank] = (status, pickle.loads(payload))
    finally:
        for process in processes:
            process.join(timeout=max(0.1, min(10.0, deadline - time.monotonic())))
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
        results.close()
    failures = [f"rank {rank}:\n{payload}" for rank, (status, payload) in sorted(outcomes.items()) if status != "ok"]
    if failures:
        raise AssertionError("\n".join(failures))
    return [outcomes[rank][1] for rank in range(world_size)]


def _rank_main(
    fn: Callable[[int, int], Any], rank: int, world_size: int, port: int, backend: str, results: Any
) -> None:
    import torch
    import torch.distributed as dist

    os.environ["OMP_NUM_THREADS"] = "1"
    torch.set_num_threads(1)
    try:
        if backend == "nccl":
            torch.cuda.set_device(rank % torch.cuda.device_count())
        dist.init_process_group(
            backend,
            init_method=f"tcp://127.0.0.1:{port}",
            rank=rank,
            world_size=world_size,
            timeout=datetime.timedelta(seconds=COLLECTIVE_TIMEOUT_S),
        )
        try:
            outcome = ("ok", fn(rank, world_size))
        finally:
            dist.destroy_process_group()
    except BaseException:
        outcome = ("error", traceback.format_exc())
    # Plain pickle sends tensors by value (the queue's pickler would share their memory instead).
    results.put((rank, outcome[0], pickle.dumps(outcome[1])))

"""``metrics compute``: read predictions and targets from files, stream them through one metric, print the value.

Files may be NumPy ``.npy`` (needs numpy), PyTorch ``.pt``/``.pth`` (one tensor, loaded with
``weights_only=True``) or ``.csv`` (numbers; an optional header row; one column gives a 1-D
tensor, several a 2-D one; integers stay integers). Inputs are split along their first
dimension into batches of ``--batch-size`` rows, each fed to ``update``; ``compute`` gives the value.
"""

from __future__ import annotations

import ast
import csv
import inspect
import json
import math
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import argparse

    from torch import Tensor

    from metrics_core.registry import MetricRegistry

DEFAULT_BATCH_SIZE = 10_000
LONG_INPUT_ROWS = 1_000_000  # inputs at least this long show progress even when stderr is not a terminal
_WORDS = {"true": True, "false": False, "none": None, "null": None}


class UsageError(Exception):
    """A user mistake on the command line, reported in one line with exit status 2."""


def parse_value(text: str) -> Any:
    """The Python value of a ``--arg`` value: bool, None, int, float, list/tuple, else the string itself.

    Example:
        >>> [parse_value(text) for text in ["3", "0.5", "True", "none", "macro", "[1, 2]", "0.1,0.9"]]
        [3, 0.5, True, None, 'macro', [1, 2], [0.1, 0.9]]
    """
    stripped = text.strip()
    if stripped.lower() in _WORDS:
        return _WORDS[stripped.lower()]
    if stripped[:1] in "[(" and stripped:
        try:
            return ast.literal_eval(stripped)
        except (ValueError, SyntaxError) as exc:
            raise UsageError(f"cannot read {text!r} as a list or tuple of literals") from exc
    if "," in stripped:
        return [parse_value(part) for part in stripped.split(",")]
    for kind in (int, float):
        try:
            return kind(stripped)
        except ValueError:
            pass
    return stripped


def parse_args(pairs: Sequence[str]) -> dict[str, Any]:
    """The keyword arguments given as ``key=value`` strings.

    Example:
        >>> parse_args(["num_classes=3", "average=none"])
        {'num_classes': 3, 'average': None}
    """
    kwargs: dict[str, Any] = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        key = key.strip()
        if not separator or not key.isidentifier():
            raise UsageError(f"--arg expects key=value with a Python identifier as key, got {pair!r}")
        if key in kwargs:
            raise UsageError(f"--arg {key} is given twice")
        try:
            kwargs[key] = parse_value(value)
        except UsageError as exc:
            raise UsageError(f"--arg {key}: {exc}") from exc
    return kwargs


def parse_inputs(pairs: Sequence[str]) -> dict[str, Tensor]:
    """The extra ``update`` inputs given as ``name=FILE`` strings, read from their files."""
    inputs: dict[str, Tensor] = {}
    for pair in pairs:
        name, separator, path = pair.partition("=")
        name = name.strip()
        if not separator or not name.isidentifier() or not path:
            raise UsageError(f"--input expects name=FILE with a Python identifier as name, got {pair!r}")
        if name in inputs or name in ("preds", "target"):
            raise UsageError(f"--input {name} is given twice (or as --preds/--target)")
        inputs[name] = read_tensor(path, f"--input {name}")
    return inputs


def read_tensor(path: str, what: str) -> Tensor:
    """Load the tensor stored in ``path`` (.npy, .pt/.pth or .csv); ``what`` names it in errors."""
    file = Path(path)
    readers = {".npy": _read_npy, ".pt": _read_pt, ".pth": _read_pt, ".csv": _read_csv}
    reader = readers.get(file.suffix.lower())
    if reader is None:
        raise UsageError(f"{what} file {path!r}: unsupported extension {file.suffix!r}; use .npy, .pt or .csv")
    if not file.is_file():
        raise UsageError(f"{what} file {path!r} does not exist" + (" (it is a directory)" if file.is_dir() else ""))
    try:
        tensor = reader(file)
    except UsageError as exc:
        raise UsageError(f"{what} file {path!r}: {exc}") from exc
    except Exception as exc:  # whatever a corrupt file makes the reader raise
        raise UsageError(f"{what} file {path!r} cannot be read: {type(exc).__name__}: {exc}") from exc
    if tensor.ndim > 0 and tensor.shape[0] == 0:
        raise UsageError(f"{what} file {path!r} holds no rows")
    return tensor


def _read_npy(file: Path) -> Tensor:
    try:
        import numpy as np
    except ImportError as exc:
        raise UsageError("reading .npy files needs numpy: pip install numpy") from exc
    import torch

    array = np.load(file, allow_pickle=False)
    if array.dtype.kind not in "biuf":
        raise UsageError(f"expected numbers or booleans, found dtype {array.dtype}")
    return torch.from_numpy(np.ascontiguousarray(array))


def _read_pt(file: Path) -> Tensor:
    import torch

    value = torch.load(file, map_location="cpu", weights_only=True)
    if not isinstance(value, torch.Tensor):
        raise UsageError(f"expected one tensor saved with torch.save, found {type(value).__name__}")
    return value


def _read_csv(file: Path) -> Tensor:
    import torch

    with file.open(newline="") as handle:
        rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    if rows and not all(_is_number(cell) for cell in rows[0]):
        rows = rows[1:]  # a header
    if not rows:
        raise UsageError("holds no rows")
    width = len(rows[0])
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise UsageError(f"row {number} has {len(row)} columns, the first has {width}")
        for cell in row:
            if not _is_number(cell):
                raise UsageError(f"row {number}: {cell.strip()!r} is not a number")
    cells = [cell.strip() for row in rows for cell in row]
    integral = all(_is_int(cell) for cell in cells)
    values = torch.tensor([int(cell) if integral else float(cell) for cell in cells])
    return values if width == 1 else values.reshape(len(rows), width)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _is_int(cell: str) -> bool:
    try:
        int(cell)
    except ValueError:
        return False
    return True


def batches(
    preds: Tensor, target: Tensor | None, batch_size: int, extra: dict[str, Tensor] | None = None
) -> Iterator[tuple[tuple[Tensor, ...], dict[str, Tensor]]]:
    """Consecutive slices of ``batch_size`` rows of ``preds`` (and ``target`` and the ``extra`` keyword inputs).

    Each is ``(positional inputs, keyword inputs)``; a 0-d ``preds`` is one batch.
    """
    extra = extra or {}
    if preds.ndim == 0:
        yield ((preds,) if target is None else (preds, target)), extra
        return
    for start in range(0, preds.shape[0], batch_size):
        chunk = slice(start, start + batch_size)
        positional = (preds[chunk],) if target is None else (preds[chunk], target[chunk])
        yield positional, {name: tensor[chunk] for name, tensor in extra.items()}


class Progress:
    """A one-line progress bar on ``stream``: redrawn in place on a terminal, every 10 % elsewhere."""

    def __init__(self, total: int, stream: TextIO, width: int = 30) -> None:
        self.total, self.stream, self.width = total, stream, width
        self.interactive = stream.isatty()
        self.start = time.perf_counter()
        self.shown = 0

    def advance(self, done: int) -> None:
        percent = 100 * done // self.total
        if not self.interactive and percent // 10 == self.shown // 10:
            return
        self.shown = percent
        filled = self.width * done // self.total
        elapsed = time.perf_counter() - self.start
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total} rows {percent:3d}% {elapsed:.1f}s"
        self.stream.write(("\r" + line) if self.interactive else line + "\n")
        if self.interactive and done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def show_progress(rows: int, batch_size: int, stream: TextIO) -> bool:
    """Whether to draw progress: more than one batch, and a terminal or a long input."""
    return rows > batch_size and (stream.isatty() or rows >= LONG_INPUT_ROWS)


def to_plain(value: Any) -> Any:
    """Tensors as Python numbers or nested lists, through tuples, lists and dicts."""
    import torch

    if isinstance(value, torch.Tensor):
        return value.detach().cpu().tolist()
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    return value


def to_json(value: Any) -> Any:
    """Like :func:`to_plain`, with NaN and infinities as null (JSON has no such numbers)."""
    value = to_plain(value)
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def format_value(value: Any) -> str:
    """The value as printed without ``--json``: a number, a nested list, or ``key: value`` lines."""
    value = to_plain(value)
    if isinstance(value, dict):
        return "\n".join(f"{key}: {format_value(item)}" for key, item in value.items())
    return _format_plain(value)


def _format_plain(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_format_plain(item) for item in value) + "]"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def run_compute(args: argparse.Namespace, registry: MetricRegistry) -> int:
    """Carry out ``metrics compute`` with the parsed ``args``; user mistakes raise :class:`UsageError`."""
    if args.batch_size is not None and args.batch_size < 1:
        raise UsageError(f"--batch-size must be a positive number of rows, got {args.batch_size}")
    kwargs = parse_args(args.arg or [])
    metric_class = registry.get(args.name)  # unknown names: MetricNotFoundError, exit 2 in main
    preds = read_tensor(args.preds, "--preds")
    target = None if args.target is None else read_tensor(args.target, "--target")
    extra = parse_inputs(args.input or [])
    others = {} if target is None else {"--target": target}
    others.update({f"--input {name}": tensor for name, tensor in extra.items()})
    for what, tensor in others.items():
        if (preds.ndim == 0) != (tensor.ndim == 0):
            raise UsageError(f"--preds has shape {tuple(preds.shape)} but {what} has shape {tuple(tensor.shape)}")
        if preds.ndim and preds.shape[0] != tensor.shape[0]:
            raise UsageError(
                f"--preds has {preds.shape[0]} rows (shape {tuple(preds.shape)}) but {what} has "
                f"{tensor.shape[0]} (shape {tuple(tensor.shape)}); they must have as many rows"
            )
    _check_inputs(args.name, metric_class, given=1 if target is None else 2, keywords=list(extra))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = _evaluate(args, metric_class, kwargs, preds, target, extra)
    for warning in dict.fromkeys(str(item.message) for item in caught):
        print(f"metrics: warning: {' '.join(warning.split())}", file=sys.stderr)

    if args.json:
        rows = preds.shape[0] if preds.ndim else 1
        report = {"metric": args.name, "arguments": to_json(kwargs), "rows": rows, "value": to_json(value)}
        print(json.dumps(report, allow_nan=False))
    else:
        print(format_value(value))
    return 0


def _check_inputs(name: str, metric_class: type, given: int, keywords: Sequence[str] = ()) -> None:
    """Refuse inputs ``update`` has no place for, and a missing one it needs (``given`` positional, ``keywords``)."""
    parameters = list(inspect.signature(metric_class.update).parameters.values())[1:]  # without self
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    by_keyword = {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    takes_any_keyword = any(p.kind is p.VAR_KEYWORD for p in parameters)
    names = ", ".join(p.name for p in positional) or "no positional input"
    for keyword in keywords:
        if keyword in {p.name for p in positional[:given]} or (keyword not in by_keyword and not takes_any_keyword):
            raise UsageError(f"{name}'s update has no further input named {keyword!r} (it takes {names})")
    missing = [p.name for p in positional[given:] if p.default is p.empty and p.name not in keywords]
    if missing and given < 2:
        raise UsageError(f"{name} needs --target: its update takes {names}")
    if missing:
        raise UsageError(f"{name} needs {', '.join(f'--input {m}=FILE' for m in missing)}: its update takes {names}")
    if given > len(positional) and not any(p.kind is p.VAR_POSITIONAL for p in parameters):
        raise UsageError(f"{name} takes a single input ({names}): give --preds without --target")


def _evaluate(
    args: argparse.Namespace,
    metric_class: type,
    kwargs: dict[str, Any],
    preds: Tensor,
    target: Tensor | None,
    extra: dict[str, Tensor],
) -> Any:
    try:
        metric = metric_class(**kwargs)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"cannot create {args.name} with {_describe_kwargs(kwargs)}: {exc}") from exc

    rows = preds.shape[0] if preds.ndim else 1
    batch_size = args.batch_size or DEFAULT_BATCH_SIZE
    progress = Progress(rows, sys.stderr) if show_progress(rows, batch_size, sys.stderr) else None
    done = 0
    for batch, keyword_inputs in batches(preds, target, batch_size, extra):
        try:
            metric.update(*batch, **keyword_inputs)
        except (TypeError, ValueError, RuntimeError, IndexError) as exc:
            where = f" (rows {done}-{done + len(batch[0]) - 1})" if preds.ndim else ""
            raise UsageError(f"{args.name} rejected the input{where}: {exc}") from exc
        done += len(batch[0]) if preds.ndim else 1
        if progress is not None:
            progress.advance(done)
    try:
        return metric.compute()
    except (TypeError, ValueError, RuntimeError) as exc:
        raise UsageError(f"{args.name} cannot compute a value from this input: {exc}") from exc


def _describe_kwargs(kwargs: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in kwargs.items()) or "no arguments"

"""Input checks shared by the regression metrics: types, shapes, number of outputs, devices.

Every check here reads shapes, dtypes and devices only, so none of them waits for the device.
"""

from __future__ import annotations

import torch
from torch import Tensor


class InputShapeError(ValueError, RuntimeError):
    """Inputs whose shapes do not fit together (also a ``RuntimeError``, which TorchMetrics raises here)."""


def _check_tensor(name: str, value: object) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"`{name}` must be a torch.Tensor, got {type(value).__name__}")


def _check_same_shape(preds: Tensor, target: Tensor, names: tuple[str, str] = ("preds", "target")) -> None:
    """Raise unless both are tensors of the same shape."""
    if not isinstance(preds, Tensor) or not isinstance(target, Tensor):
        _check_tensor(names[0], preds)
        _check_tensor(names[1], target)
    if preds.shape != target.shape:
        raise InputShapeError(
            f"`{names[0]}` and `{names[1]}` must have the same shape,"
            f" got {tuple(preds.shape)} and {tuple(target.shape)}"
        )


def _check_num_outputs_arg(num_outputs: object) -> None:
    """Constructor check: ``num_outputs`` is a positive int."""
    if not isinstance(num_outputs, int) or isinstance(num_outputs, bool) or num_outputs < 1:
        raise ValueError(f"Argument `num_outputs` must be a positive integer, got {num_outputs!r}")


def _check_num_outputs(preds: Tensor, num_outputs: int, flatten: bool = False) -> None:
    """Raise unless ``preds`` is ``(N,)`` or ``(N, 1)`` for one output, or ``(N, num_outputs)`` for several.

    With ``flatten=True`` a single output accepts any shape (it is flattened).
    """
    if num_outputs == 1:
        if flatten or preds.ndim == 1 or (preds.ndim == 2 and preds.shape[1] == 1):
            return
    elif preds.ndim == 2 and preds.shape[1] == num_outputs:
        return
    expected = "(N,) or (N, 1)" if num_outputs == 1 else f"(N, {num_outputs})"
    raise InputShapeError(
        f"Expected `preds` and `target` of shape {expected} for `num_outputs={num_outputs}`, got {tuple(preds.shape)}"
    )


def _check_device(
    owner: str, device: torch.device, preds: Tensor, target: Tensor, names: tuple[str, str] = ("preds", "target")
) -> None:
    """Raise unless both inputs live on ``device``, where the states of the metric ``owner`` are."""
    for name, value in zip(names, (preds, target)):
        if isinstance(value, Tensor) and value.device != device:
            raise ValueError(
                f"`{name}` is on {value.device} but the states of {owner} are on {device};"
                " move the metric with `.to(device)` or the input with `.to(metric.device)`"
            )


def _float_dtype(*tensors: Tensor) -> torch.dtype:
    """The floating point dtype of a result computed from ``tensors`` (the default dtype for integer inputs)."""
    dtype = torch.promote_types(tensors[0].dtype, tensors[-1].dtype)
    return dtype if dtype.is_floating_point else torch.get_default_dtype()

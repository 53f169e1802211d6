"""Drawing metric values with matplotlib (the optional ``plot`` extra)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from torch import Tensor


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise ModuleNotFoundError(
            "Plotting needs matplotlib: install the `plot` extra, e.g. `pip install metrics-core[plot]`"
        ) from err
    return plt


def plot_values(
    value: Tensor | dict[str, Tensor] | Sequence[Tensor | dict[str, Tensor]],
    ax: Any = None,
    name: str = "",
    lower_bound: float | None = None,
    upper_bound: float | None = None,
    higher_is_better: bool | None = None,
) -> tuple[Any, Any]:
    """Draw one value (a bar per element) or a sequence of values (a line per element over steps)."""
    plt = _pyplot()
    fig, ax = (ax.get_figure(), ax) if ax is not None else plt.subplots()
    if isinstance(value, Sequence) and not isinstance(value, Tensor):
        series = _series(value)
        for label, points in series.items():
            ax.plot(range(len(points)), points, marker="o", label=label)
        ax.set_xlabel("step")
        if len(series) > 1 or next(iter(series), ""):
            ax.legend()
    else:
        flat = _series([value])
        labels = list(flat)
        ax.bar(range(len(labels)), [points[0] for points in flat.values()])
        ax.set_xticks(range(len(labels)), [label or name for label in labels])
    if lower_bound is not None or upper_bound is not None:
        ax.set_ylim(bottom=lower_bound, top=upper_bound)
    arrow = {True: " (higher is better)", False: " (lower is better)"}.get(higher_is_better, "")
    ax.set_title(f"{name}{arrow}")
    ax.grid(True, alpha=0.3)
    return fig, ax


def _series(values: Sequence[Tensor | dict[str, Tensor]]) -> dict[str, list[float]]:
    """Turn a sequence of values into named series of floats (one per dict key or tensor element)."""
    series: dict[str, list[float]] = {}
    for value in values:
        items = value.items() if isinstance(value, dict) else [("", value)]
        for key, tensor in items:
            flat = tensor.detach().float().flatten().cpu().tolist() if isinstance(tensor, Tensor) else [tensor]
            for index, number in enumerate(flat):
                label = key if len(flat) == 1 else f"{key}[{index}]" if key else str(index)
                series.setdefault(label, []).append(float(number))
    return series

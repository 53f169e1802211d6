"""Drawing metric values with matplotlib (the optional ``plot`` extra)."""

from __future__ import annotations

import itertools
import math
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


def plot_confusion_matrix(
    confmat: Tensor,
    ax: Any = None,
    add_text: bool = True,
    labels: Sequence[int | str] | None = None,
    cmap: Any = None,
) -> tuple[Any, Any]:
    """Draw a confusion matrix as a heatmap (rows: true class, columns: predicted class); returns ``(fig, ax)``.

    A ``(C, C)`` matrix gives one heatmap whose ticks are ``labels`` (default ``0 .. C-1``); a ``(L, 2, 2)`` stack
    (one table per label, multilabel) gives a grid of ``L`` small heatmaps titled by ``labels`` (and a list of
    axes). ``add_text`` writes each count (or normalised value) in its cell; ``cmap`` is any matplotlib colormap.
    """
    plt = _pyplot()
    confmat = confmat.detach().cpu()
    if confmat.ndim not in (2, 3) or confmat.shape[-1] != confmat.shape[-2]:
        raise ValueError(f"Expected a (C, C) or (L, 2, 2) confusion matrix, but got shape {tuple(confmat.shape)}")
    multilabel = confmat.ndim == 3
    tables = confmat if multilabel else confmat.unsqueeze(0)
    expected = tables.shape[0] if multilabel else tables.shape[-1]
    if labels is not None and len(labels) != expected:
        raise ValueError(
            f"Expected {expected} `labels`, one per {'label' if multilabel else 'class'}, got {len(labels)}"
        )
    fig, axes = _confmat_axes(plt, tables.shape[0], ax)
    classes = list(range(tables.shape[-1]))
    tick_labels = classes if multilabel or labels is None else [str(label) for label in labels]
    for index, (table, axis) in enumerate(zip(tables, axes)):
        image = axis.imshow(table.numpy(), cmap=cmap)
        axis.set_xticks(classes, tick_labels)
        axis.set_yticks(classes, tick_labels)
        axis.set_xlabel("Predicted class")
        axis.set_ylabel("True class")
        if multilabel:
            axis.set_title(f"Label {labels[index] if labels is not None else index}")
        if add_text:
            for (row, column), value in zip(itertools.product(classes, classes), table.flatten().tolist()):
                text = f"{value:.2f}" if table.is_floating_point() else str(value)
                axis.text(column, row, text, ha="center", va="center", color=_text_color(image, value))
    return fig, axes if multilabel else axes[0]


def _text_color(image: Any, value: float) -> str:
    """Black on a light cell of ``image``'s colormap, white on a dark one."""
    red, green, blue, _ = image.cmap(image.norm(value))
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.5 else "white"


def _confmat_axes(plt: Any, count: int, ax: Any) -> tuple[Any, list[Any]]:
    """The figure and ``count`` axes to draw on: those given, or a new near-square grid (spare cells hidden)."""
    if ax is not None:
        axes = list(ax.flat) if hasattr(ax, "flat") else list(ax) if isinstance(ax, Sequence) else [ax]
        if len(axes) < count:
            raise ValueError(f"Expected at least {count} axes to draw on, got {len(axes)}")
        return axes[0].get_figure(), axes[:count]
    columns = math.ceil(math.sqrt(count))
    fig, grid = plt.subplots(math.ceil(count / columns), columns, squeeze=False, constrained_layout=True)
    axes = list(grid.flat)
    for spare in axes[count:]:
        spare.axis("off")
    return fig, axes[:count]

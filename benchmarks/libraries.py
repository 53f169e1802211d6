"""The libraries a benchmark compares, each able to find a metric class by its TorchMetrics name."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata

# Where TorchMetrics keeps classes that its top level does not export.
_TORCHMETRICS_SUBMODULES = ("aggregation", "classification", "regression", "image", "wrappers")


@dataclass(frozen=True)
class Library:
    """One side of the comparison: a label for the table, its import name, and a class lookup."""

    label: str
    module: str
    version: str
    lookup: Callable[[str], type]


def _ours_lookup(name: str) -> type:
    import metrics_core

    try:
        return getattr(metrics_core, name)
    except AttributeError:
        # Domain metrics (classification, regression, image) come through the plugin registry.
        return metrics_core.registry.get(name)


def _torchmetrics_lookup(name: str) -> type:
    import torchmetrics

    if hasattr(torchmetrics, name):
        return getattr(torchmetrics, name)
    for submodule in _TORCHMETRICS_SUBMODULES:
        module = importlib.import_module(f"torchmetrics.{submodule}")
        if hasattr(module, name):
            return getattr(module, name)
    raise KeyError(f"torchmetrics has no metric named {name!r}")


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


_CANDIDATES = (
    ("ours", "metrics_core", "metrics-core", _ours_lookup),
    ("torchmetrics", "torchmetrics", "torchmetrics", _torchmetrics_lookup),
)


def load_libraries() -> tuple[list[Library], list[str]]:
    """The installed libraries (ours first) and a note for each one that could not be imported."""
    libraries: list[Library] = []
    notes: list[str] = []
    for label, module, distribution, lookup in _CANDIDATES:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                importlib.import_module(module)
        except ImportError as error:
            notes.append(f"{label}: not importable ({error}); its column stays empty")
            continue
        libraries.append(Library(label, module, _version(distribution), lookup))
    return libraries, notes


# Where each library keeps its functional metrics, searched in order by ``lookup_function``.
_FUNCTIONAL_MODULES = {
    "metrics_core": ("metrics_classification.functional", "metrics_regression.functional"),
    "torchmetrics": ("torchmetrics.functional", "torchmetrics.functional.classification"),
}


def lookup_function(library: Library, name: str) -> Callable:
    """A library's functional metric by its TorchMetrics name (``multiclass_auroc``, ...)."""
    for module_name in _FUNCTIONAL_MODULES.get(library.module, ()):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if hasattr(module, name):
            return getattr(module, name)
    raise KeyError(f"{library.label} has no functional metric named {name!r}")

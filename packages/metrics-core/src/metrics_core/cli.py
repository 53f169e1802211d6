"""The ``metrics`` command: list the registered metrics, describe one, report the plugins, compute one.

User mistakes (unknown metric, bad argument, unreadable file, mismatched inputs) exit with
status 2 and a one-line message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections import Counter
from collections.abc import Sequence
from typing import NoReturn

from metrics_core.cli_compute import DEFAULT_BATCH_SIZE, UsageError, run_compute
from metrics_core.registry import MetricNameClashError, MetricNotFoundError, registry


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``metrics`` command with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = _Parser(prog="metrics", description="Inspect and run the metrics that installed plugins provide.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    list_parser = commands.add_parser("list", help="list registered metrics")
    list_parser.add_argument("--domain", help="only metrics of this domain")
    list_parser.set_defaults(run=_list)
    info_parser = commands.add_parser("info", help="describe one metric")
    info_parser.add_argument("name", help="metric name, alias, or plugin:name")
    info_parser.set_defaults(run=_info)
    commands.add_parser("plugins", help="report every plugin found").set_defaults(run=_plugins)
    _add_compute_parser(commands)

    try:
        args = parser.parse_args(argv)
        return args.run(args)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print("metrics: interrupted", file=sys.stderr)
        return 130
    except (UsageError, MetricNotFoundError, MetricNameClashError) as exc:
        print(f"metrics: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except (ImportError, TypeError) as exc:  # a registered metric that cannot be loaded
        print(f"metrics: error: {_one_line(exc)}", file=sys.stderr)
        return 1


def _add_compute_parser(commands: argparse._SubParsersAction) -> None:
    compute = commands.add_parser(
        "compute",
        help="compute one metric over predictions and targets read from files",
        description="Stream --preds (and --target, --input) through metric NAME in batches and print its value. "
        "Files: .npy, .pt/.pth (one tensor) or .csv (numbers, optional header row).",
    )
    compute.add_argument("name", help="metric name, alias, or plugin:name")
    compute.add_argument("--preds", required=True, metavar="FILE", help="predictions (.npy, .pt or .csv)")
    compute.add_argument("--target", metavar="FILE", help="targets, as many rows as --preds")
    compute.add_argument(
        "--input",
        action="append",
        metavar="NAME=FILE",
        help="a further input of update by name, as many rows as --preds, repeatable: groups=groups.npy, weight=w.csv",
    )
    compute.add_argument(
        "--arg",
        action="append",
        metavar="KEY=VALUE",
        help="constructor argument, repeatable: num_classes=3, average=none, thresholds=[0.1,0.5]",
    )
    compute.add_argument(
        "--batch-size", type=int, metavar="N", help=f"rows per update call (default {DEFAULT_BATCH_SIZE})"
    )
    compute.add_argument("--json", action="store_true", help="print a JSON object instead of the bare value")
    compute.set_defaults(run=lambda args: run_compute(args, registry))


def _list(args: argparse.Namespace) -> int:
    entries = registry.entries(args.domain)
    if args.domain and not entries:
        raise UsageError(f"no metric in domain {args.domain!r}; domains: {', '.join(registry.domains())}")
    rows = [
        (info.name, info.domain or "-", info.plugin, _higher_is_better(f"{info.plugin}:{info.name}"))
        for info in entries
    ]
    _print_table(("NAME", "DOMAIN", "PLUGIN", "HIGHER_IS_BETTER"), rows)
    counts = Counter(info.name for info in entries)
    for name in sorted(name for name, count in counts.items() if count > 1):
        print(f"note: {name!r} is registered by several plugins; ask for it as 'plugin:{name}'", file=sys.stderr)
    return 0


def _higher_is_better(name: str) -> str:
    try:
        value = registry.get(name).higher_is_better
    except Exception:  # an unimportable plugin module must not break the listing
        return "?"
    return {True: "yes", False: "no", None: "-"}.get(value, str(value))


def _info(args: argparse.Namespace) -> int:
    info = registry.info(args.name)
    fields = {
        "name": info.name,
        "aliases": ", ".join(info.aliases) or "-",
        "domain": info.domain or "-",
        "plugin": info.plugin,
        "distribution": f"{info.distribution or '-'} {info.version or ''}".strip(),
        "reference": info.reference,
        "higher is better": _higher_is_better(f"{info.plugin}:{info.name}"),
        "summary": info.summary or "-",
        "arguments": _arguments(registry.get(f"{info.plugin}:{info.name}")),
    }
    width = max(map(len, fields)) + 2
    for key, value in fields.items():
        print(f"{key + ':':<{width}}{value}")
    return 0


def _arguments(metric_class: type) -> str:
    """The constructor's arguments with their defaults, e.g. ``num_classes, average='macro', **kwargs``."""
    try:
        parameters = inspect.signature(metric_class).parameters.values()
    except (TypeError, ValueError):
        return "?"
    shown = []
    for parameter in parameters:
        if parameter.kind is parameter.VAR_KEYWORD:
            shown.append(f"**{parameter.name}")
        elif parameter.kind is parameter.VAR_POSITIONAL:
            shown.append(f"*{parameter.name}")
        elif parameter.default is parameter.empty:
            shown.append(parameter.name)
        else:
            shown.append(f"{parameter.name}={parameter.default!r}")
    return ", ".join(shown) or "-"


def _plugins(args: argparse.Namespace) -> int:
    rows = [
        (
            record.name,
            record.distribution or "-",
            record.version or "-",
            str(record.metrics),
            "disabled" if record.disabled else f"error: {_one_line(record.error)}" if record.error else "ok",
        )
        for record in registry.plugins()
    ]
    _print_table(("NAME", "DISTRIBUTION", "VERSION", "METRICS", "STATUS"), rows)
    return 0


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]
    for row in (header, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


if __name__ == "__main__":
    sys.exit(main())

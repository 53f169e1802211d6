"""Benchmarks of metrics-core side by side with TorchMetrics, interleaved in one run.

    python benchmarks/run.py                 # every case (about a minute on 2 cores)
    python benchmarks/run.py --quick         # fewer rounds, for a smoke test
    python benchmarks/run.py -k CatMetric    # only the cases whose name contains CatMetric
    python benchmarks/run.py --json bench-results/run.json

Each cell is the median per-call time over the rounds; ``ours/theirs`` below 1 means we are faster.
The case table lives in cases.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import torch
from cases import CASES, GROWTH, Case
from libraries import Library, load_libraries
from timing import Runner, Timing, format_seconds, interleave, time_round

OURS = "ours"
THEIRS = "torchmetrics"


@dataclass
class CaseResult:
    case: Case
    rounds: int
    timings: dict[str, Timing] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)

    def median(self, label: str) -> float | None:
        timing = self.timings.get(label)
        return timing.median if timing else None

    @property
    def ratio(self) -> float | None:
        ours, theirs = self.median(OURS), self.median(THEIRS)
        return ours / theirs if ours is not None and theirs else None


def probe(runner: Runner, calls: int) -> list[str]:
    """Run one untimed round with warnings recorded; return the distinct messages seen."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        time_round(runner, min(calls, 3))
    return sorted({f"{w.category.__name__}: {w.message}" for w in caught})


def run_case(case: Case, libraries: list[Library], rounds: int) -> CaseResult:
    result = CaseResult(case, rounds)
    runners: dict[str, Runner] = {}
    for library in libraries:
        try:
            runner = case.build(library)
            seen = probe(runner, case.calls)
        except Exception:  # a failing library leaves its cell empty and is reported below the table
            result.errors[library.label] = traceback.format_exc(limit=3).strip().splitlines()[-1]
            continue
        if seen:
            result.warnings[library.label] = seen
        runners[library.label] = runner
    if runners:
        # Warnings (e.g. nan_strategy="warn") were reported by the probe; silence them while timing.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result.timings = interleave(runners, rounds=rounds, calls=case.calls, warmup=case.warmup)
    return result


def cell(result: CaseResult, label: str) -> str:
    if label in result.errors:
        return "error"
    timing = result.timings.get(label)
    if timing is None:
        return "-"
    return f"{format_seconds(timing.median)} +-{timing.spread * 100:.0f}%"


def print_table(results: list[CaseResult], libraries: list[Library]) -> None:
    labels = [library.label for library in libraries]
    header = ["case", *labels, "ours/theirs"]
    rows = [
        [
            result.case.name,
            *(cell(result, label) for label in labels),
            f"{result.ratio:.2f}" if result.ratio is not None else "-",
        ]
        for result in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        # First column left-aligned, the numbers right-aligned.
        print("  ".join(text.ljust(w) if i == 0 else text.rjust(w) for i, (text, w) in enumerate(zip(row, widths))))
    print("median per call over interleaved rounds; +-N% = interquartile range / median")


def growth_ratios(results: list[CaseResult], libraries: list[Library]) -> list[dict]:
    by_name = {result.case.name: result for result in results}
    rows = []
    for growth in GROWTH:
        late, early = by_name.get(growth.late), by_name.get(growth.early)
        if late is None or early is None:
            continue
        ratios = {}
        for library in libraries:
            late_median, early_median = late.median(library.label), early.median(library.label)
            if late_median is not None and early_median:
                ratios[library.label] = late_median / early_median
        rows.append({"name": growth.name, "late": growth.late, "early": growth.early, "ratios": ratios})
    return rows


def print_growth(rows: list[dict]) -> None:
    if not rows:
        return
    print("\nGrowth with history (late / early; 1.00 = cost independent of history):")
    for row in rows:
        ratios = "  ".join(f"{label} {ratio:.2f}" for label, ratio in row["ratios"].items())
        print(f"  {row['name']}: {ratios}")


def print_notes(results: list[CaseResult], notes: list[str]) -> None:
    lines = list(notes)
    for result in results:
        for label, message in result.errors.items():
            lines.append(f"{result.case.name} [{label}] failed: {message}")
        for label, seen in result.warnings.items():
            shown = "; ".join(message[:120] for message in seen[:2])
            lines.append(f"{result.case.name} [{label}] warned (silenced while timing): {shown}")
    if lines:
        print("\nNotes:")
        for line in lines:
            print(f"  {line}")


def environment(libraries: list[Library]) -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "cpu_count": os.cpu_count(),
        "libraries": {library.label: f"{library.module} {library.version}" for library in libraries},
    }


def write_json(path: Path, results: list[CaseResult], growth: list[dict], env: dict) -> None:
    cases = [
        {
            "name": result.case.name,
            "calls_per_round": result.case.calls,
            "rounds": result.rounds,
            "median_s": {label: timing.median for label, timing in result.timings.items()},
            "spread": {label: timing.spread for label, timing in result.timings.items()},
            "samples_s": {label: list(timing.samples) for label, timing in result.timings.items()},
            "ratio_ours_over_theirs": result.ratio,
            "errors": result.errors,
            "warnings": result.warnings,
        }
        for result in results
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"environment": env, "cases": cases, "growth": growth}, indent=2) + "\n")
    print(f"\nwrote {path}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--quick", action="store_true", help="a quarter of the rounds (at least 3)")
    parser.add_argument("-k", dest="patterns", action="append", default=[], help="run cases whose name contains this")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cases = [case for case in CASES if not args.patterns or any(p in case.name for p in args.patterns)]
    if args.list:
        for case in CASES:
            print(case.name)
        return 0
    if not cases:
        print(f"no case matches {args.patterns}", file=sys.stderr)
        return 2

    libraries, notes = load_libraries()
    env = environment(libraries)
    print(f"python {env['python']}, torch {env['torch']} ({env['torch_threads']} threads), {env['platform']}")
    print("libraries: " + ", ".join(f"{label} = {name}" for label, name in env["libraries"].items()))
    print()

    results = []
    for case in cases:
        rounds = max(3, case.rounds // 4) if args.quick else case.rounds
        print(f"  running {case.name} ...", file=sys.stderr, flush=True)
        results.append(run_case(case, libraries, rounds))

    growth = growth_ratios(results, libraries)
    print_table(results, libraries)
    print_growth(growth)
    print_notes(results, notes)
    if args.json:
        write_json(args.json, results, growth, env)
    failed = any(OURS in result.errors for result in results) or OURS not in env["libraries"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

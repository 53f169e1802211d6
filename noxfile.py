"""All automation of the metrics monorepo: tests per package and device, integration, lint, demo, bench.

Run `nox -l` to list the sessions. Every pip install is constrained by `constraints/torch.txt`
(torch==2.13.0) unless METRICS_TORCH_CONSTRAINTS (a constraints file) or METRICS_TORCH_VERSION
(a release) says otherwise; see README.md.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
PACKAGES_DIR = ROOT / "packages"
TESTS_DIR = ROOT / "tests"
PLUGINS_DIR = TESTS_DIR / "plugins"
REQUIREMENTS_DIR = ROOT / "requirements"
DEFAULT_TORCH_CONSTRAINTS = ROOT / "constraints" / "torch.txt"

CONSTRAINTS_ENV = "METRICS_TORCH_CONSTRAINTS"
VERSION_ENV = "METRICS_TORCH_VERSION"
TEST_DEVICE_ENV = "METRICS_TEST_DEVICE"

DEVICES = ("cpu", "cuda")
# The demo's data sets and sample photos ship with scikit-learn (no download); matplotlib draws the plots.
DEMO_REQUIREMENTS = ("scikit-learn>=1.3", "matplotlib>=3.6")
# Only the lightning session installs Lightning (it brings torchmetrics along; our tests do not use it).
LIGHTNING_REQUIREMENTS = ("lightning>=2.2",)

nox.options.sessions = ["lint", "tests", "integration", "docs", "lightning"]
nox.options.reuse_existing_virtualenvs = True
# pip, not uv: pip reads the machine's pip configuration (local wheel folders, constraints).
nox.options.default_venv_backend = "virtualenv"


def find_packages() -> dict[str, Path]:
    """Map package id (`core`, `classification`, ...) to its directory `packages/metrics-<id>`."""
    found = {
        path.name.removeprefix("metrics-"): path
        for path in sorted(PACKAGES_DIR.glob("metrics-*"))
        if (path / "pyproject.toml").is_file()
    }
    # core first: every other package depends on it.
    return dict(sorted(found.items(), key=lambda item: (item[0] != "core", item[0])))


def find_plugins() -> list[Path]:
    """The small installable plugin packages under tests/plugins/."""
    return [path for path in sorted(PLUGINS_DIR.glob("*")) if (path / "pyproject.toml").is_file()]


PACKAGES = find_packages()


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def torch_constraint_args(session: nox.Session, *, default: Path | None = DEFAULT_TORCH_CONSTRAINTS) -> list[str]:
    """The `-c FILE` pip arguments that pin torch: the override from the environment, else `default`."""
    constraints_file = os.environ.get(CONSTRAINTS_ENV, "").strip()
    version = os.environ.get(VERSION_ENV, "").strip()
    if constraints_file and version:
        session.error(f"set only one of {CONSTRAINTS_ENV} and {VERSION_ENV}, not both")
    if constraints_file:
        path = Path(constraints_file).expanduser().resolve()
        if not path.is_file():
            session.error(f"{CONSTRAINTS_ENV}={constraints_file}: no such file")
        return ["-c", str(path)]
    if version:
        path = Path(session.create_tmp()) / "torch-constraints.txt"
        path.write_text(f"torch=={version}\n")
        return ["-c", str(path)]
    return ["-c", str(default)] if default is not None else []


def requirement_files(*names: str) -> list[str]:
    """`-r requirements/<name>.txt` for each name whose file exists."""
    args: list[str] = []
    for name in names:
        path = REQUIREMENTS_DIR / f"{name}.txt"
        if path.is_file():
            args += ["-r", rel(path)]
    return args


def editable(*package_ids: str) -> list[str]:
    """`-e packages/metrics-<id>` for metrics-core and each package id, core first, once each."""
    ids = dict.fromkeys(["core", *package_ids])
    return [arg for pid in ids for arg in ("-e", rel(PACKAGES[pid]))]


def cuda_driver_missing() -> str | None:
    """Why no CUDA device can be present on this machine, or None when a GPU driver is there."""
    if shutil.which("nvidia-smi") or Path("/dev/nvidiactl").exists() or Path("/dev/kfd").exists():
        return None
    return "no GPU driver on this machine (no nvidia-smi, /dev/nvidiactl or /dev/kfd)"


def pytest_args(session: nox.Session, tests_dir: Path, source_dir: Path | None = None) -> list[str]:
    """Arguments after `--` go to pytest; unless they name test paths themselves, `tests_dir` is added,
    and `source_dir`'s docstring examples run as doctests."""
    names_paths = any(arg.startswith(("tests", "packages")) for arg in session.posargs)
    if names_paths:
        return list(session.posargs)
    doctests = ["--doctest-modules", rel(source_dir)] if source_dir is not None else []
    return [*session.posargs, rel(tests_dir), *doctests]


def tests_params() -> list:
    return [nox.param(pid, device, tags=[device, pid]) for pid in PACKAGES for device in DEVICES]


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check with the pinned ruff (configuration in pyproject.toml)."""
    session.install(*torch_constraint_args(session), *requirement_files("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
@nox.parametrize(["package", "device"], tests_params())
def tests(session: nox.Session, package: str, device: str) -> None:
    """Run one package's tests (tests/<package>/) on one device, in parallel with pytest-xdist."""
    if device == "cuda":
        reason = cuda_driver_missing()
        if reason:
            session.skip(f"no CUDA device: {reason}; the CPU variant covers these tests here")
        # Not the CPU pin, which would install a CPU-only torch: on a CUDA machine set one of the
        # override variables to the CUDA build you want, or set none and pip picks one for torch>=2.1.
        constraints = torch_constraint_args(session, default=None)
    else:
        constraints = torch_constraint_args(session)

    tests_dir = TESTS_DIR / package
    if not any(tests_dir.rglob("test_*.py")):
        session.error(f"package {package!r} has no tests: expected test_*.py files under {rel(tests_dir)}/")

    session.install(*constraints, "torch", *editable(package), *requirement_files("test", f"test-{package}"))

    if device == "cuda":
        available = session.run("python", "-c", "import torch; print(torch.cuda.is_available())", silent=True)
        if not str(available).strip().endswith("True"):
            session.skip("no CUDA device: torch.cuda.is_available() is False in this session's venv")

    source_dir = PACKAGES[package] / "src"
    session.run("pytest", "-n", "auto", *pytest_args(session, tests_dir, source_dir), env={TEST_DEVICE_ENV: device})


@nox.session
def integration(session: nox.Session) -> None:
    """Registry and plugins end to end: every package plus the tests/plugins/* packages (not editable)."""
    plugins = []
    for path in find_plugins():
        # setuptools builds in the source tree; a stale build/ would ship files deleted since.
        shutil.rmtree(path / "build", ignore_errors=True)
        plugins.append(rel(path))
    session.install(
        *torch_constraint_args(session), "torch", *editable(*PACKAGES), *plugins, *requirement_files("test")
    )
    session.run("pytest", *pytest_args(session, TESTS_DIR / "integration"), env={TEST_DEVICE_ENV: "cpu"})


@nox.session
def demo(session: nox.Session) -> None:
    """Install every package, scikit-learn and matplotlib; run examples/demo.py (tables, and PNGs in demo-output/)."""
    session.install(*torch_constraint_args(session), "torch", *editable(*PACKAGES), *DEMO_REQUIREMENTS)
    session.run("python", "examples/demo.py", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site with `mkdocs build --strict` into site/, and run the pages' ```pycon examples as doctests."""
    session.install(
        *torch_constraint_args(session),
        "torch",
        *editable(*PACKAGES),
        *requirement_files("docs"),
        "pytest>=8.0",
        "numpy",
    )
    # Material's notice about its successor is not a problem with our docs.
    session.run("mkdocs", "build", "--strict", "--site-dir", "site", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})
    # Pages whose examples are written as ```pycon sessions are doctests (other pages show code, not sessions).
    pages = [rel(page) for page in sorted((ROOT / "docs").rglob("*.md")) if "```pycon" in page.read_text()]
    session.run("pytest", "--doctest-glob=*.md", "-p", "no:cacheprovider", *pages)


@nox.session
def lightning(session: nox.Session) -> None:
    """Train a tiny LightningModule on CPU logging our metrics, in one process and in two (DDP on gloo)."""
    session.install(
        *torch_constraint_args(session),
        "torch",
        *editable(*PACKAGES),
        *requirement_files("test"),
        *LIGHTNING_REQUIREMENTS,
    )
    session.run("pytest", *pytest_args(session, TESTS_DIR / "lightning"), env={TEST_DEVICE_ENV: "cpu"})


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks side by side with TorchMetrics; `nox -s bench -- --json bench-results/run.json`."""
    session.install(*torch_constraint_args(session), "torch", *editable(*PACKAGES), *requirement_files("bench"))
    session.run("python", "benchmarks/run.py", *session.posargs)

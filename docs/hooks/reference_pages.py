"""MkDocs hook: one API reference page per package (and one for its functional API), built from the sources.

Every public module under ``packages/<dist>/src/<import_name>/`` gets a ``:::`` block, rendered
by mkdocstrings from the docstrings, so a new module or metric appears without editing the docs.
The pages are added to the "API reference" section of the navigation. After the build, every
name in a package's (or subpackage's) ``__all__`` must have an entry in those pages: a missing
one is a warning, which fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ROOT / "packages"
SECTION = "API reference"
SKIPPED = {"__init__", "plugin", "__main__"}  # lazy export tables and the plugin hook carry no API
TITLES = {"functional": "functional", "wrappers": "wrappers"}
log = logging.getLogger(f"mkdocs.hooks.{__name__}")


def _modules(folder: Path, prefix: str) -> list[str]:
    return [
        f"{prefix}.{path.stem}"
        for path in sorted(folder.glob("*.py"))
        if path.stem not in SKIPPED and not path.stem.startswith("_")
    ]


def reference_pages() -> dict[str, tuple[str, str]]:
    """Map page path -> (navigation title, markdown) for every package found."""
    pages: dict[str, tuple[str, str]] = {}
    for package_dir in sorted(PACKAGES.glob("metrics-*")):
        sources = [path for path in (package_dir / "src").glob("*") if (path / "__init__.py").is_file()]
        if not sources:
            continue
        source = sources[0]
        dist, import_name = package_dir.name, source.name
        groups = {"": _modules(source, import_name)}
        for sub in sorted(path for path in source.iterdir() if (path / "__init__.py").is_file()):
            groups[sub.name] = _modules(sub, f"{import_name}.{sub.name}")
        for sub, modules in groups.items():
            if not modules:
                continue
            slug = dist.removeprefix("metrics-") + (f"-{sub}" if sub else "")
            title = f"{dist}" + (f" · {TITLES.get(sub, sub)}" if sub else "")
            lines = [f"# {title}", "", f"`{import_name}{'.' + sub if sub else ''}`, generated from the docstrings.", ""]
            for module in modules:
                lines += [f"## `{module}`", "", f"::: {module}", "    options:", "      show_root_heading: false", ""]
            pages[f"reference/{slug}.md"] = (title, "\n".join(lines))
    return pages


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for entry in config.nav or []:
        if isinstance(entry, dict) and SECTION in entry:
            entry[SECTION] = [
                *entry[SECTION],
                *({title: path} for path, (title, _) in reference_pages().items()),
            ]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, (_, content) in reference_pages().items():
        files.append(File.generated(config, path, content=content))
    return files


def exported_names() -> dict[str, list[str]]:
    """``__all__`` of every package and subpackage ``__init__.py``, read without importing anything."""
    found = {}
    for init in sorted(PACKAGES.glob("metrics-*/src/*/**/__init__.py")):
        for node in ast.parse(init.read_text()).body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            if any(isinstance(target, ast.Name) and target.id == "__all__" for target in targets) and node.value:
                found[str(init.parent.relative_to(PACKAGES))] = ast.literal_eval(node.value)
    return found


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir) / "reference"
    documented = {
        match.rpartition(".")[2]
        for page in site.rglob("*.html")
        for match in re.findall(r'id="([\w.]+)"', page.read_text(encoding="utf-8"))
    }
    for where, names in exported_names().items():
        subpackages = {path.name for path in (PACKAGES / where).iterdir() if (path / "__init__.py").is_file()}
        missing = [
            name for name in names if name not in documented and name != "__version__" and name not in subpackages
        ]
        if missing:
            log.warning("API reference lacks %s exported by %s: %s", len(missing), where, ", ".join(missing))

"""Griffe extension: read a Google-style ``Example:`` section as ``Examples:``, so its doctest renders as code.

Griffe's Google parser treats ``Example:`` (singular, the spelling of this project's docstrings)
as an admonition whose body is Markdown, where ``>>>`` lines and outputs such as
``tensor([0.5, 1.0])`` would render as text and links.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)


class ExampleSections(griffe.Extension):
    """Rename ``Example:`` section headers to ``Examples:`` in every docstring."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _EXAMPLE.sub(r"\1Examples:", obj.docstring.value)

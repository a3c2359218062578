"""The complete newslint plugin API, on one page.

A plugin is a module (or object) with functions marked ``@newslint.hookimpl``. newslint's
own rules, rule packs, readers and output formats are plugins registered through exactly
these hooks (see ``newslint.plugins.BUILTIN_PLUGINS``). Third-party plugins are found in the
``newslint`` entry-point group, or named in config under ``plugins = ["my_module"]``.

Implementations may take fewer arguments than the spec names (pluggy's opt-in arguments),
so adding an argument later never breaks a plugin.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar, cast

import pluggy

if TYPE_CHECKING:
    from newslint.document import Document
    from newslint.model import Finding
    from newslint.packs import PackRule
    from newslint.readers import Reader
    from newslint.reporters import Reporter
    from newslint.rule import Rule

__all__ = ["hookimpl", "hookspec"]

F = TypeVar("F", bound=Callable[..., Any])
hookspec = pluggy.HookspecMarker("newslint")
hookimpl = cast(Callable[[F], F], pluggy.HookimplMarker("newslint"))


@hookspec
def newslint_rules() -> list[type[Rule]]:
    """Return the Python rule classes this plugin provides.

    Each class subclasses :class:`newslint.Rule` (or ``CorpusRule``) with a unique ``code``
    and ``name`` and a docstring. Import heavy modules inside ``check``, not here.
    """


@hookspec
def newslint_rule_packs() -> list[Path]:
    """Return TOML rule-pack files, or folders of them, that this plugin ships."""


@hookspec
def newslint_rule_kinds() -> dict[str, type[PackRule]]:
    """Return declarative rule kinds usable as ``kind = "<kind>"`` in rule packs."""


@hookspec
def newslint_readers() -> list[Reader]:
    """Return input readers; each declares the file suffixes it reads (``.txt``, ``.jsonl``)."""


@hookspec
def newslint_output_formats() -> dict[str, type[Reporter]]:
    """Map ``--output-format`` names to reporter classes."""


@hookspec
def newslint_veto_finding(finding: Finding, document: Document) -> bool | None:
    """Return True to drop a finding (allowlists, suppressions); None or False keeps it.

    Called for every finding of every document after the rules ran; any True vetoes it.
    """

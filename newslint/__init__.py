"""newslint: a linter and fixer for scrape artefacts in news articles.

Python API::

    import newslint
    findings = newslint.lint_text("TThe meetings resumed.")
    fixed = newslint.fix_text("TThe meetings resumed.").text
    for result in newslint.lint_records(records):   # dicts with a "text" field
        ...
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any, Iterable, Iterator

from newslint.document import Document, Source
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix, Safety, Severity
from newslint.rule import CorpusRule, Rule

if TYPE_CHECKING:
    from newslint.config import Config
    from newslint.engine import FixResult, LintResult, Linter

__all__ = [
    "CorpusRule",
    "Document",
    "Edit",
    "Finding",
    "Fix",
    "Rule",
    "Safety",
    "Severity",
    "Source",
    "__version__",
    "fix_text",
    "get_linter",
    "hookimpl",
    "lint_records",
    "lint_text",
]

_LINTERS: dict[Any, Linter] = {}


def get_linter(
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    config: Config | None = None,
    plugins: bool = True,
) -> Linter:
    """A linter for the given selection, built once and reused."""
    from newslint.config import Config
    from newslint.engine import Linter

    base = config or Config()
    key = (tuple(select) if select is not None else None, tuple(ignore), base.fingerprint(), plugins)
    if key not in _LINTERS:
        cfg = base.replace(select=tuple(select) if select is not None else None, ignore=tuple(ignore) or None)
        _LINTERS[key] = Linter(cfg, entry_points=plugins)
    return _LINTERS[key]


def lint_text(text: str, *, select: Iterable[str] | None = None, ignore: Iterable[str] = (),
              config: Config | None = None) -> list[Finding]:
    """Lint one article; findings carry offsets (``start``/``end``) and display ``span``."""
    linter = get_linter(select=select, ignore=ignore, config=config)
    return linter.lint(Document(text)).findings


def fix_text(text: str, *, unsafe: bool = False, select: Iterable[str] | None = None,
             ignore: Iterable[str] = (), config: Config | None = None) -> FixResult:
    """Apply safe (or also unsafe) fixes; ``.text`` is the result, ``.findings`` what remains."""
    linter = get_linter(select=select, ignore=ignore, config=config)
    return linter.fix_text(text, Safety.UNSAFE if unsafe else Safety.SAFE)


def lint_records(
    records: Iterable[dict[str, Any]],
    *,
    text_field: str = "text",
    id_field: str | None = "id",
    fix: bool = False,
    unsafe: bool = False,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    config: Config | None = None,
) -> Iterator[LintResult]:
    """Lint (or fix) a stream of records lazily, one :class:`LintResult` per record.

    A record without a string text field yields a result with one ``NL001`` finding.
    In fix mode ``result.fixed_text`` is the new text, or None when nothing changed.
    """
    from newslint.engine import lint_record_stream

    linter = get_linter(select=select, ignore=ignore, config=config)
    for _, result in lint_record_stream(
        linter, records, path="<records>", numbered=True, text_field=text_field, id_field=id_field,
        title_field="title", fix=fix, required=Safety.UNSAFE if unsafe else Safety.SAFE,
    ):
        yield result

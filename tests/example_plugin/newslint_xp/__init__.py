"""An example third-party newslint plugin: one rule (XP001) and one veto.

It uses only the public plugin API: ``newslint.Rule`` and ``newslint.hookimpl``.
"""

from __future__ import annotations

import re
from typing import Iterator

from newslint import Document, Edit, Finding, Fix, Rule, hookimpl

__version__ = "0.1.0"

_LOREM = re.compile(r"\blorem ipsum(?: dolor sit amet)?\b[,.]?", re.IGNORECASE)


class PlaceholderText(Rule):
    """Placeholder text (lorem ipsum) left in an article.

    ## What it does
    Flags "lorem ipsum" filler that a CMS template left in the published text.

    ## Why is this bad?
    It is not part of the article and is never meant to be read.

    ## Example
    `Lorem ipsum dolor sit amet. The council met on Tuesday.`

    Use instead: `The council met on Tuesday.`

    ## Fix
    Unsafe: deletes the filler phrase.
    """

    code = "XP001"
    name = "placeholder-text"
    family = "example"
    fixable = "unsafe"

    def check(self, doc: Document) -> Iterator[Finding]:
        for m in _LOREM.finditer(doc.text):
            end = m.end() + (1 if doc.text[m.end() : m.end() + 1] == " " else 0)
            yield self.finding(m.start(), end, f"placeholder text {m[0]!r}",
                               fix=Fix.unsafe(Edit.delete(m.start(), end), title="Delete the filler"))


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [PlaceholderText]


@hookimpl
def newslint_veto_finding(finding: Finding, document: Document) -> bool | None:
    """An editor's ``[sic]`` on a line says its oddities are intended: drop findings there."""
    return True if "[sic]" in document.line_at(finding.start).text else None

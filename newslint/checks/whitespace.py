"""Whitespace and line-break artefacts (``WS``)."""

from __future__ import annotations

import re
from typing import Iterator

from newslint.document import Document
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix
from newslint.rule import Rule

_TRAILING = re.compile(r"[ \t\u00a0\u3000]+$", re.MULTILINE)


class TrailingWhitespace(Rule):
    """Whitespace at the end of a line.

    ## What it does
    Flags spaces, tabs and no-break spaces after the last visible character of a line.

    ## Why is this bad?
    Invisible residue of HTML layout; it makes diffs noisy and breaks exact-match dedup.

    ## Example
    `The talks resumed.␠␠` (two spaces before the line break)

    Use instead: `The talks resumed.`

    ## Fix
    Safe: deletes the trailing whitespace; no visible character changes.
    """

    code = "WS001"
    name = "trailing-whitespace"
    family = "whitespace"
    fixable = "safe"

    def check(self, doc: Document) -> Iterator[Finding]:
        for m in _TRAILING.finditer(doc.text):
            yield self.finding(m.start(), m.end(), "trailing whitespace",
                               fix=Fix.safe(Edit.delete(m.start(), m.end()), title="Remove trailing whitespace"))


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [TrailingWhitespace]

"""Inline suppressions: HTML comments in the article that silence codes (a veto plugin).

``<!-- newslint: disable-file -->``                  every code, whole document
``<!-- newslint: disable-file BP001, EN -->``         these codes (or prefixes), whole document
``<!-- newslint: disable-line DB002 -->``             findings on this comment's line
``<!-- newslint: disable-next-line DB002 -->``        findings on the next non-blank line

HTML comments are invisible when Markdown is rendered and survive in plain text and JSONL.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from newslint.document import Document
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix, Severity
from newslint.text import lazy_pattern

__all__ = ["DIRECTIVE", "Directive", "directives", "unused_suppressions"]

DIRECTIVE = lazy_pattern(  # compiled when a document holds a directive
    r"<!--\s*newslint:\s*(?P<kind>disable-file|disable-line|disable-next-line)\b(?P<codes>[^>]*?)\s*-->"
)


@dataclass
class Directive:
    kind: str
    codes: tuple[str, ...]  # empty: every code
    start: int
    end: int
    lines: tuple[int, ...]  # the lines it covers (empty for disable-file)
    used: set[str] = field(default_factory=set)

    def covers(self, code: str, line: int) -> bool:
        if self.kind != "disable-file" and line not in self.lines:
            return False
        return not self.codes or any(code.startswith(c) for c in self.codes)


def directives(doc: Document) -> list[Directive]:
    """The document's directives, parsed once."""
    if "directives" in doc.cache:
        return doc.cache["directives"]
    found = []
    numbers: list[int] | None = None  # paragraph line numbers, for disable-next-line
    if "newslint:" in doc.text:
        for m in DIRECTIVE.finditer(doc.text):
            codes = tuple(c.upper() for c in re.split(r"[\s,]+", m["codes"].strip()) if c)
            line = doc.position(m.start())[0]
            if m["kind"] == "disable-line":
                lines: tuple[int, ...] = (line,)
            elif m["kind"] == "disable-next-line":
                numbers = [p.number for p in doc.paragraphs] if numbers is None else numbers
                at = bisect.bisect_right(numbers, line)
                lines = (numbers[at] if at < len(numbers) else line + 1,)
            else:
                lines = ()
            found.append(Directive(m["kind"], codes, m.start(), m.end(), lines))
    doc.cache["directives"] = found
    return found


@hookimpl
def newslint_veto_finding(finding: Finding, document: Document) -> bool | None:
    found = directives(document)
    if not found:
        return None
    by_line = _by_line(document, found)
    line = document.position(finding.start)[0]
    for d in (*by_line.get(line, ()), *by_line.get(0, ())):  # this line's, then file-wide ones
        if d.covers(finding.code, line):
            d.used.add(finding.code)
            return True
    return None


def _by_line(doc: Document, found: list[Directive]) -> dict[int, list[Directive]]:
    """Directives indexed by the line they cover (0: the whole file), built once per document."""
    if "directives-by-line" not in doc.cache:
        index: dict[int, list[Directive]] = {}
        for d in found:
            for line in d.lines or (0,):
                index.setdefault(line, []).append(d)
        doc.cache["directives-by-line"] = index
    return doc.cache["directives-by-line"]


def unused_suppressions(doc: Document, enabled: set[str], later: set[str] = frozenset()) -> list[Finding]:
    """NL004 findings for directives that silenced nothing among the enabled codes.

    ``later`` holds codes whose findings arrive after the document is done (cross-document
    rules); a directive that may be meant for one of them is never reported.
    """
    out = []
    for d in directives(doc):
        if any(not d.codes or d.covers(code, d.lines[0] if d.lines else 0) for code in later):
            continue
        wanted = [c for c in d.codes if any(e.startswith(c) for e in enabled)] if d.codes else ["*"]
        if d.used or not wanted:
            continue
        start = d.start - 1 if d.start > 0 and doc.text[d.start - 1] == " " else d.start
        fix = Fix.safe(Edit.delete(start, d.end), title="Remove the unused directive")
        out.append(Finding("NL004", "unused-suppression",
                           f"unused suppression ({', '.join(d.codes) or 'all codes'})",
                           d.start, d.end, Severity.WARNING, fix))
    return out

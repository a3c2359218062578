"""Output formats (a built-in plugin): full, concise, json, jsonl, sarif, github, gitlab, junit.

A reporter receives every result of a run at once, in a deterministic order, and writes
to a text stream. Machine formats follow the JSON contract in the README.
"""

from __future__ import annotations

import hashlib
import json
from typing import IO, Any, Iterable

from newslint import __version__
from newslint.engine import LintResult
from newslint.hookspecs import hookimpl
from newslint.model import Finding, Safety
from newslint.rule import RuleSet
from newslint.text import lazy_pattern

__all__ = ["Reporter", "finding_to_dict"]


class Reporter:
    """Base class of output formats; register subclasses through ``newslint_output_formats``."""

    #: machine formats print nothing else (no summary line) on stdout
    machine: bool = True

    def __init__(self, stream: IO[str], *, rules: RuleSet, color: bool = False,
                 show_fixes: bool = True, unsafe_fixes: bool = False) -> None:
        self.stream = stream
        self.rules = rules
        self.color = color
        self.unsafe_fixes = unsafe_fixes

    def report(self, results: list[LintResult]) -> None:
        """Write a whole run's results (formats that need all of them at once override this)."""
        raise NotImplementedError

    # Streaming: the CLI hands results over one by one as documents finish. Formats that can
    # write as they go override ``add``; the others collect and write in ``finish``.
    def add(self, result: LintResult) -> None:
        self.__dict__.setdefault("_pending", []).append(result)

    def finish(self) -> None:
        self.report(self.__dict__.pop("_pending", []))

    def fixable_mark(self, f: Finding) -> str:
        if f.fix is None:
            return ""
        if f.fix.safety == Safety.SAFE or (self.unsafe_fixes and f.fix.safety == Safety.UNSAFE):
            return "[*] "
        return ""

    def style(self, text: str, *codes: str) -> str:
        if not self.color:
            return text
        import click

        return click.style(text, **{c: True for c in codes if c in ("bold", "dim")},
                           fg=next((c for c in codes if c not in ("bold", "dim")), None))


#: characters XML 1.0 forbids even escaped (control characters, as in corrupted scraped text)
_XML_INVALID = lazy_pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_chars(text: str) -> str:
    return _XML_INVALID.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def xml_escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(_xml_chars(text))


def quoteattr(text: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(_xml_chars(text))


def iter_findings(results: Iterable[LintResult]) -> Iterable[tuple[LintResult, Finding]]:
    for result in results:
        for f in result.findings:
            yield result, f


def finding_to_dict(result: LintResult, f: Finding) -> dict[str, Any]:
    """The JSON contract: one object per finding."""
    span = f.span
    fix = None
    if f.fix is not None:
        fix = {
            "applicability": f.fix.safety.label,
            "message": f.fix.title or None,
            "edits": [
                {"line": s.line, "column": s.column, "end_line": s.end_line, "end_column": s.end_column,
                 "content": e.content, "start_offset": e.start, "end_offset": e.end}
                for e, s in zip(f.fix.edits, f.edit_spans)
            ],
        }
    out = {
        "path": result.source.path,
        "record": result.source.record,
        "id": result.source.id,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "end_line": span.end_line if span else None,
        "end_column": span.end_column if span else None,
        "start_offset": f.start,
        "end_offset": f.end,
        "code": f.code,
        "rule": f.rule,
        "severity": f.severity.value,
        "message": f.message,
        "fix": fix,
    }
    if f.data:
        out["data"] = f.data
    return out


def location_label(result: LintResult, f: Finding) -> str:
    """``path:line:col`` for files; ``path:record:1`` plus the position in the text for JSONL."""
    s = f.span
    src = result.source
    if src.record is None:
        return f"{src.path}:{s.line}:{s.column}"
    ident = f" id={src.id}" if src.id is not None else ""
    return f"{src.path}:{src.record}:1 [text {s.line}:{s.column}{ident}]"


class StreamingReporter(Reporter):
    """A format that writes each result as soon as it arrives."""

    def report(self, results: list[LintResult]) -> None:
        for result in results:
            self.add(result)
        self.finish()

    def add(self, result: LintResult) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        pass


class ConciseReporter(StreamingReporter):
    machine = False

    def add(self, result: LintResult) -> None:
        for f in result.findings:
            self.stream.write(
                f"{self.style(location_label(result, f), 'bold')}: "
                f"{self.style(f.code, 'red', 'bold')} {self.fixable_mark(f)}{f.message}\n"
            )


class FullReporter(StreamingReporter):
    """ruff's ``full`` format: the location, the message, and the line with a caret."""

    machine = False

    def add(self, result: LintResult) -> None:
        w = self.stream.write
        for f in result.findings:
            w(f"{self.style(location_label(result, f), 'bold')}: {self.style(f.code, 'red', 'bold')} "
              f"{self.fixable_mark(f)}{f.message}\n")
            if f.source_line or f.end > f.start:
                s = f.span
                line = f.source_line.replace("\t", " ")
                shown, offset = _window(line, s.column - 1)
                width = (s.end_column - s.column) if s.end_line == s.line else len(line) - (s.column - 1)
                gutter = str(s.line)
                pad = " " * len(gutter)
                caret_at = s.column - 1 - offset
                width = max(1, min(width, len(shown) - caret_at))
                # carets are placed in terminal cells: wide (CJK, emoji) characters take two
                cells_before, cells = _cells(shown[:caret_at]), max(1, _cells(shown[caret_at : caret_at + width]))
                w(f"{pad} {self.style('|', 'blue')}\n")
                w(f"{self.style(gutter, 'blue')} {self.style('|', 'blue')} {shown}\n")
                w(f"{pad} {self.style('|', 'blue')} {' ' * cells_before}{self.style('^' * cells, 'red')}\n")
                if f.fix is not None and f.fix.title:
                    w(f"{pad} = help: {f.fix.title}"
                      + ("" if f.fix.safety == Safety.SAFE else f" ({f.fix.safety.label} fix)") + "\n")
                w("\n")


def _cells(text: str) -> int:
    """The width of ``text`` on a terminal: wide characters count two, combining and format ones zero."""
    import unicodedata

    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _window(line: str, col: int, width: int = 100) -> tuple[str, int]:
    """A slice of a long line around ``col``; returns it and its start offset."""
    if len(line) <= width:
        return line, 0
    start = max(0, min(col - 20, len(line) - width))
    return line[start : start + width], start


class JsonReporter(StreamingReporter):
    """A JSON list of findings, written as they come (the same bytes as one ``json.dump``)."""

    _count = 0

    def add(self, result: LintResult) -> None:
        for f in result.findings:
            item = json.dumps(finding_to_dict(result, f), ensure_ascii=False, indent=2)
            self.stream.write(("[\n  " if self._count == 0 else ",\n  ") + item.replace("\n", "\n  "))
            self._count += 1

    def finish(self) -> None:
        self.stream.write("\n]\n" if self._count else "[]\n")


class JsonLinesReporter(StreamingReporter):
    def add(self, result: LintResult) -> None:
        for f in result.findings:
            self.stream.write(json.dumps(finding_to_dict(result, f), ensure_ascii=False) + "\n")


class GithubReporter(StreamingReporter):
    """GitHub Actions workflow commands: annotations on the changed files."""

    def add(self, r: LintResult) -> None:
        level = {"error": "error", "warning": "warning", "info": "notice"}
        for f in r.findings:
            s = f.span
            line = r.source.record or s.line
            props = f"file={_gh(r.source.path)},line={line},col={s.column if r.source.record is None else 1}"
            if r.source.record is None:
                props += f",endLine={s.end_line},endColumn={s.end_column}"
            props += f",title={_gh(f'newslint ({f.code})')}"
            where = f"text {s.line}:{s.column}: " if r.source.record is not None else ""
            msg = f"{where}{f.code} {f.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            self.stream.write(f"::{level[f.severity.value]} {props}::{msg}\n")


def _gh(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


class GitlabReporter(Reporter):
    """GitLab Code Quality (Code Climate) JSON."""

    def report(self, results: list[LintResult]) -> None:
        sev = {"error": "major", "warning": "minor", "info": "info"}
        seen: dict[str, int] = {}
        data = []
        for r, f in iter_findings(results):
            base = hashlib.sha256(f"{r.source.key}\0{f.code}\0{f.matched}".encode()).hexdigest()
            n = seen.get(base, 0)
            seen[base] = n + 1
            line = r.source.record or f.span.line
            data.append({
                "description": f"{f.code} {f.message}",
                "check_name": f.code,
                "fingerprint": hashlib.sha256(f"{base}{n}".encode()).hexdigest()[:32],
                "severity": sev[f.severity.value],
                "location": {"path": r.source.path, "lines": {"begin": line, "end": line if r.source.record else f.span.end_line}},
            })
        json.dump(data, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")


class JunitReporter(Reporter):
    """JUnit XML: one test suite per input file, one failing test case per finding."""

    def report(self, results: list[LintResult]) -> None:
        by_path: dict[str, list[tuple[LintResult, Finding]]] = {}
        for r in results:
            by_path.setdefault(r.source.path, [])
            for f in r.findings:
                by_path[r.source.path].append((r, f))
        total = sum(len(v) for v in by_path.values())
        w = self.stream.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w(f'<testsuites name="newslint" tests="{max(total, len(by_path))}" failures="{total}">\n')
        for path, items in by_path.items():
            w(f'  <testsuite name={quoteattr(path)} tests="{max(1, len(items))}" failures="{len(items)}">\n')
            if not items:
                w(f'    <testcase name={quoteattr(path)} classname={quoteattr(path)}/>\n')
            for r, f in items:
                label = location_label(r, f)
                w(f'    <testcase name={quoteattr(f"{f.code} at {label}")} classname={quoteattr(path)}>\n')
                w(f'      <failure type={quoteattr(f.code)} message={quoteattr(f.message)}>'
                  f'{xml_escape(label)}: {xml_escape(f.message)}</failure>\n')
                w("    </testcase>\n")
            w("  </testsuite>\n")
        w("</testsuites>\n")


class SarifReporter(Reporter):
    """SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards."""

    def report(self, results: list[LintResult]) -> None:
        used = sorted({f.code for _, f in iter_findings(results)})
        index = {code: i for i, code in enumerate(used)}
        rules = []
        for code in used:
            rule = self.rules.rules.get(code)
            rules.append({
                "id": code,
                "name": rule.name if rule else code,
                "shortDescription": {"text": rule.summary() if rule else code},
                "fullDescription": {"text": rule.documentation() if rule else code},
                "defaultConfiguration": {"level": _sarif_level(rule.severity.value if rule else "warning")},
                "properties": {"fix": rule.fix_label() if rule else "none"},
            })
        out = []
        for r, f in iter_findings(results):
            s = f.span
            region = ({"startLine": s.line, "startColumn": s.column, "endLine": s.end_line, "endColumn": s.end_column}
                      if r.source.record is None else {"startLine": r.source.record})
            item: dict[str, Any] = {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _sarif_level(f.severity.value),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.source.path)}, "region": region}}],
            }
            if r.source.record is not None:
                item["properties"] = {"record": r.source.record, "id": r.source.id,
                                      "textRegion": {"startLine": s.line, "startColumn": s.column,
                                                     "endLine": s.end_line, "endColumn": s.end_column}}
            if f.fix is not None and r.source.record is None:
                item["fixes"] = [{
                    "description": {"text": f.fix.title or "fix"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": _uri(r.source.path)},
                        "replacements": [{
                            "deletedRegion": {"startLine": es.line, "startColumn": es.column,
                                              "endLine": es.end_line, "endColumn": es.end_column},
                            "insertedContent": {"text": e.content},
                        } for e, es in zip(f.fix.edits, f.edit_spans)],
                    }],
                }]
            out.append(item)
        doc = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "columnKind": "unicodeCodePoints",  # our columns count code points, not UTF-16 units
                "tool": {"driver": {"name": "newslint", "version": __version__,
                                    "informationUri": "https://pypi.org/project/newslint/", "rules": rules}},
                "results": out,
            }],
        }
        json.dump(doc, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}[severity]


def _uri(path: str) -> str:
    from pathlib import Path
    from urllib.parse import quote

    if Path(path).is_absolute():  # SARIF consumers read absolute locations as file URIs
        return Path(path).as_uri()
    return quote(path.replace("\\", "/"))


@hookimpl
def newslint_output_formats() -> dict[str, type[Reporter]]:
    return {
        "full": FullReporter,
        "concise": ConciseReporter,
        "json": JsonReporter,
        "jsonl": JsonLinesReporter,
        "json-lines": JsonLinesReporter,
        "sarif": SarifReporter,
        "github": GithubReporter,
        "gitlab": GitlabReporter,
        "junit": JunitReporter,
    }

"""The engine: run the selected rules over a document, veto findings, apply fixes.

A rule that raises becomes one ``NL002`` finding for that document and the other rules go
on. Fixes are applied to a fixed point (bounded, cycle-checked, ``NL003`` otherwise).
"""

from __future__ import annotations

import fnmatch
import os
import traceback
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any, Iterable, Iterator

from newslint.config import Config
from newslint.document import Document, Source, span_at
from newslint.errors import ConfigError
from newslint.model import Finding, Fix, Safety, Severity, Span, apply_fixes
from newslint.plugins import Registry, load_registry
from newslint.rule import CorpusRule, Rule

__all__ = ["FixResult", "LintResult", "Linter", "MAX_FIX_PASSES", "WARM_DOCUMENTS", "crash_finding", "freeze_setup", "lint_record_stream", "locate", "note_linted",
           "unreadable"]

MAX_FIX_PASSES = 10
#: Finding.sort_key as one C call per finding
_FINDING_ORDER = attrgetter("start", "end", "code")
#: the key under which ``LintResult.summaries`` keeps a document's inline directives
DIRECTIVES = "NL:directives"


@dataclass
class LintResult:
    """What the engine found in one document (and, in fix mode, what it changed)."""

    source: Source
    findings: list[Finding]
    #: corpus-rule summaries by rule code (see ``CorpusRule.collect``)
    summaries: dict[str, Any] = field(default_factory=dict)
    #: fix mode: the fixed text (None when nothing changed) and the number of fixes applied
    fixed_text: str | None = None
    fixes_applied: int = 0
    #: the document could not be read at all (its findings hold one NL001)
    unreadable: bool = False


@dataclass
class FixResult:
    text: str
    applied: int
    findings: list[Finding]


class Linter:
    """The selected rules of one run, instantiated with their options."""

    def __init__(self, config: Config | None = None, registry: Registry | None = None, *,
                 entry_points: bool = True) -> None:
        from pathlib import Path

        self.config = config or Config()
        self.registry = registry or load_registry(
            plugins=self.config.plugins,
            entry_points=entry_points,
            extra_packs=[Path(p) for p in self.config.rule_packs],
            config_dir=self.config.root if self.config.path else None,
        )
        self.baseline: Any = None
        if self.config.baseline:
            from newslint.baseline import Baseline

            self.baseline = Baseline(Path(self.config.baseline))
            self.registry.pm.register(self.baseline, name="baseline")
        ruleset = self.registry.rules
        self.codes = ruleset.select(self.config.select, self.config.extend_select, self.config.ignore)
        options = self._options_by_code()
        self.rules: list[Rule] = []
        for code in self.codes:
            cls = ruleset.rules[code]
            self.rules.append(cls(options.get(code), self.registry.lexicons))
        peers = {r.code: r for r in self.rules}
        for r in self.rules:
            r.peers = peers  # rules of one family may consult each other's options
        self.corpus_rules = [r for r in self.rules if isinstance(r, CorpusRule)]
        self._corpus_codes = frozenset(r.code for r in self.corpus_rules)
        # the rules themselves, for the per-rule test of lint (hashed by identity, where
        # rule.code is an attribute lookup through the instance to its class)
        self._corpus_set = frozenset(self.corpus_rules)
        self.severity = self._severity_overrides()
        self._per_file = {glob: self._resolve_all(codes) for glob, codes in self.config.per_file_ignores.items()}
        self._ignored: dict[str, set[str]] = {}
        self._veto = self.registry.pm.hook.newslint_veto_finding
        self._has_veto = bool(self._veto.get_hookimpls())
        # the inline directives' veto is the only one: a document without directives skips
        # the hook (a pluggy call per finding) altogether
        from newslint import suppressions

        only = all(impl.plugin is suppressions for impl in self._veto.get_hookimpls())
        self._directives_of = suppressions.directives if self._has_veto and only else None
        self._directives = suppressions.directives
        self.report_unused_suppressions = "NL004" in self.codes

    def _resolve_all(self, selectors: Any) -> set[str]:
        codes: set[str] = set()
        for sel in selectors:
            codes |= self.registry.rules.resolve(sel)
        return codes

    def _options_by_code(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for key, opts in self.config.rule_options.items():
            rule = self.registry.rules.lookup(key)
            if rule is None:
                raise ConfigError(f"rule-options: unknown rule {key!r}")
            out[rule.code] = dict(opts)
        return out

    def _severity_overrides(self) -> dict[str, Severity]:
        out: dict[str, Severity] = {}
        # broader selectors first so that a code beats its prefix
        for sel, level in sorted(self.config.severity.items(), key=lambda kv: len(kv[0])):
            for code in self.registry.rules.resolve(sel):
                out[code] = Severity(level)
        return out

    # -- linting ------------------------------------------------------------------
    def ignored_codes(self, source: Source) -> set[str]:
        if not self._per_file:
            return set()
        if source.path not in self._ignored:  # one answer per file, not per JSONL record
            self._ignored[source.path] = self._match_per_file(source.path)
        return self._ignored[source.path]

    def _match_per_file(self, given: str) -> set[str]:
        paths = {given.replace("\\", "/")}
        if self.config.path and not given.startswith(("-", "<")):
            # globs are relative to the config's folder, wherever newslint runs from
            try:
                paths.add(Path(os.path.relpath(Path(given).resolve(), self.config.root.resolve())).as_posix())
            except ValueError:  # another drive (Windows)
                pass
        out: set[str] = set()
        for glob, codes in self._per_file.items():
            for path in paths:
                if fnmatch.fnmatch(path, glob) or fnmatch.fnmatch(path, f"*/{glob}") or fnmatch.fnmatch(
                    path.rsplit("/", 1)[-1], glob
                ):
                    out |= codes
        return out

    def lint(self, doc: Document, *, collect: bool = True) -> LintResult:
        ignored = self.ignored_codes(doc.source)
        findings: list[Finding] = []
        summaries: dict[str, Any] = {}
        corpus = self._corpus_set if collect else ()
        check_contract = self._check_contract
        for rule in self.rules if not ignored else [r for r in self.rules if r.code not in ignored]:
            try:
                produced = list(rule.check(doc))
                if produced:
                    for f in produced:
                        check_contract(rule, doc, f)
                    findings += produced
                if rule in corpus:
                    summaries[rule.code] = rule.collect(doc)  # type: ignore[attr-defined]
            except Exception as exc:  # noqa: BLE001 - a crashing rule must not stop the run
                findings.append(crash_finding(rule, exc))
        findings = self.finalize(doc, findings)
        if summaries:  # cross-document findings come once the text is gone: keep its directives
            found = self._directives(doc)
            if found:
                summaries[DIRECTIVES] = found
        return LintResult(doc.source, findings, summaries)

    def finalize_corpus(self, key: str, finding: Finding, summaries: dict[str, Any]) -> bool:
        """Severity overrides, inline suppressions and the baseline for a cross-document
        finding of the document ``key``; False drops it."""
        if finding.code in self.severity:
            finding.severity = self.severity[finding.code]
        line = finding.span.line if finding.span else 1
        if any(d.covers(finding.code, line) for d in summaries.get(DIRECTIVES, ())):
            return False
        return self.baseline is None or not self.baseline.allows_corpus(key, finding)

    def finalize(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """Apply severity overrides and vetoes, then compute display positions."""
        veto = self._has_veto if self._directives_of is None else bool(self._directives_of(doc))
        if not (veto or self.severity):
            out = list(findings)  # nothing to drop or change: one C-level copy
        else:
            out = []
            for f in findings:
                if f.code in self.severity:
                    f.severity = self.severity[f.code]
                if veto and f.code != "NL002" and any(self._veto(finding=f, document=doc)):
                    continue
                out.append(f)
        if self.report_unused_suppressions:
            from newslint.suppressions import unused_suppressions

            # a directive for a cross-document rule is used only after this document is done
            for f in unused_suppressions(doc, set(self.codes), {r.code for r in self.corpus_rules}):
                f.severity = self.severity.get(f.code, f.severity)
                out.append(f)
        out.sort(key=_FINDING_ORDER)
        for f in out:
            locate(doc, f)
        return out

    @staticmethod
    def _check_contract(rule: Rule, doc: Document, f: Finding) -> None:
        n = len(doc.text)
        start, end = f.start, f.end
        if not (0 <= start <= end <= n):
            raise ValueError(f"finding span [{start}, {end}) outside the text (length {n})")
        if f.fix is not None:
            if rule.fixable is None:
                raise ValueError("a rule declared without a fix returned one")
            for e in f.fix.edits:
                if start <= e.start and e.end <= end:
                    continue  # inside the finding: nothing outside it to compare
                if e.end > n:
                    raise ValueError(f"edit [{e.start}, {e.end}) outside the text")
                outside = doc.text[e.start : max(e.start, min(e.end, f.start))] + doc.text[
                    min(max(e.start, f.end), e.end) : e.end
                ]
                if e.end < f.start or e.start > f.end:  # away from the finding: no new text either
                    outside += e.content
                if outside.strip():
                    raise ValueError(f"fix edits text outside the finding: {outside[:40]!r}")

    # -- fixing -------------------------------------------------------------------
    def fix(self, doc: Document, required: Safety = Safety.SAFE, *, collect: bool = True) -> LintResult:
        """Lint and fix to a fixed point; findings are those that remain afterwards."""
        original = doc.text
        result = self.lint(doc, collect=collect)
        seen = {original}
        applied_total = 0
        current = doc
        for _ in range(MAX_FIX_PASSES):
            fixes = [f.fix for f in result.findings if f.fix is not None and f.fix.applies(required)]
            if not fixes:
                break
            text, applied = apply_fixes(current.text, fixes)
            if text in seen:
                return self._not_converged(doc, result, "a fix cycle", applied)
            seen.add(text)
            applied_total += len(applied)
            current = Document(text, doc.source, doc.title)
            result = self.lint(current, collect=collect)
        else:
            fixes = [f for f in result.findings if f.fix is not None and f.fix.applies(required)]
            if fixes:
                return self._not_converged(doc, result, f"{MAX_FIX_PASSES} passes", [])
        result.fixed_text = current.text if current.text != original else None
        result.fixes_applied = applied_total
        return result

    def _not_converged(self, doc: Document, last: LintResult, why: str, applied: list[Fix]) -> LintResult:
        codes = sorted({f.code for f in last.findings if f.fix is not None})
        nl3 = Finding("NL003", "fix-not-converged",
                      f"fixes did not converge ({why}; rules: {', '.join(codes) or '?'}); the text is left unchanged",
                      0, 0, Severity.ERROR)
        # a fresh document: per-lint state kept in doc.cache (baseline counts) must start anew
        result = self.lint(Document(doc.text, doc.source, doc.title))
        result.findings = [locate(doc, nl3), *result.findings]
        return result

    def fix_text(self, text: str, required: Safety = Safety.SAFE) -> FixResult:
        result = self.fix(Document(text), required)
        return FixResult(result.fixed_text if result.fixed_text is not None else text, result.fixes_applied,
                         result.findings)


def lint_record_stream(
    linter: Linter,
    records: Iterable[dict[str, Any]],
    *,
    path: str,
    numbered: bool,
    text_field: str,
    id_field: str | None,
    title_field: str | None,
    fix: bool,
    required: Safety,
) -> Iterator[tuple[dict[str, Any], LintResult]]:
    """Lint (or fix) records lazily: ``(record, result)`` pairs, NL001 for a record without text.

    Shared by :func:`newslint.lint_records` and the Dask partitions. ``numbered`` gives each
    source its 1-based position in the stream (partitions have no global position).
    """
    for n, record in enumerate(records, 1):
        rid = record.get(id_field) if id_field else None
        source = Source(path, record=n if numbered else None, id=None if rid is None else str(rid), format="jsonl")
        text = record.get(text_field)
        if not isinstance(text, str):
            which = n if numbered else repr(rid)
            yield record, unreadable(source, f"record {which}: field {text_field!r} is missing or not a string")
            continue
        title = record.get(title_field) if title_field else None
        doc = Document(text, source, title if isinstance(title, str) else None)
        yield record, (linter.fix(doc, required) if fix else linter.lint(doc))


def freeze_setup() -> None:
    """Move everything built so far (word lists, automata, lexicons) out of the cyclic
    garbage collector's reach: its full collections would otherwise walk these millions of
    long-lived objects again and again while documents are linted (about a quarter of the
    run time). For a process that builds its linter once and then lints many documents."""
    import gc

    gc.freeze()


#: documents after which a long run freezes again: by then the lazily loaded data (language
#: profiles, word lists, compiled patterns, warm caches) exists and is long-lived too
WARM_DOCUMENTS = 256
_linted = 0  # documents linted in this process, counted by note_linted


def note_linted(documents: int = 1) -> None:
    """Count documents linted in this process (the CLI's or a worker's) and freeze once,
    when the count first reaches :data:`WARM_DOCUMENTS`."""
    global _linted
    if _linted < WARM_DOCUMENTS <= _linted + documents:
        freeze_setup()
    _linted += documents


def crash_finding(rule: Rule, exc: BaseException) -> Finding:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
    return Finding("NL002", "rule-crashed",
                   f"rule {rule.code} ({rule.name}) crashed{at}: {type(exc).__name__}: {exc}",
                   0, 0, Severity.ERROR)


def locate(doc: Document, f: Finding) -> Finding:
    """Fill a finding's display span, source line and edit spans from its document."""
    text, starts = doc.text, doc.line_starts
    start, end = f.start, f.end
    f.span = span = span_at(starts, start, end)
    line = span.line  # the source line from the line index: doc.lines may never be needed
    f.source_line = text[starts[line - 1] : starts[line] - 1 if line < len(starts) else len(text)]
    f.matched = text[start:end]
    if f.fix is not None:
        # an edit of the finding's own span (the usual fix) shares its (frozen) Span
        f.edit_spans = tuple([span if e.start == start and e.end == end else span_at(starts, e.start, e.end)
                              for e in f.fix.edits])
    return f


def unreadable(source: Source, message: str, line: int = 1, column: int = 1) -> LintResult:
    """The result for an input that could not be read: one NL001 finding."""
    f = Finding("NL001", "unreadable-input", message, 0, 0, Severity.ERROR)
    f.span = Span(line, column, line, column)
    return LintResult(source, [f], unreadable=True)


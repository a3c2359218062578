"""Rule cases as data: the loader and runner behind ``tests/fixtures/rules/<CODE>.toml``.

Plugin authors use the same format for their own rules::

    rule = "DB001"

    [[case]]
    id = "drop-cap-doubled"
    input = "TThe meetings resumed.\\n"
    findings = ["1:1 DB001"]            # "line:column CODE", in order
    fixed = "The meetings resumed.\\n"   # optional: the text after fixing
    unsafe-fixes = false                 # optional: apply unsafe fixes too
    options = { min-length = 3 }         # optional: rule options
    select = ["DB001", "DB002"]          # optional: run more rules than the file's own

and in a test::

    from newslint.testing import load_cases, run_case
    @pytest.mark.parametrize("case", load_cases(folder), ids=str)
    def test_case(case): case.check()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from newslint.config import Config
from newslint.document import Document
from newslint.engine import Linter
from newslint.model import Safety

import tomllib

__all__ = ["Case", "CaseResult", "load_cases", "run_case"]

_CASE_KEYS = {"id", "input", "findings", "fixed", "unsafe-fixes", "options", "select", "xfail", "note"}


@dataclass(frozen=True)
class Case:
    rule: str
    id: str
    input: str
    findings: tuple[str, ...]
    fixed: str | None = None
    unsafe_fixes: bool = False
    options: tuple[tuple[str, Any], ...] = ()
    select: tuple[str, ...] = ()
    path: str = ""

    def __str__(self) -> str:
        return f"{self.rule}:{self.id}"

    def check(self) -> None:
        """Assert the case: findings, fixed text, and that fixing is idempotent."""
        result = run_case(self)
        assert list(result.findings) == list(self.findings), (
            f"{self}: expected findings {list(self.findings)}, got {list(result.findings)}\n"
            f"messages: {result.messages}"
        )
        if self.fixed is not None:
            assert result.fixed == self.fixed, f"{self}: fixed text\n{result.fixed!r}\n!= expected\n{self.fixed!r}"
            again = run_case(self.with_input(result.fixed))
            assert again.fixed == result.fixed, f"{self}: fixing is not idempotent: {again.fixed!r}"

    def with_input(self, text: str) -> Case:
        from dataclasses import replace

        return replace(self, input=text)


@dataclass
class CaseResult:
    findings: list[str]
    fixed: str
    messages: list[str] = field(default_factory=list)


def load_cases(folder: Path) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(Path(folder).glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        rule = data["rule"]
        for i, raw in enumerate(data.get("case", [])):
            unknown = set(raw) - _CASE_KEYS
            if unknown:
                raise ValueError(f"{path}: case {i}: unknown keys {sorted(unknown)}")
            cases.append(Case(
                rule=rule,
                id=raw.get("id", str(i)),
                input=raw["input"],
                findings=tuple(raw.get("findings", [])),
                fixed=raw.get("fixed"),
                unsafe_fixes=raw.get("unsafe-fixes", False),
                options=tuple(sorted(raw.get("options", {}).items(), key=lambda kv: kv[0])),
                select=tuple(raw.get("select", ())),
                path=str(path),
            ))
    return cases


@lru_cache(maxsize=256)
def _linter(rule: str, options: tuple[tuple[str, Any], ...], select: tuple[str, ...]) -> Linter:
    opts = {rule: dict(_thaw(options))} if options else {}
    config = Config(select=select or (rule,), rule_options=opts)
    return Linter(config, entry_points=False)


def _thaw(options: tuple[tuple[str, Any], ...]) -> list[tuple[str, Any]]:
    return [(k, list(v) if isinstance(v, tuple) else v) for k, v in options]


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def run_case(case: Case) -> CaseResult:
    options = tuple((k, _freeze(v)) for k, v in case.options)
    linter = _linter(case.rule, options, case.select)
    doc = Document(case.input)
    lint = linter.lint(doc)
    findings = [f"{f.span.line}:{f.span.column} {f.code}" for f in lint.findings]
    messages = [f"{f.code} {f.message}" for f in lint.findings]
    fixed = linter.fix(Document(case.input), Safety.UNSAFE if case.unsafe_fixes else Safety.SAFE)
    return CaseResult(findings, fixed.fixed_text if fixed.fixed_text is not None else case.input, messages)

"""Meta-tests: every built-in rule is documented, has a case table that fires and one that
stays silent, and its fixable flag matches what its cases show."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.engine import Linter
from newslint.rule import DOC_SECTIONS, CorpusRule
from newslint.testing import load_cases

LINTER = Linter(entry_points=False)
RULES = LINTER.registry.rules.rules
CASES = load_cases(Path(__file__).parent / "fixtures" / "rules")
ENGINE_CODES = {"NL001", "NL002", "NL003"}  # produced by the engine itself, tested in test_core_*


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_documentation_has_every_section(code: str) -> None:
    cls = RULES[code]
    text = cls(None, LINTER.registry.lexicons).describe()
    assert cls.summary(), f"{code} has no one-line summary"
    for section in DOC_SECTIONS:
        assert f"## {section}" in text, f"{code} documentation lacks '## {section}'"


@pytest.mark.parametrize("code", sorted(c for c in RULES if c not in ENGINE_CODES and not issubclass(RULES[c], CorpusRule)))
def test_rule_has_cases_that_fire_and_cases_that_stay_silent(code: str) -> None:
    cases = [c for c in CASES if c.rule == code]
    assert cases, f"{code} has no tests/fixtures/rules/{code}.toml"
    assert any(code in " ".join(c.findings) for c in cases), f"{code}: no case where it fires"
    assert any(not c.findings for c in cases), f"{code}: no clean case where it stays silent"
    if RULES[code].fixable in ("safe", "sometimes"):
        assert any(c.fixed is not None and c.fixed != c.input for c in cases), f"{code}: no case shows its fix"


def test_codes_and_names_are_unique_and_well_formed() -> None:
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))
    for code, cls in RULES.items():
        assert code == cls.code


def test_hookspecs_are_documented() -> None:
    from newslint import hookspecs

    for name in dir(hookspecs):
        if name.startswith("newslint_"):
            assert (getattr(hookspecs, name).__doc__ or "").strip(), name

"""Every rule's table of cases (tests/fixtures/rules/<CODE>.toml) run through the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.testing import Case, load_cases

CASES = load_cases(Path(__file__).parent / "fixtures" / "rules")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_case(case: Case) -> None:
    case.check()

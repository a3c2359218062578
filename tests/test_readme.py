"""The README is the front door: its commands and rule list must match the code."""

from __future__ import annotations

import re
from pathlib import Path

from newslint.engine import Linter

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
CI = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")


def test_every_rule_is_listed_with_its_name_and_fix() -> None:
    rules = Linter(entry_points=False).registry.rules.rules
    for code, rule in rules.items():
        row = re.search(rf"^\| {code} \| `([a-z0-9-]+)` \| ([a-z/]+) \|", README, re.MULTILINE)
        assert row, f"{code} is missing from the README's rule table"
        assert row[1] == rule.name and row[2] == rule.fix_label(), code
    listed = set(re.findall(r"^\| ([A-Z]{2}\d{3}) \|", README, re.MULTILINE))
    assert listed == set(rules), f"README lists rules that do not exist: {listed - set(rules)}"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    first, second = blocks[0].strip(), blocks[1].strip()
    assert first.endswith("newslint check seeds/")
    assert second.endswith("python -m pytest -q")
    assert "python -m pytest -q" in CI and "'.[test]'" in CI and "'.[test]'" in second

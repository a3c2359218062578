"""The results cache: a rerun over unchanged inputs lints nothing, and anything that could
change a finding (the file, the config, a rule pack, the baseline) misses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newslint.engine import Linter

ARTICLE = "The council met on Tuesday. \nThe vote is next week.\n"


@pytest.fixture
def linted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the engine lints, in order (a cache hit lints nothing)."""
    seen: list[str] = []
    real = Linter.lint

    def counting(self: Linter, doc, **kwargs):
        seen.append(doc.text)
        return real(self, doc, **kwargs)

    monkeypatch.setattr(Linter, "lint", counting)
    return seen


@pytest.fixture
def project(clean_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("NEWSLINT_CACHE_DIR")  # the default place: beside the config file
    (tmp_path / "newslint.toml").write_text("")
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text("Another article.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(cli, *args: str) -> list[tuple[str, str]]:
    result = cli("check", "--output-format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return [(Path(f["path"]).name, f["code"]) for f in json.loads(result.stdout)]


def test_a_rerun_over_unchanged_files_lints_nothing_and_reports_the_same(cli, project: Path, linted: list[str]) -> None:
    first = _check(cli, ".")
    assert first == [("a.txt", "WS001")] and len(linted) == 2
    assert _check(cli, ".") == first
    assert len(linted) == 2, "every result came from the cache"
    assert (project / ".newslint_cache" / ".gitignore").read_text() == "*\n"


def test_an_edited_file_is_linted_again_and_only_it(cli, project: Path, linted: list[str]) -> None:
    _check(cli, ".")
    (project / "b.txt").write_text("Edited article . \n")
    assert _check(cli, ".") == [("a.txt", "WS001"), ("b.txt", "PU004"), ("b.txt", "WS001")]
    assert linted[2:] == ["Edited article . \n"]


@pytest.mark.parametrize("change", [
    pytest.param(lambda p: (p / "newslint.toml").write_text('ignore = ["WS001"]\n'), id="config"),
    pytest.param(lambda p: (p / "newslint.toml").write_text('[rule-options.WS004]\nmin-zipf = 4.0\n'),
                 id="rule-options"),
])
def test_a_config_change_misses_the_cache(cli, project: Path, linted: list[str], change) -> None:
    _check(cli, ".")
    change(project)
    _check(cli, ".")
    assert len(linted) == 4


def test_an_edited_rule_pack_misses_the_cache(cli, project: Path, linted: list[str]) -> None:
    pack = project / "house.toml"
    rule = ('[[rule]]\ncode = "HS001"\nname = "house-phrase"\nkind = "existence"\nscope = "inline"\n'
            'message = "house phrase: {{match}}"\nphrases = ["{}"]\n')
    pack.write_text(rule.format("council"))
    (project / "newslint.toml").write_text('rule-packs = ["house.toml"]\nextend-select = ["HS001"]\n')
    assert ("a.txt", "HS001") in _check(cli, ".")
    pack.write_text(rule.format("parliament"))
    assert ("a.txt", "HS001") not in _check(cli, "."), "the new pack is applied, not the cached result"
    assert len(linted) == 4


def test_no_cache_neither_reads_nor_writes(cli, project: Path, linted: list[str]) -> None:
    _check(cli, "--no-cache", ".")
    assert not (project / ".newslint_cache").exists()
    _check(cli, ".")
    _check(cli, "--no-cache", ".")
    assert len(linted) == 6

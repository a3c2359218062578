"""Configuration: discovery from the linted path upward, command-line overrides, errors
(one line, exit 2), per-file ignores, rule options and severity overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CORE_FIXTURES
from newslint.config import Config, find_config, load_config
from newslint.errors import ConfigError

DIRTY = "Trailing space. \nAnother one.\t\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def codes(result) -> list[str]:
    return [f["code"] for f in json.loads(result.stdout)]


# --------------------------------------------------------------------------- discovery
def test_pyproject_tool_section_is_found_from_the_linted_path_upward(tmp_path: Path) -> None:
    config = write(tmp_path / "pyproject.toml", '[tool.newslint]\nignore = ["WS001"]\n')
    article = write(tmp_path / "news" / "2024" / "a.txt", DIRTY)
    assert find_config(article) == config
    assert find_config(article.parent) == config
    assert load_config(config).ignore == ("WS001",)


def test_pyproject_without_a_newslint_section_is_skipped(tmp_path: Path) -> None:
    outer = write(tmp_path / "newslint.toml", "")
    write(tmp_path / "inner" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "inner" / "a.txt") == outer


def test_nearest_config_wins_and_newslint_toml_beats_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.newslint]\n")
    inner_py = write(tmp_path / "sub" / "pyproject.toml", "[tool.newslint]\n")
    assert find_config(tmp_path / "sub" / "a.txt") == inner_py
    inner_nl = write(tmp_path / "sub" / "newslint.toml", "")
    assert find_config(tmp_path / "sub" / "a.txt") == inner_nl
    assert find_config(tmp_path / "sub" / "deeper" / "missing.txt") == inner_nl


def test_relative_paths_in_config_are_relative_to_its_folder(tmp_path: Path) -> None:
    config = write(tmp_path / "conf" / "newslint.toml", 'rule-packs = ["packs/a.toml"]\nbaseline = "base.json"\n')
    loaded = load_config(config)
    assert loaded.rule_packs == (str(tmp_path / "conf" / "packs" / "a.toml"),)
    assert loaded.baseline == str(tmp_path / "conf" / "base.json")
    assert loaded.root == tmp_path / "conf"


def test_the_cli_uses_the_discovered_config(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.newslint]\nselect = ["WS"]\nseverity = { WS001 = "error" }\n')
    article = write(tmp_path / "news" / "a.txt", DIRTY)
    monkeypatch.chdir(tmp_path.parent)  # discovery follows the path, not the working folder
    result = cli("check", "--output-format", "json", str(article))
    assert {f["severity"] for f in json.loads(result.stdout)} == {"error"}


def test_command_line_overrides_config(cli, tmp_path: Path) -> None:
    write(tmp_path / "newslint.toml", 'select = ["NL"]\n')
    article = write(tmp_path / "a.txt", DIRTY)
    assert cli("check", "--output-format", "json", str(article)).exit_code == 0
    assert codes(cli("check", "--select", "WS001", "--output-format", "json", str(article))) == ["WS001", "WS001"]
    assert "WS001" in codes(cli("check", "--isolated", "--output-format", "json", str(article)))
    other = write(tmp_path / "other.toml", 'select = ["WS", "NL"]\nignore = ["WS"]\n')
    assert codes(cli("check", "--config", str(other), "--output-format", "json", str(article))) == []
    both = cli("check", "--select", "WS001", "--ignore", "WS001", "--output-format", "json", str(article))
    assert codes(both) == []


def test_cli_ignore_extends_the_configured_ignores(cli, tmp_path: Path) -> None:
    pack = str(CORE_FIXTURES / "house-pack.toml").replace("\\", "/")
    write(tmp_path / "newslint.toml", f'rule-packs = ["{pack}"]\nselect = ["HS", "WS"]\nignore = ["HS005"]\n')
    article = write(tmp_path / "a.txt", "Kiev, by e-mail. \n")
    assert codes(cli("check", "--output-format", "json", str(article))) == ["HS004", "WS001"]
    assert codes(cli("check", "--ignore", "WS001", "--output-format", "json", str(article))) == ["HS004"]
    assert codes(cli("check", "--select", "HS,WS", "--output-format", "json", str(article))) == ["HS004", "WS001"]


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('selct = ["WS"]\n', "unknown key 'selct' (did you mean 'select'?)"),
        ('select = "WS001"\n', "'select' must be a list, got 'WS001'"),
        ("select = [1]\n", "'select' must be a list of strings"),
        ('unsafe-fixes = "yes"\n', "'unsafe-fixes' must be a bool"),
        ('per-file-ignores = { "*.md" = "WS001" }\n', "per-file-ignores['*.md'] must be a list of rule codes"),
        ('severity = { WS001 = "fatal" }\n', "severity.WS001 must be 'error', 'warning' or 'info', got 'fatal'"),
        ("rule-options = { WS001 = 3 }\n", "rule-options.WS001 must be a table of options"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_config_errors_name_the_file(cli, tmp_path: Path, toml: str, message: str) -> None:
    config = write(tmp_path / "newslint.toml", toml)
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert str(info.value).startswith(str(config)) and message in str(info.value)
    result = cli("check", str(write(tmp_path / "a.txt", DIRTY)))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"newslint: error: {info.value}\n"


def test_pyproject_errors_name_the_section(tmp_path: Path) -> None:
    config = write(tmp_path / "pyproject.toml", '[tool.newslint]\nignor = ["WS001"]\n')
    with pytest.raises(ConfigError, match=r"pyproject\.toml \[tool\.newslint\]: unknown key 'ignor' \(did you mean 'ignore'\?\)"):
        load_config(config)


@pytest.mark.parametrize(
    ("toml", "args", "message"),
    [
        ('select = ["WS01"]\n', (), "unknown rule selector 'WS01' (did you mean 'WS001'?)"),
        ('ignore = ["trailing-whitespac"]\n', (), "unknown rule selector 'trailing-whitespac' (did you mean 'trailing-whitespace'?)"),
        ("", ("--select", "QQ123"), "unknown rule selector 'QQ123'"),
        ('per-file-ignores = { "*.md" = ["WS0001"] }\n', (), "unknown rule selector 'WS0001'"),
        ('severity = { "XX001" = "error" }\n', (), "unknown rule selector 'XX001'"),
        ('rule-options = { WS009 = { a = 1 } }\n', (), "rule-options: unknown rule 'WS009'"),
        ('rule-options = { WS001 = { max = 1 } }\n', (), "rule WS001 (trailing-whitespace) has no option 'max'"),
    ],
)
def test_unknown_rules_in_config_exit_2_with_one_line(cli, tmp_path: Path, toml: str, args: tuple, message: str) -> None:
    write(tmp_path / "newslint.toml", toml)
    result = cli("check", *args, str(write(tmp_path / "a.txt", DIRTY)))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("newslint: error: ")
    assert message in result.stderr


# --------------------------------------------------------------------------- per-file ignores, severity
def test_per_file_ignores_in_the_cli(cli, tmp_path: Path) -> None:
    write(tmp_path / "newslint.toml", 'select = ["WS"]\nper-file-ignores = { "drafts/*" = ["WS001"], "*.md" = ["WS"] }\n')
    write(tmp_path / "news" / "a.txt", DIRTY)
    write(tmp_path / "drafts" / "b.txt", DIRTY)
    write(tmp_path / "news" / "c.md", DIRTY)
    result = cli("check", "--output-format", "json", str(tmp_path))
    paths = sorted({Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(result.stdout)})
    assert paths == ["news/a.txt"]


def test_severity_overrides_in_the_cli(cli, tmp_path: Path) -> None:
    write(tmp_path / "newslint.toml", 'select = ["WS"]\nseverity = { WS = "info" }\n')
    result = cli("check", "--output-format", "json", str(write(tmp_path / "a.txt", DIRTY)))
    assert {f["severity"] for f in json.loads(result.stdout)} == {"info"}
    assert result.exit_code == 1, "findings remain whatever their severity"


def test_config_replace_keeps_unset_fields() -> None:
    base = Config(ignore=("WS001",), text_field="body")
    assert base.replace(select=("NL",), ignore=None) == Config(select=("NL",), ignore=("WS001",), text_field="body")
    assert base.fingerprint() != Config().fingerprint()
    assert base.fingerprint() == Config(ignore=("WS001",), text_field="body", path="elsewhere").fingerprint()

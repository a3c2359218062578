"""Fixing through the CLI: JSONL round-trips, -o, gzip, field options, unreadable records,
stdin, atomic in-place writes, read-only files, symlinks, --diff, exit codes."""

from __future__ import annotations

import gzip
import json
import os
import stat
from pathlib import Path

import pytest

from conftest import CORE_FIXTURES

# every line a different trap; lines 1, 3 (blank), 4 and 6 need no fix
JSONL = (
    b'{"id":"a","text":"Clean text.","n":1}\n'
    b'{"meta": {"x": [1, 2.50]}, "text": "Needs fix.  \\nSecond.", "id": "b", "url": "https://e.x/\xc3\xa9"}\n'
    b"\n"
    b'{"text": "Caf\\u00e9 \\ud83d\\ude00 ok", "id": 7}\n'
    b'{"id": "c", "text": "CRLF line. ", "z": null}\r\n'
    b'{"id": "d", "text": "untouched", "extra": "\\u00e9"}\n'
    b'{"text": "last, no newline\\t", "id": "e"}'
)
FIXED_TEXTS = {2: "Needs fix.\nSecond.", 5: "CRLF line.", 7: "last, no newline"}


def assert_round_trip(before: bytes, after: bytes, fixed_texts: dict[int, str], field: str = "text") -> None:
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(new_lines) == len(old_lines), "record order and count are kept"
    for n, (old, new) in enumerate(zip(old_lines, new_lines), 1):
        if n not in fixed_texts:
            assert new == old, f"line {n} is untouched, byte for byte"
            continue
        old_obj, new_obj = json.loads(old), json.loads(new)
        assert list(new_obj) == list(old_obj), "key order is kept"
        assert new_obj == {**old_obj, field: fixed_texts[n]}, "every other field is kept"
        assert new[len(new.rstrip(b"\r\n")):] == old[len(old.rstrip(b"\r\n")):], "line ending is kept"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fix(cli, *args: str, input: bytes | None = None):
    return cli("fix", "--select", "WS001", *args, input=input)


# --------------------------------------------------------------------------- JSONL
def test_jsonl_fix_round_trip_in_place(cli, workdir: Path) -> None:
    Path("data.jsonl").write_bytes(JSONL)
    result = fix(cli, "data.jsonl")
    assert result.exit_code == 0, result.output
    assert_round_trip(JSONL, Path("data.jsonl").read_bytes(), FIXED_TEXTS)
    assert result.stderr == "Fixed 3 finding(s) in 1 file(s). All checks passed (6 document(s)).\n"
    second = fix(cli, "data.jsonl")
    assert second.exit_code == 0 and "Fixed 0 finding(s) in 0 file(s)" in second.stderr


def test_jsonl_fix_to_an_output_file_leaves_the_input_alone(cli, workdir: Path) -> None:
    Path("data.jsonl").write_bytes(JSONL)
    result = fix(cli, "-o", "out.jsonl", "data.jsonl")
    assert result.exit_code == 0
    assert Path("data.jsonl").read_bytes() == JSONL
    assert_round_trip(JSONL, Path("out.jsonl").read_bytes(), FIXED_TEXTS)


def test_output_file_is_written_even_when_nothing_changes(cli, workdir: Path) -> None:
    Path("clean.jsonl").write_bytes(b'{"text": "ok"}\n')
    assert fix(cli, "-o", "out.jsonl", "clean.jsonl").exit_code == 0
    assert Path("out.jsonl").read_bytes() == b'{"text": "ok"}\n'


def test_jsonl_fix_to_stdout(cli, workdir: Path) -> None:
    Path("data.jsonl").write_bytes(JSONL)
    result = fix(cli, "-o", "-", "--output-format", "json", "data.jsonl")
    assert result.exit_code == 0
    assert Path("data.jsonl").read_bytes() == JSONL
    assert_round_trip(JSONL, result.stdout_bytes, FIXED_TEXTS)
    assert json.loads(result.stderr.split("\n", 1)[0] if result.stderr.startswith("[]") else result.stderr) == []


def test_gzipped_jsonl_is_read_and_fixed_in_place(cli, workdir: Path) -> None:
    Path("data.jsonl.gz").write_bytes(gzip.compress(JSONL))
    checked = cli("check", "--select", "WS001", "--output-format", "json", "data.jsonl.gz")
    assert [(f["record"], f["id"]) for f in json.loads(checked.stdout)] == [(2, "b"), (5, "c"), (7, "e")]
    assert fix(cli, "data.jsonl.gz").exit_code == 0
    assert_round_trip(JSONL, gzip.decompress(Path("data.jsonl.gz").read_bytes()), FIXED_TEXTS)


def test_text_field_and_id_field(cli, workdir: Path) -> None:
    Path("d.jsonl").write_text('{"uid": "x1", "id": "no", "body": "Body. ", "text": "Ignored. "}\n')
    result = cli("check", "--select", "WS001", "--text-field", "body", "--id-field", "uid", "--output-format", "json", "d.jsonl")
    (finding,) = json.loads(result.stdout)
    assert (finding["record"], finding["id"], finding["column"]) == (1, "x1", 6)
    assert fix(cli, "--text-field", "body", "d.jsonl").exit_code == 0
    assert json.loads(Path("d.jsonl").read_text()) == {"uid": "x1", "id": "no", "body": "Body.", "text": "Ignored. "}


def test_text_field_from_config(cli, workdir: Path) -> None:
    Path("newslint.toml").write_text('text-field = "content"\nid-field = "key"\n')
    Path("d.jsonl").write_text('{"key": 12, "content": "Tail. "}\n')
    (finding,) = json.loads(cli("check", "--select", "WS001", "--output-format", "json", "d.jsonl").stdout)
    assert finding["id"] == "12" and finding["column"] == 6


BAD_JSONL = (
    b'{"id": 1, "text": "Fine. "}\n'
    b'{"id": 2, "text": "broken JSON"\n'
    b'{"id": 3, "body": "no text field"}\n'
    b'{"id": 4, "text": ["not", "a", "string"]}\n'
    b'[1, 2]\n'
    b'\xff\xfe not utf-8\n'
    b'{"id": 7, "text": "Also fine. "}\n'
)


def test_unreadable_records_are_nl001_and_the_rest_is_processed(cli, workdir: Path) -> None:
    Path("bad.jsonl").write_bytes(BAD_JSONL)
    result = cli("check", "--select", "WS001", "--output-format", "json", "bad.jsonl")
    assert result.exit_code == 2
    found = [(f["record"], f["code"]) for f in json.loads(result.stdout)]
    assert found == [(1, "WS001"), (2, "NL001"), (3, "NL001"), (4, "NL001"), (5, "NL001"), (6, "NL001"), (7, "WS001")]
    messages = {f["record"]: f["message"] for f in json.loads(result.stdout) if f["code"] == "NL001"}
    assert messages[2].startswith("record 2: not valid JSON")
    assert messages[3] == "record 3: no 'text' field (use --text-field)"
    assert messages[4] == "record 4: field 'text' is list, not a string"
    assert messages[5] == "record 5: not a JSON object"
    assert messages[6].startswith("record 6: not valid UTF-8")
    concise = cli("check", "--select", "WS001", "--output-format", "concise", "bad.jsonl").stdout.splitlines()
    assert concise[1].startswith("bad.jsonl:2:1 [text 1:1]: NL001 record 2: not valid JSON"), "names file and line"


def test_fixing_a_file_with_unreadable_records_keeps_them_as_they_were(cli, workdir: Path) -> None:
    Path("bad.jsonl").write_bytes(BAD_JSONL)
    result = fix(cli, "bad.jsonl")
    assert result.exit_code == 2
    assert_round_trip(BAD_JSONL, Path("bad.jsonl").read_bytes(), {1: "Fine.", 7: "Also fine."})


# --------------------------------------------------------------------------- stdin
def test_check_stdin_as_text(cli, workdir: Path) -> None:
    result = cli("check", "--select", "WS001", "--output-format", "concise", "-", input=b"Line. \n")
    assert result.exit_code == 1
    assert result.stdout == "-:1:6: WS001 [*] trailing whitespace\n"


def test_stdin_filename_picks_the_reader_and_names_the_input(cli, workdir: Path) -> None:
    result = cli("check", "--select", "WS001", "--output-format", "json", "--stdin-filename", "feed.jsonl", "-",
                 input=b'{"id": "q", "text": "x "}\n')
    (finding,) = json.loads(result.stdout)
    assert (finding["path"], finding["record"], finding["id"]) == ("feed.jsonl", 1, "q")


def test_fix_stdin_writes_the_fixed_text_to_stdout(cli, workdir: Path) -> None:
    result = cli("fix", "--select", "WS001", "-", input="Café. \r\nNext.\r\n".encode())
    assert result.exit_code == 0
    assert result.stdout_bytes == "Café.\r\nNext.\r\n".encode(), "CRLF kept"
    jsonl = cli("fix", "--select", "WS001", "--stdin-filename", "x.jsonl", "-", input=JSONL)
    assert_round_trip(JSONL, jsonl.stdout_bytes, FIXED_TEXTS)


def test_fix_stdin_echoes_clean_input_and_reports_remaining_findings_on_stderr(cli, workdir: Path) -> None:
    Path("newslint.toml").write_text(f'rule-packs = ["{CORE_FIXTURES / "house-pack.toml"}"]\n')
    result = cli("fix", "--select", "HS003", "--output-format", "concise", "--stdin-filename", "a.txt", "-",
                 input=b"Advertisement\nText.\n")
    assert result.exit_code == 1
    assert result.stdout_bytes == b"Advertisement\nText.\n"
    assert "a.txt:1:1: HS003 advertisement label" in result.stderr


# --------------------------------------------------------------------------- writing files
def test_fix_rewrites_through_a_temp_file_and_keeps_permissions(cli, workdir: Path) -> None:
    path = Path("a.txt")
    path.write_text("Line. \n")
    path.chmod(0o640)
    inode = path.stat().st_ino
    assert fix(cli, "a.txt").exit_code == 0
    assert path.read_text() == "Line.\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode, "replaced by rename, not rewritten in place"
    assert sorted(p.name for p in workdir.iterdir()) == ["a.txt"], "no temp file left behind"


def test_a_failed_rename_leaves_the_original_and_no_temp_file(cli, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("a.txt").write_text("Line. \n")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("newslint.runner.os.replace", refuse)
    result = fix(cli, "--output-format", "concise", "a.txt")
    assert result.exit_code == 2
    assert "cannot write a.txt: No space left on device" in result.stdout
    assert Path("a.txt").read_text() == "Line. \n"
    assert sorted(p.name for p in workdir.iterdir()) == ["a.txt"]


def test_a_read_only_file_is_reported_not_crashed_on(cli, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path("ro.txt")
    path.write_text("Line. \n")
    path.chmod(0o444)
    Path("ok.txt").write_text("Other. \n")
    if os.geteuid() == 0:  # root may write anything: act as a user for the permission check
        real_access = os.access
        monkeypatch.setattr("newslint.runner.os.access",
                            lambda p, mode: not (mode & os.W_OK and Path(p).name == "ro.txt") and real_access(p, mode))
    result = fix(cli, "--output-format", "concise", "ro.txt", "ok.txt")
    assert result.exit_code == 2
    assert "ro.txt:1:1: NL001 cannot write ro.txt: ro.txt is read-only" in result.stdout
    assert path.read_text() == "Line. \n"
    assert Path("ok.txt").read_text() == "Other.\n", "the other files are still fixed"


def test_symlinks_stay_links_and_their_target_is_fixed(cli, workdir: Path) -> None:
    Path("real").mkdir()
    target = Path("real/a.txt")
    target.write_text("Line. \n")
    Path("link.txt").symlink_to(target.resolve())
    assert fix(cli, "link.txt").exit_code == 0
    assert Path("link.txt").is_symlink()
    assert target.read_text() == "Line.\n"
    assert sorted(p.name for p in Path("real").iterdir()) == ["a.txt"]


def test_unchanged_files_are_not_rewritten(cli, workdir: Path) -> None:
    path = Path("clean.txt")
    path.write_text("Clean.\n")
    before = path.stat()
    assert fix(cli, "clean.txt").exit_code == 0
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns


# --------------------------------------------------------------------------- diff, check --fix, unsafe
@pytest.fixture
def house(workdir: Path) -> Path:
    Path("newslint.toml").write_text(f'rule-packs = ["{CORE_FIXTURES / "house-pack.toml"}"]\nselect = ["WS", "HS"]\n')
    Path("a.txt").write_text("Kiev today. \nFor $1, click here to subscribe.\nEnd.\n")
    return workdir


def test_fix_diff_prints_a_diff_and_writes_nothing(cli, house: Path) -> None:
    result = cli("fix", "--diff", "a.txt")
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n-Kiev today. \n+Kyiv today.\n"
        " For $1, click here to subscribe.\n End.\n"
    )
    assert Path("a.txt").read_text() == "Kiev today. \nFor $1, click here to subscribe.\nEnd.\n"
    assert cli("check", "--fix", "--diff", "a.txt").stdout == result.stdout
    unsafe = cli("fix", "--diff", "--unsafe-fixes", "a.txt").stdout
    assert "-For $1, click here to subscribe.\n" in unsafe


def test_diff_without_fixing_is_a_usage_error(cli, house: Path) -> None:
    result = cli("check", "--diff", "a.txt")
    assert result.exit_code == 2 and "--diff needs fixing" in result.stderr


def test_diff_of_a_clean_file_exits_0(cli, house: Path) -> None:
    Path("clean.txt").write_text("Kyiv.\n")
    result = cli("fix", "--diff", "clean.txt")
    assert (result.exit_code, result.stdout) == (0, "")


def test_check_fix_then_unsafe_fixes(cli, house: Path) -> None:
    first = cli("check", "--fix", "--output-format", "concise", "a.txt")
    assert first.exit_code == 1, "the unsafe finding remains"
    assert first.stdout == "a.txt:2:1: HS002 call to action: click here to subscribe\n"
    assert "1 more fixable with `--unsafe-fixes`" in first.stderr
    assert Path("a.txt").read_text() == "Kyiv today.\nFor $1, click here to subscribe.\nEnd.\n"
    second = cli("fix", "--unsafe-fixes", "a.txt")
    assert second.exit_code == 0
    assert Path("a.txt").read_text() == "Kyiv today.\nEnd.\n"


def test_unsafe_fixes_from_config(cli, house: Path) -> None:
    Path("newslint.toml").write_text(Path("newslint.toml").read_text() + "unsafe-fixes = true\n")
    assert cli("fix", "a.txt").exit_code == 0
    assert Path("a.txt").read_text() == "Kyiv today.\nEnd.\n"


# --------------------------------------------------------------------------- exit codes
def test_exit_codes(cli, workdir: Path) -> None:
    Path("clean.txt").write_text("Clean.\n")
    Path("dirty.txt").write_text("Dirty. \n")
    Path("broken.txt").write_bytes(b"caf\xe9\n")
    assert cli("check", "--select", "WS001", "clean.txt").exit_code == 0
    assert cli("check", "--select", "WS001", "dirty.txt").exit_code == 1
    assert cli("check", "--select", "WS001", "--exit-zero", "dirty.txt").exit_code == 0
    assert cli("check", "--select", "WS001", "broken.txt").exit_code == 2
    assert cli("check", "--select", "WS001", "--exit-zero", "broken.txt").exit_code == 2, "errors are never hidden"
    assert cli("check", "--select", "WS001", "missing.txt").exit_code == 2
    assert cli("check", "--bogus-flag", "clean.txt").exit_code == 2
    assert cli("fix", "--select", "WS001", "dirty.txt").exit_code == 0, "everything fixed"
    r = cli("check", "--select", "WS001", "--encoding", "latin-1", "broken.txt")
    assert r.exit_code == 0, r.output


def test_undecodable_text_names_the_byte(cli, workdir: Path) -> None:
    Path("broken.txt").write_bytes(b"ok\ncaf\xe9\n")
    out = cli("check", "--select", "WS001", "--output-format", "concise", "broken.txt").stdout
    assert out == ("broken.txt:1:1: NL001 not valid utf-8 at byte 6 (0xe9); pass --encoding (e.g. latin-1) "
                   "if the file uses another encoding\n")


def test_jsonl_with_a_byte_order_mark(cli, workdir: Path) -> None:
    bom = b"\xef\xbb\xbf"
    Path("bom.jsonl").write_bytes(bom + b'{"id": "a", "text": "One. "}\n{"id": "b", "text": "Two."}\n')
    checked = cli("check", "--select", "WS001", "--output-format", "json", "bom.jsonl")
    assert [(f["record"], f["code"]) for f in json.loads(checked.stdout)] == [(1, "WS001")]
    assert fix(cli, "bom.jsonl").exit_code == 0
    assert Path("bom.jsonl").read_bytes() == bom + b'{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n'


def test_output_file_needs_one_input_and_fixing(cli, workdir: Path) -> None:
    Path("a.txt").write_text("A. \n")
    Path("b.txt").write_text("B. \n")
    several = fix(cli, "-o", "out.txt", "a.txt", "b.txt")
    assert several.exit_code == 2 and "-o" in several.stderr
    folder = fix(cli, "-o", "out.txt", ".")
    assert folder.exit_code == 2
    checking = cli("check", "--select", "WS001", "-o", "out.txt", "a.txt")
    assert checking.exit_code == 2 and "-o" in checking.stderr
    assert not Path("out.txt").exists()
    assert Path("a.txt").read_text() == "A. \n"

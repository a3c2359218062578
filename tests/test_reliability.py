"""Reliability: bad input gets one clear error and the run goes on; fix mode never loses text."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main

BASE = ["check", "--isolated", "--no-cache", "--select", "WS001", "--output-format", "json"]


def run(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_latin1_file_is_reported_with_byte_offset_and_others_still_linted(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 society.  \n".encode("latin-1"))
    good = tmp_path / "good.txt"
    good.write_text("Trailing.  \n", encoding="utf-8")
    code, out, err = run(*BASE, str(bad), str(good))
    findings = json.loads(out)
    assert code == 2
    nl1 = [f for f in findings if f["code"] == "NL001"]
    assert len(nl1) == 1 and nl1[0]["path"] == str(bad) and "byte 3" in nl1[0]["message"]
    assert any(f["code"] == "WS001" and f["path"] == str(good) for f in findings)
    # the user names the encoding: the file is linted, and fixed in its own encoding
    code, out, _ = run(*BASE, "--encoding", "latin-1", str(bad))
    assert code == 1 and [f["code"] for f in json.loads(out)] == ["WS001"]
    code, _, _ = run("fix", "--isolated", "--no-cache", "--select", "WS001", "--encoding", "latin-1", str(bad))
    assert bad.read_bytes() == "Caf\xe9 society.\n".encode("latin-1")


@pytest.mark.parametrize("encoding,bom", [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_bom_files_are_read_and_written_back_in_their_encoding(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + "Line one.  \r\nLine two.\r\n".encode(encoding))
    code, out, _ = run(*BASE, str(path))
    assert code == 1 and json.loads(out)[0]["line"] == 1
    run("fix", "--isolated", "--no-cache", "--select", "WS001", str(path))
    assert path.read_bytes() == bom + "Line one.\r\nLine two.\r\n".encode(encoding)


def test_binary_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = run(*BASE, str(tmp_path / "image.txt"), str(tmp_path / "empty.txt"))
    findings = json.loads(out)
    assert code == 2
    assert [(f["code"], Path(f["path"]).name) for f in findings] == [("NL001", "image.txt")]
    assert "binary" in findings[0]["message"]
    assert "Traceback" not in err


def test_jsonl_bad_records_are_named_and_fix_writes_untouched_records_back(tmp_path: Path) -> None:
    lines = [
        '{"id": "a", "text": "Fine text.  ", "n": 1}\n',
        '{"id": "b", "text": unquoted}\n',
        '{"id": "c"}\n',
        '{"id": "d", "text": 42}\n',
        '["not", "an", "object"]\n',
        '{"id": "e", "text": "Also fine."}\n',
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    code, out, _ = run(*BASE, str(path))
    by_record = {(f["record"], f["code"]) for f in json.loads(out)}
    assert code == 2
    assert by_record == {(1, "WS001"), (2, "NL001"), (3, "NL001"), (4, "NL001"), (5, "NL001")}
    run("fix", "--isolated", "--no-cache", "--select", "WS001", str(path))
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert json.loads(after[0]) == {"id": "a", "text": "Fine text.", "n": 1}
    assert after[1:] == lines[1:]


def test_unknown_rule_code_in_select_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text.\n")
    code, _, err = run("check", "--isolated", "--select", "ZZ999", str(tmp_path / "a.txt"))
    assert code == 2 and "ZZ999" in err and len(err.strip().splitlines()) == 1


def test_read_only_file_is_reported_not_crashed_on(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write read-only files")
    path = tmp_path / "ro.txt"
    path.write_text("Trailing.  \n")
    path.chmod(0o444)
    code, _, err = run("fix", "--isolated", "--no-cache", "--select", "WS001", str(path))
    assert code == 2 and path.read_text() == "Trailing.  \n"


@pytest.mark.slow
def test_killed_fix_run_leaves_every_file_untouched_or_completely_fixed(tmp_path: Path) -> None:
    body = "".join(f"Paragraph {i} of a long article about the talks.  \n" for i in range(400))
    fixed = "".join(f"Paragraph {i} of a long article about the talks.\n" for i in range(400))
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(300):
        (folder / f"a{i:03}.txt").write_text(body, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newslint", "fix", "--isolated", "--no-cache", "--no-progress", "--select", "WS001",
         "-q", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = sum(1 for p in folder.glob("*.txt") if p.stat().st_size < len(body))
        if done >= 5 or proc.poll() is not None:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    states = {p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}
    assert states <= {body, fixed}, "a file was left half-written"
    assert fixed in states

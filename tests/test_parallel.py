"""A parallel run (-j 2) reports, counts and fixes exactly what a run on one core does,
whatever the inputs: JSONL cut into many parts, bad records, folders of small files,
gzip, stdin, readers that cannot be read apart, and fix mode in place, to stdout or as diffs."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

import newslint.parallel as parallel
from newslint.config import Config
from newslint.engine import Linter
from newslint.parallel import line_parts
from newslint.readers import JsonlReader, ReadOptions
from newslint.runner import RunOptions, Runner

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTEFACTS = ["TThe meetings resumed on Monday.  \nThe talks ended.\n", "Click here to subscribe\nA quiet day.\n",
             "He said ,\"no\" .\n\n\nIt rained."]


class RecordReader(JsonlReader):
    """A JSONL reader that cannot be read apart: the run reads its items itself."""

    name = "records"
    suffixes = (".rec",)
    parallel = None


def _texts() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return seeds + ARTEFACTS


def _jsonl_lines(n: int) -> list[bytes]:
    texts = _texts()
    lines = [json.dumps({"id": f"r{i}", "text": texts[i % len(texts)]}).encode() + b"\n" for i in range(n)]
    lines[3] = b"\n"  # blank line: nothing to lint, written back as is
    lines[7] = b'{"id": "bad", "text": "unterminated\n'  # invalid JSON
    lines[11] = json.dumps({"id": "notext", "body": "x"}).encode() + b"\n"
    lines[13] = json.dumps({"id": "number", "text": 5}).encode() + b"\n"
    lines[17] = json.dumps({"id": "crlf", "text": "A line  \nB."}).encode() + b"\r\n"
    lines[-1] = lines[-1].rstrip(b"\n")  # no line break at the end
    return lines


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "folder").mkdir(parents=True)
    (root / "big.jsonl").write_bytes(b"\xef\xbb\xbf" + b"".join(_jsonl_lines(90)))
    (root / "small.jsonl").write_bytes(b"".join(_jsonl_lines(20)))
    with gzip.open(root / "packed.jsonl.gz", "wb") as fh:
        fh.write(b"".join(_jsonl_lines(25)))
    (root / "other.rec").write_bytes(b"".join(_jsonl_lines(30)))
    for i, text in enumerate(_texts()):
        (root / "folder" / f"{i:02}.txt").write_text(text, encoding="utf-8")
    (root / "folder" / "note.md").write_text("# Title\n\nSome  text here .\n", encoding="utf-8")
    (root / "folder" / "latin.txt").write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    (root / "empty.txt").write_bytes(b"")
    return root


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of a few kilobytes: every input is cut into many parts and tasks mix files."""
    monkeypatch.setattr(parallel, "PART_BYTES", 8 * 1024)
    monkeypatch.setattr(parallel, "BATCH_DOCS", 4)


def _run(paths: list[str], jobs: int, **options: object):
    linter = Linter(Config(), entry_points=False)
    linter.registry.readers.append(RecordReader())  # forked workers inherit it
    return Runner(linter, RunOptions(jobs=jobs, **options), entry_points=False).run(paths)


def _view(summary) -> tuple:
    findings = [(r.source, f.code, f.span, f.message, f.severity, f.fix, f.source_line, f.matched, f.data)
                for r in summary.results for f in r.findings]
    return (findings, [r.source for r in summary.results], summary.files, summary.documents, summary.bytes,
            summary.errors, summary.counts, summary.safe_fixable, summary.unsafe_fixable, summary.fixes_applied,
            summary.changed_files, summary.diffs, summary.stdout)


def _paths(root: Path) -> list[str]:
    return [str(root / name) for name in ("big.jsonl", "folder", "small.jsonl", "packed.jsonl.gz", "other.rec",
                                          "empty.txt")]


def test_check_reports_what_one_core_reports(inputs: Path) -> None:
    one = _run(_paths(inputs), 1)
    two = _run(_paths(inputs), 2)
    assert _view(two) == _view(one)
    codes = {f.code for r in one.results for f in r.findings}
    assert {"NL001", "NM002"} <= codes  # bad records and the batch pass are part of it
    messages = [f.message for r in one.results for f in r.findings if f.code == "NL001"]
    assert any(m.startswith("record 8: not valid JSON") for m in messages)
    assert any("record 12: no 'text' field" in m for m in messages)
    assert one.errors == 3 * 4 + 1  # three bad records in each of four record files, the latin-1 file


def test_streamed_results_come_in_the_same_order(inputs: Path) -> None:
    def streamed(jobs: int) -> list:
        seen: list = []
        linter = Linter(Config(), entry_points=False)
        linter.registry.readers.append(RecordReader())
        Runner(linter, RunOptions(jobs=jobs), entry_points=False).run(
            _paths(inputs), on_result=lambda r: seen.append((r.source, [(f.code, f.span) for f in r.findings])))
        return seen

    assert streamed(2) == streamed(1)


@pytest.mark.parametrize("unsafe", [False, True])
def test_fix_in_place_writes_the_same_files(inputs: Path, tmp_path: Path, unsafe: bool) -> None:
    copies = []
    for jobs in (1, 2):
        root = tmp_path / f"j{jobs}"
        shutil.copytree(inputs, root)
        summary = _run(_paths(root), jobs, fix=True, unsafe_fixes=unsafe)
        copies.append((root, summary))
    (one_root, one), (two_root, two) = copies
    assert one.fixes_applied > 0 and one.changed_files
    assert [Path(p).relative_to(two_root) for p in two.changed_files] == [
        Path(p).relative_to(one_root) for p in one.changed_files]
    assert two.fixes_applied == one.fixes_applied and two.errors == one.errors
    for path in sorted(p for p in one_root.rglob("*") if p.is_file()):
        assert (two_root / path.relative_to(one_root)).read_bytes() == path.read_bytes(), path
    assert not list(two_root.rglob("*.newslint-tmp"))
    before = (inputs / "big.jsonl").read_bytes().splitlines()
    after = (two_root / "big.jsonl").read_bytes().splitlines()
    assert after[7] == before[7] and after[3] == before[3]  # bad and blank lines written back as they were


def test_fix_to_stdout_and_diff(inputs: Path) -> None:
    big = str(inputs / "big.jsonl")
    for options in ({"output": "-"}, {"diff": True}):
        one = _run([big], 1, fix=True, **options)
        two = _run([big], 2, fix=True, **options)
        assert _view(two) == _view(one)
    assert one.diffs
    assert (inputs / "big.jsonl").read_bytes().startswith(b"\xef\xbb\xbf")  # nothing written in place


def test_stdin(inputs: Path) -> None:
    data = (inputs / "small.jsonl").read_bytes()
    linter = Linter(Config(), entry_points=False)
    views = [_view(Runner(linter, RunOptions(jobs=jobs, stdin_filename="batch.jsonl"), entry_points=False)
                   .run(["-"], io.BytesIO(data))) for jobs in (1, 2)]
    assert views[0] == views[1] and views[0][3] == 16  # documents


def test_results_cache_is_filled_and_used_alike(inputs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _run(_paths(inputs), 2, cache_dir=cache)
    again = _run(_paths(inputs), 2, cache_dir=cache)
    serial = _run(_paths(inputs), 1, cache_dir=cache)
    assert _view(again) == _view(first) == _view(serial)
    assert any(cache.rglob("*.pickle"))


def test_a_partly_cached_folder_reports_what_a_fresh_run_reports(inputs: Path, tmp_path: Path) -> None:
    """Cached files fall between the files of one task: their replayed summaries must not
    shift the numbering of the task's tally (one per task, see executors.run_parts)."""
    cache = tmp_path / "cache"
    _run(_paths(inputs), 2, cache_dir=cache)
    folder = sorted((inputs / "folder").glob("[0-9]*.txt"))
    for path in folder[::2]:  # every other file changes: cached and linted files alternate
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    partly = _run(_paths(inputs), 2, cache_dir=cache)
    fresh = _run(_paths(inputs), 1)
    assert _view(partly) == _view(fresh)
    assert "NM002" in {f.code for r in fresh.results for f in r.findings if "folder" in str(r.source.path)}


def test_files_read_apart_and_files_read_here_alternate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts (read by the workers) and batches (read by the run) of small files interleave:
    the batches' summaries, stored by the run, must not fall inside a task's tallied parts."""
    monkeypatch.setattr(parallel, "PART_BYTES", 1024 * 1024)  # room for every file in one task
    texts = _texts()
    for i, text in enumerate(texts * 2):
        if i % 2:
            (tmp_path / f"{i:02}.rec").write_text(json.dumps({"id": f"r{i}", "text": text}) + "\n", encoding="utf-8")
        else:
            (tmp_path / f"{i:02}.txt").write_text(text, encoding="utf-8")
    paths = sorted(str(p) for p in tmp_path.iterdir())  # named: a folder's walk leaves .rec out
    one, two = (_run(paths, jobs) for jobs in (1, 2))
    assert _view(two) == _view(one)
    assert "NM002" in {f.code for r in one.results for f in r.findings}


@pytest.mark.parametrize("blocks", [False, True])
def test_line_parts_cut_at_line_breaks_only(blocks: bool) -> None:
    data = b"a\n" + b"x" * 50 + b"\nbb\r\ncc\rdd\n\n" + b"y" * 30 + b"\nlast"
    for size in (1, 3, 7, 16, 64, 1000):
        parts = list(line_parts(io.BytesIO(data), size, blocks))
        assert parts == list(line_parts(io.BytesIO(data), size))  # whole reads cut the same parts
        assert b"".join(p for p, _ in parts) == data
        lines = list(io.BytesIO(data))
        for part, first in parts:
            assert part.endswith(b"\n") or part.endswith(b"last")
            got = list(io.BytesIO(part))
            assert got == lines[first - 1 : first - 1 + len(got)]


def test_a_record_read_apart_is_the_record_read_in_order() -> None:
    raw = b"".join(_jsonl_lines(30))
    reader, options = JsonlReader(), ReadOptions()
    whole = [(i.raw, i.error, i.doc and (i.doc.text, i.doc.source)) for i in reader.read(io.BytesIO(raw), "f", options)]
    apart = [(i.raw, i.error, i.doc and (i.doc.text, i.doc.source))
             for part, first in line_parts(io.BytesIO(raw), 500) for i in reader.read_part(part, "f", options, first)]
    assert apart == whole


def test_bad_records_get_their_one_line_error_on_two_cores(cli, tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Fine."}\n{"id": "b", "text": "cut\n{"id": "c"}\n')
    outputs = [cli("check", "--isolated", "--no-cache", "-j", jobs, "--output-format", "concise", str(path))
               for jobs in ("1", "2")]
    assert outputs[0].stdout == outputs[1].stdout
    assert outputs[1].exit_code == outputs[0].exit_code == 2
    assert outputs[1].stdout.splitlines() == [
        f"{path}:2:1 [text 1:1]: NL001 record 2: not valid JSON: Invalid control character at (column 25)",
        f"{path}:3:1 [text 1:1 id=c]: NL001 record 3: no 'text' field (use --text-field)",
    ]


def test_an_input_broken_off_is_reported_and_the_fix_goes_on(tmp_path: Path) -> None:
    records = b"".join(json.dumps({"id": i, "text": "Trailing blanks.  "}).encode() + b"\n" for i in range(3000))
    broken = gzip.compress(records)[:4000]  # cut short: reading it fails half-way
    results = []
    for jobs in (1, 2):
        root = tmp_path / f"j{jobs}"
        root.mkdir()
        (root / "a.jsonl").write_bytes(records)
        (root / "b.jsonl.gz").write_bytes(broken)
        (root / "c.jsonl").write_bytes(records)
        summary = _run([str(root / "a.jsonl"), str(root / "b.jsonl.gz"), str(root / "c.jsonl")], jobs, fix=True)
        assert summary.errors == 1
        results.append([(root / name).read_bytes() for name in ("a.jsonl", "b.jsonl.gz", "c.jsonl")])
        assert not list(root.glob(".*newslint-tmp"))
    assert results[0] == results[1]
    fixed, untouched, later = results[1]
    assert fixed != records and b"blanks.  " not in fixed and untouched == broken and later == fixed


def test_a_runner_runs_twice_alike(inputs: Path) -> None:
    linter = Linter(Config(select=("NM", "WS")), entry_points=False)
    runner = Runner(linter, RunOptions(jobs=2), entry_points=False)
    first, second = (_view(runner.run(_paths(inputs)[:3])) for _ in range(2))
    assert first == second and any(f[1] == "NM002" for f in first[0])


@pytest.mark.parametrize("blocks", [False, True])
def test_line_parts_take_their_size_before_each_read(blocks: bool) -> None:
    data = b"".join(b"line %03d\n" % i for i in range(100))  # 9 bytes a line
    sizes = iter([90, 90, 45, 18])
    parts = list(line_parts(io.BytesIO(data), lambda: next(sizes, 9), blocks))
    assert [len(p) for p, _ in parts[:4]] == [90, 90, 45, 18]
    assert [first for _, first in parts[:5]] == [1, 11, 21, 26, 28]
    assert b"".join(p for p, _ in parts) == data


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_truncated_gzip_is_one_nl001_and_the_run_goes_on(inputs: Path, jobs: int) -> None:
    whole = gzip.compress(b"".join(_jsonl_lines(60)))
    broken = inputs / "broken.jsonl.gz"
    broken.write_bytes(whole[: len(whole) // 2])  # ends before the gzip trailer: EOFError
    paths = [str(broken), str(inputs / "small.jsonl")]
    summary = _run(paths, jobs)
    errors = [f for r in summary.results for f in r.findings
              if f.code == "NL001" and "input broken off" in f.message]
    assert len(errors) == 1 and str(broken) in errors[0].message and "EOFError" in errors[0].message
    assert any(r.source.path == str(inputs / "small.jsonl") for r in summary.results)  # the next input
    assert any(r.source.path == str(broken) and r.source.record for r in summary.results)  # records before it
    assert _view(summary) == _view(_run(paths, 1))  # -j 2 lints exactly what one core lints


@pytest.mark.parametrize("jobs", [1, 2])
def test_fixing_a_truncated_gzip_leaves_it_unchanged(inputs: Path, jobs: int) -> None:
    whole = gzip.compress(b"".join(_jsonl_lines(60)))
    broken = inputs / "broken.jsonl.gz"
    broken.write_bytes(whole[: len(whole) // 2])
    before = broken.read_bytes()
    summary = _run([str(broken)], jobs, fix=True)
    assert broken.read_bytes() == before
    assert sorted(p.name for p in inputs.iterdir() if p.name.startswith("broken")) == ["broken.jsonl.gz"]
    assert any("the file was not changed" in f.message for r in summary.results for f in r.findings)

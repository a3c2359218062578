"""A run over inputs: find files, read documents, lint or fix them (on one or many cores),
run the corpus pass, and write fixed files atomically."""

from __future__ import annotations

import fnmatch
import io
import os
import re
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from collections import Counter
from typing import IO, Any, Callable, Iterable, Iterator

from newslint.config import Config
from newslint.corpus import (TALLY_CHUNK, CorpusStore, PackedSummaries, catch_up, in_shards, shards_its_pass,
                             tallies_on_the_way)
from newslint.document import Source
from newslint.engine import DIRECTIVES, LintResult, Linter, note_linted, unreadable
from newslint.model import Finding, Safety
from newslint.readers import Item, ReadOptions, Reader

__all__ = ["RunOptions", "RunSummary", "Runner", "discover"]

#: a cross-document pass over fewer documents than this runs in one process (a fork costs
#: milliseconds; the pass over a thousand documents, tens of them)
SHARD_DOCUMENTS = 1000
#: files larger than this are not cached (their results would have to stay in memory)
CACHE_MAX_FILE = 64 * 1024 * 1024


@dataclass
class RunOptions:
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    jobs: int = 1
    force_exclude: bool = False
    stdin_filename: str | None = None
    output: str | None = None  # fix mode: write fixed output here instead of in place ("-": stdout)
    read: ReadOptions = field(default_factory=ReadOptions)
    progress: bool = False
    #: results cache folder (check mode only); None disables the cache
    cache_dir: Path | None = None
    #: lint on a Dask cluster at this scheduler address instead of local processes
    dask_scheduler: str | None = None
    #: where fixed output for stdout goes as it is produced; None collects it in RunSummary.stdout
    stdout: IO[bytes] | None = None


@dataclass
class RunSummary:
    """Counts of a run, and its results: kept in ``results``, or streamed to ``on_result``.

    Streaming keeps memory flat on huge inputs: each result is handed on as soon as its
    document is done; findings of the cross-document pass follow at the end.
    """

    on_result: Callable[[LintResult], None] | None = None
    results: list[LintResult] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    bytes: int = 0
    errors: int = 0  # inputs that could not be read or written
    changed_files: list[str] = field(default_factory=list)
    fixes_applied: int = 0
    diffs: list[str] = field(default_factory=list)
    #: fixed output written to stdout (stdin input, or -o -)
    stdout: bytes = b""
    #: findings per (code, rule name), and how many of them carry a safe / an unsafe fix
    counts: Counter = field(default_factory=Counter)
    safe_fixable: Counter = field(default_factory=Counter)
    unsafe_fixable: Counter = field(default_factory=Counter)
    #: corpus-rule summaries of every document, for the cross-document pass (on disk)
    corpus: CorpusStore = field(default_factory=CorpusStore)
    #: while not None, results are also recorded here (for the results cache)
    recording: list[tuple[LintResult, dict[str, Any] | PackedSummaries]] | None = None

    def add(self, result: LintResult, tallied: bool = False) -> None:
        """``tallied``: the run tallies every summary of the result from memory (see
        ``Runner._hold``), so the store leaves out their tally-only values, as a worker does."""
        if self.recording is not None:  # the summaries object itself: below, the result gets a new one
            self.recording.append((result, result.summaries))
        if result.summaries:
            self.corpus.append(result.source, result.summaries, tallied)
            result.summaries = {}
        for f in result.findings:
            self.counts[(f.code, f.rule)] += 1
            if f.fix is not None and f.fix.safety == Safety.SAFE:
                self.safe_fixable[f.code] += 1
            elif f.fix is not None and f.fix.safety == Safety.UNSAFE:
                self.unsafe_fixable[f.code] += 1
        if self.on_result is None:
            self.results.append(result)
        elif result.findings:
            self.on_result(result)

    def replay(self, cached: tuple[list[tuple[LintResult, Any]], int, int, int]) -> None:
        """Add an input's results as the results cache kept them."""
        results, documents, size, errors = cached
        for result, summaries in results:
            result.summaries = summaries
            self.add(result)
        self.documents += documents
        self.bytes += size
        self.errors += errors

    @property
    def finding_count(self) -> int:
        return sum(self.counts.values())

    @property
    def crashed(self) -> bool:
        return any(code in ("NL002", "NL003") for code, _ in self.counts)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]


#: what reading (or writing) an input can raise halfway: a truncated gzip stream ends in
#: EOFError, a corrupt one in OSError or zlib.error
BROKEN_INPUT: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error)


def broken_input(display: str, exc: BaseException, writing: bool) -> str:
    """The one-line NL001 message for an input that could not be read to its end."""
    return (f"{display}: input broken off ({type(exc).__name__}: {exc}); what came before it was linted"
            + ("; the file was not changed" if writing else ""))


# --------------------------------------------------------------------------- discovery
@lru_cache(maxsize=16)
def _globs(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``patterns`` as two regular expressions: one matching a name any pattern matches (as
    ``fnmatch.fnmatch``), one matching a path any matches whole or after a ``/``. A folder
    of thousands of files is walked with one match a path part, not one per pattern."""
    if not patterns:
        never = re.compile("(?!)")
        return never, never
    globs = [os.path.normcase(p) for p in patterns]
    one = "|".join(map(fnmatch.translate, globs))
    return re.compile(one), re.compile("|".join((one, *(fnmatch.translate(f"*/{g}") for g in globs))))


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    """A part of ``path`` matches an exclude pattern, or the whole path does (after a ``/``)."""
    if not patterns:
        return False
    name, whole = _globs(patterns)
    return (any(map(name.match, map(os.path.normcase, path.parts)))
            or whole.match(os.path.normcase(path.as_posix())) is not None)


def _files_in(root: Path, names: list[str], included: Callable[[str], Any], exclude: tuple[str, ...]) -> list[str]:
    """The paths of the files ``names`` in folder ``root`` that are included and not excluded
    (as ``_excluded(root / name)`` decides, with strings instead of a ``Path`` a file: a folder
    of thousands of articles is walked before its first file is linted)."""
    name_glob, whole_glob = _globs(exclude)  # with no patterns, two that never match
    if any(map(name_glob.match, map(os.path.normcase, root.parts))):
        return []
    native = "" if root == Path(".") else os.path.join(str(root), "")  # what str(root / name) starts with
    posix = "" if root == Path(".") else root.as_posix().rstrip("/") + "/"
    return [native + name for name in names
            if included(os.path.normcase(name)) and not name_glob.match(os.path.normcase(name))
            and not whole_glob.match(os.path.normcase(posix + name))]


def discover(paths: Iterable[str], config: Config, force_exclude: bool = False) -> Iterator[str]:
    """Files to lint: explicit files as given, folders walked recursively, in sorted order."""
    exclude = tuple(config.exclude) + tuple(config.extend_exclude)
    included = _globs(tuple(config.include))[0].match
    for given in paths:
        if given == "-":
            yield given
            continue
        p = Path(given)
        if p.is_dir():
            found: list[str] = []
            for root, dirs, files in os.walk(p):
                rootp = Path(root)
                dirs[:] = sorted(d for d in dirs if not _excluded(rootp / d, exclude))
                found += _files_in(rootp, files, included, exclude)
            yield from sorted(found)
        else:
            if force_exclude and _excluded(p, exclude):
                continue
            yield given


class Runner:
    def __init__(self, linter: Linter, options: RunOptions, *, entry_points: bool = True) -> None:
        self.linter = linter
        self.options = options
        self.entry_points = entry_points
        self.required = Safety.UNSAFE if options.unsafe_fixes else Safety.SAFE
        self._pool: Any = None
        self.cache = None
        self.collect = True  # corpus-rule summaries are gathered unless the run has one document
        #: rule code -> (documents tallied, merged tally) of corpus rules tallying on the way
        #: (see newslint.corpus); None once merging failed (the pass tallies everything again)
        self.tallies: dict[str, tuple[int, Any] | None] = {}
        self._tallying = {r.code: r for r in linter.corpus_rules if tallies_on_the_way(r)}
        self._held: dict[str, list[Any]] = {}  # summaries linted here, to tally (by rule code)
        if options.cache_dir is not None and not options.fix:
            from newslint.cache import ResultCache

            # how inputs are read (--encoding, fields) and the baseline's entries change results
            # as much as config does
            baseline = linter.config.baseline and ResultCache.digest_file(linter.config.baseline)
            self.cache = ResultCache(options.cache_dir, linter, f"check {options.read} {baseline}")

    # -- public -------------------------------------------------------------------
    def run(self, paths: list[str], stdin: IO[bytes] | None = None,
            on_result: Callable[[LintResult], None] | None = None) -> RunSummary:
        """Lint (or fix) every input; results go to ``on_result`` as they come, or into the summary."""
        summary = RunSummary(on_result=on_result)
        summary.corpus.reread = self._reread
        self.tallies, self._held = {}, {}
        files = list(discover(paths, self.linter.config, self.options.force_exclude))
        # one plain article (the pre-commit case): no other document to compare it with
        single = len(files) == 1 and getattr(self._reader(files[0]), "name", "") in ("text", "markdown")
        self.collect = not single
        progress = self._progress(len(files))
        try:
            if self.options.jobs > 1 or self.options.dask_scheduler:
                from newslint.parallel import Pipeline

                Pipeline(self, summary, stdin, progress).run(files)
            else:
                for path in files:
                    summary.files += 1
                    self._run_file(path, summary, stdin)
                    if progress is not None:
                        progress.update(1)
                        progress.set_postfix(docs=summary.documents, refresh=False)
        finally:
            if progress is not None:
                progress.close()
            if self._pool is not None:
                self._pool.close()
                self._pool = None
        try:
            self._corpus_pass(summary)
        finally:
            summary.corpus.close()
        return summary

    # -- per file -----------------------------------------------------------------
    def _reader(self, path: str) -> Reader | None:
        name = self.options.stdin_filename if path == "-" and self.options.stdin_filename else path
        reader = self.linter.registry.reader_for(name)
        if reader is None and path == "-":
            reader = self.linter.registry.reader_for("stdin.txt")
        return reader

    def cached(self, path: str) -> tuple[str | None, Any]:
        """(the results-cache key to keep this input's results under, or None; its cached
        results, or None): shared by the run on one core and the parallel pipeline."""
        if self.cache is None or path == "-":
            return None, None
        digest = self.cache.digest_file(path)
        # results without corpus summaries (a one-document run) are kept apart
        key = self.cache.key(path if self.collect else f"{path}\0single", digest) if digest else None
        cached = self.cache.get(key) if key else None
        if cached is not None:
            return None, cached
        if key is not None and os.path.getsize(path) > CACHE_MAX_FILE:
            key = None  # a huge file's results are not kept in memory for the cache
        return key, None

    def _run_file(self, path: str, summary: RunSummary, stdin: IO[bytes] | None) -> None:
        key, cached = self.cached(path)
        if cached is not None:
            summary.replay(cached)
            return
        before = (summary.documents, summary.bytes, summary.errors)
        summary.recording = [] if key is not None else None
        try:
            self._read_and_lint(path, summary, stdin)
        finally:
            recorded, summary.recording = summary.recording, None
        if key is not None and recorded is not None:
            self.cache.put(key, (recorded, summary.documents - before[0], summary.bytes - before[1],
                                 summary.errors - before[2]))

    def _read_and_lint(self, path: str, summary: RunSummary, stdin: IO[bytes] | None) -> None:
        reader = self._reader(path)
        display = self.options.stdin_filename or "-" if path == "-" else path
        if reader is None:
            summary.errors += 1
            summary.add(unreadable(Source(display), f"{display}: no reader for this file type"))
            return
        try:
            stream = self._open(path, stdin)
        except OSError as exc:
            summary.errors += 1
            summary.add(unreadable(Source(display), f"cannot read {display}: {exc.strerror or exc}"))
            return
        opened = os.stat(path) if path != "-" else None
        writing = self.options.fix and not self.options.diff
        to_stdout = path == "-" or self.options.output == "-"
        sink: IO[bytes] | None = None
        tmp_path: str | None = None
        if writing and not to_stdout:
            sink, tmp_path, error = self._open_sink(path)
            if sink is None:
                stream.close()
                summary.errors += 1
                summary.add(error)  # type: ignore[arg-type]
                return
        out_buf = (self.options.stdout or io.BytesIO()) if writing and to_stdout else None
        changed = False
        try:
            with stream:
                items = reader.read(stream, display, self.options.read)
                for item, result in self._process(items, summary):
                    held = bool(self._tallying and result.summaries) and self._hold(result.summaries)
                    summary.add(result, tallied=held)
                    if self._held:
                        self._tally_held(summary.corpus, TALLY_CHUNK)
                    if result.unreadable:
                        summary.errors += 1
                    fixed = result.fixed_text
                    if fixed is not None:
                        changed = True
                        summary.fixes_applied += result.fixes_applied
                        if self.options.diff:
                            summary.diffs.append(_diff(item, fixed, display))
                    if writing:
                        chunk = reader.render(item, fixed, self.options.read)
                        (sink or out_buf).write(chunk)  # type: ignore[union-attr]
        except BROKEN_INPUT as exc:  # cut short (a truncated .gz, an I/O error): say so, go on
            if sink is not None:  # the input stays as it was
                sink.close()
                os.unlink(tmp_path)  # type: ignore[arg-type]
            summary.errors += 1
            summary.add(unreadable(Source(display), broken_input(display, exc, sink is not None)))
            self._tally_held(summary.corpus, 1)
            return
        except Exception:
            if sink is not None:
                sink.close()
                os.unlink(tmp_path)  # type: ignore[arg-type]
            raise
        self._tally_held(summary.corpus, 1)
        if out_buf is not None and self.options.stdout is None:
            summary.stdout += out_buf.getvalue()  # type: ignore[attr-defined]
        if sink is not None:
            self._finish_sink(path, sink, tmp_path, changed, summary, opened)

    def _open(self, path: str, stdin: IO[bytes] | None) -> IO[bytes]:
        if path == "-":
            data = (stdin or sys.stdin.buffer).read()
            return io.BytesIO(data)
        if path.endswith(".gz"):
            import gzip

            return gzip.open(path, "rb")  # type: ignore[return-value]
        return open(path, "rb")

    def _open_sink(self, path: str) -> tuple[IO[bytes] | None, str | None, LintResult | None]:
        """A temporary file beside the target for the fixed output, or the NL001 result saying
        why there is none."""
        target = Path(self.options.output) if self.options.output else Path(path).resolve()
        try:
            if not self.options.output and not os.access(target, os.W_OK):
                raise PermissionError(f"{path} is read-only")
            import tempfile

            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".newslint-tmp", dir=target.parent or ".")
        except OSError as exc:
            return None, None, unreadable(Source(path), f"cannot write {path}: {exc.strerror or exc}")
        raw = os.fdopen(fd, "wb")
        if path.endswith(".gz"):
            import gzip

            return gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0), tmp, None  # type: ignore[return-value]
        return raw, tmp, None

    def _finish_sink(self, path: str, sink: IO[bytes], tmp: str | None, changed: bool, summary: RunSummary,
                     opened: os.stat_result | None) -> None:
        """Make the temporary file durable and rename it over the target (or drop it)."""
        raw = getattr(sink, "fileobj", None) or sink
        if raw is not sink:
            sink.close()  # the gzip trailer goes into the raw file
        raw.flush()
        os.fsync(raw.fileno())
        raw.close()
        assert tmp is not None
        if not changed and not self.options.output:
            os.unlink(tmp)
            return
        if opened is not None and not self.options.output:
            now = os.stat(path)
            if (now.st_mtime_ns, now.st_size) != (opened.st_mtime_ns, opened.st_size):
                os.unlink(tmp)
                summary.errors += 1
                summary.add(unreadable(Source(path), f"{path} changed while it was being fixed; left as it is"))
                return
        target = self.options.output or path
        try:
            real = Path(target).resolve()
            if real.exists():
                st = real.stat()
                os.chmod(tmp, st.st_mode & 0o7777)
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except (PermissionError, AttributeError):
                    pass
            os.replace(tmp, real)
            if changed:
                summary.changed_files.append(path)
        except OSError as exc:
            summary.errors += 1
            summary.add(unreadable(Source(path), f"cannot write {target}: {exc.strerror or exc}"))
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass

    # -- linting ------------------------------------------------------------------
    def _process(self, items: Iterable[Item], summary: RunSummary) -> Iterator[tuple[Item, LintResult]]:
        for item in items:
            yield item, self._one(item, summary)

    def _one(self, item: Item, summary: RunSummary) -> LintResult:
        if item.error is not None:
            source = item.state if isinstance(item.state, Source) else Source("?")
            return unreadable(source, item.error)
        if item.doc is None:
            return LintResult(Source("?"), [])
        summary.documents += 1
        summary.bytes += len(item.raw)
        note_linted()
        if self.options.fix:
            return self.linter.fix(item.doc, self.required, collect=self.collect)
        return self.linter.lint(item.doc, collect=self.collect)

    def _reread(self, raw: bytes, reader: str, path: str, number: int) -> str:
        """The text of an input item read again from its raw bytes (see corpus.RawText)."""
        for found in self.linter.registry.readers:
            if found.name == reader:
                for item in found.read_part(raw, path, self.options.read, number):
                    if item.doc is not None:
                        return item.doc.text
        raise ValueError(f"{path}: item {number} cannot be read again for its text")

    def _executor(self) -> Any:
        """The workers of a parallel run (started once, closed at the end of the run)."""
        if self._pool is None:
            from newslint.executors import DaskExecutor, ProcessExecutor

            if self.options.dask_scheduler:
                self._pool = DaskExecutor(self.options.dask_scheduler, self.linter.config, self.entry_points)
            else:
                self._pool = ProcessExecutor(self.options.jobs, self.linter.config, self.entry_points, self.linter)
        return self._pool

    def _hold(self, summaries: dict[str, Any]) -> bool:
        """Hold a document's summaries to tally (as a worker would); whether every one is
        tallied that way (directives need no tally)."""
        for code in self._tallying:
            held = summaries.get(code)
            if held is not None:
                self._held.setdefault(code, []).append(held)
        return all(code in self._tallying or code == DIRECTIVES for code in summaries)

    def _tally_held(self, store: CorpusStore, at_least: int) -> None:
        """Tally the summaries held (the last ones stored) once there are ``at_least``."""
        for code, held in self._held.items():
            if len(held) >= at_least:
                try:
                    tally = self._tallying[code].tally(held)
                except Exception:  # noqa: BLE001 - the pass tallies again, and reports the crash
                    self.tallies[code] = None
                else:
                    self.merge_tallies(store, {code: store.count(code) - len(held)}, {code: tally})
                held.clear()

    def merge_tallies(self, store: CorpusStore, firsts: dict[str, int], tallies: dict[str, Any]) -> None:
        """Merge tallies a worker made of documents just stored (those of rule ``code`` from
        ``firsts[code]`` on); documents stored before them without a tally are tallied first."""
        rules = {r.code: r for r in self.linter.corpus_rules}
        for code, tally in tallies.items():
            rule = rules.get(code)
            if rule is None or (code in self.tallies and self.tallies[code] is None):
                continue
            done, state = self.tallies.get(code) or (0, None)
            try:
                state = catch_up(rule, store.items(code), done, firsts[code], state)
                self.tallies[code] = (store.count(code), rule.merge(state, firsts[code], tally))  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - the pass tallies again, and reports the crash
                self.tallies[code] = None

    def _check_corpus(self, rule: Any, items: Any, store: CorpusStore) -> Iterable[tuple[str, Finding]]:
        tallied = self.tallies.get(rule.code)
        if tallied is None or not tallies_on_the_way(rule):
            return rule.check_corpus(items)
        done, state = tallied
        state = catch_up(rule, items, done, len(items), state)
        shards = self._shards(rule, len(items))
        if shards > 1:  # the run's cores are free by now: the pass is the only work left
            store.flush()
            return in_shards(lambda k: list(rule.check_corpus(items, state, shard=(k, shards))), shards)
        return rule.check_corpus(items, state)

    def _shards(self, rule: Any, documents: int) -> int:
        """Processes for the pass of ``rule``: the run's jobs on Linux (forked, see
        :func:`newslint.corpus.in_shards`) for a batch worth it, else 1."""
        import threading

        jobs = min(self.options.jobs, os.cpu_count() or 1)
        if (jobs < 2 or documents < SHARD_DOCUMENTS or not shards_its_pass(rule)
                or not sys.platform.startswith("linux") or threading.active_count() > 1):
            return 1
        return jobs

    def _corpus_pass(self, summary: RunSummary) -> None:
        """Rules that compare documents decide once, over every document's summary."""
        rules = self.linter.corpus_rules
        store = summary.corpus
        if not rules or len(store) < 2:
            return
        found: dict[str, list[Finding]] = {}
        for rule in rules:
            items = store.items(rule.code)
            if len(items) < 2:
                continue
            try:
                for key, finding in self._check_corpus(rule, items, store):
                    found.setdefault(key, []).append(finding)
            except Exception as exc:  # noqa: BLE001 - a crashing rule must not stop the run
                from newslint.engine import crash_finding
                from newslint.model import Span

                f = crash_finding(rule, exc)
                f.span = Span(1, 1, 1, 1)
                found.setdefault(items[0][0].key, []).append(f)
        # one pass over the store's sources for the documents with findings, whose summaries
        # (their directives) are read
        sources: dict[str, Source] = {}
        for n, source in store.sources() if found else ():
            key = source.key
            if key in found and key not in sources:
                sources[key] = source
                summaries = store[n][1]
                found[key] = [f for f in found[key] if f.code == "NL002" or
                              self.linter.finalize_corpus(key, f, summaries)]
        found = {key: findings for key, findings in found.items() if key in sources and findings}
        by_position = lambda f: (f.span.line, f.span.column, f.code) if f.span else (0, 0, f.code)  # noqa: E731
        if summary.on_result is None:  # results kept: merge into each document's result
            by_key = {r.source.key: r for r in summary.results if not r.unreadable}
            for key, findings in found.items():
                by_key[key].findings.extend(findings)
                by_key[key].findings.sort(key=by_position)
                for f in findings:
                    summary.counts[(f.code, f.rule)] += 1
        else:  # streaming: one more result per document, after all the others
            for key in sorted(found, key=lambda k: (sources[k].path, sources[k].record or 0)):
                summary.add(LintResult(sources[key], sorted(found[key], key=by_position)))

    def _progress(self, total: int) -> Any:
        if not self.options.progress or total < 2:
            return None
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: the batch pass forks (see _shards)
        return tqdm(total=total, unit="file", file=sys.stderr, leave=False, dynamic_ncols=True)


def _diff(item: Item, fixed: str, display: str) -> str:
    assert item.doc is not None
    label = display if item.doc.source.record is None else f"{display}:{item.doc.source.record}"
    before = item.doc.text.splitlines(keepends=True)
    after = fixed.splitlines(keepends=True)
    import difflib

    lines = difflib.unified_diff(before, after, f"a/{label}", f"b/{label}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


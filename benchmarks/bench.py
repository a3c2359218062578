#!/usr/bin/env python3
"""newslint's speed, measured: throughput, per-rule time share, -j scaling, start-up, memory.

    python benchmarks/bench.py [--corpus ../shared/corpus] [--size-mb 50] [--folder-mb 50] [--jobs 2] [--quick] [--memory-mb 1000]
    python benchmarks/bench.py --jobs-only [--rounds 3]       # only the -j 1 / -j N comparison

Builds a JSONL corpus of real article text by replicating the texts of the corpus folder
and seeds/ up to --size-mb (never downloads anything), then prints:
  * single-core throughput of the default rule set (MB/s, articles/s), in-process;
  * the time share of every rule (no rule should take more than a third); the document's
    line views, which every rule reads, are timed apart as "(lines)";
  * `newslint check -j 1` vs `-j N` on the big file, and on a folder of --folder-mb of article
    files, back to back (best of --rounds): wall time, speed-up, CPU of the run and of its
    workers, peak RSS, load average before each;
  * start-up latency of `newslint check one-article.txt` (median of 7 runs);
  * peak memory (max RSS) of the CLI over the big file, and with --memory-mb over a file of
    that size (the target: flat in the input size);
  * with datatrove installed (`pip install datatrove`): its Gopher quality, Gopher
    repetition, C4 and FineWeb filters on the same documents, as ratios to newslint.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def corpus_texts(corpus: Path) -> list[str]:
    texts: list[str] = []
    for name in ("gold.jsonl", "extracted.jsonl", "multinews.jsonl"):
        path = corpus / name
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                texts += [json.loads(line)["text"] for line in fh if line.strip()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return [t for t in texts if t.strip()]


def build_jsonl(texts: list[str], size_mb: float) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"bench-{size_mb:g}mb.jsonl"
    if path.exists() and path.stat().st_size >= size_mb * 1e6:
        return path
    written, n = 0, 0
    with path.open("w", encoding="utf-8") as fh:
        while written < size_mb * 1e6:
            for text in texts:
                line = json.dumps({"id": f"a{n}", "text": text}, ensure_ascii=False) + "\n"
                fh.write(line)
                written += len(line.encode())
                n += 1
    return path


def build_folder(texts: list[str], size_mb: float) -> Path:
    """A folder of article files (one text each, several copies of the corpus, a subfolder a
    copy), as a content repository is: what `-j N` does on many small files."""
    folder = DATA / f"folder-{size_mb:g}mb"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    written, copy = 0, 0
    while written < size_mb * 1e6:
        sub = folder / f"copy{copy:02}"
        sub.mkdir(exist_ok=True)
        for i, text in enumerate(texts):
            data = text.encode()
            (sub / f"{i:04}.txt").write_bytes(data)
            written += len(data)
        copy += 1
    done.touch()
    return folder


def single_core(texts: list[str], rounds: int) -> tuple[float, float, float, dict[str, float]]:
    """Default rules in-process, as the CLI runs them: (MB/s, articles/s, MB/s of the first
    pass, seconds per rule).

    The best of ``rounds`` passes over the texts, so that other work on a shared machine
    inflates the figures as little as possible. The first pass is the first time the linter
    meets most of the texts' words (the lazy loaders warmed on a hundred texts before): what
    per-word caches save on the later passes shows as the gap between the two."""
    from newslint.document import Document
    from newslint.engine import Linter, freeze_setup

    linter = Linter(entry_points=False)
    size = sum(len(t.encode()) for t in texts)
    for t in texts[:100]:  # warm lazy loaders (word lists, automata, language profiles)
        linter.lint(Document(t))
    freeze_setup()  # as the CLI does once its linter is built
    passes = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            linter.lint(Document(t))
        passes.append(time.perf_counter() - t0)
    best = min(passes)
    per_rule: dict[str, float] = defaultdict(lambda: float("inf"))
    for _ in range(rounds):
        spent: dict[str, float] = defaultdict(float)
        for t in texts:
            doc = Document(t)
            s = time.perf_counter()
            doc.paragraphs  # noqa: B018 - the document's views every rule reads: charged to no rule
            spent["(lines)"] += time.perf_counter() - s
            for rule in linter.rules:
                s = time.perf_counter()
                list(rule.check(doc))
                spent[rule.code] += time.perf_counter() - s
        for code, sec in spent.items():
            per_rule[code] = min(per_rule[code], sec)
    return size / 1e6 / best, len(texts) / best, size / 1e6 / passes[0], dict(per_rule)


def run_cli(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one newslint run (the largest of its processes)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "newslint", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not the maximum over all children
    proc.returncode = 0  # reaped here; stop Popen from waiting again
    return time.perf_counter() - t0, usage.ru_maxrss


#: runs the CLI in a child process and prints its own and its workers' resource use (JSON)
_MEASURED = """
import json, os, resource, sys, time
from newslint.cli import main
t0 = time.perf_counter()
try:
    main(sys.argv[1:], prog_name="newslint")
except SystemExit:
    pass
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
with open(os.environ["NEWSLINT_BENCH_REPORT"], "w") as fh:
    json.dump({"wall": time.perf_counter() - t0, "cpu": me.ru_utime + me.ru_stime, "rss": me.ru_maxrss,
               "workers_cpu": kids.ru_utime + kids.ru_stime, "workers_rss": kids.ru_maxrss}, fh)
"""


def run_measured(args: list[str]) -> dict[str, float]:
    """One `newslint ARGS` run: wall seconds, CPU of the run and of its workers, peak RSS (KB)
    of the run and of its largest worker, and the load average (other work) before it."""
    import tempfile

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([sys.executable, "-c", _MEASURED, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "NEWSLINT_BENCH_REPORT": str(report)}, check=False)
        return {**json.loads(report.read_text()), "load": load}


def jobs_speedup(big: Path, jobs: int, rounds: int = 3) -> None:
    """`check -j 1` and `-j N` back to back, ``rounds`` times: the best of each, and what the
    machine was doing (the speed-up is understated when other work holds a core)."""
    mb = (sum(p.stat().st_size for p in big.rglob("*.txt")) if big.is_dir() else big.stat().st_size) / 1e6
    base = ["check", "--no-cache", "--isolated", "--output-format", "concise"]
    runs: dict[int, list[dict[str, float]]] = {1: [], jobs: []}
    for _ in range(rounds):
        for j in (1, jobs):
            runs[j].append(run_measured([*base, "-j", str(j), str(big)]))
    best = {j: min(rs, key=lambda r: r["wall"]) for j, rs in runs.items()}
    what = f"{sum(1 for _ in big.rglob('*.txt'))} files, " if big.is_dir() else ""
    print(f"\nCLI on {big.name} ({what}{mb:.0f} MB), best of {rounds} back-to-back runs:")
    for j, r in best.items():
        workers = f" + workers {r['workers_cpu']:5.1f}s" if j > 1 else ""
        print(f"  -j {j}: {r['wall']:6.2f}s  {mb / r['wall']:6.2f} MB/s   CPU: run {r['cpu']:5.1f}s{workers}   "
              f"peak RSS {r['rss'] / 1024:.0f} MB" + (f" (largest worker {r['workers_rss'] / 1024:.0f} MB)" if j > 1 else "")
              + f"   load before {r['load']:.2f}")
    walls = {j: ", ".join(f"{r['wall']:.2f}" for r in rs) for j, rs in runs.items()}
    print(f"  speed-up: {best[1]['wall'] / best[jobs]['wall']:.2f}x   (every run: -j 1 {walls[1]}; -j {jobs} {walls[jobs]})")


def startup(article: Path) -> float:
    exe = Path(sys.executable).with_name("newslint")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "newslint"]
    # as on an installed system: bytecode written and reused, newslint's data caches warm
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times = []
    for _ in range(8):
        t0 = time.perf_counter()
        subprocess.run([*cmd, "check", "--no-cache", "--isolated", str(article)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times[1:])


def datatrove_ratio(texts: list[str], newslint_seconds: float) -> None:
    try:
        from datatrove.data import Document as DTDocument
        from datatrove.pipeline.filters import (C4QualityFilter, FineWebQualityFilter, GopherQualityFilter,
                                                GopherRepetitionFilter)
    except ImportError:
        print("  datatrove not installed (pip install datatrove): comparison skipped")
        return
    size = sum(len(t.encode()) for t in texts) / 1e6
    for name, cls in (("GopherQuality", GopherQualityFilter), ("GopherRepetition", GopherRepetitionFilter),
                      ("C4", C4QualityFilter), ("FineWeb", FineWebQualityFilter)):
        f = cls()
        docs = [DTDocument(text=t, id=str(i)) for i, t in enumerate(texts)]
        f.filter(DTDocument(text=texts[0], id="warm-up"))  # tokenizer loading is not throughput
        t0 = time.perf_counter()
        for d in docs:
            f.filter(d)
        dt = time.perf_counter() - t0
        print(f"  {name:<18} {dt:7.2f}s  {size / dt:6.2f} MB/s   newslint takes {newslint_seconds / dt:5.2f}x its time")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--size-mb", type=float, default=50)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--quick", action="store_true", help="skip the big-file CLI runs")
    ap.add_argument("--folder-mb", type=float, default=50,
                    help="-j 1 / -j N also on a folder of article files of this size (0: skip)")
    ap.add_argument("--jobs-only", action="store_true", help="only the -j 1 / -j N runs (big file, folder)")
    ap.add_argument("--rounds", type=int, default=3, help="back-to-back -j 1 / -j N rounds (best of)")
    ap.add_argument("--memory-mb", type=float, default=0,
                    help="also measure peak memory of `check -j 1` on a JSONL file of this size (e.g. 1000)")
    args = ap.parse_args()

    texts = corpus_texts(Path(args.corpus))
    if args.jobs_only:
        jobs_speedup(build_jsonl(texts, args.size_mb), args.jobs, args.rounds)
        if args.folder_mb:
            jobs_speedup(build_folder(texts, args.folder_mb), args.jobs, args.rounds)
        return 0
    size = sum(len(t.encode()) for t in texts)
    print(f"corpus: {len(texts)} real articles, {size / 1e6:.1f} MB (from {args.corpus} and seeds/)\n")

    mbs, aps, first, per_rule = single_core(texts, rounds=3)
    print(f"single core, default rules, in-process: {mbs:6.2f} MB/s   {aps:8.0f} articles/s"
          f"   (first pass over the texts: {first:.2f} MB/s)")
    total = sum(per_rule.values()) or 1
    print("time share per rule:")
    for code, sec in sorted(per_rule.items(), key=lambda kv: -kv[1]):
        print(f"  {code:<7}{100 * sec / total:6.1f}%   {size / 1e6 / max(sec, 1e-9):9.1f} MB/s alone")

    for article in (ROOT / "seeds" / "003_df0d78538ed08e3a.txt", ROOT / "seeds" / "000_ddd9a8f08e8e211a.txt"):
        print(f"start-up: `newslint check {article.name}`: {1000 * startup(article):.0f} ms (median of 7)")
    print("  (seed 000 has a foreign-language UI line, which loads langdetect's profiles)")

    if not args.quick:
        jobs_speedup(build_jsonl(texts, args.size_mb), args.jobs, args.rounds)
        if args.folder_mb:
            jobs_speedup(build_folder(texts, args.folder_mb), args.jobs, args.rounds)

    if args.memory_mb:
        huge = build_jsonl(texts, args.memory_mb)
        mb = huge.stat().st_size / 1e6
        wall, rss = run_cli(["check", "--no-cache", "--isolated", "-j", "1", "--output-format", "concise", str(huge)])
        print(f"\nmemory: `check -j 1` on {huge.name} ({mb:.0f} MB): peak RSS {rss / 1024:.0f} MB, {wall:.0f}s")

    print("\ndatatrove filters on the same documents (single core):")
    datatrove_ratio(texts, size / 1e6 / mbs)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())

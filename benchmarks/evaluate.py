#!/usr/bin/env python3
"""Measure newslint's precision and recall on real scraped text.

    python benchmarks/evaluate.py [--corpus ../shared/corpus] [--select BP,EN] [--fix] [--show 5]

Prints, per rule:
  * findings per 100 clean, edited article bodies (gold.jsonl): every one is a false positive;
  * findings on gold-labelled lines of extracted.jsonl (false positives) and on residue lines;
  * recall per residue class: the share of labelled residue lines a finding overlaps;
  * with --fix: characters of true body text lost and residue characters removed by the
    safe fixes (extracted.jsonl), and characters changed in gold.jsonl (should be ~0).

The corpus is not shipped with newslint; without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from newslint.config import Config
from newslint.document import Document, Source
from newslint.engine import Linter
from newslint.model import Safety

DONT_CARE = {"headline", "table_or_data", "other_prose", "other_fragment"}


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split(values: str | None) -> tuple[str, ...] | None:
    return tuple(v.strip() for v in values.split(",") if v.strip()) if values else None


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1 or (a0 == a1 and b0 <= a0 < b1)


def lost_chars(original: str, fixed: str, spans: list[tuple[int, int]]) -> int:
    """Characters inside ``spans`` of ``original`` that do not survive into ``fixed``.

    Diffs line by line first and character by character only inside changed blocks, so
    it stays fast on long articles.
    """
    if original == fixed:
        return 0
    old = original.splitlines(keepends=True)
    new = fixed.splitlines(keepends=True)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    dead = bytearray(len(original))
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal" or op == "insert":
            continue
        a0, a1 = starts[i1], starts[i2]
        block = [1] * (a1 - a0)
        if op == "replace":
            inner = difflib.SequenceMatcher(None, original[a0:a1], "".join(new[j1:j2]), autojunk=False)
            for m in inner.get_matching_blocks():
                block[m.a : m.a + m.size] = [0] * m.size
        dead[a0:a1] = bytes(block)
    return sum(sum(dead[s:e]) for s, e in spans)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpus"))
    ap.add_argument("--select", help="rules to evaluate (codes, prefixes, names; comma-separated)")
    ap.add_argument("--ignore", help="rules to leave out")
    ap.add_argument("--fix", action="store_true", help="also measure what the safe fixes delete")
    ap.add_argument("--show", type=int, default=0, help="print this many false positives per rule")
    args = ap.parse_args()

    corpus = Path(args.corpus)
    if not (corpus / "gold.jsonl").exists():
        print(f"corpus not found at {corpus} (pass --corpus); nothing to measure")
        return 0
    config = Config(select=split(args.select), ignore=split(args.ignore) or ())
    linter = Linter(config, entry_points=False)
    codes = linter.codes
    t0 = time.perf_counter()

    # -- clean bodies ---------------------------------------------------------------
    gold = load(corpus / "gold.jsonl")
    fp_gold: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    changed_gold = 0
    for rec in gold:
        doc = Document(rec["text"], Source("gold.jsonl", id=rec["id"]))
        for f in linter.lint(doc).findings:
            fp_gold[f.code] += 1
            if len(examples[f.code]) < args.show:
                examples[f.code].append(f"gold {rec['id']} {f.span.line}:{f.span.column} {f.message} | {f.source_line[:140]!r}")
        if args.fix:
            fixed = linter.fix(Document(rec["text"]), Safety.SAFE).fixed_text
            if fixed is not None:
                changed_gold += lost_chars(rec["text"], fixed, [(0, len(rec["text"]))]) + max(0, len(fixed) - len(rec["text"]))

    # -- extractor output with line labels ---------------------------------------------
    on_gold: Counter[str] = Counter()
    on_residue: Counter[str] = Counter()
    on_partial: Counter[str] = Counter()
    residue_total: Counter[str] = Counter()
    residue_hit: dict[str, Counter[str]] = defaultdict(Counter)
    residue_any: Counter[str] = Counter()
    gold_chars = gold_lost = residue_chars = residue_removed = 0
    extracted = load(corpus / "extracted.jsonl") if (corpus / "extracted.jsonl").exists() else []
    multinews = load(corpus / "multinews.jsonl") if (corpus / "multinews.jsonl").exists() else []
    for name, records in (("extracted", extracted), ("multinews", multinews)):
        for rec in records:
            text = rec["text"]
            findings = linter.lint(Document(text, Source(name, id=rec["id"]))).findings
            labels = rec["lines"]
            for line in labels:
                kind = line["label"]
                cls = line.get("cls")
                hits = [f for f in findings if overlaps(f.start, f.end, line["start"], line["end"])]
                if kind in ("gold", "content"):
                    for f in hits:
                        on_gold[f.code] += 1
                        if len(examples[f.code]) < args.show:
                            examples[f.code].append(f"{name} {rec['id']} {f.message} | {text[line['start']:line['end']][:140]!r}")
                elif kind == "partial":
                    for f in hits:
                        on_partial[f.code] += 1
                elif kind == "residue" and cls not in DONT_CARE:
                    key = f"{name}:{cls}"
                    residue_total[key] += 1
                    if hits:
                        residue_any[key] += 1
                    for code in {f.code for f in hits}:
                        residue_hit[key][code] += 1
                        on_residue[code] += 1
            if args.fix and name == "extracted":
                fixed = linter.fix(Document(text), Safety.SAFE).fixed_text
                gold_spans = [(l["start"], l["end"]) for l in labels if l["label"] == "gold"]
                res_spans = [(l["start"], l["end"]) for l in labels if l["label"] == "residue" and l.get("cls") not in DONT_CARE]
                gold_chars += sum(e - s for s, e in gold_spans)
                residue_chars += sum(e - s for s, e in res_spans)
                if fixed is not None:
                    gold_lost += lost_chars(text, fixed, gold_spans)
                    residue_removed += lost_chars(text, fixed, res_spans)
    elapsed = time.perf_counter() - t0

    # -- report -----------------------------------------------------------------------
    n_gold = len(gold)
    rules = linter.registry.rules.rules
    print(f"newslint evaluation on {corpus} ({n_gold} gold bodies, {len(extracted)} extracted, "
          f"{len(multinews)} multinews records; {elapsed:.1f}s)\n")
    print(f"{'rule':<7}{'name':<32}{'FP/100 gold':>12}{'on gold lines':>15}{'on partial':>12}{'on residue':>12}")
    total_fp = 0
    for code in codes:
        if code.startswith("NL"):
            continue
        fp = fp_gold[code]
        total_fp += fp
        print(f"{code:<7}{rules[code].name:<32}{100 * fp / n_gold:>12.2f}{on_gold[code]:>15}{on_partial[code]:>12}{on_residue[code]:>12}")
    print(f"{'all':<39}{100 * total_fp / n_gold:>12.2f}{sum(on_gold.values()):>15}{sum(on_partial.values()):>12}"
          f"{sum(on_residue.values()):>12}\n")
    print("recall on labelled residue lines (any selected rule; top rules):")
    for key in sorted(residue_total):
        top = ", ".join(f"{c} {n}" for c, n in residue_hit[key].most_common(3))
        print(f"  {key:<40}{residue_any[key]:>5}/{residue_total[key]:<5}{100 * residue_any[key] / residue_total[key]:>6.1f}%  {top}")
    if args.fix:
        print("\nsafe fixes:")
        print(f"  gold.jsonl: {changed_gold} characters changed in {n_gold} clean bodies")
        if gold_chars:
            print(f"  extracted.jsonl: true-body characters lost {gold_lost}/{gold_chars} "
                  f"({100 * gold_lost / gold_chars:.3f}%), residue characters removed "
                  f"{residue_removed}/{residue_chars} ({100 * residue_removed / max(residue_chars, 1):.1f}%)")
    if args.show:
        print("\nexamples of findings on clean text:")
        for code in sorted(examples):
            for line in examples[code]:
                print(f"  {code} {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

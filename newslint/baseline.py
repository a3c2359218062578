"""Baselines: accept today's findings, report only new ones.

Entries are keyed on document + rule + matched text, never on line numbers, so editing an
article above a known finding does not resurrect it. A count per key allows the same
text to be accepted as often as it occurred.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Iterable

from newslint.document import Document
from newslint.engine import LintResult
from newslint.errors import ConfigError
from newslint.hookspecs import hookimpl
from newslint.model import Finding

__all__ = ["Baseline", "write_baseline"]

_VERSION = 1
_SPACE = re.compile(r"\s+")


def _key(doc_key: str, code: str, matched: str) -> tuple[str, str, str]:
    return _portable(doc_key), code, _SPACE.sub(" ", matched.strip())[:200]


def _portable(doc_key: str) -> str:
    """The document key in POSIX form without ``./`` segments (``./a.txt`` names ``a.txt``).

    Paths stay as the run gives them: write and use a baseline from the same folder, as
    pre-commit and CI do."""
    import os
    import posixpath

    return posixpath.normpath(doc_key.replace(os.sep, "/")) if doc_key not in ("-", "") else doc_key


def write_baseline(path: Path, results: Iterable[LintResult]) -> int:
    counts: Counter[tuple[str, str, str]] = Counter()
    for r in results:
        for f in r.findings:
            if not f.code.startswith("NL"):
                counts[_key(r.source.key, f.code, f.matched)] += 1
    entries = [{"document": d, "code": c, "text": t, "count": n} for (d, c, t), n in sorted(counts.items())]
    path.write_text(json.dumps({"version": _VERSION, "findings": entries}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    return sum(counts.values())


class Baseline:
    """A veto plugin: drops findings recorded in a baseline file."""

    def __init__(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.allowed = Counter({_key(e["document"], e["code"], e["text"]): int(e["count"])
                                    for e in data["findings"]})
        except FileNotFoundError:
            raise ConfigError(f"{path}: baseline file not found") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}: not a newslint baseline file ({exc})") from None

    def allows_corpus(self, doc_key: str, finding: Finding) -> bool:
        """The same test for a cross-document finding, whose document text is gone by then."""
        key = _key(doc_key, finding.code, finding.matched)
        used: Counter = self.__dict__.setdefault("_corpus_used", Counter())
        if used[key] < self.allowed.get(key, 0):
            used[key] += 1
            return True
        return False

    @hookimpl
    def newslint_veto_finding(self, finding: Finding, document: Document) -> bool | None:
        key = _key(document.source.key, finding.code, document.text[finding.start : finding.end])
        used: Counter = document.cache.setdefault("baseline-used", Counter())  # per lint of a document
        if used[key] < self.allowed.get(key, 0):
            used[key] += 1
            return True
        return None

"""Name-spelling consistency (``NM``): one name written two ways, in an article or a batch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import regex

from newslint.document import Document, Source
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix, Span
from newslint.names_variants import (
    RARE_ZIPF, SUPPORTED_ZIPF, Candidate, Pair, Vocabulary, article_pairs, context_relation,
    name_index, reportable, similar_pairs,
)
from newslint.rule import CorpusRule, Rule

#: other documents named in a batch message before "and N more"
_NAMED_DOCS = 3
#: how much uncommon names two documents must share to count as one story: each shared
#: name weighs its distance below SUPPORTED_ZIPF (Kelemen 3.0, Damascus 0.9, Broadway 0.4)
_SHARED_CONTEXT = 1.5


def _vocabulary(rule: Rule) -> Vocabulary:
    return Vocabulary.build(rule.config.get("accept", ()), None, rule.lexicons)


def _tie_note(pair: Pair) -> str:
    v, p = pair.variant, pair.preferred
    if pair.reason == "majority":
        return f"{p.count} to {v.count}"
    if pair.reason == "house style":
        return "house style"
    return f"{p.count} each; {p.spelling!r} kept as the {pair.reason}"


class NameVariant(Rule):
    """A name spelled two ways in one article.

    ## What it does
    Finds capitalised words of one article that look like two spellings of one name: one
    letter dropped, doubled, changed or swapped, or two letters that sound the same
    (Sednaya/Saydnaya). The spelling used less often is reported with the other one; on a
    tie, the more common word (wordfreq) is kept, then the one used first.

    It stays silent on different words that look alike: inflections and demonyms
    (Syria/Syrian, Russia/Russians, Assad/Assad's/al-Assad), two common words or names
    (Iran/Iraq, Jones/Jonas, Austria/Australia), words also used in lowercase, and two
    people whose full names differ (Yariv Levin, Yaniv Cohen). A word nobody uses (wordfreq)
    is reported whatever stands beside it; a rare known word only next to a spelling that
    is not a common word (Galant/Gallant, not Moderna/Modern); a more common one only when
    its full name matches (Stuart Jonas next to Stuart Jones). Names in the `accept` option or in an `accepted-names` lexicon
    of a rule pack are never reported (`"Jonas"`, or a pair `"Jones/Jonas"`); spellings
    declared in a `name-spellings` lexicon are left to NM003.

    ## Why is this bad?
    A name spelled two ways reads as two people or places, breaks search and entity
    linking, and is usually a copy-editing slip or two wire copies merged into one text.

    ## Example
    `Gallant's remarks followed ... Galant says a "genocide" is underway.`

    Use instead: `Gallant's remarks followed ... Gallant says a "genocide" is underway.`

    ## Fix
    Unsafe: replaces the variant with the preferred spelling. Which spelling is right
    cannot be known from the text, so the fix is applied only with `--unsafe-fixes`.
    """

    code = "NM001"
    name = "name-variant"
    family = "names"
    fixable = "unsafe"
    options = {"accept": []}

    def setup(self) -> None:
        self.vocab = _vocabulary(self)

    def check(self, doc: Document) -> Iterator[Finding]:
        for pair in article_pairs(name_index(doc), self.vocab, lambda: doc.language):
            v, p = pair.variant, pair.preferred
            message = (f"{v.spelling!r} is spelled {p.spelling!r} elsewhere in this article "
                       f"({_tie_note(pair)})")
            for start in v.starts:
                end = start + len(v.spelling)
                yield self.finding(
                    start, end, message,
                    fix=Fix.unsafe(Edit(start, end, p.spelling), title=f"Use {p.spelling!r}"),
                    data={"variant": v.spelling, "preferred": p.spelling, "reason": pair.reason},
                )


class BatchNameVariant(CorpusRule):
    """A name spelled one way here and another way in the other articles of the batch.

    ## What it does
    Over every document of one run (a folder, a JSONL file), finds a rare name spelled
    differently from the spelling most documents use (Sednaya here, Saydnaya in three
    other articles of the batch) and reports it at its first use in each document that
    disagrees, naming the documents that use the other spelling. Only documents about the
    same story are compared: they must share at least two other uncommon names. A
    document that uses both spellings is left to NM001. The same traps as NM001 stay
    silent, and the `accept` option and `accepted-names` lexicon apply the same way.

    ## Why is this bad?
    A batch that spells one entity two ways splits it in search, counts and entity
    linking, and tells which sources were copied from which.

    ## Example
    `... taking place in Sednaya prison` in one article, `Saydnaya` in the others.

    Use instead: the batch's spelling, or the house spelling (NM003).

    ## Fix
    None: the finding is reported only. Declare the house spelling (NM003) to fix it.
    """

    code = "NM002"
    name = "batch-name-variant"
    family = "names"
    options = {"accept": []}

    def setup(self) -> None:
        self.vocab = _vocabulary(self)

    def check(self, doc: Document) -> Iterator[Finding]:
        return iter(())

    def collect(self, doc: Document) -> dict[str, Any]:
        """Rare names with their first use and context; other capitalised words counted."""
        index = name_index(doc)
        words = index.words()
        names: dict[str, BatchName] = {}
        context: dict[str, float] = {}
        for w, z in words.items():
            if z < SUPPORTED_ZIPF:
                context[w.casefold()] = z
            if z < RARE_ZIPF:
                c = index.candidate(w)
                if c.is_name:
                    names[w] = BatchName.of(doc, c)
        return {"names": names, "counts": {w: index.counts[w] for w in words}, "context": context}

    def check_corpus(self, items: list[tuple[Source, Any]]) -> Iterator[tuple[str, Finding]]:
        uses: dict[str, list[int]] = {}  # spelling -> documents using it (indexes into items)
        totals: dict[str, int] = {}
        for i, (_, summary) in enumerate(items):
            for w, n in summary["counts"].items():
                uses.setdefault(w, []).append(i)
                totals[w] = totals.get(w, 0) + n
        detailed = {w: s["names"][w] for _, s in items for w in s["names"]}  # one sample each
        by_fold: dict[str, list[str]] = {}
        for w in uses:
            by_fold.setdefault(w.casefold(), []).append(w)
        queries = sorted({w.casefold() for w in detailed})
        house = set(self.vocab.house.values())
        reported: set[tuple[int, str]] = set()
        for q, p in similar_pairs(queries, by_fold):
            if self.vocab.silenced(q, p):
                continue
            for vs in by_fold[q]:
                for ps in by_fold[p] if vs in detailed else ():
                    key_v = (vs in house, len(uses[vs]), totals[vs], -min(uses[vs]))
                    key_p = (ps in house, len(uses[ps]), totals[ps], -min(uses[ps]))
                    if key_p > key_v:
                        yield from self._disagreements(items, uses, vs, ps, reported)

    def _disagreements(self, items: list[tuple[Source, Any]], uses: dict[str, list[int]], vs: str,
                       ps: str, reported: set[tuple[int, str]]) -> Iterator[tuple[str, Finding]]:
        """Findings in the documents spelling ``vs`` (not ``ps``) where the batch spells ``ps``."""
        theirs = uses[ps]
        for i in sorted(set(uses[vs]) - set(theirs)):
            source, summary = items[i]
            mine = summary["names"].get(vs)
            if mine is None or (i, vs) in reported:
                continue
            related = [items[j][0] for j in theirs
                       if self._agrees(mine, summary, items[j][1], vs, ps)]
            if related:
                reported.add((i, vs))
                yield source.key, self._finding(mine, ps, related)

    @staticmethod
    def _agrees(mine: BatchName, summary: dict[str, Any], other: dict[str, Any], vs: str, ps: str) -> bool:
        """Is the other document about the same story, and its spelling a plausible source?"""
        pair = {vs.casefold(), ps.casefold()}
        mine_ctx, their_ctx = summary["context"], other["context"]
        weight = sum(SUPPORTED_ZIPF - z for w, z in mine_ctx.items() if w in their_ctx and w not in pair)
        if weight < _SHARED_CONTEXT:
            return False
        theirs = other["names"].get(ps)
        if theirs is None:  # a more common word there: no context kept, judge by frequency
            return reportable(mine.zipf, other["context"].get(ps.casefold(), SUPPORTED_ZIPF), "", False)
        shared, conflict = context_relation(mine.candidate(), theirs.candidate())
        return reportable(mine.zipf, theirs.zipf, shared, conflict)

    def _finding(self, mine: BatchName, ps: str, others: list[Source]) -> Finding:
        names = ", ".join(str(s.key) for s in others[:_NAMED_DOCS])
        more = f" and {len(others) - _NAMED_DOCS} more" if len(others) > _NAMED_DOCS else ""
        here = f"{mine.count}× here" if mine.count > 1 else "once here"
        f = self.finding(
            mine.start, mine.start + len(mine.spelling),
            f"{mine.spelling!r} ({here}) is spelled {ps!r} in other documents of this batch: {names}{more}",
            data={"variant": mine.spelling, "preferred": ps, "documents": [str(s.key) for s in others]},
        )
        f.span = mine.span
        f.matched = mine.spelling
        f.source_line = " " * mine.snippet_offset + mine.snippet
        return f


@dataclass(frozen=True, slots=True)
class BatchName:
    """What the batch pass keeps of one uncommon name of one document."""

    spelling: str
    count: int
    zipf: float
    start: int
    span: Span
    left: tuple[str, ...]
    right: tuple[str, ...]
    #: the text around the first use, for display (the document is gone by then)
    snippet: str
    snippet_offset: int

    @classmethod
    def of(cls, doc: Document, c: Candidate) -> BatchName:
        text, start = doc.text, c.starts[0]
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        lo = max(line_start, start - 20)
        hi = min(line_end if line_end != -1 else len(text), start + 80)
        return cls(c.spelling, c.count, c.zipf, start, doc.span(start, start + len(c.spelling)),
                   tuple(sorted(c.left)), tuple(sorted(c.right)), text[lo:hi], lo - line_start)

    def candidate(self) -> Candidate:
        return Candidate(self.spelling, self.zipf, [self.start] * self.count, set(self.left), set(self.right))


class HouseSpelling(Rule):
    """A name not in the house spelling the newsroom declared.

    ## What it does
    Flags every declared variant of a name and replaces it with the house spelling. Declare
    spellings in config, house spelling first:

        [tool.newslint.rule-options.NM003]
        prefer = { "Saydnaya" = ["Sednaya", "Saidnaya"] }
        # or: prefer = [["Saydnaya", "Sednaya", "Saidnaya"]]

    or in a rule pack, for every rule that reads it (NM001 and NM002 then leave the pair to
    this rule):

        [[lexicon]]
        name = "name-spellings"
        prefer = "Saydnaya"
        phrases = ["Sednaya", "Saidnaya"]

    Variants match as whole words, case-sensitively; a possessive may follow. The declared
    form wins whatever spelling the article or the batch uses most.

    ## Why is this bad?
    House style fixes one spelling of each name so that archives, search and entity
    linking see one entity.

    ## Example
    `mass executions at the Sednaya prison` with `prefer = { "Saydnaya" = ["Sednaya"] }`

    Use instead: `mass executions at the Saydnaya prison`

    ## Fix
    Safe: the newsroom declared the spelling, so the variant is replaced by it.
    """

    code = "NM003"
    name = "house-spelling"
    family = "names"
    fixable = "safe"
    #: {"Saydnaya" = ["Sednaya"]} or [["Saydnaya", "Sednaya"]]
    options = {"prefer": None}

    def setup(self) -> None:
        self.house = Vocabulary.build(prefer=self.config["prefer"], lexicons=self.lexicons).house
        self.pattern = _whole_words(self.house) if self.house else None
        preferred = set(self.house.values())
        self.preferred = _whole_words(preferred) if preferred else None

    def check(self, doc: Document) -> Iterator[Finding]:
        if self.pattern is None:
            return
        text = doc.text
        keep = [m.span() for m in self.preferred.finditer(text)] if self.preferred else []
        for m in self.pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in keep):
                continue  # part of the house spelling itself ("Saydnaya prison")
            preferred = self.house[m[0]]
            yield self.finding(
                m.start(), m.end(), f"{m[0]!r} is spelled {preferred!r} in house style",
                fix=Fix.safe(Edit(m.start(), m.end(), preferred), title=f"Use {preferred!r}"),
                data={"variant": m[0], "preferred": preferred},
            )


def _whole_words(phrases: Any) -> Any:
    alternation = "|".join(regex.escape(p) for p in sorted(phrases, key=len, reverse=True))
    # whole words of prose: not inside a longer word, a URL (www.Name.org, /Name), an address
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}_/@#.])(?:{alternation})"
                         rf"(?![\p{{L}}\p{{M}}\p{{N}}_]|[./@]\p{{L}})")


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [NameVariant, BatchNameVariant, HouseSpelling]

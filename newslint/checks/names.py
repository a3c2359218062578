"""Name-spelling consistency (``NM``): one name written two ways, in an article or a batch."""

from __future__ import annotations

from array import array
from functools import lru_cache
from itertools import accumulate, chain, compress, groupby
from math import fsum
from operator import itemgetter
from typing import Any, Iterator, NamedTuple


from newslint.corpus import Deferred, catch_up
from newslint.document import Document, Source
from newslint.hookspecs import hookimpl
from newslint.language import detect_line
from newslint.model import Edit, Finding, Fix, Span
from newslint.names_variants import (
    _CAPITALISED, FUNCTION_ZIPF, RARE_ZIPF, SUPPORTED_ZIPF, Candidate, NameIndex, Pair, Vocabulary, _zipf,
    article_pairs,
    context_relation, name_index, reportable, similar_pairs,
)
from newslint.rule import CorpusRule, Rule

#: other documents named in a batch message before "and N more"
_NAMED_DOCS = 3
#: the documents using the other spelling compared with each document, at most (the first
#: ones of the batch): a pair of common names in a million-document batch stays linear
_COMPARED_DOCS = 100
#: characters of the variants' paragraphs sent to langdetect, and the probability trusted
_LANGUAGE_SAMPLE = 400
_LANGUAGE_SURE = 0.9
#: how much uncommon names two documents must share to count as one story: each shared
#: name weighs its distance below SUPPORTED_ZIPF (Kelemen 3.0, Damascus 0.9, Broadway 0.4)
_SHARED_CONTEXT = 1.5


class _DeclaredNames:
    """The names a rule of the run declared: its ``accept`` option, the pack lexicons, and the
    house spellings of NM003's ``prefer`` option when NM003 runs too (it reports those pairs)."""

    config: dict[str, Any]
    lexicons: Any
    peers: dict[str, Rule]
    _declared: tuple[Rule | None, Vocabulary] | None = None

    def vocabulary(self) -> Vocabulary:
        house = getattr(self, "peers", {}).get("NM003")
        if self._declared is None or self._declared[0] is not house:
            prefer = house.config.get("prefer") if house is not None else None
            self._declared = (house, Vocabulary.build(self.config.get("accept", ()), prefer, self.lexicons))
        return self._declared[1]


def _language(doc: Document, pairs: list[Pair]) -> str:
    """The language the pairs are written in: the article's, if a rule asked already;
    otherwise langdetect on the paragraphs where the variants stand (a few hundred
    characters cost a third of the article's sample), or on the article if that is unsure."""
    known = doc.cache.get("language")
    if known is not None:
        return known
    text = doc.text
    paragraphs: dict[str, None] = {}
    for pair in pairs:
        i = pair.variant.starts[0]
        end = text.find("\n", i)
        paragraphs[text[text.rfind("\n", 0, i) + 1 : end if end != -1 else len(text)]] = None
    found = detect_line(" ".join(paragraphs)[:_LANGUAGE_SAMPLE])
    return found[0] if found is not None and found[1] >= _LANGUAGE_SURE else doc.language


def _tie_note(pair: Pair) -> str:
    v, p = pair.variant, pair.preferred
    if pair.reason == "majority":
        return f"{p.count} to {v.count}"
    if pair.reason == "house style":
        return "house style"
    return f"{p.count} each; {p.spelling!r} kept as the {pair.reason}"


class NameVariant(_DeclaredNames, Rule):
    """A name spelled two ways in one article.

    ## What it does
    Finds capitalised words of one article that look like two spellings of one name: one
    letter dropped, doubled, changed or swapped, or two letters that sound the same
    (Sednaya/Saydnaya). The spelling used less often is reported with the other one; on a
    tie, the more common word (wordfreq) is kept, then the one used first.

    Both spellings must be used as a name: capitalised and never in lowercase, and, for a
    word common enough to start sentences, capitalised inside a sentence at least once
    (either spelling counts: a slip inside a sentence makes a name of the other spelling's
    sentence starts) or in the same full name as the other spelling (Hollywood Casino,
    Hollywood Cosino in a list of venues).

    It stays silent on different words that look alike: inflections and demonyms
    (Syria/Syrian, Russia/Russians, Assad/Assad's/al-Assad), two common words or names
    (Iran/Iraq, Jones/Jonas, Austria/Australia), a known word that is the other spelling
    with a letter more (Moderna/Modern, Paula/Paul), two spellings named side by side on
    purpose (Java and Jawa, Zelensky (Zelenskiy)), words also used in lowercase, and two
    people whose full names differ (Yariv Levin, Yaniv Cohen). A word nobody uses, or a
    rare known word (wordfreq: Galant, Bejing), is reported whatever stands beside it; a
    more common word only as the minority spelling in the same full name as the other
    (Stuart Jonas next to Stuart Jones, Tailor Swift next to Taylor Swift), and a common
    word only when that full name is the other spelling's own (Jonah Hell where every other
    Jonah is Jonah Hill). Names in the `accept` option
    or in an `accepted-names` lexicon of a rule pack are never reported (`"Jonas"`, or a pair
    `"Jones/Jonas"`); house spellings declared for NM003 (its `prefer` option, when NM003
    runs too, or a `name-spellings` lexicon) are left to NM003.

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
        self.vocabulary()  # a bad option fails at start-up

    def check(self, doc: Document) -> Iterator[Finding]:
        index = name_index(doc)
        if not index.may_pair:
            return iter(())  # most articles: no generator to set up
        return self._findings(doc, index)

    def _findings(self, doc: Document, index: NameIndex) -> Iterator[Finding]:
        for pair in article_pairs(index, self.vocabulary(), lambda pairs: _language(doc, pairs)):
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


class BatchNameVariant(_DeclaredNames, CorpusRule):
    """A name spelled one way here and another way in the other articles of the batch.

    ## What it does
    Over every document of one run (a folder, a JSONL file), finds a rare name spelled
    differently from the spelling most documents use (Sednaya here, Saydnaya in three
    other articles of the batch) and reports it at its first use in each document that
    disagrees, naming the documents that use the other spelling. Only documents about the
    same story are compared: they must share at least two other uncommon names. A
    document that uses both spellings is left to NM001. The same traps as NM001 stay
    silent, a rare known word is reported only next to a spelling that is not a common
    word (the full names are in other documents), and the `accept` option, the
    `accepted-names` lexicon and the house spellings declared for NM003 apply the same way.
    Each document costs the run the word scan NM001 makes anyway and the frequencies of
    its capitalised words, worked out where it is linted (on every core of a parallel
    run): its summary holds its uncommon words and the text (kept on disk apart during
    the run), and positions and full names are read at the end for the documents of a
    pair only. Each document is compared with at most the first 100 documents that use
    the other spelling, so the batch pass stays linear in the batch size.

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
        self.vocabulary()

    def check(self, doc: Document) -> Iterator[Finding]:
        return iter(())

    def collect(self, doc: Document) -> BatchDocument:
        """What the batch pass needs of a document, worked out where it is linted (a worker
        of a parallel run): its uncommon capitalised words with their counts and zipf, and
        the text (held, not copied), read at the end for the few documents of a pair."""
        return batch_document(doc.text, name_index(doc))

    def tally(self, summaries: list[BatchDocument]) -> BatchTally:
        """The uses of each spelling in consecutive documents (a part of the run, in the
        worker that linted it): which documents (counted from 0) and how often."""
        uses: dict[str, list[int]] = {}
        counts: dict[str, int] = {}  # in step with ``uses``
        rare: set[str] = set()
        for j, summary in enumerate(summaries):
            words = summary.words.value
            rare.update(words.rare)
            for w, n in words.counts.items():
                found = uses.get(w)
                if found is None:
                    uses[w] = [j]
                    counts[w] = n
                else:
                    found.append(j)
                    counts[w] += n
        # flat arrays: a tally crosses a process boundary and is merged word by word (an array
        # made from a list: from any other iterable it grows item by item, several times slower)
        return BatchTally(tuple(uses), array("i", list(counts.values())),
                          array("i", list(accumulate(map(len, uses.values())))),
                          array("i", list(chain.from_iterable(uses.values()))), tuple(rare))

    def merge(self, state: BatchUses | None, first: int, tally: BatchTally) -> BatchUses:
        """Add the tally of the documents from ``first`` on to the batch's, in order."""
        if state is None:
            state = BatchUses({}, {}, set())
        uses, counts = state.uses, state.counts
        docs = array("i", [d + first for d in tally.docs]) if first else tally.docs  # see tally()
        start = 0
        for w, n, end in zip(tally.words, tally.counts, tally.ends):
            found = uses.get(w)
            if found is None:
                uses[w] = docs[start:end]  # 4 bytes a use: a million documents' worth fits
                counts[w] = n
            else:
                found.extend(docs[start:end])
                counts[w] += n
            start = end
        state.rare.update(tally.rare)
        return state

    #: the pass splits by the spelling reported (see corpus.in_shards): each spelling's pairs
    #: and the documents already reported for it stay in one shard
    shards = True

    def check_corpus(self, items: list[tuple[Source, Any]], state: BatchUses | None = None,
                     shard: tuple[int, int] | None = None) -> Iterator[tuple[str, Finding]]:
        """``state``: the merged tally of every document, when the run made it on the way;
        ``shard``: ``(k, n)`` for the pairs of every n-th casefolded spelling from the k-th."""
        if state is None:
            state = catch_up(self, items, 0, len(items), None)
            if state is None:
                return
        uses, counts, rare = state.uses, state.counts, state.rare
        by_fold: dict[str, list[str]] = {}
        for w in uses:
            by_fold.setdefault(w.casefold(), []).append(w)
        queries = sorted({w.casefold() for w in rare})
        vocab = self.vocabulary()
        house = set(vocab.house.values())
        batch = _Batch(items, uses, counts)
        pairs = similar_pairs(queries, by_fold)
        for q, p in pairs if shard is None else _shard(pairs, *shard):
            if vocab.silenced(q, p):
                continue
            for vs in by_fold[q]:
                for ps in by_fold[p]:
                    if batch.key(ps, house) > batch.key(vs, house):
                        for key, mine, related in batch.disagreements(vs, ps):
                            yield key, self._finding(mine, ps, related)

    def _finding(self, mine: BatchName, ps: str, others: list[Source]) -> Finding:
        names = ", ".join(str(s.key) for s in others[:_NAMED_DOCS])
        more = f" and {len(others) - _NAMED_DOCS} more" if len(others) > _NAMED_DOCS else ""
        if len(others) == _COMPARED_DOCS:
            more += f" (of the first {_COMPARED_DOCS} compared)"
        here = f"{mine.count}× here" if mine.count > 1 else "once here"
        f = self.finding(
            mine.start, mine.start + len(mine.spelling),
            f"{mine.spelling!r} ({here}) is spelled {ps!r} in other documents of this batch: {names}{more}",
            data={"variant": mine.spelling, "preferred": ps, "documents": [str(s.key) for s in others]},
        )
        f.span = mine.span
        f.matched = mine.spelling
        f.source_line = mine.source_line
        return f


class Words(NamedTuple):
    """A document's capitalised words but function words ("The", "But")."""

    #: each word with its count, in order of first use (as the shared scan found them)
    counts: dict[str, int]
    #: those rarer than RARE_ZIPF in English, which may be variants (in another language a
    #: word is only more common)
    rare: tuple[str, ...]


class BatchDocument(NamedTuple):
    """What NM002 keeps of a document for the batch pass (the corpus store keeps the text and
    the words apart: they are read for the documents of a pair, and to tally, only)."""

    body: Deferred[str]
    words: Deferred[Words]
    #: the casefolded words rarer than SUPPORTED_ZIPF, with their zipf
    context: dict[str, float]
    #: the language its words were judged in (English unless NM001 found it is not)
    lang: str

    @property
    def text(self) -> str:
        return self.body.value


def batch_document(text: str, index: NameIndex) -> BatchDocument:
    """A document's summary for the batch pass, from the scan NM001 shares: a function word
    (in every document, in no pair) is left out here. Each word is judged in English once
    per process (:class:`_EnglishWords`): a document costs one look-up of each of its words
    and a few passes in C over what they return."""
    if len(_ENGLISH) > _ENGLISH_KEPT:
        _ENGLISH.clear()
    counts = index.counts
    judged = list(map(_ENGLISH.__getitem__, counts))
    words = counts  # not changed once counted: shared with the scan unless it holds function words
    functions = _ENGLISH.function.intersection(counts)
    if functions:
        words = dict(counts)
        for w in functions:
            del words[w]
    rare = tuple(filter(_ENGLISH.rare.__contains__, counts))
    lang = index.lang
    if lang in ("en", "unknown"):
        context = dict(filter(None, judged))
    else:  # a word only gets more common in the document's language
        context = {}
        for w, (folded, z) in zip(compress(counts, judged), filter(None, judged)):
            z = max(z, _zipf(w, lang))
            if z < SUPPORTED_ZIPF:
                context[folded] = z
    # tuple.__new__: a NamedTuple's own __new__ is a Python call, ~0.3 µs a document
    return tuple.__new__(BatchDocument, (Deferred(text), Deferred(tuple.__new__(Words, (words, rare)), tally_only=True),
                                         context, lang))


class _EnglishWords(dict):  # type: ignore[type-arg]
    """Capitalised word -> (casefolded, English zipf) if it is rarer than SUPPORTED_ZIPF (a
    shared-context weight), else None; worked out when first asked, and sorted into the
    function words and the rare words too. The same names come back article after article."""

    def __init__(self) -> None:
        super().__init__()
        #: as common as FUNCTION_ZIPF: left out of the summaries
        self.function: set[str] = set()
        #: rarer than RARE_ZIPF: they may be variants
        self.rare: set[str] = set()

    def __missing__(self, word: str) -> tuple[str, float] | None:
        z = _zipf(word, "en")
        judged = (word.casefold(), z) if z < SUPPORTED_ZIPF else None
        if z >= FUNCTION_ZIPF:
            self.function.add(word)
        elif z < RARE_ZIPF:
            self.rare.add(word)
        self[word] = judged
        return judged

    def clear(self) -> None:
        super().clear()
        self.function.clear()
        self.rare.clear()


#: capitalised words judged in English, at most _ENGLISH_KEPT before starting afresh
_ENGLISH = _EnglishWords()
_ENGLISH_KEPT = 65_536


class BatchTally(NamedTuple):
    """Which of some consecutive documents use each spelling and how often."""

    words: tuple[str, ...]  #: the spellings, in order of first use
    counts: array  #: their uses
    ends: array  #: where the documents using each spelling end in ``docs``
    docs: array  #: the documents using each spelling, counted from 0
    rare: tuple[str, ...]  #: spellings that may be variants


class BatchUses(NamedTuple):
    """Which documents of the batch use each spelling and how often."""

    uses: dict[str, array]  #: spelling -> documents using it (indexes into the items)
    counts: dict[str, int]  #: spelling -> uses
    rare: set[str]  #: spellings that may be variants


class _Batch:
    """The documents of one batch, each worked out (name index, uncommon words) when a pair
    first needs it."""

    def __init__(self, items: list[tuple[Source, Any]], uses: dict[str, array], counts: dict[str, int]) -> None:
        self.items = items
        self.uses = uses
        self.counts = counts
        self.reported: set[tuple[int, str]] = set()
        self._keys: dict[str, tuple[bool, int, int, int]] = {}
        # the documents worked out recently, not all of them: memory stays flat in the batch size
        self.index = lru_cache(maxsize=128)(self._index)
        self.context = lru_cache(maxsize=4096)(self._context)
        self.source = lru_cache(maxsize=4096)(self._source)

    def key(self, spelling: str, house: set[str]) -> tuple[bool, int, int, int]:
        """Order of preference of a spelling: house style, documents, uses, first document."""
        found = self._keys.get(spelling)
        if found is None:
            docs = self.uses[spelling]
            found = self._keys[spelling] = (spelling in house, len(docs), self.counts[spelling], -docs[0])
        return found

    def _index(self, i: int) -> NameIndex:
        summary = self.items[i][1]
        return NameIndex(summary.text, (), summary.lang)  # asked about single spellings only

    def _source(self, i: int) -> Source:
        return self.items[i][0]

    def _context(self, i: int) -> dict[str, float]:
        """Casefolded words of document ``i`` rarer than SUPPORTED_ZIPF, with their zipf."""
        return self.items[i][1].context

    def name(self, i: int, spelling: str) -> Candidate | None:
        """``spelling`` in document ``i``, if it stands there as a rare name."""
        cand = self.index(i).candidate(spelling)
        return cand if cand.is_name and cand.zipf < RARE_ZIPF else None

    def disagreements(self, vs: str, ps: str) -> Iterator[tuple[str, BatchName, list[Source]]]:
        """Documents spelling ``vs`` (not ``ps``) where related documents spell ``ps``."""
        theirs = self.uses[ps]
        mine = [i for i in sorted(set(self.uses[vs]) - set(theirs)) if (i, vs) not in self.reported]
        if not mine:
            return
        pair = {vs.casefold(), ps.casefold()}
        compared = theirs[:_COMPARED_DOCS]  # the first documents spelling it the other way
        # which compared documents use each uncommon word of these documents: the weight of
        # the words each compared document shares with one of them is gathered word by word
        wanted = set().union(*(self.context(i).keys() for i in mine)) - pair
        readers: dict[str, list[int]] = {}
        for j in compared:
            for w in self.context(j).keys() & wanted:
                readers.setdefault(w, []).append(j)
        for i in mine:
            mine_ctx = self.context(i)
            parts: dict[int, list[float]] = {}
            for w in mine_ctx.keys() - pair:
                for j in readers.get(w, ()):
                    parts.setdefault(j, []).append(SUPPORTED_ZIPF - mine_ctx[w])
            close = [j for j in compared if j in parts and fsum(parts[j]) >= _SHARED_CONTEXT]
            cand = self.name(i, vs) if close else None  # the text is read for a related document only
            if cand is None:
                continue
            related = [self.source(j) for j in close if self._plausible(cand, j, ps)]
            if related:
                self.reported.add((i, vs))
                yield self.source(i).key, _batch_name(self.items[i][1].text, cand), related

    def _plausible(self, mine: Candidate, j: int, ps: str) -> bool:
        """Document ``j`` is about the same story: is its spelling a plausible source?"""
        theirs = self.name(j, ps)
        if theirs is None:  # a more common word there: judge by frequency
            return reportable(mine.zipf, self.context(j).get(ps.casefold(), SUPPORTED_ZIPF), "", False, batch=True)
        shared, conflict = context_relation(mine, theirs)
        return reportable(mine.zipf, theirs.zipf, shared, conflict, batch=True)


def _shard(pairs: list[tuple[str, str]], k: int, n: int) -> list[tuple[str, str]]:
    """The pairs (sorted) of every ``n``-th first word from the ``k``-th."""
    return [pair for i, (_, group) in enumerate(groupby(pairs, key=itemgetter(0))) if i % n == k for pair in group]


def _batch_name(text: str, cand: Candidate) -> BatchName:
    """Where a rare name is first used in its document, to report it."""
    start = cand.starts[0]
    line_start = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    line_end = len(text) if end == -1 else end
    lo, hi = max(line_start, start - 20), min(line_end, start + 80)
    return BatchName(cand.spelling, cand.count, start, text.count("\n", 0, start) + 1, start - line_start + 1,
                     " " * (lo - line_start) + text[lo:hi])


class BatchName(NamedTuple):
    """A rare name of one document, as the batch pass reports it."""

    spelling: str
    count: int
    #: offset, 1-based line and column of the first use
    start: int
    line: int
    column: int
    #: the text around the first use, placed at its columns (the document is gone by then)
    source_line: str

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.line, self.column + len(self.spelling))


class HouseSpelling(Rule):
    """A name not in the house spelling the newsroom declared.

    ## What it does
    Flags every declared variant of a name and replaces it with the house spelling. Declare
    spellings in config, house spelling first:

        [tool.newslint.rule-options.NM003]
        prefer = { "Saydnaya" = ["Sednaya", "Saidnaya"] }
        # or: prefer = [["Saydnaya", "Sednaya", "Saidnaya"]]

    or in a rule pack, for every rule that reads it:

        [[lexicon]]
        name = "name-spellings"
        prefer = "Saydnaya"
        phrases = ["Sednaya", "Saidnaya"]

    Variants match as whole words, case-sensitively; a possessive may follow. The declared
    form wins whatever spelling the article or the batch uses most. NM001 and NM002 leave
    declared pairs to this rule, so each slip is reported once.

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
        #: when every variant is one capitalised word, the NM scan of the article tells first
        #: whether any is there
        self.gate = frozenset(self.house) if all(map(_CAPITALISED.fullmatch, self.house)) else None

    def check(self, doc: Document) -> Iterator[Finding]:
        if self.pattern is None or self.gate is not None and self.gate.isdisjoint(name_index(doc).counts):
            return iter(())  # nothing declared, or none of it here: no generator to set up
        return self._findings(doc)

    def _findings(self, doc: Document) -> Iterator[Finding]:
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
    import regex  # only a run with house spellings needs the module (~15 ms to import)

    alternation = "|".join(regex.escape(p) for p in sorted(phrases, key=len, reverse=True))
    # whole words of prose: not inside a longer word, a URL (www.Name.org, /Name), an address
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}_/@#.])(?:{alternation})"
                         rf"(?![\p{{L}}\p{{M}}\p{{N}}_]|[./@]\p{{L}})")


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [NameVariant, BatchNameVariant, HouseSpelling]

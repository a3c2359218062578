"""Broadcast-transcript residue and article-head furniture (``TR``).

News sites paste parts of radio and TV transcripts into articles and extractors keep the
labels ("MICHELE KELEMEN, BYLINE: Human rights groups…", "KELEMEN: And Russia…"). In a
transcript these labels belong; orphaned inside an article they are residue. One analysis
per document (cached in ``doc.cache``) finds every label, stage direction and credit line
and decides whether the document *is* a transcript; the label rules stay silent on real
transcripts, which get at most one informational TR007 finding instead.

Every convention (role words, stage directions, credit lines, date words) is data in the
``rules/transcript.toml`` pack, compiled per set of lexicons into one alternation each, on
first use: start-up compiles nothing, and a document compiles only what its candidates need.

Speed: clean articles are the common case, so the analysis starts from rare characters
found with ``str.find`` (colons, brackets, credit keywords) and cuts the lines of the few
candidates out of the text; it never splits the whole document into lines, and the head
block (TR004, TR005) is read from the top down to the first prose paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import compress
from operator import itemgetter
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple


from newslint.document import Document, Line
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix, Safety, Severity
from newslint.packs import delete_line_edit
from newslint.rule import Rule
from newslint.text import lazy_pattern, line_key

__all__ = [
    "BylineLine", "OrphanedSpeakerLabel", "RepeatedTitle", "StageDirection",
    "TimestampLine", "TranscriptCreditLine", "TranscriptDocument", "analyse",
]

# --------------------------------------------------------------------------- tunables
#: a document is a transcript when at least this many paragraphs carry a speaker label…
TRANSCRIPT_MIN_LABELS = 3
#: …they make up at least this share of its paragraphs, and some speaker talks twice
TRANSCRIPT_MIN_SHARE = 0.2
#: a lone all-caps word is read as a surname only below this wordfreq Zipf frequency
#: ("KELEMEN" 1.5; "NATO" 4.0, "UPDATE" 4.7, "OPEC" 3.2, "ASEAN" 3.3)
SURNAME_MAX_ZIPF = 3.0
#: words a label needs after it to count as a spoken sentence when nothing else vouches
MIN_SPOKEN_WORDS = 4
#: lines longer than this are never head furniture (bylines, timestamps, credits)
MAX_FURNITURE_CHARS = 200

_new_tuple = tuple.__new__  # builds a NamedTuple without its Python-level __new__

_LEXICONS = (
    "transcript-role", "transcript-speaker", "transcript-label-qualifier",
    "transcript-not-speaker", "transcript-non-name-word", "transcript-stage-direction",
    "transcript-credit", "transcript-credit-keyword", "byline-lead", "byline-role", "byline-agency",
    "timestamp-keyword", "date-word", "date-glue", "timezone",
)


def _regex() -> Any:
    """The ``regex`` module (Unicode properties such as ``\\p{Lu}``), imported on first use:
    it costs a one-article start ~15 ms, which only a document with a candidate pays."""
    import regex

    return regex


@lru_cache(maxsize=None)
def _rx(pattern: str) -> Any:
    """``pattern`` compiled by the ``regex`` module, once."""
    return _regex().compile(pattern)


# --------------------------------------------------------------------------- matchers
def _alternation(phrases: Iterable[str], re_escape: bool = False) -> str:
    """One regex alternation, longest phrase first so a prefix never shadows a longer one."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    escape = re.escape if re_escape else _regex().escape
    return "|".join(escape(p) for p in unique) if unique else "(?!)"


def _compile_fast(pattern: str, flags: int = 0) -> Any:
    """Compile with stdlib re when the pattern allows (faster), else with regex."""
    try:
        return re.compile(pattern, flags)
    except re.error:
        return _regex().compile(pattern, flags)


def _phrases(lexicons: Mapping[str, list[dict[str, Any]]], name: str, **where: Any) -> list[str]:
    return [e["phrase"].strip() for e in lexicons.get(name, [])
            if all(e.get(k, False) == v for k, v in where.items())]


class Matchers:
    """Every TR pattern, compiled from the pack lexicons on first use (one instance per
    distinct set of lexicons): a document with no candidate for a pattern (a label-shaped
    paragraph opener, a bracket before a stage word, a credit keyword, a byline-shaped head
    line) never pays for compiling it, and neither does start-up."""

    def __init__(self, lexicons: Mapping[str, list[dict[str, Any]]]) -> None:
        self.lexicons = lexicons
        #: the key of this matcher set's analysis in ``doc.cache``
        self.cache_key = f"transcript:{id(self)}"

    def _phrases(self, name: str, **where: Any) -> list[str]:
        return _phrases(self.lexicons, name, **where)

    # ------------------------------------------------------------------ labels
    @cached_property
    def label(self) -> Any:
        """An all-caps label at paragraph start."""
        qualifiers = _alternation(self._phrases("transcript-label-qualifier"))
        return _regex().compile(_LABEL.format(Lu=r"\p{Lu}", Nd=r"\d", qualifiers=qualifiers), _regex().VERBOSE)

    @cached_property
    def mixed_label(self) -> Any:
        """"Judy Woodruff:" / "Presenter:" at paragraph start."""
        return _regex().compile(_MIXED_LABEL.format(Lu=r"\p{Lu}", Ll=r"\p{Ll}", g=""))

    @cached_property
    def wide_labels(self) -> re.Pattern[str]:
        """``label`` or else ``mixed_label`` (its groups named "m_…") in one stdlib ``re``
        pattern, the classes widened (see _WIDE_LU)."""
        qualifiers = _alternation(self._phrases("transcript-label-qualifier"), re_escape=True)
        label = _LABEL.format(Lu=_WIDE_LU, Nd=_WIDE_ND, qualifiers=qualifiers)
        mixed = _MIXED_LABEL.format(Lu=_WIDE_LU, Ll=_WIDE_LL, g="m_")
        return re.compile(f"(?:{label})|(?:{mixed})", re.VERBOSE)

    def match_label(self, text: str, start: int, end: int) -> tuple[bool, int, int, str, str] | None:
        """The label opening the line ``text[start:end]``, as ``label.match`` or else
        ``mixed_label.match`` finds it on the line: whether it is in capitals, its start and
        end offsets, its name and its description ("" for a mixed-case label)."""
        found = self.wide_labels.match(text, start, end)
        if found is None:
            return None
        if text[start : found.end()].isascii():  # the regex pattern's own match (see _WIDE_LU)
            if found["name"] is not None:
                return True, found.end("indent"), found.end(), found["name"], found["desc"] or ""
            return False, found.end("m_indent"), found.end(), found["m_name"], ""
        line = text[start:end]
        found = self.label.match(line)
        capitals = found is not None
        if found is None:
            found = self.mixed_label.match(line)
            if found is None:
                return None
        desc = (found["desc"] or "") if capitals else ""
        return capitals, start + found.end("indent"), start + found.end(), found["name"], desc

    @cached_property
    def role(self) -> Any:
        """A role word inside a label's description."""
        words = _alternation(self._phrases("transcript-role"))
        return _regex().compile(rf"(?<![\p{{Lu}}\-])(?:{words})(?![\p{{Lu}}\-])")

    @cached_property
    def speakers(self) -> frozenset[str]:
        return frozenset(self._phrases("transcript-speaker", prefix=False))

    @cached_property
    def speaker_prefixes(self) -> frozenset[str]:
        return frozenset(self._phrases("transcript-speaker", prefix=True))

    @cached_property
    def speaker_prefixes_spaced(self) -> tuple[str, ...]:
        """The prefixes with the space after them ("UNIDENTIFIED " starts "UNIDENTIFIED MAN")."""
        return tuple(p + " " for p in self.speaker_prefixes)

    @cached_property
    def not_speaker(self) -> frozenset[str]:
        return frozenset(p.upper() for p in self._phrases("transcript-not-speaker"))

    @cached_property
    def non_name(self) -> frozenset[str]:
        return frozenset(p.upper() for p in self._phrases("transcript-non-name-word"))

    @cached_property
    def heading(self) -> Any:
        """Any "Word(s):" paragraph opener, for list detection."""
        return _regex().compile(r"[ \t]*[\"“‘'(\[]?\p{Lu}[^\n:.!?]{0,40}:(?:[ \t]|$)")

    # ------------------------------------------------------------------ stage directions
    @cached_property
    def stage(self) -> Any:
        # stdlib re where the syntax allows: it scans plain text about twice as fast as regex
        phrases = _alternation(self._phrases("transcript-stage-direction"), re_escape=True)
        return re.compile(
            rf"[(\[][ \t]*(?i:(?P<phrase>{phrases}))(?![\w\-])"
            r"[^()\[\]\n=<>]{0,120}?[ \t]*[)\]]"
        )

    @cached_property
    def stage_words(self) -> frozenset[str]:
        """Lower-cased first words of the directions."""
        return frozenset(re.split(r"[\s\-]", p, maxsplit=1)[0].lower()
                         for p in self._phrases("transcript-stage-direction"))

    @cached_property
    def stage_openers(self) -> frozenset[str]:
        """The ASCII characters a direction's bracket may be followed by: a space, a tab, or
        a first letter of ``stage_words`` in either case."""
        return frozenset(" \t" + "".join(w[:1] + w[:1].upper() for w in self.stage_words if w[:1].isascii()))

    @cached_property
    def gap(self) -> frozenset[str]:
        return frozenset(p.lower() for p in self._phrases("transcript-stage-direction", gap=True))

    # ------------------------------------------------------------------ credit lines
    @cached_property
    def _credit_entries(self) -> list[dict[str, Any]]:
        return list(self.lexicons.get("transcript-credit", []))

    @cached_property
    def credit(self) -> Any:
        alternation = "|".join(f"(?P<c{i}>{e['phrase']})" for i, e in enumerate(self._credit_entries)) or "(?!)"
        return _compile_fast(rf"[ \t]*(?:{alternation})[ \t]*$", re.IGNORECASE)

    @cached_property
    def credit_unsafe(self) -> frozenset[str]:
        """Group names of credit patterns whose fix is unsafe."""
        return frozenset(f"c{i}" for i, e in enumerate(self._credit_entries) if e.get("safe", True) is False)

    @cached_property
    def credit_keywords(self) -> tuple[str, ...]:
        """One of them is in every credit line: the keyword without its first letter, in
        lower and upper case, finds "transcript" and "Transcript" in one scan."""
        return tuple(v for k in self._phrases("transcript-credit-keyword") for v in (k[1:].lower(), k[1:].upper()))

    # ------------------------------------------------------------------ article head
    @cached_property
    def dates(self) -> Dates:
        return Dates.from_lexicons(self.lexicons)

    @cached_property
    def byline(self) -> Bylines:
        return Bylines.from_lexicons(self.lexicons, self.dates)


#: "MICHELE KELEMEN, BYLINE:", the contents of its classes of capitals and digits left open.
#: The name is an atomic group: what may follow it opens with "(", "," or ":", never with
#: a name's character, so a shorter name never matches where the longest failed, and
#: trying each (a dozen steps per failed "JAMES DIXON (manager, …):") is skipped.
_LABEL = r"""(?P<indent>[ \t]*)
    (?P<name>(?>(?:Mc|Mac)?[{Lu}][{Lu}'’\-]*\.?(?:[ \t]+(?:Mc|Mac)?[{Lu}][{Lu}'’\-]*\.?){{0,5}}))
    (?:[ \t]*\((?:[RDI](?:-[{Lu}]{{2,4}})?)\))?                      # party: (R), (D-CA)
    (?:[ \t]*,[ \t]*(?P<desc>[{Lu}{Nd}][{Lu}{Nd}.'’&/\-,() ]{{0,99}}?))?
    (?:[ \t]*\((?i:{qualifiers})\))?                                # (voice-over)
    [ \t]*:(?=[ \t]|$)
    (?:[ \t]*\((?i:{qualifiers})\)\.?)?                             # : (Through interpreter)
    [ \t]*"""
#: "Judy Woodruff:", the contents of its classes of capitals and small letters and a prefix
#: of its group names left open. Its quantifiers are possessive: what may follow a word
#: (a space, a tab or the colon) is never one of its letters, and what follows the words
#: (the colon) never starts another, so a shorter word or fewer words never match where
#: more failed (no backtracking through every letter of "Secretary Clinton's Remarks on …:")
_MIXED_LABEL = (
    r"(?P<{g}indent>[ \t]*)(?P<{g}name>[{Lu}][{Ll}'’\-]++(?:[ \t]+(?:"
    r"(?:de|da|del|di|du|van|von|der|den|la|le|al|el|bin|ibn)[ \t]+)?"
    r"(?:[{Lu}]\.|[{Lu}][{Ll}'’\-]++)){{0,3}}+)[ \t]*:[ \t]+"
)
#: capitals, small letters and digits in a stdlib ``re`` class: exact in ASCII, and every
#: character beyond (``re`` knows no ``\p{Lu}``, and the ``regex`` module's Unicode is
#: newer than Python's). A label pattern compiled so by ``re`` (its "twin") costs a
#: fraction of the ``regex`` one and matches whatever that matches. Where the twin's match
#: is all ASCII, the ``regex`` pattern makes that very match: every path the twin tried
#: before it failed in the ``regex`` pattern too, and the ``regex`` pattern accepts the
#: twin's path, whose class tests all read ASCII. Only a match reaching beyond ASCII asks
#: the ``regex`` pattern (compiled on first use).
_WIDE_LU = r"A-Z\u0080-\U0010ffff"
_WIDE_LL = r"a-z\u0080-\U0010ffff"
_WIDE_ND = r"0-9\u0080-\U0010ffff"

_SPACE = r"[ \t\u00a0]"
#: a token of a date line, after the whitespace before it: whitespace only separates
#: tokens, so it takes no turn of the loops over them (trailing whitespace matches nothing)
_DATE_TOKEN = lazy_pattern(
    r"""\s*+
      (?:(?P<num>\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?
         |\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}(?!\d)
         |\d{1,2}[:.h]\d\d(?::\d\d)?(?!\d)
         |\d{1,4}(?:st|nd|rd|th|\.)?(?!\d))
      |(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)\.?
      |(?P<mark>[,;|•·/()+\-–—:\[\]])
      |(?P<other>.))""",
    re.VERBOSE,
)
#: a clock time, a full numeric date or an ISO date: what makes digits a date
_DATE_DIGITS = lazy_pattern(r"\d[:.h]\d\d|\d[/.\-]\d{1,2}[/.\-]\d|\d{4}-\d\d-\d\d")
_RELATIVE = frozenset("ago a an hour hours hr hrs minute minutes min mins day days week weeks second seconds sec secs".split())


@dataclass(frozen=True)
class Dates:
    """Tells whether a short line is nothing but a date or time, by tokens and word sets
    (a regex alternation of every month name in six languages would be far slower)."""

    anchors: frozenset[str]  # month and weekday names, lower-cased
    words: frozenset[str]  # every word a timestamp line may hold, lower-cased
    keywords: frozenset[str]  # whole keyword phrases ("last updated"), lower-cased

    @classmethod
    def from_lexicons(cls, lexicons: Mapping[str, list[dict[str, Any]]]) -> Dates:
        anchors = frozenset(w.lower() for w in _phrases(lexicons, "date-word"))
        keywords = frozenset(k.lower() for k in _phrases(lexicons, "timestamp-keyword"))
        words = set(anchors) | _RELATIVE | {"a", "p", "m", "am", "pm"}
        words |= {w for k in keywords for w in k.split()}
        words |= {w.lower() for name in ("date-glue", "timezone") for w in _phrases(lexicons, name)}
        return cls(anchors, frozenset(words), keywords)

    def is_timestamp(self, text: str) -> bool:
        """Only date words, numbers and separators, with a digit and an anchor (a month or
        weekday, a clock time, a full date, or "ago")."""
        digit = anchored = False
        for token in _DATE_TOKEN.finditer(text):  # most lines fail at their first word
            kind = token.lastgroup
            if kind == "num":
                digit = True
                anchored = anchored or _DATE_DIGITS.match(token["num"]) is not None
            elif kind == "word":
                word = token["word"].lower()
                if word not in self.words:
                    return False
                anchored = anchored or word in self.anchors or word == "ago"
            elif kind == "other":
                return False
        return digit and anchored

    def dateish(self, text: str, start: int) -> bool:
        """Whether ``text[start:]``, where a token starts, holds only tokens that
        ``is_timestamp`` lets pass (its tokens are the last ones of any text ending so)."""
        for token in _DATE_TOKEN.finditer(text, start):
            kind = token.lastgroup
            if kind == "word":
                if token["word"].lower() not in self.words:
                    return False
            elif kind == "other":
                return False
        return True

    def is_keyword_line(self, text: str) -> bool:
        """A timestamp keyword alone ("Updated", "Last updated:")."""
        return " ".join(text.rstrip(" :").split()).lower() in self.keywords


class Bylines:
    """A whole line that is a byline, in one of four shapes, each tried only when a cheap
    test allows it: "By" + people (+ organisation, contact, date) — "lead"; people + a
    date ("Chris Davies - Nov 19, 2019") — "dated"; a person + a writer's role or an agency
    ("Greg Beacham, AP Sports Writer") — "role"; an agency alone — "agency". The patterns
    are compiled on first use."""

    def __init__(self, dates: Dates, leads: list[str], patterns: dict[str, str],
                 tails: frozenset[str], agencies: frozenset[str]) -> None:
        self.dates = dates
        self.starts = frozenset(p[:2].lower() for p in leads)  # first two letters of the lead words, lower-cased
        #: the lead words case-folded: a "lead" byline starts with one (ASCII words only,
        #: where case-folding is the pattern's case-blind match; else no shortcut)
        self.lead_prefixes = tuple(p.casefold() for p in leads) if all(p.isascii() for p in leads) else None
        self._lead_chars = max(map(len, leads), default=0)
        self._patterns = patterns
        self.tails = tails  # roles and agencies a "role" byline ends with, lower-cased
        self.tail_ends = frozenset(t.rsplit(" ", 1)[-1] for t in tails)  # their last words
        self.agencies = agencies
        self._agency_chars = max(map(len, agencies), default=0)

    @cached_property
    def lead(self) -> Any:
        """The lead word(s), then people, then the rest."""
        return _regex().compile(self._patterns["lead"])

    @cached_property
    def people(self) -> Any:
        return _regex().compile(self._patterns["people"])

    @cached_property
    def person(self) -> Any:
        return _regex().compile(self._patterns["person"])

    @cached_property
    def org(self) -> Any:
        """What may follow the names: ", Associated Press", " | Staff Writer", an email."""
        return _regex().compile(self._patterns["org"])

    @classmethod
    def from_lexicons(cls, lexicons: Mapping[str, list[dict[str, Any]]], dates: Dates) -> Bylines:
        sp = _SPACE
        # re.escape escapes as regex.escape does in a pattern without VERBOSE: building the
        # patterns imports no regex module (~20 ms) until an article has a byline candidate
        leads = _alternation(_phrases(lexicons, "byline-lead"), re_escape=True)
        not_name = r"(?!(?:The|A|An|This|That|These|Those|Any|All|Our|Your|My|His|Her|Their|Its|No|Some|Every|Each)\b)"
        word = r"(?:\p{Lu}[\p{L}'’\-]*\.?|\p{Lu}\.)"
        particle = r"(?:de|da|del|della|di|du|van|von|der|den|la|le|al|el|bin|ibn|dos|das|ter|ten)"
        person = rf"{not_name}{word}(?:{sp}+(?:{particle}{sp}+)?{word}){{1,3}}"
        people = rf"{person}(?:{sp}*(?:,|&|\band\b){sp}*{person})*"
        org_word = r"(?:[\p{Lu}\d][\w&'’.\-]*|of|the|and|for|to|staff|writer|reporter|correspondent|editor)"
        org = rf"{org_word}(?:{sp}+{org_word}){{0,6}}"
        sep = rf"{sp}*(?:,|\||/|—|–|-|·|•){sp}*|{sp}+(?:for|of|at){sp}+"
        contact = rf"(?:{sp}*(?:[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+|\(?\d{{3}}\)?[ .\-]?\d{{3}}-\d{{4}}|@\w+))*"
        tails = [t.lower() for name in ("byline-role", "byline-agency") for t in _phrases(lexicons, name)]
        patterns = {
            "lead": rf"{sp}*(?i:{leads}){sp}*:?(?:{sp}+(?P<people>{people})(?P<rest>.*))?",
            "people": rf"{sp}*{people}{sp}*",
            "person": rf"{sp}*{person}{sp}*",
            "org": rf"(?:(?:{sep}){org}){{0,2}}{contact}{sp}*",
        }
        return cls(
            dates=dates,
            leads=_phrases(lexicons, "byline-lead"),
            patterns=patterns,
            tails=frozenset(tails),
            agencies=frozenset(p.lower() for p in _phrases(lexicons, "byline-agency")),
        )

    def match(self, text: str) -> str | None:
        """Which shape ``text`` (stripped) has: "lead", "dated", "role", "agency" or None."""
        digit = _DIGIT.search(text)
        return self.shape(text, -1 if digit is None else digit.start())

    def shape(self, text: str, first_digit: int) -> str | None:
        """``match`` given the offset of the first digit in ``text`` (-1: none)."""
        if text[:2].lower() in self.starts and self._lead(text):
            return "lead"
        if first_digit >= 0 and self._dated(text, first_digit):
            return "dated"
        if "," in text and self._role(text):
            return "role"
        if len(text) <= self._agency_chars and text.lower() in self.agencies:  # lower() never shortens
            return "agency"
        return None

    def _lead(self, text: str) -> bool:
        if self.lead_prefixes is not None and not text[:self._lead_chars].casefold().startswith(self.lead_prefixes):
            return False  # "Residents …", "Story time": no lead word (the pattern is never compiled)
        found = self.lead.fullmatch(text)
        if found is None:
            return False
        if found["people"] is None:
            return True  # "By" alone: the rest of a byline split over two lines
        if found["people"].split()[0].lower().rstrip(".") in self.dates.anchors:
            return False  # "By Monday Morning"
        rest = found["rest"]
        return self.org.fullmatch(rest) is not None or any(
            self.org.fullmatch(rest[:i]) is not None and self.dates.is_timestamp(rest[i:])
            for i in _boundaries(rest)
        )

    def _dated(self, text: str, first_digit: int) -> bool:
        if not text[:1].isupper():
            return False
        # the names before the mark hold no digit, the date after it does: only the marks
        # before the first digit can split a dated byline
        # and the date after any mark holds everything from the first digit on: one look at
        # that rules out every mark of a line that goes on in words ("… in 2019 after talks")
        if _BYLINE_MARK.search(text, 0, first_digit) is None or not self.dates.dateish(text, first_digit):
            return False
        marks = [mark.start() for mark in _BYLINE_MARK.finditer(text, 0, first_digit)]
        return any(self.dates.is_timestamp(text[i + 1 :]) and self.people.fullmatch(text[:i]) for i in marks)

    def _role(self, text: str) -> bool:
        name, _, after = text.partition(",")
        words = after.split()
        # a tail ends with the line's last word: one set lookup rules out most lines
        if not 0 < len(words) <= 6 or words[-1].lower() not in self.tail_ends:
            return False
        low = [w.lower() for w in words]
        if not any(" ".join(low[-k:]) in self.tails for k in (1, 2, 3)):
            return False
        return self.person.fullmatch(name) is not None and all(w[:1].isupper() or w in ("of", "and") for w in words)


_BYLINE_MARK = lazy_pattern(r"[,|—–·•-]")
#: a comma, bar, digit or run of capitals: a byline with more than a bare name in it
_NOT_PLAIN = r"[,|\d]|\p{Lu}{2}"


def _boundaries(text: str) -> Iterator[int]:
    """Offsets where a date may start inside the rest of a byline: after spaces or marks."""
    for i in range(1, len(text)):
        if text[i - 1] in " \t\u00a0,|·•—–-" and text[i] not in " \t\u00a0":
            yield i - 1


@lru_cache(maxsize=8)
def _matchers_for(key: tuple) -> Matchers:
    return Matchers({name: [dict(e) for e in entries] for name, entries in key})


def matchers(lexicons: Mapping[str, list[dict[str, Any]]]) -> Matchers:
    """The compiled matchers for these lexicons (built once per distinct lexicon set)."""
    key = tuple(
        (name, tuple(tuple(sorted(e.items())) for e in lexicons.get(name, ()))) for name in _LEXICONS
    )
    return _matchers_for(key)


# --------------------------------------------------------------------------- analysis
@dataclass(frozen=True, slots=True)
class Label:
    """A speaker label at the start of a paragraph."""

    line: Line
    start: int  #: offset of the label's first character
    end: int  #: offset of the spoken text after it (or the line end)
    speaker: str  #: the label's name part, whitespace-normalised ("MICHELE KELEMEN")
    #: why it is a label: role | speaker | described | repeat | named | surname | candidate
    evidence: str
    safe: bool

    @property
    def surname(self) -> str:
        return self.speaker.split()[-1]

    @property
    def orphan(self) -> bool:
        """A label TR001 reports (candidates only count towards the transcript decision)."""
        return self.evidence != "candidate"

    @property
    def alone(self) -> bool:
        return not self.line.text[self.end - self.line.start :].strip()


class Direction(NamedTuple):
    """A stage direction such as "(SOUNDBITE OF MUSIC)" or "[inaudible]"."""

    start: int
    end: int
    line: Line
    gap: bool  #: marks unheard words ("[inaudible]")
    alone: bool  #: the only thing on its line
    capitals: bool  #: written in capitals (CNN/NPR style)
    quoted: bool  #: inside quotation marks


@dataclass
class Analysis:
    labels: list[Label] = field(default_factory=list)
    directions: list[Direction] = field(default_factory=list)
    transcript: bool = False
    speakers: int = 0

    @property
    def orphans(self) -> list[Label]:
        return [] if self.transcript else [lab for lab in self.labels if lab.orphan]


def analyse(doc: Document, m: Matchers) -> Analysis:
    """Labels, stage directions and the transcript decision for one document (cached)."""
    cached = doc.cache.get(m.cache_key)
    if cached is None:
        cached = doc.cache[m.cache_key] = _analyse(doc, m)
    return cached


class _Raw(NamedTuple):
    number: int  # line number
    line: Line
    start: int
    end: int
    name: str
    desc: str
    capitals: bool


def _label_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """Start, colon and end of every line whose first label colon (one followed by a space,
    a line break or the end of the text) is at most _MAX_LABEL_CHARS into it: found from
    colon to colon with str.find (a colon is rare; find skips to it in C)."""
    find = text.find
    at = find(":")
    while at >= 0:
        if text[at + 1 : at + 2] not in " \t\r\n":  # "" at the end of the text is in it
            at = find(":", at + 1)
            continue
        start = text.rfind("\n", 0, at) + 1
        end = find("\n", at)
        if end < 0:
            end = len(text)
        if at - start <= _MAX_LABEL_CHARS:
            yield start, at, end
        at = find(":", end)  # the line's later colons never start a label


#: how far into a paragraph a label's colon may be
_MAX_LABEL_CHARS = 200


def _analyse(doc: Document, m: Matchers) -> Analysis:
    text = doc.text
    raws = _raw_labels(text, m)
    directions = _directions(text, m)
    if not raws and not directions:
        return _NOTHING
    result = Analysis(directions=directions)
    if raws:
        result.labels = _classify(doc, raws, m)
        _decide(result, doc)
    return result


#: the analysis of the many documents with no label and no direction (never modified)
_NOTHING = Analysis()


def _raw_labels(text: str, m: Matchers) -> list[_Raw]:
    """Paragraphs opening with "Something:" — found from the colons, not by visiting every line."""
    raws: list[_Raw] = []
    lines = None
    for start, colon, end in _label_lines(text):
        found = m.match_label(text, start, end)
        if found is None or not _label_shaped(text[start:colon]):  # the pattern rejects more
            continue
        capitals, label_start, label_end, name, desc = found
        lines = lines or _LineCounter(text)
        para = lines.line(start, end)
        raws.append(_new_tuple(_Raw, (para.number, para, label_start, label_end, " ".join(name.split()),
                                      " ".join(desc.split()), capitals)))
    return raws


def _label_shaped(before: str) -> bool:
    """Cheap test of the text before a colon: a capital first, then capitals or a few words."""
    head = before.lstrip()
    if not head[:1].isupper():
        return False
    core = head.split("(", 1)[0].replace("Mc", "MC")
    return core.upper() == core or head.count(" ") <= 4


class _LineCounter:
    """Lines of a text cut out at given offsets, numbered by counting line breaks from the
    last line asked for (offsets come in ascending order), so no rule has to split the
    whole document into lines to report a rare candidate."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._offset = 0
        self._number = 1  # the number of the line at self._offset

    def line(self, start: int, end: int) -> Line:
        """The line ``text[start:end]`` (``start`` begins a line, ``end`` ends it)."""
        if start < self._offset:
            self._offset, self._number = 0, 1
        self._number += self.text.count("\n", self._offset, start)
        self._offset = start
        return _new_tuple(Line, (self._number, start, end, self.text[start:end]))

    def line_at(self, offset: int) -> Line:
        """The line holding ``offset`` (``Document.line_at`` without the document's line index)."""
        text = self.text
        end = text.find("\n", offset)
        return self.line(text.rfind("\n", 0, offset) + 1, len(text) if end < 0 else end)


class _Head(NamedTuple):
    """The article's head: what TR004 and TR005 read, and where weak labels may start."""

    first: int  #: line number of the first paragraph (0: none), where the head block starts
    lead: int  #: line number of the lead (first prose) paragraph; past the end when there is none
    #: the head block's paragraphs (those before the first prose one, and at least two)
    #: short enough to be furniture (bylines, timestamps)
    furniture: list[_Furniture]


#: a furniture candidate: its line's number, start, end and text (a Line's fields, in a
#: plain tuple: cheaper to make), its stripped text and the offset of its first digit in
#: that (-1: none)
_Furniture = tuple[int, int, int, str, str, int]


def _head_block(doc: Document) -> _Head:
    """The head block of ``newslint.text.edges``, cut from the top of the text without
    visiting the rest of the article (or building its lines); cached."""
    head = doc.cache.get("transcript:head")
    if head is None:
        head = doc.cache["transcript:head"] = _scan_head(doc.text)
    return head


def _scan_head(text: str) -> _Head:
    furniture: list[_Furniture] = []
    paragraphs = first = lead = 0
    prose: int | None = None  # index of the first prose paragraph
    number, start, size, find = 1, 0, len(text), text.find
    stop = size + 1  # the block's paragraph count, known once the prose is (never reached before)
    while True:
        end = find("\n", start)
        if end < 0:
            end = size
        line = text[start:end]
        stripped = line.strip()
        if stripped:  # a paragraph (Document.paragraphs)
            if prose is None and len(line) >= _PROSE_MIN_CHARS and _prose_stripped(stripped):
                prose, lead, stop = paragraphs, number, max(paragraphs, 2)
            if paragraphs >= stop:
                break
            paragraphs += 1
            first = first or number
            if len(stripped) <= MAX_FURNITURE_CHARS:
                # [0-9] scans several times faster than \d, which only non-ASCII text needs
                digit = (_ASCII_DIGIT if stripped.isascii() else _DIGIT).search(stripped)
                furniture.append((number, start, end, line, stripped, -1 if digit is None else digit.start()))
            if paragraphs >= stop:
                break  # the next paragraph would end the block: no need to read it
        if end == size:
            break
        number, start = number + 1, end + 1
    return _new_tuple(_Head, (first, lead if prose is not None else text.count("\n") + 2, furniture))


#: what ends a sentence, and the closing marks that may follow it
_SENTENCE_MARKS, _CLOSERS = (".", "!", "?", "…"), "\"'”’)]"
#: twelve words take more room than this
_PROSE_MIN_CHARS = 50


def _prose(text: str) -> bool:
    """``newslint.text.is_prose`` at a cost independent of the paragraph's length: at least
    twelve words (counted up to twelve) and a sentence end (looked for in the last chars)."""
    return len(text) >= _PROSE_MIN_CHARS and _prose_stripped(text.strip())


def _prose_stripped(stripped: str) -> bool:
    """``_prose`` of a paragraph long enough, given its stripped text: a sentence mark
    followed by at most 15 closing marks ends it (a match of ``[.!?…]["'”’)\\]]*$`` in
    its last 16 characters), and it holds twelve words."""
    body = stripped.rstrip(_CLOSERS)
    return (body.endswith(_SENTENCE_MARKS) and len(stripped) - len(body) <= 15
            and len(stripped.split(None, 12)) >= 12)


def _lead_line(doc: Document) -> int:
    """Line number of the lead (first prose) paragraph; past the end when there is none."""
    return _head_block(doc).lead


def _is_name(name: str, m: Matchers) -> bool:
    if name.upper() in m.not_speaker:
        return False
    return not any(tok.rstrip(".").upper() in m.non_name for tok in name.split())


def _fixed_speaker(name: str, m: Matchers) -> bool:
    up = name.upper()
    return up in m.speakers or up in m.speaker_prefixes or up.startswith(m.speaker_prefixes_spaced)


#: what ends a spoken sentence
_SPOKEN_MARKS = (".", "!", "?", "…", "—", "–", "-")
_FIRST, _AT_LEAST_4 = itemgetter(0), (4).__le__


def _spoken(text: str, strict: bool = False) -> bool:
    """The text after a label reads like a spoken sentence.

    ``strict`` (for labels nothing but their shape vouches for) also wants a finished
    sentence in sentence case: "Witnesses capture shooting in tweets" and "Dad To
    Conservatorship Judge: I Want More Money!" are headlines, not speech.
    """
    stripped = text.strip()
    if len(stripped.split(None, MIN_SPOKEN_WORDS)) < MIN_SPOKEN_WORDS:
        return False
    if not (stripped[:1].isupper() or stripped[:1] in "\"“‘'(—–-…"):
        return False
    if not strict:
        return True
    if not _ends_sentence(stripped):
        return False
    # the first letters of the words after the first with four characters or more, sorted
    # and counted in C: a Python loop over every word was the analysis's largest cost
    words = stripped[:300].split()
    del words[0]
    firsts = "".join(filter(str.isalpha, map(_FIRST, compress(words, map(_AT_LEAST_4, map(len, words))))))
    return sum(map(str.isupper, firsts)) <= len(firsts) // 2


def _ends_sentence(stripped: str) -> bool:
    """A match of ``[.!?…—–\\-]["'”’)\\]]*\\s*$|["”]\\s*$`` in the last 12 characters of a
    stripped text: a closing quote ends it, or a sentence mark with at most 11 closing
    marks after it."""
    if stripped.endswith(('"', "”")):
        return True
    body = stripped.rstrip(_CLOSERS)
    return body.endswith(_SPOKEN_MARKS) and len(stripped) - len(body) <= 11


def _classify(doc: Document, raws: list[_Raw], m: Matchers) -> list[Label]:
    # the lead paragraph may open with a colon dateline ("BEIRUT: …"): weak labels skip it
    lead = _lead_line(doc)
    is_name = {name: _is_name(name, m) for name in {r.name for r in raws}}
    decided: dict[int, tuple[str, bool]] = {}
    for r in raws:
        if r.capitals and _fixed_speaker(r.name, m):
            decided[r.number] = ("speaker", True)
        elif not r.capitals:
            if _fixed_speaker(r.name, m) and _spoken(_rest(r), strict=True):
                decided[r.number] = ("speaker", False)  # BBC "Presenter: …": capitals are the norm
        elif not is_name[r.name]:
            continue
        elif r.desc and m.role.search(r.desc):
            decided[r.number] = ("role", True)
        elif r.desc and len(r.name.split()) >= 2 and r.number > lead:
            decided[r.number] = ("described", False)
    certain = {r.name for r in raws if decided.get(r.number, _UNDECIDED)[1]}
    certain_surnames = {n.split()[-1] for n in certain}
    capitals = frozenset(r.number for r in raws if r.capitals)
    out: list[Label] = []
    for r in raws:
        if r.number in decided:
            evidence, safe = decided[r.number]
        elif not r.capitals:
            # PBS "Judy Woodruff: …" counts towards the transcript decision, never flagged alone
            if not is_name[r.name] or len(r.name.split()) < 2 or not _spoken(_rest(r), strict=True):
                continue
            evidence, safe = "candidate", False
        elif not is_name[r.name]:
            continue
        else:
            evidence, safe = _bare_name(doc, r, raws, m, certain, certain_surnames, capitals, lead)
            if evidence == "candidate" and (len(r.name) < 2 or not _spoken(_rest(r))):
                continue
        out.append(Label(r.line, r.start, r.end, r.name, evidence, safe))
    return out


_UNDECIDED = ("", False)


def _rest(r: _Raw) -> str:
    return r.line.text[r.end - r.line.start :]


def _bare_name(doc: Document, r: _Raw, raws: list[_Raw], m: Matchers, certain: set[str],
               certain_surnames: set[str], capitals: frozenset[int], lead: int) -> tuple[str, bool]:
    """Decide an all-caps name with no role: "KELEMEN:", "STUART JONES:"."""
    tokens = r.name.split()
    if r.name in certain or (len(tokens) == 1 and r.name in certain_surnames):
        return "repeat", True
    if r.number <= lead or _in_exchange(doc, r, capitals) or not _spoken(_rest(r), strict=True):
        return "candidate", False
    if len(tokens) >= 2 and _mentioned_in_prose(doc, r.name):
        return "named", False
    if len(tokens) == 1 and _rare_surname(doc, r, raws, m):
        return "surname", False
    return "candidate", False


def _in_exchange(doc: Document, r: _Raw, capitals: frozenset[int]) -> bool:
    """A neighbouring paragraph is labelled too (``capitals``: the line numbers of the
    all-caps labels): a dialogue quoted on purpose (an interview or hearing excerpt),
    unless role words elsewhere made the labels certain."""
    return any(n.number in capitals for n in _neighbours(doc, r.line))


def _mentioned_in_prose(doc: Document, name: str) -> bool:
    """The name also appears capitalised as a name ("Stuart Jones said…"), not in capitals."""
    text = doc.text
    # first the likeliest spelling ("Stuart Jones"), found without lower-casing the whole
    # text (~50 instructions a character beyond ASCII); exact where lower-casing keeps
    # every offset, i.e. without "İ" (two characters in lower case) or "Σ" (its lower case
    # depends on the next character)
    if "\u0130" not in text and "\u03a3" not in text:
        usual = name.title()
        if (usual != name and usual.lower() == name.lower() and usual in text
                and all(w[:1].isupper() for w in usual.split())):
            return True
    low = doc.cache.get("transcript:lower")
    if low is None:
        low = doc.cache["transcript:lower"] = doc.text.lower()
    target = name.lower()
    i = low.find(target)
    while i >= 0:
        found = doc.text[i : i + len(name)]
        if found != name and all(w[:1].isupper() for w in found.split()):
            return True
        i = low.find(target, i + 1)
    return False


def _rare_surname(doc: Document, r: _Raw, raws: list[_Raw], m: Matchers) -> bool:
    """A lone all-caps word that is a name, not an acronym, a heading or a list item."""
    word = r.name.rstrip(".")
    if len(word) < 4 or not _rx(r"\p{Lu}+(?:['’\-]\p{Lu}+)?").fullmatch(word):
        return False
    if not _rx(r"[AEIOUY]").search(word):
        return False
    # used as an acronym in running text ("… said OPEC") → not a speaker
    uses = _standalone_count(doc.text, word)
    if uses > sum(1 for x in raws if x.name == r.name):
        return False
    if _in_list(doc, r, m):
        return False
    from newslint.words import zipf

    if zipf(word, "en") >= SURNAME_MAX_ZIPF:
        return False
    return _english(doc)  # "ATENÇÃO:" in a Portuguese page is a word, not a name


_WORD_CHARACTER = r"\w"


def _standalone_count(text: str, word: str) -> int:
    """``len(regex.findall(rf"(?<![\\w]){word}(?![\\w])", text))`` with str.find (no pattern
    compiled per word)."""
    count, i, n, is_word = 0, text.find(word), len(word), _rx(_WORD_CHARACTER).match
    while i >= 0:
        if (i == 0 or not is_word(text, i - 1)) and not is_word(text, i + n):
            count += 1
            i = text.find(word, i + n)
        else:
            i = text.find(word, i + 1)
    return count


def _english(doc: Document) -> bool:
    """Whether the document is English: the detected language if a rule already paid for
    it, else a cheap count of "the" (broadcast labels are an English convention)."""
    lang = doc.cache.get("language")
    if lang is not None:
        return lang == "en"
    return doc.text.count(" the ") >= 3


def _in_list(doc: Document, r: _Raw, m: Matchers) -> bool:
    """A neighbouring paragraph also opens with "Something:" — a list of items, not speech."""
    for neighbour in _neighbours(doc, r.line):
        text = neighbour.text
        if text.find(":", 0, 60) >= 0 and m.heading.match(text) and m.label.match(text) is None:
            return True
    return False


def _neighbours(doc: Document, line: Line) -> Iterator[Line]:
    """The non-blank lines just before and just after ``line``, read from the text around it."""
    text = doc.text
    number, end = line.number, line.start - 1  # the previous line ends at line.start - 1
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        number -= 1
        if text[start:end].strip():  # not Line.is_blank
            yield _new_tuple(Line, (number, start, end, text[start:end]))
            break
        end = start - 1
    number, start = line.number, line.end + 1  # the next line starts after line.end's break
    while start <= len(text) and line.end < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        number += 1
        if text[start:end].strip():  # not Line.is_blank
            yield _new_tuple(Line, (number, start, end, text[start:end]))
            break
        if end == len(text):
            break
        start = end + 1


def _decide(result: Analysis, doc: Document) -> None:
    """Transcript or article? Many labels, several speakers, someone speaking twice."""
    keys = Counter(lab.surname for lab in result.labels)
    result.speakers = len(keys)
    n = len(result.labels)
    result.transcript = (
        n >= TRANSCRIPT_MIN_LABELS
        and len(keys) >= 2
        and max(keys.values()) >= 2
        and n >= TRANSCRIPT_MIN_SHARE * sum(1 for p in doc.paragraphs if len(p.text.split(None, 2)) >= 3)
    )


def _directions(text: str, m: Matchers) -> list[Direction]:
    found_all: list[Direction] = []
    offsets = _bracket_offsets(text)
    if not offsets:
        return found_all
    words, openers = m.stage_words, m.stage_openers
    lines = None
    for at in offsets:
        after = text[at + 1 : at + 2]
        if after.isascii() and after not in openers:
            continue  # "(2019)", "(the": no direction opens so (beyond ASCII the pattern decides)
        first = _FIRST_WORD.match(text, at + 1)  # a set lookup before the long alternation
        if first is None or first[1].lower() not in words:
            continue
        found = m.stage.match(text, at)
        if found is None:
            continue
        start, end = found.span()
        lines = lines or _LineCounter(text)
        line = lines.line_at(start)
        rest = (text[line.start : start] + text[end : line.end]).strip(" \t.,;:-–—")
        alone = not m.stage.sub("", rest).strip(" \t.,;:-–—")
        inner = found[0][1:-1]
        found_all.append(Direction(
            start, end, line,
            gap=found["phrase"].lower() in m.gap,
            alone=alone,
            capitals=inner.upper() == inner,
            quoted=_inside_quotes(text[line.start : start]),
        ))
    return found_all


_FIRST_WORD = re.compile(r"[ \t]*([^\W\d_]+)")


def _bracket_offsets(text: str) -> list[int]:
    """Offsets of every "(" and "[": str.find is several times faster than a regex scan."""
    offsets: list[int] = []
    for bracket in "([":
        i = text.find(bracket)
        while i >= 0:
            offsets.append(i)
            i = text.find(bracket, i + 1)
    offsets.sort()
    return offsets


def _inside_quotes(before: str) -> bool:
    """Whether a quotation opened in ``before`` (the paragraph up to a point) is still open."""
    if before.count('"') % 2:
        return True
    return before.rfind("“") > before.rfind("”")


# --------------------------------------------------------------------------- rules
class _TranscriptRule(Rule, abstract=True):
    _abstract = True
    family = "transcript"

    def setup(self) -> None:
        self.m = matchers(self.lexicons)


class OrphanedSpeakerLabel(_TranscriptRule):
    """A broadcast-transcript speaker label left at the start of an article paragraph.

    ## What it does
    Flags labels such as "MICHELE KELEMEN, BYLINE:", "JAKE TAPPER, CNN ANCHOR:",
    "UNIDENTIFIED MAN:" and a bare surname such as "KELEMEN:" at the start of a paragraph
    of an article that is not itself a transcript. A label is recognised by a role word
    ("BYLINE", "HOST", "ANCHOR", "CORRESPONDENT" …), a speaker word ("UNIDENTIFIED MAN",
    BBC "Presenter"), a repeat of a name labelled elsewhere in the document, an all-caps
    name also written in ordinary case in the text ("STUART JONES:" with "Stuart Jones
    said"), or, for a lone word, a rare name-like word (wordfreq) that is not used as an
    acronym in the text, not a heading ("UPDATE:", "NOTE:"), not a list item ("NATO: …"
    between "Russia: …" lines) and not the dateline of the first paragraph. Documents that
    are transcripts (many labels, several speakers taking turns) are left alone; see TR007.
    Role words and speaker words are data in the `transcript` rule pack.

    ## Why is this bad?
    Scrapers and re-publishers paste radio or TV transcripts into articles; the label
    names a broadcaster who is not speaking in the article and breaks the sentence.

    ## Example
    `MICHELE KELEMEN, BYLINE: Human rights groups have documented mass executions.`

    Use instead: `Human rights groups have documented mass executions.`

    Option `in-transcripts = true` also flags every label of a document that is a
    transcript, for turning transcripts into plain text.

    ## Fix
    Removes the label and keeps the spoken sentence; a label alone on its line is deleted
    with the line. Safe when a role or speaker word, or the same name labelled that way
    elsewhere in the document, makes it certain; unsafe for labels recognised by a name
    alone ("KELEMEN:" with no other evidence).
    """

    code = "TR001"
    name = "orphaned-speaker-label"
    fixable = "sometimes"

    options = {"in-transcripts": False}

    def check(self, doc: Document) -> Iterable[Finding]:
        result = analyse(doc, self.m)
        # most documents have no label: no generator for them
        return self._findings(doc, result) if result.labels else ()

    def _findings(self, doc: Document, result: Analysis) -> Iterator[Finding]:
        if result.transcript and self.config["in-transcripts"]:
            labels = result.labels  # every label of the transcript, to turn it into plain text
            where = "a transcript"
        else:
            labels = result.orphans
            where = "an article"
        for lab in labels:
            label_text = doc.text[lab.start : lab.end].strip()
            if lab.alone:
                edit = _delete_line(doc, lab.start)
                title = "Delete the label line"
                end = _content_span(lab.line)[1]
            else:
                edit = Edit.delete(lab.start, lab.end)
                title = "Remove the label, keep the sentence"
                end = lab.end
            fix = Fix((edit,), _safety(lab.safe), title)
            yield self.finding(lab.start, end, f"transcript speaker label {label_text!r} in {where}",
                               fix=fix, data={"speaker": lab.speaker, "evidence": lab.evidence})


class StageDirection(_TranscriptRule):
    """A transcript stage direction such as "(SOUNDBITE OF MUSIC)" left in an article.

    ## What it does
    Flags broadcast stage directions — "(SOUNDBITE OF …)", "(LAUGHTER)", "(CROSSTALK)",
    "(BEGIN VIDEOTAPE)" / "(END VIDEOTAPE)", "(BEGIN VIDEO CLIP)", "[inaudible]" … (the list
    is data in the `transcript` rule pack) — when they stand alone on a line, when they are
    written in capitals outside quotation marks, or when they sit in a paragraph that
    carries an orphaned speaker label. A direction inside a quotation ("We will [inaudible]
    the border," he said) is the reporter's own transcription and stays silent, and so do
    documents that are transcripts (TR007).

    ## Why is this bad?
    The direction describes audio the reader of an article cannot hear; it is residue of a
    radio or TV transcript pasted into the text.

    ## Example
    `(SOUNDBITE OF ARCHIVED RECORDING)` on a line of its own between two paragraphs.

    Use instead: nothing; the line goes.

    ## Fix
    A direction alone on its line: safe, the line is deleted. Inside a paragraph: unsafe,
    the direction and one space are deleted — except directions that mark unheard words
    ("[inaudible]", "(CROSSTALK)"), which are reported without a fix because deleting them
    would make a gap in the speech look complete.
    """

    code = "TR002"
    name = "stage-direction"
    fixable = "sometimes"

    def check(self, doc: Document) -> Iterable[Finding]:
        result = analyse(doc, self.m)
        return () if result.transcript or not result.directions else self._findings(doc, result)

    def _findings(self, doc: Document, result: Analysis) -> Iterator[Finding]:
        labelled = {lab.line.number for lab in result.orphans}
        done_lines: set[int] = set()
        for d in result.directions:
            if d.alone:
                if d.line.number in done_lines:
                    continue
                done_lines.add(d.line.number)
                start, end = _content_span(d.line)
                yield self.finding(start, end, f"stage direction {doc.text[start:end]!r} on its own line",
                                   fix=Fix.safe(_delete_line(doc, start), title="Delete the line"))
            elif not d.quoted and (d.capitals or d.line.number in labelled):
                fix = None if d.gap else Fix.unsafe(_delete_with_space(doc.text, d.start, d.end),
                                                      title="Delete the stage direction")
                yield self.finding(d.start, d.end, f"stage direction {doc.text[d.start:d.end]!r} in an article",
                                   fix=fix)


class TranscriptCreditLine(_TranscriptRule):
    """A transcript's copyright or disclaimer line ("Copyright © 2017 NPR. All rights reserved.").

    ## What it does
    Flags a line that is a broadcaster's transcript credit or disclaimer: NPR's
    "Copyright © … NPR. All rights reserved." and "NPR transcripts are created on a rush
    deadline…", CNN's and Fox's "THIS IS A RUSH TRANSCRIPT…", "Content and Programming
    Copyright … Fox News Network", the BBC's "This transcript was typed from a recording…",
    "Transcript provided by NPR" and "This transcript has been edited…". The patterns are
    regular expressions in the `transcript` rule pack. A document that is a transcript
    keeps its credit line (TR007).

    ## Why is this bad?
    It is furniture of the transcript page, not of the article it was pasted into.

    ## Example
    `Copyright © 2017 NPR. All rights reserved. Visit our website terms of use…`

    Use instead: nothing; the line goes.

    ## Fix
    Deletes the line. Safe for the broadcasters' fixed credit lines; unsafe for "This
    transcript has been edited…", which an article presenting an interview may keep.
    """

    code = "TR003"
    name = "transcript-credit-line"
    fixable = "sometimes"

    def check(self, doc: Document) -> Iterable[Finding]:
        lines = _lines_with(doc, self.m.credit_keywords)
        return self._findings(doc, lines) if lines else ()

    def _findings(self, doc: Document, lines: list[Line]) -> Iterator[Finding]:
        match = self.m.credit.match
        for para in lines:
            if len(para.text) > 600:
                continue
            found = match(para.text)
            if found is None:
                continue
            if analyse(doc, self.m).transcript:
                return
            start, end = _content_span(para)
            safe = not any(found.group(g) is not None for g in self.m.credit_unsafe)
            yield self.finding(start, end, "transcript credit line in an article",
                               fix=Fix((_delete_line(doc, start),), _safety(safe), "Delete the line"))


class BylineLine(_TranscriptRule):
    """A byline line left in the article's head ("By John Smith, Associated Press").

    ## What it does
    Flags a line in the head block of the article (see `newslint.text.edges`) that is only
    a byline: a lead word from the `byline-lead` lexicon ("By", "Written by", "Story by")
    with one or more names ("John Smith", "DANICA KIRKA and JILL LAWLESS"), optionally an
    organisation or role ("Associated Press", "Staff Writer"), contact details and a date;
    or a name with a date ("Chris Davies - Nov 19, 2019, 8:15 pm CST"); or a name with a
    writer's role or an agency ("Greg Beacham, AP Sports Writer"); or an agency alone ("The
    Associated Press"). Roles and agencies are data in the `transcript` rule pack. A line
    that goes on into a sentence ("By Tuesday, the storm had…") does not match, and neither
    does a dateline that opens the first paragraph ("WASHINGTON (Reuters) - …"), which is
    part of the article.

    ## Why is this bad?
    The byline is page metadata; left in the text it reads as the first sentence of the
    article and pollutes deduplication, summaries and training data.

    ## Example
    `By John Smith, Associated Press` above the first paragraph.

    Use instead: nothing in the text; keep the author in metadata.

    ## Fix
    Deletes the line. Safe, except on the document's first line, where a title can look
    like a byline ("By Popular Demand", "Apple Event - September 10, 2019"): there it is
    safe only for a "By" line with more than a bare name, and unsafe otherwise.
    """

    code = "TR004"
    name = "byline-line"
    fixable = "sometimes"

    def check(self, doc: Document) -> list[Finding]:
        # a list, not a generator: most heads have a line or two and no byline
        found: list[Finding] = []
        head = _head_block(doc)
        byline_shape = self.m.byline.shape
        for number, line_start, _, line, text, digit in head.furniture:
            if not text[:1].isalpha():
                continue
            shape = byline_shape(text, digit)
            if shape is None or _is_title(doc, text):
                continue
            start, end = _stripped_span(line_start, line)
            # the first line may be a title that looks like a byline ("By Popular Demand",
            # "Apple Event - September 10, 2019"): certain only with "By" and more than a name
            plain = len(text.split()) <= 4 and not _rx(_NOT_PLAIN).search(text)
            safe = number != head.first or (shape == "lead" and not plain)
            found.append(self.finding(start, end, "byline residue at the head of the article",
                                      fix=Fix((_delete_line(doc, start),), _safety(safe), "Delete the byline line")))
        return found


class TimestampLine(_TranscriptRule):
    """A publication timestamp line left in the article's head ("Updated 3:45 p.m. ET").

    ## What it does
    Flags a line in the head block of the article that is nothing but a date or time with
    the usual keywords: "Updated 3:45 p.m. ET", "Published 10:02 a.m. ET Nov. 19, 2019 |
    Updated 11:00 a.m. ET", "PUBLISHED: 00:01, Tue, Nov 19, 2019", "November 18, 2019",
    "2 days ago at 07:47 am", "22 de outubro de 2010 às 20:13", or a keyword alone
    ("Updated"). Apart from a lone keyword it needs a digit and a month or weekday, a clock
    time, a full numeric date or "ago". Keywords, month and weekday names (English, French,
    German, Italian, Portuguese, Spanish), their glue words and time zones are data in the
    `transcript` rule pack. A dateline that opens a paragraph ("WASHINGTON (Reuters) - …")
    is part of the article and never matches; neither does an editor's note such as
    "UPDATE: The company has since responded…", which is article text.

    ## Why is this bad?
    The timestamp is page metadata; in the text it is noise before the first sentence.

    ## Example
    `Updated 3:45 p.m. ET` above the first paragraph.

    Use instead: nothing in the text; keep the date in metadata.

    ## Fix
    Safe: deletes the line (only lines in the head block are flagged).
    """

    code = "TR005"
    name = "timestamp-line"
    fixable = "safe"

    def check(self, doc: Document) -> list[Finding]:
        found: list[Finding] = []  # a list, not a generator (see BylineLine.check)
        dates = self.m.dates
        for _, line_start, _, line, text, digit in _head_block(doc).furniture:
            if digit >= 0:
                if not dates.is_timestamp(text):
                    continue
            elif len(text) > 40 or not dates.is_keyword_line(text):  # "Updated" alone
                continue
            start, end = _stripped_span(line_start, line)
            found.append(self.finding(start, end, "timestamp residue at the head of the article",
                                      fix=Fix.safe(_delete_line(doc, start), title="Delete the timestamp line")))
        return found


class RepeatedTitle(_TranscriptRule):
    """The article's title repeated as the first line of its body.

    ## What it does
    Flags the first paragraph when it repeats the document's title (the JSONL `title`
    field), or, for plain text whose first line is the title, a second paragraph that
    repeats the first one. Comparison ignores case, spacing and end punctuation.

    Off by default: the Multi-News and extraction corpora label the repeated headline
    "don't care", and a content repository often keeps the title as the first line on
    purpose. Select TR006 to enable it.

    ## Why is this bad?
    The title appears twice; summaries and deduplication see it twice.

    ## Example
    Title `Syria denies burning prisoners' bodies claim`, and the body starts with the same
    line.

    Use instead: the body starting with its first real paragraph.

    ## Fix
    Safe: deletes the repeated line (it is an exact repeat, so no text is lost).
    """

    code = "TR006"
    name = "repeated-title"
    fixable = "safe"
    default_enabled = False

    def check(self, doc: Document) -> Iterator[Finding]:
        paragraphs = doc.paragraphs
        if not paragraphs:
            return
        if doc.title and doc.title.strip():
            target, repeat = doc.title, paragraphs[0]
        elif len(paragraphs) >= 2 and _title_like(paragraphs[0].text):
            target, repeat = paragraphs[0].text, paragraphs[1]
        else:
            return
        if len(target) > 300 or len(repeat.text) > 2 * len(target) + 10:
            return
        key = _title_key(target)
        if not key or key != _title_key(repeat.text):
            return
        start, end = _content_span(repeat)
        yield self.finding(start, end, "the title is repeated as the first line of the body",
                           fix=Fix.safe(_delete_line(doc, start), title="Delete the repeated title"))


class TranscriptDocument(_TranscriptRule):
    """The document is a broadcast transcript, so its speaker labels are not flagged.

    ## What it does
    Reports once, at the first speaker label, that the document reads as a transcript: at
    least three paragraphs open with a speaker label, they make up at least a fifth of the
    paragraphs, at least two speakers appear and one of them speaks more than once. TR001,
    TR002 and TR003 stay silent on such documents, since their labels, stage directions
    and credit lines belong to them.

    ## Why is this bad?
    It is not: this is information, so that a transcript in a corpus of articles can be
    routed or skipped on purpose.

    ## Example
    `STEVE INSKEEP, HOST: …` / `KELEMEN: …` / `INSKEEP: …` paragraph after paragraph.

    ## Fix
    None: the finding is informational.
    """

    code = "TR007"
    name = "transcript-document"
    severity = Severity.INFO

    def check(self, doc: Document) -> Iterable[Finding]:
        result = analyse(doc, self.m)
        if not result.transcript:
            return ()
        first = result.labels[0]
        return (self.finding(
            first.start, first.end,
            f"the document is a transcript ({len(result.labels)} speaker labels, {result.speakers} speakers); "
            "its labels are not flagged",
            data={"labels": len(result.labels), "speakers": result.speakers},
        ),)


_DIGIT = re.compile(r"\d")
_ASCII_DIGIT = re.compile(r"[0-9]")


def _lines_with(doc: Document, words: Iterable[str]) -> list[Line]:
    """The lines holding any of ``words``, in order, found with str.find (no line loop)."""
    text = doc.text
    if not any(map(text.__contains__, words)):  # the common case, tested without a Python loop
        return []
    bounds: dict[int, int] = {}  # start -> end of every line holding a word
    for word in words:
        i = text.find(word)
        while i >= 0:
            start = text.rfind("\n", 0, i) + 1
            end = text.find("\n", i)
            if end < 0:
                end = len(text)
            bounds[start] = end
            i = text.find(word, end)
    if not bounds:
        return []
    lines = _LineCounter(text)
    return [lines.line(start, bounds[start]) for start in sorted(bounds)]


def _content_span(line: Line) -> tuple[int, int]:
    """Offsets of a line's text without its leading and trailing whitespace."""
    return _stripped_span(line.start, line.text)


def _stripped_span(start: int, text: str) -> tuple[int, int]:
    """Offsets of ``text``, found at ``start``, without its leading and trailing whitespace."""
    return start + len(text) - len(text.lstrip()), start + len(text.rstrip())


def _delete_line(doc: Document, offset: int) -> Edit:
    """Delete the line at ``offset`` with the line break *before* it (and a blank line when
    the line sat between two), so the edit ends where the line ended and never touches the
    next paragraph, whose own fix (a label two lines down) then applies in the same pass.
    The first line falls back to ``newslint.packs.delete_line_edit``."""
    line = doc.line_at(offset)
    if line.number == 1:
        return delete_line_edit(doc, offset)
    lines = doc.lines
    prev = lines[line.number - 2]
    nxt = lines[line.number] if line.number < len(lines) else None
    start = line.start - 1
    if prev.is_blank and line.number > 2 and (nxt is None or nxt.is_blank):
        start = prev.start - 1
    return Edit.delete(start, line.end)


def _safety(safe: bool) -> Safety:
    return Safety.SAFE if safe else Safety.UNSAFE


def _delete_with_space(text: str, start: int, end: int) -> Edit:
    """Delete ``text[start:end]`` and one space beside it, so no double space is left."""
    if start > 0 and text[start - 1] in " \t":
        return Edit.delete(start - 1, end)
    if end < len(text) and text[end] in " \t":
        return Edit.delete(start, end + 1)
    return Edit.delete(start, end)


def _title_key(text: str) -> str:
    return line_key(text).rstrip("?!\"'”’ ")


def _title_like(text: str) -> bool:
    """A first line that can be a headline: short, and not a sentence, caption or heading."""
    if len(text) > 300:
        return False
    stripped = text.strip()
    return 0 < len(stripped.split()) <= 25 and not stripped.endswith((".", ":", ";", ","))


def _is_title(doc: Document, text: str) -> bool:
    return bool(doc.title) and _title_key(doc.title or "") == _title_key(text)


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [OrphanedSpeakerLabel, StageDirection, TranscriptCreditLine, BylineLine, TimestampLine,
            RepeatedTitle, TranscriptDocument]

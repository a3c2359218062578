"""The TR family beyond its case tables: the seeds, the title field, extending the pack
without Python, the transcript decision, speed on hostile input, and real text."""

from __future__ import annotations

import copy
import functools
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newslint.checks.transcript import Matchers, analyse, matchers
from newslint.config import Config
from newslint.document import Document, Line
from newslint.engine import Linter
from newslint.model import Finding, Safety

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"
ALL_TR = Config(select=("TR",), extend_select=("TR006", "TR007"))
FAST_PATHS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NPR_TRANSCRIPT = """STEVE INSKEEP, HOST:

The State Department says it has new evidence about a prison in Syria.

MICHELE KELEMEN, BYLINE: The acting assistant secretary showed photos to reporters.

(SOUNDBITE OF ARCHIVED RECORDING)

STUART JONES: We believe that the building is a crematorium.

KELEMEN: Jones says the photos were taken over several years.

INSKEEP: Michele, thanks very much for the report this morning.

Copyright © 2017 NPR. All rights reserved. Visit our website terms of use and permissions pages at www.npr.org for further information.
"""


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(ALL_TR, entry_points=False)


def lint(linter: Linter, text: str, title: str | None = None) -> list[Finding]:
    return linter.lint(Document(text, title=title)).findings


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- seeds
def test_seed_002_full_label_is_found_and_fixed_safely(linter: Linter) -> None:
    text = seed("002")
    [f] = [f for f in lint(linter, text) if f.code == "TR001"]
    assert f.matched.startswith("MICHELE KELEMEN, BYLINE:")
    assert f.fix is not None and f.fix.safety is Safety.SAFE
    fixed = linter.fix(Document(text), Safety.SAFE).fixed_text
    assert fixed is not None and "\nHuman rights groups have documented mass executions" in fixed
    assert "BYLINE" not in fixed


def test_seed_004_bare_surname_is_found_with_an_unsafe_fix(linter: Linter) -> None:
    text = seed("004")
    [f] = [f for f in lint(linter, text) if f.code == "TR001"]
    assert f.matched.strip() == "KELEMEN:"
    assert f.fix is not None and f.fix.safety is Safety.UNSAFE
    assert linter.fix(Document(text), Safety.SAFE).fixed_text is None
    fixed = linter.fix(Document(text), Safety.UNSAFE).fixed_text
    assert fixed is not None and "\nAnd Russia, Jones says, should take responsibility" in fixed


def test_seeds_have_nothing_else_for_the_family(linter: Linter) -> None:
    found = {path.name[:3]: [f.code for f in lint(linter, path.read_text(encoding="utf-8"))]
             for path in sorted(SEEDS.glob("*.txt"))}
    assert found == {"000": [], "001": [], "002": ["TR001"], "003": [], "004": ["TR001"]}


# --------------------------------------------------------------------------- transcript decision
def test_a_transcript_gets_one_info_finding_and_nothing_else(linter: Linter) -> None:
    findings = lint(linter, NPR_TRANSCRIPT)
    assert [f.code for f in findings] == ["TR007"]
    assert findings[0].severity.value == "info" and findings[0].fix is None


def test_the_same_labels_pasted_into_an_article_are_flagged(linter: Linter) -> None:
    article = (
        "The State Department accused the government on Monday of building a crematorium at a prison.\n\n"
        + "\n\n".join(f"Paragraph {i} of the article reports what officials said about it." for i in range(12))
        + "\n\nMICHELE KELEMEN, BYLINE: The acting assistant secretary showed photos to reporters.\n\n"
        "(SOUNDBITE OF ARCHIVED RECORDING)\n\n"
        "KELEMEN: Jones says the photos were taken over several years.\n"
    )
    codes = [f.code for f in lint(linter, article)]
    assert codes == ["TR001", "TR002", "TR001"]
    fixed = linter.fix(Document(article), Safety.SAFE).fixed_text
    assert fixed is not None
    assert "KELEMEN" not in fixed and "SOUNDBITE" not in fixed
    assert "Jones says the photos were taken over several years." in fixed


def test_analysis_is_built_once_per_document_and_matchers_once_per_pack(linter: Linter) -> None:
    rule = next(r for r in linter.rules if r.code == "TR001")
    assert matchers(rule.lexicons) is matchers({k: list(v) for k, v in rule.lexicons.items()})
    doc = Document(NPR_TRANSCRIPT)
    assert analyse(doc, rule.m) is analyse(doc, rule.m)
    assert analyse(doc, rule.m).transcript


# --------------------------------------------------------------------------- title field
def test_repeated_title_from_the_title_field() -> None:
    linter = Linter(Config(select=("TR006",)), entry_points=False)
    body = "Syria denies claim\n\nThe ministry denied the report on Tuesday, calling it a fabrication.\n"
    [f] = linter.lint(Document(body, title="Syria Denies Claim")).findings
    assert (f.code, f.span.line if f.span else 0) == ("TR006", 1)
    assert linter.fix(Document(body, title="Syria Denies Claim")).fixed_text == (
        "The ministry denied the report on Tuesday, calling it a fabrication.\n")
    assert linter.lint(Document(body, title="Another headline")).findings == []


def test_repeated_title_is_off_by_default() -> None:
    assert "TR006" not in Linter(Config(), entry_points=False).codes


# --------------------------------------------------------------------------- pack data
def test_a_newsroom_pack_adds_role_words_and_stage_directions(tmp_path: Path) -> None:
    pack = tmp_path / "house.toml"
    pack.write_text(
        '[[lexicon]]\nname = "transcript-role"\nphrases = ["PLAY-BY-PLAY"]\n\n'
        '[[lexicon]]\nname = "transcript-stage-direction"\nphrases = ["HORN HONKS"]\n',
        encoding="utf-8",
    )
    text = ("The team won its third straight game on Sunday, clinching a place in the playoffs.\n\n"
            "JOE BUCK, PLAY-BY-PLAY: And the crowd is on its feet as the ball sails over the wall.\n\n"
            "(HORN HONKS)\n")
    plain = Linter(Config(select=("TR001", "TR002")), entry_points=False)
    extended = Linter(Config(select=("TR001", "TR002"), rule_packs=(str(pack),)), entry_points=False)
    before = plain.lint(Document(text)).findings
    after = extended.lint(Document(text)).findings
    # without the pack the label is only "described" (unsafe) and the direction unknown
    assert [(f.code, f.fix.safety if f.fix else None) for f in before] == [("TR001", Safety.UNSAFE)]
    assert [(f.code, f.fix.safety if f.fix else None) for f in after] == [
        ("TR001", Safety.SAFE), ("TR002", Safety.SAFE)]


# --------------------------------------------------------------------------- robustness
@pytest.mark.parametrize("text", [
    "A" * 5000 + ": x\n",
    ("JOHN " * 400) + ": The words go on and on and on.\n",
    "Intro line\nBy " + "John Smith, " * 150 + "x\n",
    "Intro line\n" + "Word " * 150 + "- Nov 19, 2019 x\n",
    "Intro line\n" + "1" * 20000 + "\n",
    "Intro line\n" + "Nov 19 " * 60 + "zzz\n",
    "(" * 5000 + "SOUNDBITE OF" + ")" * 10 + "\n",
    ("UPDATE: " * 500) + "\n",
])
def test_hostile_lines_finish_quickly(linter: Linter, text: str) -> None:
    start = time.process_time()
    linter.lint(Document(text))
    assert time.process_time() - start < 1.0


# --------------------------------------------------------------------------- real text
def _records(name: str) -> list[dict]:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus not available: {path}")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_no_finding_on_clean_edited_articles(linter: Linter) -> None:
    found = [(r["id"], f.code, f.matched) for r in _records("gold.jsonl")
             for f in lint(linter, r["text"])]
    assert found == []


def test_fixes_stay_inside_their_findings_and_converge_on_scraped_text(linter: Linter) -> None:
    for record in _records("multinews.jsonl") + _records("extracted.jsonl"):
        doc = Document(record["text"])
        if not any(f.fix for f in linter.lint(doc).findings):
            continue
        result = linter.fix(Document(record["text"]), Safety.UNSAFE)
        assert not [f for f in result.findings if f.code.startswith("NL")], record["id"]
        assert result.fixed_text is not None
        assert linter.fix(Document(result.fixed_text), Safety.UNSAFE).fixed_text is None, record["id"]


# --------------------------------------------------------------------------- fast paths
# The analysis reads lines cut from the text around candidates instead of the document's
# line index; each helper must give what the plain definition over doc.lines gives.
LINE_PARTS = ["a", "KELEMEN: And Russia, Jones says, should take responsibility.", "", " ", "\t", "\r",
              "The ministry denied the report on Tuesday, calling it a fabrication of the press.",
              "By John Smith, Associated Press", "(SOUNDBITE OF MUSIC)", "Updated 3:45 p.m. ET"]


@st.composite
def line_soup(draw: st.DrawFn) -> str:
    text = "\n".join(draw(st.lists(st.sampled_from(LINE_PARTS), min_size=1, max_size=9)))
    return text + draw(st.sampled_from(["", "\n"]))


def _plain_neighbours(doc: Document, number: int) -> list:
    lines, out = doc.lines, []
    for step in (-1, 1):
        i = number - 1 + step
        while 0 <= i < len(lines) and lines[i].is_blank:
            i += step
        if 0 <= i < len(lines):
            out.append(lines[i])
    return out


@functools.cache
def _tr_matchers():
    return Linter(ALL_TR, entry_points=False).rules[0].m


@FAST_PATHS
@given(line_soup())
def test_lines_cut_from_the_text_are_the_documents_lines(text: str) -> None:
    from newslint.checks.transcript import _LineCounter, _neighbours

    doc = Document(text)
    for line in doc.lines:
        assert list(_neighbours(doc, line)) == _plain_neighbours(doc, line.number)
        assert _LineCounter(text).line_at(line.start) == line == _LineCounter(text).line_at(line.end)
    counter = _LineCounter(text)
    assert [counter.line(line.start, line.end) for line in doc.lines] == doc.lines


@FAST_PATHS
@given(line_soup())
def test_head_block_scanned_from_the_top_is_the_paragraphs_head(text: str) -> None:
    from newslint.checks.transcript import _prose, _scan_head

    doc = Document(text)
    paragraphs = doc.paragraphs
    first_prose = next((i for i, p in enumerate(paragraphs) if _prose(p.text)), len(paragraphs))
    block = paragraphs[: max(first_prose, 2)]
    head = _scan_head(text)
    assert head.first == (block[0].number if block else 0)
    assert head.lead == (paragraphs[first_prose].number if first_prose < len(paragraphs) else len(doc.lines) + 1)
    furniture = [p for p in block if len(p.text.strip()) <= 200]
    assert [Line(*entry[:4]) for entry in head.furniture] == furniture
    for entry, para in zip(head.furniture, furniture):
        digit = re.search(r"\d", para.text.strip())
        assert entry[4:] == (para.text.strip(), -1 if digit is None else digit.start())


@FAST_PATHS
@given(st.lists(st.sampled_from(["word", " ", "  ", "\t", "\u00a0", ".", "!", "…", "”", ")", "’", "x" * 40, "?\"",
                                 "\u2003"]), max_size=40).map("".join))
def test_prose_test_is_the_sentence_end_pattern(text: str) -> None:
    from newslint.checks.transcript import _prose

    stripped = text.strip()
    expected = (len(text) >= 50 and len(stripped.split(None, 12)) >= 12
                and re.search(r"[.!?…][\"'”’)\]]*$", stripped[-16:]) is not None)
    assert _prose(text) == expected


@FAST_PATHS
@given(st.text(alphabet=": \t\r\na", max_size=12), st.integers(0, 4))
def test_label_lines_are_each_lines_first_label_colon(text: str, limit: int) -> None:
    from newslint.checks import transcript

    expected = []
    for line in Document(text).lines:
        colon = re.compile(r":(?=[ \t\r\n]|$)").search(text, line.start, line.end + 1)
        if colon is not None and colon.start() < line.end + (line.end == len(text)) and colon.start() - line.start <= limit:
            expected.append((line.start, colon.start(), line.end))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transcript, "_MAX_LABEL_CHARS", limit)
        assert list(transcript._label_lines(text)) == expected


#: the label patterns as the ``regex`` module compiled them before the stdlib twins and the
#: atomic name: the twins must make the very same matches
_QUALIFIERS = ["voice-over", "voice over", "on camera", "through interpreter", "via Skype", "singing", "laughter",
               "off-mic", "off mic"]
_LABEL_BEFORE = r"""(?P<indent>[ \t]*)
    (?P<name>(?:Mc|Mac)?\p{Lu}[\p{Lu}'’\-]*\.?(?:[ \t]+(?:Mc|Mac)?\p{Lu}[\p{Lu}'’\-]*\.?){0,5})
    (?:[ \t]*\((?:[RDI](?:-\p{Lu}{2,4})?)\))?
    (?:[ \t]*,[ \t]*(?P<desc>[\p{Lu}\d][\p{Lu}\d.'’&/\-,() ]{0,99}?))?
    (?:[ \t]*\((?i:QUALIFIER)\))?
    [ \t]*:(?=[ \t]|$)
    (?:[ \t]*\((?i:QUALIFIER)\)\.?)?
    [ \t]*""".replace("QUALIFIER", "|".join(map(re.escape, sorted(_QUALIFIERS, key=len, reverse=True))))
_MIXED_BEFORE = (r"(?P<indent>[ \t]*)(?P<name>\p{Lu}[\p{Ll}'’\-]+(?:[ \t]+(?:(?:de|da|del|di|du|van|von|der|den|la|le"
                 r"|al|el|bin|ibn)[ \t]+)?(?:\p{Lu}\.|\p{Lu}[\p{Ll}'’\-]+)){0,3})[ \t]*:[ \t]+")
_LABEL_PARTS = ["JOHN", "SMITH", "McDONALD", "MacNEIL", "Mc", "Mac", "O’BRIEN", "ÉLISE", "Judy", "Woodruff", "van", " ",
                "\t", ", ", ",", "BYLINE", "(R)", "(D-CA)", "(D-ÉÉ)", "(voice-over)", "(VOICE OVER)", "(ſinging)",
                "(\u212aaughter)", "(through ınterpreter)", ":", ": ", "1987", "٣", "J.", "-", "’", "a", "ß", "(", ")",
                "&", ".", "ǅ", "\U00010d50", "A", "B.", "de ", "del", "Remarks", "’s"]


def _opener(label: object, mixed: object, start: int) -> object:
    """What ``Matchers.match_label`` returns, from the patterns' matches on the line."""
    for found, capitals in ((label, True), (mixed, False)):
        if found is not None:
            desc = (found["desc"] or "") if capitals else ""  # type: ignore[index]
            return (capitals, start + found.end("indent"), start + found.end(), found["name"], desc)  # type: ignore[attr-defined]
    return None


@FAST_PATHS
@given(st.lists(st.sampled_from(_LABEL_PARTS), min_size=1, max_size=10).map("".join))
@example("JAMES DIXON (manager for Jon Stewart, 1987-):")
@example("MICHELE KELEMEN, BYLINE: Human rights groups")
@example("O’BRIEN (through interpreter): Yes.")
@example("ÉLISE Judy: Woodruff")
@example("Secretary Clinton’s Remarks on the Attack: text")  # the possessive words give nothing back
@example("Maria del Carmen de Souza: text")
def test_stdlib_twins_make_the_regex_patterns_matches(line: str) -> None:
    import regex

    m = Matchers(_qualifier_lexicons())
    label, mixed = regex.compile(_LABEL_BEFORE, regex.VERBOSE), regex.compile(_MIXED_BEFORE)
    found_label = label.match(line)
    assert (found_label is None) == (m.label.match(line) is None)
    expected = _opener(found_label, mixed.match(line) if found_label is None else None, 3)
    assert m.match_label(f"x:\n{line}\nMORE: text", 3, 3 + len(line)) == expected


@functools.cache
def _qualifier_lexicons() -> dict:
    lexicons = dict(_tr_matchers().lexicons)
    lexicons["transcript-label-qualifier"] = [{"phrase": p} for p in _QUALIFIERS]
    return lexicons


@FAST_PATHS
@given(st.lists(st.sampled_from(["OPEC", "OPEC-OPEC", "OPE", "é", "_", "1", "-", " ", "’", "\u0301", "x"]),
                max_size=10).map("".join))
def test_surname_uses_counted_with_find_are_the_pattern_s(text: str) -> None:
    import regex

    from newslint.checks.transcript import _standalone_count

    for word in ("OPEC", "OPEC-OPEC"):
        expected = len(regex.findall(rf"(?<![\w]){regex.escape(word)}(?![\w])", text))
        assert _standalone_count(text, word) == expected


@FAST_PATHS
@given(st.lists(st.sampled_from(["By", "by", "BY", "Written", " by", " ", "John", "Smith", "ſ", "tory", "Story",
                                 "Reporting", ",", "Residents"]), min_size=1, max_size=6).map("".join))
@example("ſtory by")  # the long s matches "s" case-blind: the shortcut must case-fold, not lower
def test_byline_lead_shortcut_never_drops_a_lead_match(text: str) -> None:
    byline = _tr_matchers().byline
    plain = copy.copy(byline)
    plain.lead_prefixes = None  # the pattern alone decides
    text = text.strip()
    assert byline._lead(text) == plain._lead(text)


def test_matchers_compile_nothing_until_a_document_needs_it() -> None:
    m = Matchers(_tr_matchers().lexicons)
    doc = Document("Plain prose without any candidate at all, written in one short line here.\n")
    analyse(doc, m)
    assert not {"label", "mixed_label", "wide_labels", "stage", "credit"} & set(vars(m))
    analyse(Document("Intro line.\n\nKELEMEN: And Russia, Jones says, should take responsibility.\n"), m)
    assert "wide_labels" in vars(m)
    assert "label" not in vars(m)  # an ASCII label needs no regex-module pattern
    analyse(Document("Intro line.\n\nKELEMEN: And Russia, Jones says, should take responsibility.\n"
                     "O’BRIEN: Jones says the photos were taken over several years.\n"), m)
    assert "label" in vars(m)


@FAST_PATHS
@given(st.lists(st.sampled_from(["Chris Davies", "Apple Event", " - ", ", ", "Nov 19", " 2019", "8:15 pm", " | ",
                                 "CST", "x1", "Smith-Jones", " and ", "Mary Lee", "—"]), min_size=1, max_size=7)
       .map("".join))
def test_dated_bylines_tried_before_the_first_digit_only(text: str) -> None:
    import re

    byline = _tr_matchers().byline
    digit = re.search(r"\d", text)
    if digit is None or not text[:1].isupper():
        return
    plain = any(byline.dates.is_timestamp(text[i + 1:]) and byline.people.fullmatch(text[:i])
                for i in (m.start() for m in re.finditer(r"[,|—–·•-]", text)))
    assert byline._dated(text, digit.start()) == plain


@FAST_PATHS
@given(st.lists(st.sampled_from(["Greg Beacham", ", ", ",", " ", "AP", "Sports", "Writer", "writer", "Staff", "of",
                                 "The Associated Press", "Press", "Associated", "and", "Mary Lee", "x"]),
                min_size=1, max_size=9).map("".join))
@example("Greg Beacham, AP Sports Writer")
def test_role_bylines_looked_up_by_their_last_word_first(text: str) -> None:
    byline = _tr_matchers().byline
    name, _, after = text.partition(",")
    words = after.split()
    plain = (0 < len(words) <= 6 and any(" ".join(w.lower() for w in words[-k:]) in byline.tails for k in (1, 2, 3))
             and byline.person.fullmatch(name) is not None
             and all(w[:1].isupper() or w in ("of", "and") for w in words))
    assert byline._role(text) == plain


#: the date tokens as they were, whitespace a token of its own (the reference)
_DATE_TOKEN_BEFORE = re.compile(
    r"""(?P<num>\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?
         |\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}(?!\d)
         |\d{1,2}[:.h]\d\d(?::\d\d)?(?!\d)
         |\d{1,4}(?:st|nd|rd|th|\.)?(?!\d))
      |(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)\.?
      |(?P<mark>[,;|•·/()+\-–—:\[\]])
      |(?P<space>\s+)
      |(?P<other>.)""",
    re.VERBOSE,
)


def _timestamp_before(dates: object, text: str, start: int = 0) -> tuple[bool, bool]:
    """``Dates.is_timestamp`` of ``text[start:]`` and ``Dates.dateish`` as they were."""
    digit = anchored = False
    for token in _DATE_TOKEN_BEFORE.finditer(text, start):
        kind = token.lastgroup
        if kind == "num":
            digit = True
            anchored = anchored or re.match(r"\d[:.h]\d\d|\d[/.\-]\d{1,2}[/.\-]\d|\d{4}-\d\d-\d\d", token[0]) is not None
        elif kind == "word":
            word = token["word"].lower()
            if word not in dates.words:  # type: ignore[attr-defined]
                return False, False
            anchored = anchored or word in dates.anchors or word == "ago"  # type: ignore[attr-defined]
        elif kind == "other":
            return False, False
    return digit and anchored, True


@FAST_PATHS
@given(st.lists(st.sampled_from(["Nov", " ", "  ", "\t", "19", ",", "2019", "8:15", "pm", "CST", "ago", "2", "days",
                                 "\u00a0", "\u2003", "x", "Updated", "|", ".", "-", "\n", "12/03/2019", "٣", "de",
                                 "às", "Tue.", "2019-11-19T08:15:00Z"]), max_size=10).map("".join))
@example("Updated at 1:23 p.m. ")
def test_date_tokens_skip_whitespace_as_the_space_tokens_did(text: str) -> None:
    dates = _tr_matchers().dates
    assert dates.is_timestamp(text) == _timestamp_before(dates, text)[0]
    for start in range(min(len(text), 6)):
        assert dates.dateish(text, start) == _timestamp_before(dates, text, start)[1]


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


@FAST_PATHS
@given(st.lists(st.sampled_from(["(", "[", " ", "\t", "Laughter", "laughter", "LAUGHTER", "2019", "the", ")", "]",
                                 "SOUNDBITE OF MUSIC", "ſinging", "\u212aaughter", "Éclat", "\n", "_", "x"]),
                max_size=12).map("".join))
@example("( LAUGHTER) and [inaudible]")
def test_directions_skip_brackets_no_stage_word_can_follow(text: str) -> None:
    from newslint.checks.transcript import _directions

    m = _tr_matchers()
    plain = copy.copy(m)
    plain.__dict__["stage_openers"] = _Everything()  # every bracket asks the pattern
    assert _directions(text, m) == _directions(text, plain)


def _spoken_before(text: str, strict: bool) -> bool:
    """``_spoken`` as it was written before its C-level word counts (the reference)."""
    stripped = text.strip()
    if len(stripped.split(None, 4)) < 4:
        return False
    if not (stripped[:1].isupper() or stripped[:1] in "\"“‘'(—–-…"):
        return False
    if not strict:
        return True
    long_words = [w for w in stripped[:300].split()[1:] if len(w) >= 4 and w[:1].isalpha()]
    capitalised = sum(1 for w in long_words if w[:1].isupper())
    end = re.search(r"[.!?…—–\-][\"'”’)\]]*\s*$|[\"”]\s*$", stripped[-12:])
    return end is not None and capitalised <= len(long_words) // 2


@FAST_PATHS
@given(st.lists(st.sampled_from(["The", "said", "Jones", "WORD", "Ⅻth", "²nd", "élan", "Über", "it", " ", "  ", "\t",
                                 ".", "!", "—", "-", "”", "\"", ")", "’", "x" * 20, "Ab" * 80, "\u2003", "\x1c"]),
                max_size=30).map("".join))
@example("Human rights groups have documented mass executions.")
@example("Dad To Conservatorship Judge: I Want More Money!")
def test_spoken_text_is_the_word_count_and_sentence_end_it_was(text: str) -> None:
    from newslint.checks.transcript import _spoken

    assert _spoken(text) == _spoken_before(text, False)
    assert _spoken(text, strict=True) == _spoken_before(text, True)


@FAST_PATHS
@given(st.lists(st.sampled_from(["STUART JONES", "Stuart Jones", "STUART Jones", "stuart jones", "Stuart-Jones",
                                 "İ", "Σ", " ", "x", "\n", "O'BRIEN", "O'Brien", "MCDONALD", "McDonald"]),
                max_size=8).map("".join),
       st.sampled_from(["STUART JONES", "O'BRIEN", "MCDONALD", "STUART-JONES"]))
def test_name_mentioned_in_prose_as_before(text: str, name: str) -> None:
    from newslint.checks.transcript import _mentioned_in_prose

    low, expected = text.lower(), False
    i = low.find(name.lower())
    while i >= 0 and not expected:
        found = text[i : i + len(name)]
        expected = found != name and all(w[:1].isupper() for w in found.split())
        i = low.find(name.lower(), i + 1)
    assert _mentioned_in_prose(Document(text), name) == expected

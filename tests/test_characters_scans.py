"""The fast scans of the character rules (EN, DB, PU, QT, WS) find what the plain
definitions they replace find: UTF-8 patterns against text patterns, prefilters against
the exact checks, and long inputs in linear time."""

from __future__ import annotations

import re
import signal
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.config import Config
from newslint.document import Document
from newslint.engine import Linter

FAMILIES = ("EN", "DB", "PU", "QT", "WS")
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- UTF-8 patterns
def test_mojibake_hint_in_utf8_is_the_text_hint() -> None:
    from newslint.checks.encoding import _MOJIBAKE_HINT, _MOJIBAKE_HINT_UTF8

    firsts = [chr(c) for c in range(0xA0, 0x180)] + ["a"]
    seconds = [chr(c) for c in range(0x80, 0x2200)] + ["x"]
    differ = [a + b for a in firsts for b in seconds
              if bool(_MOJIBAKE_HINT.search(a + b)) != bool(_MOJIBAKE_HINT_UTF8.search((a + b).encode()))]
    assert not differ


@pytest.mark.parametrize("block", [(0x00, 0x3100), (0xD7F0, 0xD800), (0xE000, 0x10000), (0x1F300, 0x1F700),
                                   (0xE0000, 0xE0080), (0xF0000, 0xF0100)])
def test_invisible_gate_in_utf8_is_the_invisible_pattern(block: tuple[int, int]) -> None:
    from newslint.checks.encoding import _INVISIBLE, _may_hold_invisibles

    differ = [hex(c) for c in range(*block)
              if bool(_INVISIBLE.match(chr(c))) != _may_hold_invisibles(Document(f"a{chr(c)}b"))]
    assert not differ


# --------------------------------------------------------------------------- repeated words
WORDS = ["the", "The", "THE", "on", "On", "a", "A", "école", "École", "ÉCOLE", "οδος", "ΟΔΟΣ", "İs", "is",
         "Loading...", "don’t", "Don’t", "10", "x\u00a0y", "café", "cafè", "K", "k", "\u212a", "ẞ", "ß"]
SEPARATORS = [" ", " ", " ", "\n", "\t", "\u00a0", "  ", ", ", ". ", "” ", "’ ", " — "]


@st.composite
def word_soup(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
    out = [draw(st.sampled_from(["", " ", "\n", "\t"]))]
    for word in words:
        out += [word, draw(st.sampled_from(SEPARATORS))]
    return "".join(out)


@EXAMPLES
@given(word_soup())
def test_repeated_words_are_the_exact_scan_s(text: str) -> None:
    from newslint.checks.doubled import _repeated_words, _repeated_words_exactly

    if any(c in text for c in "\u212aẞ"):  # two cases of different UTF-8 lengths: documented gap
        return
    assert _repeated_words(Document(text)) == _repeated_words_exactly(Document(text))


def test_repeated_words_compare_letters_case_blind_beyond_ascii(byte_scan_only: None) -> None:
    import newslint.checks.doubled as doubled

    text = "Ils ont dit École école et ΟΔΟΣ οδος, puis the THE.\nLoading... Loading... Loading…\n"
    found = [token for *_, token in doubled.repeated_words(Document(text))]
    assert found == ["école", "οδος", "the", "loading..."]


# --------------------------------------------------------------------------- glued words
TOKENS = ["the", "Government", "iPhone", "McDonald", "Ocasio-Cortez", "YouTube", "é", "’", "@", "#", "-",
          "govern", "ment", "ab", "Xy", "Abc", "abc", "/", ".", "_", "9", " ", " ", "\n"]


@EXAMPLES
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25).map("".join))
def test_left_half_is_its_regex(text: str) -> None:
    from newslint.checks.whitespace import _LEFT_HALF, _left_half

    for p in range(len(text) + 1):
        if text[p - 1:p] == "\n":
            continue  # not a case join; there _LEFT_HALF's "$" would match before the line break
        m = _LEFT_HALF.search(text, max(0, p - 30), p)
        assert _left_half(text, p) == (m.start() if m else None), p


@EXAMPLES
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25).map("".join))
def test_byte_prefilters_keep_every_glued_candidate(text: str) -> None:
    from newslint.checks.doubled import _WORD_START, _glued_copies, case_joins
    from newslint.checks.textscan import char_offsets
    from newslint.checks.whitespace import _RIGHT_HALF, _glued_halves, _left_half

    doc = Document(text)
    joins = char_offsets(doc, case_joins(doc))
    assert joins == [m.start() for m in re.finditer(r"(?<=[a-z])[A-Z]", text)]
    halves = set(char_offsets(doc, _glued_halves(doc)))
    copies = set(char_offsets(doc, _glued_copies(doc)))
    for p in joins:
        if _RIGHT_HALF.match(text, p) and _left_half(text, p) is not None:
            assert p in halves
        left = max(0, p - 80, text.rfind("\n", 0, p) + 1)
        if any(_WORD_START.match(text, q) and text.startswith(text[q:p], p) for q in range(left, p)):
            assert p in copies


# --------------------------------------------------------------------------- punctuation
@EXAMPLES
@given(st.text(alphabet="aZ.(“'[ \n", max_size=14))
def test_initialism_read_backwards_is_the_fullmatch(token: str) -> None:
    from newslint.checks.punctuation import _ends_initialism

    text = token + ".is"
    word = text[:len(token)].lstrip("(“\"‘'[")
    expected = re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word) is not None
    assert _ends_initialism(text, 0, len(token)) == expected


def test_mojibake_regions_of_a_long_paragraph_rebuild_the_repair() -> None:
    import ftfy

    from newslint.checks.encoding import _changed_regions

    broken = "Itâ€™s a cafÃ© in SÃ£o Paulo, â€œsaidâ€ the owner. " * 400
    fixed, _ = ftfy.fix_encoding_and_explain(broken)
    started = time.perf_counter()
    regions = _changed_regions(broken, fixed)
    assert time.perf_counter() - started < 5  # a character diff of the paragraph takes minutes
    rebuilt, last = [], 0
    for start, end, replacement in regions:
        rebuilt += [broken[last:start], replacement]
        last = end
    assert "".join(rebuilt) + broken[last:] == fixed
    assert broken[regions[0][0]:regions[0][1]] == "â€™"


# --------------------------------------------------------------------------- language
def test_plainly_english_articles_are_not_sent_to_langdetect(monkeypatch: pytest.MonkeyPatch) -> None:
    import newslint.language

    def fail(text: str) -> str:
        raise AssertionError("langdetect asked about a plainly English article")

    monkeypatch.setattr(newslint.language, "detect_document", fail)
    linter = Linter(Config(select=FAMILIES), entry_points=False)
    text = ("The clock is ticking on on a government shutdown, and the talks in the capital went on "
            "for most of the night. One of the aides said that the deal was close to the finish line.\n")
    assert [f.code for f in linter.lint(Document(text)).findings] == ["DB002"]


# --------------------------------------------------------------------------- long inputs
LONG_INPUTS = {
    "mojibake-line": "Itâ€™s a cafÃ© " * 4000,
    "doubled-letter-paragraphs": "AA b\n" * 10000,
    "colons-on-one-line": "x : " * 20000,
    "bidi-marks-on-one-line": "a\u200eb " * 20000,
    "wrong-way-quotes-on-one-line": "x ”a " * 20000,
    "suppression-comments": "<!-- newslint: disable-line WS001 --><br>" * 4000,
    "blank-line-runs": "a\n\n\n" * 20000,
    "glued-words": "theGovernment " * 10000,
    "hover-cards": "Alexandria Ocasio-CortezAlexandria Ocasio-Cortez " * 4000,
    "marks-without-spaces": "a.Bc..d,,e;;f:," * 20000,
    "one-word-repeated": "TTHE " * 50000,
}


@pytest.fixture
def alarm():
    def fail(*_):
        raise TimeoutError("a character rule is quadratic in the length of a line")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(60)  # linear: about a second each on a loaded machine; quadratic: minutes
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("name", list(LONG_INPUTS))
def test_long_lines_take_linear_time(name: str, alarm: None) -> None:
    # the rules alone: the engine's own passes (suppressions) are not under test here
    doc = Document(LONG_INPUTS[name])
    for rule in Linter(Config(select=FAMILIES), entry_points=False).rules:
        list(rule.check(doc))

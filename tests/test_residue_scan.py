"""The fast paths of the residue analysis give the answers of the plain definitions: the
two-pass paragraph scan, the word tokens read from either end, the parenthesis check.
Random inputs are seeded; every test runs in well under a second."""

from __future__ import annotations

import random
import re

import pytest

from newslint.checks import residue
from newslint.config import Config
from newslint.document import Document
from newslint.engine import Linter
from newslint.model import Safety

LINTER = Linter(Config(select=("BP",)), entry_points=False)
INDEX = residue.index_for(LINTER.registry.lexicons)

PROSE = (
    "The city council voted 7-2 on Tuesday to approve a $4.5 million budget for parks, the "
    "largest increase in a decade, officials said."
)
#: paragraphs around the first pass's edges: decorations it strips, keys longer than its
#: windows, symbols, CJK, a character lowered to two, credits closing prose
PARAGRAPHS = [
    PROSE,
    "Leave a Reply", "LEAVE A REPLY CANCEL REPLY", "  • Share this:", "“Read more: Council delays vote",
    "Advertisement", "Story continues below advertisement.", "(AP Photo/Jane Roe)",
    PROSE + " (AP Photo/Jane Roe, File)", PROSE + " George Grow was the editor.",
    "Jane Roe/AFP/Getty Images", "Photo: John Doe, AP", "© 2019 The Associated Press. All rights reserved.",
    "12 Comments", "分享到微信", "İstanbul haberleri", "ΣΧΟΛΙΑΣ", "Share\r", "Leave a replyment",
    "Jane Roe and John Doe contributed reporting from Paris.", "Contributed", "x)", ") ",
    "Subscribe to our newsletter", "Please enable JavaScript to view the comments powered by Disqus.",
    "This is a developing story. Check back for updates", "By Jane Roe", "Regolare Commento Stampare",
    # keys at the edge of the bare text: stripped marks on either side, more of them than
    # the windows hold, a key longer than the paragraph, an agency joined or not
    "Ad.", "Ad:", "“Ad”", "Read more:", "•••••••• Share", "Share ………………….", "(c) 2019 AP", "Di Jane Roe",
    "Roe/AFP", "Roe AFP", "• AFP", PROSE + " (Photo: Jane Roe)", "Comments)", "— Advertisement —",
    "Editor:", "Source:", "Quiz:", "• Pic:", "/AFP", ",AP", "/ AFP",
]


def exact_candidates(doc: Document) -> set[int]:
    """The definition: every paragraph asked the exact test on its own."""
    scanner = INDEX.scanner()
    return {i for i, p in enumerate(doc.paragraphs) if INDEX._candidate(p.text, scanner)}


def random_article(rnd: random.Random) -> str:
    paragraphs = [rnd.choice(PARAGRAPHS) for _ in range(rnd.randint(1, 12))]
    return rnd.choice(["\n", "\n\n", "\n \n"]).join(paragraphs) + rnd.choice(["", "\n"])


@pytest.mark.parametrize("seed", range(4))
def test_the_two_pass_scan_finds_what_the_exact_test_finds(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(60):
        doc = Document(random_article(rnd))
        assert INDEX.candidates(doc) == exact_candidates(doc), doc.text


def test_every_paragraph_alone_is_scanned_as_the_exact_test_says() -> None:
    for text in PARAGRAPHS:
        doc = Document(f"{PROSE}\n\n{text}\n\n{PROSE}\n")
        assert INDEX.candidates(doc) == exact_candidates(doc), text


def test_a_clean_article_costs_no_exact_test() -> None:
    doc = Document("\n\n".join([PROSE] * 6) + "\n")
    assert INDEX._first_pass([p.text for p in doc.paragraphs], doc.text) == (set(), set(), set())


def test_a_key_read_whole_decides_without_the_exact_test() -> None:
    doc = Document(f"{PROSE}\n\nAdvert\n\n{PROSE}\n")  # a key shorter than the windows
    hits, unsure, _ = INDEX._first_pass([p.text for p in doc.paragraphs], doc.text)
    assert hits == {1} and not unsure


def test_a_closing_parenthesis_or_an_infix_word_costs_only_those_two_tests() -> None:
    # a closing parenthesis and "contributed" make a paragraph worth a look, but not a scan
    doc = Document(f"{PROSE} (in 2019)\n\nShe contributed to the fund.\n\n{PROSE}\n")
    hits, unsure, others = INDEX._first_pass([p.text for p in doc.paragraphs], doc.text)
    assert (hits, unsure, others) == (set(), set(), {0, 1})
    assert INDEX.candidates(doc) == exact_candidates(doc) == {1}


TOKEN_TEXTS = [
    "Leave a Reply", "12 Comments", "We’ve got 3 more", "İstanbul ß km² ① ²3", "e-mail: a@b.com",
    "© 2019 AP", "rock’n’roll 1990s", "", "   ", "Ελληνικά ΣΧΟΛΙΑΣ", PROSE, PROSE * 3,
]


@pytest.mark.parametrize("text", TOKEN_TEXTS)
def test_words_are_the_casefolded_tokens(text: str) -> None:
    expected = ["#" if t[0].isdigit() else t.replace("’", "'").casefold() for t in residue._TOKEN.findall(text)]
    assert residue.words_of(text) == expected


def test_ascii_patterns_find_what_the_unicode_patterns_find_in_ascii_text() -> None:
    rnd = random.Random(7)
    alphabet = "aZq09 _'-.:@#/,(x)\t"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24)))
        for pos in (0, 1, 5):
            assert ([m.span() for m in residue._ASCII_TOKEN.finditer(text, pos)]
                    == [m.span() for m in residue._TOKEN.finditer(text, pos)]), text
        assert ([m.span() for m in residue._ASCII_NAME_WORD.finditer(text)]
                == [m.span() for m in residue._NAME_WORD.finditer(text)]), text


@pytest.mark.parametrize("text", TOKEN_TEXTS)
def test_words_read_from_either_end_are_those_of_the_whole_text(text: str) -> None:
    full = residue.words_of(text)
    spans = [m.span() for m in residue._TOKEN.finditer(text)]
    for k in (1, 2, 5, 9, 13):
        assert residue._Words(text).head(k) == full[:k]
        assert residue._Words(text).tail(k) == (full[-k:] if full else [])
        if k <= len(full):
            assert residue._Words(text).end_of(k - 1) == spans[k - 1][1]
            assert residue._Words(text).start_from_end(k) == spans[-k][0]


def test_no_answer_is_kept_across_documents() -> None:
    # a benchmark repeating articles must pay for every line as new text would
    first = residue.match_text("Leave a Reply", INDEX)
    assert first is not None and residue.match_text("Leave a Reply", INDEX) is not first


def test_a_header_whose_links_fill_the_article_is_deleted_with_them() -> None:
    text = "More stories\n\nCouncil delays vote on bike lanes\n\nNew pool opens in Riverside\n"
    doc = Document(text)
    findings = LINTER.lint(doc).findings
    assert [f.code for f in findings] == ["BP004"]
    assert LINTER.fix(Document(text), Safety.UNSAFE).fixed_text.strip() == ""


# --------------------------------------------------------------------------- index cache
def _index_state(index: residue.ResidueIndex) -> dict:
    state = index.__getstate__()
    for name in ("_scanner", "_first_scanner"):  # automata compare by what they hold
        state[name] = sorted(state[name].items())
    return state


@pytest.fixture
def fresh_indexes(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("NEWSLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(residue, "_INDEXES", [])


def test_an_index_read_from_the_cache_is_the_index_built(fresh_indexes: None, monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path) -> None:
    lexicons = LINTER.registry.lexicons
    built = residue.index_for(lexicons)
    assert len(list((tmp_path / "residue").glob("*.pickle"))) == 1
    monkeypatch.setattr(residue, "_INDEXES", [])
    monkeypatch.setattr(residue, "_build_index", lambda _: pytest.fail("the cached index was not read"))
    cached = residue.index_for(lexicons)
    assert cached is not built and cached.cache_key != built.cache_key
    assert _index_state(cached) == _index_state(built)
    rnd = random.Random(5)
    for _ in range(40):
        doc = Document(random_article(rnd))
        assert residue.analyse(doc, cached) == residue.analyse(Document(doc.text), built)


def test_other_lexicons_get_their_own_index(fresh_indexes: None, tmp_path) -> None:
    lexicons = LINTER.registry.lexicons
    before = residue.index_for(lexicons)
    extended = {**lexicons, "comment-widget": [*lexicons["comment-widget"], {"phrase": "Join the Riverside Forum"}]}
    after = residue.index_for(extended)
    assert ("join", "the", "riverside", "forum") in after.kinds["line"]
    assert ("join", "the", "riverside", "forum") not in before.kinds["line"]
    assert len(list((tmp_path / "residue").glob("*.pickle"))) == 2


def test_a_damaged_cache_file_is_rebuilt(fresh_indexes: None, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    lexicons = LINTER.registry.lexicons
    built = residue.index_for(lexicons)
    (path,) = (tmp_path / "residue").glob("*.pickle")
    path.write_bytes(path.read_bytes()[:1000])
    monkeypatch.setattr(residue, "_INDEXES", [])
    rebuilt = residue.index_for(lexicons)
    assert _index_state(rebuilt) == _index_state(built)
    monkeypatch.setattr(residue, "_INDEXES", [])
    monkeypatch.setattr(residue, "_build_index", lambda _: pytest.fail("the rewritten index was not read"))
    residue.index_for(lexicons)


def test_no_index_is_written_when_caching_is_off(fresh_indexes: None, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path) -> None:
    monkeypatch.setenv("NEWSLINT_NO_CACHE", "1")
    residue.index_for(LINTER.registry.lexicons)
    assert not (tmp_path / "residue").exists()


# --------------------------------------------------------------------------- patterns read from the mark
#: the plain definitions the mark-led patterns replace
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[^\W\d_])")
GLUED_CREDIT = re.compile(r"[a-z)\]][.!?][\"”’]?((?:Credit\W*)?[A-Z][^.!?]{2,90})$")


def _random_texts(alphabet: str, count: int, longest: int) -> list[str]:
    rnd = random.Random(11)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, longest))) for _ in range(count)]


def test_the_last_sentence_break_is_the_plain_patterns() -> None:
    for text in _random_texts("a B.!?…\"”)] (“", 4000, 30):
        for start in (0, 1, 5, 12):
            plain = [m.span() for m in SENTENCE_BREAK.finditer(text, start)]
            marked = [(m.start() + 1, m.end()) for m in residue._SENTENCE_BREAK.finditer(text, max(start - 1, 0))]
            assert plain == marked, (text, start)


def test_a_glued_credit_is_found_where_the_plain_pattern_finds_it() -> None:
    for text in _random_texts("aB C.!?)”Credit/ ", 4000, 40):
        for window in (0, 1, 4, 9):
            plain = GLUED_CREDIT.search(text, window)
            marked = residue._GLUED_CREDIT.search(text, window + 1)
            assert (plain and (plain.start(), plain.span(1))) == (marked and (marked.start() - 1, marked.span(1))), text


def test_prose_is_what_text_says_it_is() -> None:
    from newslint.text import is_prose

    lines = [PROSE, PROSE + "”", PROSE + " ”)", PROSE[:-1], "Short line.", " " + PROSE + " \t", *PARAGRAPHS]
    lines += _random_texts("ab .!?…\"'”’)]\t\u00a0\u2003\x1c", 3000, 50)
    for line in lines:
        assert residue._is_prose(line) == is_prose(line), repr(line)


def test_cjk_characters_are_those_of_the_class() -> None:
    cjk = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
    for code in range(0x2F00, 0x10000, 7):
        char = chr(code)
        assert residue._is_cjk(char) == (cjk.match(char) is not None), hex(code)
    for text in ["", "abc", "é", "分享", "x分", "\u303f\u3040", "\uff65\uff66", "\uffa0"]:
        assert residue._has_cjk(text) == (cjk.search(text) is not None), text


def _plain_gate_word(part: str, last: bool = False) -> str:
    """The gates' word as first defined: separators split it, then outer punctuation goes."""
    if part.isalpha():
        return part.casefold()
    if part == "#":
        return "#"
    if residue._GATE_SEPARATORS.search(part):
        pieces = [x for x in residue._GATE_SEPARATORS.split(part) if x.strip(residue._GATE_STRIP)]
        if not pieces:
            return ""
        part = pieces[-1] if last else pieces[0]
    word = part.strip(residue._GATE_STRIP)
    if not word:
        return ""
    return "#" if word[0].isdigit() else word.replace("’", "'").casefold()


def test_a_gate_word_is_the_plain_definition() -> None:
    parts = ["Share:", "«Links»", "•Share•", "(Share", "Share)", "/AFP", "a/b", "«a»b", "’Tis", "#", "#1",
             "12:", "İstanbul,", "…", "», «", "Ad.", "Roe/AFP/Getty"]
    parts += _random_texts("aZé1#’'.:«»•·/(|", 4000, 7)
    for part in parts:
        for last in (False, True):
            assert residue._gate_word(part, last) == _plain_gate_word(part, last), (part, last)


def test_edge_lines_are_the_short_toolbar_lines_near_either_end() -> None:
    def plain(texts: list[str]) -> list[tuple[int, str]]:
        n, reach = len(texts), residue._EDGE_REACH
        near = range(n) if n <= 2 * reach else [*range(reach), *range(n - reach, n)]
        return [(i, texts[i].strip()) for i in near
                if residue._ui_shaped(texts[i]) and residue._ui_words(texts[i].strip(), INDEX)]

    lines = [*PARAGRAPHS, " Share Print Email ", "Regolare Commento Stampare.", "Share Print", "Print\u00a0Share "]
    rnd = random.Random(7)
    for _ in range(300):
        texts = [rnd.choice(lines) for _ in range(rnd.randint(0, 20))]
        assert residue._ui_edge_lines(texts, INDEX) == plain(texts), texts

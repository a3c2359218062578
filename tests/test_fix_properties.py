"""Property tests of the default rule set's fixes, over real paragraphs with artefacts injected.

Clean paragraphs (tests/fixtures/clean_paragraphs.txt, copied from seeds/ so that a clone
without ../shared works) get one character-level artefact injected at a position
hypothesis draws. For every such text the safe fixes of the full default rule set must

* change nothing outside their finding's span (whitespace aside),
* be idempotent: fixing the fixed text changes nothing,
* remove the artefact where the rule fixes it safely: fixing the damaged paragraph gives
  what fixing the clean paragraph gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newslint.config import Config  # noqa: E402
from newslint.document import Document  # noqa: E402
from newslint.engine import Linter  # noqa: E402
from newslint.model import Finding, Safety  # noqa: E402

PARAGRAPHS = [
    line for line in (Path(__file__).parent / "fixtures" / "clean_paragraphs.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@dataclass(frozen=True)
class Injector:
    """Damages a paragraph at one of its candidate sites; None when it has none."""

    name: str
    code: str
    sites: Callable[[str], list[re.Match]]
    damage: Callable[[str, re.Match], str]
    #: the rule must find this artefact and fix it safely
    safe: bool = True


def _finder(pattern: str) -> Callable[[str], list[re.Match]]:
    compiled = re.compile(pattern)
    return lambda text: list(compiled.finditer(text))


def _mojibake(s: str) -> str:
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    return s.encode("utf-8").decode("sloppy-windows-1252")


INJECTORS = [
    Injector("doubled-initial", "DB001", _finder(r"\b(?:The|In|He|It|This|But|When|After)\b"),
             lambda t, m: t[: m.start()] + m[0][0] + t[m.start():]),
    Injector("doubled-word", "DB002", _finder(r"(?<= )(?:the|of|and|for|with|said)(?= [a-z])"),
             lambda t, m: t[: m.end()] + " " + m[0] + t[m.end():]),
    Injector("mojibake", "EN001", _finder("[’“”—é]"),
             lambda t, m: t[: m.start()] + _mojibake(m[0]) + t[m.end():]),
    Injector("html-entity", "EN003", _finder("[’“”—&]"),
             lambda t, m: t[: m.start()] + f"&#{ord(m[0])};" + t[m.end():]),
    Injector("markup-residue", "EN004", _finder(r"(?<= )[A-Za-z]{4,}(?= )"),
             lambda t, m: t[: m.start()] + f"<b>{m[0]}</b>" + t[m.end():]),
    Injector("zero-width-space", "EN005", _finder(r"(?<=[a-z])[a-z]"),
             lambda t, m: t[: m.start()] + "\u200b" + t[m.start():]),
    Injector("soft-hyphen", "EN005", _finder(r"(?<=[a-z]{3})[a-z]{3}"),
             lambda t, m: t[: m.start()] + "\u00ad" + t[m.start():]),
    Injector("doubled-period", "PU001", _finder(r"(?<=[a-z]{2})\.(?= [A-Z])"),
             lambda t, m: t[: m.end()] + "." + t[m.end():]),
    Injector("doubled-comma", "PU002", _finder(r"(?<=[a-z]),(?= [a-z])"),
             lambda t, m: t[: m.end()] + "," + t[m.end():]),
    Injector("missing-space", "PU003", _finder(r"(?<=[a-z]{2}\.) (?=[A-Z][a-z])"),
             lambda t, m: t[: m.start()] + t[m.end():]),
    Injector("space-before-comma", "PU004", _finder(r"(?<=[a-z]),(?= )"),
             lambda t, m: t[: m.start()] + " " + t[m.start():]),
    Injector("wrong-way-quote", "QT001", _finder(r"(?:^|(?<= ))“(?=[A-Za-z])"),
             lambda t, m: t[: m.start()] + "”" + t[m.end():]),
    Injector("trailing-whitespace", "WS001", _finder(r"$"),
             lambda t, m: t + "  "),
    Injector("nbsp-run", "WS003", _finder(r"(?<=[a-z]) (?=[a-z])"),
             lambda t, m: t[: m.start()] + "\u00a0\u00a0 " + t[m.end():]),
    Injector("hover-card", "DB004", _finder(r"\b(?:Jones|Assad|Syria|Damascus|Amnesty)\b(?![’'\w-])"),
             lambda t, m: t[: m.end()] + m[0] + t[m.end():]),
    # whether these are fixed safely depends on word frequencies: found, maybe unsafe
    Injector("hyphenation-break", "WS004", _finder(r"\b(?:government|international|executed|photographs)\b"),
             lambda t, m: t[: m.start()] + m[0][:4] + "- " + m[0][4:] + t[m.end():], safe=False),
    Injector("glued-words", "WS005", _finder(r"(?<= )the (?=(?:State|United|Syrian|Foreign) )"),
             lambda t, m: t[: m.start()] + "the" + t[m.end():], safe=False),
]


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Config(), entry_points=False)


def _fixed(linter: Linter, text: str) -> str:
    result = linter.fix(Document(text), Safety.SAFE)
    assert not [f for f in result.findings if f.code in ("NL002", "NL003")], result.findings
    return result.fixed_text if result.fixed_text is not None else text


def _outside_span_is_whitespace(text: str, finding: Finding) -> bool:
    for e in finding.fix.edits:
        outside = text[e.start : max(e.start, min(e.end, finding.start))] + text[min(max(e.start, finding.end), e.end) : e.end]
        if outside.strip():
            return False
    return True


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, str, Injector]:
    injector = draw(st.sampled_from(INJECTORS))
    candidates = [p for p in PARAGRAPHS if injector.sites(p)]
    paragraph = draw(st.sampled_from(candidates))
    site = draw(st.sampled_from(injector.sites(paragraph)))
    # a second, untouched paragraph around it: artefacts must stay local
    other = draw(st.sampled_from(PARAGRAPHS))
    before = draw(st.booleans())
    clean = f"{other}\n\n{paragraph}\n" if before else f"{paragraph}\n\n{other}\n"
    dirty_paragraph = injector.damage(paragraph, site)
    dirty = f"{other}\n\n{dirty_paragraph}\n" if before else f"{dirty_paragraph}\n\n{other}\n"
    return clean, dirty, injector


def test_every_injector_has_sites() -> None:
    for injector in INJECTORS:
        assert any(injector.sites(p) for p in PARAGRAPHS), injector.name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damaged())
def test_safe_fixes_stay_in_their_span(linter: Linter, case: tuple[str, str, Injector]) -> None:
    _, dirty, _ = case
    for finding in linter.lint(Document(dirty)).findings:
        assert finding.code != "NL002", finding.message
        if finding.fix is not None and finding.fix.applies(Safety.SAFE):
            assert _outside_span_is_whitespace(dirty, finding), (finding.code, finding.message)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damaged())
def test_fixing_is_idempotent_and_removes_the_artefact(linter: Linter, case: tuple[str, str, Injector]) -> None:
    clean, dirty, injector = case
    fixed = _fixed(linter, dirty)
    assert _fixed(linter, fixed) == fixed, f"fixing twice changed the text ({injector.name})"
    findings = [f for f in linter.lint(Document(dirty)).findings if f.code == injector.code]
    assert findings, f"{injector.code} did not find the injected {injector.name}: {dirty!r}"
    if injector.safe:
        assert any(f.fix is not None and f.fix.applies(Safety.SAFE) for f in findings), injector.name
    if all(f.fix is not None and f.fix.applies(Safety.SAFE) for f in findings):
        assert fixed == _fixed(linter, clean), f"the {injector.name} artefact survived fixing: {fixed!r}"

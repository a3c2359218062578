"""Character, punctuation and encoding rules (EN, DB, PU, QT, WS) beyond their rule cases:
the seeds' artefacts, prefilters that must not miss, language- and lexicon-driven choices."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newslint.config import Config
from newslint.document import Document
from newslint.engine import Linter
from newslint.model import Safety

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = ("EN", "DB", "PU", "QT", "WS")


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Config(select=FAMILIES), entry_points=False)


def _seed(prefix: str) -> Path:
    return next((ROOT / "seeds").glob(f"{prefix}_*.txt"))


# --------------------------------------------------------------------------- the seeds
SEED_CASES = [
    ("001", 12, 1, "DB001"),  # TThe meetings
    ("002", 17, 8, "PU003"),  # The U.S.is accusing
    ("003", 3, 1, "QT001"),  # ” ‘Credible sources
    ("003", 9, 1, "QT001"),  # ” ‘These atrocities
    ("003", 9, 143, "PU001"),  # according to the report..
]


@pytest.mark.parametrize(("seed", "line", "column", "code"), SEED_CASES)
def test_seed_artefacts_are_found(linter: Linter, seed: str, line: int, column: int, code: str) -> None:
    doc = Document(_seed(seed).read_text(encoding="utf-8"))
    found = {(f.span.line, f.span.column, f.code) for f in linter.lint(doc).findings}
    assert (line, column, code) in found


def test_seeds_are_repaired(linter: Linter) -> None:
    fixed = {p: linter.fix(Document(_seed(p).read_text(encoding="utf-8")), Safety.SAFE).fixed_text
             for p in ("001", "002", "003")}
    assert "\nThe meetings are the sixth round" in fixed["001"]
    assert "The U.S. is accusing" in fixed["002"]
    lines = fixed["003"].splitlines()
    assert lines[2].startswith("“ ‘Credible") and lines[8].startswith("“ ‘These atrocities")
    assert "according to the report. “ ‘The (Assad)" in lines[8]


def test_seeds_raise_nothing_else(linter: Linter) -> None:
    expected = {(s, line, code) for s, line, _, code in SEED_CASES}
    found = set()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for f in linter.lint(Document(path.read_text(encoding="utf-8"))).findings:
            found.add((path.name[:3], f.span.line, f.code))
    # seed 001 has two blank lines after its title and one QT001 sits mid-line in seed 003
    assert found - expected <= {("001", 2, "WS002"), ("003", 3, "QT001")}


# --------------------------------------------------------------------------- prefilters
def _mojibake(text: str) -> str:
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    return text.encode("utf-8").decode("sloppy-windows-1252")


@pytest.mark.parametrize("block", [(0x00A0, 0x0250), (0x0370, 0x0530), (0x2010, 0x20CF), (0x3040, 0x30FF)])
def test_mojibake_prefilter_misses_no_utf8_read_as_windows_1252(block: tuple[int, int]) -> None:
    from newslint.checks.encoding import _MOJIBAKE_HINT

    missed = [chr(c) for c in range(*block) if not _MOJIBAKE_HINT.search(_mojibake(chr(c)))]
    assert not missed


def test_clean_non_ascii_text_never_reaches_ftfy(monkeypatch: pytest.MonkeyPatch) -> None:
    import ftfy

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("ftfy called on text without mojibake")

    monkeypatch.setattr(ftfy, "fix_encoding_and_explain", fail)
    linter = Linter(Config(select=("EN001",)), entry_points=False)
    text = "“It’s a café in São Paulo,” said Señor Peña — 10 °C, €3.50, Привет, 東京.\n"
    assert linter.lint(Document(text)).findings == []


def test_invisible_gate_rejects_every_flagged_character() -> None:
    from newslint.checks.encoding import _INVISIBLE

    printable = [hex(c) for c in range(0x110000)
                 if chr(c) not in "\n\t" and _INVISIBLE.match(chr(c)) and chr(c).isprintable()]
    assert not printable


def test_mojibake_message_names_ftfys_explanation(linter: Linter) -> None:
    (finding,) = linter.lint(Document("The shop said itâ€™s closed.\n")).findings
    assert finding.code == "EN001"
    assert "ftfy: encode as sloppy-windows-1252, decode as utf-8" in finding.message
    assert finding.fix.safety is Safety.SAFE


# --------------------------------------------------------------------------- words and languages
def test_doubled_initial_uses_the_articles_language() -> None:
    linter = Linter(Config(select=("DB001",)), entry_points=False)
    german = ("DDie Regierung hat am Montag in Berlin neue Maßnahmen gegen die Inflation "
              "beschlossen, teilte das Ministerium mit.\n")
    (finding,) = linter.lint(Document(german)).findings
    assert finding.data["corrected"] == "Die"


def test_legitimate_doublings_of_other_languages() -> None:
    linter = Linter(Config(select=("DB002",)), entry_points=False)
    german = ("Die Frau, die die Katze gefunden hat, wohnt in Berlin und arbeitet dort seit vielen "
              "Jahren als Lehrerin an einer Schule.\n")
    french = "Nous nous sommes rencontrés à Paris hier soir pour discuter de la situation politique.\n"
    assert linter.lint(Document(german)).findings == []
    assert linter.lint(Document(french)).findings == []


def test_a_users_pack_extends_the_doubled_word_exceptions(tmp_path: Path) -> None:
    text = "The crowd chanted go go go and then the band played on on the stage for hours.\n"
    base = Linter(Config(select=("DB002",)), entry_points=False)
    assert [f.matched for f in base.lint(Document(text)).findings] == ["on on"]
    pack = tmp_path / "house.toml"
    pack.write_text('[[lexicon]]\nname = "doubled-word-ok"\nlang = "en"\nphrases = ["on"]\n', encoding="utf-8")
    extended = Linter(Config(select=("DB002",), rule_packs=(str(pack),)), entry_points=False)
    assert extended.lint(Document(text)).findings == []


def test_wrong_way_quote_fix_balances_the_paragraph() -> None:
    linter = Linter(Config(select=("QT001", "QT002")), entry_points=False)
    text = "” ‘We now believe that the regime installed a crematorium,’ ” Jones said on Monday.\n"
    before = [f.code for f in linter.lint(Document(text)).findings]
    assert before == ["QT001"]  # QT002 counts the wrong-way quote as turned round
    fixed = linter.fix(Document(text), Safety.SAFE).fixed_text
    assert fixed.startswith("“ ‘We") and linter.lint(Document(fixed)).findings == []


def test_html_residue_rule_ignores_every_suppression_directive(linter: Linter) -> None:
    text = ("<!-- newslint: disable-file WS001 -->\nThe talks resumed.\n"
            "<!-- newslint: disable-next-line DB002 -->\nThe the talks ended.\n")
    assert not [f for f in linter.lint(Document(text)).findings if f.code == "EN004"]


def test_every_rule_of_the_families_is_documented_and_registered() -> None:
    linter = Linter(Config(select=FAMILIES), entry_points=False)
    codes = {r.code for r in linter.rules} | {"QT003"}
    for code in ("EN001", "EN002", "EN003", "EN004", "EN005", "DB001", "DB002", "DB003", "DB004", "DB005",
                 "PU001", "PU002", "PU003", "PU004", "PU005", "QT001", "QT002", "QT003",
                 "WS001", "WS002", "WS003", "WS004", "WS005"):
        assert code in codes
        rule = linter.registry.rules.rules[code]
        assert re.search(r"## Fix\n\s*\S", rule.__doc__ or ""), code

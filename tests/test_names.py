"""Name-spelling rules (NM001-NM003) beyond the rule cases: the seeds, the batch pass (also
in parallel and over JSONL), vocabularies from config and packs, and the cost of the search."""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
from pathlib import Path

import pytest

import newslint.checks.names as names
import newslint.names_variants as nv
from newslint.config import Config
from newslint.document import Document
from newslint.engine import Linter
from newslint.errors import ConfigError
from newslint.runner import RunOptions, Runner

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
#: look-alike words of the seeds that are different names or forms of one name
TRAPS = ("Stephane", "Staffan", "Assad", "Syria", "Syrian", "Russia", "Russian", "Iran", "Iraq", "Jones",
         "Jonas", "Kelemen", "Astana")


def run(paths: list[str], select: tuple[str, ...] = ("NM",), jobs: int = 1, **config: object):
    linter = Linter(Config(select=select, **config), entry_points=False)
    return Runner(linter, RunOptions(jobs=jobs), entry_points=False).run(paths)


def findings_by_doc(summary) -> dict[str, list]:
    return {Path(r.source.path).name[:3]: r.findings for r in summary.results}


# --------------------------------------------------------------------------- seeds
@pytest.fixture(scope="module")
def seed_run():
    return run([str(SEEDS)])


def test_seed_000_pair_within_the_article(seed_run) -> None:
    nm001 = [f for f in findings_by_doc(seed_run)["000"] if f.code == "NM001"]
    assert [(f.data["variant"], f.data["preferred"], f.fix.safety.label) for f in nm001] == [
        ("Galant", "Gallant", "unsafe")]
    assert "more common word" in nm001[0].message  # a 1-to-1 tie says how it was decided


def test_seed_002_pair_within_the_article(seed_run) -> None:
    nm001 = [f for f in findings_by_doc(seed_run)["002"] if f.code == "NM001"]
    assert nm001 and {frozenset((f.data["variant"], f.data["preferred"])) for f in nm001} == {
        frozenset(("Sednaya", "Saydnaya"))}


def test_seed_batch_split_names_the_other_documents(seed_run) -> None:
    nm002 = {doc: [f for f in fs if f.code == "NM002"] for doc, fs in findings_by_doc(seed_run).items()}
    flagged = {doc for doc, fs in nm002.items() if fs}
    assert flagged == {"000", "003"}  # 002 uses both spellings: NM001 reports it there
    for doc in flagged:
        (f,) = nm002[doc]
        assert (f.data["variant"], f.data["preferred"]) == ("Sednaya", "Saydnaya")
        assert all(name in f.message for name in ("001_", "004_"))
        assert f.span is not None and f.matched == "Sednaya"
        assert "Sednaya" in f.source_line[f.span.column - 1 : f.span.end_column - 1]


def test_seed_traps_stay_silent(seed_run) -> None:
    for f in seed_run.findings:
        assert f.data.get("variant") not in TRAPS and f.data.get("preferred") not in TRAPS, f.message


def test_batch_pass_in_parallel_matches_one_process(seed_run) -> None:
    def key(summary):
        return sorted((r.source.path, f.code, f.span.line, f.span.column, f.message)
                      for r in summary.results for f in r.findings)

    assert key(run([str(SEEDS)], jobs=2)) == key(seed_run)


def test_batch_pass_in_forked_shards_matches_one_process(seed_run) -> None:
    """In a process of its own: the run forks only from a process without other threads,
    and a test session may have some."""
    script = f"""
import json, newslint.runner as runner
from newslint.config import Config
from newslint.engine import Linter
calls, in_shards = [], runner.in_shards
runner.SHARD_DOCUMENTS = 2  # the seeds are a batch worth sharding
runner.in_shards = lambda work, n: calls.append(n) or in_shards(work, n)
linter = Linter(Config(select=("NM",)), entry_points=False)
summary = runner.Runner(linter, runner.RunOptions(jobs=2), entry_points=False).run([{str(SEEDS)!r}])
print(json.dumps([calls, [[r.source.path, f.code, f.start, f.message] for r in summary.results for f in r.findings]]))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    calls, found = json.loads(done.stdout)
    assert calls == [2]
    assert found == [[r.source.path, f.code, f.start, f.message] for r in seed_run.results for f in r.findings]


# --------------------------------------------------------------------------- batch pass
STORY = ("Amnesty International said detainees at {prison} military prison near Damascus were hanged "
         "each week. Stuart Jones, the acting assistant secretary, briefed reporters in Washington. "
         "The Kremlin and Tehran rejected the claims, said Heather Nauert.")


def write_jsonl(path: Path, texts: list[str]) -> str:
    path.write_text("".join(json.dumps({"id": f"doc{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")
    return str(path)


def test_batch_over_jsonl_names_documents_by_key(tmp_path: Path) -> None:
    texts = [STORY.format(prison="Saydnaya")] * 3 + [STORY.format(prison="Sednaya")]
    summary = run([write_jsonl(tmp_path / "batch.jsonl", texts)], select=("NM002",))
    flagged = [(r.source.id, f) for r in summary.results for f in r.findings]
    assert [doc for doc, _ in flagged] == ["doc3"]
    message = flagged[0][1].message
    assert "batch.jsonl:doc0" in message and "batch.jsonl:doc2" in message
    assert (flagged[0][1].span.line, flagged[0][1].span.column) == (1, STORY.index("{prison}") + 1)


def test_batch_compares_each_document_with_a_bounded_number_of_others(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import newslint.checks.names as names

    texts = [STORY.format(prison="Saydnaya")] * 5 + [STORY.format(prison="Sednaya")]
    path = write_jsonl(tmp_path / "batch.jsonl", texts)
    everyone = run([path], select=("NM002",)).findings[0].message
    assert "and 2 more" in everyone and "compared" not in everyone
    monkeypatch.setattr(names, "_COMPARED_DOCS", 4)  # only the first four spelling it the other way
    capped = run([path], select=("NM002",)).findings
    assert len(capped) == 1 and "batch.jsonl:doc3" not in capped[0].message
    assert capped[0].message.endswith("and 1 more (of the first 4 compared)")
    assert capped[0].data["documents"] == [f"{path}:doc{i}" for i in range(4)]


def _batch_items(texts: list[str]) -> list:
    from newslint.document import Source

    linter = Linter(Config(select=("NM001", "NM002")), entry_points=False)
    nm001, nm002 = linter.rules
    items = []
    for i, text in enumerate(texts):
        doc = Document(text, Source("b.jsonl", record=i + 1, id=f"doc{i}"))
        list(nm001.check(doc))
        items.append((doc.source, nm002.collect(doc)))
    return nm002, items


def test_batch_pass_in_shards_is_the_whole_pass() -> None:
    """Shards split the pass by the spelling reported: together they report exactly what the
    whole pass does, each spelling once (its documents already reported stay in its shard)."""
    from newslint.corpus import catch_up

    stories = [STORY.replace("Stuart Jones", "Stuart Jonas"), STORY.replace("Heather Nauert", "Heather Nauret"),
               STORY.replace("Amnesty", "Amnesti")]
    texts = [STORY.format(prison="Saydnaya")] * 3 + [STORY.format(prison="Sednaya"), STORY.format(prison="Sednaia")]
    texts += [s.format(prison="Saydnaya") for s in stories]
    nm002, items = _batch_items(texts)
    state = catch_up(nm002, items, 0, len(items), None)

    def key(found: list) -> list:
        return sorted((k, f.message, f.span) for k, f in found)

    whole = list(nm002.check_corpus(items, state))
    assert len({f.data["variant"] for _, f in whole}) >= 3  # several spellings: shards to share out
    for n in (2, 3):
        shards = [list(nm002.check_corpus(items, state, shard=(k, n))) for k in range(n)]
        assert all(shards[:2])  # the pairs are shared out, not all left to one shard
        assert key([f for shard in shards for f in shard]) == key(whole)


def test_batch_tells_a_slip_from_another_person_by_full_names(tmp_path: Path) -> None:
    """Hunor Kelemen is a slip of Hunor Kelemin's name; Attila Kelemen is another person."""
    story = ("Amnesty International said detainees at Saydnaya military prison near Damascus were hanged. "
             "{first} {name}, the minister, briefed reporters. The Kremlin rejected the claims, said Heather Nauert.")
    texts = [story.format(first="Hunor", name="Kelemin")] * 2 + [
        story.format(first="Attila", name="Kelemen"), story.format(first="Hunor", name="Kelemen")]
    found = [(r.source.id, f) for r in run([write_jsonl(tmp_path / "b.jsonl", texts)], select=("NM002",)).results
             for f in r.findings]
    assert [(doc, f.data["variant"], f.data["preferred"]) for doc, f in found] == [("doc3", "Kelemen", "Kelemin")]
    (_, f), = found
    assert f.source_line[f.span.column - 1 : f.span.end_column - 1] == "Kelemen"


def test_batch_summary_holds_the_text_and_the_uncommon_words_of_the_scan() -> None:
    """collect reads the scan NM001 shares: the text is held (not copied), function words are
    left out, and the uncommon words carry their zipf for the shared-context test."""
    text = (SEEDS / "000_ddd9a8f08e8e211a.txt").read_text(encoding="utf-8") + "\nThis is what they said.\n"
    doc = Document(text)
    nm001, nm002 = Linter(Config(select=("NM001", "NM002")), entry_points=False).rules
    list(nm001.check(doc))
    summary = nm002.collect(doc)
    found = nv.name_index(doc).found
    assert summary.text is doc.text
    words = summary.words.value
    assert words.counts["Sednaya"] == found.count("Sednaya")
    assert "This" in found and "This" not in words.counts  # a function word
    assert list(words.counts) == [w for w in dict.fromkeys(found) if w in words.counts]
    assert "Sednaya" in words.rare and all(nv._zipf_in(w, "en") < nv.RARE_ZIPF for w in words.rare)
    assert summary.context["sednaya"] == nv._zipf_in("Sednaya", summary.lang) < nv.SUPPORTED_ZIPF
    assert all(z < nv.SUPPORTED_ZIPF for z in summary.context.values())


def test_batch_ignores_unrelated_documents(tmp_path: Path) -> None:
    texts = ["Officials at Saydnaya said the harvest was late this year in the valley.",
             "Officials at Saydnaya said the harvest was late this year in the valley.",
             "A new café called Sednaya opened downtown, serving pastries and coffee."]
    assert run([write_jsonl(tmp_path / "mixed.jsonl", texts)], select=("NM002",)).findings == []


def test_batch_accept_option_silences(tmp_path: Path) -> None:
    texts = [STORY.format(prison="Saydnaya")] * 2 + [STORY.format(prison="Sednaya")]
    path = write_jsonl(tmp_path / "b.jsonl", texts)
    assert run([path], select=("NM002",))
    options = {"NM002": {"accept": ["Sednaya"]}}
    assert run([path], select=("NM002",), rule_options=options).findings == []


def test_batch_leaves_declared_house_spellings_to_nm003(tmp_path: Path) -> None:
    texts = [STORY.format(prison="Saydnaya")] * 2 + [STORY.format(prison="Sednaya")]
    path = write_jsonl(tmp_path / "b.jsonl", texts)
    prefer = {"NM003": {"prefer": [["Saydnaya", "Sednaya"]]}}
    found = run([path], select=("NM002", "NM003"), rule_options=prefer).findings
    assert [(f.code, f.matched) for f in found] == [("NM003", "Sednaya")]
    # without NM003 in the run its option declares nothing, and the batch pass reports
    assert [f.code for f in run([path], select=("NM002",)).findings] == ["NM002"]


# --------------------------------------------------------------------------- vocabularies
GALLANT = "Gallant's remarks followed the allegations.\n\nGalant says a genocide is underway.\n"


def lint(text: str, select: tuple[str, ...] = ("NM",), **config: object) -> list:
    return Linter(Config(select=select, **config), entry_points=False).lint(Document(text)).findings


def test_house_spelling_from_a_config_table() -> None:
    options = {"NM003": {"prefer": {"Saydnaya": ["Sednaya", "Saidnaya"]}}}
    found = lint("Executions at Sednaya and Saidnaya were reported.", ("NM003",), rule_options=options)
    assert [(f.matched, f.fix.edits[0].content, f.fix.safety.label) for f in found] == [
        ("Sednaya", "Saydnaya", "safe"), ("Saidnaya", "Saydnaya", "safe")]


@pytest.mark.parametrize("bad", [["Saydnaya"], [["Saydnaya"]], {"Saydnaya": [1]}, "Saydnaya"])
def test_house_spelling_bad_option_is_a_config_error(bad: object) -> None:
    with pytest.raises(ConfigError):
        lint("text", ("NM003",), rule_options={"NM003": {"prefer": bad}})


def pack(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "house.toml"
    path.write_text('[pack]\nname = "house"\n\n' + body, encoding="utf-8")
    return [str(path)]


def test_accepted_names_lexicon_silences_name_variant(tmp_path: Path) -> None:
    assert [f.code for f in lint(GALLANT)] == ["NM001"]
    packs = pack(tmp_path, '[[lexicon]]\nname = "accepted-names"\nphrases = ["Gallant/Galant"]\n')
    assert lint(GALLANT, rule_packs=packs) == []


def test_name_spellings_lexicon_hands_the_pair_to_house_spelling(tmp_path: Path) -> None:
    packs = pack(tmp_path, '[[lexicon]]\nname = "name-spellings"\nprefer = "Galant"\nphrases = ["Gallant"]\n')
    found = lint(GALLANT, rule_packs=packs)
    assert [(f.code, f.matched, f.fix.edits[0].content) for f in found] == [("NM003", "Gallant", "Galant")]


def test_house_spelling_option_hands_the_pair_to_house_spelling() -> None:
    options = {"NM003": {"prefer": {"Galant": ["Gallant"]}}}
    found = lint(GALLANT, rule_options=options)
    assert [(f.code, f.matched, f.fix.edits[0].content) for f in found] == [("NM003", "Gallant", "Galant")]
    # the option belongs to NM003: without it in the run, NM001 reports the pair as usual
    assert [f.code for f in lint(GALLANT, ("NM001",), rule_options=options)] == ["NM001"]


# --------------------------------------------------------------------------- the pair test
@pytest.mark.parametrize("a, b", [("gallant", "galant"), ("sednaya", "saydnaya"), ("gaddafi", "qaddafi"),
                                  ("zelensky", "zelenskiy"), ("amazon", "amazonn"), ("nissan", "nissn"),
                                  ("rukban", "rubkan"), ("muhammad", "mohammed")])
def test_similar_spellings(a: str, b: str) -> None:
    assert nv.similar(a, b) and nv.similar(b, a)


@pytest.mark.parametrize("a, b", [("syria", "syrian"), ("russia", "russians"), ("texas", "texan"),
                                  ("israel", "israeli"), ("iran", "iraq"), ("austria", "australia"),
                                  ("stephane", "staffan"), ("kabul", "zabul"), ("assad", "assads")])
def test_different_words(a: str, b: str) -> None:
    assert not nv.similar(a, b) and not nv.similar(b, a)


def _vocabulary(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = {"".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9))) for _ in range(n)}
    variants = set()
    for w in list(words)[: n // 3]:  # one-letter slips of a third of them, anywhere
        i = rng.randrange(0, len(w) - 1)
        variants.add(rng.choice([
            w[:i] + w[i + 1 :],  # dropped
            w[:i] + w[i] + w[i:],  # doubled
            w[:i] + w[i + 1] + w[i] + w[i + 2 :],  # swapped
            w[:i] + rng.choice("aeiouy") + w[i + 1 :],  # a vowel
        ]))
    return sorted(words | variants)


def test_both_blockings_find_every_similar_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    words = _vocabulary(300, seed=3) + ["sednaya", "saydnaya", "muhammad", "mohammed"]
    brute = {(q, p) for q in words for p in words if nv.similar(q, p)}
    assert len(brute) > 50 and ("sednaya", "saydnaya") in brute  # slips and sound-alikes to find
    monkeypatch.setattr(nv, "_AFFIX_LIMIT", 10**9)
    by_affix = set(nv.similar_pairs(words, words))
    monkeypatch.setattr(nv, "_AFFIX_LIMIT", 0)
    by_deletion = set(nv.similar_pairs(words, words))
    assert by_affix == brute == by_deletion


def _links(graph: nv.WordGraph) -> set[frozenset[str]]:
    return {frozenset((a, b)) for a, bs in graph.links.items() for b in bs}


def test_word_graph_links_whatever_the_order_words_come_in() -> None:
    words = [w.capitalize() for w in _vocabulary(300, seed=11)] + ["Sednaya", "Saydnaya", "Gallant", "Galant"]
    one, other = nv.WordGraph(), nv.WordGraph()
    one.learn(words)
    for i in range(0, len(words), 7):  # article by article, in reverse
        other.learn(list(reversed(words))[i : i + 7])
    assert _links(one) == _links(other)
    assert {frozenset(("Sednaya", "Saydnaya")), frozenset(("Gallant", "Galant"))} <= _links(one)
    brute = {frozenset((a, b)) for a in words for b in words if nv.similar(a.casefold(), b.casefold())}
    assert _links(one) == {pair for pair in brute if nv._linkable(*(nv._zipf(w) for w in pair))}


def test_word_graph_leaves_out_pairs_never_reported() -> None:
    graph = nv.WordGraph()
    graph.learn(["These", "Those", "Galant", "Gallant"])
    assert _links(graph) == {frozenset(("Galant", "Gallant"))}  # two common words: neither is a variant


def test_word_graph_starts_afresh_and_still_finds_the_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nv, "_WORDS_KEPT", 100)
    monkeypatch.setattr(nv, "_GRAPH", nv.WordGraph())
    rng = random.Random(2)
    words = sorted({"".join(rng.choice(string.ascii_lowercase) for _ in range(8)).capitalize() for _ in range(160)})
    articles = [" ".join(f"{w} spoke." for w in words[i : i + 80]) for i in (0, 80)]
    for text in [*articles, GALLANT + articles[0]]:  # the third article makes the graph start afresh
        pairs = nv.article_pairs(nv.NameIndex(text, nv._CAPITALISED.findall(text)), nv.Vocabulary())
    assert len(nv.word_graph().seen) <= 100 < len(words)
    assert [(p.variant.spelling, p.preferred.spelling) for p in pairs] == [("Galant", "Gallant")]


PORTUGUESE = ("O governo anunciou nesta segunda-feira um novo pacote de medidas para o setor agrícola.\n\n"
              "Clique aqui para receber as notícias do dia no seu celular.\n\n"
              "Segundo o ministério, os recursos serão liberados este mês. Coloque o seu e-mail abaixo.\n")


def test_pairs_judged_in_the_language_of_their_paragraphs() -> None:
    index = nv.NameIndex(PORTUGUESE, nv._CAPITALISED.findall(PORTUGUESE))
    assert [(p.variant.spelling, p.preferred.spelling) for p in nv.article_pairs(index, nv.Vocabulary())] == [
        ("Coloque", "Clique")]  # rare names, judged in English
    doc = Document(PORTUGUESE)
    assert lint(PORTUGUESE, ("NM001",)) == [] and names._language(doc, nv._pairs(index, nv.Vocabulary())) == "pt"
    assert "language" not in doc.cache  # the whole article's langdetect sample was not needed


def test_article_without_a_pair_builds_no_candidates() -> None:
    text = (SEEDS / "001_1e2057fb08d18561.txt").read_text(encoding="utf-8")
    index = nv.NameIndex(text, nv._CAPITALISED.findall(text))
    assert len(index.words) > 20 and nv.article_pairs(index, nv.Vocabulary()) == []
    assert index._candidates == {}  # positions and context only for the words of a pair


def test_search_cost_is_not_quadratic_in_distinct_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long article with thousands of distinct names compares each with a few, not all."""
    calls = 0
    real = nv.similar

    def counting(a: str, b: str) -> bool:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(nv, "similar", counting)
    names = [w.capitalize() for w in _vocabulary(4000, seed=5)]
    text = "\n\n".join(f"Officials said {a} met {b} on Monday." for a, b in zip(names[::2], names[1::2]))
    index = nv.NameIndex(text, nv._CAPITALISED.findall(text))
    nv.article_pairs(index, nv.Vocabulary())
    assert calls < 20 * len(names)  # all pairs would be ~len(names)**2 / 2 = 8 million


def test_long_article_finds_all_spellings_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """An article with many pairs reads its text once for all their spellings (an automaton),
    not once per spelling, which would grow with the square of its length; both ways agree."""
    rng = random.Random(8)
    names = sorted({"".join(rng.choice(string.ascii_lowercase) for _ in range(8)).capitalize() for _ in range(300)})
    paragraphs = [f"Officials said {n} met the press, and {n} spoke. Later {n[:3] + n[4:]} left." for n in names]
    text = "\n\n".join(paragraphs + ["the talks went on in lowercase, as " + names[0].lower() + " said."])

    def pairs() -> list[tuple[str, str, list[int]]]:
        index = nv.NameIndex(text, nv._CAPITALISED.findall(text))
        return [(p.variant.spelling, p.preferred.spelling, p.variant.starts) for p in nv.article_pairs(index, nv.Vocabulary())]

    calls = 0
    real = nv.NameIndex._occurrences

    def counting(self: nv.NameIndex, spelling: str) -> tuple[list[int], bool]:
        nonlocal calls
        calls += 1
        return real(self, spelling)

    monkeypatch.setattr(nv.NameIndex, "_occurrences", counting)
    at_once = pairs()
    assert calls == 0 and len(at_once) == len(names) - 1  # every slip but the one of a common word
    monkeypatch.setattr(nv, "_BULK_CHARS", 10**12)
    assert pairs() == at_once and calls == 2 * len(names)  # one search per spelling


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_tally_that_crashes_is_reported_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               jobs: int) -> None:
    def broken(self, summaries):
        raise RuntimeError("tally bug")

    monkeypatch.setattr(names.BatchNameVariant, "tally", broken)
    texts = [STORY.format(prison="Saydnaya")] * 3 + [STORY.format(prison="Sednaya")]
    summary = run([write_jsonl(tmp_path / "batch.jsonl", texts)], select=("NM002", "NL"), jobs=jobs)
    crashes = [f for f in summary.findings if f.code == "NL002"]
    assert len(crashes) == 1 and "NM002" in crashes[0].message and "tally bug" in crashes[0].message
    assert summary.documents == 4

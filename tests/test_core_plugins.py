"""Third-party plugins: the example plugin (tests/example_plugin) found through config and
through the ``newslint`` entry-point group, broken plugins, ``--no-plugins``, vetoes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_PLUGIN, run_newslint

ARTICLE = "Lorem ipsum dolor sit amet. The council met on Tuesday.\nThe vote is next week.\n"


@pytest.fixture
def config_project(tmp_path: Path, forget_plugin_modules: None) -> Path:
    """A project folder whose newslint.toml names the example plugin, kept beside it."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(EXAMPLE_PLUGIN / "newslint_xp", project / "newslint_xp")
    (project / "newslint.toml").write_text('plugins = ["newslint_xp"]\n')
    (project / "article.txt").write_text(ARTICLE)
    return project


def add_dist(site: Path, name: str, entry_points: dict[str, str], version: str = "0.1.0") -> None:
    """An installed-distribution record (what pip leaves in site-packages), without pip."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = "".join(f"{k} = {v}\n" for k, v in entry_points.items())
    (info / "entry_points.txt").write_text(f"[newslint]\n{lines}")


@pytest.fixture
def entry_point_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forget_plugin_modules: None) -> Path:
    """The example plugin 'installed': its module and a dist-info with an entry point on sys.path."""
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_PLUGIN / "newslint_xp", site / "newslint_xp")
    add_dist(site, "newslint-example-plugin", {"xp": "newslint_xp"})
    monkeypatch.syspath_prepend(str(site))
    return site


def codes_of(stdout: str) -> list[str]:
    return [f["code"] for f in json.loads(stdout)]


# --------------------------------------------------------------------------- named in config
def test_plugin_named_in_config_runs_from_the_config_folder(cli, config_project: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the plugin is importable only from the config's folder
    result = cli("check", "--select", "XP,WS", "--output-format", "json", str(config_project / "article.txt"))
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)
    assert [f["code"] for f in findings] == ["XP001"]
    assert findings[0]["rule"] == "placeholder-text"
    assert (findings[0]["line"], findings[0]["column"]) == (1, 1)
    assert result.stderr == ""


def test_plugins_command_lists_a_config_plugin(cli, config_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(config_project)
    result = cli("plugins")
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("newslint_xp"))
    assert line == "newslint_xp 0.1.0 [config]: newslint_rules, newslint_veto_finding"
    assert "newslint.checks.whitespace [builtin]: newslint_rules" in result.stdout


def test_a_plugin_rule_is_documented_and_listed(cli, config_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(config_project)
    page = cli("rule", "XP001")
    assert page.exit_code == 0
    assert page.stdout.startswith("# placeholder-text (XP001)\n\nPlaceholder text (lorem ipsum) left in an article.")
    assert "From: newslint_xp" in page.stdout and "## Why is this bad?" in page.stdout
    assert cli("rule", "placeholder-text").stdout == page.stdout
    listing = cli("rules", "--output-format", "json")
    row = next(r for r in json.loads(listing.stdout) if r["code"] == "XP001")
    assert row == {"code": "XP001", "name": "placeholder-text", "family": "example", "fix": "unsafe",
                   "severity": "warning", "enabled": True,
                   "summary": "Placeholder text (lorem ipsum) left in an article.", "origin": "newslint_xp"}


def test_no_plugins_ignores_plugins_named_in_config(cli, config_project: Path) -> None:
    result = cli("check", "--no-plugins", "--output-format", "json", str(config_project / "article.txt"))
    assert result.stderr == ""
    assert "XP001" not in codes_of(result.stdout)
    assert "XP001" not in cli("rules", "--no-plugins").stdout


def test_a_plugin_fix_applies_with_unsafe_fixes(cli, config_project: Path) -> None:
    path = config_project / "article.txt"
    assert cli("fix", "--select", "XP", str(path)).exit_code == 1  # unsafe: not applied by default
    assert path.read_text() == ARTICLE
    assert cli("fix", "--select", "XP", "--unsafe-fixes", str(path)).exit_code == 0
    assert path.read_text() == "The council met on Tuesday.\nThe vote is next week.\n"


# --------------------------------------------------------------------------- entry points
def test_entry_point_plugin_is_discovered(cli, entry_point_site: Path, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = cli("check", "--isolated", "--select", "XP,WS", "--output-format", "json", str(tmp_path / "a.txt"))
    assert result.exit_code == 1
    assert codes_of(result.stdout) == ["XP001"]


def test_plugins_command_lists_an_entry_point(cli, entry_point_site: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = cli("plugins").stdout.splitlines()
    assert "newslint-example-plugin:xp 0.1.0 [entry point]: newslint_rules, newslint_veto_finding" in lines
    assert not any("example" in x for x in cli("plugins", "--no-plugins").stdout.splitlines())


def test_no_plugins_flag_and_env_disable_entry_points(cli, entry_point_site: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    args = ("check", "--isolated", "--output-format", "json", str(tmp_path / "a.txt"))
    assert "XP001" in codes_of(cli(*args).stdout)
    assert "XP001" not in codes_of(cli(*args, "--no-plugins").stdout)
    monkeypatch.setenv("NEWSLINT_NO_PLUGINS", "1")
    assert "XP001" not in codes_of(cli(*args).stdout)


def test_entry_point_plugin_in_a_real_process(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_PLUGIN / "newslint_xp", site / "newslint_xp")
    add_dist(site, "newslint-example-plugin", {"xp": "newslint_xp"})
    (tmp_path / "a.txt").write_text(ARTICLE)
    env = {"PYTHONPATH": str(site)}
    proc = run_newslint(["check", "--isolated", "--select", "XP", "--output-format", "concise", "a.txt"], cwd=tmp_path, env=env)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.decode().startswith("a.txt:1:1: XP001 placeholder text 'Lorem ipsum dolor sit amet.'")
    listed = run_newslint(["plugins"], cwd=tmp_path, env=env).stdout.decode()
    assert "newslint-example-plugin:xp 0.1.0 [entry point]" in listed


# --------------------------------------------------------------------------- broken plugins
def _one_warning(stderr: str, name: str) -> str:
    lines = [x for x in stderr.splitlines() if name in x]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("newslint: warning: plugin ")
    return lines[0]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (None, "ModuleNotFoundError: No module named 'xp_broken'"),
        ("import not_a_real_module_xyz\n", "No module named 'not_a_real_module_xyz'"),
        ("raise RuntimeError('first line\\n  second line')\n", "RuntimeError: first line second line"),
        ("def broken(:\n", "SyntaxError"),
    ],
    ids=["missing", "bad-import", "multi-line-error", "syntax-error"],
)
def test_a_config_plugin_that_fails_to_import_is_one_line_and_the_run_goes_on(
    cli, tmp_path: Path, forget_plugin_modules: None, source: str | None, expected: str
) -> None:
    (tmp_path / "newslint.toml").write_text('plugins = ["xp_broken"]\n')
    if source is not None:
        (tmp_path / "xp_broken.py").write_text(source)
    (tmp_path / "a.txt").write_text("Trailing space here. \n")
    result = cli("check", "--select", "WS", "--output-format", "concise", str(tmp_path / "a.txt"))
    line = _one_warning(result.stderr, "xp_broken")
    assert "'xp_broken' (named in config) failed to load" in line and expected in line
    assert result.exit_code == 1, "the run goes on and reports the other findings"
    assert "WS001" in result.stdout


def test_an_entry_point_that_fails_to_load_is_one_line_and_the_run_goes_on(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forget_plugin_modules: None
) -> None:
    site = tmp_path / "site"
    add_dist(site, "broken-dist", {"bad": "xp_missing_module_abc", "worse": "newslint_xp_gone:attr"})
    monkeypatch.syspath_prepend(str(site))
    (tmp_path / "a.txt").write_text("Trailing space here. \n")
    result = cli("check", "--isolated", "--select", "WS", "--output-format", "concise", str(tmp_path / "a.txt"))
    bad = _one_warning(result.stderr, "'bad'")
    assert "(from broken-dist) failed to load: ModuleNotFoundError" in bad
    _one_warning(result.stderr, "'worse'")
    assert result.exit_code == 1 and "WS001" in result.stdout
    plugins = cli("plugins").stdout
    assert "FAILED: plugin 'bad' (from broken-dist) failed to load" in plugins


def test_cached_entry_points_see_a_distribution_installed_later(
    clean_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forget_plugin_modules: None
) -> None:
    from newslint.plugins import _entry_points

    site = tmp_path / "site"
    add_dist(site, "first-dist", {"one": "mod_one"})
    monkeypatch.syspath_prepend(str(site))
    assert [ep.name for ep in _entry_points()] == ["one"]
    assert [ep.name for ep in _entry_points()] == ["one"], "the second start reads the cache"
    add_dist(site, "second-dist", {"two": "mod_two:attr"}, version="2.0")
    assert [(ep.name, ep.value, ep.dist, ep.version) for ep in _entry_points()] == [
        ("one", "mod_one", "first-dist", "0.1.0"), ("two", "mod_two:attr", "second-dist", "2.0")]
    shutil.rmtree(site / "first_dist-0.1.0.dist-info")
    assert [ep.name for ep in _entry_points()] == ["two"], "an uninstalled distribution is gone"


# --------------------------------------------------------------------------- veto
def test_veto_hook_of_a_plugin_drops_findings(cli, config_project: Path) -> None:
    text = "Lorem ipsum on a plain line. \nLorem ipsum, the cat said [sic]. \nEnd.\n"
    (config_project / "article.txt").write_text(text)
    result = cli("check", "--select", "XP,WS", "--output-format", "json", str(config_project / "article.txt"))
    found = [(f["line"], f["code"]) for f in json.loads(result.stdout)]
    assert found == [(1, "XP001"), (1, "WS001")], "line 2 carries [sic]: both its findings are vetoed"


# --------------------------------------------------------------------------- other hooks
KIND_PLUGIN = '''
from newslint import hookimpl
from newslint.packs import PackRule


class AllCapsLine(PackRule, abstract=True):
    """Flags a paragraph written entirely in capitals."""

    _abstract = True
    kind = "all-caps-line"
    always_fixes = False
    keys = {"min-length": int}

    def check(self, doc):
        for line in doc.paragraphs:
            text = line.text.strip()
            if len(text) >= self.spec.get("min-length", 10) and text.isupper():
                start = line.start + line.text.index(text)
                yield self.finding(start, start + len(text), self._message(text))


@hookimpl
def newslint_rule_kinds():
    return {"all-caps-line": AllCapsLine}
'''


def test_a_plugin_adds_a_rule_kind_for_packs(cli, tmp_path: Path, forget_plugin_modules: None) -> None:
    (tmp_path / "xp_kinds.py").write_text(KIND_PLUGIN)
    (tmp_path / "caps.toml").write_text('[[rule]]\ncode = "CP001"\nname = "shouted-line"\nkind = "all-caps-line"\n'
                                        'message = "shouted: {match}"\nmin-length = 8\n')
    (tmp_path / "newslint.toml").write_text('plugins = ["xp_kinds"]\nrule-packs = ["caps.toml"]\n')
    (tmp_path / "a.txt").write_text("BREAKING NEWS\nThe council met.\nOK YES\n")
    result = cli("check", "--select", "CP001", "--output-format", "json", str(tmp_path / "a.txt"))
    assert [(f["line"], f["message"]) for f in json.loads(result.stdout)] == [(1, "shouted: BREAKING NEWS")]
    (tmp_path / "caps.toml").write_text(
        (tmp_path / "caps.toml").read_text().replace("min-length = 8", "min-length = 'x'"))
    bad = cli("check", str(tmp_path / "a.txt"))
    assert bad.exit_code == 2 and "[CP001] min-length: must be a int" in bad.stderr


def test_a_plugin_whose_rule_hook_raises_is_reported_and_the_run_goes_on(cli, tmp_path: Path,
                                                                        forget_plugin_modules: None) -> None:
    (tmp_path / "xp_raises.py").write_text(
        "from newslint import hookimpl\n\n@hookimpl\ndef newslint_rules():\n    raise KeyError('rules')\n")
    (tmp_path / "newslint.toml").write_text('plugins = ["xp_raises"]\n')
    (tmp_path / "a.txt").write_text("Tail. \n")
    result = cli("check", "--select", "WS001", "--output-format", "concise", str(tmp_path / "a.txt"))
    assert result.stderr.splitlines()[0] == "newslint: warning: plugin 'xp_raises' failed to list its rules: KeyError: 'rules'"
    assert result.exit_code == 1 and "WS001" in result.stdout


def test_a_plugin_named_twice_is_loaded_once(cli, entry_point_site: Path, tmp_path: Path) -> None:
    (tmp_path / "newslint.toml").write_text('plugins = ["newslint_xp"]\n')
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = cli("check", "--select", "XP", "--output-format", "json", str(tmp_path / "a.txt"))
    assert result.stderr == "" and codes_of(result.stdout) == ["XP001"]


CORPUS_PLUGIN = '''
from newslint import CorpusRule, hookimpl
from newslint.model import Span


class SharedWord(CorpusRule):
    """A marker word found in more than one document of the batch.

    ## What it does
    Test rule for the cross-document pass.
    """

    code = "XC001"
    name = "shared-marker"

    def check(self, doc):
        return ()

    def collect(self, doc):
        i = doc.text.find("alpha")
        return None if i < 0 else (doc.position(i), i)

    def check_corpus(self, items):
        hits = [(source, s) for source, s in items if s is not None]
        if len(hits) < 2:
            return
        for source, ((line, column), i) in hits:
            f = self.finding(i, i + 5, f"'alpha' also appears in {len(hits) - 1} other document(s)")
            f.span = Span(line, column, line, column + 5)
            yield source.key, f


@hookimpl
def newslint_rules():
    return [SharedWord]
'''


@pytest.fixture
def corpus_project(tmp_path: Path, forget_plugin_modules: None) -> Path:
    (tmp_path / "xp_corpus.py").write_text(CORPUS_PLUGIN)
    (tmp_path / "newslint.toml").write_text('plugins = ["xp_corpus"]\nselect = ["XC001"]\n')
    records = [{"id": "a", "text": "Intro.\nThe alpha test."}, {"id": "b", "text": "alpha again"},
               {"id": "c", "text": "No marker."}]
    (tmp_path / "batch.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return tmp_path


def test_corpus_rule_findings_reach_the_right_documents(cli, corpus_project: Path) -> None:
    result = cli("check", "--output-format", "json", str(corpus_project / "batch.jsonl"))
    assert result.exit_code == 1
    assert [(f["id"], f["line"], f["column"], f["code"]) for f in json.loads(result.stdout)] == [
        ("a", 2, 5, "XC001"), ("b", 1, 1, "XC001")]


def test_corpus_rule_findings_honour_severity_and_per_file_ignores(cli, corpus_project: Path) -> None:
    config = corpus_project / "newslint.toml"
    config.write_text(config.read_text() + 'severity = { XC001 = "info" }\n')
    found = json.loads(cli("check", "--output-format", "json", str(corpus_project / "batch.jsonl")).stdout)
    assert {f["severity"] for f in found} == {"info"}
    config.write_text(config.read_text() + 'per-file-ignores = { "batch.jsonl" = ["XC001"] }\n')
    assert json.loads(cli("check", "--output-format", "json", str(corpus_project / "batch.jsonl")).stdout) == []


def test_corpus_rule_findings_honour_inline_suppressions(cli, corpus_project: Path) -> None:
    records = [{"id": "a", "text": "The alpha test. <!-- newslint: disable-line XC001 -->"},
               {"id": "b", "text": "<!-- newslint: disable-file -->\nalpha again"},
               {"id": "c", "text": "alpha, once more"}]
    (corpus_project / "batch.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    found = json.loads(cli("check", "--output-format", "json", str(corpus_project / "batch.jsonl")).stdout)
    assert [f["id"] for f in found] == ["c"]
    with_nl4 = cli("check", "--extend-select", "NL004", "--output-format", "json", str(corpus_project / "batch.jsonl"))
    assert [(f["id"], f["code"]) for f in json.loads(with_nl4.stdout)] == [("c", "XC001")], "the directives were used"


def test_corpus_rule_findings_honour_the_baseline(cli, corpus_project: Path) -> None:
    batch = corpus_project / "batch.jsonl"
    assert cli("check", "--write-baseline", str(corpus_project / "base.json"), str(batch)).exit_code == 0
    result = cli("check", "--baseline", str(corpus_project / "base.json"), "--output-format", "json", str(batch))
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])
    with batch.open("a") as fh:
        fh.write(json.dumps({"id": "d", "text": "alpha, new"}) + "\n")
    result = cli("check", "--baseline", str(corpus_project / "base.json"), "--output-format", "json", str(batch))
    assert [f["id"] for f in json.loads(result.stdout)] == ["d"], "only the new document's finding"

"""The real pre-commit run: this checkout's hooks (.pre-commit-hooks.yaml at HEAD) installed
by pre-commit into a temporary repository, failing on a bad article and passing on a clean one.

pre-commit clones the committed HEAD and pip-installs it into a hook virtualenv (PyPI must be
reachable), so this takes a minute or two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CHECKOUT

pytestmark = pytest.mark.slow

BAD = "The council met on Tuesday. \n"
CLEAN = "The council met on Tuesday.\n"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        head = git("rev-parse", "HEAD", cwd=CHECKOUT)
        git("cat-file", "-e", "HEAD:.pre-commit-hooks.yaml", cwd=CHECKOUT)
    except subprocess.CalledProcessError:
        pytest.skip("the checkout is not a git repository with .pre-commit-hooks.yaml committed")
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    git("config", "user.email", "test@example.invalid", cwd=repo)
    git("config", "user.name", "newslint tests", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {CHECKOUT}\n"
        f"    rev: {head}\n"
        "    hooks:\n"
        "      - id: newslint\n"
        "      - id: newslint-fix\n"
    )
    # keep the hooks to a stable rule whatever the rule families do meanwhile
    (repo / "newslint.toml").write_text('select = ["WS001"]\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSLINT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(base / "pre-commit-home"), NEWSLINT_CACHE_DIR=str(base / "cache"))
    return repo, env


def pre_commit(repo: Path, env: dict[str, str], hook: str, *files: str) -> subprocess.CompletedProcess:
    git("add", "-A", cwd=repo)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", hook, "--files", *files], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=900, check=False)


def test_check_hook_fails_on_a_bad_article_and_passes_on_a_clean_one(hook_repo) -> None:
    repo, env = hook_repo
    (repo / "bad.txt").write_text(BAD)
    (repo / "clean.txt").write_text(CLEAN)
    failed = pre_commit(repo, env, "newslint", "bad.txt")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "bad.txt:1:28: WS001" in failed.stdout
    assert (repo / "bad.txt").read_text() == BAD, "the check hook changes nothing"
    passed = pre_commit(repo, env, "newslint", "clean.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_fix_hook_fixes_the_article_then_passes(hook_repo) -> None:
    repo, env = hook_repo
    (repo / "fixme.txt").write_text(BAD)
    first = pre_commit(repo, env, "newslint-fix", "fixme.txt")
    assert first.returncode == 1, "pre-commit fails a hook that modified files"
    assert "files were modified by this hook" in first.stdout
    assert (repo / "fixme.txt").read_text() == CLEAN
    second = pre_commit(repo, env, "newslint-fix", "fixme.txt")
    assert second.returncode == 0, second.stdout + second.stderr

"""Every built-in rule pack in rules/ is found from the checkout and from a built wheel."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import CHECKOUT
from newslint.packs import builtin_pack_dir
from newslint.plugins import load_registry


PACKS = sorted((CHECKOUT / "rules").glob("*.toml"))


def pack_codes(paths: list[Path]) -> dict[str, str]:
    """Rule code -> pack file name, read straight from the TOML."""
    return {rule["code"]: path.name for path in paths for rule in tomllib.loads(path.read_text("utf-8")).get("rule", [])}


def test_the_checkout_ships_packs() -> None:
    assert PACKS, "rules/ holds the built-in packs"


def test_every_pack_is_found_from_the_checkout() -> None:
    import newslint

    if not Path(newslint.__file__).resolve().is_relative_to(CHECKOUT):
        pytest.skip("newslint is not imported from this checkout")
    assert builtin_pack_dir() == CHECKOUT / "rules"
    registry = load_registry(entry_points=False)
    loaded = {code: Path(getattr(cls, "pack_path", "")).name for code, cls in registry.rules.rules.items()
              if getattr(cls, "pack_path", "")}
    assert pack_codes(PACKS).items() <= loaded.items()


SCRIPT = """
import json, newslint
from newslint.packs import builtin_pack_dir
from newslint.plugins import load_registry
from pathlib import Path
rules = load_registry(entry_points=False).rules.rules
print(json.dumps({
    "module": newslint.__file__,
    "pack_dir": str(builtin_pack_dir()),
    "codes": {c: Path(r.pack_path).name for c, r in rules.items() if getattr(r, "pack_path", "")},
}))
"""


def test_every_pack_is_in_the_wheel_and_found_when_installed(tmp_path: Path) -> None:
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_packs")
    for name in ("newslint", "rules"):
        shutil.copytree(CHECKOUT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(CHECKOUT / name, src / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(src)]
    if importlib.util.find_spec("hatchling") is not None:  # fast and offline; else pip fetches the backend
        command[4:4] = ["--no-build-isolation", "--no-index"]
    build = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("newslint-*.whl")

    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for pack in PACKS:
            entry = f"newslint/_packs/{pack.name}"
            assert entry in names, f"{pack.name} is missing from the wheel"
            assert zf.read(entry) == pack.read_bytes()
        zf.extractall(tmp_path / "site")

    # the installed layout: newslint/_packs inside the package, no rules/ beside it
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert Path(found["module"]).resolve().is_relative_to(tmp_path / "site"), "the wheel's newslint was imported"
    assert Path(found["pack_dir"]) == tmp_path / "site" / "newslint" / "_packs"
    assert pack_codes(PACKS).items() <= found["codes"].items()

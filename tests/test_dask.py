"""newslint on a real Dask cluster (LocalCluster with worker processes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402

import newslint.dask as nld  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ARTEFACTS = "TThe meetings resumed on Monday.  \nThe talks ended.\n"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def records() -> list[dict]:
    recs = [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "source": "seed"} for p in sorted(SEEDS.glob("*.txt"))]
    return recs + [{"id": "artefacts", "text": ARTEFACTS, "source": "made-up"}]


def _jsonl(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_check_on_cluster_matches_local_run(cluster, records, tmp_path):
    path = _jsonl(tmp_path, records)
    base = [sys.executable, "-m", "newslint", "check", "--isolated", "--no-cache", "--output-format", "json"]
    local = subprocess.run([*base, str(path)], capture_output=True, text=True)
    remote = subprocess.run([*base, "--dask-scheduler", cluster.scheduler_address, str(path)],
                            capture_output=True, text=True)
    assert remote.returncode == local.returncode == 1, remote.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert any(f["id"] == "artefacts" and f["code"] == "WS001" for f in json.loads(remote.stdout))


def test_lint_and_fix_bag(cluster, records):
    with distributed.Client(cluster):
        bag = db.from_sequence(records, npartitions=3)
        findings = nld.lint_bag(bag).compute()
        fixed = nld.fix_bag(bag, select=["WS001"]).compute()
    local = [f for r in newslint_results(records) for f in r]
    assert sorted((f["id"], f["code"], f["start_offset"]) for f in findings) == sorted(local)
    by_id = {r["id"]: r for r in fixed}
    assert by_id["artefacts"]["text"] == "TThe meetings resumed on Monday.\nThe talks ended.\n"
    assert by_id["artefacts"]["source"] == "made-up"  # other fields untouched
    assert [r["id"] for r in fixed] == [r["id"] for r in records]  # order kept


def test_lint_and_fix_dataframe(cluster, records):
    with distributed.Client(cluster):
        df = dd.from_pandas(pd.DataFrame(records), npartitions=2)
        findings = nld.lint_dataframe(df, select=["WS001"]).compute()
        fixed = nld.fix_dataframe(df, select=["WS001"]).compute()
    assert list(findings.columns) == nld.FINDING_COLUMNS
    assert list(findings["id"]) == ["artefacts"]
    assert fixed.set_index("id").loc["artefacts", "text"].startswith("TThe meetings resumed on Monday.\n")


def newslint_results(records: list[dict]) -> list[list[tuple]]:
    import newslint

    return [[(r["id"], f.code, f.start) for f in result.findings]
            for r, result in zip(records, newslint.lint_records(records))]

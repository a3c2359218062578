"""Lint and fix Dask bags and dataframes of article records (``pip install 'newslint[dask]'``).

    import dask.bag as db, newslint.dask as nld
    records = db.read_text("s3://bucket/articles-*.jsonl").map(json.loads)
    findings = nld.lint_bag(records).compute()          # list of finding dicts (JSON contract)
    fixed = nld.fix_bag(records)                         # the records, text field fixed

Each worker process builds its linter once per config. Per-document rules run here;
rules that compare documents (the batch pass, e.g. NM002) need the whole run and are
available through ``newslint check --dask-scheduler ADDRESS data.jsonl``.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from newslint.config import Config
from newslint.model import Safety

__all__ = ["FINDING_COLUMNS", "fix_bag", "fix_dataframe", "lint_bag", "lint_dataframe"]

FINDING_COLUMNS = ["id", "line", "column", "end_line", "end_column", "code", "rule", "severity", "message", "fixable"]


def _config(config: Config | None, select: Iterable[str] | None, ignore: Iterable[str]) -> Config:
    base = config or Config()
    return base.replace(select=tuple(select) if select is not None else None, ignore=tuple(ignore) or None)


def _results(records: Iterable[dict[str, Any]], config: Config, text_field: str, id_field: str | None,
             fix: bool, unsafe: bool) -> Iterator[tuple[dict[str, Any], Any]]:
    from newslint.engine import lint_record_stream
    from newslint.executors import _linter

    return lint_record_stream(
        _linter(config, True), records, path="<dask>", numbered=False, text_field=text_field, id_field=id_field,
        title_field=None, fix=fix, required=Safety.UNSAFE if unsafe else Safety.SAFE,
    )


def _lint_partition(records: Iterable[dict[str, Any]], config: Config, text_field: str,
                    id_field: str | None) -> list[dict[str, Any]]:
    from newslint.reporters import finding_to_dict

    out = []
    for _, result in _results(records, config, text_field, id_field, False, False):
        out += [finding_to_dict(result, f) for f in result.findings]
    return out


def _fix_partition(records: Iterable[dict[str, Any]], config: Config, text_field: str, id_field: str | None,
                   unsafe: bool) -> list[dict[str, Any]]:
    out = []
    for record, result in _results(records, config, text_field, id_field, True, unsafe):
        if result.fixed_text is not None:
            record = {**record, text_field: result.fixed_text}
        out.append(record)
    return out


def lint_bag(bag: Any, *, text_field: str = "text", id_field: str | None = "id", config: Config | None = None,
             select: Iterable[str] | None = None, ignore: Iterable[str] = ()) -> Any:
    """A bag of finding dicts (the JSON contract; ``path`` is ``<dask>``, ``id`` the record id)."""
    return bag.map_partitions(_lint_partition, _config(config, select, ignore), text_field, id_field)


def fix_bag(bag: Any, *, text_field: str = "text", id_field: str | None = "id", unsafe: bool = False,
            config: Config | None = None, select: Iterable[str] | None = None, ignore: Iterable[str] = ()) -> Any:
    """The same records with safe (and with ``unsafe=True`` unsafe) fixes applied to the text field."""
    return bag.map_partitions(_fix_partition, _config(config, select, ignore), text_field, id_field, unsafe)


def _lint_frame(frame: Any, config: Config, text_column: str, id_column: str | None) -> Any:
    import pandas as pd

    records = frame.to_dict("records")
    rows = [
        {**{k: d[k] for k in FINDING_COLUMNS if k in d}, "fixable": d["fix"]["applicability"] if d["fix"] else None}
        for d in _lint_partition(records, config, text_column, id_column)
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def _fix_frame(frame: Any, config: Config, text_column: str, id_column: str | None, unsafe: bool) -> Any:
    frame = frame.copy()
    fixed = _fix_partition(frame.to_dict("records"), config, text_column, id_column, unsafe)
    frame[text_column] = [r[text_column] for r in fixed]
    return frame


def lint_dataframe(df: Any, *, text_column: str = "text", id_column: str | None = "id",
                   config: Config | None = None, select: Iterable[str] | None = None,
                   ignore: Iterable[str] = ()) -> Any:
    """A dataframe of findings, one row per finding, columns ``FINDING_COLUMNS``."""
    import pandas as pd

    meta = pd.DataFrame({
        "id": pd.Series(dtype=object), "line": pd.Series(dtype="int64"), "column": pd.Series(dtype="int64"),
        "end_line": pd.Series(dtype="int64"), "end_column": pd.Series(dtype="int64"),
        "code": pd.Series(dtype=object), "rule": pd.Series(dtype=object), "severity": pd.Series(dtype=object),
        "message": pd.Series(dtype=object), "fixable": pd.Series(dtype=object),
    })
    return df.map_partitions(_lint_frame, _config(config, select, ignore), text_column, id_column, meta=meta)


def fix_dataframe(df: Any, *, text_column: str = "text", id_column: str | None = "id", unsafe: bool = False,
                  config: Config | None = None, select: Iterable[str] | None = None,
                  ignore: Iterable[str] = ()) -> Any:
    """The same dataframe with the text column fixed."""
    return df.map_partitions(_fix_frame, _config(config, select, ignore), text_column, id_column, unsafe,
                             meta=df._meta)

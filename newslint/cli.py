"""The ``newslint`` command line (click), following ruff's conventions.

Exit codes: 0 nothing found (or everything fixed), 1 findings remain, 2 usage, config or
input error.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from newslint import __version__
from newslint.config import Config, find_config, load_config
from newslint.errors import NewslintError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _err(message: str) -> None:
    click.echo(f"newslint: error: {message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"newslint: warning: {message}", err=True)


def _build_config(paths: tuple[str, ...], opts: dict[str, Any]) -> Config:
    if opts.get("isolated"):
        config = Config()
    elif opts.get("config"):
        config = load_config(Path(opts["config"]))
    else:
        first = next((p for p in paths if p != "-"), None)
        start = Path(first) if first else Path(opts.get("stdin_filename") or ".")
        config = load_config(find_config(start if start.exists() else Path.cwd()))
    changes: dict[str, Any] = {
        "select": _split(opts.get("select", ())),
        "extend_select": (config.extend_select + _split(opts["extend_select"])) if opts.get("extend_select") else None,
        "ignore": (config.ignore + _split(opts["ignore"])) if opts.get("ignore") else None,
        "text_field": opts.get("text_field"),
        "id_field": opts.get("id_field"),
        "extend_exclude": (config.extend_exclude + _split(opts["extend_exclude"])) if opts.get("extend_exclude") else None,
        "exclude": _split(opts.get("exclude", ())),
        "baseline": str(Path(opts["baseline"]).resolve()) if opts.get("baseline") else None,
    }
    if opts.get("unsafe_fixes") is not None:
        changes["unsafe_fixes"] = opts["unsafe_fixes"]
    return config.replace(**changes)


@contextmanager
def _gc_paused() -> Any:
    """The cyclic garbage collector off for a while (restored as it was).

    Building the linter imports the rule modules and makes their patterns, lexicons and
    indexes: many long-lived objects and next to no garbage, so the collector's passes over
    them are pure cost, about a tenth of a one-article run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _linter(config: Config, no_plugins: bool = False):
    from newslint.engine import Linter, freeze_setup

    if no_plugins:  # hermetic: built-ins only, whatever the config or the environment names
        config = config.replace(plugins=())
    with _gc_paused():
        linter = Linter(config, entry_points=not no_plugins)
        freeze_setup()  # what was built lives as long as the run: out of the collector's reach
    for message in linter.registry.errors:
        _warn(message)
    return linter


# --------------------------------------------------------------------------- group
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="newslint")
def main() -> None:
    """newslint: find and fix scrape artefacts in news articles.

    \b
    newslint check seeds/              lint files, folders or JSONL records
    newslint fix --diff seeds/         show the safe fixes as a diff
    newslint rules                     list every rule
    newslint rule BP001                explain one rule
    """


def _common(f):
    options = [
        click.argument("paths", nargs=-1, type=click.Path(allow_dash=True)),
        click.option("--select", multiple=True, metavar="CODES", help="Rules to enable (code, prefix, name; comma-separated). Replaces the default set."),
        click.option("--extend-select", multiple=True, metavar="CODES", help="Rules to enable on top of the selection."),
        click.option("--ignore", multiple=True, metavar="CODES", help="Rules to disable."),
        click.option("--output-format", default=None, metavar="FORMAT",
                     help="full (default), concise, json, jsonl, sarif, github, gitlab, junit."),
        click.option("--statistics", is_flag=True, help="Print a count per rule instead of the findings."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain."),
        click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary."),
        click.option("--unsafe-fixes/--no-unsafe-fixes", default=None, help="Also apply fixes marked unsafe."),
        click.option("--diff", is_flag=True, help="With fixing: print a unified diff and write nothing."),
        click.option("-o", "--output", type=click.Path(allow_dash=True), default=None,
                     help="With fixing: write the fixed input here (- for stdout) instead of in place."),
        click.option("--config", type=click.Path(exists=True, dir_okay=False), help="Use this config file."),
        click.option("--isolated", is_flag=True, help="Ignore every config file."),
        click.option("--no-plugins", is_flag=True, help="Load no third-party plugins (hermetic CI)."),
        click.option("--text-field", default=None, help="JSONL: the field holding the article text [text]."),
        click.option("--id-field", default=None, help="JSONL: the field holding the record id [id]."),
        click.option("--encoding", default=None, help="Decode text files with this encoding instead of UTF-8."),
        click.option("--stdin-filename", default=None, help="The name of the input read from stdin (picks the reader)."),
        click.option("--exclude", multiple=True, metavar="GLOBS", help="Replace the default excludes."),
        click.option("--extend-exclude", multiple=True, metavar="GLOBS", help="Exclude these globs too."),
        click.option("--force-exclude", is_flag=True, help="Apply excludes to files named on the command line too."),
        click.option("--baseline", type=click.Path(dir_okay=False), default=None,
                     help="Report only findings that are not in this baseline file."),
        click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
                     help="Record every current finding in this baseline file and exit 0."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache."),
        click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                     help="Results cache folder [.newslint_cache beside the config, or ~/.cache/newslint]."),
        click.option("--dask-scheduler", default=None, metavar="ADDRESS",
                     help="Lint on a Dask cluster (tcp://host:8786); needs the dask extra."),
        click.option("-j", "--jobs", type=int, default=1, show_default=True, help="Worker processes (0: one per core)."),
        click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a TTY)."),
        click.option("--color/--no-color", default=None, help="Colour output (default: on a TTY)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@main.command()
@_common
@click.option("--fix", is_flag=True, help="Apply safe fixes (and unsafe ones with --unsafe-fixes).")
def check(**opts: Any) -> None:
    """Lint PATHS (files, folders, JSONL, or - for stdin)."""
    sys.exit(_run(opts, fix=opts.pop("fix")))


@main.command()
@_common
def fix(**opts: Any) -> None:
    """Apply safe fixes to PATHS, then report what remains."""
    sys.exit(_run(opts, fix=True))


def _run(opts: dict[str, Any], *, fix: bool) -> int:
    from newslint.cache import default_cache_dir
    from newslint.readers import ReadOptions
    from newslint.runner import RunOptions, Runner

    paths = opts["paths"] or (".",)
    try:
        config = _build_config(paths, opts)
        linter = _linter(config, opts["no_plugins"])
        fmt = opts["output_format"] or os.environ.get("NEWSLINT_OUTPUT_FORMAT") or "full"
        if fmt not in linter.registry.formats:
            raise NewslintError(f"unknown output format {fmt!r}; choose from {', '.join(sorted(linter.registry.formats))}")
    except NewslintError as exc:
        _err(str(exc))
        return EXIT_ERROR
    jobs = opts["jobs"] if opts["jobs"] > 0 else (os.cpu_count() or 1)
    in_hook = bool(os.environ.get("PRE_COMMIT"))
    progress = opts["progress"] if opts["progress"] is not None else (sys.stderr.isatty() and not in_hook)
    options = RunOptions(
        fix=fix, unsafe_fixes=config.unsafe_fixes, diff=opts["diff"], jobs=jobs,
        force_exclude=opts["force_exclude"], stdin_filename=opts["stdin_filename"], output=opts["output"],
        read=ReadOptions(config.text_field, config.id_field, config.title_field, opts["encoding"]),
        progress=progress,
        dask_scheduler=opts["dask_scheduler"],
        stdout=sys.stdout.buffer,
        cache_dir=None if opts["no_cache"] or os.environ.get("NEWSLINT_NO_CACHE") else (
            Path(opts["cache_dir"]) if opts["cache_dir"] else default_cache_dir(config.root if config.path else None)),
    )
    if opts["output"] and not fix:
        _err("-o/--output writes the fixed input: use it with `newslint fix` or `check --fix`")
        return EXIT_ERROR
    if opts["output"] not in (None, "-") and (len(paths) != 1 or Path(paths[0]).is_dir()):
        _err("-o/--output FILE takes exactly one input file (or use -o - for stdout)")
        return EXIT_ERROR
    if opts["diff"] and not fix:
        _err("--diff needs fixing: use `newslint fix --diff` or `check --fix --diff`")
        return EXIT_ERROR
    stdin = sys.stdin.buffer if "-" in paths else None
    # with the fixed text on stdout, findings go to stderr so the output stays clean
    to_stdout = fix and not opts["diff"] and ("-" in paths or opts["output"] == "-")
    report_stream = sys.stderr if to_stdout else sys.stdout
    color = opts["color"] if opts["color"] is not None else report_stream.isatty()
    reporter = None
    if not (opts["statistics"] or opts["write_baseline"] or (opts["diff"] and fmt == "full")):
        reporter = linter.registry.formats[fmt](report_stream, rules=linter.registry.rules, color=color,
                                                unsafe_fixes=config.unsafe_fixes)
    try:
        # findings stream to the reporter as documents finish: memory stays flat on huge inputs
        summary = Runner(linter, options, entry_points=not opts["no_plugins"]).run(
            list(paths), stdin, on_result=reporter.add if reporter is not None else None)
    except NewslintError as exc:
        _err(str(exc))
        return EXIT_ERROR

    if opts["write_baseline"]:
        from newslint.baseline import write_baseline

        n = write_baseline(Path(opts["write_baseline"]), summary.results)
        click.echo(f"Wrote {n} finding(s) to baseline {opts['write_baseline']}.", err=True)
        return EXIT_CLEAN

    if to_stdout:
        sys.stdout.buffer.flush()
    elif opts["diff"]:
        for d in summary.diffs:
            sys.stdout.write(d)
    if opts["statistics"]:
        _statistics(report_stream, summary, fmt)
    elif reporter is not None:
        reporter.finish()
    if not opts["quiet"] and not getattr(linter.registry.formats[fmt], "machine", True):
        _summary_line(summary, fix, opts["diff"], config.unsafe_fixes)

    if summary.errors or summary.crashed:
        return EXIT_ERROR
    if opts["exit_zero"]:
        return EXIT_CLEAN
    if opts["diff"]:
        return EXIT_FINDINGS if summary.diffs else EXIT_CLEAN
    return EXIT_FINDINGS if summary.finding_count else EXIT_CLEAN


def _statistics(stream: Any, summary: Any, fmt: str) -> None:
    counts = summary.counts
    fixable = summary.safe_fixable + summary.unsafe_fixable
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt in ("json", "jsonl"):
        json.dump([{"code": c, "name": n, "count": k, "fixable": fixable[c]} for (c, n), k in rows], stream, indent=2)
        stream.write("\n")
        return
    for (code, name), count in rows:
        mark = "[*]" if fixable[code] else "   "
        stream.write(f"{count:>6}  {code:<6} {mark} {name}\n")


def _summary_line(summary: Any, fix: bool, diff: bool, unsafe: bool) -> None:
    n = summary.finding_count
    parts = []
    if fix and not diff:
        parts.append(f"Fixed {summary.fixes_applied} finding(s) in {len(summary.changed_files)} file(s).")
    if diff:
        parts.append(f"Would fix {len(summary.diffs)} document(s).")
    if n:
        safe = sum(summary.safe_fixable.values())
        unsafe_n = sum(summary.unsafe_fixable.values())
        parts.append(f"Found {n} finding(s) in {summary.documents} document(s).")
        if safe and not fix:
            parts.append(f"[*] {safe} fixable with `newslint fix`.")
        if unsafe_n and not unsafe:
            parts.append(f"{unsafe_n} more fixable with `--unsafe-fixes`.")
    elif not diff:
        parts.append(f"All checks passed ({summary.documents} document(s)).")
    if summary.errors:
        parts.append(f"{summary.errors} input(s) could not be read or written.")
    click.echo(" ".join(parts), err=True)


# --------------------------------------------------------------------------- info commands
def _registry_linter(config_path: str | None, no_plugins: bool):
    """The linter the info commands describe; a config or plugin error exits 2."""
    try:
        config = load_config(Path(config_path)) if config_path else load_config(find_config(Path.cwd()))
        return _linter(config, no_plugins)
    except NewslintError as exc:
        _err(str(exc))
        sys.exit(EXIT_ERROR)


@main.command("rules")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
@click.option("--config", type=click.Path(exists=True, dir_okay=False))
@click.option("--no-plugins", is_flag=True)
def rules_cmd(output_format: str, config: str | None, no_plugins: bool) -> None:
    """List every rule: code, name, family, fix, severity."""
    linter = _registry_linter(config, no_plugins)
    rules = linter.registry.rules.rules
    enabled = set(linter.codes)
    if output_format == "json":
        click.echo(json.dumps([
            {"code": c, "name": r.name, "family": r.family, "fix": r.fix_label(), "severity": r.severity.value,
             "enabled": c in enabled, "summary": r.summary(), "origin": r.origin}
            for c, r in rules.items()
        ], indent=2))
        return
    click.echo(f"{'code':<7}{'name':<34}{'family':<16}{'fix':<10}{'severity':<9}summary")
    for code, r in rules.items():
        mark = "" if code in enabled else " (off)"
        click.echo(f"{code:<7}{r.name:<34}{(r.family or '-'):<16}{r.fix_label():<10}{r.severity.value:<9}"
                   f"{r.summary()}{mark}")


@main.command("rule")
@click.argument("code")
@click.option("--config", type=click.Path(exists=True, dir_okay=False))
@click.option("--no-plugins", is_flag=True)
def rule_cmd(code: str, config: str | None, no_plugins: bool) -> None:
    """Explain one rule, by code or name."""
    linter = _registry_linter(config, no_plugins)
    cls = linter.registry.rules.lookup(code)
    if cls is None:
        from newslint.rule import did_you_mean

        rules = linter.registry.rules.rules
        _err(f"unknown rule {code!r}" + did_you_mean(code, list(rules) + [r.name for r in rules.values()]))
        sys.exit(EXIT_ERROR)
    click.echo(cls(None, linter.registry.lexicons).describe(), nl=False)


@main.command("plugins")
@click.option("--config", type=click.Path(exists=True, dir_okay=False))
@click.option("--no-plugins", is_flag=True)
def plugins_cmd(config: str | None, no_plugins: bool) -> None:
    """List loaded plugins, where they came from and the hooks they implement."""
    linter = _registry_linter(config, no_plugins)
    for info in linter.registry.plugins:
        version = f" {info.version}" if info.version else ""
        click.echo(f"{info.name}{version} [{info.source}]: {', '.join(info.hooks) or '-'}")
    for message in linter.registry.errors:
        click.echo(f"FAILED: {message}")

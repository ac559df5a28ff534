"""What a person at the console sees of a run: one line per step, and a closing summary.

`progress_console_logger` is the Dagster console logger of every job in `definitions`: each line is
`<step> <message>`, at INFO by default (the pipeline's own progress lines and warnings; Dagster's own
events are DEBUG and show with `registry-pipeline run -v`). `summary` reads a finished run: the
sources and their state, the counts, the checks that failed and why, where the outputs are.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter

from dagster import Field, logger

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class StepFormatter(logging.Formatter):
    """`  staged__aider          message`: the step and Dagster's original message, no run id."""

    def format(self, record: logging.LogRecord) -> str:
        meta = getattr(record, "dagster_meta", None) or {}
        message = meta.get("orig_message") or record.getMessage()
        step = meta.get("step_key") or meta.get("job_name") or ""
        level = "" if record.levelno == logging.INFO else f"{record.levelname.lower()}: "
        return f"  {step:<34} {level}{message}"


@logger(
    {"log_level": Field(str, default_value="INFO", description=f"one of {', '.join(LEVELS)}")},
    description="One line per step for a person at the console (step, message); Dagster's events at DEBUG.",
)
def progress_console_logger(init_context) -> logging.Logger:
    log = logging.getLogger(f"registry_pipeline.console.{id(init_context)}")
    log.setLevel(init_context.logger_config["log_level"].upper())
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(StepFormatter())
    log.handlers = [handler]
    log.propagate = False
    return log


def _severity(evaluation) -> str:
    return getattr(evaluation.severity, "value", str(evaluation.severity))


def _reason(evaluation) -> str:
    """A check's description, else its short scalar metadata (never a table or markdown preview)."""
    if evaluation.description:
        return evaluation.description
    plain = [f"{k} {v.value}" for k, v in evaluation.metadata.items()
             if isinstance(v.value, (int, float, str)) and "\n" not in str(v.value) and len(str(v.value)) < 80]
    return ", ".join(plain[:4]) or "failed"


def summary(result, settings, seconds: float) -> tuple[list[str], bool]:
    """The closing lines of a run, and whether a blocking check failed."""
    import duckdb

    lines: list[str] = []
    try:
        con = duckdb.connect(str(settings.warehouse_path), read_only=True)
        try:
            runs = con.execute("select source_id, mode, snapshot, message from source_runs order by source_id").fetchall()
            counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("models", "scores", "score_observations", "rejects", "model_review")}
            build = con.execute("select build_id from build_info").fetchone()[0]
        finally:
            con.close()
    except duckdb.Error as exc:
        runs, counts, build = [], {}, None
        lines.append(f"warehouse not readable: {exc}")
    if runs:
        modes = Counter(mode for _, mode, _, _ in runs)
        lines.append("sources: " + ", ".join(f"{n} {mode}" for mode, n in sorted(modes.items())))
        for sid, mode, snapshot, message in runs:
            if mode in ("failed", "fallback"):
                lines.append(f"  {sid}: {mode}" + (f" ({snapshot})" if snapshot else "") + (f": {message}" if message and mode == "failed" else ""))
    if counts:
        lines.append(f"models {counts['models']}, scores {counts['scores']} (from {counts['score_observations']} observations), "
                     f"rejects {counts['rejects']}, names to review {counts['model_review']}")
    failing = [e for e in result.get_asset_check_evaluations() if not e.passed]
    blocking = any(e.blocking and _severity(e) == "ERROR" for e in failing)
    if failing:
        lines.append(f"failing checks: {len(failing)}")
        groups: dict[tuple[str, str], list] = {}
        for e in sorted(failing, key=lambda e: e.asset_key.to_user_string()):
            groups.setdefault((_severity(e), e.check_name), []).append(e)
        for (severity, name), evals in sorted(groups.items()):
            shown = "; ".join(f"{e.asset_key.path[-1]}: {_reason(e)}" for e in evals[:3])
            more = f"; and {len(evals) - 3} more" if len(evals) > 3 else ""
            lines.append(f"  {severity} {name} ({len(evals)}): {shown}{more}")
    lines.append(f"warehouse {settings.warehouse_path} (build {build}); API {settings.api_dir}")
    lines.append(f"took {seconds:.1f} s")
    return lines, blocking


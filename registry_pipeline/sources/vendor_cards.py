"""Vendor model cards: the score tables of a model's README / Hugging Face card, one source per card.

Each card is fetched as raw markdown (`README.md`); `_tables.tables()` reads its markdown pipe tables
and HTML tables (rowspan/colspan expanded), and a per-card configuration (`CARDS`, data not code) says
which tables hold scores (by the heading above them), which columns are labels (category, benchmark,
metric, shots), whether models are columns or rows, which model each header names (an exact,
curated spelling the registry resolves, plus a run setting such as "non-thinking"), which of them
are the card maker's own (`own`), and which catalogue benchmark each row label is. Every numeric cell
becomes an observation attributed to the page (`source_url`, and `as_of_date` = the day the tables
were published with the model): at `provider` level for the maker's own models (its claims), at
`community` level for the other makers' models it compares itself with. Those columns are the card
maker's runs of a rival's model, no claim of that model's maker (the recordings' SOURCE.md: "at best
unverified third-hand numbers"), as tau2-bench files a submission by neither the benchmark's owner nor
the model's maker: they are published where no source has the model's maker's own figure or an
independent run, and never outrank them (DeepSeek's 87.2 for GPT-4o's MMLU, measured in December
2024, is not OpenAI's 88.7 of May 2024). A cell the card marks as copied from the model's maker's own
report (`maker_report_mark`: Kimi K2's "*") is that maker's claim, `provider`. "-", "—" and empty cells
are absent, never zero; a footnote mark ("*") is kept in `details`. A cell that is neither a number nor
absent is a reject naming the table, the row and the column. A row whose metric makes it another benchmark
(SWE-bench Verified's "Multiple Attempts": SWE-bench Verified (Multiple Attempts)) is configured as that
benchmark. When one benchmark has several rows (SWE-bench Verified agentless / agentic single attempt), the
card's configuration names each row's setting, its `variant` for every model of the row (null for the
benchmark's protocol); an unconfigured benchmark a model has several rows of gets the rows' setting and
metric.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from registry_pipeline.schemas.contracts import MODEL_RECORD_COLUMNS, REJECT_COLUMNS, SCORE_OBSERVATION_COLUMNS, empty_frame
from registry_pipeline.sources._parsing import raw_json, reject, require_file
from registry_pipeline.sources._settings import problem_window, subset_setting
from registry_pipeline.sources._tables import Cell, Table, tables
from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceFile, SourceParseError, SourceSpec

FILE = "README.md"
ABSENT = {"", "-", "—", "–", "n/a", "na", "/"}


@dataclass(frozen=True)
class TableConfig:
    heading: str  # the heading right above the table
    benchmark_col: int  # column of the benchmark label (models in columns) / of the model (models in rows)
    first_value_col: int  # first column holding values
    metric_col: int | None = None
    shots_col: int | None = None
    models_in_rows: bool = False  # the open-ended table: one row per model, one column per benchmark
    skip_rows: tuple[str, ...] = ("Architecture", "# Activated Params", "# Total Params")


@dataclass(frozen=True)
class CardConfig:
    page_url: str
    published: dt.date  # the day the tables were published with the model
    tables: tuple[TableConfig, ...]
    models: dict[str, tuple[str, str | None]]  # header text -> (registry spelling, run setting)
    own: frozenset[str]  # the registry spellings of the card maker's own models (the rest are other makers')
    benchmarks: dict[str, str]  # row label (without the metric in parentheses) -> catalogue id
    units: dict[str, str] = field(default_factory=dict)  # catalogue id -> raw unit when not percent
    # (row label, metric) -> catalogue id, where a metric makes the row another benchmark than its label
    metric_benchmarks: dict[tuple[str, str], str] = field(default_factory=dict)
    # (catalogue id, metric) -> the setting of one of a benchmark's several rows (None: the benchmark's protocol),
    # for every model of the row, whether or not the model has a figure in the benchmark's other rows
    row_settings: dict[tuple[str, str], str | None] = field(default_factory=dict)
    # the footnote mark of a cell the card copied from the model's maker's own report (Kimi K2's "*": "directly
    # from the model's tech report or blog"): in another maker's column, that maker's claim, not the card's run
    maker_report_mark: str | None = None


DEEPSEEK_V3 = CardConfig(
    page_url="https://huggingface.co/deepseek-ai/DeepSeek-V3",
    published=dt.date(2024, 12, 26),
    tables=(
        TableConfig("Standard Benchmarks", benchmark_col=1, shots_col=2, first_value_col=3),
        TableConfig("Standard Benchmarks (Models larger than 67B)", benchmark_col=1, first_value_col=2),
        TableConfig("Open Ended Generation Evaluation", benchmark_col=0, first_value_col=1, models_in_rows=True),
    ),
    models={
        # the base-model table
        "DeepSeek-V2": ("deepseek-v2-base", None), "Qwen2.5 72B": ("qwen2.5-72b", None),
        "LLaMA3.1 405B": ("llama-3.1-405b", None), "DeepSeek-V3": ("deepseek-v3-base", None),
        # the chat-model table
        "DeepSeek V2-0506": ("deepseek-v2-chat-0506", None), "DeepSeek V2.5-0905": ("deepseek-v2.5", None),
        "Qwen2.5 72B-Inst.": ("qwen2.5-72b-instruct", None), "Llama3.1 405B-Inst.": ("llama-3.1-405b-instruct", None),
        "Claude-3.5-Sonnet-1022": ("claude-3-5-sonnet-20241022", None), "GPT-4o 0513": ("gpt-4o-2024-05-13", None),
        "DeepSeek V3": ("deepseek-v3", None),
        # the open-ended table (chat models, one per row)
        "DeepSeek-V2.5-0905": ("deepseek-v2.5", None), "Qwen2.5-72B-Instruct": ("qwen2.5-72b-instruct", None),
        "LLaMA-3.1 405B": ("llama-3.1-405b-instruct", None), "GPT-4o-0513": ("gpt-4o-2024-05-13", None),
        "Claude-Sonnet-3.5-1022": ("claude-3-5-sonnet-20241022", None), "DeepSeek-V3@chat": ("deepseek-v3", None),
    },
    own=frozenset({"deepseek-v2-base", "deepseek-v3-base", "deepseek-v2-chat-0506", "deepseek-v2.5", "deepseek-v3"}),
    benchmarks={
        "Pile-test": "pile-test-bpb", "BBH": "big-bench-hard", "MMLU": "mmlu", "MMLU-Redux": "mmlu-redux", "MMLU-Pro": "mmlu-pro",
        "DROP": "drop", "ARC-Easy": "arc-e", "ARC-Challenge": "arc-c", "HellaSwag": "hellaswag", "PIQA": "piqa",
        "WinoGrande": "winogrande", "RACE-Middle": "race-middle", "RACE-High": "race-high", "TriviaQA": "triviaqa",
        "NaturalQuestions": "natural-questions", "AGIEval": "agieval", "HumanEval": "humaneval", "MBPP": "mbpp",
        "LiveCodeBench-Base": "livecodebench-base", "CRUXEval-I": "cruxeval-i", "CRUXEval-O": "cruxeval-o", "GSM8K": "gsm8k",
        "MATH": "math", "MGSM": "mgsm", "CMath": "cmath", "CLUEWSC": "cluewsc", "C-Eval": "c-eval", "CMMLU": "cmmlu",
        "CMRC": "cmrc", "C3": "c3", "CCPM": "ccpm", "MMMLU-non-English": "mmmlu-non-english", "IF-Eval": "ifeval",
        "GPQA-Diamond": "gpqa-diamond", "SimpleQA": "simpleqa", "FRAMES": "frames", "LongBench v2": "longbench-v2",
        "HumanEval-Mul": "humaneval-mul", "LiveCodeBench": "livecodebench", "Codeforces": "codeforces-percentile",
        "SWE Verified": "swe-bench-verified", "Aider-Edit": "aider-edit", "Aider-Polyglot": "aider-polyglot",
        "AIME 2024": "aime-2024", "MATH-500": "math-500", "CNMO 2024": "cnmo-2024", "C-SimpleQA": "csimpleqa",
        "Arena-Hard": "arena-hard", "AlpacaEval 2.0": "alpacaeval-2.0",
    },
    units={"pile-test-bpb": "points"},
    # LiveCodeBench twice: with a chain of thought asked for, and as the benchmark prompts (its protocol)
    row_settings={("livecodebench", "Pass@1-COT"): "cot", ("livecodebench", "Pass@1"): None},
)

KIMI_K2 = CardConfig(
    page_url="https://huggingface.co/moonshotai/Kimi-K2-Instruct",
    published=dt.date(2025, 7, 11),
    tables=(
        TableConfig("Instruction model evaluation results", benchmark_col=0, metric_col=1, first_value_col=2),
        TableConfig("Base model evaluation results", benchmark_col=0, metric_col=1, shots_col=2, first_value_col=3),
    ),
    models={
        "Kimi K2 Instruct": ("kimi-k2-instruct", None), "DeepSeek-V3-0324": ("deepseek-v3-0324", None),
        "Qwen3-235B-A22B (non-thinking)": ("qwen3-235b-a22b", "non-thinking"),
        "Claude Sonnet 4 (w/o extended thinking)": ("claude-sonnet-4-20250514", "no extended thinking"),
        "Claude Opus 4 (w/o extended thinking)": ("claude-opus-4-20250514", "no extended thinking"),
        "GPT-4.1": ("gpt-4.1", None), "Gemini 2.5 Flash Preview (05-20)": ("gemini-2.5-flash-preview-05-20", None),
        "Kimi K2 Base": ("kimi-k2-base", None), "Deepseek-V3-Base": ("deepseek-v3-base", None),
        "Qwen2.5-72B": ("qwen2.5-72b", None), "Llama 4 Maverick": ("llama-4-maverick-17b-128e", None),
    },
    own=frozenset({"kimi-k2-instruct", "kimi-k2-base"}),
    benchmarks={
        "LiveCodeBench v6": "livecodebench-v6", "OJBench": "ojbench", "MultiPL-E": "multipl-e",
        "SWE-bench Verified": "swe-bench-verified", "SWE-bench Multilingual": "swe-bench-multilingual",
        "TerminalBench": "terminal-bench", "Aider-Polyglot": "aider-polyglot", "Tau2 retail": "tau2-bench-retail",
        "Tau2 airline": "tau2-bench-airline", "Tau2 telecom": "tau2-bench-telecom", "AceBench": "acebench",
        "AIME 2024": "aime-2024", "AIME 2025": "aime-2025", "MATH-500": "math-500", "HMMT 2025": "hmmt-2025",
        "CNMO 2024": "cnmo-2024", "PolyMath-en": "polymath-en", "ZebraLogic": "zebralogic", "AutoLogi": "autologi",
        "GPQA-Diamond": "gpqa-diamond", "SuperGPQA": "supergpqa", "Humanity's Last Exam": "hle", "MMLU": "mmlu",
        "MMLU-Redux": "mmlu-redux", "MMLU-Pro": "mmlu-pro", "MMLU-pro": "mmlu-pro", "MMLU-redux-2.0": "mmlu-redux-2.0",
        "IFEval": "ifeval", "Multi-Challenge": "multichallenge", "SimpleQA": "simpleqa",
        # LiveBench's release of 2024-11-25, not its global average over the current release: llm-stats' row of
        # Kimi K2 0905 from Moonshot's page says "2024/11/25 Pass@1" of the same 76.4
        "Livebench": "livebench-20241125",
        "TriviaQA": "triviaqa", "EvalPlus": "evalplus", "MATH": "math", "GSM8k": "gsm8k", "C-Eval": "c-eval",
        "CSimpleQA": "csimpleqa",
    },
    # several attempts with a model picking the patch to submit ("parallel test-time compute") is not the
    # benchmark's single-attempt protocol: llm-stats lists these figures as SWE-bench Verified (Multiple
    # Attempts), and as a setting of SWE-bench Verified they became Claude Sonnet 4's and Opus 4's best.
    # Agentless (one patch, no test run) and Terminus (Terminal-Bench's own reference agent) are benchmarks of
    # their own in the catalogue, as llm-stats files Kimi K2's figures of these rows (51.8, 25.0). What is left
    # is one row per benchmark: SWE-bench Verified agentic in one attempt (as the SWE-bench Multilingual row in
    # the same words) and Terminal-Bench with the vendor's own agent. Read as settings of one benchmark, a model
    # with a figure in one row of the two stood in the protocol's setting unnamed (Gemini 2.5 Flash's
    # agentless 32.6 was its SWE-bench Verified).
    metric_benchmarks={
        ("SWE-bench Verified", "Multiple Attempts (Acc)"): "swe-bench-verified-multiple-attempts",
        ("SWE-bench Verified", "Single Patch w/o Test (Acc)"): "swe-bench-verified-agentless",
        ("TerminalBench", "Terminus (Acc)"): "terminus",
    },
    maker_report_mark="*",
)

CARDS: dict[str, CardConfig] = {"deepseek-v3-card": DEEPSEEK_V3, "kimi-k2-card": KIMI_K2}
RAW_URLS = {
    "deepseek-v3-card": "https://raw.githubusercontent.com/deepseek-ai/DeepSeek-V3/main/README.md",
    "kimi-k2-card": "https://raw.githubusercontent.com/MoonshotAI/Kimi-K2/main/README.md",
}
NAMES = {"deepseek-v3-card": ("DeepSeek-V3 model card", "DeepSeek"), "kimi-k2-card": ("Kimi K2 model card", "Moonshot AI")}

SPECS: tuple[SourceSpec, ...] = tuple(
    SourceSpec(
        id=sid,
        name=NAMES[sid][0],
        publisher=NAMES[sid][1],
        homepage=CARDS[sid].page_url,
        files=(SourceFile(FILE, RAW_URLS[sid]),),
        format="markdown (pipe and HTML tables)",
        default_verification_level="provider",
        licence="the model card's licence (MIT for the code); facts only",
        attribution="",
        priority=65,
        provides=("scores",),
        creates_models=False,
        cadence="weekly",
        freshness_days=90,
    )
    for sid in CARDS
)

_PAREN = re.compile(r"\s*\(([^)]*)\)\s*$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?\s*%?$")


def _header(cell: Cell) -> str:
    return " ".join(p for p in (cell.text, cell.note) if p).strip()


def _split_label(label: str) -> tuple[str, str | None]:
    """"MMLU-Pro (Acc.)" -> ("MMLU-Pro", "Acc.")."""
    m = _PAREN.search(label)
    return (label[: m.start()].strip(), m.group(1).strip()) if m else (label.strip(), None)


def _find(found: list[Table], heading: str) -> Table | None:
    return next((t for t in found if t.heading == heading), None)


def extract(card: CardConfig, text: str, source_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(observations, rejects, cells): every value cell of every configured table, in table order."""
    found = tables(text)
    obs: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    for t_no, cfg in enumerate(card.tables):
        table = _find(found, cfg.heading)
        if table is None:
            raise SourceParseError(source_id, FILE, cfg.heading, "no table under this heading")
        header, body = table.rows[0], table.rows[1:]
        for r_no, row in enumerate(body, start=2):
            label_cell = row[cfg.benchmark_col] if cfg.benchmark_col < len(row) else Cell("")
            if len({c.text for c in row}) == 1 or label_cell.text in cfg.skip_rows or not label_cell.text:
                continue  # a section row ("Coding Tasks" spanning the table), a spec row, an empty row
            for c_no in range(cfg.first_value_col, len(row)):
                col_head = _header(header[c_no])
                if cfg.models_in_rows:
                    model_label, bench_label = label_cell.text, col_head
                else:
                    model_label, bench_label = col_head, _header(label_cell) if label_cell.note and not label_cell.note.startswith("(") else label_cell.text
                value = row[c_no]
                where = f"{FILE}: table '{cfg.heading}' row {r_no} ({label_cell.text}) column {c_no + 1} ({col_head})"
                cells.append({"table": cfg.heading, "row": label_cell.text, "column": col_head, "text": value.text})
                if value.text.strip().lower() in ABSENT:
                    continue
                raw = {"table": cfg.heading, "row": [c.text for c in row], "column": col_head, "cell": value.text, "note": value.note}
                if not _NUMBER.match(value.text.strip()):
                    rejects.append(reject(source_id, f"{where}: {value.text!r} is not a number", raw))
                    continue
                model_key = f"{model_label}@chat" if cfg.models_in_rows and f"{model_label}@chat" in card.models else model_label
                model = card.models.get(model_key)
                bench_name, metric = _split_label(bench_label)
                metric = metric or (row[cfg.metric_col].text if cfg.metric_col is not None else None)
                bench = card.metric_benchmarks.get((bench_name, metric or "")) or card.benchmarks.get(bench_name)
                if model is None or bench is None:
                    what = f"model header {model_label!r}" if model is None else f"benchmark label {bench_name!r}"
                    rejects.append(reject(source_id, f"{where}: {what} is not in the card's configuration", raw))
                    continue
                shots = row[cfg.shots_col].text if cfg.shots_col is not None else None
                setting = label_cell.note.strip("() ") if label_cell.note else None
                obs.append({
                    "table": t_no, "model": model[0], "column_setting": model[1], "bench": bench, "metric": metric,
                    "configured": (bench, metric or "") in card.row_settings, "row_setting": card.row_settings.get((bench, metric or "")),
                    "setting": setting, "subset": subset_setting(setting), "shots": shots, "value": float(value.text.strip().rstrip("%")), "header": col_head,
                    "note": value.note or None, "raw": raw, "heading": cfg.heading,
                })
    return obs, rejects, cells


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    sid = context.source_id
    card = CARDS.get(sid)
    if card is None:
        raise SourceParseError(sid, FILE, "<source>", "no card configuration for this source")
    data = require_file(files, sid, FILE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceParseError(sid, FILE, "<body>", f"not UTF-8 text: {exc}") from None
    obs, rejects, _ = extract(card, text, sid)
    if not obs:
        raise SourceParseError(sid, FILE, "<tables>", "no score could be read from the configured tables")
    frame = pl.DataFrame(obs, infer_schema_length=None)
    # a benchmark with several rows (agentless / agentic, two agents, two metrics): the card's configuration
    # names each row's setting (`row_settings`); where it does not and a model has several rows, the row's
    # setting and metric tell them apart; a row of its own names the subset its setting says it answered
    # (Kimi K2's "Humanity's Last Exam (Text Only)": `text-only`, as llm-stats' methods say it)
    frame = frame.with_columns(_n=pl.len().over("table", "model", "column_setting", "bench")).with_columns(
        variant=pl.concat_str(
            [pl.col("column_setting"),
             pl.when(pl.col("configured")).then(pl.col("row_setting").cast(pl.String))
             .when(pl.col("_n") > 1).then(pl.concat_str([pl.col("setting"), pl.col("metric")], separator=", ", ignore_nulls=True))
             .otherwise(pl.col("subset"))],
            separator="; ", ignore_nulls=True,
        ).replace("", None),
    )
    # a rival's column is the card maker's run of that model, but for a cell it copied from that model's maker
    copied_claim = pl.lit(False) if card.maker_report_mark is None else (pl.col("note") == card.maker_report_mark).fill_null(False)
    scores = frame.select(
        source_id=pl.lit(sid),
        raw_model_name=pl.col("model"),
        raw_model_key=pl.concat_str([pl.col("model"), pl.format(" ({})", "variant")], ignore_nulls=True),
        # the card's column header is no second name to resolve by: the configuration names each column's
        # model exactly, and a base-model table's "Llama 4 Maverick" is not the chat model of that name
        # (the header stays in `details.column`)
        model_hint=pl.lit(None, pl.String),
        provider_hint=pl.lit(None, pl.String),
        variant=pl.col("variant"),
        benchmark_id=pl.col("bench"),
        # LiveCodeBench's window of problems, where the row's note names it (Kimi K2's "Aug 24 - May 25")
        benchmark_version=problem_window(pl.col("bench"), pl.col("setting")),
        raw_value=pl.col("value"),
        raw_unit=pl.col("bench").replace_strict(card.units, default="percent"),
        as_of_date=pl.lit(card.published),
        verification_level=pl.when(pl.col("model").is_in(list(card.own)) | copied_claim).then(pl.lit("provider")).otherwise(pl.lit("community")),
        source_url=pl.lit(card.page_url),
        details=pl.struct(table="heading", column="header", metric="metric", shots="shots", setting="setting", note="note").struct.json_encode(),
        raw_row=pl.col("raw").map_elements(raw_json, return_dtype=pl.String),
    ).cast(SCORE_OBSERVATION_COLUMNS)
    return ParsedSource(models=empty_frame(MODEL_RECORD_COLUMNS), scores=scores, rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS))

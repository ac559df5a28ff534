"""What every source module provides: a `SPEC` and a pure `parse`.

A source module lives in `registry_pipeline/sources/<name>.py`, imports nothing from Dagster and
exposes:

    SPEC: SourceSpec
    def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource

`files` maps each `SourceFile.name` of the spec to the raw bytes exactly as fetched.  `parse` never
touches the network or the disk.  It returns frames shaped like the pandera contracts in
`registry_pipeline.schemas` (validation happens downstream, so a bad row becomes a reject there).
Rows that `parse` itself cannot read (a missing field, a non-number score) go into `rejects`
with a reason.  A payload that cannot be parsed at all raises `SourceParseError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

VerificationLevel = Literal["third_party", "provider", "community", "estimated"]
VERIFICATION_LEVELS: tuple[str, ...] = ("third_party", "provider", "community", "estimated")


@dataclass(frozen=True)
class SourceFile:
    """One file fetched for a source: `name` is the file name in the raw landing zone."""

    name: str  # a relative path in the snapshot: "results.json" or "<submission id>/submission.json"
    url: str


@dataclass(frozen=True)
class SourceSpec:
    id: str
    name: str
    publisher: str
    homepage: str
    files: tuple[SourceFile, ...]
    format: str  # "json" | "yaml" | "csv" | ...
    default_verification_level: VerificationLevel
    licence: str
    attribution: str  # text to show consumers; "" when the licence asks for none
    attribution_required: bool = False
    auth_env_var: str | None = None  # env var holding the API key, if any
    auth_header: str | None = None  # header the key goes into
    auth_required: bool = False  # True: without the key the source is not fetched
    auth_scheme: str | None = None  # "Bearer": the header carries "<scheme> <key>"
    # fetched instead of `files` when the key is set (an API); when that fails (a 401, a refused key,
    # a server error), `files` are fetched without the key instead (the public fallback) and the
    # source's message says so
    keyed_files: tuple[SourceFile, ...] = ()
    cadence: str = "daily"  # how often it is fetched: daily, weekly, manual (curated by hand) or retired (frozen)
    freshness_days: int = 7  # the freshness check warns when the newest raw snapshot is older
    priority: int = 100  # dedupe tie-break within a verification level: lower wins
    provides: tuple[str, ...] = ("scores",)  # "models" and/or "scores"
    # its maker rows (`is_maker`) may define registry models; False keeps its model records as data only
    creates_models: bool = True
    # its model records that give a name besides the model's id (a vendor page's `introduces` entry
    # `{model: gemini-2.5-pro-exp-03-25, name: Gemini 2.5 Pro Experimental 03-25}`) define the model when no
    # other source lists it (model_metadata.build_models' `namers`); its other records stay data, as with
    # `creates_models` False
    defines_named: bool = False
    # its score rows name Hugging Face repos (`model_hint` = "org/name"): a repo under a curated maker's
    # organisation (catalog/makers.csv) is a model record of that maker, and may define a model
    names_repos: bool = False
    # its model records name models by a leaderboard's labels (ARC Prize's `gpt-5-5-2026-04-22`, "GPT-5.5"): a
    # record defines a model only when no model of the other sources has any of its names, its display name
    # included, and never joins another source's new model (model_metadata.build_models' `late`)
    defines_late: bool = False
    # it adds rows to a dated file after that date (LiveBench's newest release table): a row dated before
    # its model's release is dated by that release instead (transform/score_dates.py)
    rows_added_in_place: bool = False
    # it dates a row by its model's release as the source believes it, not by the run (BigCodeBench's `date`):
    # a row dated before its model's release is likewise dated by that release (transform/score_dates.py)
    dated_by_release: bool = False
    # hand-curated from pages that have no machine-readable form: never fetched; a curator lands each
    # new version with `registry-pipeline record`, and runs use the newest snapshot in data/raw
    curated: bool = False
    # degraded-payload guard: a snapshot with fewer rows than `min_row_ratio` x the last accepted one,
    # or with more than `max_reject_ratio` of its rows rejected, is not accepted
    min_row_ratio: float = 0.5
    max_reject_ratio: float = 0.2
    # fetch limits: at most this many requests per second to one host, and a total deadline for the source
    requests_per_second: float = 4.0
    deadline_seconds: float = 120.0


@dataclass(frozen=True)
class ParseContext:
    """What `parse` may know besides the bytes: when the snapshot was fetched, its file hashes and the day
    its server last changed each file (the `Last-Modified` it sent, as the manifest keeps it)."""

    source_id: str
    fetched_on: dt.date
    run_id: str = ""
    file_sha256: dict[str, str] = field(default_factory=dict)
    file_modified: dict[str, dt.date] = field(default_factory=dict)

    def file_day(self, *names: str) -> dt.date:
        """The day the files `names` were last changed, as their server stated (the latest of them), never
        after the fetch; the fetch day when none states one. A file without dated rows is as of this day: a
        leaderboard file its publisher stopped updating months ago is not today's leaderboard."""
        stated = [self.file_modified[n] for n in names if n in self.file_modified]
        return min(max(stated), self.fetched_on) if stated else self.fetched_on

    def file_date(self, *names: str) -> tuple[dt.date, str]:
        """`file_day` and where it comes from: "last_modified" (the server's) or "fetched_on"."""
        return self.file_day(*names), "last_modified" if any(n in self.file_modified for n in names) else "fetched_on"


@dataclass
class ParsedSource:
    """Frames from one source snapshot; any of them may be empty (see `registry_pipeline.schemas`)."""

    models: pl.DataFrame
    scores: pl.DataFrame
    rejects: pl.DataFrame


class SourceParseError(ValueError):
    """A whole payload cannot be parsed. The message names the source, the file and the field."""

    def __init__(self, source_id: str, file: str, field: str, reason: str):
        self.source_id, self.file, self.field, self.reason = source_id, file, field, reason
        super().__init__(f"{source_id}: {file}: field {field!r}: {reason}")

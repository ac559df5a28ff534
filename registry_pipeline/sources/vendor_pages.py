"""The makers' own numbers: one curated source per vendor, for announcement pages, blog posts and
technical reports whose figures have no machine-readable form.

Each source is one hand-curated file, `scores.yaml`, never fetched (`SourceSpec.curated`): a curator
lands a new version with `registry-pipeline record vendor-<name> scores.yaml=<file>`, and every run
uses the newest one in `data/raw/vendor-<name>/`. The format:

    vendor: openai
    pages:
      - url: https://openai.com/index/introducing-o3-and-o4-mini/   # the page the figures are on
        date: 2025-04-16                                            # the page's publication date
        title: Introducing o3 and o4-mini                           # a few words
        introduces: [o3, o4-mini]                                   # the models the page released
        deprecates: [o1-preview]                                    # the models the page deprecated
        cutoffs: [{model: o3, cutoff: YYYY-MM}]                     # the training cutoffs the page states
        scores:
          - {model: o3, benchmark: aime-2025, value: 88.9, unit: percent, setting: no tools}

`model` is the model as the registry spells it (identity resolves it like any source name),
`benchmark` a catalogue id, `unit` one of percent|fraction|points|elo|index (the catalogue's unit),
`setting` the run setting as the page states it (null when the page gives none). Every figure is a
`provider` claim, so a file holds its maker's own models' figures only: a comparison table's columns of
other makers' models are the vendor's runs of a rival's model, no claim of that model's maker, and stay
out of the file (`test_identity_cases.test_the_vendor_files_carry_their_makers_own_figures_only`; a
model card's such columns are read at `community` level, `vendor_cards`). Each score carries its page
URL as `source_url` and the page date as `as_of_date`; the setting and the page title go to `details`, and
what it says of the reasoning effort, tools, attempts or mode ("Reasoning On", "Think") becomes the
observation's `variant` (the function `variant`); the window of LiveCodeBench's problems it names
("2408-2505") its `benchmark_version` (`_settings.problem_window`).

`introduces` (optional) names the vendor's own models the page announced as released that day: each becomes a
model record whose release date is the page's date, with the page as its `source_url` (the maker's own word on
when it released the weights or the API model; `model_metadata` puts it before every listing's date, the maker's
own listing's too: rule `launch-page`). Only a
page that released a model says so: a model card written later, or a comparison, introduces nothing. A page
may introduce models and carry no scores. A model introduced by two pages of a file is a reject at the second.

`cutoffs` (optional) gives the month each named model's training data ends, as the maker's model card or model
page states it ("knowledge cutoff: September 30, 2024" is `2024-09`): each becomes a model record with that
training cutoff and the page as its source, and `model_metadata` puts it before every listing's (rule
`model-card`; hosts' cutoffs are often a default of theirs). A month after the page's own date, or a second cutoff
for one model in a file, is a reject naming the page.

The shared file `vendor-labs` holds the launch pages of labs and fine-tuners with a few pages each (TII,
EleutherAI, Hugging Face, Stability AI, MosaicML, OpenChat, InternLM, ...): each of its pages names its maker,
`maker: mosaicml` (a hint of catalog/makers.csv), which its records carry instead of the file's; a page without a
known maker is a reject and introduces nothing.

`deprecates` (optional) names the vendor's own models the page announced as deprecated: to be retired from the
maker's API, or retired already. Each becomes a model record with status `deprecated`, the page as its
`source_url` and its date as the record's; `model_metadata` puts it before every listing's status (a host's or
catalogue's "active" describes its listing; rule `deprecation-page`). A maker's deprecations page that lists
several notices is one page entry per notice, each with the notice's date; a page that gives a model's shutdown
but no notice date (xAI's retirement page) is dated by the shutdown, and its title
says so. A model deprecated by two pages of a file is a reject at the second.

Where the figures come from: the self-reported figures of the reference registry
(`jnd0/llm-registry`), each moved onto the maker's page for that model with the page's own date.
Figures were left out when the page could not be named for certain, when the vendor's own figure as
the llm-stats recording holds it differs, when the page predates the benchmark or is about another
model, or when the benchmark is a third party's (AgentBench, BigCodeBench, PHYBench, ...). For AI21,
Cohere, NVIDIA, Amazon Nova Pro, Phi-4, Grok 3 and Llama 3.3: llm-stats' recorded self-reported rows,
with their page links. Since, the files of OpenAI, Anthropic, Google, xAI, Qwen, DeepSeek, Moonshot, Z.ai,
MiniMax, NVIDIA, Meta, Microsoft, Mistral and IBM carry their 2025-2026 models' tables read from the makers' own
pages, system cards, model cards and reports (saved copies of them; the Kimi K2.5 and Seed2.0 files were landed
again from their cards). A table's column states the reasoning effort and its row the condition: the setting
says both ("xhigh, no tools"). Runs a page marks as departing from the benchmark's own protocol are left out (a
modified prompt or task environment, a multi-agent or in-house harness, an upgraded benchmark configuration or
grader, a subset of the problems), as are ARC Prize's verified ARC-AGI figures (the arc-prize source carries
them) and a maker's figures by Artificial Analysis' methodology.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import polars as pl

from registry_pipeline import catalog
from registry_pipeline.schemas.contracts import MODEL_RECORD_COLUMNS, RAW_UNITS, REJECT_COLUMNS, SCORE_OBSERVATION_COLUMNS, empty_frame
from registry_pipeline.sources._parsing import RowError, iso_date, is_number, load_yaml, raw_json, reject, require_file, shown
from registry_pipeline.sources._settings import WINDOWED_BENCHMARKS, method_setting, thinking_budget_setting, thinking_setting, window_of
from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceFile, SourceParseError, SourceSpec

FILE = "scores.yaml"

# vendor -> (display name, its news or research index: where new pages appear)
VENDORS: dict[str, tuple[str, str]] = {
    "openai": ("OpenAI", "https://openai.com/news/"),
    "anthropic": ("Anthropic", "https://www.anthropic.com/news"),
    "google": ("Google", "https://blog.google/technology/ai/"),
    "meta": ("Meta", "https://ai.meta.com/blog/"),
    "mistral": ("Mistral AI", "https://mistral.ai/news"),
    "xai": ("xAI", "https://x.ai/news"),
    "qwen": ("Qwen (Alibaba)", "https://qwen.ai/research"),
    "deepseek": ("DeepSeek", "https://api-docs.deepseek.com/news/news250120"),
    "moonshot": ("Moonshot AI", "https://www.moonshot.ai/"),
    "zhipu": ("Z.ai (Zhipu)", "https://z.ai/blog"),
    "bytedance": ("ByteDance Seed", "https://seed.bytedance.com/en/blog"),
    "cohere": ("Cohere", "https://cohere.com/blog"),
    "amazon": ("Amazon", "https://www.amazon.science/blog"),
    "microsoft": ("Microsoft", "https://azure.microsoft.com/en-us/blog/"),
    "ai21": ("AI21 Labs", "https://www.ai21.com/blog"),
    "databricks": ("Databricks", "https://www.databricks.com/blog"),
    "nvidia": ("NVIDIA", "https://blogs.nvidia.com/"),
    "minimax": ("MiniMax", "https://www.minimax.io/news"),
    # makers whose files date the models their pages released and carry no figures (yet)
    "01ai": ("01.AI", "https://github.com/01-ai"),
    "bigcode": ("BigCode", "https://huggingface.co/bigcode"),
    "ibm": ("IBM", "https://www.ibm.com/new/announcements"),
    "ai2": ("Ai2", "https://allenai.org/blog"),
    # one file for the labs and fine-tuners with a few launch pages each: every page names its maker (`maker`)
    "labs": ("Smaller labs and fine-tuners", "https://huggingface.co/blog"),
}

# files whose pages are of several makers: each page says whose (`maker`, a hint in catalog/makers.csv)
SHARED = frozenset({"labs"})

# the vendor as catalog/makers.csv spells the maker, where its key here differs
MAKER_HINT = {"moonshot": "moonshotai", "zhipu": "zai", "01ai": "01-ai"}


def _spec(vendor: str, name: str, index: str) -> SourceSpec:
    return SourceSpec(
        id=f"vendor-{vendor}",
        name=f"{name}: announcements and model cards",
        publisher=name,
        homepage=index,
        files=(SourceFile(FILE, index),),
        format="yaml (curated)",
        default_verification_level="provider",
        licence="facts from the vendor's public pages",
        attribution="",
        curated=True,
        cadence="manual",
        freshness_days=365,
        priority=70,
        provides=("scores", "models"),  # models: the release dates of the models its pages introduce
        creates_models=False,
        # ... but an `introduces` entry that names its model ({model, name}) defines it where no catalogue lists it
        defines_named=True,
        # a curated file changes by hand: a smaller file is an edit, not a degraded payload
        min_row_ratio=0.0,
    )


SPECS: tuple[SourceSpec, ...] = tuple(_spec(v, n, i) for v, (n, i) in VENDORS.items())

# settings that name a run setting the registry keeps apart (reasoning effort, mode) in the registry's spelling: the
# variant. Tools are read by `_settings` for every setting, "with tools" included: a page's "with Python" (xAI's
# Grok 4 AIME 2025 98.8, beside 91.7 without) is `with tools`, so the dedupe and the leaderboards know it departs
# from a benchmark answered without tools, and on a benchmark run with tools by definition (FRAMES, an agentic one:
# Kimi K2 Thinking's 87.0 "with tools") tools are its default, no setting
_VARIANT = re.compile(r"^(high|medium|low|minimal|xhigh|thinking|non-thinking|max)$", re.I)
# a reasoning effort standing as one of a setting's comma-separated parts ("xhigh, no tools": OpenAI's tables give
# the column's effort and the row's condition); the effort "none" (GPT-5.1's and 5.2's `reasoning.effort='none'`)
# is thinking switched off
_EFFORT_PART = re.compile(r"^(?:reasoning )?(?:effort )?(minimal|low|medium|high|xhigh|max|none)(?: (?:reasoning )?effort)?$", re.I)


def variant(setting: str | None, benchmark_id: str) -> str | None:
    """The variant a page's setting names: the setting itself when it is one (`_VARIANT`: "high",
    "thinking"), else the reasoning effort one of its parts (separated by "," or ";") is (`_EFFORT_PART`: "xhigh, with
    search and Python" is `xhigh; with tools`, "low effort; Terminus-2 harness" `low`), the thinking budget it
    states ("64k thinking budget": `thinking-64k`) and what its words say of the mode, tools and attempts
    (NVIDIA's "Pass@1, Reasoning On" is `thinking`, GPT-5.2 Pro's HLE "with search and python" `with tools`,
    `_settings`); None when they say nothing of those ("0-shot CoT", "Accuracy": the benchmark's default)."""
    if not setting:
        return None
    if _VARIANT.match(setting):
        return setting.lower()
    efforts = [m[1].lower() for part in re.split(r"[,;]", setting) if (m := _EFFORT_PART.match(part.strip()))]
    effort = ("non-thinking" if efforts[0] == "none" else efforts[0]) if efforts else None
    mode = thinking_setting(setting)
    if mode == "thinking":
        mode = thinking_budget_setting(setting) or mode
    parts = (effort, mode, method_setting(setting, benchmark_id))
    return "; ".join(dict.fromkeys(p for p in parts if p)) or None


def _entry(page: dict[str, Any], entry: Any, source_id: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise RowError(f"score entry is not a mapping ({shown(entry)})")
    model, bench, value, unit = entry.get("model"), entry.get("benchmark"), entry.get("value"), entry.get("unit")
    if not isinstance(model, str) or not model.strip():
        raise RowError(f"field 'model': missing ({shown(model)})")
    if not isinstance(bench, str) or not bench.strip():
        raise RowError(f"field 'benchmark': missing ({shown(bench)})")
    if not is_number(value):
        raise RowError(f"field 'value': not a number ({shown(value)})")
    if unit not in RAW_UNITS:
        raise RowError(f"field 'unit': {shown(unit)} is not one of {RAW_UNITS}")
    setting = entry.get("setting")
    if setting is not None and not isinstance(setting, str):
        raise RowError(f"field 'setting': not text ({shown(setting)})")
    setting = setting.strip() if setting else None
    return {
        "source_id": source_id,
        "raw_model_name": model.strip(),
        "raw_model_key": model.strip() + (f" ({setting})" if setting else ""),
        "model_hint": None,
        "provider_hint": None,
        "variant": variant(setting, bench.strip()),
        "benchmark_id": bench.strip(),
        "benchmark_version": None,  # the setting's window of problems, set on the frame (`parse`)
        "raw_value": float(value),
        "raw_unit": unit,
        "as_of_date": page["_date"],
        "verification_level": "provider",
        "source_url": page["url"],
        "details": raw_json({"setting": setting, "page": page.get("title")}),
        "raw_row": raw_json({"page": page["url"], **entry}),
    }


def _page_record(page: dict[str, Any], model: str, source_id: str, says: str, cutoff: str | None = None,
                 name: str | None = None) -> dict[str, Any]:
    """A model record for what a page says of one of the vendor's models: released that day (`introduces`: its
    release date is the page's date), deprecated (`deprecates`: its status is `deprecated`) or trained on data
    up to a month (`cutoffs`: its training cutoff). Its name is the model's id, or the `name` an `introduces`
    entry gives (a record with a name of its own may define its model: `SourceSpec.defines_named`)."""
    vendor = source_id.removeprefix("vendor-")
    fact = {"introduces": {"release_date": page["_date"]}, "deprecates": {"status": "deprecated"},
            "cutoffs": {"training_cutoff": cutoff}}[says]
    known = {
        "source_id": source_id, "raw_model_id": model, "raw_name": name or model, "is_maker": False, "is_alias": False,
        "maker_hint": page["maker"] if vendor in SHARED else MAKER_HINT.get(vendor, vendor), "source_url": page["url"], "as_of_date": page["_date"],
        "raw_row": raw_json({"page": page["url"], says: model, **({"cutoff": cutoff} if cutoff else {}),
                             **({"name": name} if name else {})}), **fact,
    }
    return {c: known.get(c) for c in MODEL_RECORD_COLUMNS}


_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _page_cutoffs(page: dict[str, Any], where: str, seen: dict[str, str], sid: str, rejects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records of a page's `cutoffs`, each `{model, cutoff: YYYY-MM}`: the month the maker says the model's
    training data ends. What is no such entry, a month after the page's own, or a model an earlier page of the file
    gave a cutoff is a reject naming the page and the entry."""
    url = page["url"]
    entries = page.get("cutoffs", [])
    if not isinstance(entries, list):
        rejects.append(reject(sid, f"{where} {url}: 'cutoffs' is not a list ({shown(entries)})", page))
        return []
    records = []
    for j, entry in enumerate(entries):
        model = entry.get("model") if isinstance(entry, dict) else None
        cutoff = entry.get("cutoff") if isinstance(entry, dict) else None
        problem = (
            f"field 'model': not a model name ({shown(model)})" if not isinstance(model, str) or not model.strip()
            else f"field 'cutoff': {shown(cutoff)} is not a month (YYYY-MM)" if not isinstance(cutoff, str) or not _MONTH.match(cutoff)
            else f"field 'cutoff': {cutoff} is after the page's date {page['_date']}" if cutoff > page["_date"].isoformat()[:7]
            else f"{model.strip()} has a cutoff already from {seen[model.strip()]}" if model.strip() in seen
            else None
        )
        if problem:
            rejects.append(reject(sid, f"{where}.cutoffs[{j}] ({url}): {problem}", {"page": url, "cutoffs": entry}))
            continue
        seen[model.strip()] = url
        records.append(_page_record(page, model.strip(), sid, "cutoffs", cutoff))
    return records


@functools.cache
def _maker_hints() -> frozenset[str]:
    return frozenset(catalog.makers()["hint"])


def _page_models(page: dict[str, Any], says: str, where: str, seen: dict[str, str], sid: str,
                 rejects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records of a page's `introduces` or `deprecates` list; what is no list, no model name or a model
    an earlier page of the file said the same of is a reject naming the page and the entry. An `introduces` entry
    may be `{model, name}`: the model and its name as the page gives it (`_named`)."""
    url = page["url"]
    names = page.get(says, [])
    if not isinstance(names, list):
        rejects.append(reject(sid, f"{where} {url}: '{says}' is not a list of models ({shown(names)})", page))
        return []
    done = {"introduces": "introduced", "deprecates": "deprecated"}[says]
    records = []
    for j, entry in enumerate(names):
        model, name = _named(entry) if says == "introduces" else (entry, None)
        if not isinstance(model, str) or not model.strip():
            what = "not a model id or {model, name}" if says == "introduces" and isinstance(entry, dict) else "not a model name"
            rejects.append(reject(sid, f"{where}.{says}[{j}] ({url}): {what} ({shown(entry)})", {"page": url, says: entry}))
        elif name is not None and (not isinstance(name, str) or not name.strip()):
            rejects.append(reject(sid, f"{where}.{says}[{j}] ({url}): field 'name': not a name ({shown(name)})", {"page": url, says: entry}))
        elif model.strip() in seen:
            rejects.append(reject(sid, f"{where}.{says}[{j}] ({url}): {model.strip()} is {done} already by {seen[model.strip()]}",
                                  {"page": url, says: entry}))
        else:
            seen[model.strip()] = url
            records.append(_page_record(page, model.strip(), sid, says, name=name.strip() if name else None))
    return records


def _named(entry: Any) -> tuple[Any, Any]:
    """An `introduces` entry's model and name: a model id alone (`o3`), or `{model: o3, name: ...}` where the page
    released a model that no catalogue lists (Gemini 2.5 Pro's 03-25 experiment, retired before the recordings):
    the name it gives, and the record defines the model (`SourceSpec.defines_named`). Another key is no entry."""
    if isinstance(entry, dict):
        if set(entry) - {"model", "name"} or "name" not in entry:
            return None, None
        return entry.get("model"), entry.get("name")
    return entry, None


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    sid = context.source_id
    body = load_yaml(require_file(files, sid, FILE), sid, FILE, "<body>", kind=dict, what="a mapping with 'pages'")
    pages = body.get("pages")
    if not isinstance(pages, list):
        raise SourceParseError(sid, FILE, "pages", f"expected a list of pages, got {type(pages).__name__}")
    rows: list[dict[str, Any]] = []
    models: list[dict[str, Any]] = []
    introduced: dict[str, str] = {}  # model -> the page that introduced it
    deprecated: dict[str, str] = {}  # model -> the page that deprecated it
    cut: dict[str, str] = {}  # model -> the page that gave its training cutoff
    rejects: list[dict[str, Any]] = []
    for i, page in enumerate(pages):
        where = f"{FILE}: pages[{i}]"
        url = page.get("url") if isinstance(page, dict) else None
        date = iso_date(page.get("date")) if isinstance(page, dict) else None
        if not isinstance(url, str) or not url.startswith("https://") or date is None:
            rejects.append(reject(sid, f"{where}: a page needs an https 'url' and a 'date' (YYYY-MM-DD); its scores are not used", page))
            continue
        if date > context.fetched_on:
            rejects.append(reject(sid, f"{where} {url}: page date {date} is after the file's date {context.fetched_on}", page))
            continue
        maker = page.get("maker")
        if sid.removeprefix("vendor-") in SHARED and not (isinstance(maker, str) and maker in _maker_hints()):
            rejects.append(reject(sid, f"{where} {url}: field 'maker': {shown(maker)} is no maker hint of "
                                       "catalog/makers.csv; the page is not used", page))
            continue
        dated = {**page, "_date": date}
        models += _page_models(dated, "introduces", where, introduced, sid, rejects)
        models += _page_models(dated, "deprecates", where, deprecated, sid, rejects)
        models += _page_cutoffs(dated, where, cut, sid, rejects)
        scores = page.get("scores", [] if {"introduces", "deprecates", "cutoffs"} & set(page) else None)
        if not isinstance(scores, list):
            rejects.append(reject(sid, f"{where} {url}: 'scores' is not a list", page))
            continue
        for j, entry in enumerate(scores):
            try:
                rows.append(_entry({**page, "_date": date}, entry, sid))
            except RowError as exc:
                rejects.append(reject(sid, f"{where}.scores[{j}] ({url}): {exc}", entry))
    frame = pl.DataFrame(rows, schema=SCORE_OBSERVATION_COLUMNS, strict=False) if rows else empty_frame(SCORE_OBSERVATION_COLUMNS)
    # the window of LiveCodeBench's problems a setting names (DeepSeek's "2408-2505, Pass@1", Meta's
    # "10/01/2024-02/01/2025, 0-shot, pass@1") is the figure's release of the benchmark, as llm-stats' are
    setting = pl.col("details").str.json_path_match("$.setting")
    windowed = frame.filter(pl.col("benchmark_id").str.contains(WINDOWED_BENCHMARKS)).select(setting).to_series()
    frame = frame.with_columns(benchmark_version=window_of(pl.col("benchmark_id"), setting, windowed))
    records = pl.DataFrame(models, schema=MODEL_RECORD_COLUMNS, strict=False) if models else empty_frame(MODEL_RECORD_COLUMNS)
    return ParsedSource(models=records, scores=frame, rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS))

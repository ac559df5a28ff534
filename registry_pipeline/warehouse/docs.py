"""`docs/warehouse.md`: every warehouse table and its columns, one line each, generated from the DDL
(`schema.sql`): the types from DuckDB itself, the meanings from the DDL's comments (the `--` lines
above a table describe it; a `--` comment at the end of a line describes the columns on that line).
`make docs` regenerates it; a test checks that it is current."""

from __future__ import annotations

import re

import duckdb

from registry_pipeline.warehouse.load import SCHEMA_SQL, table_columns

_TABLE = re.compile(r"CREATE OR REPLACE TABLE (\w+)")
_COLUMN = re.compile(r"(?:^|[(,])\s*(\w+)\s+[A-Z]")
# a type's own parentheses (`STRUCT(benchmark_id VARCHAR, rank BIGINT)`, `DECIMAL(18, 3)`): their names are fields of
# the column's type, not columns of the table
_TYPE_ARGUMENTS = re.compile(r"\b([A-Z]+)\s*\([^()]*\)")


def comments(sql: str) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(table -> description, (table, column) -> description) from the DDL's `--` comments."""
    tables: dict[str, str] = {}
    columns: dict[tuple[str, str], str] = {}
    above: list[str] = []
    table = None
    for line in sql.splitlines():
        code, _, comment = line.partition("--")
        stripped = code.strip()
        if not stripped:
            above = [*above, comment.strip()] if comment.strip() else []
            continue
        if m := _TABLE.match(stripped):
            table = m.group(1)
            tables[table] = " ".join(above)
            above = []
            code = stripped[m.end():]  # a one-line table's columns follow its name
        if table and comment.strip():
            while _TYPE_ARGUMENTS.search(code):
                code = _TYPE_ARGUMENTS.sub(r"\1", code)
            for name in _COLUMN.findall(code):
                if name not in ("PRIMARY", "KEY"):
                    columns[(table, name)] = comment.strip()
        if stripped.endswith(");"):
            table = None
    return tables, columns


def warehouse_markdown() -> str:
    sql = SCHEMA_SQL.read_text()
    con = duckdb.connect()
    try:
        con.execute(sql)
        tables = table_columns(con)
    finally:
        con.close()
    about, meaning = comments(sql)
    out = ["# Warehouse tables", "",
           "Generated from `registry_pipeline/warehouse/schema.sql` by `make docs`; do not edit by hand.",
           "Each table is rebuilt from `data/raw` by every run (`data/warehouse/registry.duckdb`, and one Parquet",
           "file per table in `data/warehouse/parquet/`).", ""]
    for table, columns in tables.items():
        out += [f"## `{table}`", "", *([about[table], ""] if about.get(table) else []), "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{column}` | {dtype} | {meaning.get((table, column), '')} |" for column, dtype in columns]
        out.append("")
    return "\n".join(out)

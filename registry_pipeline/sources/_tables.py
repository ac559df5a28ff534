"""Tables in model cards and READMEs: markdown pipe tables and HTML `<table>`s, as rectangular grids.

`tables(text)` finds every table in document order, each with the heading above it. HTML tables are
read with the standard library's `html.parser`: `rowspan` and `colspan` are expanded (a spanned cell's
text fills every position it covers), comments are ignored (a commented-out cell is not a cell), an
unclosed `<tr>` ends where the next one starts, `<br>` is a space, entities are decoded. A cell's
`<sup>` text is kept apart as its `note` (a setting such as "(Agentic Coding)", a footnote marker
"*"); bold, underline and links are dropped from the text. Markdown cells lose `**`/`__` emphasis and
link syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class Cell:
    text: str
    note: str = ""  # text inside <sup>, e.g. "(Agentless Coding)" or "*"
    header: bool = False


@dataclass
class Table:
    heading: str  # the nearest markdown heading above the table ("" when none)
    rows: list[list[Cell]]
    kind: str  # "markdown" | "html"
    line: int  # 1-based line where the table starts

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [label](url) -> label
    text = text.replace("**", "").replace("__", "")
    return _SPACE.sub(" ", text).strip()


def _markdown_row(line: str) -> list[Cell]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    cells = re.split(r"(?<!\\)\|", body)
    return [Cell(clean(c.replace("\\|", "|"))) for c in cells]


class _HtmlTables(HTMLParser):
    """Collects the rows of each <table> (cells with their spans), and the line it starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done: list[tuple[int, list[list[tuple[Cell, int, int]]]]] = []
        self._rows: list[list[tuple[Cell, int, int]]] | None = None
        self._row: list[tuple[Cell, int, int]] | None = None
        self._cell: dict | None = None
        self._sup = 0
        self._start = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._rows, self._start = [], self.getpos()[0]
        elif self._rows is None:
            return
        elif tag == "tr":
            self._end_row()
            self._row = []
        elif tag in ("td", "th"):
            if self._row is None:
                self._row = []
            self._end_cell()

            def span(name: str) -> int:
                try:
                    return max(1, int(str(a.get(name) or "1").strip().strip('"')))
                except ValueError:
                    return 1

            self._cell = {"text": [], "note": [], "header": tag == "th", "rows": span("rowspan"), "cols": span("colspan")}
        elif tag == "br" and self._cell is not None:
            self._cell["note" if self._sup else "text"].append(" ")
        elif tag == "sup":
            self._sup += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self._cell is not None:
            self._cell["note" if self._sup else "text"].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._rows is None:
            return
        if tag == "sup":
            self._sup = max(0, self._sup - 1)
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table":
            self._end_row()
            self.done.append((self._start, self._rows))
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["note" if self._sup else "text"].append(data)

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            c = self._cell
            cell = Cell(_SPACE.sub(" ", "".join(c["text"])).strip(), _SPACE.sub(" ", "".join(c["note"])).strip(), c["header"])
            self._row.append((cell, c["rows"], c["cols"]))
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row and self._rows is not None:
            self._rows.append(self._row)
        self._row = None


def expand(rows: list[list[tuple[Cell, int, int]]]) -> list[list[Cell]]:
    """A grid from rows of (cell, rowspan, colspan): a spanned cell fills every position it covers."""
    grid: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), cell)
            c += colspan
    height = len(rows)
    width = max((c for (_, c) in grid), default=-1) + 1
    return [[grid.get((r, c), Cell("")) for c in range(width)] for r in range(height)]


def tables(text: str) -> list[Table]:
    """Every markdown pipe table and HTML table in `text`, in document order."""
    lines = text.splitlines()
    headings: list[tuple[int, str]] = []
    found: list[Table] = []
    i = 0
    in_html = False
    while i < len(lines):
        line = lines[i]
        if "<table" in line.lower():
            in_html = True
        if "</table>" in line.lower():
            in_html = False
        m = _HEADING.match(line)
        if m and not in_html:
            headings.append((i + 1, clean(m.group(1))))
        if not in_html and _MD_ROW.match(line) and i + 1 < len(lines) and _MD_RULE.match(lines[i + 1]):
            start = i
            rows = [_markdown_row(line)]
            i += 2
            while i < len(lines) and _MD_ROW.match(lines[i]):
                rows.append(_markdown_row(lines[i]))
                i += 1
            width = max(len(r) for r in rows)
            rows = [r + [Cell("")] * (width - len(r)) for r in rows]
            found.append(Table(_heading_before(headings, start + 1), [[Cell(c.text, c.note, n == 0) for c in r] for n, r in enumerate(rows)], "markdown", start + 1))
            continue
        i += 1
    parser = _HtmlTables()
    parser.feed(text)
    parser.close()
    for start, rows in parser.done:
        found.append(Table(_heading_before(headings, start), expand(rows), "html", start))
    return sorted(found, key=lambda t: t.line)


def _heading_before(headings: list[tuple[int, str]], line: int) -> str:
    before = [h for n, h in headings if n < line]
    return before[-1] if before else ""

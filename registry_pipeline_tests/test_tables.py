"""The table extractor: markdown pipe tables and HTML tables with rowspan and colspan."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from registry_pipeline.sources._tables import Cell, expand, tables

HTML = """
## Results
<table>
<tr><th>Benchmark</th><th>Metric</th><th><sup>Model A</sup></th><th>Model B</th></tr>
<tr><td colspan=4><strong>Coding</strong></td></tr>
<tr><td rowspan="2">SWE-bench <br/><sup>(Agentic)</sup></td><td>Single</td><td><ins><strong>65.8</strong></ins></td><td>72.7<sup>*</sup></td></tr>
<tr>
<!--<td>SWE-bench</td>-->
<td>Multiple</td><td>71.6</td><td>&mdash;</td></tr>
<tr>
<tr><td>AIME &amp; more</td><td>Avg@64</td><td>69.6</td><td>-</td></tr>
</table>
"""


def test_html_spans_comments_unclosed_rows_and_notes():
    (t,) = tables(HTML)
    assert t.heading == "Results" and t.kind == "html" and t.width == 4
    texts = [[c.text for c in r] for r in t.rows]
    assert texts[1] == ["Coding"] * 4  # colspan fills the row
    assert texts[2] == ["SWE-bench", "Single", "65.8", "72.7"]
    assert texts[3] == ["SWE-bench", "Multiple", "71.6", "—"]  # rowspan carries the label; the comment is no cell
    assert texts[4] == ["AIME & more", "Avg@64", "69.6", "-"]  # an unclosed <tr> adds no row; entities decoded
    assert t.rows[2][0].note == "(Agentic)" and t.rows[2][3].note == "*" and t.rows[0][2].note == "Model A"


def test_markdown_tables_with_blank_label_cells_and_bold():
    text = "# A\n### Chat\n| | Benchmark (Metric) | X | Y |\n|---|---|---|---|\n| English | MMLU (EM) | **88.5** | 87.2 |\n| | DROP (F1) | - | [91.6](http://x) |\n"
    (t,) = tables(text)
    assert t.heading == "Chat" and [[c.text for c in r] for r in t.rows[1:]] == [["English", "MMLU (EM)", "88.5", "87.2"], ["", "DROP (F1)", "-", "91.6"]]


@st.composite
def spanned(draw):
    """A grid of distinct cells and a placement of rectangles that tile it (each a cell with spans)."""
    height, width = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    taken, rows = set(), [[] for _ in range(height)]
    n = 0
    for r in range(height):
        for c in range(width):
            if (r, c) in taken:
                continue
            max_w = next((w for w in range(1, width - c + 1) if (r, c + w - 1) in taken), width - c + 1) - 1 or 1
            w = draw(st.integers(1, max(1, max_w)))
            h = draw(st.integers(1, height - r))
            if any((r + dr, c + dc) in taken for dr in range(h) for dc in range(w)):
                h, w = 1, 1
            for dr in range(h):
                for dc in range(w):
                    taken.add((r + dr, c + dc))
            rows[r].append((Cell(f"c{n}"), h, w, c))
            n += 1
    return height, width, rows


@settings(max_examples=200, deadline=None)
@given(spanned())
def test_span_expansion_fills_every_position_its_cell_covers(case):
    height, width, rows = case
    grid = expand([[(cell, h, w) for cell, h, w, _ in row] for row in rows])
    assert len(grid) == height and all(len(r) == width for r in grid)
    for r, row in enumerate(rows):
        for cell, h, w, c in row:
            assert all(grid[r + dr][c + dc] is cell for dr in range(h) for dc in range(w))


@settings(max_examples=100, deadline=None)
@given(spanned())
def test_html_rendering_of_a_spanned_grid_parses_back(case):
    height, width, rows = case
    assume(all(rows))  # a row fully covered from above has no <tr> of its own in HTML
    html = "<table>" + "".join(
        "<tr>" + "".join(f'<td rowspan="{h}" colspan="{w}">{cell.text}</td>' for cell, h, w, _ in row) + "</tr>" for row in rows
    ) + "</table>"
    (t,) = tables(html)
    expected = expand([[(cell, h, w) for cell, h, w, _ in row] for row in rows])
    assert [[c.text for c in r] for r in t.rows] == [[c.text for c in r] for r in expected]

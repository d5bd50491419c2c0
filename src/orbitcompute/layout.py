"""Tables that fit the terminal: no word broken inside a cell, no number cut, at any width.

A :class:`Grid` is a rich renderable built like a :class:`rich.table.Table` (columns, rows,
sections), but it chooses its layout when it is printed, for the width it is given
(``COLUMNS``, the terminal, or the width of the file it is written to):

``table``
    one table; text columns wrap at spaces, never inside a word; numbers and units never wrap.
    The bordered style when it fits, a compact one (no vertical rules) otherwise.
``parts``
    the same table split into consecutive groups of value columns, the key columns (row
    labels, units) repeated in each part, like a wide :class:`pandas.DataFrame` printed in
    blocks.
``transposed``
    rows and columns swapped (for tables with few rows and many columns, e.g. one row per
    ground option): each column header becomes a row label, with its unit.
``stacked``
    one block per row: the key cells as a heading, then ``header: value`` lines.

Every layout that keeps each cell's longest word and every number whole is a candidate; the
one with the fewest lines wins, a single table being preferred when it is not much longer. The
words are the same in every layout (only their arrangement changes), so what a 60-column
terminal shows can be checked against what a wide one shows (``tests/test_cli_width.py``).
A word longer than the whole width (a long URL) is the only thing ever folded.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.padding import Padding
from rich.table import Column, Table
from rich.text import Text

Justify = Literal["left", "right", "center"]

#: A single table is kept when it is at most this much longer than the shortest layout.
TABLE_SLACK = 1.5
#: Narrowest useful value column of the stacked layout [characters].
MIN_VALUE_WIDTH = 12


@dataclass(frozen=True)
class Col:
    """One column of a :class:`Grid`.

    Parameters
    ----------
    header : str
        Column header; may wrap at spaces (put the unit in it, e.g. ``"energy [USD/MWh]"``).
    justify : {"left", "right", "center"}
        Alignment of the cells.
    wrap : bool
        Text that may wrap at spaces. False for numbers, units and names: a cell is never
        split (the header still wraps at spaces).
    key : bool
        A label column: repeated in every part of a split table, the row heading of the
        stacked layout, the header row of the transposed layout.
    """

    header: str
    justify: Justify = "left"
    wrap: bool = True
    key: bool = False


def _plain(x: Any) -> str:
    if isinstance(x, Text):
        return x.plain
    return "" if x is None else str(x)


def _words(text: str) -> list[str]:
    return [w for line in text.split("\n") for w in line.split()]


def _min_width(text: str, wrap: bool) -> int:
    """Narrowest width that shows ``text`` without breaking a word (or at all, if no wrap)."""
    if not wrap:
        return max((cell_len(line) for line in text.split("\n")), default=0)
    return max((cell_len(w) for w in _words(text)), default=0)


def _natural(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def wrapped_lines(text: str, width: int) -> int:
    """Lines that ``text`` takes when wrapped greedily at spaces within ``width``."""
    n = 0
    for line in text.split("\n"):
        words = line.split()
        if not words:
            n += 1
            continue
        used = -1
        count = 1
        for w in words:
            lw = cell_len(w)
            if used >= 0 and used + 1 + lw > width:
                count += 1 + (lw - 1) // max(width, 1)
                used = lw % width if lw > width else lw
            else:
                used = lw if used < 0 else used + 1 + lw
        n += count
    return n


@functools.lru_cache(maxsize=64)
def _overhead(style: str, n: int) -> int:
    """Characters a table of ``n`` columns adds to the widths of its cells (rules, padding)."""
    t = _rich_table(style, [Column("", width=1) for _ in range(n)])
    t.add_row(*(["x"] * n))
    return Console(width=10_000, file=io.StringIO()).measure(t).maximum - n


def _rich_table(style: str, columns: list[Column]) -> Table:
    if style == "boxed":
        return Table(*columns, box=box.HEAVY_HEAD, title_justify="left")
    return Table(
        *columns,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )


@dataclass
class _Plan:
    kind: str  # table | parts | transposed | stacked
    lines: int
    parts: list[tuple[str, list[int], list[int]]]  # (style, column indices, widths)
    grid: Grid | None = None  # the transposed grid


class Grid:
    """A table that lays itself out for the width it is printed at (see the module doc).

    Parameters
    ----------
    columns : sequence of Col or str
        The columns (a plain string is a left-aligned wrapping text column).
    title, caption : str, optional
        Printed above and below (wrapped at the full width).
    transpose : bool
        Allow the transposed layout (rows become columns). Sensible for tables with a key
        column and few rows, such as one row per energy option.
    """

    def __init__(
        self,
        columns: Sequence[Col | str],
        title: str | None = None,
        caption: str | None = None,
        *,
        transpose: bool = False,
    ) -> None:
        self.columns = [c if isinstance(c, Col) else Col(c) for c in columns]
        self.title = title
        self.caption = caption
        self.transpose = transpose
        self.rows: list[list[str]] = []
        self.sections: set[int] = set()  # row indices that start a new section

    # -- building -------------------------------------------------------------------------

    def add_row(self, *cells: Any) -> None:
        """Append a row (cells as text; None shows as an empty cell)."""
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
        self.rows.append([_plain(c) for c in cells])

    def add_section(self) -> None:
        """Start a new section (a rule or a blank line before the next row)."""
        if self.rows:
            self.sections.add(len(self.rows))

    # -- measuring ------------------------------------------------------------------------

    def _column_texts(self, j: int) -> list[str]:
        return [self.columns[j].header] + [r[j] for r in self.rows]

    def _mins(self) -> list[int]:
        out = []
        for j, c in enumerate(self.columns):
            cells = [r[j] for r in self.rows]
            m = max((_min_width(x, c.wrap) for x in cells), default=0)
            out.append(max(m, _min_width(c.header, True), 1))
        return out

    def _naturals(self) -> list[int]:
        return [max(max(map(_natural, self._column_texts(j))), 1) for j in range(len(self.columns))]

    def _fit(self, cols: list[int], width: int, style: str) -> list[int] | None:
        """Widths of ``cols`` within ``width`` (None if their narrowest does not fit)."""
        room = width - _overhead(style, len(cols))
        mins = [self._mins_cache[j] for j in cols]
        nats = [max(self._nat_cache[j], self._mins_cache[j]) for j in cols]
        if sum(mins) > room:
            return None
        if sum(nats) <= room:
            return nats
        widths = list(mins)
        spare = room - sum(widths)
        # give the spare room to the wrapping columns that want it, in proportion
        want = [n - m for n, m in zip(nats, mins, strict=True)]
        while spare > 0 and any(want):
            total = sum(want)
            given = 0
            for i, w in enumerate(want):
                if w <= 0:
                    continue
                g = min(w, max(1, spare * w // total))
                g = min(g, spare - given)
                widths[i] += g
                want[i] -= g
                given += g
                if given >= spare:
                    break
            spare -= given
            if given == 0:
                break
        return widths

    def _lines(self, cols: list[int], widths: list[int]) -> int:
        header = max(
            wrapped_lines(self.columns[j].header, w) for j, w in zip(cols, widths, strict=True)
        )
        body = 0
        for r in self.rows:
            body += max(
                (wrapped_lines(r[j], w) if self.columns[j].wrap else r[j].count("\n") + 1)
                for j, w in zip(cols, widths, strict=True)
            )
        return header + 1 + body + len(self.sections)

    # -- planning -------------------------------------------------------------------------

    def plan(self, width: int, *, allow_transpose: bool = True) -> _Plan:
        """The layout chosen for ``width`` columns."""
        self._mins_cache = self._mins()
        self._nat_cache = self._naturals()
        n = len(self.columns)
        every = list(range(n))
        candidates: list[_Plan] = []
        for style in ("boxed", "compact"):
            w = self._fit(every, width, style)
            if w is not None:
                candidates.append(_Plan("table", self._lines(every, w), [(style, every, w)]))
                break
        single = candidates[0] if candidates else None
        keys = [j for j, c in enumerate(self.columns) if c.key]
        values = [j for j in every if j not in keys]
        if single is None or single.lines > len(self.rows) + 3:
            for k in range(len(values) - 1, 0, -1):
                parts = self._parts(keys, values, k, width)
                if parts is not None:
                    lines = sum(self._lines(c, w) for _, c, w in parts) + len(parts)
                    candidates.append(_Plan("parts", lines, parts))
        if allow_transpose and self.transpose and keys and self.rows:
            t = self._transposed()
            tp = t.plan(width, allow_transpose=False)
            if tp.kind != "stacked":
                candidates.append(_Plan("transposed", tp.lines, tp.parts, t))
        candidates.append(_Plan("stacked", self._stacked_lines(width, keys, values), []))
        best = min(candidates, key=lambda p: p.lines)
        if single is not None and single.lines <= TABLE_SLACK * best.lines:
            return single
        return best

    def _parts(
        self, keys: list[int], values: list[int], k: int, width: int
    ) -> list[tuple[str, list[int], list[int]]] | None:
        parts = []
        for start in range(0, len(values), k):
            cols = sorted(keys + values[start : start + k])
            w = self._fit(cols, width, "compact")
            if w is None:
                return None
            parts.append(("compact", cols, w))
        return parts

    def _transposed(self) -> Grid:
        keys = [j for j, c in enumerate(self.columns) if c.key]
        values = [j for j in range(len(self.columns)) if j not in keys]
        head = " ".join(self.columns[j].header for j in keys).strip()
        cols = [Col(head, key=True)]
        for r in self.rows:
            label = " ".join(r[j] for j in keys)
            just = self.columns[values[0]].justify if values else "right"
            cols.append(Col(label, justify=just, wrap=False))
        t = Grid(cols, self.title, self.caption)
        for j in values:
            t.add_row(self.columns[j].header, *(r[j] for r in self.rows))
        return t

    def _stacked_lines(self, width: int, keys: list[int], values: list[int]) -> int:
        hw = self._head_width(values, width)
        n = 0
        for r in self.rows:
            n += wrapped_lines(" · ".join(r[j] for j in keys if r[j]) or "—", width)
            for j in values:
                if hw:
                    n += wrapped_lines(r[j] or "—", width - hw - 3)
                else:
                    n += 1 + wrapped_lines(r[j] or "—", width - 2)
            n += 1
        return n

    def _head_width(self, values: list[int], width: int) -> int:
        hw = max((cell_len(self.columns[j].header) for j in values), default=0) + 1
        return hw if width - hw - 3 >= MIN_VALUE_WIDTH else 0

    # -- rendering ------------------------------------------------------------------------

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        p = self.plan(width)
        if self.title:
            yield Text("")
            yield Text(self.title, style="bold")
        if p.kind == "transposed":
            assert p.grid is not None
            yield from p.grid._render_parts(p.parts)
        elif p.kind == "stacked":
            yield from self._render_stacked(width)
        else:
            yield from self._render_parts(p.parts)
        if self.caption:
            yield Text(self.caption, style="dim")

    def _render_parts(self, parts: list[tuple[str, list[int], list[int]]]) -> Iterable[Any]:
        for i, (style, cols, widths) in enumerate(parts):
            if i:
                yield Text("")
            columns = [
                Column(
                    Text(self.columns[j].header),
                    justify=self.columns[j].justify,
                    width=w,
                    overflow="fold",
                )
                for j, w in zip(cols, widths, strict=True)
            ]
            t = _rich_table(style, columns)
            values = [j for j in cols if not self.columns[j].key]
            for i_row, r in enumerate(self.rows):
                if len(parts) > 1 and not any(r[j] for j in values):
                    continue  # a row with nothing in this part's columns
                if i_row in self.sections:
                    t.add_section()
                t.add_row(*(Text(r[j]) for j in cols))
            yield t

    def _render_stacked(self, width: int) -> Iterable[Any]:
        keys = [j for j, c in enumerate(self.columns) if c.key]
        values = [j for j in range(len(self.columns)) if j not in keys]
        hw = self._head_width(values, width)
        for r in self.rows:
            head = " · ".join(r[j] for j in keys if r[j]) or "—"
            body = Table.grid(padding=(0, 1), pad_edge=False, collapse_padding=True)
            if hw:
                body.add_column(width=hw, no_wrap=True)
                body.add_column(width=width - hw - 3, overflow="fold")
                for j in values:
                    body.add_row(Text(self.columns[j].header + ":"), Text(r[j] or "—"))
                yield Group(Text(head, style="bold", overflow="fold"), _indent(body))
            else:
                lines: list[Any] = [Text(head, style="bold", overflow="fold")]
                for j in values:
                    lines.append(Text("  " + self.columns[j].header + ":", overflow="fold"))
                    lines.append(_indent(Text(r[j] or "—", overflow="fold"), 4))
                yield Group(*lines)
            yield Text("")


def _indent(renderable: Any, n: int = 2) -> Any:
    return Padding(renderable, (0, 0, 0, n))

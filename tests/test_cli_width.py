"""Every command's terminal output is readable at 60, 80 and 160 columns (issue 20).

Each command runs once, in-process, with ``COLUMNS=60`` (what a narrow terminal or a pipe
gets): every line of its output must fit in 60 columns and nothing may be cut with "…". The
rich renderables it printed are kept and drawn again at 60, 80 and 160 columns and at a
width where nothing wraps (2,000). The words at a narrow width must be words of the wide
rendering: a label broken mid-word ("delivere" / "d") or a number cut ("2,1" for 2,166)
shows up as a word the wide rendering does not have. Only a word longer than the whole
width (a long URL) may be folded.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from orbitcompute.cli.common import invoke
from orbitcompute.cli.group import command_names

WIDTHS = (60, 80, 160)
WIDE = 2000
#: Characters that only draw tables (rules, borders): not words.
RULES = re.compile(r"[\u2500-\u257f]+")

SPEC = """\
seed = 1
[base]
scenario = "today"
[axes]
launch.price_per_kg = { from = 100, to = 5000, steps = 4, scale = "log" }
satellite.cost_per_kg = [500, 1500]
"""


def commands(tmp: Path) -> dict[str, list[list[str]]]:
    """Arguments for every command, cheap ones (small samples, short spans)."""
    spec = tmp / "spec.toml"
    spec.write_text(SPEC)
    sweep_dir = tmp / "sweep"
    return {
        "audit": [["audit", "starcloud"]],
        "breakeven": [["breakeven"], ["breakeven", "--vs", "satellite.lifetime", "--points", "9"]],
        "capacity": [["capacity", "--samples", "50"]],
        "compare": [["compare"], ["compare", "--ground", "gas"]],
        "ground": [["ground"]],
        "latency": [["latency", "--hours", "1", "--step", "900", "-n", "200"]],
        "links": [["links"]],
        "montecarlo": [["montecarlo", "uncertain-2030", "-n", "500"]],
        "optimize": [["optimize", "--grid", "64"]],
        "params": [["params"]],
        "presets": [["presets"]],
        "report": [["report", "-n", "100", "-o", str(tmp / "report.html")]],
        "sensitivity": [["sensitivity", "uncertain-2030"]],
        "serve": [["serve", "--help"]],
        "simulate": [["simulate", "--days", "1", "--step", "600"]],
        "sweep": [["sweep", str(spec), "--out", str(sweep_dir)]],
        "query": [["query", str(sweep_dir), "SELECT * FROM results ORDER BY ratio LIMIT 3"]],
        "verdict": [["verdict", "-n", "200"]],
        "parity": [["parity"]],
        "outlook": [["outlook", "-n", "200", "--years", "2026:2030", "--design", "as-given"]],
        "reconcile": [["reconcile"]],
    }


def words(text: str) -> list[str]:
    """The words of a rendering: split at blanks and table rules, without a trailing colon."""
    return [w.rstrip(":") for w in RULES.sub(" ", text).split() if w.rstrip(":")]


def render(renderables: list, width: int) -> str:
    con = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    for r in renderables:
        con.print(r)
    return con.export_text()


def check_words(narrow: str, wide: str, width: int, where: str) -> None:
    vocab = set(words(wide))
    long = [w for w in vocab if len(w) > width - 8 or "://" in w]  # URLs may fold
    for w in words(narrow):
        if w in vocab or any(w in x for x in long):
            continue
        pytest.fail(f"{where}: '{w}' is not a word of the wide rendering (broken or cut?)")


def check_lines(text: str, width: int, where: str) -> None:
    for line in text.splitlines():
        assert len(line) <= width, f"{where}: line longer than {width}: {line!r}"
    assert "…" not in text, f"{where}: text cut with '…'"


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, list[tuple[str, list, str]]]:
    """Every command run once at 60 columns: (its arguments, renderables printed, stdout)."""
    from rich.console import Console as C

    tmp = tmp_path_factory.mktemp("width")
    printed: list = []
    original = C.print

    def spy(self, *objects, **kw):
        if not self.stderr:
            printed.extend(objects)
        return original(self, *objects, **kw)

    mp = pytest.MonkeyPatch()
    mp.setattr(C, "print", spy)
    mp.setenv("COLUMNS", "60")
    out: dict[str, list[tuple[str, list, str]]] = {}
    try:
        for name, variants in commands(tmp).items():
            for args in variants:
                printed.clear()
                code, stdout, stderr = invoke(args)
                assert code == 0, f"{args}: {stderr}"
                out.setdefault(name, []).append((" ".join(args), list(printed), stdout))
    finally:
        mp.undo()
    return out


def test_every_command_is_covered(tmp_path):
    assert set(commands(tmp_path)) == set(command_names())


def test_output_fits_60_columns(runs):
    for variants in runs.values():
        for args, _, stdout in variants:
            check_lines(stdout, 60, f"COLUMNS=60 orbitcompute {args}")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_word_broken_or_number_cut(runs, width):
    for variants in runs.values():
        for args, printed, _ in variants:
            if not printed:
                continue
            wide = render(printed, WIDE)
            narrow = render(printed, width)
            where = f"orbitcompute {args} at {width} columns"
            check_lines(narrow, width, where)
            check_words(narrow, wide, width, where)


def test_headline_sentence_first(runs):
    """compare, verdict and montecarlo open with their answer in one sentence."""
    for name in ("compare", "verdict", "montecarlo"):
        _, _, stdout = runs[name][0]
        first = " ".join(stdout.strip().split("\n\n")[0].split())
        assert ("orbit" in first and "ground" in first) or "P(orbit cheaper)" in first, first


@pytest.mark.parametrize("width", (80, 160))
def test_help_fits(monkeypatch, width):
    """--help of every command fits (typer's layout; flags shown without a value type)."""
    monkeypatch.setenv("COLUMNS", str(width))
    for name in command_names():
        code, out, err = invoke([name, "--help"])
        assert code == 0, err
        check_lines(out, width, f"orbitcompute {name} --help at {width} columns")
        assert "<bool>" not in out, f"orbitcompute {name} --help shows a flag as <bool>"


def test_version():
    from orbitcompute import __version__

    code, out, _ = invoke(["--version"])
    assert code == 0 and out.strip() == f"orbitcompute {__version__}"

"""Sources a reader can open: every shipped source cites an original publication.

Checked: every registry row (``source``, ``as_of``, ``evidence``), the outputs table's
descriptions, every preset's ``[meta] source`` and the ``source`` of each of its distributions,
the source columns and comment headers of the reference tables in ``orbitcompute/data``, and
every file of the package (docstrings included). A source fails when it is empty, names a file
of this project (``REFERENCE.md``, ``shared/``, a ``.csv``/``.py``/``.toml``/``.md`` path, an
issue number) that a user does not have, or is a bare "assumption" without its reason; a
registry value that is not an assumption must cite a dated publication (a year).
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from orbitcompute.data import names, table
from orbitcompute.registry import AS_OF_PATTERN, EVIDENCE, outputs, registry

#: Words that name a project file or an internal document.
INTERNAL = re.compile(
    r"REFERENCE\.md|DESIGN\.md|\bshared/|\b[\w./-]+\.(?:csv|py|toml|md)\b|\bissue\s*#?\d+",
    re.IGNORECASE,
)
#: The words that open a choice rather than a citation.
CHOICE = re.compile(
    r"^\s*(assumption|design choice|model choice|numerical choice|choice|convention|"
    r"pricing convention)\b( of (this tool|the analysis))?[\s.;:,(-]*",
    re.IGNORECASE,
)
#: A reason has at least this many words after the word "assumption".
MIN_REASON_WORDS = 6
#: Addresses a reader can open (a path inside one is not an internal file).
URL = re.compile(r"https?://\S+")
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
SRC = Path(__file__).resolve().parents[1] / "src" / "orbitcompute"


def source_problem(text: str, evidence: str = "") -> str | None:
    """Why ``text`` is not an acceptable source, or None."""
    text = (text or "").strip()
    if not text:
        return "empty source"
    m = INTERNAL.search(URL.sub("", text))
    if m:
        return f"names an internal file: {m.group(0)!r}"
    c = CHOICE.match(text)
    if c:
        reason = text[c.end() :].split()
        if len(reason) < MIN_REASON_WORDS:
            return f"a bare {c.group(1)!r} without its reason"
    elif evidence == "assumption":
        return "evidence 'assumption' but the source does not say it is one (Assumption, ...)"
    if evidence and evidence != "assumption" and not YEAR.search(text):
        return f"evidence {evidence!r} but no dated publication (no year)"
    return None


def test_the_checker_itself():
    """Known bad sources are caught and good ones pass (so the test can fail)."""
    assert source_problem("") == "empty source"
    assert "internal" in source_problem("Falcon 9 about 17.5 t (shared/REFERENCE.md)")
    assert "internal" in source_problem("fit of the GPU table (data/accelerator_generations.csv)")
    assert "internal" in source_problem("orbitcompute design choice (issue 6)")
    assert "bare" in source_problem("Assumption")
    assert "bare" in source_problem("Assumption; any value")
    assert "no dated" in source_problem("Typical value", "published")
    assert "does not say" in source_problem("Meta, Llama 3 (2024)", "assumption")
    assert (
        source_problem("Assumption, 2 ms: Starlink adds several ms of scheduling", "assumption")
        is None
    )
    assert (
        source_problem(
            "Kopp & Lean 2011, Geophys. Res. Lett. 38:L01706, https://doi.org/10.1029/2010GL045777",
            "measured",
        )
        is None
    )


@pytest.mark.parametrize("name", sorted(registry()))
def test_registry_row_cites_an_original_publication(name):
    p = registry()[name]
    assert p.evidence in EVIDENCE, (name, p.evidence)
    assert AS_OF_PATTERN.fullmatch(p.as_of), (name, p.as_of)
    assert source_problem(p.source, p.evidence) is None, (
        name,
        source_problem(p.source, p.evidence),
    )


def test_every_evidence_class_is_used_and_assumptions_are_not_the_majority():
    counts = {e: 0 for e in EVIDENCE}
    for p in registry().values():
        counts[p.evidence] += 1
    assert all(counts.values()), counts
    assert counts["assumption"] < len(registry()) / 2, counts


def test_output_descriptions_name_no_internal_file():
    for o in outputs().values():
        m = INTERNAL.search(o.description)
        assert m is None, (o.name, m.group(0))


def _presets() -> list[Path]:
    """The presets and the scenario-grammar data files (the outlook's default spreads)."""
    return sorted(SRC.joinpath("presets").glob("*.toml")) + sorted(
        SRC.joinpath("data").glob("*.toml")
    )


@pytest.mark.parametrize("path", _presets(), ids=lambda p: p.stem)
def test_preset_sources(path):
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    problem = source_problem(doc.get("meta", {}).get("source", ""))
    assert problem is None, (path.name, "meta.source", problem)

    def walk(node, where):
        for k, v in node.items():
            if isinstance(v, dict):
                if "dist" in v:
                    assert source_problem(v.get("source", "")) is None, (
                        f"{path.name}: {where}{k}",
                        source_problem(v.get("source", "")),
                    )
                else:
                    walk(v, f"{where}{k}.")

    walk(doc, "")


@pytest.mark.parametrize("name", names())
def test_data_table_sources(name):
    t = table(name)
    if t.header:
        m = INTERNAL.search(URL.sub("", t.header))
        assert m is None, (name, m.group(0))
    if "source" in t.columns:
        for row in t:
            assert source_problem(str(row["source"])) is None, (
                name,
                row.get("name"),
                source_problem(str(row["source"])),
            )


def test_no_file_of_the_package_cites_an_internal_document():
    """``grep -rn "REFERENCE.md\\|shared/" src/`` comes back empty."""
    bad = []
    for f in SRC.rglob("*"):
        if f.is_file() and f.suffix in {".py", ".csv", ".toml", ".md", ".html", ".txt"}:
            for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                if "REFERENCE.md" in line or "shared/" in line:
                    bad.append(f"{f.relative_to(SRC)}:{i}")
    assert not bad, bad


def test_shipped_data_files_are_those_of_the_package():
    # the test reads the same files the package loads
    assert resources.files("orbitcompute.registry").joinpath("data").is_dir()

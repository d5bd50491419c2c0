"""One version: the package, pyproject.toml and the CHANGELOG's latest release agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import orbitcompute

ROOT = Path(__file__).resolve().parents[1]


def test_version_matches_pyproject():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert orbitcompute.__version__ == meta["project"]["version"]


def test_changelog_has_a_section_for_this_version_in_keep_a_changelog_form():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d\d-\d\d)$", text, re.MULTILINE)
    assert releases and releases[0][0] == orbitcompute.__version__, releases
    assert re.search(r"^## \[Unreleased\]$", text, re.MULTILINE)
    allowed = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    sections = set(re.findall(r"^### (\w+)$", text, re.MULTILINE))
    assert sections <= allowed, sections - allowed

"""Fixtures for the sweep tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sweep_helpers import SMALL_SPEC


@pytest.fixture
def small_spec(tmp_path: Path):
    """Write the small spec (``steps`` launch prices x 3 x 2 x 8 Sobol points) and return it."""

    def make(steps: int = 10, name: str = "spec.toml") -> Path:
        path = tmp_path / name
        path.write_text(SMALL_SPEC.format(steps=steps))
        return path

    return make

"""Optional dependencies: a command that needs a missing extra says which one, in one line.

The extras (pyproject.toml) are ``sweep`` (DuckDB, Dask), ``web`` (Starlette, uvicorn),
``test`` and ``all``. A missing module is simulated by a ``None`` entry in ``sys.modules``,
which makes ``import`` raise ImportError exactly as an uninstalled package does.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from orbitcompute.cli.common import invoke
from orbitcompute.errors import ScenarioError
from orbitcompute.io import EXTRAS, import_extra

ROOT = Path(__file__).resolve().parents[1]
SPEC = """\
[base]
scenario = "today"
[axes]
launch.price_per_kg = [100, 1000]
"""


def one_line_naming(err: str, extra: str) -> None:
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert f"pip install 'orbitcompute[{extra}]'" in err, err


@pytest.mark.parametrize(
    ("missing", "args", "extra"),
    [
        ("duckdb", ["query", "{tmp}", "SELECT 1"], "sweep"),
        ("duckdb", ["sweep", "{spec}", "--out", "{tmp}/out"], "sweep"),
        ("distributed", ["sweep", "{spec}", "--out", "{tmp}/out", "--backend", "dask"], "sweep"),
        ("uvicorn", ["serve"], "web"),
        ("starlette", ["serve"], "web"),
    ],
)
def test_missing_extra_is_one_line(monkeypatch, tmp_path, missing, args, extra):
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC)
    monkeypatch.setitem(sys.modules, missing, None)
    argv = [a.format(tmp=tmp_path, spec=spec) for a in args]
    code, out, err = invoke(argv)
    assert code == 2 and out == ""
    one_line_naming(err, extra)
    assert not (tmp_path / "out").exists()  # checked before any work


def test_import_extra(monkeypatch):
    assert import_extra("json", "x").dumps({}) == "{}"
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(ScenarioError, match=r"orbitcompute\[sweep\]"):
        import_extra("duckdb", "orbitcompute query")


def test_extras_in_pyproject():
    """The extras exist; the core leaves the sweep and web libraries to them; test has all."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = meta["optional-dependencies"]
    assert {"sweep", "web", "test", "all"} <= set(extras)
    core = " ".join(meta["dependencies"]).lower()
    for module, extra in EXTRAS.items():
        if module == "anyio":  # comes with starlette
            continue
        assert module not in core, f"{module} is in the core dependencies"
        assert any(module in x.lower() for x in extras[extra]), f"{module} not in [{extra}]"
    for name in ("playwright", "skyfield", "httpx"):
        assert name not in core and any(name in x for x in extras["test"])
    assert any("orbitcompute[sweep,web]" in x for x in extras["test"])
    assert any("orbitcompute[sweep,web]" in x for x in extras["all"])

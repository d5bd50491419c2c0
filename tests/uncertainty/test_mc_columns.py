"""Monte Carlo files keep a chosen set of outputs by default, with their units (issue 20)."""

from __future__ import annotations

import pytest

from orbitcompute.analysis.montecarlo import DEFAULT_COLUMNS, OUTPUTS, select_columns
from orbitcompute.cli.common import invoke
from orbitcompute.errors import ScenarioError
from orbitcompute.registry import outputs


def test_select_columns():
    default = select_columns()
    assert set(OUTPUTS) <= set(default) and len(default) < len(outputs()) / 3
    assert "orbit.cost.launch" in default and "ground.cost.energy" in default  # patterns
    assert select_columns("all") is None
    assert select_columns("ratio,orbit.mass.*") == [
        n for n in outputs() if n.startswith("orbit.mass.") or n in OUTPUTS
    ]
    with pytest.raises(ScenarioError, match="--columns"):
        select_columns("orbit.no_such_output")
    for pattern in DEFAULT_COLUMNS:  # every default name or pattern is an output
        assert select_columns(pattern)


@pytest.mark.parametrize("columns", ["default", "all"])
def test_parquet_columns_and_units(tmp_path, columns):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "s.parquet"
    code, _, err = invoke(
        ["montecarlo", "uncertain-2030", "-n", "300", "-o", str(path), "--columns", columns]
    )
    assert code == 0, err
    schema = pq.read_schema(path)
    outs = {n[4:] for n in schema.names if n.startswith("out.")}
    if columns == "default":
        assert outs == set(select_columns())
    else:
        assert len(outs) > 100
    meta = schema.field("out.orbit.cost_per_gpu_hour").metadata
    assert meta[b"display_unit"] == b"USD/h" and meta[b"label"]
    inputs = [n for n in schema.names if n.startswith("in.")]
    assert inputs and all(schema.field(n).metadata for n in inputs)


def test_bad_columns_is_one_line_before_work(tmp_path):
    path = tmp_path / "s.parquet"
    code, out, err = invoke(
        ["montecarlo", "uncertain-2030", "-n", "300", "-o", str(path), "--columns", "nope"]
    )
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert not path.exists()

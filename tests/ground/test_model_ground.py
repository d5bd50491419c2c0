"""Ground options wired into evaluate() and compare."""

import json

import numpy as np
import pytest

from orbitcompute.design.comms import size_comms
from orbitcompute.economics.costs import ground_costs, ground_facility
from orbitcompute.ground import OPTIONS
from orbitcompute.model import complete, evaluate, evaluate_ground_options
from orbitcompute.reliability.fleet import ground_reliability
from orbitcompute.scenario import load_scenario


@pytest.fixture(scope="module")
def base():
    return load_scenario().values


def test_every_option_reported_and_grid_is_foundation(base):
    r = evaluate({**base, "ground.energy_source": 0.0}).row(0)
    for opt in OPTIONS:
        for k in ("cost_per_gpu_hour", "time_to_power", "time_to_power_cost_per_gpu_hour",
                  "water_per_gpu_hour", "land_area", "co2_per_gpu_hour"):  # fmt: skip
            assert np.isfinite(r[f"ground.{opt}.{k}"]), (opt, k)
    # grid option reproduces the foundation's grid facility exactly
    p, _ = complete(base)
    traffic = size_comms(p)["links.ground_traffic"]  # the workload's internet transit
    fac = ground_facility(p, ground_reliability(p), traffic)
    grid = ground_costs(p, fac, p["ground.electricity_price"], 1.0)
    assert r["ground.grid.cost_per_gpu_hour"] == pytest.approx(
        float(grid["cost_per_gpu_hour"]), rel=1e-12
    )
    assert r["ground.cost_per_gpu_hour"] == r["ground.grid.cost_per_gpu_hour"]


@pytest.mark.parametrize("opt", OPTIONS)
def test_choice_selects_headline(opt):
    sc = load_scenario(None, [f"ground.energy_option={opt}"])
    r = evaluate(sc.params()).row(0)
    assert r["ground.cost_per_gpu_hour"] == r[f"ground.{opt}.cost_per_gpu_hour"]
    assert r["ratio"] == pytest.approx(r["orbit.cost_per_gpu_hour"] / r["ground.cost_per_gpu_hour"])


def test_vectorized_selection_matches_scalar(base):
    r = evaluate({**base, "ground.energy_source": np.array([0.0, 1.0, 2.0, 3.0])}).to_dict()
    for i, opt in enumerate(OPTIONS):
        assert r["ground.cost_per_gpu_hour"][i] == r[f"ground.{opt}.cost_per_gpu_hour"][i]


def test_cheaper_gas_or_pricier_grid_moves_only_its_option(base):
    r = evaluate({**base, "ground.gas.fuel_price": np.array([3.0, 6.0]) * 9.478e-10}).to_dict()
    assert r["ground.gas.cost_per_gpu_hour"][1] > r["ground.gas.cost_per_gpu_hour"][0]
    assert r["ground.grid.cost_per_gpu_hour"][1] == r["ground.grid.cost_per_gpu_hour"][0]


class _Run:
    def __init__(self, code, out, err):
        self.returncode, self.stdout, self.stderr = code, out, err


@pytest.fixture
def _cli(capsys, monkeypatch):
    """Run the CLI in-process (this worktree's code), like tests/test_cli.py's run_inproc."""
    from orbitcompute.cli.common import invoke

    def run(*args):
        monkeypatch.setenv("COLUMNS", "200")
        return _Run(*invoke(list(args)))

    return run


def test_compare_json_carries_all_options(_cli):
    out = _cli("compare", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert set(doc["ground_options"]) == set(OPTIONS)
    # best against best (#15): the headline is the cheapest option, time to power included
    cheapest = min(
        OPTIONS,
        key=lambda o: (
            doc["results_si"][f"ground.{o}.cost_per_gpu_hour"]
            + doc["results_si"][f"ground.{o}.time_to_power_cost_per_gpu_hour"]
        ),
    )
    assert doc["ground_options"][cheapest]["selected"] is True
    assert doc["ground_options"]["gas"]["time_to_power"]["unit"] == "yr"


def test_compare_ground_option_and_bad_option(_cli):
    out = _cli("compare", "--ground", "nuclear")
    assert out.returncode == 0, out.stderr
    assert "ground (nuclear)" in out.stdout and "ground (gas)" not in out.stdout
    bad = _cli("compare", "--ground", "coal")
    assert bad.returncode == 2 and "--ground" in bad.stderr and "Traceback" not in bad.stderr
    bad = _cli("compare", "--set", "ground.solar_site=sahara")
    assert bad.returncode == 2 and "ground.solar_site" in bad.stderr


@pytest.mark.parametrize("opt", ["gas", "solar_storage"])
def test_option_rows_equal_the_model_with_that_option_selected(opt):
    # compare's option columns come from evaluate_ground_options: each must be exactly what
    # evaluate() gives when that option is the headline (no line is derived downstream).
    rows = evaluate_ground_options(load_scenario().params())
    sel_row = evaluate(load_scenario(None, [f"ground.energy_option={opt}"]).params()).row(0)
    for key, value in sel_row.items():
        if key.startswith("ground."):
            assert rows[opt][key] == pytest.approx(value, rel=1e-12, nan_ok=True), key
    lines = [v for k, v in rows[opt].items() if k.startswith("ground.cost.")]
    assert sum(lines) == pytest.approx(rows[opt]["ground.cost_per_gpu_hour"], rel=1e-12)
    assert rows[opt]["ground.cost_with_time_to_power"] == pytest.approx(
        sel_row["ground.cost_per_gpu_hour"] + sel_row["ground.time_to_power_cost_per_gpu_hour"]
    )
    assert rows[opt]["ground.land_per_gpu"] == pytest.approx(
        sel_row["ground.land_area"] / sel_row["ground.n_accelerators"]
    )

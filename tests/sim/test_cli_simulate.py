"""``orbitcompute simulate``: outputs, and one-line errors with exit status 2 for bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orbitcompute.errors import ScenarioError
from orbitcompute.scenario import load_scenario
from orbitcompute.sim import simulate


def run_cli(monkeypatch, capsys, *args):
    from orbitcompute.cli.common import invoke

    return invoke(["simulate", *args])


ISS = (
    "ISS (ZARYA)\n"
    "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n"
    "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537\n"
)


@pytest.mark.parametrize(
    "args,key",
    [
        (["--set", "orbit.altitude=-400"], "orbit.altitude"),
        (["--set", "orbit.altitude=120"], "orbit.altitude"),
        (["--step", "0"], "--step"),
        (["--step", "-60"], "--step"),
        (["--days", "0"], "--days"),
        (["--orbit", "molniya"], "--orbit"),
        (["--planes", "0"], "--planes"),
        (["--start", "yesterday"], "--start"),
        (["--output", "out.csv"], "--output"),
        (["--tle", "missing.tle"], "--tle"),
        (["--tle", "x.tle", "--planes", "3"], "--planes"),
        (["--png", "p.png", "--trace-day", "-1"], "--trace-day"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path, args, key):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(monkeypatch, capsys, "--days", "0.01", *args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and key in lines[0] and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # no partial output


def test_bad_tle_checksum_exit_2_and_no_output(monkeypatch, capsys, tmp_path):
    bad = tmp_path / "bad.tle"
    bad.write_text(ISS.replace("2927", "2920"))
    out_nc = tmp_path / "x.nc"
    code, _, err = run_cli(
        monkeypatch, capsys, "--tle", str(bad), "--days", "0.01", "-o", str(out_nc)
    )
    assert code == 2 and "checksum" in err and len(err.strip().splitlines()) == 1
    assert not out_nc.exists()


def test_stale_tle_is_rejected(monkeypatch, capsys, tmp_path):
    tle = tmp_path / "iss.tle"
    tle.write_text(ISS)  # epoch 2008-09-20, start 2026-01-01
    code, _, err = run_cli(monkeypatch, capsys, "--tle", str(tle), "--days", "0.01")
    assert code == 2 and "days of --start" in err


def test_tle_run_and_outputs(monkeypatch, capsys, tmp_path):
    import pandas as pd
    import xarray as xr

    tle = tmp_path / "iss.tle"
    tle.write_text(ISS)
    nc = tmp_path / "run.nc"
    code, out, _ = run_cli(
        monkeypatch, capsys, "--tle", str(tle), "--start", "2008-09-21", "--days", "0.2",
        "-o", str(nc), "--format", "json",
    )  # fmt: skip
    assert code == 0
    import json

    doc = json.loads(out)
    assert 0.5 < doc["summary"]["sunlit_fraction_mean"] < 1.0
    ds = xr.open_dataset(nc, engine="h5netcdf")
    assert ds.sizes["satellite"] == 1 and "soc" in ds and "sunlit_fraction" in ds
    ds.close()
    pq = tmp_path / "run.parquet"
    code, _, _ = run_cli(
        monkeypatch, capsys, "--planes", "2", "--per-plane", "3", "--days", "0.1", "-o", str(pq)
    )
    assert code == 0
    df = pd.read_parquet(pq)
    assert set(df.satellite) == set(range(6)) and "temperature" in df


def test_png_written(monkeypatch, capsys, tmp_path):
    png = tmp_path / "sim.png"
    code, _, _ = run_cli(monkeypatch, capsys, "--days", "0.05", "--png", str(png))
    assert code == 0 and png.stat().st_size > 10_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    alt=st.floats(-1e7, 3e6) | st.just(float("nan")),
    step=st.floats(-1e3, 4e3) | st.just(float("nan")),
    days=st.floats(-1, 0.05) | st.just(float("nan")),
)
def test_simulate_never_crashes_on_bad_numbers(alt, step, days):
    """Any altitude, step and period either simulates or raises ScenarioError."""
    v = dict(load_scenario("today").values)
    v["orbit.altitude"] = alt
    try:
        res = simulate(v, days=days, step=step)
    except ScenarioError as exc:
        assert "\n" not in exc.one_line()
        return
    assert np.isfinite(res.totals["generated"]) and alt >= 160e3 and step > 0 and days > 0

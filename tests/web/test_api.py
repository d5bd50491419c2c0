"""JSON API of the dashboard: results agree with the model, bad input is 422 with the key path,
and no request body (hypothesis-generated) ever gives a 5xx."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from orbitcompute.model import evaluate  # noqa: E402
from orbitcompute.scenario import load_scenario  # noqa: E402
from orbitcompute.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(warm=False), raise_server_exceptions=False) as c:
        yield c


def test_params_and_presets(client):
    p = client.get("/api/params").json()
    names = {r["name"] for r in p["parameters"]}
    assert {m["name"] for m in p["main"]} <= names
    row = next(r for r in p["parameters"] if r["name"] == "launch.price_per_kg")
    assert row["unit"] == "USD/kg" and row["min"] < row["default"] < row["max"]
    presets = client.get("/api/presets").json()["presets"]
    assert "today" in [x["name"] for x in presets]


def test_compare_matches_model(client):
    r = client.post("/api/compare", json={"scenario": "today", "set": {"launch.price_per_kg": 500}})
    assert r.status_code == 200
    d = r.json()
    res = evaluate(load_scenario("today", ["launch.price_per_kg=500"]).params()).row(0)
    assert d["headline"]["orbit_cost_per_gpu_hour"] == pytest.approx(res["orbit.cost_per_gpu_hour"])
    assert d["headline"]["ground_cost_per_gpu_hour"] == pytest.approx(
        res["ground.cost_per_gpu_hour"]
    )
    assert d["values"]["launch.price_per_kg"] == pytest.approx(500)
    assert "price_per_kg = 500" in d["toml"] and d["csv"].startswith("name,value,unit")
    # the curve's point at the scenario price equals the headline (same model)
    price = np.array(d["curve"]["price"])
    orbit = np.array(d["curve"]["orbit"])
    assert np.interp(np.log(500), np.log(price), np.log(orbit)) == pytest.approx(
        math.log(d["headline"]["orbit_cost_per_gpu_hour"]), abs=0.02
    )


def test_units_in_set_and_toml_upload(client):
    a = client.post("/api/compare", json={"set": {"orbit.altitude": "0.55 Mm"}}).json()
    b = client.post(
        "/api/compare", json={"toml": 'extends = "today"\n[orbit]\naltitude = "550 km"\n'}
    ).json()
    assert a["headline"] == b["headline"]


def test_montecarlo_on_demand(client):
    body = {"set": {"launch.price_per_kg": 200}, "montecarlo": {"n": 10000, "seed": 3}}
    a = client.post("/api/compare", json=body).json()["montecarlo"]
    b = client.post("/api/compare", json=body).json()["montecarlo"]
    assert a == b  # same seed, same result
    assert a["n"] == 10000 and sum(a["ratio_hist"]["counts"]) + a["n_infeasible"] == 10000
    assert 0.0 <= a["p_orbit_cheaper"] <= 1.0
    q = a["percentiles"]["ratio"]
    assert q["p5"] <= q["p50"] <= q["p95"]


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ({"scenario": "no-such"}, "scenario"),
        ({"scenario": "/etc/passwd"}, "scenario"),
        ({"set": {"orbit.altitude": 5}}, "set.orbit.altitude"),
        ({"set": {"orbit.altitude": "3 kg"}}, "set.orbit.altitude"),
        ({"set": {"no.such": 1}}, "set.no.such"),
        ({"set": {"launch.price_per_kg": None}}, "set.launch.price_per_kg"),
        ({"set": {"launch.price_per_kg": 10**400}}, "set.launch.price_per_kg"),
        ({"set": [1, 2]}, "set"),
        ({"montecarlo": {"n": 10**9}}, "montecarlo.n"),
        ({"toml": "[orbit]\naltitude = -3\n"}, "upload.toml: orbit.altitude"),
        ({"toml": "not = = toml"}, "toml"),
        ({"bogus": 1}, "body.bogus"),
        ([1, 2, 3], "body"),
    ],
)
def test_bad_input_is_422_with_key(client, body, key):
    r = client.post("/api/compare", json=body)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["key"] == key
    assert "\n" not in err["message"]


def test_malformed_and_oversized_bodies(client):
    assert client.post("/api/compare", content=b"{not json").status_code == 422
    assert client.post("/api/compare", content=b"\xff\xfe").status_code == 422
    assert client.post("/api/compare", content=b"[" * 100_000).status_code == 422
    big = b'{"toml": "' + b"a" * 300_000 + b'"}'
    assert client.post("/api/compare", content=big).status_code == 413


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)
param_names = st.sampled_from(
    [
        "launch.price_per_kg",
        "orbit.altitude",
        "compute.accelerator",
        "orbit.sun_synchronous",
        "satellite.lifetime",
        "thermal.radiator_temperature",
    ]
) | st.text(max_size=25)
plausible_values = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.sampled_from(["550 km", "3 kg", "1e3 USD/kg", "B200", "H100", "", "nan", "1/0", "km"])
    | st.text(max_size=20)
    | json_values
)
bodies = (
    st.fixed_dictionaries(
        {},
        optional={
            "scenario": st.sampled_from(["today", "nope", ""]) | st.text(max_size=15) | json_values,
            "set": st.dictionaries(param_names, plausible_values, max_size=4) | json_values,
            "montecarlo": st.fixed_dictionaries(
                {},
                optional={
                    "n": st.integers(-5, 200) | json_values,
                    "seed": st.integers(-5, 2**64) | json_values,
                    "spread": st.floats() | json_values,
                },
            )
            | json_values,
            "toml": st.sampled_from(["[orbit]\naltitude = 600\n", "x", 'extends = "today"\n'])
            | st.text(max_size=40),
        },
    )
    | json_values
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies)
def test_fuzz_never_5xx(client, body):
    """Property: any JSON body gives 200 or a 4xx with an error key path, never a 5xx."""
    # json.dumps writes NaN/Infinity literals, which Python's server-side parser accepts
    r = client.post("/api/compare", content=json.dumps(body).encode())
    assert r.status_code < 500, (body, r.text[:300])
    if r.status_code != 200:
        assert r.status_code in (422,)
        assert r.json()["error"]["key"]


@settings(max_examples=60, deadline=None)
@given(raw=st.binary(max_size=64))
def test_fuzz_raw_bytes_never_5xx(client, raw):
    assert client.post("/api/compare", content=raw).status_code < 500


def test_montecarlo_uses_scenario_distributions(client):
    pytest.importorskip("orbitcompute.uncertainty")
    body = {"scenario": "uncertain-2030", "montecarlo": {"n": 2000, "seed": 1}}
    r = client.post("/api/compare", json=body)
    assert r.status_code == 200
    assert r.json()["montecarlo"]["mode"] == "scenario distributions"

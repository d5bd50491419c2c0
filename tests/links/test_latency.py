"""Latency geometry against closed forms; terrestrial paths; weighted statistics.

References: Wertz & Larson, SMAD 3rd ed. (1999) sec. 5.2 (slant range, elevation);
at c that is 1.83 ms one way at 550 km zenith and 3.75 ms at 25 deg elevation (calc);
numpy.quantile(method="inverted_cdf") for unweighted quantiles (Hyndman & Fan 1996, def. 1).
"""

from __future__ import annotations

import numpy as np
import pytest

from orbitcompute.constants import R_EARTH_MEAN
from orbitcompute.errors import ScenarioError
from orbitcompute.links.latency import (
    latency_day,
    orbit_one_way,
    terrestrial_one_way,
    weighted_quantile,
)
from orbitcompute.links.sites import datacenter_regions, ground_stations, population_centres


def _sat_at_elevation(h, elev_deg):
    """Unit vector of a satellite seen at elevation E from the site (1, 0, 0)."""
    e = np.radians(elev_deg)
    lam = np.arccos(R_EARTH_MEAN * np.cos(e) / (R_EARTH_MEAN + h)) - e
    return np.array([np.cos(lam), np.sin(lam), 0.0])


def test_zenith_and_25deg_one_way_delay():
    h = 550e3
    sats = np.stack([_sat_at_elevation(h, 90.0), _sat_at_elevation(h, 25.0)])
    site = np.array([[1.0, 0.0, 0.0]])
    zen = orbit_one_way(sats[None, :1], site, R_EARTH_MEAN + h, 0.0)
    low = orbit_one_way(sats[None, 1:], site, R_EARTH_MEAN + h, 0.0)
    assert zen[0, 0] * 1e3 == pytest.approx(1.83, abs=0.005)
    assert low[0, 0] * 1e3 == pytest.approx(3.75, abs=0.005)
    # The nearest of both is chosen; a mask above 25 deg hides the low one.
    both = orbit_one_way(sats[None], site, R_EARTH_MEAN + h, 0.0)
    assert both[0, 0] == pytest.approx(zen[0, 0])
    hidden = orbit_one_way(sats[None, 1:], site, R_EARTH_MEAN + h, np.radians(30.0))
    assert np.isinf(hidden[0, 0])


def test_isl_hops_add_arc_length():
    h = 550e3
    r = R_EARTH_MEAN + h
    access = _sat_at_elevation(h, 90.0)
    arc = 0.2  # rad to the holder
    holder = np.array([np.cos(arc), 0.0, np.sin(arc)])
    sats = np.stack([holder, access])[None]  # holder is index 0: every 2nd satellite holds
    d = orbit_one_way(sats, np.array([[1.0, 0.0, 0.0]]), r, 0.0, holder_every=2)
    expected = (h + r * arc * 1.0) / 299792458.0
    assert d[0, 0] == pytest.approx(expected, rel=1e-9)


def test_terrestrial_delay_closed_form():
    lat = np.radians([0.0, 0.0])
    lon = np.radians([0.0, 10.0])
    d, k = terrestrial_one_way(lat, lon, np.radians([0.0]), np.radians([0.0]), 1.5, 2 / 3, 1e-3)
    assert d[0] == pytest.approx(1e-3)
    arc = R_EARTH_MEAN * np.radians(10.0)
    assert d[1] == pytest.approx(arc * 1.5 / (2 / 3 * 299792458.0) + 1e-3)


def test_weighted_quantile_equals_inverted_cdf_for_equal_weights():
    x = np.random.default_rng(3).normal(size=101)
    q = [0.05, 0.5, 0.95]
    np.testing.assert_allclose(
        weighted_quantile(x, np.ones_like(x), q), np.quantile(x, q, method="inverted_cdf")
    )


def test_latency_day_small_run():
    res = latency_day(None, satellites=60, hours=2, step=300, centres=population_centres(20))
    assert res.orbit_one_way.shape == (24, 20)
    s = res.summary()
    assert 0 <= s["share_faster_from_orbit"] <= s["coverage"] <= 1
    finite = res.orbit_one_way[np.isfinite(res.orbit_one_way)]
    # Never faster than zenith at 650 km, never slower than the horizon plus access delay.
    assert finite.min() >= 650e3 / 299792458.0
    again = latency_day(None, satellites=60, hours=2, step=300, centres=population_centres(20))
    np.testing.assert_array_equal(res.orbit_one_way, again.orbit_one_way)


def test_elevation_mask_of_90_deg_rejected():
    with pytest.raises(ScenarioError, match="elevation"):
        latency_day({"latency.user_min_elevation": np.radians(90.0)}, satellites=10, hours=1)


def test_shipped_site_lists():
    pc = population_centres()
    assert len(pc) >= 100 and pc["population"].is_monotonic_decreasing
    assert pc["source"].str.contains("World Urbanization Prospects").all()
    gs = ground_stations()
    assert gs["cloud_free_fraction"].between(0, 1).all() and gs["source"].str.len().gt(0).all()
    assert len(datacenter_regions()) >= 30

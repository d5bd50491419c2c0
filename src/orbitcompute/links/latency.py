"""Latency from population centres: nearest orbital node in view vs nearest cloud region.

Orbit path, one way: slant range to the nearest satellite above the user's elevation mask
(spherical Earth), plus inter-satellite hops to the nearest satellite holding the model, plus
``latency.orbit_access_delay``. Terrestrial path, one way: great-circle distance to the nearest
cloud region x ``latency.route_factor`` at ``latency.fiber_velocity_factor`` x c, plus
``latency.ground_access_delay``. Evaluated on a time grid over the constellation's motion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from orbitcompute.constants import C_LIGHT, HOUR, R_EARTH_MEAN
from orbitcompute.errors import ScenarioError
from orbitcompute.links.budget import _scalar, orbit_inclination
from orbitcompute.links.contacts import check_elevation_mask
from orbitcompute.links.orbits import walker_shell
from orbitcompute.links.sites import datacenter_regions, population_centres
from orbitcompute.physics.links import great_circle_distance

#: Elements per block of the (time x site x satellite) evaluation; bounds memory (~100 MB).
_BLOCK = 12_000_000


@dataclass
class LatencyResult:
    """Latency over a day for each population centre.

    Attributes
    ----------
    time : numpy.ndarray
        Sample times [s], shape (T,).
    orbit_one_way : numpy.ndarray
        One-way delay to the nearest model-holding satellite, shape (T, S) [s]; inf when no
        satellite is in view.
    ground_one_way : numpy.ndarray
        One-way delay to the nearest terrestrial region, shape (S,) [s].
    centres : pandas.DataFrame
        Name, population and coordinates of the centres.
    nearest_region : list of str
        Name of each centre's nearest region.
    """

    time: np.ndarray
    orbit_one_way: np.ndarray
    ground_one_way: np.ndarray
    centres: pd.DataFrame
    nearest_region: list[str]

    @property
    def weights(self) -> np.ndarray:
        w = self.centres["population"].to_numpy(dtype=float)
        return w / w.sum()

    def share_faster_from_orbit(self) -> float:
        """Population-weighted share of user-time when the orbit path is faster [-]."""
        faster = (self.orbit_one_way < self.ground_one_way[None, :]).mean(axis=0)
        return float(np.sum(faster * self.weights))

    def coverage(self) -> float:
        """Population-weighted share of user-time with a satellite in view [-]."""
        return float(np.sum(np.isfinite(self.orbit_one_way).mean(axis=0) * self.weights))

    def quantiles(self, q: ArrayLike = (0.05, 0.5, 0.95)) -> dict[str, np.ndarray]:
        """Population-weighted quantiles of RTT [s] for orbit (over time too) and ground."""
        t = self.orbit_one_way.shape[0]
        w_orbit = np.broadcast_to(self.weights / t, self.orbit_one_way.shape).ravel()
        return {
            "orbit_rtt": weighted_quantile(2 * self.orbit_one_way.ravel(), w_orbit, q),
            "ground_rtt": weighted_quantile(2 * self.ground_one_way, self.weights, q),
        }

    def per_centre(self) -> pd.DataFrame:
        """Median and best orbit RTT, ground RTT and share of time faster, per centre."""
        o = 2 * self.orbit_one_way
        return pd.DataFrame(
            {
                "name": self.centres["name"],
                "population": self.centres["population"],
                "orbit_rtt_median": np.median(o, axis=0),
                "orbit_rtt_best": o.min(axis=0),
                "ground_rtt": 2 * self.ground_one_way,
                "nearest_region": self.nearest_region,
                "share_faster_from_orbit": (self.orbit_one_way < self.ground_one_way).mean(axis=0),
            }
        )

    def summary(self) -> dict[str, float]:
        q = self.quantiles()
        return {
            "share_faster_from_orbit": self.share_faster_from_orbit(),
            "coverage": self.coverage(),
            "orbit_rtt_p05": float(q["orbit_rtt"][0]),
            "orbit_rtt_p50": float(q["orbit_rtt"][1]),
            "orbit_rtt_p95": float(q["orbit_rtt"][2]),
            "ground_rtt_p05": float(q["ground_rtt"][0]),
            "ground_rtt_p50": float(q["ground_rtt"][1]),
            "ground_rtt_p95": float(q["ground_rtt"][2]),
        }


def weighted_quantile(x: ArrayLike, w: ArrayLike, q: ArrayLike) -> np.ndarray:
    """Quantiles of ``x`` with weights ``w`` (inverse of the weighted empirical CDF).

    inf values (no service) sort last, so a quantile above the covered share is inf.
    """
    x, w = np.asarray(x, dtype=float).ravel(), np.asarray(w, dtype=float).ravel()
    order = np.argsort(x, kind="stable")
    cdf = np.cumsum(w[order])
    cdf /= cdf[-1]
    idx = np.searchsorted(cdf, np.asarray(q, dtype=float), side="left")
    return x[order][np.clip(idx, 0, x.size - 1)]


def terrestrial_one_way(
    lat: ArrayLike,
    lon: ArrayLike,
    region_lat: ArrayLike,
    region_lon: ArrayLike,
    route_factor: float,
    velocity_factor: float,
    access_delay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """One-way delay [s] to the nearest region, and the index of that region.

    Notes
    -----
    t = min_r d_gc(user, r) x route factor / (v c) + access delay.
    """
    d = great_circle_distance(
        np.asarray(lat)[:, None], np.asarray(lon)[:, None], region_lat, region_lon
    )
    k = np.argmin(d, axis=1)
    best = d[np.arange(d.shape[0]), k]
    return best * route_factor / (velocity_factor * C_LIGHT) + access_delay, k


def orbit_one_way(
    sat_unit: np.ndarray,
    site_unit: np.ndarray,
    orbit_radius: float,
    min_elevation: float,
    holder_every: int = 1,
    isl_route_factor: float = 1.0,
    access_delay: float = 0.0,
    earth_radius: float = R_EARTH_MEAN,
) -> np.ndarray:
    """One-way delay [s] from each site to the nearest model holder via the nearest satellite.

    Parameters
    ----------
    sat_unit : numpy.ndarray
        Satellite unit position vectors, shape (T, N, 3).
    site_unit : numpy.ndarray
        Site unit vectors (spherical Earth), shape (S, 3).
    orbit_radius : float
        Orbit radius [m].
    min_elevation : float
        User elevation mask [rad], in [0, pi/2).
    holder_every : int
        Every k-th satellite holds the model (1: all).
    isl_route_factor : float
        ISL path length over the arc between access and holder satellites.
    access_delay : float
        Extra one-way delay [s].

    Returns
    -------
    numpy.ndarray
        Shape (T, S); inf where no satellite is above the mask.

    Notes
    -----
    With gamma the Earth-central angle between site and satellite, the slant range is
    rho^2 = R^2 + r^2 - 2 R r cos gamma and sin E = (r cos gamma - R) / rho; both are
    monotone in cos gamma, so the nearest satellite is the one with the largest cos gamma and
    it is in view iff its elevation clears the mask (Wertz & Larson, SMAD 3rd ed., sec. 5.2).
    ISL path: r x arc(access, holder) x route factor.
    """
    min_elevation = float(check_elevation_mask(min_elevation))
    cosg = np.einsum("tnk,sk->tsn", sat_unit, site_unit, optimize=True)  # (T, S, N)
    best = np.argmax(cosg, axis=2)
    c = np.take_along_axis(cosg, best[..., None], axis=2)[..., 0].astype(float)
    r, big_r = float(orbit_radius), float(earth_radius)
    rho = np.sqrt(np.maximum(big_r**2 + r**2 - 2 * big_r * r * c, 0.0))
    sin_el = (r * c - big_r) / rho
    delay = rho / C_LIGHT + access_delay
    k = int(holder_every)
    if k > 1:
        holders = sat_unit[:, ::k, :]  # (T, H, 3)
        access = np.take_along_axis(sat_unit, best[..., None], axis=1)  # (T, S, 3)
        cos_h = np.einsum("tsk,thk->tsh", access, holders).max(axis=2)
        arc = np.arccos(np.clip(cos_h, -1.0, 1.0))
        delay = delay + r * arc * isl_route_factor / C_LIGHT
    return np.where(sin_el >= np.sin(min_elevation), delay, np.inf)


def latency_day(
    values: Mapping[str, ArrayLike] | None = None,
    satellites: int = 1000,
    hours: float = 24.0,
    step: float = 60.0,
    centres: pd.DataFrame | None = None,
    regions: pd.DataFrame | None = None,
    dtype: type = np.float32,
) -> LatencyResult:
    """Latency of every population centre to orbit and to the ground over ``hours``.

    Parameters
    ----------
    values : mapping, optional
        Registry values in SI (orbit.altitude, orbit.sun_synchronous / orbit.inclination,
        latency.*).
    satellites : int
        Satellites in the Walker-delta constellation (``latency.constellation_planes`` planes).
    hours : float
        Simulated span [h].
    step : float
        Time step [s].
    centres, regions : pandas.DataFrame, optional
        Population centres and terrestrial regions (defaults: the shipped lists).
    dtype : numpy dtype
        Precision of the geometry (float32 keeps slant ranges to ~10 m).

    Returns
    -------
    LatencyResult
    """
    if not (isinstance(satellites, int | np.integer) and satellites >= 1):
        raise ScenarioError("--satellites", satellites, "a whole number >= 1")
    if not (np.isfinite(hours) and hours > 0):
        raise ScenarioError("--hours", hours, "a positive number of hours")
    if not (np.isfinite(step) and step > 0):
        raise ScenarioError("--step", step, "a positive time step in seconds")
    centres = population_centres() if centres is None else centres
    regions = datacenter_regions() if regions is None else regions
    mask = float(check_elevation_mask(param_mask(values), "latency.user_min_elevation"))
    altitude = _scalar(values, "orbit.altitude")
    shell = walker_shell(
        altitude,
        orbit_inclination(values),
        int(satellites),
        int(_scalar(values, "latency.constellation_planes")),
    )
    lat = centres["lat"].to_numpy(dtype=float)
    lon = centres["lon"].to_numpy(dtype=float)
    site_unit = np.stack(
        [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1
    ).astype(dtype)
    t = np.arange(0.0, hours * HOUR, step)
    n_block = max(1, _BLOCK // (len(lat) * shell.n))
    out = np.empty((t.size, len(lat)), dtype=float)
    r = shell.semi_major_axis
    for i in range(0, t.size, n_block):
        sl = slice(i, min(t.size, i + n_block))
        unit = shell.ecef(t[sl], dtype=dtype) / dtype(r)
        out[sl] = orbit_one_way(
            unit,
            site_unit,
            r,
            mask,
            int(_scalar(values, "latency.model_holder_every")),
            _scalar(values, "latency.isl_route_factor"),
            _scalar(values, "latency.orbit_access_delay"),
        )
    ground, k = terrestrial_one_way(
        lat,
        lon,
        regions["lat"].to_numpy(dtype=float),
        regions["lon"].to_numpy(dtype=float),
        _scalar(values, "latency.route_factor"),
        _scalar(values, "latency.fiber_velocity_factor"),
        _scalar(values, "latency.ground_access_delay"),
    )
    return LatencyResult(t, out, ground, centres, list(regions["name"].to_numpy()[k]))


def param_mask(values: Mapping[str, ArrayLike] | None) -> float:
    """The user elevation mask [rad] (validated by the caller)."""
    return _scalar(values, "latency.user_min_elevation")


def plot_cdf(result: LatencyResult, path: str, title: str = "") -> None:
    """Write a population-weighted CDF of round-trip times (orbit vs ground) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    t = result.orbit_one_way.shape[0]
    for label, x, w in (
        (
            "orbit (nearest satellite in view)",
            2 * result.orbit_one_way.ravel(),
            np.broadcast_to(result.weights / t, result.orbit_one_way.shape).ravel(),
        ),
        ("ground (nearest cloud region)", 2 * result.ground_one_way, result.weights),
    ):
        order = np.argsort(x)
        xs, cdf = x[order], np.cumsum(w[order])
        finite = np.isfinite(xs)
        ax.step(1e3 * xs[finite], cdf[finite], where="post", label=label)
    ax.set_xlabel("round-trip time [ms]")
    ax.set_ylabel("share of population x time [-]")
    ax.set_xlim(left=0)
    ax.set_ylim(0, 1)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title(title or "Latency from the largest urban agglomerations")
    fig.tight_layout()
    fig.savefig(path, dpi=120, format="png")
    plt.close(fig)

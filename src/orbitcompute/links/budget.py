"""Link capacities, ground contacts and terminal mass/power for a scenario's parameters.

Functions here take ``values``: a mapping of registry names to SI values or arrays (a
scenario's ``.values`` or ``.params()``); missing names take the registry defaults. They compose
the pure physics of :mod:`orbitcompute.physics.links` with the registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from orbitcompute.constants import DAY
from orbitcompute.errors import ScenarioError
from orbitcompute.links.capacity import LINK_BUDGET, station_capacity
from orbitcompute.links.capacity import orbit_inclination as inclination
from orbitcompute.links.orbits import Shell, elevation, geodetic_to_ecef, up_vector, walker_shell
from orbitcompute.links.sites import ground_stations
from orbitcompute.physics.links import optical_link_capacity
from orbitcompute.registry import registry


def param(values: Mapping[str, ArrayLike] | None, name: str) -> np.ndarray:
    """Value of registry parameter ``name`` in SI from ``values``, else its default.

    Parameters
    ----------
    values : mapping or None
        Registry names to SI values.
    name : str
        Registry name.

    Returns
    -------
    numpy.ndarray
        The value [SI].
    """
    if values is not None and name in values:
        return np.asarray(values[name], dtype=float)
    return np.asarray(registry()[name].default_si, dtype=float)


def _scalar(values: Mapping[str, ArrayLike] | None, name: str) -> float:
    return float(np.ravel(param(values, name))[0])


def isl_capacity(
    values: Mapping[str, ArrayLike] | None = None, distance: ArrayLike | None = None
) -> np.ndarray:
    """Optical inter-satellite link capacity each way [bit/s] at ``distance`` [m].

    ``distance`` defaults to ``links.isl_distance``.
    """
    d = param(values, "links.isl_distance") if distance is None else distance
    bad = np.asarray(d, dtype=float)
    bad = bad[~(np.isfinite(bad) & (bad > 0))]
    if bad.size:
        key = "links.isl_distance" if distance is None else "distance"
        raise ScenarioError(key, float(bad.ravel()[0]), "a positive finite distance in m")
    ap = param(values, "links.isl_aperture")
    return optical_link_capacity(
        d,
        tx_power=param(values, "links.isl_tx_power"),
        tx_aperture=ap,
        rx_aperture=ap,
        wavelength=param(values, "links.isl_wavelength"),
        sensitivity=param(values, "links.isl_sensitivity"),
        channel_rate=param(values, "links.isl_channel_rate"),
        channels=param(values, "links.isl_channels"),
        transceivers=param(values, "links.isl_transceivers"),
        optical_efficiency=param(values, "links.isl_optical_efficiency"),
        pointing_error=param(values, "links.isl_pointing_error"),
    )


def _params(values: Mapping[str, ArrayLike] | None, names) -> dict[str, np.ndarray]:
    return {n: param(values, n) for n in names}


def downlink_capacity(values: Mapping[str, ArrayLike] | None, slant: ArrayLike) -> np.ndarray:
    """Ground link capacity each way [bit/s] at slant range ``slant`` [m], clear sky.

    Optical (``links.downlink_kind`` = 1) or RF Ka/V band (0): the link budget of
    :func:`orbitcompute.links.capacity.station_capacity` (the one ``evaluate()`` uses). Optical
    links are capped at the modem rate ``links.optical_downlink_max_rate``; cloud blockage is
    applied by the caller.
    """
    p = _params(values, LINK_BUDGET)
    optical = _scalar(values, "links.downlink_kind") >= 0.5
    return station_capacity(p, np.asarray(slant, dtype=float)[..., None, None], optical)[..., 0, 0]


@dataclass(frozen=True)
class Fleet:
    """Counts that follow from the scenario: accelerators and satellites."""

    accelerators: float
    accelerators_per_satellite: float
    satellites: float


def fleet(values: Mapping[str, ArrayLike] | None = None) -> Fleet:
    """Accelerators in the cluster, per satellite, and satellites needed.

    Same convention as ``design.orbital``: satellites = ceil(cluster IT / satellite IT),
    accelerators = cluster IT / accelerator power (a mean, not rounded).
    """
    p_acc = _scalar(values, "compute.accelerator_power")
    it_total = _scalar(values, "cluster.it_power")
    n_sat = float(np.ceil(it_total / _scalar(values, "satellite.it_power")))
    n_acc = it_total / p_acc
    return Fleet(n_acc, n_acc / n_sat, n_sat)


def orbit_inclination(values: Mapping[str, ArrayLike] | None = None) -> float:
    """Inclination [rad]: sun-synchronous from the altitude, or ``orbit.inclination``."""
    names = ("orbit.sun_synchronous", "orbit.altitude", "orbit.inclination")
    return float(np.ravel(inclination(_params(values, names)))[0])


def reference_shell(values: Mapping[str, ArrayLike] | None = None, satellites: int = 1) -> Shell:
    """The cluster's orbit as a shell (one reference satellite for a compact cluster)."""
    return walker_shell(
        _scalar(values, "orbit.altitude"),
        orbit_inclination(values),
        satellites,
        min(satellites, int(_scalar(values, "latency.constellation_planes"))),
    )


def ground_contacts(
    values: Mapping[str, ArrayLike] | None = None,
    duration: float = 7 * DAY,
    step: float = 60.0,
    stations: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Contact statistics of the (compact) cluster with each ground station over ``duration``.

    The default span and step are those of the contact grid behind ``evaluate()``
    (:data:`orbitcompute.links.capacity.NODE_DURATION`, ``NODE_STEP``): a week smooths the
    pass-to-pass variation of a single day.

    Returns
    -------
    pandas.DataFrame
        Per station: ``in_view_fraction`` [-], ``contact_time`` [s per day],
        ``passes`` (per day), ``mean_capacity`` [bit/s, clear sky, while in view],
        ``availability`` [-] (cloud-free
        fraction for optical, 1 for RF) and ``daily_volume`` [bit per day per terminal, each
        way].

    Notes
    -----
    The cluster flies as one point (Suncatcher-style 1 km clusters), so every satellite sees a
    station at the same time; per-station volume = in-view fraction x mean capacity x
    availability x 1 day.
    """
    optical = _scalar(values, "links.downlink_kind") >= 0.5
    st = ground_stations("optical" if optical else None) if stations is None else stations
    shell = reference_shell(values, 1)
    t = np.arange(0.0, duration, step)
    el, dist = elevation(
        shell.ecef(t), geodetic_to_ecef(st["lat"], st["lon"]), up_vector(st["lat"], st["lon"])
    )
    el, dist = el[..., 0], dist[..., 0]  # (T, S)
    view = el >= st["min_elevation"].to_numpy()[None, :]
    cap = np.where(view, downlink_capacity(values, np.where(view, dist, 1.0)), 0.0)
    frac = view.mean(axis=0)
    mean_cap = np.divide(
        cap.sum(axis=0), view.sum(axis=0), out=np.zeros(frac.shape), where=frac > 0
    )
    avail = st["cloud_free_fraction"].to_numpy() if optical else np.ones(len(st))
    out = pd.DataFrame(
        {
            "station": st["name"],
            "in_view_fraction": frac,
            "contact_time": frac * DAY,
            "mean_capacity": mean_cap,
            "availability": avail,
        }
    )
    out["daily_volume"] = out["in_view_fraction"] * out["mean_capacity"] * out["availability"] * DAY
    rises = np.diff(view.astype(np.int8), axis=0) == 1
    out["passes"] = (rises.sum(axis=0) + view[0]) * DAY / duration
    out.attrs["any_contact_fraction"] = float(view.any(axis=1).mean())
    return out


def ground_volume(
    values: Mapping[str, ArrayLike] | None = None, contacts=None, terminals: float = 1.0
) -> dict[str, float]:
    """Daily ground-link volume each way with ``terminals`` ground terminals per station.

    Returns
    -------
    dict
        ``cluster_daily_volume`` [bit/day], ``per_satellite_daily_volume`` [bit/day],
        ``mean_rate`` [bit/s] and ``any_contact_fraction`` [-]. Each ground terminal tracks its
        own satellite, so at most one per satellite counts.
    """
    c = ground_contacts(values) if contacts is None else contacts
    n_sat = fleet(values).satellites
    cluster = float(c["daily_volume"].sum() * min(terminals, n_sat))
    return {
        "cluster_daily_volume": cluster,
        "per_satellite_daily_volume": cluster / n_sat,
        "mean_rate": cluster / DAY,
        "any_contact_fraction": float(c.attrs.get("any_contact_fraction", np.nan)),
    }

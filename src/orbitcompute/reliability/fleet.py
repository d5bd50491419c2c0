"""Reliability of the two fleets from registry parameters: what ``evaluate()`` and
``orbitcompute capacity`` use.

Composes :mod:`failures`, :mod:`radiation`, :mod:`strategies` and :mod:`obsolescence`.
``p`` maps registry names to SI arrays (any broadcastable shapes), as in ``model.evaluate``.
Only physical quantities come out of here (fractions of slots working, units replaced, masses,
visits); :mod:`orbitcompute.economics` prices them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orbitcompute.constants import YEAR
from orbitcompute.reliability.failures import (
    LOG_NODES,
    capacity_fraction,
    discounted_means,
    exp_integral,
    ndtr,
    replaced_fraction,
    survival,
)
from orbitcompute.reliability.obsolescence import decay_rate, equivalent_factor
from orbitcompute.reliability.radiation import tid_dose_rate, upset_availability, upset_rate
from orbitcompute.reliability.strategies import (
    ground_capacity,
    job_availability,
    servicing_missions,
    servicing_period,
)

P = Mapping[str, NDArray]

#: Keys of :func:`orbit_reliability` that ``evaluate()`` reports as ``orbit.<key>``.
ORBIT_OUTPUTS = (
    "mean_surviving_fraction",
    "lifetime_surviving_fraction",
    "eol_surviving_fraction",
    "upset_availability",
    "time_lost_to_restarts",
    "failure_rate",
    "dose_rate",
    "upset_rate",
    "servicing_visits",
    "servicing_replaced_per_visit",
    "servicing_mass_per_visit",
)
#: Keys of :func:`ground_reliability` that ``evaluate()`` reports as ``ground.<key>``.
GROUND_OUTPUTS = (
    "mean_surviving_fraction",
    "time_lost_to_restarts",
    "failure_rate",
)


def discount_rate_continuous(p: P) -> NDArray:
    """Continuous discount rate ``ln(1 + r) / yr`` [1/s] from ``finance.discount_rate``."""
    return np.log1p(p["finance.discount_rate"]) / YEAR


def orbit_hazard(p: P) -> NDArray:
    """Weibull rate of random accelerator failures in orbit [1/s] (ground rate x multiplier)."""
    return p["reliability.gpu_failure_rate"] * p["reliability.orbit_failure_multiplier"]


def orbit_environment(p: P) -> dict[str, NDArray]:
    """Dose rate [Gy/s], upset rate [1/s] and the share of time not lost to restarts [-]
    (``upset_availability``: radiation upsets, silent-corruption recompute and, for jobs
    spanning ``reliability.job_size`` accelerators, every restart multiplied by the job size)."""
    args = (
        p["orbit.altitude"],
        p["shielding.areal_density"],
        p["orbit.sun_synchronous"],
        p["orbit.inclination"],
    )
    dose = tid_dose_rate(*args)
    upsets = upset_rate(
        *args,
        p["radiation.upset_rate"],
        p["radiation.upset_reference_areal_density"],
        dose_rate=dose,
    )
    single = upset_availability(
        upsets,
        p["radiation.upset_downtime"],
        p["radiation.sdc_fraction"],
        p["radiation.sdc_recompute_time"],
    )
    # time lost per unit time by one accelerator: upsets (1/A - 1) plus the restart after a
    # hard failure; a synchronous job of J accelerators loses J times as much
    lost = (1.0 / single - 1.0) + orbit_hazard(p) * p["radiation.upset_downtime"]
    avail = job_availability(p["reliability.job_size"], lost)
    return {"dose_rate": dose, "upset_rate": upsets, "upset_availability": avail}


def _orbit_cap(tau, rate, shape, dose_rate, d50, spread, spares, hot):
    s = survival(tau, rate, shape, dose_rate, d50, spread)
    return capacity_fraction(s, spares, hot)


def _orbit_nodes(x, rate, shape, dose_rate, d50, spread, spares, hot):
    """:func:`_orbit_cap` at ``tau = x * NODES``, with the node factors taken out of the
    power and the logarithm: ``(rate x u)^k = (rate x)^k e^(k ln u)`` and
    ``ln(D' x u / D50) = ln(D' x / D50) + ln u`` (same values, a third of the work)."""
    shape = np.asarray(shape, float)
    h = np.power(rate * x, shape)[..., None] * np.exp(shape[..., None] * LOG_NODES)
    sig = np.maximum(np.asarray(spread, float), 1e-12)
    with np.errstate(divide="ignore"):
        z0 = np.log(dose_rate * x / d50)
    s = np.exp(-h) * ndtr(-(z0[..., None] + LOG_NODES) / sig[..., None])
    spares = np.maximum(np.asarray(spares, float), 0.0)
    mult = np.where(np.asarray(hot) > 0.5, 1.0 + spares, np.exp(spares))
    return np.minimum(1.0, mult[..., None] * s)


def _orbit_args(p: P, env: Mapping[str, NDArray]) -> tuple:
    return (
        orbit_hazard(p),
        p["reliability.weibull_shape"],
        env["dose_rate"],
        p["radiation.tolerated_dose"],
        p["radiation.tolerated_dose_spread"],
        p["reliability.orbit_spares_fraction"],
        p["reliability.orbit_spares_hot"],
    )


def time_since_service(t: ArrayLike, interval: ArrayLike) -> NDArray:
    """Time since the satellite was launched or last serviced [s] (``interval`` 0 = never)."""
    t = np.asarray(t, float)
    per = servicing_period(interval)
    per_f = np.where(np.isfinite(per), per, 1.0)
    tau = np.where(np.isfinite(per), np.mod(t, per_f), t)
    # at an exact visit, show the state just before it (as at end of life and refresh)
    return np.where(np.isfinite(per) & (tau == 0) & (t > 0), per_f, tau)


def orbit_capacity(p: P, t: ArrayLike) -> dict[str, NDArray]:
    """Orbit capacity over time since launch, as fractions of the active slots.

    Returns ``surviving`` (slots filled), ``delivered`` (x upset availability) and
    ``equivalent`` (x today's-accelerator factor, age counted from chip purchase).
    """
    env = orbit_environment(p)
    t = np.asarray(t, float)
    tau = time_since_service(t, p["reliability.servicing_interval"])
    cap = _orbit_cap(tau, *_orbit_args(p, env))
    delivered = cap * env["upset_availability"]
    age = t + p["obsolescence.orbit_integration_lag"]
    eq = delivered * equivalent_factor(age, p["obsolescence.perf_per_watt_growth"])
    return {"surviving": cap, "delivered": delivered, "equivalent": eq}


def _servicing_quantities(p: P, args: tuple, per: NDArray, n_satellites) -> dict[str, NDArray]:
    """Accelerators replaced [-] and mass flown [kg] at each servicing visit (whole fleet)."""
    n_acc = p["cluster.it_power"] / p["compute.accelerator_power"]
    if n_satellites is None:
        n_satellites = np.ceil(p["cluster.it_power"] / p["satellite.it_power"])
    s_int = survival(np.where(np.isfinite(per), per, 0.0), *args[:5])
    replaced = n_acc * replaced_fraction(s_int, args[5], args[6])
    acc_mass = p["compute.specific_mass"] * p["compute.accelerator_power"]
    mass = replaced * acc_mass + n_satellites * p["reliability.servicing_overhead_mass"]
    return {"replaced": replaced, "mass": mass}


def orbit_reliability(p: P, n_satellites: ArrayLike | None = None) -> dict[str, NDArray]:
    """Reliability figures of the orbital fleet over one satellite life.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    n_satellites : array_like, optional
        Satellites in the fleet (for the servicing visits); default: from the cluster and
        satellite IT power.

    Returns
    -------
    dict
        ``capacity_factor`` [-]: discount-weighted mean fraction of active slots filled over
        the life (whole-satellite replacement at end of life repeats the cycle, so this is
        also the mean over any number of lives); ``delivered_factor`` [-]: the same times
        the upset availability; ``equivalent_factor`` [-]: also weighted by the obsolescence
        of the chips (today's-accelerator equivalent); ``eol_capacity`` [-]: slots filled just
        before end of life; ``lifetime_surviving_fraction`` [-]: the undiscounted mean of the
        slots filled over the life (physical GPU-hours, for footprints);
        ``launched_multiplier`` [-]: accelerators launched per active slot (1 + spares);
        ``servicing_visits`` [-] per satellite life; ``servicing_replaced_per_visit`` [-]
        accelerators and ``servicing_mass_per_visit`` [kg] flown at each visit (whole fleet);
        ``dose_rate`` [Gy/s], ``upset_rate`` [1/s], ``upset_availability`` [-],
        ``time_lost_to_restarts`` [-] (its complement), ``failure_rate`` [1/s] (Weibull rate).
        ``mean_surviving_fraction`` repeats ``capacity_factor`` under its output name.

    Notes
    -----
    Servicing restores the fleet as good as new (exact for constant hazard; optimistic for
    the dose accrued by surviving units). Spares are a fluid (large-fleet) approximation, see
    :func:`orbitcompute.reliability.failures.capacity_fraction`.
    """
    env = orbit_environment(p)
    args = _orbit_args(p, env)
    life = p["satellite.lifetime"]
    rho = discount_rate_continuous(p)
    per = servicing_period(p["reliability.servicing_interval"])
    gamma = decay_rate(p["obsolescence.perf_per_watt_growth"])
    # decays 0 and gamma: discounted raw and equivalent means; decay -rho cancels the
    # discounting, which gives the physical (undiscounted) integral from the same evaluations
    raw, eq, flat = discounted_means(
        lambda x: _orbit_nodes(x, *args), life, rho, per, (0.0, gamma, -rho)
    )
    eq = eq * np.exp(-gamma * p["obsolescence.orbit_integration_lag"])
    lifetime = flat * exp_integral(rho, life) / life
    # end of life: time since the last visit (no visit at end of life)
    n_vis = servicing_missions(life, p["reliability.servicing_interval"])
    tau_end = np.where(np.isfinite(per), life - n_vis * np.where(np.isfinite(per), per, 0.0), life)
    eol = _orbit_cap(tau_end, *args)
    # servicing: replace what failed during one interval (skipped when nobody services)
    if np.any(np.isfinite(per)):
        service = _servicing_quantities(p, args, per, n_satellites)
    else:
        service = {"replaced": 0.0 * raw, "mass": 0.0 * raw}
    return {
        "capacity_factor": raw,
        "mean_surviving_fraction": raw,
        "lifetime_surviving_fraction": lifetime,
        "delivered_factor": raw * env["upset_availability"],
        "equivalent_factor": eq * env["upset_availability"],
        "eol_capacity": eol,
        "eol_surviving_fraction": eol,
        "launched_multiplier": 1.0 + p["reliability.orbit_spares_fraction"] + 0.0 * raw,
        "servicing_visits": n_vis + 0.0 * raw,
        "servicing_replaced_per_visit": service["replaced"],
        "servicing_mass_per_visit": service["mass"],
        "failure_rate": orbit_hazard(p) + 0.0 * raw,
        "time_lost_to_restarts": 1.0 - env["upset_availability"],
        **env,
    }


def ground_reliability(p: P) -> dict[str, NDArray]:
    """Reliability figures of the ground cluster.

    Returns ``mean_surviving_fraction`` [-] (slots working with repair and on-site spares),
    ``time_lost_to_restarts`` [-] (share of time lost to job restarts after failures),
    ``capacity_factor`` [-] (the product: the share of the slots doing work),
    ``equivalent_factor`` [-] (also weighted by chip age, hardware refreshed every
    ``compute.hardware_life``), ``launched_multiplier`` [-] (1 + spares bought) and
    ``failure_rate`` [1/s].
    """
    working = ground_capacity(
        p["reliability.gpu_failure_rate"],
        p["reliability.ground_mttr"],
        p["reliability.ground_spares_fraction"],
    )
    # restarts after failures: negligible for independent work, job-wide for large jobs
    restarts = job_availability(
        p["reliability.job_size"], p["reliability.gpu_failure_rate"] * p["radiation.upset_downtime"]
    )
    cap = working * restarts
    rho = discount_rate_continuous(p)
    gamma = decay_rate(p["obsolescence.perf_per_watt_growth"])
    life = p["compute.hardware_life"]
    eq = exp_integral(rho + gamma, life) / exp_integral(rho, life)
    eq = eq * np.exp(-gamma * p["obsolescence.ground_install_lag"])  # chip age at service
    return {
        "capacity_factor": cap,
        "mean_surviving_fraction": working + 0.0 * cap,
        "time_lost_to_restarts": 1.0 - restarts + 0.0 * cap,
        "equivalent_factor": cap * eq,
        "launched_multiplier": 1.0 + p["reliability.ground_spares_fraction"] + 0.0 * cap,
        "failure_rate": p["reliability.gpu_failure_rate"] + 0.0 * cap,
    }


def ground_capacity_over_time(p: P, t: ArrayLike) -> dict[str, NDArray]:
    """Ground capacity over time: constant with repair, equivalent saw-tooth with refresh.

    At an exact refresh time the outgoing hardware is shown (as for the orbit's end of life).
    """
    t = np.asarray(t, float)
    cap = (
        ground_capacity(
            p["reliability.gpu_failure_rate"],
            p["reliability.ground_mttr"],
            p["reliability.ground_spares_fraction"],
        )
        + 0.0 * t
    )
    life = p["compute.hardware_life"]
    age = np.mod(t, life)
    age = np.where((age == 0) & (t > 0), life, age)  # at a refresh, show the outgoing state
    delivered = ground_reliability(p)["capacity_factor"] + 0.0 * t  # with job restarts
    eq = delivered * equivalent_factor(age, p["obsolescence.perf_per_watt_growth"])
    return {"surviving": cap, "delivered": delivered, "equivalent": eq}


__all__ = [
    "GROUND_OUTPUTS",
    "ORBIT_OUTPUTS",
    "discount_rate_continuous",
    "ground_capacity_over_time",
    "ground_reliability",
    "orbit_capacity",
    "orbit_environment",
    "orbit_hazard",
    "orbit_reliability",
    "time_since_service",
]

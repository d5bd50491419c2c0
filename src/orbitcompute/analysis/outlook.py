"""The outlook: cost and capacity year by year to 2050 -- when, if ever, orbit wins, and how much.

For each year ``y`` of the outlook, a fleet *built that year* on each side is costed by the one
model (:func:`orbitcompute.model.evaluate`) with every driver at its value in ``y``
(:mod:`orbitcompute.paths`: launch price on an experience curve, bus cost learning, array and
radiator trends, accelerator performance and price per watt, electricity, gas, nuclear and
solar prices, interconnection waits; every other input at the scenario's value). The paths'
parameters are uncertain (the scenario's distributions and the default ones of
``data/outlook.toml``); each sample is one set of paths, evaluated in every year, so the
samples give, year by year, percentiles of both costs and their ratio, P(orbit cheaper), and,
per sample, the first year orbit is cheaper: the parity-year distribution.

The same samples drive the capacity race (:mod:`orbitcompute.economics.buildout`): the IT
power orbit can add per year (launches and satellite production at the year's fleet mass per
watt) against what the ground can add (grid connections and on-site gas, less the transformer
shortage), and the year each reaches a demand path.

Vectorized over years x samples: one ``evaluate()`` call per chunk of samples (all years of
those samples at once), chunked for memory. Samples are keyed by their index
(:class:`orbitcompute.uncertainty.sampling.Sampler`, the Monte Carlo's sampler), so results do
not depend on the chunk size or the thread count. Each year's orbital design is optimized on
the central path (every uncertain input at its nominal value, the value ``compare`` uses) and
kept for every sample of that year (``design="as-given"`` keeps the scenario's); the central
path is evaluated separately and reported next to the percentiles.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from orbitcompute import __version__
from orbitcompute.analysis.headline import DESIGNS, headline, is_free, pins
from orbitcompute.analysis.optimize import optimize, to_params
from orbitcompute.constants import YEAR
from orbitcompute.economics.buildout import (
    first_reaching,
    ground_additions,
    online_fraction,
    orbit_additions,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.ground import OPTIONS
from orbitcompute.io import atomic_path
from orbitcompute.model import evaluate
from orbitcompute.paths import (
    CURVES,
    DEFAULT_ANCHOR_YEAR,
    PathSpec,
    check_years,
    driver_values,
    race_paths,
)
from orbitcompute.registry import outputs, registry
from orbitcompute.scenario import Scenario, load_scenario
from orbitcompute.uncertainty.distributions import Distribution, parse_correlations
from orbitcompute.uncertainty.sampling import Sampler

SCHEMA = "orbitcompute.outlook/1"
#: Default first and last year.
YEARS = (2026, 2050)
#: Years at which P(parity by year) is reported (those inside the outlook).
CHECKPOINTS = (2030, 2035, 2040, 2050)
#: Year of the capacity-race sentence (or the last year of a shorter outlook).
RACE_YEAR = 2035
DEFAULT_SAMPLES = 10_000
#: Largest sample count (year x sample data are kept for exact percentiles: about 0.7 kB per
#: sample for 25 years).
MAX_SAMPLES = 1_000_000
#: Samples per evaluate() call (times the number of years): bounds memory (about 70 MB).
DEFAULT_CHUNK = 2048
#: Percentiles reported per year.
PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
#: Model outputs kept per year and sample, by short name.
OUTPUTS: dict[str, str] = {
    "ratio": "ratio",
    "orbit_cost": "orbit.cost_per_gpu_hour",
    "ground_cost": "ground.cost_per_gpu_hour",
    "orbit_pflop": "orbit.cost_per_bf16_pflop_hour",
    "ground_pflop": "ground.cost_per_bf16_pflop_hour",
}
#: Central-path outputs reported per year (display units of the outputs table).
CENTRAL_OUTPUTS = (
    "orbit.cost_per_gpu_hour",
    "ground.cost_per_gpu_hour",
    "ratio",
    "orbit.cost_per_bf16_pflop_hour",
    "ground.cost_per_bf16_pflop_hour",
    "orbit.cost_per_fp8_pflop_hour",
    "ground.cost_per_fp8_pflop_hour",
    "orbit.cost.launch",
    "orbit.cost.satellites",
    "orbit.cost.it_hardware",
    "ground.cost.energy",
    "ground.cost.it_hardware",
    "orbit.total_mass",
    "orbit.n_launches",
    "orbit.time_to_power",
    "ground.time_to_power",
    "orbit.time_to_power_cost_per_gpu_hour",
    "ground.time_to_power_cost_per_gpu_hour",
    "ground.energy_source",
)
#: The SpaceX/xAI statement (Feb 2026): about 100 kW of compute per tonne launched, 1 Mt/yr.
CLAIM_KW_PER_TONNE = 100.0
CLAIM_UPMASS = 1e9  # kg per year (1 Mt/yr)
#: Published anchors (checked against in the tests and discussed in the README).
LAUNCH_PRICE_ANCHOR = 200.0  # USD/kg, Suncatcher: below it by the mid-2030s

Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------------------------
# Inputs


@functools.lru_cache(maxsize=1)
def default_uncertainty() -> dict[str, Distribution]:
    """The default distributions of the time-path parameters (``data/outlook.toml``).

    Read with the scenario grammar, so the same parser and range rules check them.
    """
    path = Path(str(resources.files("orbitcompute") / "data" / "outlook.toml"))
    return dict(load_scenario(path).distributions)


def anchor_year(sc: Scenario) -> int:
    """The scenario's year (its values are the drivers' values then) [calendar year]."""
    return int(sc.meta.year) if sc.meta.year is not None else DEFAULT_ANCHOR_YEAR


def _set_by_scenario(sc: Scenario) -> set[str]:
    """Names whose value the scenario chose (so the default distribution does not apply)."""
    given = set(sc.given) | set(sc.distributions)
    for name in sc.choices:  # a choice sets several parameters
        given.add(name)
    return given


def uncertain_inputs(sc: Scenario) -> tuple[list[Distribution], np.ndarray | None]:
    """The distributions an outlook samples, and their rank correlation target.

    The scenario's own distributions first (its ``[uncertainty]`` correlations apply among
    them), then the default distributions of every time-path parameter the scenario leaves
    open (:func:`default_uncertainty`), independent.
    """
    own = list(sc.distributions.values())
    given = _set_by_scenario(sc)
    extra = [d for name, d in default_uncertainty().items() if name not in given]
    corr = parse_correlations(sc.sections.get("uncertainty"), list(sc.distributions))
    dists = own + extra
    if corr is not None and extra:
        full = np.eye(len(dists))
        full[: len(own), : len(own)] = corr
        corr = full
    return dists, corr


def year_params(
    years: np.ndarray,
    anchor: float,
    values: Mapping[str, Any],
    spec: PathSpec | None = None,
    design: Mapping[str, np.ndarray] | None = None,
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The model's inputs for every (year, sample), flattened year-major.

    Parameters
    ----------
    years : numpy.ndarray
        Calendar years, shape ``(n_years,)``.
    anchor : float
        The scenario's year.
    values : mapping
        Registry names to SI values: scalars, or per-sample arrays of shape ``(n,)``.
    spec : PathSpec, optional
        The scenario's ``[paths]``.
    design : mapping, optional
        The orbital design of each year: registry name -> ``(n_years,)`` values [SI]
        (:func:`year_designs`), the same for every sample of a year.

    Returns
    -------
    params : dict
        Registry names to scalars (same in every year and sample) or arrays of shape
        ``(n_years * n,)``, row ``i * n + j`` being year ``i`` and sample ``j``.
    drivers : dict
        The drivers' values, shape ``(n_years, n)`` [SI].
    """
    drivers = driver_values(years, anchor, values, spec)
    shape = next(iter(drivers.values())).shape
    params: dict[str, Any] = {}
    for k, a in values.items():
        if k in drivers:
            continue
        if np.ndim(a) == 0:
            params[k] = np.float64(a)
        else:
            params[k] = np.broadcast_to(np.asarray(a, dtype=float), shape).reshape(-1)
    for k, a in drivers.items():
        params[k] = np.ascontiguousarray(a).reshape(-1)
    for k, a in (design or {}).items():
        params[k] = np.broadcast_to(np.asarray(a, dtype=float)[:, None], shape).reshape(-1)
    return params, drivers


def _evaluate(params: Mapping[str, Any]):
    with np.errstate(all="ignore"):  # infeasible designs are NaN by design
        return evaluate(params)


def race(
    years: np.ndarray,
    start: int,
    values: Mapping[str, Any],
    spec: PathSpec | None,
    mass_per_power: np.ndarray,
    orbit_time_to_power: np.ndarray,
) -> dict[str, np.ndarray]:
    """The capacity race for every (year, sample) [W of IT power].

    Parameters
    ----------
    years : numpy.ndarray
        Calendar years ``(n_years,)``.
    start : int
        Decision year (the first year of the outlook).
    values : mapping
        Registry names to SI values (scalars or ``(n,)`` arrays).
    spec : PathSpec or None
        The scenario's ``[paths]`` (a ``race.demand`` table).
    mass_per_power : numpy.ndarray
        ``(n_years, n)`` launched fleet mass per W of IT power of each year's design [kg/W].
    orbit_time_to_power : numpy.ndarray
        ``(n_years, n)`` orbit's time from decision to power [s].

    Returns
    -------
    dict
        ``(n_years, n)`` arrays: per-year additions (``orbit_added``, ``orbit_launch``,
        ``orbit_production``, ``ground_added``, ``ground_grid``, ``ground_gas``) [W per year],
        cumulative additions from the first year (``orbit``, ``ground``) and the demand added
        since the year before the first (``demand``) [W], and ``orbit_launch_bound`` [-].
    """
    paths = race_paths(years, values, spec)
    before = race_paths(np.array([start - 1.0]), values, spec)["demand"]
    pue = np.asarray(values["ground.pue"], dtype=float)
    share = np.asarray(values["outlook.race.compute_launch_share"], dtype=float)
    online = online_fraction(years.reshape(-1, 1), start, orbit_time_to_power / YEAR)
    o = orbit_additions(paths["upmass"], paths["production"], share, mass_per_power, online)
    g = ground_additions(paths["grid"], paths["onsite_gas"], paths["transformer_deficit"], pue)
    o_added = np.where(np.isfinite(o["added"]), o["added"], 0.0)
    return {
        "orbit_added": o_added,
        "orbit_launch": o["launch"],
        "orbit_production": o["production"],
        "orbit_launch_bound": o["launch_bound"],
        "ground_added": g["added"],
        "ground_grid": g["grid"],
        "ground_gas": g["onsite_gas"],
        "orbit": np.cumsum(o_added, axis=0),
        "ground": np.cumsum(g["added"], axis=0),
        "demand": (paths["demand"] - before) / pue,
        "upmass": paths["upmass"],
    }


# --------------------------------------------------------------------------------------------
# The orbital design of each year

#: Search of each year's re-optimization, warm-started from the anchor year's optimum and the
#: previous re-optimized year's: within about 2 % of the full search of ``optimize`` and about
#: half its time (measured on ``today``, 2030-2050: 15.18 vs 15.18, 10.59 vs 10.52, 7.95 vs
#: 7.78, 5.12 vs 5.12 USD/GPU-hour).
YEAR_SEARCH = {"seed": 0, "grid": 256, "generations": 2}
#: Years between re-optimizations by default (2026, 2031, ..., 2046 and 2050 for the default
#: years): each takes about half a second of CPU; ``1`` re-optimizes every year.
REOPTIMIZE_EVERY = 5
#: Re-optimized designs per (year's values, pins, search) within this process.
_DESIGN_CACHE: dict[tuple, dict[str, float]] = {}


def _design_params(design: Mapping[str, Any]) -> dict[str, float]:
    """Registry names (SI) a design dict of :mod:`.optimize` sets."""
    return {k: float(np.ravel(v)[0]) for k, v in to_params({}, design).items()}


def year_designs(
    sc: Scenario,
    years: np.ndarray,
    drivers: Mapping[str, np.ndarray],
    design: str = "optimized",
    every: int = 1,
) -> tuple[dict[str, np.ndarray] | None, str]:
    """The orbital design of each year, re-optimized on the central path.

    Parameters
    ----------
    sc : Scenario
        The scenario (its explicit design choices stay pinned, as in ``compare``).
    years : numpy.ndarray
        Calendar years.
    drivers : mapping
        The central path's drivers ``(n_years,)`` [SI] (:func:`central_drivers`).
    design : {"optimized", "as-given"}
        ``as-given`` (or a published, fixed design) keeps the scenario's design every year.
    every : int
        Re-optimize in the first year, every ``every`` years after it and in the last year;
        a year in between takes the cheaper (on its own central values) of the designs of the
        re-optimized years around it.

    Returns
    -------
    design : dict or None
        Registry name -> ``(n_years,)`` SI values of the design variables (None: as given).
    label : str
        How the design was chosen, in words.

    Notes
    -----
    A year whose central values equal the scenario's (the anchor year, or every year of flat
    paths) takes exactly the design ``compare`` headlines
    (:func:`orbitcompute.analysis.headline.headline`). Other years run
    :func:`orbitcompute.analysis.optimize.optimize` on their central values with
    :data:`YEAR_SEARCH`, warm-started from the anchor's optimum and the previous re-optimized
    year's, so a year's design is never dearer than those two on its central values. The
    samples of a year keep that year's design (their inputs vary, the design does not).
    """
    if design not in DESIGNS:
        raise ScenarioError("--design", design, " or ".join(DESIGNS))
    if isinstance(every, bool) or not isinstance(every, int | np.integer) or every < 1:
        raise ScenarioError("--reoptimize-every", every, "a whole number of years >= 1")
    if design == "as-given" or not is_free(sc):
        why = "as given (--design as-given)" if is_free(sc) else "as given (published design)"
        return None, f"orbital design {why}, the same every year"
    head = headline(sc)
    anchor_design = _design_params(head.optimum.design)
    fixed = pins(sc)
    n = len(years)
    chosen = [k for k in range(0, n, every)]
    if chosen[-1] != n - 1:
        chosen.append(n - 1)
    found: dict[int, dict[str, float]] = {}
    prev = head.optimum.design
    for i in chosen:
        values = {**sc.values, **{k: float(v[i]) for k, v in drivers.items()}}
        if values == sc.values:
            found[i] = anchor_design
            continue
        key = (tuple(sorted(values.items())), tuple(sorted(fixed.items())), *YEAR_SEARCH.items())
        if key not in _DESIGN_CACHE:
            if len(_DESIGN_CACHE) >= 256:
                _DESIGN_CACHE.pop(next(iter(_DESIGN_CACHE)))
            sc_y = dataclasses.replace(sc, values=values)
            extra = [head.optimum.design] + ([prev] if prev is not head.optimum.design else [])
            with np.errstate(all="ignore"):  # candidates that close no design are NaN
                opt = optimize(sc_y, fixed, extra=extra, **YEAR_SEARCH)
            _DESIGN_CACHE[key] = {"_design": opt.design, **_design_params(opt.design)}
        found[i] = {k: v for k, v in _DESIGN_CACHE[key].items() if k != "_design"}
        prev = _DESIGN_CACHE[key]["_design"]
    names = list(anchor_design)
    per_year = {k: np.empty(n) for k in names}
    for i in range(n):
        if i in found:
            best = found[i]
        else:  # the cheaper of the designs re-optimized around this year
            lo = max(k for k in chosen if k < i)
            hi = min(k for k in chosen if k > i)
            cands = [found[lo], found[hi]]
            values = {**sc.values, **{k: float(v[i]) for k, v in drivers.items()}}
            params = {k: np.array([float(np.ravel(v)[0])] * 2) for k, v in values.items()}
            params.update({k: np.array([c[k] for c in cands]) for k in names})
            cost = np.asarray(_evaluate(params)["orbit.cost_per_gpu_hour"], dtype=float)
            best = cands[int(np.nanargmin(np.where(np.isfinite(cost), cost, np.inf)))]
        for k in names:
            per_year[k][i] = best[k]
    dist = set(sc.distributions)  # a design variable the scenario makes uncertain stays so
    per_year = {k: v for k, v in per_year.items() if k not in dist}
    label = (
        "orbital design re-optimized for each year on the central path "
        + ("every year" if every == 1 else f"every {every} years (the cheaper neighbour between)")
        + f"; pinned by the scenario: {', '.join(sorted(fixed)) or 'none'}; each year's samples "
        "keep its design"
    )
    return per_year, label


# --------------------------------------------------------------------------------------------
# Result


@dataclass
class OutlookResult:
    """An outlook: central path, percentiles, parity years and the capacity race.

    Attributes
    ----------
    scenario, name : str
        Label and name of the scenario.
    anchor_year : int
        The scenario's year (where every path passes through the scenario's values).
    years : numpy.ndarray
        Calendar years.
    n, seed, chunk_size : int
        Samples, seed and chunk size (the result does not depend on the chunk size).
    uncertain : list of str
        Names of the sampled inputs.
    central : dict
        ``drivers`` (registry name -> values per year [SI]), ``outputs`` (output name ->
        values per year, unit of the outputs table), ``race`` (name -> values per year [W]).
    percentiles : dict
        Short output name (:data:`OUTPUTS`, ``orbit_gw``, ``ground_gw``) -> ``(n_pct,
        n_years)`` array (unit of the outputs table; race in W), percentiles :data:`PERCENTILES`.
    p_orbit_cheaper : numpy.ndarray
        Per year, the share of samples with orbit cheaper (an infeasible design never is).
    parity_cdf : numpy.ndarray
        Per year, the share of samples whose first year with orbit cheaper is at or before it.
    n_infeasible : numpy.ndarray
        Per year, samples whose orbital design cannot be built.
    race_year : int
        Year of the capacity-race summary.
    race_stats : dict
        P(each side reaches the demand of ``race_year`` by then) and the percentiles of the year
        each side reaches it.
    samples : dict or None
        Per (year, sample) float32 arrays of the kept outputs, when kept.
    parity_years : numpy.ndarray
        Per sample, the first year orbit is cheaper (``inf``: not in the outlook).
    elapsed : float
        Wall time [s].
    """

    scenario: str
    name: str
    anchor_year: int
    years: np.ndarray
    n: int
    seed: int
    chunk_size: int
    uncertain: list[str]
    central: dict[str, dict[str, np.ndarray]]
    percentiles: dict[str, np.ndarray]
    p_orbit_cheaper: np.ndarray
    parity_cdf: np.ndarray
    n_infeasible: np.ndarray
    race_year: int
    race_stats: dict[str, Any]
    samples: dict[str, np.ndarray] | None = None
    parity_years: np.ndarray | None = None
    elapsed: float = 0.0
    design: str = "as-given"
    design_label: str = ""
    ground_option: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    # ---------------------------------------------------------------- parity
    def p_parity_by(self, year: int) -> float | None:
        """P(orbit is cheaper in some year up to ``year``) (None outside the outlook)."""
        if year < self.years[0] or year > self.years[-1]:
            return None
        return float(self.parity_cdf[int(np.searchsorted(self.years, year))])

    @property
    def median_parity_year(self) -> int | None:
        """The year by which half of the samples reached parity (None: not in the outlook)."""
        hit = np.nonzero(self.parity_cdf >= 0.5)[0]
        return int(self.years[hit[0]]) if hit.size else None

    def parity_text(self) -> str:
        """One line: the median parity year and P(parity by the checkpoint years)."""
        median = self.median_parity_year
        last = int(self.years[-1])
        head = (
            f"median parity year {median}"
            if median is not None
            else f"median parity year: not by {last}"
        )
        probs = [f"{y} {p:.0%}" for y in CHECKPOINTS if (p := self.p_parity_by(y)) is not None]
        tail = f"; P(parity by {', '.join(probs)})" if probs else ""
        return (
            f"Parity (a fleet built that year is cheaper in orbit): {head}{tail} "
            f"({self.n:,} samples of the paths, seed {self.seed})."
        )

    # ---------------------------------------------------------------- capacity race
    def _central_race(self, key: str) -> np.ndarray:
        return self.central["race"][key]

    def race_sentence(self) -> str:
        """The capability answer in one plain sentence (central path)."""
        i = int(np.searchsorted(self.years, self.race_year))
        gw = 1e9
        demand = self._central_race("demand")[i] / gw
        ground = self._central_race("ground")[i] / gw
        orbit = self._central_race("orbit")[i] / gw
        g_year = float(first_reaching(self.years, self._central_race("ground"), demand * gw))
        o_year = float(first_reaching(self.years, self._central_race("orbit"), demand * gw))

        def when(y: float) -> str:
            last = int(self.years[-1])
            return f"reaches it in {int(y)}" if math.isfinite(y) else f"not reached by {last}"

        winner = (
            "both sides can deliver it"
            if math.isfinite(o_year) and math.isfinite(g_year) and o_year == g_year
            else "only the ground can deliver it in time"
            if ground >= demand > orbit
            else "only orbit can deliver it in time"
            if orbit >= demand > ground
            else "neither side can deliver it alone"
            if demand > max(orbit, ground)
            else "both sides can deliver it"
        )
        bound = "launch" if self._central_race("orbit_launch_bound")[i] >= 0.5 else "production"
        source = (
            "your demand path"
            if self.extra.get("demand_table")
            else "the LBNL 2024 US data-center trend"
        )
        return (
            f"By {self.race_year} US data-center demand adds {demand:,.0f} GW of IT power "
            f"({source}): the ground can add {ground:,.0f} GW (grid connections and on-site gas "
            f"less the transformer shortage; {when(g_year)}) and orbit "
            f"{orbit:,.1f} GW ({bound}-limited; {when(o_year)}), so "
            f"{winner}."
        )

    def race_details(self) -> dict[str, Any]:
        """Supporting figures of the race: orbit's kW per tonne vs the 100 kW/t claim, 1 Mt/yr,
        and the value of being first (time-to-power lines of ``compare``)."""
        i = int(np.searchsorted(self.years, self.race_year))
        o = self.central["outputs"]
        mass_per_power = o["orbit.total_mass"][i] / self.extra["it_power"]  # kg/W
        kw_per_t = 1e3 / mass_per_power / 1e3  # (W/kg) -> kW per tonne
        at_claim = CLAIM_UPMASS / mass_per_power / 1e9  # GW per year at 1 Mt/yr
        first = 0
        dt = (o["ground.time_to_power"][first] - o["orbit.time_to_power"][first]) / YEAR
        value = (
            o["ground.time_to_power_cost_per_gpu_hour"][first]
            - o["orbit.time_to_power_cost_per_gpu_hour"][first]
        )
        return {
            "year": self.race_year,
            "kw_per_tonne": kw_per_t,
            "claim_kw_per_tonne": CLAIM_KW_PER_TONNE,
            "gw_per_year_at_1_mt": at_claim,
            "claim_gw_per_year_at_1_mt": CLAIM_KW_PER_TONNE * (CLAIM_UPMASS / 1e3) / 1e6,
            "orbit_first_by_years": dt,
            "value_of_being_first_per_gpu_hour": value,
        }

    def race_detail_text(self) -> str:
        d = self.race_details()
        dt, value = d["orbit_first_by_years"], d["value_of_being_first_per_gpu_hour"]
        ground = f"the ground ({self.ground_option})"
        if abs(dt) < 0.05:
            first = f"orbit and {ground} get power equally soon, so being first is worth nothing"
        elif dt > 0:
            first = (
                f"orbit is powered {dt:.1f} years sooner than {ground}, worth {value:.2f} USD "
                "per GPU-hour (the time-to-power line of compare)"
            )
        else:
            first = (
                f"{ground} is powered {-dt:.1f} years sooner than orbit, worth {-value:.2f} USD "
                "per GPU-hour (the time-to-power line of compare)"
            )
        return (
            f"Orbit's {d['year']} design carries {d['kw_per_tonne']:.0f} kW of IT power per "
            f"tonne launched (claimed: about {d['claim_kw_per_tonne']:.0f}): 1 Mt/yr would add "
            f"{d['gw_per_year_at_1_mt']:.0f} GW/yr, not {d['claim_gw_per_year_at_1_mt']:.0f}; "
            f"{first}."
        )

    # ---------------------------------------------------------------- views
    def summary(self) -> dict[str, Any]:
        """The short answer the verdict, report and dashboard show (JSON-ready)."""
        return {
            "years": [int(self.years[0]), int(self.years[-1])],
            "samples": self.n,
            "design": self.design_label,
            "parity": {
                "median_year": self.median_parity_year,
                "by_year": {str(y): self.p_parity_by(y) for y in CHECKPOINTS},
                "text": self.parity_text(),
            },
            "capacity": {"sentence": self.race_sentence(), "details": self.race_detail_text()},
        }

    def to_dataset(self, kind: str = "percentiles"):  # -> xarray.Dataset
        """The outlook as an xarray Dataset.

        Parameters
        ----------
        kind : {"percentiles", "samples"}
            ``percentiles``: dims ``year`` x ``percentile`` for the outputs and race, plus
            per-year P(orbit cheaper), parity CDF and the central path. ``samples``: dims
            ``year`` x ``sample`` (float32; only when the samples were kept).

        Returns
        -------
        xarray.Dataset
            Variables in the unit of the outputs table (SI for the race, W), ``units`` attrs.
        """
        import xarray as xr

        out_units = {s: outputs()[name].unit for s, name in OUTPUTS.items()}
        out_units.update({"orbit_gw": "W", "ground_gw": "W"})
        years = self.years.astype(int)
        if kind == "samples":
            if self.samples is None:
                raise ScenarioError(
                    "kind", kind, "percentiles (samples were not kept: keep_samples=True)"
                )
            ds = xr.Dataset(
                {k: (("year", "sample"), v) for k, v in self.samples.items()},
                coords={"year": years, "sample": np.arange(self.n)},
            )
            for k in ds.data_vars:
                ds[k].attrs["units"] = out_units.get(k, "")
            ds.attrs.update(self._attrs())
            return ds
        if kind != "percentiles":
            raise ScenarioError("kind", kind, "percentiles or samples")
        data = {
            k: (("percentile", "year"), v, {"units": out_units[k]})
            for k, v in self.percentiles.items()
        }
        data["p_orbit_cheaper"] = (("year",), self.p_orbit_cheaper, {"units": "1"})
        data["p_parity_by"] = (("year",), self.parity_cdf, {"units": "1"})
        data["n_infeasible"] = (("year",), self.n_infeasible, {"units": "1"})
        for name, v in self.central["outputs"].items():
            data[f"central.{name}"] = (("year",), v, {"units": outputs()[name].unit})
        reg = registry()
        for name, v in self.central["drivers"].items():
            data[f"path.{name}"] = (("year",), v / reg[name].factor, {"units": reg[name].unit})
        for name, v in self.central["race"].items():
            data[f"race.{name}"] = (("year",), v, {"units": "W" if "bound" not in name else "1"})
        ds = xr.Dataset(data, coords={"year": years, "percentile": list(PERCENTILES)})
        ds.attrs.update(self._attrs())
        return ds

    def _attrs(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "anchor_year": self.anchor_year,
            "samples": self.n,
            "seed": self.seed,
            "design": self.design,
            "schema": SCHEMA,
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready document (schema ``orbitcompute.outlook/1``), display units."""
        reg = registry()
        outs = outputs()
        years = [int(y) for y in self.years]
        central = {
            name: {"unit": outs[name].display_unit, "values": _list(outs[name].display(v))}
            for name, v in self.central["outputs"].items()
        }
        drivers = {
            name: {"unit": reg[name].unit, "values": _list(v / reg[name].factor)}
            for name, v in self.central["drivers"].items()
        }
        pct = {}
        for short, v in self.percentiles.items():
            if short in OUTPUTS:
                o = outs[OUTPUTS[short]]
                unit, vals = o.display_unit, o.display(v)
            else:
                unit, vals = "GW", v / 1e9
            pct[short] = {
                "unit": unit,
                **{f"p{q}": _list(vals[i]) for i, q in enumerate(PERCENTILES)},
            }
        race_c = {
            k: _list(v / 1e9) if "bound" not in k else _list(v)
            for k, v in self.central["race"].items()
        }
        return {
            "schema": SCHEMA,
            "version": __version__,
            "scenario": {"name": self.name, "title": self.scenario, "year": self.anchor_year},
            "years": years,
            "samples": self.n,
            "seed": self.seed,
            "design": self.design,
            "design_label": self.design_label,
            "designs": {k: _list(v) for k, v in self.extra.get("designs", {}).items()},
            "ground_option": self.ground_option,
            "uncertain": self.uncertain,
            "paths": drivers,
            "central": central,
            "percentiles": pct,
            "p_orbit_cheaper": _list(self.p_orbit_cheaper),
            "n_infeasible": [int(x) for x in self.n_infeasible],
            "parity": {
                "cdf": _list(self.parity_cdf),
                "by_year": {str(y): self.p_parity_by(y) for y in CHECKPOINTS},
                "median_year": self.median_parity_year,
                "text": self.parity_text(),
            },
            "race": {
                "year": self.race_year,
                "unit": "GW",
                "central": race_c,
                "stats": self.race_stats,
                "sentence": self.race_sentence(),
                "details": self.race_details(),
                "details_text": self.race_detail_text(),
            },
            "anchors": self.anchors(),
        }

    def anchors(self) -> dict[str, Any]:
        """Where the outlook stands against published anchors (README, tests)."""
        price = self.central["drivers"]["launch.price_per_kg"]
        below = np.nonzero(price < LAUNCH_PRICE_ANCHOR)[0]
        return {
            "launch_below_200_usd_per_kg_year": int(self.years[below[0]]) if below.size else None,
            "launch_price_2035_usd_per_kg": _at(self.years, price, 2035),
            "median_parity_year": self.median_parity_year,
        }

    def to_frame(self):  # -> pandas.DataFrame
        """One row per year: central path, percentiles of the ratio, probabilities, race."""
        import pandas as pd

        d = self.to_dict()
        cols: dict[str, Any] = {"year": d["years"]}
        for name, v in d["paths"].items():
            cols[f"path.{name} [{v['unit']}]"] = v["values"]
        for name, v in d["central"].items():
            cols[f"{name} [{v['unit']}]"] = v["values"]
        for short, v in d["percentiles"].items():
            for q in PERCENTILES:
                cols[f"{short}.p{q} [{v['unit']}]"] = v[f"p{q}"]
        cols["p_orbit_cheaper"] = d["p_orbit_cheaper"]
        cols["p_parity_by_year"] = d["parity"]["cdf"]
        for k, v in d["race"]["central"].items():
            cols[f"race.{k}" + ("" if "bound" in k else " [GW]")] = v
        return pd.DataFrame(cols).set_index("year")


def _list(a: Any) -> list[float | None]:
    return [None if not np.isfinite(x) else float(x) for x in np.ravel(np.asarray(a, float))]


def _at(years: np.ndarray, values: np.ndarray, year: int) -> float | None:
    i = np.nonzero(years == year)[0]
    return float(values[i[0]]) if i.size else None


# --------------------------------------------------------------------------------------------
# Runner


def _percentiles(a: np.ndarray) -> np.ndarray:
    """:data:`PERCENTILES` of each row (year) of ``a``, ignoring NaN (infeasible designs)."""
    if np.isnan(a).any():
        with np.errstate(all="ignore"):
            return np.nanpercentile(a, PERCENTILES, axis=1).astype(float)
    return np.percentile(a, PERCENTILES, axis=1).astype(float)


def _check_n(n: Any, key: str, lo: int, hi: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not lo <= n <= hi:
        raise ScenarioError(key, n, f"a whole number from {lo:,} to {hi:,}")
    return int(n)


def _ground_option(res: Any) -> str:
    """The ground energy option of the first year's headline (the cheapest, or the chosen)."""
    idx = int(np.ravel(np.asarray(res["ground.energy_source"], float))[0])
    return OPTIONS[idx] if 0 <= idx < len(OPTIONS) else str(idx)


def central_drivers(sc: Scenario, years: np.ndarray) -> dict[str, np.ndarray]:
    """The drivers on the central path (every input at its nominal value) [SI, (n_years,)]."""
    values = {k: np.float64(v) for k, v in sc.values.items()}
    return {k: v[:, 0] for k, v in driver_values(years, anchor_year(sc), values, sc.paths).items()}


def central_path(
    sc: Scenario, years: np.ndarray, design: Mapping[str, np.ndarray] | None = None
) -> tuple[dict[str, np.ndarray], Any, dict[str, np.ndarray]]:
    """The deterministic path: every input at the value ``compare`` uses.

    Parameters
    ----------
    sc : Scenario
    years : numpy.ndarray
        Calendar years.
    design : mapping, optional
        Each year's orbital design (:func:`year_designs`).

    Returns
    -------
    tuple
        The drivers ``(n_years,)`` [SI], the model results (one row per year) and the race.
    """
    values = {k: np.float64(v) for k, v in sc.values.items()}
    params, drivers = year_params(years, anchor_year(sc), values, sc.paths, design)
    # one model call per year on one-element arrays, exactly as compare evaluates a scenario
    # (a vectorized call may differ in the last bit where numpy's SIMD loops differ)
    rows = []
    for i in range(len(years)):
        one = {
            k: np.array([v if np.ndim(v) == 0 else v[i]], dtype=float) for k, v in params.items()
        }
        rows.append(_evaluate(one))
    res = {k: np.concatenate([np.asarray(r[k], dtype=float).reshape(-1) for r in rows])
           for k in rows[0].keys()}  # fmt: skip
    mass_per_power = (res["orbit.total_mass"] / values["cluster.it_power"]).reshape(-1, 1)
    ttp = np.asarray(res["orbit.time_to_power"]).reshape(-1, 1)
    r = race(years, int(years[0]), values, sc.paths, mass_per_power, ttp)
    return (
        {k: v[:, 0] for k, v in drivers.items()},
        res,
        {k: v[:, 0] for k, v in r.items()},
    )


def run_outlook(
    scenario: Scenario,
    years: tuple[int, int] = YEARS,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    chunk_size: int = DEFAULT_CHUNK,
    *,
    keep_samples: bool = False,
    race_year: int = RACE_YEAR,
    design: str = "optimized",
    reoptimize_every: int = REOPTIMIZE_EVERY,
    progress: Progress | None = None,
) -> OutlookResult:
    """Cost and capacity year by year over uncertain time paths.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario; its year (``[meta] year``) anchors the paths.
    years : (int, int)
        First and last calendar year (inclusive).
    samples : int
        Samples of the uncertain paths (1 to :data:`MAX_SAMPLES`).
    seed : int
        Seed of the sample stream (same seed, same result, whatever ``chunk_size``).
    chunk_size : int
        Samples per ``evaluate()`` call (all years of them at once): bounds memory.
    keep_samples : bool
        Keep the (year, sample) arrays for :meth:`OutlookResult.to_dataset` ``("samples")``.
    race_year : int
        Year of the capacity-race sentence (the last year if the outlook ends earlier).
    design : {"optimized", "as-given"}
        Re-optimize the orbital design of each year (free designs; :func:`year_designs`) or
        keep the scenario's.
    reoptimize_every : int
        Years between re-optimizations (:func:`year_designs`).
    progress : callable, optional
        ``progress(done, samples)`` after each chunk.

    Returns
    -------
    OutlookResult
    """
    t0 = time.perf_counter()
    first, last = check_years(*years)
    samples = _check_n(samples, "--samples", 1, MAX_SAMPLES)
    chunk_size = _check_n(chunk_size, "--chunk-size", 1, MAX_SAMPLES)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ScenarioError("--seed", seed, "a non-negative whole number")
    sc = scenario
    yrs = np.arange(first, last + 1, dtype=float)
    n_y = yrs.size
    anchor = anchor_year(sc)
    dists, corr = uncertain_inputs(sc)

    t_design = time.perf_counter()
    designs, design_label = year_designs(
        sc, yrs, central_drivers(sc, yrs), design, reoptimize_every
    )
    t_design = time.perf_counter() - t_design
    drivers_c, res_c, race_c = central_path(sc, yrs, designs)
    it_power = float(sc.values["cluster.it_power"])
    central = {
        "drivers": drivers_c,
        "outputs": {k: np.asarray(res_c[k], dtype=float).reshape(-1) for k in CENTRAL_OUTPUTS},
        "race": race_c,
    }

    keep = {k: np.empty((n_y, samples), dtype=np.float32) for k in OUTPUTS}
    keep["orbit_gw"] = np.empty((n_y, samples), dtype=np.float32)
    keep["ground_gw"] = np.empty((n_y, samples), dtype=np.float32)
    cheaper = np.zeros(n_y, dtype=np.int64)
    infeasible = np.zeros(n_y, dtype=np.int64)
    parity_year = np.empty(samples)
    race_i = int(np.searchsorted(yrs, min(max(race_year, first), last)))
    reach = {"orbit": np.empty(samples), "ground": np.empty(samples), "demand": np.empty(samples)}
    base = {k: np.float64(v) for k, v in sc.values.items()}
    sampler = Sampler(dists, samples, seed, corr)
    for start in range(0, samples, chunk_size):
        stop = min(start + chunk_size, samples)
        cols = sampler.columns(start, stop)[1]
        values = {**base, **cols}
        params, _ = year_params(yrs, anchor, values, sc.paths, designs)
        res = _evaluate(params)
        m = stop - start
        ratio = np.asarray(res["ratio"], dtype=float).reshape(n_y, m)
        for short, name in OUTPUTS.items():
            keep[short][:, start:stop] = np.asarray(res[name]).reshape(n_y, m)
        is_cheaper = ratio < 1.0
        cheaper += is_cheaper.sum(axis=1)
        infeasible += (~np.isfinite(ratio)).sum(axis=1)
        first_idx = np.argmax(is_cheaper, axis=0)
        parity_year[start:stop] = np.where(is_cheaper.any(axis=0), yrs[first_idx], np.inf)
        mass_per_power = np.asarray(res["orbit.total_mass"]).reshape(n_y, m) / np.asarray(
            values["cluster.it_power"], dtype=float
        )
        ttp = np.asarray(res["orbit.time_to_power"]).reshape(n_y, m)
        r = race(yrs, first, values, sc.paths, mass_per_power, ttp)
        keep["orbit_gw"][:, start:stop] = r["orbit"]
        keep["ground_gw"][:, start:stop] = r["ground"]
        target = r["demand"][race_i]
        reach["demand"][start:stop] = target
        reach["orbit"][start:stop] = first_reaching(yrs, r["orbit"], target)
        reach["ground"][start:stop] = first_reaching(yrs, r["ground"], target)
        if progress is not None:
            progress(stop, samples)

    percentiles = {k: _percentiles(v) for k, v in keep.items()}
    parity_cdf = np.array([(parity_year <= y).mean() for y in yrs])
    ry = int(yrs[race_i])
    race_stats = {
        "year": ry,
        "p_orbit_meets_demand": float((reach["orbit"] <= ry).mean()),
        "p_ground_meets_demand": float((reach["ground"] <= ry).mean()),
        "p_orbit_first": float((reach["orbit"] < reach["ground"]).mean()),
        "demand_gw": {
            f"p{q}": float(v) / 1e9
            for q, v in zip(PERCENTILES, np.percentile(reach["demand"], PERCENTILES), strict=True)
        },
    }
    return OutlookResult(
        scenario=sc.label,
        name=sc.meta.name,
        anchor_year=anchor,
        years=yrs,
        n=samples,
        seed=int(seed),
        chunk_size=chunk_size,
        uncertain=[d.name for d in dists],
        central=central,
        percentiles=percentiles,
        p_orbit_cheaper=cheaper / samples,
        parity_cdf=parity_cdf,
        n_infeasible=infeasible,
        race_year=ry,
        race_stats=race_stats,
        samples=keep if keep_samples else None,
        parity_years=parity_year,
        elapsed=time.perf_counter() - t0,
        design="as-given" if designs is None else "optimized",
        design_label=design_label,
        ground_option=_ground_option(res_c),
        extra={
            "it_power": it_power,
            "demand_table": "race.demand" in sc.paths.tables,
            "design_seconds": t_design,
            "designs": {k: v.copy() for k, v in (designs or {}).items()},
        },
    )


# --------------------------------------------------------------------------------------------
# The short answer for verdict, report and dashboard


#: Samples of the outlook behind ``verdict`` (P within about +-3 % at 95 %) and its cache.
SUMMARY_SAMPLES = 1000
#: Years between the design re-optimizations behind ``verdict`` (2026, 2038 and 2050 for the
#: default years; the years between take the cheaper neighbouring design).
SUMMARY_REOPTIMIZE_EVERY = 12
_SUMMARY_CACHE: dict[tuple, dict[str, Any]] = {}


def _key(sc: Scenario, *args: Any) -> tuple:
    dists = tuple(sorted((k, repr(d)) for k, d in sc.distributions.items()))
    tables = tuple(
        sorted((k, t.years.tobytes(), t.values.tobytes()) for k, t in sc.paths.tables.items())
    )
    return (
        tuple(sorted(sc.values.items())),
        dists,
        repr(sc.sections.get("uncertainty")),
        tables,
        tuple(sorted(sc.paths.flat)),
        sc.meta.year,
        *args,
    )


def outlook_summary(
    sc: Scenario,
    samples: int = SUMMARY_SAMPLES,
    seed: int = 0,
    years: tuple[int, int] = YEARS,
    reoptimize_every: int = SUMMARY_REOPTIMIZE_EVERY,
    design: str = "optimized",
) -> dict[str, Any]:
    """The parity-year line and the capacity sentence of a scenario (cached per process).

    For ``verdict``, the report and the dashboard: ``{"parity": {"median_year", "by_year",
    "text"}, "capacity": {"sentence", "details"}}`` from :func:`run_outlook` with a modest
    sample count.
    """
    key = _key(sc, samples, seed, years, reoptimize_every, design)
    if key not in _SUMMARY_CACHE:
        if len(_SUMMARY_CACHE) >= 16:
            _SUMMARY_CACHE.pop(next(iter(_SUMMARY_CACHE)))
        res = run_outlook(
            sc, years, samples, seed, reoptimize_every=reoptimize_every, design=design
        )
        _SUMMARY_CACHE[key] = res.summary()
    return _SUMMARY_CACHE[key]


# --------------------------------------------------------------------------------------------
# Plot


def plot_outlook(result: OutlookResult, path: str | Path) -> None:
    """PNG: ratio fan chart with the parity line, parity-year histogram, capacity race."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    plain = FuncFormatter(lambda v, _: f"{v:g}")  # 2, 5, 10, 0.5 rather than 2x10^0
    y = result.years
    pct = dict(zip(PERCENTILES, result.percentiles["ratio"], strict=True))
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(16, 4.8))
    ax1.fill_between(y, pct[5], pct[95], alpha=0.2, color="C0", label="5-95 %")
    ax1.fill_between(y, pct[25], pct[75], alpha=0.35, color="C0", label="25-75 %")
    ax1.plot(y, pct[50], color="C0", label="median")
    ax1.plot(y, result.central["outputs"]["ratio"], "k--", lw=1, label="central path")
    ax1.axhline(1.0, color="C3", lw=1.2, label="parity (ratio = 1)")
    ax1.set_yscale("log")
    ax1.yaxis.set_major_locator(LogLocator(base=10.0, subs=(1.0, 2.0, 5.0)))
    ax1.yaxis.set_major_formatter(plain)
    ax1.yaxis.set_minor_formatter(NullFormatter())
    ax1.set_xlabel("year a fleet is built [calendar year]")
    ax1.set_ylabel("orbit / ground cost per GPU-hour [1]")
    ax1.set_title("cost ratio by year")
    ax1.legend(fontsize=8)
    ax1.grid(True, which="both", alpha=0.3)

    density = np.diff(np.concatenate([[0.0], result.parity_cdf]))
    ax2.bar(y, density, color="C2", alpha=0.7, label="P(parity in year)")
    ax2b = ax2.twinx()
    ax2b.plot(y, result.parity_cdf, color="C1", label="P(parity by year)")
    ax2b.set_ylim(0, 1)
    ax2.set_xlabel("first year orbit is cheaper [calendar year]")
    ax2.set_ylabel("probability in year [1]")
    ax2b.set_ylabel("cumulative probability [1]")
    never = 1.0 - result.parity_cdf[-1]
    ax2.set_ylim(0, max(0.05, float(density.max()) * 1.15))
    if result.parity_cdf[-1] == 0:
        ax2.text(
            0.5,
            0.5,
            f"no sample reaches parity by {int(y[-1])}",
            transform=ax2.transAxes,
            ha="center",
            va="center",
        )
    ax2.set_title(f"parity year (not by {int(y[-1])}: {never:.0%})")
    ax2.grid(True, alpha=0.3)

    rc = result.central["race"]
    gw = 1e9
    ax3.plot(y, rc["demand"] / gw, "k-", label="demand (cumulative)")
    ax3.plot(y, rc["ground"] / gw, color="C1", label="ground (central)")
    ax3.plot(y, rc["orbit"] / gw, color="C0", label="orbit (central)")
    for key, color in (("ground_gw", "C1"), ("orbit_gw", "C0")):
        p = dict(zip(PERCENTILES, result.percentiles[key], strict=True))
        ax3.fill_between(y, p[5] / gw, p[95] / gw, color=color, alpha=0.15)
    ax3.set_yscale("symlog", linthresh=1.0)
    ax3.yaxis.set_major_formatter(plain)
    ax3.set_xlabel("year [calendar year]")
    ax3.set_ylabel("IT power added since the first year [GW]")
    ax3.set_title("capacity race (bands: 5-95 %)")
    ax3.legend(fontsize=8)
    ax3.grid(True, alpha=0.3)
    fig.suptitle(f"orbitcompute outlook: {result.scenario} ({result.n:,} samples)")
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)


def drivers_with_curves() -> list[str]:
    """Registry names that move year by year by default (:data:`orbitcompute.paths.CURVES`)."""
    return list(CURVES)


def selected_years(years: Sequence[float], every: int = 5) -> list[int]:
    """The years a table shows: the first, multiples of ``every``, and the last."""
    ys = [int(y) for y in years]
    keep = [y for y in ys if y == ys[0] or y == ys[-1] or y % every == 0]
    return keep


__all__ = [
    "CHECKPOINTS",
    "OUTPUTS",
    "PERCENTILES",
    "SCHEMA",
    "YEARS",
    "OutlookResult",
    "anchor_year",
    "central_drivers",
    "central_path",
    "default_uncertainty",
    "drivers_with_curves",
    "year_designs",
    "outlook_summary",
    "plot_outlook",
    "race",
    "run_outlook",
    "selected_years",
    "uncertain_inputs",
    "year_params",
]

"""The cheapest feasible orbital design for a scenario's technology and prices.

Decision variables (:func:`variables`): IT power per satellite and satellites per launch
(integer packing against payload mass and fairing volume), eclipse strategy (ride through,
throttle, safe mode) and throttle level, battery depth of discharge (capped by the cell's cycle
life for the orbit's eclipses), radiator temperature (up to the accelerators' coolant limit),
shield thickness (mass against dose and failures), altitude and orbit family (dawn-dusk
sun-synchronous at 06:00 or 18:00, another node local time, or an inclined orbit). Everything
else -- prices, technology, cluster size, lifetime -- is the scenario's.

Method; every step is one vectorized :func:`orbitcompute.model.evaluate` call over all
candidates:

1. a scrambled Sobol sample (:mod:`scipy.stats.qmc`) of the free variables;
2. launch filling: a candidate that flies ``k`` satellites per dedicated launch gets the
   largest IT power per satellite that still fits ``k`` to a launch (satellite mass and stowed
   volume are affine in IT power, so secant steps converge in a few calls; then the fleet is
   made of whole satellites);
3. :func:`scipy.optimize.differential_evolution` (vectorized, integer-aware, seeded) starts
   from the best Sobol candidates;
4. the best designs found are re-evaluated one by one exactly as ``compare`` evaluates a
   scenario, next to the as-given design; the cheapest feasible one is the optimum, so it is
   never dearer than the as-given design or than any candidate evaluated.

Orbit geometry (sunlit fraction, longest eclipse, eclipses per year) is computed exactly for
every distinct candidate orbit (:func:`orbitcompute.physics.battery.eclipse_seasons`, memoized)
and passed to the model, so candidates are ranked on the numbers a single evaluation gives.
Infeasible candidates (``orbit.infeasible`` > 0) never win, and a proposed satellite must fit
one launch whole, also on shared launches (in-orbit assembly is not modelled).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from orbitcompute.constants import DAY
from orbitcompute.design.orbital import INFEASIBLE
from orbitcompute.errors import ScenarioError
from orbitcompute.model import evaluate
from orbitcompute.physics import battery
from orbitcompute.physics.orbit import orbital_period
from orbitcompute.registry import outputs, registry
from orbitcompute.scenario import Scenario, check_value, parse_override
from orbitcompute.units import si_factor

COST = "orbit.cost_per_gpu_hour"
#: Second objective of the Pareto front unless ``--objective`` names another output.
DEFAULT_OBJECTIVE = "orbit.total_mass"
STRATEGIES = ("ride-through", "throttle", "safe-mode")
FAMILIES = ("dawn-dusk 06:00", "dawn-dusk 18:00", "sun-synchronous", "inclined")
#: Largest number of satellites per launch searched.
MAX_PER_LAUNCH = 512
#: IT power per satellite searched [W]: 5 kW to 10 MW (or the whole cluster).
IT_POWER_RANGE = (5e3, 10e6)
#: Altitudes searched [m] (below 300 km drag makes no propellant load close for years).
ALTITUDE_RANGE = (300e3, 2000e3)
#: Outputs compared between the as-given and the optimized design.
MOVED = (
    COST,
    "ratio",
    "orbit.levelized_gpu_hours_per_year",
    "orbit.annual_cost",
    "orbit.capex.total",
    "orbit.capex.launch",
    "orbit.capex.satellites",
    "orbit.capex.it_hardware",
    "orbit.capex.insurance",
    "orbit.opex_per_year",
    "orbit.compute_availability",
    "orbit.mean_surviving_fraction",
    "orbit.eol_surviving_fraction",
    "orbit.dose_rate",
    "orbit.n_satellites",
    "orbit.satellite_mass",
    "orbit.satellites_per_launch",
    "orbit.launch_fill_fraction",
    "orbit.n_launches",
    "orbit.total_mass",
    "orbit.mass.arrays",
    "orbit.mass.batteries",
    "orbit.mass.radiators",
    "orbit.mass.shielding",
    "orbit.mass.structure",
    "orbit.mass.propellant",
    "orbit.battery_energy",
    "orbit.array_area",
    "orbit.radiator_area",
)


@dataclass(frozen=True)
class Variable:
    """One decision variable: name (as ``--fix`` takes it), design key, kind, range (SI)."""

    name: str
    key: str
    kind: str  # "float", "int" or "choice"
    unit: str = "1"
    lo: float = 0.0
    hi: float = 1.0
    log: bool = False
    options: tuple[str, ...] = ()
    description: str = ""


@functools.lru_cache(maxsize=1)
def variables() -> dict[str, Variable]:
    """The decision variables by name, with their search ranges (SI)."""
    reg = registry()

    def r(name: str) -> tuple[float, float]:
        return reg[name].min_si, reg[name].max_si

    vs = [
        Variable("satellite.it_power", "it_power", "float", "kW", *IT_POWER_RANGE, True,
                 description="IT power per satellite (filled to the launch)"),
        Variable("launch.satellites_per_launch", "per_launch", "int", "1", 1, MAX_PER_LAUNCH,
                 True, description="satellites per dedicated launch (0: as many as fit)"),
        Variable("battery.eclipse_strategy", "strategy", "choice", options=STRATEGIES,
                 description="ride through on batteries, throttle, or shed to safe mode"),
        Variable("battery.eclipse_load_fraction", "throttle", "float", "1", 0.0, 1.0,
                 description="share of the load carried through eclipse when throttling"),
        Variable("battery.depth_of_discharge", "dod", "float", "1",
                 *r("battery.depth_of_discharge"),
                 description="depth of discharge sized for (capped by the cycle life)"),
        Variable("thermal.radiator_temperature", "t_rad", "float", "K",
                 *r("thermal.radiator_temperature"),
                 description="radiator temperature (at most what the coolant limit allows)"),
        Variable("shielding.areal_density", "shield", "float", "kg/m^2",
                 *r("shielding.areal_density"),
                 description="shield around the IT hardware (2.7 kg/m^2 = 1 mm Al)"),
        Variable("orbit.altitude", "altitude", "float", "km", *ALTITUDE_RANGE,
                 description="altitude of the circular orbit"),
        Variable("orbit.family", "family", "choice", options=FAMILIES,
                 description="dawn-dusk sun-synchronous, another node time, or inclined"),
        Variable("orbit.ltan", "ltan", "float", "h", 0.0, DAY,
                 description="local time of the ascending node (family sun-synchronous)"),
        Variable("orbit.inclination", "inclination", "float", "deg", 0.0, np.pi,
                 description="inclination (family inclined)"),
    ]  # fmt: skip
    return {v.name: v for v in vs}


def _by_key() -> dict[str, Variable]:
    return {v.key: v for v in variables().values()}


KEYS = (
    "it_power", "per_launch", "strategy", "throttle", "dod", "t_rad", "shield", "altitude",
    "family", "ltan", "inclination",
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Designs: dicts of decision values (arrays over candidates)


def as_given(values: Mapping[str, float]) -> dict[str, float]:
    """Decision values of a scenario's own design (SI; choices as option indices)."""
    f = values["battery.eclipse_load_fraction"]
    strategy = 2 if values["battery.safe_mode"] >= 0.5 else (0 if f >= 1.0 else 1)
    lt = values["orbit.ltan"]
    if values["orbit.sun_synchronous"] >= 0.5:
        family = 0 if lt == 6 * 3600.0 else 1 if lt == 18 * 3600.0 else 2
    else:
        family = 3
    return {
        "it_power": values["satellite.it_power"],
        "per_launch": values["launch.satellites_per_launch"],
        "strategy": float(strategy),
        "throttle": f,
        "dod": values["battery.depth_of_discharge"],
        "t_rad": values["thermal.radiator_temperature"],
        "shield": values["shielding.areal_density"],
        "altitude": values["orbit.altitude"],
        "family": float(family),
        "ltan": lt,
        "inclination": values["orbit.inclination"],
    }


def as_given_fixes(values: Mapping[str, float]) -> dict[str, Any]:
    """``--fix`` values (registry units, option names) that pin every decision variable at the
    scenario's own design: optimizing with them reproduces the as-given result exactly."""
    d = as_given(values)
    return {v.name: display(v, d[v.key]) for v in variables().values()}


def to_params(base: Mapping[str, float], d: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Registry parameters (SI arrays) of the designs ``d`` on top of the scenario ``base``."""
    p = {k: np.asarray(v, dtype=float) for k, v in base.items()}
    strategy = np.asarray(d["strategy"], dtype=float)
    family = np.asarray(d["family"], dtype=float)
    p["satellite.it_power"] = np.asarray(d["it_power"], dtype=float)
    p["launch.satellites_per_launch"] = np.asarray(d["per_launch"], dtype=float)
    p["battery.safe_mode"] = (strategy == 2).astype(float)
    p["battery.eclipse_load_fraction"] = np.where(strategy == 0, 1.0, d["throttle"])
    p["battery.depth_of_discharge"] = np.asarray(d["dod"], dtype=float)
    p["thermal.radiator_temperature"] = np.asarray(d["t_rad"], dtype=float)
    p["shielding.areal_density"] = np.asarray(d["shield"], dtype=float)
    p["orbit.altitude"] = np.asarray(d["altitude"], dtype=float)
    p["orbit.sun_synchronous"] = (family <= 2).astype(float)
    p["orbit.ltan"] = np.select(
        [family == 0, family == 1], [6 * 3600.0, 18 * 3600.0], default=d["ltan"]
    )
    p["orbit.inclination"] = np.asarray(d["inclination"], dtype=float) + 0.0 * family
    return p


class _Evaluator:
    """Evaluates candidate designs with exact orbit geometry, counts the model evaluations and
    keeps every candidate seen (for the Pareto front)."""

    def __init__(self, base: Mapping[str, float], outputs: Sequence[str]) -> None:
        self.base = dict(base)
        self.outputs = list(dict.fromkeys(["orbit.infeasible", COST, *outputs]))
        self.calls = 0
        self.evaluations = 0
        self.seen: list[dict[str, np.ndarray]] = []

    def geometry(self, d: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """Exact sunlit fraction, longest eclipse [s] and eclipses per second of the orbits of
        designs ``d`` (each distinct orbit computed once)."""
        n = max(np.size(v) for v in d.values())
        p = to_params(self.base, d)
        cols = ("orbit.altitude", "orbit.sun_synchronous", "orbit.ltan", "orbit.inclination")
        args = [np.broadcast_to(p[k], (n,)) for k in cols]
        sunlit, longest, share = battery.eclipse_seasons(*args)
        return {
            "orbit.sunlit_fraction": sunlit,
            "orbit.longest_eclipse": longest,
            "orbit.eclipse_cycles_per_year": share / orbital_period(args[0]),
        }

    def __call__(
        self,
        d: Mapping[str, Any],
        geometry: Mapping[str, np.ndarray] | None = None,
        keep: bool = True,
    ) -> dict[str, np.ndarray]:
        n = max(np.size(v) for v in d.values())
        if geometry is None:
            geometry = self.geometry(d)
        res = evaluate(to_params(self.base, d), geometry=geometry)
        self.calls += 1
        self.evaluations += n
        names = {
            **{k: k for k in self.outputs},
            "_fits": "orbit.satellites_per_launch",
            "_it_sat": "orbit.it_power_per_satellite",
            "_m_sat": "orbit.satellite_mass",
            "_v_sat": "orbit.satellite_volume",
        }
        out = {k: np.array(np.broadcast_to(res[v], (n,))) for k, v in names.items()}
        if keep:
            self.seen.append(
                {**{k: np.array(np.broadcast_to(v, (n,))) for k, v in d.items()}, **out}
            )
        return out


def fill_launch(
    ev: _Evaluator,
    d: Mapping[str, Any],
    k: np.ndarray,
    lo: float,
    hi: float,
    geometry: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """IT power per satellite [W] with which ``k`` satellites just fit one launch.

    Satellite mass and stowed volume are affine in IT power (every subsystem but the fixed
    avionics and comms scales with it; propellant nearly so): two evaluations give the line,
    a secant step corrects it. The fleet is then made of whole satellites (IT power =
    cluster / n): n grows where the k-th satellite does not fit and shrinks by one where one
    fewer satellite still fits k to a launch. Four or five model calls in all.
    """
    base = ev.base
    cluster = base["cluster.it_power"]
    mass_cap = base["launch.payload_capacity"] * base["launch.packing_efficiency"]
    vol_cap = base["launch.fairing_volume"] * base["launch.volume_fill_fraction"]
    k = np.asarray(k, dtype=float)
    n_rows = k.size
    if geometry is None:
        geometry = ev.geometry(d)
    top = min(hi, cluster)

    def probe(*xs):
        """Evaluate the designs at several IT powers in one stacked call."""
        x = np.concatenate([np.broadcast_to(v, (n_rows,)) for v in xs])
        m = len(xs)
        dd = {key: np.tile(np.broadcast_to(v, (n_rows,)), m) for key, v in d.items()}
        gg = {key: np.tile(v, m) for key, v in geometry.items()}
        r = ev({**dd, "it_power": x, "per_launch": 0.0 * x}, gg, keep=False)
        return [
            tuple(
                r[key][i * n_rows : (i + 1) * n_rows]
                for key in ("_it_sat", "_m_sat", "_v_sat", "_fits")
            )
            for i in range(m)
        ]

    (xa, ma, va, _), (xb, mb, vb, _) = probe(
        np.full(n_rows, top), np.full(n_rows, max(top / 4, lo))
    )

    def solve(xa, ma, va, xb, mb, vb):
        with np.errstate(divide="ignore", invalid="ignore"):
            x_m = xa + (mass_cap / k - ma) * (xa - xb) / (ma - mb)
            x_v = xa + (vol_cap / k - va) * (xa - xb) / (va - vb)
        x = np.nan_to_num(np.minimum(x_m, x_v), nan=lo, posinf=top, neginf=lo)
        return np.clip(x, lo, top)

    x = solve(xa, ma, va, xb, mb, vb)
    ((xc, mc, vc, _),) = probe(x)
    far = np.abs(xa - xc) > np.abs(xb - xc)  # secant through the new and the nearer old point
    x = solve(np.where(far, xb, xa), np.where(far, mb, ma), np.where(far, vb, va), xc, mc, vc)
    n = np.ceil(cluster / np.maximum(x, 1.0) - 1e-9)
    n_max = np.ceil(cluster / lo)
    for _ in range(3):  # whole satellites: the fewest whose k-th still fits a launch
        bigger = np.maximum(n - 1, 1.0)
        (_, _, _, fits), (_, _, _, fits_bigger) = probe(cluster / n, cluster / bigger)
        n = np.where((n > 1) & (fits_bigger >= k), bigger, n)
        short = (fits < k) & (fits_bigger < k) & (n < n_max)
        if not short.any():
            break
        n = np.where(short, n + 1, n)
    return cluster / n


# --------------------------------------------------------------------------------------------
# Inputs: fixes and objective


def parse_fixes(fixes: Sequence[str] | Mapping[str, Any]) -> dict[str, float]:
    """``--fix name=value`` items -> {design key: SI value or option index}.

    Raises ScenarioError (one line: the key, the value, what was expected) on an unknown
    name, an unknown option or a value outside the registry range.
    """
    items = fixes.items() if isinstance(fixes, Mapping) else [parse_override(f) for f in fixes]
    var = variables()
    out: dict[str, float] = {}
    for name, value in items:
        where = f"--fix {name}"
        if name not in var:
            raise ScenarioError(where, value, "a decision variable: " + ", ".join(var))
        v = var[name]
        if v.kind == "choice":
            if isinstance(value, str) and value in v.options:
                out[v.key] = float(v.options.index(value))
            else:
                raise ScenarioError(where, value, "one of " + ", ".join(v.options))
            continue
        x = check_value(name, value, "--fix ")
        if name == "orbit.altitude" and not (ALTITUDE_RANGE[0] <= x <= ALTITUDE_RANGE[1]):
            raise ScenarioError(where, value, "an altitude within 300 km to 2000 km")
        out[v.key] = x
    # implied choices: a node time means sun-synchronous, an inclination an inclined orbit,
    # a throttle level the throttle strategy (1: ride through)
    if "ltan" in out and "family" not in out:
        lt = out["ltan"]
        out["family"] = 0.0 if lt == 6 * 3600.0 else 1.0 if lt == 18 * 3600.0 else 2.0
    if "inclination" in out and "family" not in out:
        out["family"] = 3.0
    if "throttle" in out and "strategy" not in out:
        out["strategy"] = 0.0 if out["throttle"] >= 1.0 else 1.0
    return out


@functools.lru_cache(maxsize=1)
def output_names() -> tuple[str, ...]:
    """Names of every output of :func:`orbitcompute.model.evaluate`."""
    return tuple(evaluate({}).keys())


def parse_objective(objective: str) -> tuple[str, float]:
    """``NAME`` (minimize) or ``max:NAME`` (maximize) -> (output name, sign)."""
    sign = 1.0
    name = objective
    if isinstance(name, str) and name.startswith("max:"):
        name, sign = name[4:], -1.0
    if name not in output_names() or name.startswith("ground.") or name == "orbit.infeasible":
        import difflib

        close = difflib.get_close_matches(str(name), output_names(), n=3, cutoff=0.6)
        hint = ("did you mean " + " or ".join(close) + "? ") if close else ""
        raise ScenarioError(
            "--objective", objective, f"an orbit output of the model ({hint}e.g. "
            "orbit.total_mass, orbit.n_launches, max:orbit.eol_surviving_fraction)",
        )  # fmt: skip
    return name, sign


# --------------------------------------------------------------------------------------------
# Result


@dataclass
class OptimizeResult:
    """The optimum of one scenario and how it compares with the as-given design."""

    scenario: str
    objective: str
    fixed: dict[str, float]
    design: dict[str, float]
    design_as_given: dict[str, float]
    params: dict[str, float]
    row: dict[str, float]
    row_as_given: dict[str, float]
    binding: list[str]
    moved: Any  # pandas.DataFrame
    waterfall: list[dict[str, Any]]
    pareto: Any  # pandas.DataFrame
    candidates: Any  # pandas.DataFrame: every feasible candidate's cost and objective
    evaluations: int
    calls: int
    seconds: float
    seed: int
    feasible_share: float
    notes: list[str] = field(default_factory=list)

    @property
    def cost(self) -> float:
        """Optimized orbit cost per delivered GPU-hour [USD/h]."""
        return self.row[COST]

    @property
    def cost_as_given(self) -> float:
        """As-given orbit cost per delivered GPU-hour [USD/h]."""
        return self.row_as_given[COST]

    def design_table(self) -> list[dict[str, Any]]:
        """One row per decision variable: as given and optimized (display units)."""
        rows = []
        flown = {
            "as_given": self.row_as_given["orbit.satellites_per_launch"],
            "optimized": self.row["orbit.satellites_per_launch"],
        }
        for v in variables().values():
            given = display(v, self.design_as_given[v.key], self.design_as_given)
            opt = display(v, self.design[v.key], self.design)
            if v.key == "per_launch":  # 0 = as many as fit: show how many fly
                given = int(flown["as_given"]) if given == 0 else given
                opt = int(flown["optimized"]) if opt == 0 else opt
            rows.append(
                {
                    "variable": v.name,
                    "unit": v.unit,
                    "as_given": given,
                    "optimized": opt,
                    "fixed": v.key in self.fixed,
                    "description": v.description,
                }
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "cost_per_gpu_hour": {"as_given": self.cost_as_given, "optimized": self.cost},
            "ratio": {"as_given": self.row_as_given["ratio"], "optimized": self.row["ratio"]},
            "design": self.design_table(),
            "binding": self.binding,
            "moved": self.moved.to_dict(orient="records"),
            "waterfall": self.waterfall,
            "pareto": {"objective": self.objective, "points": self.pareto.to_dict("records")},
            "params_si": self.params,
            "evaluations": self.evaluations,
            "model_calls": self.calls,
            "seconds": self.seconds,
            "seed": self.seed,
            "feasible_share": self.feasible_share,
            "notes": self.notes,
        }


def active(key: str, d: Mapping[str, float]) -> bool:
    """Whether a decision value matters for design ``d`` (the throttle level only when
    throttling, the node time only for the sun-synchronous family, the inclination only for
    the inclined one)."""
    if key == "throttle":
        return d["strategy"] == 1
    if key == "ltan":
        return d["family"] == 2
    if key == "inclination":
        return d["family"] == 3
    return True


def display(v: Variable, x: float, d: Mapping[str, float] | None = None) -> Any:
    """A decision value in its display unit (choices by name, integers as int; None when it
    does not apply to design ``d``)."""
    if d is not None and not active(v.key, d):
        return None
    if v.kind == "choice":
        return v.options[int(round(x))]
    if v.kind == "int":
        return int(round(x))
    if v.unit == "h":
        return x / 3600.0
    return x / si_factor(v.unit)[0]


# --------------------------------------------------------------------------------------------
# The search


@dataclass
class _Space:
    """The free variables as a box for Sobol and differential evolution.

    Floats live on [0, 1] (log-scaled where the variable is), choices on option indices,
    satellites per launch on whole numbers; ``decode`` maps rows to designs.
    """

    free: list[str]
    start: dict[str, float]
    ranges: dict[str, tuple[float, float]]

    def bounds(self) -> list[tuple[float, float]]:
        out = []
        for key in self.free:
            v = _by_key()[key]
            if v.kind == "choice":
                out.append((0.0, len(v.options) - 1.0))
            elif v.kind == "int":
                out.append(self.ranges[key])
            else:
                out.append((0.0, 1.0))
        return out

    def integrality(self) -> np.ndarray:
        return np.array([_by_key()[k].kind in ("choice", "int") for k in self.free])

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Sobol points on the unit cube -> box coordinates."""
        x = np.array(u, dtype=float)
        for j, key in enumerate(self.free):
            v = _by_key()[key]
            if v.kind == "choice":
                x[:, j] = np.minimum(np.floor(u[:, j] * len(v.options)), len(v.options) - 1)
            elif v.kind == "int":
                lo, hi = self.ranges[key]
                x[:, j] = np.minimum(np.floor(np.exp(np.log(lo) + u[:, j] * np.log(hi / lo))), hi)
        return x

    def decode(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """Box coordinates (rows) -> designs (fixed and inactive keys broadcast)."""
        n = x.shape[0]
        d = {k: np.full(n, v) for k, v in self.start.items()}
        for j, key in enumerate(self.free):
            v = _by_key()[key]
            if v.kind in ("choice", "int"):
                d[key] = np.round(x[:, j])
                continue
            lo, hi = self.ranges[key]
            t = np.clip(x[:, j], 0.0, 1.0)
            d[key] = lo * (hi / lo) ** t if v.log else lo + t * (hi - lo)
        return d


def optimize(
    sc: Scenario,
    fixes: Sequence[str] | Mapping[str, Any] = (),
    *,
    seed: int = 0,
    grid: int = 2048,
    generations: int = 10,
    objective: str = DEFAULT_OBJECTIVE,
    extra: Sequence[Mapping[str, float]] = (),
) -> OptimizeResult:
    """Cheapest feasible orbital design of a scenario.

    Parameters
    ----------
    sc : Scenario
        The scenario: technology, prices and its own (as-given) design.
    fixes : sequence of ``name=value`` strings, or mapping
        Decision variables pinned to a value (registry units or an option name).
    seed : int
        Seed of the Sobol scrambling and of differential evolution.
    grid : int
        Sobol candidates of the first stage (a power of two is used, at least this many).
    generations : int
        Generations of differential evolution (0: the Sobol stage only).
    objective : str
        Output minimized as the second objective of the Pareto front (``max:NAME`` maximizes).
    extra : sequence of designs
        Designs (``OptimizeResult.design`` dicts) always among the finalists, e.g. the optimum
        of a neighbouring scenario (their fixed variables are overridden by ``fixes``).

    Returns
    -------
    OptimizeResult
    """
    t0 = time.perf_counter()
    values = dict(sc.values)
    obj_name, obj_sign = parse_objective(objective)
    fixed = parse_fixes(fixes)
    given = as_given(values)
    ev = _Evaluator(values, [obj_name, *MOVED])
    cluster = values["cluster.it_power"]
    dedicated = values["launch.dedicated"] >= 0.5
    t_max = values["thermal.max_coolant_temperature"] + values["thermal.radiator_coolant_offset"]
    if fixed.get("t_rad", -np.inf) > t_max + 1e-9:
        raise ScenarioError(
            "--fix thermal.radiator_temperature", f"{fixed['t_rad']:g} K",
            f"at most {t_max:g} K, what the accelerators' coolant limit allows "
            "(thermal.max_coolant_temperature + thermal.radiator_coolant_offset)",
        )  # fmt: skip
    # the satellite size: filled to k per dedicated launch, or searched directly
    it_free = "it_power" not in fixed
    fill = dedicated and it_free and fixed.get("per_launch", 1.0) >= 1.0
    start = {**given, **fixed}
    free = [k for k in KEYS if k not in fixed]
    if fill:
        free.remove("it_power")
    elif "per_launch" in free:
        free.remove("per_launch")
        start["per_launch"] = 0.0  # as many as fit: the satellite size decides
    reg = registry()
    t_lo = reg["thermal.radiator_temperature"].min_si
    ranges = {
        "it_power": (IT_POWER_RANGE[0], max(min(IT_POWER_RANGE[1], cluster), IT_POWER_RANGE[0])),
        "per_launch": (1.0, float(MAX_PER_LAUNCH)),
        "t_rad": (t_lo, max(min(reg["thermal.radiator_temperature"].max_si, t_max), t_lo)),
        # throttling below the lowest power cap switches the accelerators off (= safe mode)
        "throttle": (min(values["compute.min_power_fraction"], 1.0), 1.0),
        **{v.key: (v.lo, v.hi) for v in variables().values()
           if v.key not in ("it_power", "per_launch", "t_rad", "throttle")},
    }  # fmt: skip
    space = _Space(free, start, ranges)

    def complete(d: dict[str, np.ndarray], geometry) -> dict[str, np.ndarray]:
        if not fill:
            return d
        out = dict(d)
        out["it_power"] = fill_launch(ev, d, d["per_launch"], *IT_POWER_RANGE, geometry)
        out["per_launch"] = 0.0 * out["it_power"]  # as many as fit (at least k by the fill)
        return out

    def score(r: Mapping[str, np.ndarray]) -> np.ndarray:
        ok = (r["orbit.infeasible"] == 0) & np.isfinite(r[COST])
        if it_free:
            ok &= r["_fits"] >= 1  # a proposed satellite fits one launch whole
        return np.where(ok, r[COST], np.inf)

    best: list[tuple[float, dict[str, float]]] = []

    def run(x: np.ndarray) -> np.ndarray:
        d = space.decode(x)
        geometry = ev.geometry(d)
        d = complete(d, geometry)
        s = score(ev(d, geometry))
        for i in np.argsort(s)[:8]:
            if np.isfinite(s[i]):
                best.append((float(s[i]), {k: float(np.asarray(v)[i]) for k, v in d.items()}))
        return s

    notes: list[str] = []
    if free:
        x1 = space.from_unit(_sobol(len(free), grid, seed))
        s1 = run(x1)
        if generations > 0 and np.isfinite(s1).any():
            x2, s2 = _evolve(space, run, x1, s1, seed, generations)
            _polish(space, run, x2, s2)
    else:
        notes.append("every decision variable is fixed: the result is the pinned design")
    # the final choice: the best candidates re-evaluated one by one, as compare would
    pinned = {**given, **fixed}
    finalists: list[dict[str, float]] = [] if free else [pinned]
    finalists += [{**given, **dict(e), **fixed} for e in extra if free]
    keys_seen: set[tuple[float, ...]] = set()
    for _, d in sorted(best, key=lambda t: t[0]):
        key = tuple(round(d[k], 9) for k in KEYS)
        if key not in keys_seen:
            keys_seen.add(key)
            finalists.append(d)
        if len(finalists) >= 6 + len(extra):
            break
    row_given = evaluate(sc.params()).row()
    ev.calls += 1
    ev.evaluations += 1
    scored = []
    for d in finalists:
        p = to_params(values, {k: np.array([v]) for k, v in d.items()})
        r = evaluate(p).row()
        ev.calls += 1
        ev.evaluations += 1
        ok = r["orbit.infeasible"] == 0 and np.isfinite(r[COST])
        if it_free and free:
            ok = ok and r["orbit.satellites_per_launch"] >= 1
        scored.append((r[COST] if ok else np.inf, d, r, p))
    consistent = all(abs(given[k] - v) <= 1e-12 * max(1.0, abs(v)) for k, v in fixed.items())
    if free and consistent:
        ok = row_given["orbit.infeasible"] == 0 and np.isfinite(row_given[COST])
        scored.append((row_given[COST] if ok else np.inf, given, row_given, sc.params()))
    scored.sort(key=lambda t: t[0])
    if not scored or not np.isfinite(scored[0][0]):
        raise _nothing_feasible(ev, fixes)
    cost, d_opt, r_opt, p_opt = scored[0]
    if d_opt is given:
        notes.append("no candidate beat the as-given design")
    share = _feasible_share(ev, it_free)
    return OptimizeResult(
        scenario=sc.label,
        objective=objective,
        fixed=fixed,
        design=dict(d_opt),
        design_as_given=given,
        params={k: float(np.asarray(v).reshape(-1)[0]) for k, v in p_opt.items()},
        row=r_opt,
        row_as_given=row_given,
        binding=binding(r_opt, d_opt, free, ranges, values),
        moved=moved_lines(row_given, r_opt),
        waterfall=waterfall(ev, given, d_opt),
        pareto=pareto_front(ev, obj_name, obj_sign, it_free),
        candidates=_candidates(ev, obj_name, it_free),
        evaluations=ev.evaluations,
        calls=ev.calls,
        seconds=time.perf_counter() - t0,
        seed=seed,
        feasible_share=share,
        notes=notes,
    )


def _sobol(dim: int, n: int, seed: int) -> np.ndarray:
    from scipy.stats import qmc

    m = int(np.ceil(np.log2(max(n, 2))))
    return qmc.Sobol(d=dim, scramble=True, seed=seed).random_base2(m)


def _evolve(
    space: _Space,
    run: Callable[[np.ndarray], np.ndarray],
    x1: np.ndarray,
    s1: np.ndarray,
    seed: int,
    generations: int,
) -> None:
    """Differential evolution from the best Sobol candidates (vectorized: one model call,
    plus the launch filling, per generation)."""
    from scipy.optimize import differential_evolution

    dim = len(space.free)
    pop = int(np.clip(10 * dim, 32, 128))
    order = np.argsort(s1)
    init = x1[order[:pop]]
    bounds = space.bounds()
    init = np.clip(init, [b[0] for b in bounds], [b[1] for b in bounds])

    def f(xt: np.ndarray) -> np.ndarray:
        s = run(np.atleast_2d(xt.T))
        return np.where(np.isfinite(s), s, 1e12)

    res = differential_evolution(
        f,
        bounds,
        maxiter=generations,
        popsize=pop,
        init=init,
        tol=1e-7,
        mutation=(0.5, 1.0),
        recombination=0.7,
        polish=False,
        updating="deferred",
        vectorized=True,
        integrality=space.integrality(),
        rng=np.random.default_rng(seed),
    )
    return res.x, res.fun


def _polish(
    space: _Space,
    run: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    fx: float,
    rounds: int = 10,
) -> None:
    """Coordinate (compass) search from the evolution's best point, all moves of a round in
    one batch: each float moves +-h along its axis and to both bounds, satellites per launch
    by +-1, each choice to its other options; the best move is kept and h halves when none
    improves. Reaches bounds exactly, which differential evolution only approaches."""
    lo = np.array([b[0] for b in space.bounds()])
    hi = np.array([b[1] for b in space.bounds()])
    x = np.asarray(x, dtype=float)
    h = 0.125
    for _ in range(rounds):
        moves = []
        for j, key in enumerate(space.free):
            v = _by_key()[key]
            if v.kind == "choice":
                steps = [o for o in range(len(v.options)) if o != round(x[j])]
            elif v.kind == "int":
                steps = [x[j] - 1, x[j] + 1]
            else:
                steps = [x[j] - h, x[j] + h, lo[j], hi[j]]
            for value in steps:
                y = x.copy()
                y[j] = value
                moves.append(np.clip(y, lo, hi))
        if not moves:
            return
        batch = np.array(moves)
        s = run(batch)
        i = int(np.argmin(s))
        if s[i] < fx:
            x, fx = batch[i], float(s[i])
        else:
            h /= 2


# --------------------------------------------------------------------------------------------
# Reading the result


def _feasible_share(ev: _Evaluator, it_free: bool) -> float:
    ok = [
        (s["orbit.infeasible"] == 0) & np.isfinite(s[COST]) & ((s["_fits"] >= 1) | (not it_free))
        for s in ev.seen
    ]
    return float(np.mean(np.concatenate(ok))) if ok else 1.0


def _nothing_feasible(ev: _Evaluator, fixes: Any) -> ScenarioError:
    """One line: nothing can be built, and the constraint that fails first most often."""
    codes = np.concatenate([s["orbit.infeasible"] for s in ev.seen]) if ev.seen else np.array([])
    fits = np.concatenate([s["_fits"] for s in ev.seen]) if ev.seen else np.array([])
    reasons = np.where(codes > 0, codes, np.where(fits < 1, 99, 0))
    bad = reasons[reasons > 0]
    if bad.size:
        vals, counts = np.unique(bad, return_counts=True)
        code = int(vals[np.argmax(counts)])
        why = "a satellite does not fit one launch whole" if code == 99 else INFEASIBLE[code]
        share = counts.max() / max(reasons.size, 1)
        what = (
            "a design that can be built; every candidate fails, most often first on: "
            f"{why} ({share:.0%} of {reasons.size:,} candidates)"
        )
    else:
        what = "a design that can be built; the pinned design fails"
    key = "--fix" if fixes else "SCENARIO"
    shown = " ".join(fixes) if isinstance(fixes, Sequence) and not isinstance(fixes, str) else fixes
    return ScenarioError(key, shown or "(no --fix)", what)


def binding(
    r: Mapping[str, float],
    d: Mapping[str, float],
    free: Sequence[str],
    ranges: Mapping[str, tuple[float, float]],
    values: Mapping[str, float],
) -> list[str]:
    """Constraints and bounds that hold the optimum where it is, in words."""
    out = []
    cap = r["orbit.battery_max_depth_of_discharge"]
    if r["orbit.battery_cycle_depth"] < min(d["dod"], cap) * (1 - 1e-6):
        out.append(
            "battery sized by the safe-mode contingency (battery.contingency_autonomy of bus "
            "load), not by the eclipse: its depth of discharge does not matter"
        )
    elif r["orbit.battery_cycle_depth"] > 0:
        if d["dod"] >= cap * (1 - 1e-9):
            out.append(
                f"battery depth of discharge at the cell's cycle-life limit ({cap:.0%} for "
                f"{r['orbit.battery_cycles']:,.0f} cycles over the life)"
            )
        elif "dod" in free and d["dod"] >= ranges["dod"][1] * (1 - 1e-6):
            out.append(f"battery depth of discharge at its maximum ({ranges['dod'][1]:.0%})")
    t_max = r["orbit.radiator_max_temperature"]
    if d["t_rad"] >= t_max - 1e-3:
        out.append(f"radiator at the coolant limit ({t_max:.2f} K)")
    if values["launch.dedicated"] >= 0.5:
        limit = "payload mass" if r["orbit.launch_limit"] == 1 else "fairing volume"
        out.append(
            f"launch {limit}: {r['orbit.satellites_per_launch']:.0f} satellite(s) of "
            f"{r['orbit.satellite_mass'] / 1e3:.2f} t per launch, "
            f"{r['orbit.launch_fill_fraction']:.0%} of the paid capacity used"
        )
    by_key = _by_key()
    for key in free:
        v = by_key[key]
        if v.kind != "float" or key in ("dod", "t_rad", "it_power"):
            continue
        if key == "throttle" and d["strategy"] != 1:
            continue
        if key == "ltan" and d["family"] != 2 or key == "inclination" and d["family"] != 3:
            continue
        lo, hi = ranges[key]
        span = hi - lo
        for side, edge in (("lower", lo), ("upper", hi)):
            if abs(d[key] - edge) <= 1e-3 * span:
                out.append(f"{v.name} at its {side} bound ({display(v, edge):g} {v.unit})")
    return out


def moved_lines(before: Mapping[str, float], after: Mapping[str, float]):
    """Outputs that changed by more than 0.1 % between the as-given and optimized design."""
    import pandas as pd

    rows = []
    for name in MOVED:
        if name not in before or name not in after:
            continue
        a, b = before[name], after[name]
        if not (np.isfinite(a) and np.isfinite(b)):
            continue
        if abs(b - a) <= 1e-3 * max(abs(a), abs(b)):
            continue
        o = outputs().get(name)
        rows.append(
            {
                "output": name,
                "unit": o.display_unit if o else "",
                "as_given": float(o.display(a)) if o else a,
                "optimized": float(o.display(b)) if o else b,
                "change": (b - a) / abs(a) if a else np.nan,
                "description": o.description if o else "",
            }
        )
    return pd.DataFrame(rows)


#: Waterfall steps: decision keys switched from the as-given to the optimized value, in order.
WATERFALL = (
    ("eclipse strategy", ("strategy", "throttle")),
    ("battery depth of discharge", ("dod",)),
    ("radiator temperature", ("t_rad",)),
    ("shield thickness", ("shield",)),
    ("orbit (altitude and family)", ("altitude", "family", "ltan", "inclination")),
    ("satellite size and launch packing", ("it_power", "per_launch")),
)


def waterfall(ev: _Evaluator, given: Mapping[str, float], opt: Mapping[str, float]):
    """Orbit $/GPU-hour as the optimized decisions replace the as-given ones, one group at a
    time in the order of :data:`WATERFALL` (a telescoping chain: the steps sum exactly to
    optimized minus as-given; the satellite size comes last because the launch filling of the
    optimum only fits the optimized subsystems)."""
    chain = [dict(given)]
    labels = ["as given"]
    for label, keys in WATERFALL:
        nxt = {**chain[-1], **{k: opt[k] for k in keys}}
        if any(nxt[k] != chain[-1][k] for k in keys):
            chain.append(nxt)
            labels.append(label)
    d = {k: np.array([c[k] for c in chain]) for k in KEYS}
    r = ev(d, keep=False)
    cost, ratio = r[COST], r["ratio"]
    out = []
    for i, label in enumerate(labels):
        out.append(
            {
                "step": label,
                "orbit_cost_per_gpu_hour": float(cost[i]),
                "delta": float(cost[i] - cost[i - 1]) if i else 0.0,
                "ratio": float(ratio[i]),
                "feasible": bool(r["orbit.infeasible"][i] == 0),
            }
        )
    return out


def _candidates(ev: _Evaluator, obj: str, it_free: bool):
    import pandas as pd

    cols = {COST: [], obj: [], "orbit.total_mass": []}
    for s in ev.seen:
        ok = (s["orbit.infeasible"] == 0) & np.isfinite(s[COST])
        if it_free:
            ok &= s["_fits"] >= 1
        for c in cols:
            cols[c].append(s[c][ok])
    return pd.DataFrame({c: np.concatenate(v) if v else np.array([]) for c, v in cols.items()})


def pareto_front(ev: _Evaluator, obj: str, sign: float, it_free: bool):
    """Non-dominated feasible candidates: lower cost and lower (``sign`` x) objective."""
    import pandas as pd

    parts = []
    for s in ev.seen:
        ok = (s["orbit.infeasible"] == 0) & np.isfinite(s[COST]) & np.isfinite(s[obj])
        if it_free:
            ok &= s["_fits"] >= 1
        if ok.any():
            parts.append({k: v[ok] for k, v in s.items()})
    if not parts:
        return pd.DataFrame(columns=[COST, obj])
    allc = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.lexsort((sign * allc[obj], allc[COST]))
    front, best = [], np.inf
    for i in order:
        y = sign * allc[obj][i]
        if y < best:
            front.append(i)
            best = y
    front = np.array(front, dtype=int)
    by_key = _by_key()
    df = pd.DataFrame({COST: allc[COST][front], obj: allc[obj][front]})
    for key in ("it_power", "altitude", "shield", "strategy", "family"):
        df[by_key[key].name] = [display(by_key[key], x) for x in allc[key][front]]
    return df.drop_duplicates().reset_index(drop=True)


def plot_pareto(res: OptimizeResult, path: str) -> None:
    """PNG: every feasible candidate, the Pareto front, the optimum and the as-given design."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    obj, sign = parse_objective(res.objective)
    o = outputs()[obj]
    unit, desc = o.display_unit, o.label
    f = 1.0 / o.factor  # SI per display unit
    cu = outputs()[COST].display_unit
    fig, ax = plt.subplots(figsize=(7.5, 5))
    c = res.candidates
    if len(c):
        step = max(1, len(c) // 5000)
        ax.scatter(c[obj].to_numpy()[::step] / f, c[COST].to_numpy()[::step], s=4,
                   color="0.75", label="feasible candidates")  # fmt: skip
    pf = res.pareto
    if len(pf):
        ax.plot(pf[obj] / f, pf[COST], "-o", ms=3, color="tab:blue", label="Pareto front")
    ax.plot(res.row[obj] / f, res.cost, "*", ms=14, color="tab:red", label="optimum")
    if np.isfinite(res.cost_as_given):
        ax.plot(res.row_as_given[obj] / f, res.cost_as_given, "s", ms=8, color="k",
                label="as given")  # fmt: skip
    ax.set_xlabel(f"{obj} [{unit}]" + (" (maximized)" if sign < 0 else ""))
    ax.set_ylabel(f"orbit cost per delivered GPU-hour [{cu}]")
    ax.set_title(f"{res.scenario}: cost vs {desc}", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


__all__ = [
    "OptimizeResult",
    "Variable",
    "as_given",
    "as_given_fixes",
    "fill_launch",
    "optimize",
    "parse_fixes",
    "parse_objective",
    "plot_pareto",
    "to_params",
    "variables",
]

"""The main analyses for notebooks and scripts: one call each, pandas or xarray out.

Each function takes a scenario (a preset name, a TOML path or a loaded
:class:`~orbitcompute.scenario.Scenario`) and overrides like ``--set``, runs the same
analysis as the command of the same name, and returns a :class:`pandas.DataFrame` (or, for
:func:`simulate`, an :class:`xarray.Dataset`) in display units with labels and units as
columns; the figures a command prints beside its table (the headline sentence, P(orbit
cheaper), the breakeven value, the design label) are in the frame's ``attrs``::

    import orbitcompute as oc
    oc.compare("today", {"launch.price_per_kg": 500})          # orbit vs every ground option
    oc.montecarlo("uncertain-2030", n=100_000).attrs["probability"]
    oc.sensitivity("uncertain-2030", method="sobol", n=1024)
    oc.breakeven("today", param="satellite.lifetime")
    oc.simulate("today", days=30, planes=4)                     # xarray.Dataset
    oc.optimize("today")

Bad input raises :class:`~orbitcompute.errors.ScenarioError` (the CLI's one-line message).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from orbitcompute.analysis import headline as headline_mod
from orbitcompute.analysis import outlook as outlook_mod
from orbitcompute.analysis import parity as parity_mod
from orbitcompute.analysis.breakeven import frontier
from orbitcompute.analysis.compare import (
    ROWS,
    build_report,
    check_buildable,
    display,
    headline_text,
)
from orbitcompute.analysis.montecarlo import probability_text, run_montecarlo
from orbitcompute.analysis.optimize import optimize as run_optimize
from orbitcompute.analysis.sensitivity import run_sensitivity
from orbitcompute.economics.costs import cost_lines
from orbitcompute.errors import ScenarioError
from orbitcompute.ground import OPTIONS
from orbitcompute.model import evaluate, evaluate_ground_options
from orbitcompute.registry import outputs, registry
from orbitcompute.scenario import Scenario, load_scenario
from orbitcompute.sim.engine import parse_start
from orbitcompute.sim.engine import simulate as run_simulation
from orbitcompute.sim.layout import layout_report, priced_layout
from orbitcompute.sim.static import static_inputs

__all__ = [
    "breakeven",
    "compare",
    "montecarlo",
    "optimize",
    "outlook",
    "parity",
    "sensitivity",
    "simulate",
]

ScenarioLike = str | os.PathLike[str] | Scenario | None
Overrides = Mapping[str, Any] | Sequence[str] | None


def load(scenario: ScenarioLike = None, overrides: Overrides = None) -> Scenario:
    """A loaded scenario from a preset name, a TOML path or a Scenario, plus overrides.

    Parameters
    ----------
    scenario : str, path or Scenario, optional
        Preset name (default ``today``) or scenario file; a loaded Scenario is used as is.
    overrides : mapping or sequence of str, optional
        ``{"launch.price_per_kg": 500, "orbit.altitude": "550 km"}`` or
        ``["launch.price_per_kg=500"]`` (the ``--set`` grammar, distributions included).
    """
    sets = _sets(overrides)
    if isinstance(scenario, Scenario):
        if sets:
            raise ScenarioError("overrides", sets, "no overrides with a loaded Scenario")
        return scenario
    return load_scenario(None if scenario is None else os.fspath(scenario), sets)


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return value if value.lstrip().startswith("{") else f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def compare(
    scenario: ScenarioLike = None,
    overrides: Overrides = None,
    *,
    ground: str | None = None,
    design: str = "optimized",
    from_sim: bool = False,
) -> pd.DataFrame:
    """Orbit vs every ground energy option: ``orbitcompute compare`` as a DataFrame.

    Parameters
    ----------
    scenario, overrides
        See :func:`load`.
    ground : str, optional
        Headline ground option (grid, gas, nuclear, solar_storage); default the scenario's.
    design : {"optimized", "as-given"}
        Orbital design of the headline (see :mod:`orbitcompute.analysis.headline`).
    from_sim : bool
        Eclipse figures from a one-year time-stepped simulation instead of the static model.

    Returns
    -------
    pandas.DataFrame
        One row per quantity (the rows of ``compare``, then the cost per GPU-hour line by
        line as ``cost.<line>``), columns ``label``, ``orbit``, one per ground option and
        ``unit``, in display units. ``attrs``: ``headline`` (the sentence), ``selected``
        (headline ground option), ``design``, ``scenario`` and ``document`` (the JSON
        document of ``compare --format json``).
    """
    sets = _sets(overrides)
    if ground is not None:
        if ground not in OPTIONS:
            raise ScenarioError("ground", ground, "one of " + ", ".join(OPTIONS))
        sets.append(f"ground.energy_option={ground}")
    head = headline_mod.headline(load(scenario, sets), design)
    sc = head.scenario
    geometry = static_inputs(sc) if from_sim else None
    res = evaluate(sc.params(), geometry=geometry)
    check_buildable(sc, res)
    report = build_report(sc, res, geometry)
    report["design"] = headline_mod.design_block(head)
    by_option = evaluate_ground_options(sc.params(), geometry)
    row = res.row(0)
    table = outputs()
    records = {}
    for ok, gk, _, label in ROWS:
        key = ok or gk
        records[key] = {
            "label": label or table[key].label,
            "orbit": display(row, ok),
            **{name: display(by_option[name], gk) for name in OPTIONS},
            "unit": table[key].display_unit,
        }
    by_line = {name: cost_lines(r) for name, r in by_option.items()}
    for i, x in enumerate(cost_lines(row)):
        records[f"cost.{x['line']}"] = {
            "label": f"cost per GPU-hour: {x['label']}",
            "orbit": x["orbit"],
            **{name: by_line[name][i]["ground"] for name in OPTIONS},
            "unit": x["unit"],
        }
    frame = pd.DataFrame.from_dict(records, orient="index")
    frame.index.name = "output"
    frame.attrs.update(
        headline=headline_text(sc, report),
        selected=OPTIONS[int(row["ground.energy_source"])],
        design=report["design"]["label"],
        scenario=sc.label,
        document=report,
    )
    return frame


def _sets(overrides: Overrides) -> list[str]:
    if isinstance(overrides, Mapping):
        return [f"{k}={_literal(v)}" for k, v in overrides.items()]
    if isinstance(overrides, str):
        return [overrides]
    return list(overrides or [])


def montecarlo(
    scenario: ScenarioLike = "uncertain-2030",
    overrides: Overrides = None,
    *,
    n: int = 100_000,
    seed: int = 0,
    design: str = "as-given",
    output: str | os.PathLike[str] | None = None,
    columns: str | Sequence[str] = "default",
) -> pd.DataFrame:
    """Monte Carlo over the scenario's distributions: ``orbitcompute montecarlo``.

    Returns
    -------
    pandas.DataFrame
        One row per output (orbit and ground USD per GPU-hour, ratio): ``label``, mean, std,
        percentiles p1 ... p99 and ``unit``. ``attrs``: ``p_orbit_cheaper``, ``ci`` (95 %
        Wilson interval), ``probability`` (in words, e.g. ``P(orbit cheaper) < 4e-6 (95 %)``),
        ``n``, ``seed``, ``n_infeasible``, ``scenario``. ``output`` also writes every sample
        to Parquet (``columns``: see :func:`orbitcompute.analysis.montecarlo.select_columns`).
    """
    sc = headline_mod.headline(load(scenario, overrides), design).scenario
    if not sc.distributions:
        raise ScenarioError("scenario", sc.label, "a scenario with distributions")
    res = run_montecarlo(sc, n, seed, output=output, columns=columns)
    table = outputs()
    frame = res.stats.copy()
    frame.insert(0, "label", [table[k].label if k in table else k for k in frame.index])
    frame["unit"] = [table[k].display_unit if k in table else "" for k in frame.index]
    frame.attrs.update(
        p_orbit_cheaper=res.p_orbit_cheaper,
        ci=tuple(res.ci),
        probability=probability_text(
            res.p_orbit_cheaper, res.ci, res.confidence, name="P(orbit cheaper)"
        ),
        n=res.n,
        seed=res.seed,
        n_infeasible=res.n_infeasible,
        scenario=res.scenario,
    )
    return frame


def sensitivity(
    scenario: ScenarioLike = "uncertain-2030",
    overrides: Overrides = None,
    *,
    method: str = "tornado",
    n: int | None = None,
    seed: int = 0,
    metric: str = "ratio",
    range_: str = "distribution",
) -> pd.DataFrame:
    """Which input matters most: ``orbitcompute sensitivity`` (Sobol, Morris or tornado).

    Returns
    -------
    pandas.DataFrame
        One row per uncertain parameter, largest effect first (Sobol: S1, ST and their
        confidence intervals; Morris: mu*, sigma; tornado: low/high values and the metric
        there), plus ``label`` (the registry description) and ``unit``. ``attrs``:
        ``baseline``, ``metric``, ``method``, ``n_runs``.
    """
    sc = load(scenario, overrides)
    res = run_sensitivity(sc, method, n, seed, metric, range_)
    reg = registry()
    frame = res.table.copy()
    frame.insert(0, "label", [reg[k].description if k in reg else k for k in frame.index])
    frame["unit"] = [reg[k].unit if k in reg else "" for k in frame.index]
    frame.attrs.update(
        baseline=res.baseline, metric=res.metric, method=res.method, n_runs=res.n_runs
    )
    return frame


def breakeven(
    scenario: ScenarioLike = None,
    overrides: Overrides = None,
    *,
    param: str = "launch.price_per_kg",
    vs: str | None = None,
    points: int = 81,
    design: str = "optimized",
) -> pd.DataFrame:
    """Where orbit and ground cost the same: ``orbitcompute breakeven``.

    Returns
    -------
    pandas.DataFrame
        Without ``vs``: one row per crossing of ``param`` over its registry range (value
        [registry unit], orbit and ground USD per GPU-hour, ratio, kind, where orbit is
        cheaper); empty when there is none. ``attrs``: ``message``, ``parameter``, ``unit``,
        ``current``, ``current_ratio``, ``design``. With ``vs``: the 2-D frontier (for each
        ``param`` value the ``vs`` value where the costs cross; NaN: none); ``attrs``:
        ``point``, ``point_ratio``, ``units``.
    """
    sc = load(scenario, overrides)
    if vs is None:
        found = headline_mod.breakeven(sc, param, design)
        res = found.result
        frame = res.table.copy()
        frame.attrs.update(
            message=res.message(),
            parameter=res.parameter,
            unit=res.unit,
            current=res.current,
            current_ratio=res.current_ratio,
            design=found.note,
        )
        return frame
    head = headline_mod.headline(sc, design)
    fr = frontier(head.scenario, param, vs, points)
    frame = fr.frontier.copy()
    frame.attrs.update(
        point=tuple(fr.point), point_ratio=fr.point_ratio, units=(fr.x_unit, fr.y_unit)
    )
    return frame


def simulate(
    scenario: ScenarioLike = None,
    overrides: Overrides = None,
    *,
    days: float = 365.0,
    step: float = 60.0,
    planes: int | None = None,
    per_plane: int | None = None,
    start: str | None = None,
    design: str = "optimized",
    mode: str = "auto",
):  # -> xarray.Dataset
    """Step the constellation through time: ``orbitcompute simulate`` as an xarray Dataset.

    The layout is the fleet ``compare`` prices (the headline design; a sun-synchronous
    fleet with every plane at the scenario's node time) unless ``overrides`` set
    ``sim.raan_spread`` or the orbit; ``planes`` and ``per_plane`` add satellites to it.

    Returns
    -------
    xarray.Dataset
        Per satellite (and per time step when the run is small enough to keep, ``mode``):
        sunlit fraction, eclipses, longest eclipse, state of charge, temperature, delivered
        compute... ``attrs``: the summary (``sunlit_fraction_mean``, ``longest_eclipse_min``
        ...), ``layout`` (how the layout compares with the priced design, in words) and
        ``design``.
    """
    base = load(scenario, overrides)
    head = headline_mod.headline(base, design)
    values = dict(head.scenario.values)
    if "sim.raan_spread" not in base.given:
        values.update(priced_layout(values))
    for name, v in (("sim.planes", planes), ("sim.per_plane", per_plane)):
        if v is not None:
            p = registry()[name]
            if not (isinstance(v, int | np.integer) and p.minimum <= v <= p.maximum):
                raise ScenarioError(name, v, f"a whole number from {p.minimum:g} to {p.maximum:g}")
            values[name] = float(v)
    res = run_simulation(values, start=parse_start(start), days=days, step=step, mode=mode)
    priced_row = evaluate(head.scenario.params()).row(0)
    table = res.table()
    lay = layout_report(head.scenario.values, priced_row, values, table)
    ds = res.dataset()
    ds.attrs.update({k: v for k, v in table.items()})
    ds.attrs["layout"] = lay["text"]
    ds.attrs["design"] = head.label
    ds.attrs["scenario"] = head.scenario.label
    return ds


def optimize(
    scenario: ScenarioLike = None,
    overrides: Overrides = None,
    *,
    fix: Sequence[str] | Mapping[str, Any] = (),
    seed: int = 0,
    grid: int = 2048,
) -> pd.DataFrame:
    """The cheapest feasible orbital design: ``orbitcompute optimize``.

    Returns
    -------
    pandas.DataFrame
        One row per decision variable: ``as_given``, ``optimized``, ``unit``, ``fixed``.
        ``attrs``: ``cost_as_given`` and ``cost`` (orbit USD per GPU-hour), ``ratio``,
        ``binding`` (the constraints that bind), ``moved`` (the output lines that moved, as
        a DataFrame) and ``waterfall``.
    """
    res = run_optimize(load(scenario, overrides), fix, seed=seed, grid=grid)
    frame = pd.DataFrame(res.design_table()).set_index("variable")
    frame.attrs.update(
        cost_as_given=res.cost_as_given,
        cost=res.cost,
        ratio=res.row["ratio"],
        binding=list(res.binding),
        moved=res.moved,
        waterfall=list(res.waterfall),
        scenario=res.scenario,
    )
    return frame


def parity(
    scenario: ScenarioLike = None,
    overrides: Overrides = None,
    *,
    levers: Sequence[str] | None = None,
    target: float = 1.0,
    samples: int = parity_mod.SAMPLES,
    seed: int = parity_mod.SEED,
    design: str = "optimized",
) -> pd.DataFrame:
    """What would it take: ``orbitcompute parity`` (the smallest joint change of the levers
    that brings the orbit / ground ratio to ``target``).

    Returns
    -------
    pandas.DataFrame
        One row per lever (index: its alias): ``name``, ``label``, ``unit`` (the registry
        unit every value is in), ``current``, ``required`` (NaN when parity is out of reach),
        ``low`` and ``high`` (the range searched), ``optimistic`` (the most favourable
        published value) and ``breakeven`` (the lever alone). ``attrs``: ``reachable``,
        ``current_ratio``, ``ratio``, ``distance``, ``message``, ``set`` (the point as
        ``--set`` strings for ``compare``), ``scenario``, ``design``.
    """
    res = parity_mod.parity(load(scenario, overrides), levers, target, samples, seed, design)
    reg = registry()

    def shown(name: str, v: float | None) -> float:
        return float("nan") if v is None else v / reg[name].factor

    frame = pd.DataFrame(
        [
            {
                "lever": lv.alias,
                "name": lv.name,
                "label": lv.label,
                "unit": lv.unit,
                **{
                    k: shown(lv.name, getattr(lv, k))
                    for k in ("current", "required", "low", "high", "optimistic", "breakeven")
                },
            }
            for lv in res.levers
        ]
    ).set_index("lever")
    frame.attrs.update(
        reachable=res.reachable,
        current_ratio=res.current_ratio,
        ratio=res.ratio,
        distance=res.distance,
        message=res.message,
        set=res.overrides() if res.reachable else [],
        scenario=res.scenario,
        design=res.design,
    )
    return frame


def outlook(
    scenario: ScenarioLike = None,
    overrides: Overrides = None,
    *,
    years: tuple[int, int] = outlook_mod.YEARS,
    n: int = outlook_mod.DEFAULT_SAMPLES,
    seed: int = 0,
    design: str = "optimized",
):  # -> xarray.Dataset
    """Cost and capacity year by year: ``orbitcompute outlook`` as an xarray Dataset.

    Returns
    -------
    xarray.Dataset
        :meth:`orbitcompute.analysis.outlook.OutlookResult.to_dataset` (percentiles of the
        cost paths by year, P(orbit cheaper), the parity-year distribution). ``attrs`` also
        carry ``parity`` (the parity-year sentence) and ``race`` (the capacity sentence).
    """
    res = outlook_mod.run_outlook(load(scenario, overrides), years, n, seed, design=design)
    ds = res.to_dataset()
    ds.attrs.update(parity=res.parity_text(), race=res.race_sentence(), scenario=res.scenario)
    return ds

"""``evaluate(params) -> Results``: the one vectorized model every command runs.

Like pvlib's ModelChain, this only composes pure functions: size the orbital segment
(:mod:`orbitcompute.design.orbital`), cost both sides (:mod:`orbitcompute.economics.costs`),
and compare. Inputs are registry names mapped to SI values of any broadcastable shape; a
single scenario is shape ``(1,)``, a Monte Carlo run shape ``(N,)``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.design.comms import INTERNAL, size_comms
from orbitcompute.design.orbital import INFEASIBLE, size_orbital
from orbitcompute.economics.costs import breakeven_launch_price, ground_costs, orbit_costs
from orbitcompute.ground import ground_options, output_descriptions
from orbitcompute.registry import registry

#: Display unit and description of the main outputs (the JSON schema of ``compare``).
OUTPUTS: dict[str, tuple[str, str]] = {
    "orbit.cost_per_gpu_hour": ("USD/h", "levelized cost per delivered accelerator-hour in orbit"),
    "ground.cost_per_gpu_hour": (
        "USD/h",
        "levelized cost per delivered accelerator-hour on the ground",
    ),
    "ratio": ("1", "orbit cost per GPU-hour over ground cost per GPU-hour"),
    "breakeven.launch_price_per_kg": (
        "USD/kg",
        "launch price at which orbit and ground cost the same (null: none)",
    ),
    "orbit.sunlit_fraction": ("1", "annual mean fraction of time in sunlight"),
    "orbit.longest_eclipse": ("min", "longest eclipse over the year"),
    "orbit.period": ("min", "orbital period"),
    "orbit.n_satellites": ("1", "number of satellites"),
    "orbit.satellite_mass": ("kg", "wet mass of one satellite"),
    "orbit.total_mass": ("t", "launched mass of the fleet"),
    "orbit.n_launches": ("1", "number of launches"),
    "orbit.array_area": ("m^2", "solar array area (fleet)"),
    "orbit.radiator_area": ("m^2", "radiator panel area (fleet)"),
    "orbit.radiator_net_flux": ("W/m^2", "net heat rejected per m^2 of radiator panel"),
    "orbit.battery_energy": ("MWh", "battery nameplate energy (fleet)"),
    "orbit.array_power_bol": ("MW", "array power at beginning of life (fleet)"),
    "orbit.heat_load": ("MW", "heat to reject (fleet)"),
    "orbit.n_accelerators": ("1", "accelerators launched"),
    "orbit.capex.total": ("MUSD", "orbit capital cost, first fleet"),
    "orbit.opex_per_year": ("MUSD", "orbit operations per year"),
    "orbit.gpu_hours_per_year": ("1", "delivered accelerator-hours per year (discount-weighted)"),
    "orbit.equivalent_gpu_hours_per_year": (
        "1",
        "delivered accelerator-hours in today's-accelerator equivalent (obsolescence)",
    ),
    "orbit.mean_surviving_fraction": ("1", "discount-weighted mean share of slots working"),
    "orbit.eol_surviving_fraction": ("1", "share of accelerator slots working at end of life"),
    "orbit.upset_availability": ("1", "share of time not lost to restarts (upsets, failures)"),
    "orbit.dose_rate": ("Gy/yr", "total ionizing dose rate behind the shield (silicon)"),
    "orbit.servicing_cost_per_year": ("MUSD/yr", "servicing missions, annualized"),
    "orbit.cost_per_it_energy": ("USD/MWh", "cost per MWh of IT energy delivered in orbit"),
    "orbit.total_cost_pv": ("MUSD", "present value of orbit cost over the horizon"),
    # data links (issue 16)
    "orbit.links.utilization": ("1", "share of the compute the data links let the workload use"),
    "orbit.links.link_bound": ("1", "1: link-bound (utilization below the threshold), 0: not"),
    "orbit.links.capacity_margin": (
        "1",
        "capacity the terminal limits allow over the need (below 1: link-bound by that factor)",
    ),
    "orbit.links.uplink_need": ("Gbit/s", "workload traffic up to the cluster at full compute"),
    "orbit.links.downlink_need": ("Gbit/s", "workload traffic down at full compute"),
    "orbit.links.ground_capacity": ("Gbit/s", "mean ground-link capacity each way, weather in"),
    "orbit.links.availability": ("1", "share of time a station sees the cluster in clear sky"),
    "orbit.links.ground_terminals": ("1", "ground terminals (telescopes or dishes), all sites"),
    "orbit.links.sites": ("1", "data ground stations used"),
    "orbit.links.space_terminals": ("1", "space laser terminals, inter-satellite and ground"),
    "orbit.links.terminal_mass": ("kg", "data-link terminal mass per satellite (fleet mean)"),
    "orbit.links.terminal_power": ("W", "data-link terminal power per satellite (fleet mean)"),
    "orbit.capex.comms_terminals": ("MUSD", "space laser terminals"),
    "orbit.capex.data_ground_stations": ("MUSD", "data ground stations and their terminals"),
    "orbit.opex.transit": ("MUSD/yr", "internet transit for the workload's traffic"),
    "orbit.data_cost_per_gpu_hour": (
        "USD/h",
        "cost per GPU-hour attributable to moving data (terminals, stations, transit, idle hours)",
    ),
    "ground.opex.transit": ("MUSD/yr", "internet transit for the workload's traffic"),
    "ground.data_cost_per_gpu_hour": ("USD/h", "cost per GPU-hour of internet transit"),
    "ground.capex.total": ("MUSD", "ground capital cost"),
    "ground.opex_per_year": ("MUSD", "ground operating cost per year"),
    "ground.gpu_hours_per_year": ("1", "delivered accelerator-hours per year"),
    "ground.equivalent_gpu_hours_per_year": (
        "1",
        "delivered accelerator-hours in today's-accelerator equivalent (refresh cycle)",
    ),
    "ground.cost_per_it_energy": ("USD/MWh", "cost per MWh of IT energy on the ground"),
    "ground.total_cost_pv": ("MUSD", "present value of ground cost over the horizon"),
    "ground.water_per_year": ("m^3", "site water use per year"),
    "ground.land_area": ("acre", "site land"),
}
OUTPUTS.update(output_descriptions())  # ground energy options, time-to-power, footprints


@dataclass
class Results:
    """Model outputs: a flat mapping of dotted names to arrays of the broadcast shape.

    Names start with ``orbit.``, ``ground.``, ``breakeven.`` or are top-level (``ratio``).
    Access with ``results["orbit.cost_per_gpu_hour"]`` or the properties below.
    """

    data: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.data[name]

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def keys(self):
        return self.data.keys()

    @property
    def orbit_cost_per_gpu_hour(self) -> np.ndarray:
        return self.data["orbit.cost_per_gpu_hour"]

    @property
    def ground_cost_per_gpu_hour(self) -> np.ndarray:
        return self.data["ground.cost_per_gpu_hour"]

    @property
    def ratio(self) -> np.ndarray:
        return self.data["ratio"]

    @property
    def size(self) -> int:
        return int(np.size(self.data["ratio"]))

    def to_dict(self) -> dict[str, np.ndarray]:
        """Flat dict of 1-D arrays (all of the same length)."""
        shape = np.shape(self.data["ratio"])
        return {k: np.broadcast_to(v, shape).reshape(-1) for k, v in self.data.items()}

    def to_frame(self):  # -> pandas.DataFrame
        """One row per sample, one column per output (SI units)."""
        import pandas as pd

        return pd.DataFrame(self.to_dict())

    def row(self, i: int = 0) -> dict[str, float]:
        """Sample ``i`` as a dict of Python floats."""
        return {k: float(v[i]) for k, v in self.to_dict().items()}

    def infeasible_reason(self, i: int = 0) -> str | None:
        """Plain-language reason why sample ``i`` cannot be built in orbit, or None."""
        code = int(self.to_dict()["orbit.infeasible"][i])
        return None if code == 0 else INFEASIBLE[code]


#: Samples per block inside :func:`evaluate`: small enough that the temporaries stay in the CPU
#: cache (measured ~3x faster than whole 1M-sample arrays on the 2-core reference machine).
CHUNK = 16384
#: Threads used for large inputs (``ORBITCOMPUTE_THREADS`` overrides; 1 disables threading).
THREADS = int(os.environ.get("ORBITCOMPUTE_THREADS", os.cpu_count() or 1))


def complete(params: Mapping[str, ArrayLike]) -> tuple[dict[str, np.ndarray], tuple[int, ...]]:
    """Fill missing registry names with defaults; return arrays and the broadcast shape.

    Arrays keep their own shape (a parameter that does not vary stays one element), so
    numpy broadcasts only where it must.
    """
    reg = registry()
    unknown = set(params) - set(reg)
    if unknown:
        raise KeyError(f"unknown parameter names: {sorted(unknown)}")
    merged: dict[str, Any] = reg.defaults_si()
    merged.update(params)
    arrays = {n: np.asarray(v, dtype=float) for n, v in merged.items()}
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    return arrays, (shape if shape else (1,))


def evaluate(
    params: Mapping[str, ArrayLike],
    chunk_size: int = CHUNK,
    geometry: Mapping[str, float] | None = None,
) -> Results:
    """Evaluate the orbit-vs-ground comparison, vectorized.

    Parameters
    ----------
    params : mapping
        Registry names to SI values (scalars or arrays of broadcastable shape); names not
        given take their registry default.
    chunk_size : int
        Samples per block for large inputs.
    geometry : mapping, optional
        Simulated orbit results replacing the static eclipse model (see
        :func:`orbitcompute.design.orbital.size_orbital`).

    Returns
    -------
    Results
        Masses, areas, launches, capex and opex lines, GPU-hours, $/GPU-hour on both sides,
        their ratio and the breakeven launch price.
    """
    arrays, shape = complete(params)
    n = int(np.prod(shape))
    if len(shape) == 1 and n > chunk_size:
        # Blocks of samples (not a per-sample loop): each block is one vectorized call.
        def block(start: int) -> dict[str, np.ndarray]:
            sub = {
                k: (v[start : start + chunk_size] if v.ndim == 1 and v.shape[0] == n else v)
                for k, v in arrays.items()
            }
            return _evaluate_block(sub, (min(chunk_size, n - start),), geometry)

        starts = range(0, n, chunk_size)
        workers = min(THREADS, len(starts))
        if workers > 1:
            # numpy releases the GIL inside its kernels, so blocks run on all cores; the
            # result does not depend on the number of threads (pure functions, fixed blocks).
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(workers) as pool:
                parts = list(pool.map(block, starts))
        else:
            parts = [block(s) for s in starts]
        return Results(_Blocks(parts))
    return Results(_evaluate_block(arrays, shape, geometry))


class _Blocks(Mapping[str, np.ndarray]):
    """Outputs of block-wise evaluation, joined per output on first access.

    Every output is computed for every block; joining all ~150 of them up front costs a
    quarter of the run, while most callers (Monte Carlo, sweeps) read only a few.
    """

    def __init__(self, parts: list[dict[str, np.ndarray]]) -> None:
        self._parts = parts
        self._joined: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._joined:
            if name not in self._parts[0]:
                raise KeyError(name)
            self._joined[name] = np.concatenate([pt[name] for pt in self._parts])
        return self._joined[name]

    def __iter__(self):
        return iter(self._parts[0])

    def __len__(self) -> int:
        return len(self._parts[0])


def _evaluate_block(
    arrays: dict[str, np.ndarray],
    shape: tuple[int, ...],
    geometry: Mapping[str, float] | None = None,
) -> dict[str, np.ndarray]:
    p = arrays
    c = size_comms(p)  # data links sized from the workload mix (issue 16)
    d = size_orbital(p, geometry, c)
    oc = orbit_costs(p, d, c)
    gc = ground_costs(p, c["links.ground_traffic"])
    ground_extra, selected = ground_options(p, gc, d, oc)
    gc = {**gc, **selected}  # ground.* = the option ground.energy_source picks
    out: dict[str, np.ndarray] = {}
    out.update({f"orbit.{k}": v for k, v in d.items()})
    out.update({f"orbit.{k}": v for k, v in c.items() if k not in INTERNAL})
    out.update({f"orbit.{k}": v for k, v in oc.items()})
    out.update({f"ground.{k}": v for k, v in gc.items()})
    out.update(ground_extra)
    feasible = d["infeasible"] == 0
    out["orbit.cost_per_gpu_hour"] = np.where(feasible, oc["cost_per_gpu_hour"], np.nan)
    out["ratio"] = out["orbit.cost_per_gpu_hour"] / gc["cost_per_gpu_hour"]
    out["breakeven.launch_price_per_kg"] = np.where(
        feasible, breakeven_launch_price(oc, gc, p["launch.price_per_kg"]), np.nan
    )
    return {k: np.broadcast_to(np.asarray(v, dtype=float), shape) for k, v in out.items()}

"""Published studies: their headline (from the preset), their own arithmetic, and its checks.

Every study is a preset (``orbitcompute/presets/<name>.toml``) holding the study's inputs that
map onto the registry, a source for each of them, and a ``[published]`` table with the study's
headline as an orbit / ground cost ratio (machine-readable, validated by :class:`Published`).
This module adds, per study, a reproduction of the headline with the study's *own* formula
where the study publishes enough to do so (:data:`REPRODUCTIONS`), and says which inputs are
missing where it does not.

A study's figure is put on one scale, orbit cost over ground cost for the same compute, so
that studies with different metrics can be compared (``figure``); a claim of parity is 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from orbitcompute.audit import mccalip, starcloud, suncatcher
from orbitcompute.audit.core import Slip
from orbitcompute.errors import ScenarioError
from orbitcompute.scenario import Scenario, load_scenario, preset_names

#: Studies whose figure is at most this ratio claim that orbit wins or reaches parity.
OPTIMISTIC_MAX = 1.0


class Published(BaseModel):
    """The ``[published]`` table of a study preset.

    ``figure`` is the study's headline as an orbit / ground cost ratio [1] (``low``/``high``:
    the range it states, if any); ``conditions`` are registry values (registry units) under
    which the figure holds when they differ from the preset (e.g. Suncatcher's 200 USD/kg);
    ``inputs`` maps every registry name the preset sets to where the value comes from, or to
    ``not published: ...``; ``missing`` names what a reproduction would still need;
    ``kg_per_kw`` is the study's launched mass per kW of IT power, when it states one.
    """

    model_config = ConfigDict(extra="forbid")

    study: str
    source: str
    figure: float = Field(gt=0)
    low: float | None = Field(default=None, gt=0)
    high: float | None = Field(default=None, gt=0)
    metric: str
    statement: str
    verified: str
    unverified: str = ""
    missing: list[str] = Field(default_factory=list)
    kg_per_kw: float | None = Field(default=None, gt=0)
    conditions: dict[str, float] = Field(default_factory=dict)
    inputs: dict[str, str]

    @property
    def camp(self) -> str:
        """``optimistic`` when the study puts orbit at or below parity, else ``pessimistic``."""
        return "optimistic" if self.figure <= OPTIMISTIC_MAX else "pessimistic"


@dataclass
class Check:
    """One published number against the study's own arithmetic, as we redo it."""

    label: str
    published: float
    reproduced: float
    unit: str

    @property
    def deviation(self) -> float:
        return self.reproduced / self.published - 1.0


@dataclass
class Reproduction:
    """A study's headline redone with its own formula and inputs.

    Attributes
    ----------
    ratio : float or None
        Orbit / ground cost ratio from their formula [1]; None when the inputs do not suffice.
    status : str
        ``reproduced`` (their formula, their inputs), ``arithmetic`` (only their published
        totals are checked), or ``not reproducible``.
    note : str
        What was done, or which inputs are missing.
    checks : list of Check
        Published numbers against our redo of their arithmetic.
    slips : list of Slip
        Inconsistencies inside the published figures.
    """

    ratio: float | None
    status: str
    note: str
    checks: list[Check] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)


def _not_reproducible(pub: Published, why: str, **kw: Any) -> Reproduction:
    missing = ", ".join(pub.missing) or "none listed"
    return Reproduction(None, "not reproducible", f"{why}; missing: {missing}", **kw)


# ------------------------------------------------------------------------------------------
# Reproductions, one per study (their formula with their inputs, or the checks one can do).


def _starcloud(pub: Published) -> Reproduction:
    r = starcloud.reproduce()
    checks = [
        Check("terrestrial, 10 years", 167e6, r["terrestrial"], "USD"),
        Check("space, 10 years", 8.2e6, r["space"], "USD"),
    ]
    return Reproduction(
        r["metric"],
        "reproduced",
        "their line items: energy (power x hours x price) + cooling + backup vs array + "
        "launch + shielding (orbitcompute audit starcloud)",
        checks,
        list(starcloud.slips()),
    )


def _mccalip(pub: Published) -> Reproduction:
    r = mccalip.reproduce()
    checks = [
        Check("orbit, 5 years at 500 USD/kg", 51e9, r["orbit"], "USD"),
        Check("terrestrial, 5 years", 16e9, r["ground"], "USD"),
        Check("ratio at 1,000 USD/kg", 4.2, r["ratio_at_1000"], "1"),
    ]
    return Reproduction(
        r["metric"],
        "reproduced",
        "calculator formulas (static/js/math.js) at the defaults (orbitcompute audit mccalip)",
        checks,
    )


#: Terrestrial power cost per kW-year Suncatcher compares with [USD/kW/yr] (sec. 2.4).
SUNCATCHER_GROUND = (570.0, 3000.0)


def _suncatcher(pub: Published) -> Reproduction:
    r = suncatcher.reproduce()
    lo, hi = SUNCATCHER_GROUND
    central = math.sqrt(lo * hi)
    checks = [
        Check("launched-power cost at 3,600 USD/kg", 14_700.0, r["at_3600"], "USD/kW/yr"),
        Check("launched-power cost at 200 USD/kg", 810.0, r["at_200"], "USD/kW/yr"),
    ]
    return Reproduction(
        r["at_200"] / central,
        "reproduced",
        f"launched-power cost m x price / (P x L) at 200 USD/kg ({r['at_200']:,.0f} USD/kW/yr) "
        f"over the terrestrial power cost they cite, {lo:,.0f}-{hi:,.0f} USD/kW/yr: ratio "
        f"{r['at_200'] / hi:.2f}-{r['at_200'] / lo:.2f} (geometric mean "
        f"{r['at_200'] / central:.2f}), which brackets their 'roughly comparable'",
        checks,
    )


def _semianalysis(pub: Published) -> Reproduction:
    return _not_reproducible(
        pub,
        "their TCO model is subscriber-only; the published LCOCs give 10.91 / 2.49 = "
        f"{10.91 / 2.49:.2f}",
        checks=[Check("orbit / ground LCOC, 2026", 4.4, 10.91 / 2.49, "1")],
    )


#: Wood Mackenzie's reported figures: orbit build cost [USD], minimum ratio, launch and
#: satellites share, launch price cut for parity.
WOODMAC = {"orbit": 170e9, "ratio_min": 3.0, "launch_sat_share": 0.6, "launch_cut": 0.7}


def woodmac_slip(p: dict[str, float] = WOODMAC) -> Slip:
    """The reported parity condition against the reported cost split (capex basis)."""
    ground_max = p["orbit"] / p["ratio_min"]
    launch_sat = p["launch_sat_share"] * p["orbit"]
    best = p["orbit"] - p["launch_cut"] * launch_sat  # even if all of it were launch
    return Slip(
        "parity by launch price",
        p["launch_cut"],
        1.0 - ground_max / p["orbit"],
        "1",
        f"on the build costs as reported a {p['launch_cut']:.0%} launch price cut cannot close "
        f"a {p['ratio_min']:.0f}x gap: launch and satellites are about "
        f"{launch_sat / 1e9:,.0f} bn of {p['orbit'] / 1e9:,.0f} bn USD, so cutting even all of "
        f"it by {p['launch_cut']:.0%} leaves {best / 1e9:,.0f} bn against at most "
        f"{ground_max / 1e9:,.0f} bn on the ground; parity needs "
        f"{1 - ground_max / p['orbit']:.0%} off the whole orbital bill. The parity statement "
        "must rest on a basis the reports do not give (e.g. lifetime costs with energy)",
    )


def _woodmac(pub: Published) -> Reproduction:
    p = WOODMAC
    return _not_reproducible(
        pub,
        "the report is not public; the reported split checks out "
        f"({p['launch_sat_share']:.0%} of {p['orbit'] / 1e9:.0f} bn = "
        f"{p['launch_sat_share'] * p['orbit'] / 1e9:.0f} bn, 'about 100 bn')",
        checks=[Check("launch and satellites", 100e9, p["launch_sat_share"] * p["orbit"], "USD")],
        slips=[woodmac_slip()],
    )


def _ieee(pub: Published) -> Reproduction:
    r = mccalip.reproduce()
    return _not_reproducible(
        pub,
        "the article's inputs are not published; for comparison McCalip's calculator at its "
        f"defaults gives {r['orbit'] / 1e9:.1f} vs {r['ground'] / 1e9:.1f} bn USD "
        f"({r['metric']:.2f}x)",
        checks=[
            Check("orbit, 5 years (McCalip defaults)", 50e9, r["orbit"], "USD"),
            Check("terrestrial, 5 years (McCalip defaults)", 17e9, r["ground"], "USD"),
        ],
    )


#: spacedc-mdao's published levelized costs per delivered PFLOP-day [USD] (README 0.4.2).
SPACEDC_LCOC = {"space": 1237.0, "earth": 66.0}


def _spacedc(pub: Published) -> Reproduction:
    ratio = SPACEDC_LCOC["space"] / SPACEDC_LCOC["earth"]
    return Reproduction(
        None,
        "arithmetic",
        "an open-source MDAO (spacedc-mdao), not re-implemented here; its published LCOCs "
        f"give {SPACEDC_LCOC['space']:,.0f} / {SPACEDC_LCOC['earth']:,.0f} = {ratio:.1f}",
        [Check("space / Earth LCOC, text inference", 19.0, ratio, "1")],
    )


#: Turyshev's base case: launched mass per kW of IT [kg/kW], terrestrial infrastructure
#: benchmark [USD/kW], and the Falcon 9 dedicated LEO price the abstract implies [USD/kg].
TURYSHEV = {"kg_per_kw": 40.0, "benchmark": (10_000.0, 40_000.0), "falcon9": 3400.0}


def turyshev_allowance(kg_per_kw: float, benchmark_usd_per_kw: float) -> float:
    """Launch + build allowance [USD/kg] = terrestrial benchmark [USD/kW] / mass [kg/kW]."""
    return benchmark_usd_per_kw / kg_per_kw


def _turyshev(pub: Published) -> Reproduction:
    t = TURYSHEV
    lo, hi = t["benchmark"]
    m, f9 = t["kg_per_kw"], t["falcon9"]
    return Reproduction(
        m * f9 / math.sqrt(lo * hi),
        "reproduced",
        f"allowance = benchmark / mass: {lo:,.0f}-{hi:,.0f} USD/kW over {m:.0f} kg/kW; ratio = "
        f"mass x Falcon 9 price / benchmark = {m * f9 / hi:.1f}-{m * f9 / lo:.1f} "
        "(launch only, before build, communications and operations)",
        [
            Check("allowance, low", 250.0, turyshev_allowance(m, lo), "USD/kg"),
            Check("allowance, high", 1000.0, turyshev_allowance(m, hi), "USD/kg"),
            Check("Falcon 9 over allowance, low", 3.4, f9 / turyshev_allowance(m, hi), "1"),
            Check("Falcon 9 over allowance, high", 13.5, f9 / turyshev_allowance(m, lo), "1"),
        ],
    )


#: Starcloud-3 as stated: mass [kg], power [kW], launch price [USD/kg], target [USD/kWh].
STARCLOUD3 = {"mass": 3000.0, "power_kw": 200.0, "launch": 500.0, "target": 0.05}


def launch_energy_cost(mass_kg: float, price: float, power_kw: float, life_yr: float) -> float:
    """Launch bill per kWh the satellite can deliver at full power [USD/kWh]."""
    return mass_kg * price / (power_kw * 8760.0 * life_yr)


def _starcloud3(pub: Published) -> Reproduction:
    s = STARCLOUD3
    five = launch_energy_cost(s["mass"], s["launch"], s["power_kw"], 5.0)
    years = s["mass"] * s["launch"] / (s["power_kw"] * 8760.0 * s["target"])
    return _not_reproducible(
        pub,
        f"no cost model published; launch alone at {s['launch']:.0f} USD/kg is "
        f"{five:.3f} USD/kWh over 5 years, and reaches {s['target']} USD/kWh only after "
        f"{years:.1f} years at full power",
        slips=[
            Slip(
                "0.05 USD/kWh",
                s["target"],
                five,
                "USD/kWh",
                f"3 t x 500 USD/kg = 1.5 M USD of launch for 200 kW is {five:.3f} USD/kWh over "
                f"a 5-year life; the launch alone needs {years:.0f} years at full power to "
                f"come down to {s['target']} USD/kWh (lifetime not stated)",
            )
        ],
    )


def _spacex(pub: Published) -> Reproduction:
    return _not_reproducible(pub, "no cost figures published")


#: Study preset name -> its reproduction (their formula where they publish enough).
REPRODUCTIONS: dict[str, Callable[[Published], Reproduction]] = {
    "starcloud": _starcloud,
    "mccalip": _mccalip,
    "suncatcher": _suncatcher,
    "semianalysis": _semianalysis,
    "woodmac": _woodmac,
    "ieee-spectrum": _ieee,
    "spacedc-mdao": _spacedc,
    "turyshev": _turyshev,
    "starcloud-3": _starcloud3,
    "spacex-xai": _spacex,
}


@dataclass
class Study:
    """A published study: its preset (their inputs), headline and reproduction."""

    name: str
    scenario: Scenario
    published: Published

    @property
    def camp(self) -> str:
        return self.published.camp

    def values(self) -> dict[str, float]:
        """Their inputs in SI: the preset with the headline's conditions applied."""
        values = dict(self.scenario.values)
        if self.published.conditions:
            cond = [f"{k}={v}" for k, v in self.published.conditions.items()]
            values = dict(load_scenario(self.name, cond).values)
        return values

    def reproduce(self) -> Reproduction:
        return REPRODUCTIONS[self.name](self.published)


def study_names() -> list[str]:
    """Presets that carry a ``[published]`` table, in the order of :data:`REPRODUCTIONS`."""
    shipped = set(preset_names())
    return [n for n in REPRODUCTIONS if n in shipped]


def load_study(name: str, key: str = "STUDY") -> Study:
    """The study ``name`` (a preset with a ``[published]`` table).

    Raises :class:`~orbitcompute.errors.ScenarioError` (one line) for an unknown name or a
    malformed ``[published]`` table.
    """
    names = study_names()
    if name not in names:
        raise ScenarioError(key, name, "a published study: " + ", ".join(names))
    sc = load_scenario(name)
    raw = sc.sections.get("published")
    if not isinstance(raw, dict):
        raise ScenarioError(f"{name}.toml: published", raw, "a [published] table")
    try:
        pub = Published(**raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise ScenarioError(f"{name}.toml: published.{loc}", err.get("input"), err["msg"]) from exc
    return Study(name, sc, pub)

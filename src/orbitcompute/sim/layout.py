"""The constellation layout the static model prices, and how a simulated layout differs from it.

``compare`` prices a fleet whose satellites all see the Sun as the scenario's orbit does: a
sun-synchronous fleet keeps every plane at the scenario's local time of the ascending node
(``orbit.ltan``; a dawn-dusk fleet is 96 % sunlit), a drifting fleet is averaged over every
node position. ``orbitcompute simulate`` starts from that layout: for a sun-synchronous orbit
its planes share the node (``sim.raan_spread`` = 0) unless the user spreads them, which puts
planes at other local times (planes all round the Earth see 75 % sunlight and 35-minute
eclipses). A different layout is the user's explicit choice; :func:`layout_report` says how
its sunlit fraction and longest eclipse differ from the priced design's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from orbitcompute.constants import HOUR

#: Tolerances for "the same as the priced design": sunlit fraction [-], longest eclipse [s].
SUNLIT_TOLERANCE = 0.005
ECLIPSE_TOLERANCE = 60.0


def priced_layout(values: Mapping[str, float]) -> dict[str, float]:
    """Walker settings of the fleet the static model prices (SI values by registry name).

    Parameters
    ----------
    values : mapping
        Scenario values (SI): ``orbit.sun_synchronous``.

    Returns
    -------
    dict
        ``sim.raan_spread`` [rad]: 0 for a sun-synchronous orbit (every plane at
        ``orbit.ltan``, as priced), 2 pi for a drifting orbit (the static model averages the
        node over a full turn).
    """
    sso = float(values["orbit.sun_synchronous"]) >= 0.5
    return {"sim.raan_spread": 0.0 if sso else 2.0 * math.pi}


def describe_orbit(values: Mapping[str, float]) -> str:
    """``sun-synchronous, LTAN 6 h, 650 km`` or ``inclined 53 deg, 650 km``."""
    alt = f"{float(values['orbit.altitude']) / 1e3:,.0f} km"
    if float(values["orbit.sun_synchronous"]) >= 0.5:
        return f"sun-synchronous, LTAN {float(values['orbit.ltan']) / HOUR:g} h, {alt}"
    return f"inclined {math.degrees(float(values['orbit.inclination'])):g} deg, {alt}"


def layout_changes(
    priced: Mapping[str, float], simulated: Mapping[str, float], *, tle: bool = False
) -> list[str]:
    """What the simulated layout changes with respect to the priced one (plain words)."""
    out: list[str] = []
    if tle:
        out.append("orbits from a TLE file")
    for name, words in (
        ("orbit.sun_synchronous", "orbit family"),
        ("orbit.altitude", "altitude"),
        ("orbit.ltan", "local time of the node"),
    ):
        if not math.isclose(float(priced[name]), float(simulated[name]), abs_tol=1e-9):
            out.append(words)
    if float(simulated["orbit.sun_synchronous"]) < 0.5 and not math.isclose(
        float(priced["orbit.inclination"]), float(simulated["orbit.inclination"]), abs_tol=1e-9
    ):
        out.append("inclination")
    default = priced_layout(simulated)["sim.raan_spread"]
    spread = float(simulated["sim.raan_spread"])
    if int(simulated["sim.planes"]) > 1 and not math.isclose(spread, default, abs_tol=1e-9):
        out.append(f"planes spread over {math.degrees(spread):g} deg of node")
    return out


def layout_report(
    priced: Mapping[str, float],
    priced_row: Mapping[str, float],
    simulated: Mapping[str, float],
    table: Mapping[str, float],
    *,
    tle: bool = False,
) -> dict[str, Any]:
    """The simulated layout against the priced design: sunlit fraction and longest eclipse.

    Parameters
    ----------
    priced : mapping
        Values (SI) of the design ``compare`` prices.
    priced_row : mapping
        Its outputs (:meth:`orbitcompute.model.Results.row`): ``orbit.sunlit_fraction`` [-],
        ``orbit.longest_eclipse`` [s].
    simulated : mapping
        Values (SI) the simulation ran with.
    table : mapping
        The simulation's summary (:meth:`orbitcompute.sim.engine.SimResult.table`).
    tle : bool
        Whether the orbits came from a TLE file.

    Returns
    -------
    dict
        ``priced`` and ``simulated`` (``orbit``, ``sunlit_fraction`` [-],
        ``longest_eclipse_min`` [min]), ``changes`` (list of words), ``differs`` (bool: the
        layout was changed and the figures moved beyond the tolerances) and ``text``.
    """
    p_sun = float(priced_row["orbit.sunlit_fraction"])
    p_ecl = float(priced_row["orbit.longest_eclipse"]) / 60.0
    s_sun = float(table["sunlit_fraction_mean"])
    s_ecl = float(table["longest_eclipse_min"])
    changes = layout_changes(priced, simulated, tle=tle)
    moved = abs(s_sun - p_sun) > SUNLIT_TOLERANCE or abs(s_ecl - p_ecl) * 60 > ECLIPSE_TOLERANCE
    days = float(table.get("days", 365.0))
    span = "" if days >= 365 else f" over {days:g} d (priced: the year)"
    figures = (
        f"sunlit {100 * s_sun:.1f} % vs {100 * p_sun:.1f} % priced, longest eclipse "
        f"{s_ecl:.1f} vs {p_ecl:.1f} min{span}"
    )
    if changes:
        text = (
            f"layout differs from the priced design ({describe_orbit(priced)}): "
            f"{', '.join(changes)}; {figures}"
        )
    else:
        text = f"layout: the priced design ({describe_orbit(priced)}); {figures}"
    return {
        "priced": {
            "orbit": describe_orbit(priced),
            "sunlit_fraction": p_sun,
            "longest_eclipse_min": p_ecl,
        },
        "simulated": {
            "orbit": "TLE file" if tle else describe_orbit(simulated),
            "sunlit_fraction": s_sun,
            "longest_eclipse_min": s_ecl,
        },
        "changes": changes,
        "differs": bool(changes) and moved,
        "text": text,
    }

"""What moving data costs: terminals, data ground stations and internet transit.

Cost lines for the links sized by :func:`orbitcompute.design.comms.size_comms`. Space
terminals are bought with the satellites (insured, financed during construction, recovered
over the satellite life); data ground stations are ground-segment capital recovered over the
horizon with a yearly O&M share; internet transit is paid by both sides for the bits they
exchange with their users (`network.transit_price`), the ground data center included.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.constants import YEAR
from orbitcompute.economics.finance import capital_recovery_factor


def orbit_comms_capex(
    p: Mapping[str, np.ndarray], c: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Capital cost of the data links of the orbital side [USD].

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    c : mapping
        Output of :func:`orbitcompute.design.comms.size_comms` (terminal and site counts).

    Returns
    -------
    dict
        ``terminals`` (space laser terminals, inter-satellite and ground links),
        ``ground_stations`` (data sites and their ground terminals).
    """
    terminals = c["links.space_terminals"] * p["network.space_terminal_cost"]
    stations = (
        c["links.sites"] * p["network.ground_site_cost"]
        + c["links.ground_terminals"] * p["network.ground_terminal_cost"]
    )
    return {"terminals": terminals, "ground_stations": stations}


def ground_station_annual(
    p: Mapping[str, np.ndarray], capex: np.ndarray, crf: np.ndarray | None = None
) -> np.ndarray:
    """Yearly cost of the data ground stations [USD/yr]: capital recovery over the horizon
    (``crf``, computed if not given) plus O&M (``network.ground_opex_fraction``).

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    capex : array_like
        Capital cost of the data ground stations [USD].
    crf : array_like, optional
        Capital recovery factor [1/s]; computed from the discount rate and horizon if None.

    Returns
    -------
    numpy.ndarray
        Yearly cost [USD/yr].
    """
    if crf is None:
        crf = capital_recovery_factor(p["finance.discount_rate"], p["finance.horizon"])
    return capex * (crf + p["network.ground_opex_fraction"] * YEAR)


def transit_annual(
    p: Mapping[str, np.ndarray], rate: np.ndarray, delivered: np.ndarray
) -> np.ndarray:
    """Yearly internet transit for traffic ``rate`` [bit/s] at full compute [USD/yr].

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    rate : array_like
        Traffic exchanged with users, both directions, while all accelerators compute [bit/s].
    delivered : array_like
        Share of the year the compute (hence the traffic) actually runs [-].

    Notes
    -----
    cost = R x delivered x 1 yr x price, with the price per bit from a price per sustained
    Mbit/s per month (TeleGeography's unit).
    """
    return rate * (YEAR * p["network.transit_price"]) * delivered

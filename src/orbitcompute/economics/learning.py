"""Experience curves and growth paths: how prices fall with cumulative production over time.

Pure vectorized functions of calendar years and path parameters, used by the outlook's time
paths (:mod:`orbitcompute.paths`): Wright's law with a floor, logistic growth of an annual
quantity (launched mass per year) and its closed-form cumulative sum, capped and floored
exponential trends.

References
----------
Wright, T. P. (1936). Factors affecting the cost of airplanes. Journal of the Aeronautical
Sciences 3(4), 122-128.
Way, R., Ives, M. C., Mealy, P. and Farmer, J. D. (2022). Empirically grounded technology
forecasts and the energy transition. Joule 6(9), 2057-2082.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def learning_exponent(learning_rate: ArrayLike) -> NDArray:
    """Wright's-law exponent ``b`` of a learning rate [-].

    Parameters
    ----------
    learning_rate : array_like
        Fractional fall of the price per doubling of cumulative production, in (0, 1] [-].

    Returns
    -------
    numpy.ndarray
        ``b = -log2(1 - LR)`` [-], so that ``price ~ cumulative^(-b)``; ``inf`` at ``LR = 1``.

    Notes
    -----
    The progress ratio ``1 - LR = 2^(-b)`` is the price after a doubling over the price before
    it (Wright 1936: about 0.8 for airframes).
    """
    with np.errstate(divide="ignore"):
        return -np.log2(1.0 - np.asarray(learning_rate, dtype=float))


def experience_curve(
    anchor: ArrayLike, ratio: ArrayLike, learning_rate: ArrayLike, floor: ArrayLike
) -> NDArray:
    """Price after cumulative production has grown by ``ratio`` since the anchor [price unit].

    Parameters
    ----------
    anchor : array_like
        Price at the anchor (any unit, e.g. USD/kg).
    ratio : array_like
        Cumulative production now over cumulative production at the anchor [-]; below 1 for a
        year before the anchor (the curve runs backwards).
    learning_rate : array_like
        Fall of the part of the price above the floor per doubling, in (0, 1] [-].
    floor : array_like
        Price the curve approaches and never crosses (same unit as ``anchor``): the cost of
        what does not learn (propellant, materials).

    Returns
    -------
    numpy.ndarray
        ``floor + (anchor - floor) ratio^(-b)`` with ``b`` from :func:`learning_exponent`; an
        anchor at or below the floor stays where it is.

    Notes
    -----
    Wright's law applied to the part of the price above the floor, the usual form for
    technologies with an irreducible input cost (Way et al. 2022 fit plain power laws; the
    floor keeps long extrapolations physical).
    """
    anchor = np.asarray(anchor, dtype=float)
    floor = np.asarray(floor, dtype=float)
    b = learning_exponent(learning_rate)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # anchor - (anchor - floor)(1 - ratio^-b): exactly the anchor at ratio = 1
        fall = 1.0 - np.power(np.asarray(ratio, dtype=float), -b)
        learned = anchor - (anchor - floor) * fall
    return np.where(anchor > floor, learned, anchor)


def logistic_rate(
    years: ArrayLike, start: float, initial: ArrayLike, growth: ArrayLike, ceiling: ArrayLike
) -> NDArray:
    """An annual quantity growing logistically toward a ceiling [unit of ``initial``].

    Parameters
    ----------
    years : array_like
        Calendar years [yr].
    start : float
        Calendar year of ``initial`` [yr].
    initial : array_like
        Annual quantity in the start year (e.g. launched mass per year) [unit per yr].
    growth : array_like
        Initial growth rate, as a fraction per year (0.3 = 30 %/yr) [1/yr].
    ceiling : array_like
        Saturation level [unit per yr], above ``initial``.

    Returns
    -------
    numpy.ndarray
        ``m(t) = K e^(k tau) / (e^(k tau) + A)`` with ``k = ln(1 + g)``, ``tau = t - start``
        and ``A = K / m0 - 1``; ``m0`` at ``tau = 0``, growing at about ``g`` while far below
        ``K``. A ceiling at or below ``initial`` keeps the quantity constant.
    """
    m0 = np.asarray(initial, dtype=float)
    k = np.log1p(np.asarray(growth, dtype=float))
    a = np.maximum(np.asarray(ceiling, dtype=float) / m0 - 1.0, 0.0)
    tau = np.asarray(years, dtype=float) - start
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.minimum(k * tau, 700.0))
        return m0 * (1.0 + a) * e / (e + a)


def logistic_cumulative(
    years: ArrayLike,
    start: float,
    cumulative: ArrayLike,
    initial: ArrayLike,
    growth: ArrayLike,
    ceiling: ArrayLike,
) -> NDArray:
    """Cumulative sum of :func:`logistic_rate` from ``start``, plus what came before [unit].

    Parameters
    ----------
    years : array_like
        Calendar years [yr] (the cumulative total at that instant).
    start : float
        Calendar year at which the total is ``cumulative`` [yr].
    cumulative : array_like
        Cumulative quantity at ``start`` (e.g. mass launched so far) [unit].
    initial, growth, ceiling : array_like
        As for :func:`logistic_rate`.

    Returns
    -------
    numpy.ndarray
        ``M(t) = M0 + (K / k) ln((e^(k tau) + A) / (1 + A))`` (the exact integral of the
        logistic rate), ``M0 + m0 tau`` when ``k = 0``; never below 0.1 % of ``M0`` (before
        ``start`` the curve runs backwards).
    """
    m0 = np.asarray(initial, dtype=float)
    k = np.log1p(np.asarray(growth, dtype=float))
    a = np.maximum(np.asarray(ceiling, dtype=float) / m0 - 1.0, 0.0)
    tau = np.asarray(years, dtype=float) - start
    c0 = np.asarray(cumulative, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        kt = np.minimum(k * tau, 700.0)
        # ln((e^kt + A) / (1 + A)) = log1p(expm1(kt) / (1 + A)): exact for small k tau too
        grown = m0 * (1.0 + a) / k * np.log1p(np.expm1(kt) / (1.0 + a))
        added = np.where(k > 1e-12, grown, m0 * tau)
    return np.maximum(c0 + added, 1e-3 * c0)


def trend(anchor: ArrayLike, rate: ArrayLike, years_since: ArrayLike) -> NDArray:
    """Constant annual rate of change from an anchor value [unit of ``anchor``].

    Parameters
    ----------
    anchor : array_like
        Value at the anchor year.
    rate : array_like
        Change per year as a fraction (-0.02 = falls 2 %/yr) [1/yr], above -1.
    years_since : array_like
        Years after the anchor (negative before it) [yr].

    Returns
    -------
    numpy.ndarray
        ``anchor (1 + rate)^years_since``.
    """
    with np.errstate(over="ignore"):
        return np.asarray(anchor, dtype=float) * np.power(
            1.0 + np.asarray(rate, dtype=float), np.asarray(years_since, dtype=float)
        )


def capped_trend(
    anchor: ArrayLike, rate: ArrayLike, years_since: ArrayLike, limit: ArrayLike
) -> NDArray:
    """:func:`trend` that stops at ``limit`` (a ceiling when rising, a floor when falling).

    Returns
    -------
    numpy.ndarray
        The trend, not beyond ``limit`` in the direction it moves; an anchor already beyond
        the limit stays at the anchor.
    """
    anchor = np.asarray(anchor, dtype=float)
    limit = np.asarray(limit, dtype=float)
    rate = np.asarray(rate, dtype=float)
    t = trend(anchor, rate, years_since)
    rising = rate >= 0
    ceiling = np.maximum(anchor, limit)
    floor = np.minimum(anchor, limit)
    return np.where(rising, np.minimum(t, ceiling), np.maximum(t, floor))


__all__ = [
    "capped_trend",
    "experience_curve",
    "learning_exponent",
    "logistic_cumulative",
    "logistic_rate",
    "trend",
]

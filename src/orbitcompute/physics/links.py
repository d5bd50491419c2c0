"""Link budgets and propagation geometry: optical and RF links, slant range, latency.

Pure vectorized functions over numpy arrays (scalars broadcast), SI units throughout:
distances [m], wavelengths [m], powers [W], rates [bit/s], angles [rad], times [s].
Non-physical inputs raise :class:`ValueError`; checking a user's scenario and naming its key
is the job of the layers above (``orbitcompute.links``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import C_LIGHT, R_EARTH_MEAN

#: Planck constant [J s] (exact, SI 2019).
PLANCK = 6.62607015e-34
#: Boltzmann constant [J/K] (exact, SI 2019).
BOLTZMANN = 1.380649e-23


def _check_distance(distance: ArrayLike) -> np.ndarray:
    d = np.asarray(distance, dtype=float)
    if not np.all(np.isfinite(d)) or np.any(d <= 0):
        bad = d[~(np.isfinite(d) & (d > 0))].ravel()[0]
        raise ValueError(f"distance = {float(bad)!r}: expected a positive finite distance in m")
    return d


def photon_energy(wavelength: ArrayLike) -> np.ndarray:
    """Energy of one photon [J].

    Parameters
    ----------
    wavelength : array_like
        Wavelength [m].

    Notes
    -----
    E = h c / lambda.
    """
    return PLANCK * C_LIGHT / np.asarray(wavelength, dtype=float)


def photons_per_bit(received_power: ArrayLike, bit_rate: ArrayLike, wavelength: ArrayLike):
    """Receiver sensitivity in photons per bit from a sensitivity in watts at a bit rate.

    Parameters
    ----------
    received_power : array_like
        Required received optical power [W].
    bit_rate : array_like
        Data rate [bit/s].
    wavelength : array_like
        Wavelength [m].

    Notes
    -----
    n = P / (R h c / lambda). -20 dBm at 100 Gbit/s and 1550 nm is about 780 photons/bit.
    """
    return np.asarray(received_power, dtype=float) / (
        np.asarray(bit_rate, dtype=float) * photon_energy(wavelength)
    )


def gaussian_beam_radius(
    distance: ArrayLike, waist: ArrayLike, wavelength: ArrayLike
) -> np.ndarray:
    """1/e^2 intensity radius of a Gaussian beam after ``distance`` [m].

    Parameters
    ----------
    distance : array_like
        Propagation distance from the waist [m].
    waist : array_like
        Waist radius w0 [m].
    wavelength : array_like
        Wavelength [m].

    Notes
    -----
    w(z) = w0 sqrt(1 + (z / z_R)^2) with Rayleigh range z_R = pi w0^2 / lambda.

    References
    ----------
    Saleh & Teich, Fundamentals of Photonics, 2nd ed. (2007), eq. 3.1-8 and 3.1-11.
    """
    w0 = np.asarray(waist, dtype=float)
    z_r = np.pi * w0**2 / np.asarray(wavelength, dtype=float)
    return w0 * np.sqrt(1.0 + (np.asarray(distance, dtype=float) / z_r) ** 2)


def collected_fraction(
    distance: ArrayLike, tx_aperture: ArrayLike, rx_aperture: ArrayLike, wavelength: ArrayLike
) -> np.ndarray:
    """Fraction of a Gaussian beam launched from ``tx_aperture`` that ``rx_aperture`` collects.

    Parameters
    ----------
    distance : array_like
        Link distance [m].
    tx_aperture, rx_aperture : array_like
        Transmit and receive aperture diameters [m]. The beam waist is the transmit radius.
    wavelength : array_like
        Wavelength [m].

    Returns
    -------
    numpy.ndarray
        Collected power fraction in [0, 1].

    Notes
    -----
    eta = 1 - exp(-2 a^2 / w(d)^2) with a the receive radius. Near field (d << z_R) the
    fraction saturates near 1 - exp(-2) for equal apertures; far field it tends to
    pi^2 D_t^2 D_r^2 / (8 lambda^2 d^2), i.e. 1/d^2 (the Friis law with the 2x on-axis gain
    of a Gaussian beam).

    References
    ----------
    Saleh & Teich (2007) eq. 3.1-20 (power through a circular aperture); Hemmati, Near-Earth
    Laser Communications (2009) ch. 2.
    """
    d = np.asarray(distance, dtype=float)
    w = gaussian_beam_radius(d, 0.5 * np.asarray(tx_aperture, dtype=float), wavelength)
    a = 0.5 * np.asarray(rx_aperture, dtype=float)
    return -np.expm1(-2.0 * a**2 / w**2)


def pointing_efficiency(
    pointing_error: ArrayLike, tx_aperture: ArrayLike, wavelength: ArrayLike
) -> np.ndarray:
    """On-axis intensity loss factor of a Gaussian beam mispointed by ``pointing_error``.

    Notes
    -----
    L = exp(-2 theta^2 / theta_div^2), theta_div = lambda / (pi w0), w0 = D_t / 2.

    References
    ----------
    Hemmati, Near-Earth Laser Communications (2009) ch. 2 (Gaussian pointing loss).
    """
    w0 = 0.5 * np.asarray(tx_aperture, dtype=float)
    div = np.asarray(wavelength, dtype=float) / (np.pi * w0)
    return np.exp(-2.0 * (np.asarray(pointing_error, dtype=float) / div) ** 2)


def spatial_modes(
    distance: ArrayLike, tx_aperture: ArrayLike, rx_aperture: ArrayLike, wavelength: ArrayLike
) -> np.ndarray:
    """Number of independent spatial channels between two apertures (Fresnel number product).

    Notes
    -----
    N = A_t A_r / (lambda d)^2 with A = pi D^2 / 4. N >= 1 marks the near-field regime
    where spatial multiplexing works; N < 1 is the far field (one mode, power ~ 1/d^2).

    References
    ----------
    D. A. B. Miller, "Communicating with waves between volumes", Appl. Opt. 39, 1681 (2000).
    """
    at = np.pi * np.asarray(tx_aperture, dtype=float) ** 2 / 4.0
    ar = np.pi * np.asarray(rx_aperture, dtype=float) ** 2 / 4.0
    return at * ar / (np.asarray(wavelength, dtype=float) * np.asarray(distance, dtype=float)) ** 2


def optical_received_power(
    distance: ArrayLike,
    tx_power: ArrayLike,
    tx_aperture: ArrayLike,
    rx_aperture: ArrayLike,
    wavelength: ArrayLike,
    optical_efficiency: ArrayLike = 1.0,
    pointing_error: ArrayLike = 0.0,
    transmission: ArrayLike = 1.0,
) -> np.ndarray:
    """Optical power reaching the receiver [W].

    Parameters
    ----------
    distance : array_like
        Link distance [m]; must be positive.
    tx_power : array_like
        Launched optical power [W].
    tx_aperture, rx_aperture : array_like
        Aperture diameters [m].
    wavelength : array_like
        Wavelength [m].
    optical_efficiency : array_like
        Throughput of both terminals' optics [-].
    pointing_error : array_like
        RMS pointing error [rad].
    transmission : array_like
        Medium transmission (1 in vacuum; atmosphere for ground links) [-].

    Notes
    -----
    P_r = P_t eta_opt T L_point eta_geo(d), eta_geo from :func:`collected_fraction`.
    """
    d = _check_distance(distance)
    return (
        np.asarray(tx_power, dtype=float)
        * np.asarray(optical_efficiency, dtype=float)
        * np.asarray(transmission, dtype=float)
        * pointing_efficiency(pointing_error, tx_aperture, wavelength)
        * collected_fraction(d, tx_aperture, rx_aperture, wavelength)
    )


def optical_link_capacity(
    distance: ArrayLike,
    tx_power: ArrayLike,
    tx_aperture: ArrayLike,
    rx_aperture: ArrayLike,
    wavelength: ArrayLike,
    sensitivity: ArrayLike,
    channel_rate: ArrayLike,
    channels: ArrayLike = 1,
    transceivers: ArrayLike = 1,
    optical_efficiency: ArrayLike = 1.0,
    pointing_error: ArrayLike = 0.0,
    transmission: ArrayLike = 1.0,
) -> np.ndarray:
    """Capacity of a free-space optical link, each way [bit/s].

    Parameters
    ----------
    distance : array_like
        Link distance [m].
    tx_power : array_like
        Total launched optical power, all channels and transceivers [W].
    tx_aperture, rx_aperture : array_like
        Aperture diameters [m].
    wavelength : array_like
        Wavelength [m].
    sensitivity : array_like
        Receiver sensitivity [photons/bit].
    channel_rate : array_like
        Rate of one DWDM channel [bit/s].
    channels : array_like
        DWDM channels per transceiver pair [-].
    transceivers : array_like
        Transceiver pairs sharing the aperture by spatial multiplexing [-].
    optical_efficiency, pointing_error, transmission : array_like
        See :func:`optical_received_power`.

    Returns
    -------
    numpy.ndarray
        Capacity each way [bit/s].

    Notes
    -----
    C = min(P_r / (E_ph n_pb), n_used R_ch N_ch), with n_used = clip(floor(N_modes), 1,
    n_transceivers) the transceivers the near field can separate (:func:`spatial_modes`).
    Far beyond the Fresnel range the photon budget binds and C ~ 1/d^2; at short range the
    capacity saturates at the transceiver limit (Suncatcher's ~10 Tbit/s formation links).

    References
    ----------
    Google, "Towards a future space-based, highly scalable AI infrastructure system design",
    arXiv 2511.19468 (2025) sec. 2.2; Miller (2000); Hemmati (2009).
    """
    p_r = optical_received_power(
        distance,
        tx_power,
        tx_aperture,
        rx_aperture,
        wavelength,
        optical_efficiency,
        pointing_error,
        transmission,
    )
    photon_limit = p_r / (photon_energy(wavelength) * np.asarray(sensitivity, dtype=float))
    modes = spatial_modes(distance, tx_aperture, rx_aperture, wavelength)
    used = np.clip(np.floor(modes), 1.0, np.asarray(transceivers, dtype=float))
    hardware = used * np.asarray(channels, dtype=float) * np.asarray(channel_rate, dtype=float)
    return np.minimum(photon_limit, hardware)


def rf_link_capacity(
    distance: ArrayLike,
    frequency: ArrayLike,
    bandwidth: ArrayLike,
    tx_power: ArrayLike,
    tx_antenna_diameter: ArrayLike,
    rx_antenna_diameter: ArrayLike,
    aperture_efficiency: ArrayLike,
    system_noise_temperature: ArrayLike,
    transmission: ArrayLike = 1.0,
    max_spectral_efficiency: ArrayLike = np.inf,
) -> np.ndarray:
    """Capacity of an RF link [bit/s] from the Friis equation and Shannon's limit.

    Parameters
    ----------
    distance : array_like
        Slant range [m].
    frequency : array_like
        Carrier frequency [Hz].
    bandwidth : array_like
        Occupied bandwidth [Hz].
    tx_power : array_like
        Transmitter output power [W].
    tx_antenna_diameter, rx_antenna_diameter : array_like
        Dish diameters [m].
    aperture_efficiency : array_like
        Antenna aperture efficiency [-].
    system_noise_temperature : array_like
        Receiver system noise temperature [K].
    transmission : array_like
        Atmosphere and rain transmission [-].
    max_spectral_efficiency : array_like
        Modem cap on spectral efficiency [bit/s/Hz].

    Notes
    -----
    G = eta (pi D f / c)^2; P_r = P_t G_t G_r T (c / (4 pi d f))^2; SNR = P_r / (k T_sys B);
    C = B min(log2(1 + SNR), eta_max).

    References
    ----------
    Pozar, Microwave Engineering 4th ed. (2012) eq. 14.11 (Friis) and 14.20 (dish gain);
    Shannon (1948).
    """
    d = _check_distance(distance)
    f = np.asarray(frequency, dtype=float)
    lam = C_LIGHT / f
    eta = np.asarray(aperture_efficiency, dtype=float)
    g_t = eta * (np.pi * np.asarray(tx_antenna_diameter, dtype=float) / lam) ** 2
    g_r = eta * (np.pi * np.asarray(rx_antenna_diameter, dtype=float) / lam) ** 2
    p_r = (
        np.asarray(tx_power, dtype=float) * g_t * g_r * transmission * (lam / (4 * np.pi * d)) ** 2
    )
    b = np.asarray(bandwidth, dtype=float)
    snr = p_r / (BOLTZMANN * np.asarray(system_noise_temperature, dtype=float) * b)
    return b * np.minimum(np.log2(1.0 + snr), max_spectral_efficiency)


# --------------------------------------------------------------------------------------------
# Geometry and latency


def slant_range(
    altitude: ArrayLike, elevation: ArrayLike, earth_radius: float = R_EARTH_MEAN
) -> np.ndarray:
    """Distance from a ground point to a satellite seen at ``elevation`` [m].

    Parameters
    ----------
    altitude : array_like
        Orbit altitude above the spherical Earth [m].
    elevation : array_like
        Elevation angle above the horizon [rad], in [0, pi/2].
    earth_radius : float
        Radius of the spherical Earth [m].

    Notes
    -----
    Law of cosines in the Earth-centre / station / satellite triangle:
    rho = sqrt((R + h)^2 - R^2 cos^2 E) - R sin E.

    References
    ----------
    Wertz & Larson, Space Mission Analysis and Design 3rd ed. (1999) sec. 5.2, eq. 5-13 to 5-17.
    """
    h = np.asarray(altitude, dtype=float)
    if np.any(h <= 0):
        raise ValueError(f"altitude = {float(np.min(h))!r}: expected a positive altitude in m")
    e = np.asarray(elevation, dtype=float)
    if np.any((e < 0) | (e > np.pi / 2)):
        bad = float(np.degrees(np.max(np.abs(e))))
        raise ValueError(f"elevation = {bad!r} deg: expected 0 to 90 deg")
    r = earth_radius + h
    return np.sqrt(r**2 - (earth_radius * np.cos(e)) ** 2) - earth_radius * np.sin(e)


def propagation_delay(distance: ArrayLike, velocity_factor: ArrayLike = 1.0) -> np.ndarray:
    """One-way propagation delay [s] over ``distance`` [m] at ``velocity_factor`` x c."""
    d = np.asarray(distance, dtype=float)
    if np.any(d < 0) or not np.all(np.isfinite(d) | np.isinf(d)):
        raise ValueError(f"distance = {float(np.min(d))!r}: expected a non-negative distance in m")
    return d / (C_LIGHT * np.asarray(velocity_factor, dtype=float))


def great_circle_distance(
    lat1: ArrayLike,
    lon1: ArrayLike,
    lat2: ArrayLike,
    lon2: ArrayLike,
    earth_radius: float = R_EARTH_MEAN,
) -> np.ndarray:
    """Great-circle distance on a sphere [m] (haversine); angles [rad].

    References
    ----------
    Sinnott, "Virtues of the haversine", Sky and Telescope 68, 159 (1984).
    """
    p1, p2 = np.asarray(lat1, dtype=float), np.asarray(lat2, dtype=float)
    dlat = p2 - p1
    dlon = np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * earth_radius * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))

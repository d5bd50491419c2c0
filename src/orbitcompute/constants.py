"""Physical and calendar constants (SI). These are facts of nature, not model parameters.

Model assumptions live in the parameter registry; this module holds only constants that no
scenario should change, each with its source.
"""

from __future__ import annotations

#: Earth's gravitational parameter [m^3/s^2] (WGS-84 / EGM-96; Vallado 4th ed. table D-3).
MU_EARTH = 3.986004418e14
#: Earth's equatorial radius [m] (WGS-84).
R_EARTH = 6_378_137.0
#: Earth's mean radius [m] (IUGG).
R_EARTH_MEAN = 6_371_008.8
#: Second zonal harmonic of Earth's gravity field [-] (EGM-96; Vallado 4th ed. table D-3).
J2 = 1.08262668e-3
#: Stefan-Boltzmann constant [W/(m^2 K^4)] = 2 pi^5 k^4 / (15 h^3 c^2) from the exact SI k, h, c
#: (5.670374419e-8; checked against scipy.constants in the tests).
SIGMA = 2 * 3.141592653589793**5 * 1.380649e-23**4 / (15 * 6.62607015e-34**3 * 299_792_458.0**2)
#: Speed of light in vacuum [m/s] (exact, SI).
C_LIGHT = 299_792_458.0
#: Standard gravity [m/s^2] (exact, SI; used in the rocket equation with Isp in seconds).
G0 = 9.80665
#: Astronomical unit [m] (IAU 2012, exact).
AU = 149_597_870_700.0
#: Sun's mean radius [m] (IAU 2015 nominal solar radius).
R_SUN = 6.957e8
#: Obliquity of the ecliptic at J2000 [rad] (Meeus, Astronomical Algorithms, 2nd ed., eq. 22.2).
OBLIQUITY_J2000 = 0.40909280422232897  # 23.4392911 deg
#: Eccentricity of Earth's orbit [-] (J2000; Meeus 2nd ed. eq. 25.4).
EARTH_ORBIT_ECCENTRICITY = 0.016708634
#: Mean motion of the Sun about Earth: one tropical year [s] (Meeus 2nd ed. ch. 25).
TROPICAL_YEAR = 365.24219 * 86400.0
#: Julian year [s] (IAU): the unit 'yr' of the registry and of rates per year.
YEAR = 365.25 * 86400.0
#: Day [s].
DAY = 86400.0
#: Hour [s].
HOUR = 3600.0
#: Sidereal rotation rate of the Earth [rad/s] (IERS conventions 2010).
OMEGA_EARTH = 7.292115e-5
#: Terrestrial Time minus UTC [s] since 2017-01-01: TAI-UTC = 37 s (IERS Bulletin C) plus
#: TT-TAI = 32.184 s (IAU 1991). Used to evaluate solar ephemerides from UTC timestamps.
TT_MINUS_UTC = 69.184
#: Julian date of the Unix epoch 1970-01-01T00:00 UTC [d].
JD_UNIX_EPOCH = 2440587.5
#: Julian date of the J2000.0 epoch, 2000-01-01T12:00 TT [d] (IAU).
JD_J2000 = 2451545.0
#: Density of aluminium at 20 degC [kg/m^3] (CRC Handbook of Chemistry and Physics, 97th ed.):
#: converts shield thickness in mm Al to areal density (1 mm = 2.70 kg/m^2).
ALUMINIUM_DENSITY = 2698.9
#: Gray per rad [Gy] (1 rad = 0.01 Gy, SI brochure 9th ed. table 8).
GRAY_PER_RAD = 0.01

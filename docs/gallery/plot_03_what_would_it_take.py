"""
What would it take?
===================

For each assumption that could plausibly move, at what value would orbit and ground cost the
same (all else as in the scenario)? :func:`orbitcompute.analysis.breakeven.breakeven` searches
each parameter's registry range with Brent's method and says when there is no crossing. Then a
two-parameter frontier: launch price against satellite build cost.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import orbitcompute as oc
from orbitcompute.analysis.breakeven import breakeven

sc = oc.load_scenario("starship-2030")
for name in (
    "launch.price_per_kg",
    "satellite.cost_per_kg",
    "power.array_specific_power",
    "ground.electricity_price",
    "reliability.orbit_failure_multiplier",
):
    r = breakeven(sc, name)
    if len(r.table):
        v = r.table["value"].iloc[0]
        print(f"{name:40s} breakeven at {v:.4g} {r.unit} (now {r.current:.4g})")
    else:
        print(f"{name:40s} no breakeven in [{r.minimum:g}, {r.maximum:g}] {r.unit}")

# %%
# Launch price x satellite cost: where is orbit cheaper?
# ------------------------------------------------------
launch = np.geomspace(10, 3600, 60)
bus = np.geomspace(100, 3000, 50)
L, B = np.meshgrid(launch, bus)
p = sc.params()
p["launch.price_per_kg"] = L.ravel()
p["satellite.cost_per_kg"] = B.ravel()
ratio = oc.evaluate(p)["ratio"].reshape(L.shape)
fig, ax = plt.subplots(figsize=(7, 4.5))
cs = ax.contourf(L, B, np.log10(ratio), levels=20, cmap="RdBu_r")
ax.contour(L, B, ratio, levels=[1.0], colors="k")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("launch price [USD/kg]")
ax.set_ylabel("satellite bus cost [USD/kg]")
ax.set_title("starship-2030: log10(orbit / ground); black line = parity")
fig.colorbar(cs, label="log10 ratio [-]")
fig.tight_layout()
print("share of this grid where orbit is cheaper:", float(np.mean(ratio < 1)))

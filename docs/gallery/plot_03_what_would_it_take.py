"""
What would it take?
===================

For each assumption that could plausibly move, at what value would orbit and ground cost the
same, all else as in the scenario? :func:`orbitcompute.analysis.breakeven.breakeven` searches
each parameter's registry range with Brent's method and says when there is no crossing;
:func:`orbitcompute.analysis.parity.parity` (``orbitcompute parity``) finds the smallest *joint*
change of several levers, each scaled by its plausible range. We start from the ``optimist``
preset, with its cheapest feasible design (as ``compare`` headlines it), then map launch price
against satellite build cost.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import orbitcompute as oc
from orbitcompute.analysis.breakeven import breakeven
from orbitcompute.analysis.headline import headline
from orbitcompute.analysis.parity import parity, summary

sc = headline(oc.load_scenario("optimist")).scenario
print(f"{sc.label}: orbit / ground = {oc.evaluate(sc.params()).row(0)['ratio']:.2f}")
for name in (
    "launch.price_per_kg",
    "satellite.cost_per_kg",
    "compute.space_hardening_premium",
    "reliability.orbit_failure_multiplier",
    "ground.electricity_price",
):
    r = breakeven(sc, name)
    if len(r.table):
        v = r.table["value"].iloc[0]
        print(f"{name:40s} parity at {v:.4g} {r.unit} (now {r.current:.4g})")
    else:
        print(f"{name:40s} no parity in [{r.minimum:g}, {r.maximum:g}] {r.unit}")

# %%
# The smallest joint change: ``orbitcompute parity optimist``
# -----------------------------------------------------------
# Each lever's move is measured in units of its plausible range (its distribution, else the
# registry range), and the search minimizes the length of that scaled move.
par = parity("optimist")
print(summary(par))
levers = [lv for lv in par.to_dict()["levers"] if lv["z"] is not None and abs(lv["z"]) > 1e-6]
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.barh([lv["label"] for lv in levers], [lv["z"] for lv in levers])
ax.axvline(0.0, color="k", lw=1)
ax.set_xlabel("move in units of the lever's plausible range [-]")
ax.set_title(f"optimist: levers to parity (scaled distance {par.distance:.3f})")
fig.tight_layout()

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
if ratio.min() < 1.0 < ratio.max():
    ax.contour(L, B, ratio, levels=[1.0], colors="k")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("launch price [USD/kg]")
ax.set_ylabel("satellite bus cost [USD/kg]")
ax.set_title("optimist, optimized design: log10(orbit / ground); black = parity")
fig.colorbar(cs, label="log10 ratio [-]")
fig.tight_layout()
i = np.unravel_index(np.argmin(ratio), ratio.shape)
print(
    f"share of this grid where orbit is cheaper: {float(np.mean(ratio < 1)):.3f}; lowest "
    f"ratio {ratio[i]:.2f} at {L[i]:.0f} USD/kg launch and {B[i]:.0f} USD/kg buses"
)

# %%
# No single lever is enough here: at the optimist's prices the accelerators themselves (their
# purchase, their failures without repair and their hardening) keep orbit above the ground's
# cost whatever launch and buses cost. ``orbitcompute parity`` (issue 17) searches several
# levers at once.

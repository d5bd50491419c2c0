"""
Is Starship enough?
===================

Starship promises 100-150 t to low Earth orbit at a fraction of today's price. Does that make
an orbital data center cheaper than one on the ground? We load the ``starship-2030`` preset
(500 USD/kg, 100 t per launch), headline it like ``orbitcompute compare`` does (the cheapest
feasible orbital design for its technology and prices, against the cheapest ground option),
look at the cost lines, and ask whether any launch price closes the gap.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import orbitcompute as oc
from orbitcompute.analysis.headline import headline
from orbitcompute.economics.costs import cost_lines

for name in ("today", "starship-2030"):
    sc = oc.load_scenario(name)
    given = oc.evaluate(sc.params()).row(0)
    best = oc.evaluate(headline(sc).scenario.params()).row(0)
    print(
        f"{name:14s} orbit {given['orbit.cost_per_gpu_hour']:6.2f} USD/h as given, "
        f"{best['orbit.cost_per_gpu_hour']:6.2f} optimized; ground "
        f"{best['ground.cost_per_gpu_hour']:5.2f} USD/h; ratio {best['ratio']:5.2f}"
    )

# %%
# Where the money goes with Starship
# ----------------------------------
h = headline(oc.load_scenario("starship-2030"))
row = oc.evaluate(h.scenario.params()).row(0)
lines = [x for x in cost_lines(row) if x["orbit"] is not None and x["orbit"] > 0]
fig, ax = plt.subplots(figsize=(7, 4))
ax.barh([x["label"] for x in lines], [x["orbit"] for x in lines], color="tab:blue")
ax.axvline(row["ground.cost_per_gpu_hour"], color="tab:orange", label="ground, all lines")
ax.set_xlabel("cost per delivered GPU-hour [USD/h]")
ax.set_title("starship-2030, optimized design: orbit cost lines")
ax.legend()
fig.tight_layout()

# %%
# Even free launch?
# -----------------
# Launch is one line among several: the buses, the accelerators lost to failures without
# repair, space hardening and insurance stay. Holding the optimized design fixed, the ratio at
# a free launch says whether any launch price can close the gap.
p = h.scenario.params()
prices = np.array([0.0, 10.0, 50.0, 100.0, 200.0, 500.0])
p["launch.price_per_kg"] = prices
r = oc.evaluate(p)
for price, ratio in zip(prices, r["ratio"], strict=True):
    print(f"launch {price:6.0f} USD/kg -> orbit / ground = {ratio:5.2f}")

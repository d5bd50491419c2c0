"""
Use the Python API in a notebook
================================

Everything the command line shows is one call away in Python: load a scenario (a preset or a
TOML file, with ``--set``-style overrides), evaluate it, and read the outputs as numbers with
their units from the outputs table. Arrays broadcast, so a sweep is one call too.
"""

# %%
# Load the default scenario and evaluate it
# -----------------------------------------
import matplotlib.pyplot as plt
import numpy as np

import orbitcompute as oc

sc = oc.load_scenario("today")
res = oc.evaluate(sc.params())
table = oc.outputs()
for name in ("orbit.cost_per_gpu_hour", "ground.cost_per_gpu_hour", "ratio"):
    o = table[name]
    print(f"{o.label:40s} {o.display(res[name][0]):10.2f} {o.display_unit}")

# %%
# The cost lines behind the headline
# ----------------------------------
# Every cost line is an output (``orbit.cost.<line>`` in USD per levelized GPU-hour); they add
# up to the headline.
row = res.row(0)
lines = {k.removeprefix("orbit.cost."): v for k, v in row.items() if k.startswith("orbit.cost.")}
print({k: round(v, 2) for k, v in lines.items()})
print("sum", round(sum(lines.values()), 4), "headline", round(row["orbit.cost_per_gpu_hour"], 4))

# %%
# One vectorized call over an array of launch prices
# ---------------------------------------------------
p = sc.params()
prices = np.geomspace(10, 60000, 200)  # USD/kg; the registry unit is SI too (USD/kg)
p["launch.price_per_kg"] = prices
r = oc.evaluate(p)
fig, ax = plt.subplots(figsize=(7, 4))
ax.loglog(prices, r["orbit.cost_per_gpu_hour"], label="orbit")
ax.loglog(prices, np.broadcast_to(r["ground.cost_per_gpu_hour"], prices.shape), label="ground")
ax.set_xlabel("launch price [USD/kg]")
ax.set_ylabel("cost per delivered GPU-hour [USD/h]")
ax.set_title("today: orbit vs ground as launch gets cheaper")
ax.legend()
fig.tight_layout()

# %%
# As a DataFrame
# --------------
df = r.to_frame()[["orbit.cost_per_gpu_hour", "ground.cost_per_gpu_hour", "ratio"]]
df.insert(0, "launch.price_per_kg", prices)
print(df.iloc[::40].round(3).to_string(index=False))

"""
Reproduce a published claim
===========================

Google's Suncatcher paper (arXiv:2511.19468, sec. 2.4) prices launched power at about
14,700 USD per kW per year at 3,600 USD/kg. The audit reproduces that with their own formula,
re-runs the same design through the full model, and splits the gap into steps that add up
exactly.
"""

# %%
import matplotlib.pyplot as plt

from orbitcompute.audit import run

doc = run("suncatcher").to_dict()
for c in doc["published"]:
    print(
        f"{c['label']:40s} published {c['value']:>10,.0f}  reproduced {c['reproduced']:>10,.0f} "
        f"{c['unit']}  ({c['deviation']:+.1%})"
    )
print(doc["finding"])

# %%
# The waterfall from their number to ours
# ---------------------------------------
w = doc["waterfall"]
labels = ["their formula"] + [s["label"] for s in w["steps"]] + ["full model"]
starts, heights = [0.0], [w["start"]]
level = w["start"]
for s in w["steps"]:
    starts.append(min(level, level + s["delta"]))
    heights.append(abs(s["delta"]))
    level += s["delta"]
starts.append(0.0)
heights.append(w["end"])
colors = (
    ["tab:gray"] + ["tab:red" if s["delta"] > 0 else "tab:green" for s in w["steps"]] + ["tab:blue"]
)
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.barh(labels[::-1], heights[::-1], left=starts[::-1], color=colors[::-1])
ax.set_xlabel(
    f"launched-power cost [{doc['metric'].get('unit', 'USD/kW/yr')}]"
    if isinstance(doc["metric"], dict)
    else "launched-power cost [USD/kW/yr]"
)
ax.set_title("Suncatcher: published formula -> full model")
fig.tight_layout()
print(f"steps sum to the gap: {w['sum_of_steps']:.6g} = {w['gap']:.6g}")

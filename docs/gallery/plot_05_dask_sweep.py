"""
A sweep on a Dask cluster
=========================

Sweeps expand a spec (a base scenario plus axes) into chunks, evaluate them on local processes
or Dask workers, and store each chunk atomically as Parquet. Here a small spec runs on a
two-worker ``LocalCluster`` (the same code runs on a real cluster with ``--scheduler
tcp://HOST:8786``), and DuckDB queries the result.
"""

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from dask.distributed import Client, LocalCluster

from orbitcompute.analysis.sweep import parse_spec, run_query, run_sweep

spec = parse_spec(
    {
        "seed": 1,
        "base": {"scenario": "starship-2030"},
        "axes": {
            "launch": {"price_per_kg": {"from": 10, "to": 1000, "steps": 12, "scale": "log"}},
            "satellite": {"cost_per_kg": [300, 1000, 3000]},
        },
        "output": {"metric": "ratio"},
    },
    name="gallery",
)
out = Path(tempfile.mkdtemp()) / "sweep"
with (
    LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster,
    Client(cluster) as client,
):
    run = run_sweep(spec, out, backend="dask", client=client, chunk_size=12, progress=False)
print(run)

# %%
# Query the Parquet store with SQL
# --------------------------------
cols, rows = run_query(
    out,
    'SELECT "launch.price_per_kg", "satellite.cost_per_kg", ratio FROM results '
    'ORDER BY "satellite.cost_per_kg", "launch.price_per_kg"',
)
data = np.array(rows, dtype=float)
fig, ax = plt.subplots(figsize=(7, 4))
for bus in np.unique(data[:, 1]):
    sel = data[:, 1] == bus
    ax.loglog(data[sel, 0], data[sel, 2], marker="o", label=f"bus {bus:g} USD/kg")
ax.axhline(1.0, color="k", lw=0.8)
ax.set_xlabel("launch price [USD/kg]")
ax.set_ylabel("orbit / ground cost per GPU-hour [-]")
ax.set_title("starship-2030 swept on two Dask workers")
ax.legend()
fig.tight_layout()

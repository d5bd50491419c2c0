"""Write ``preset_outputs.json``: every model output of every preset, before a speed change.

Usage (from the repository root, with the code whose outputs are the reference on the path)::

    PYTHONPATH=src python tests/regression/regen_fixture.py --regen
    # the reference from main while on a branch: git archive main src | tar -x -C /tmp/ref
    PYTHONPATH=/tmp/ref/src python tests/regression/regen_fixture.py --regen --source "main <sha>"

The fixture is the reference of :mod:`tests.regression.test_preset_outputs`: for every preset,
loaded as the CLI loads it (:func:`orbitcompute.scenario.load_scenario`), it stores

- ``as_given``: every output of :func:`orbitcompute.model.evaluate` at the scenario's values;
- ``headline_params`` / ``headline``: the design ``orbitcompute compare`` headlines (the
  optimum of :func:`orbitcompute.analysis.headline.headline` for a free design) and every
  output at it;
- ``ground_options``: the ``ground.*`` outputs of each ground energy option
  (:func:`orbitcompute.model.evaluate_ground_options`);

and, for the presets with distributions, a small seeded Monte Carlo summary
(:func:`orbitcompute.analysis.montecarlo.run_montecarlo`). Floats are written with ``repr``
(exact round trip). Generated from main (see ``generated_from``) without issue 21's speed work;
regenerate only when a change of model results is intended, and say so in the commit.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import warnings
from pathlib import Path

FIXTURE = Path(__file__).with_name("preset_outputs.json")
#: Monte Carlo reference: samples and seed (small: the test reruns it).
MC_N, MC_SEED = 20_000, 7


def _floats(row) -> dict[str, float]:
    return {k: float(v) for k, v in row.items()}


def outputs(values) -> dict[str, float]:
    from orbitcompute.model import evaluate

    return _floats(evaluate({k: [v] for k, v in values.items()}).row(0))


def build() -> dict:
    import numpy as np

    from orbitcompute.analysis.headline import headline, is_free
    from orbitcompute.analysis.montecarlo import run_montecarlo
    from orbitcompute.model import evaluate_ground_options
    from orbitcompute.scenario import load_scenario, preset_names

    doc: dict = {"presets": {}}
    for name in preset_names():
        sc = load_scenario(name)
        entry: dict = {"as_given": outputs(sc.values)}
        if is_free(sc):
            h = headline(sc)
            entry["headline_params"] = {k: float(v) for k, v in h.optimum.params.items()}
            entry["headline"] = outputs(h.scenario.values)
        entry["ground_options"] = {
            opt: {k: v for k, v in _floats(row).items() if k.startswith("ground.")}
            for opt, row in evaluate_ground_options(sc.values).items()
        }
        if sc.distributions:
            mc = run_montecarlo(sc, MC_N, seed=MC_SEED)
            entry["montecarlo"] = {
                "n": MC_N,
                "seed": MC_SEED,
                "p_orbit_cheaper": mc.p_orbit_cheaper,
                "n_infeasible": mc.n_infeasible,
                "stats": {
                    out: {c: float(v) for c, v in row.items()}
                    for out, row in mc.stats.to_dict(orient="index").items()
                },
            }
        doc["presets"][name] = entry
        assert all(isinstance(v, float) for v in entry["as_given"].values())
    doc["numpy"] = np.__version__
    return doc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regen", action="store_true", help="overwrite the fixture")
    ap.add_argument("--source", help="what the reference code is (default: git HEAD)")
    args = ap.parse_args()
    warnings.simplefilter("ignore", RuntimeWarning)
    doc = build()
    rev = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    doc["generated_from"] = args.source or rev
    text = json.dumps(doc, indent=0, sort_keys=True, allow_nan=True)
    n = sum(len(e["as_given"]) for e in doc["presets"].values())
    if not args.regen:
        print(f"{n} as-given outputs over {len(doc['presets'])} presets (dry run; --regen writes)")
        sys.exit(0)
    FIXTURE.write_text(text + "\n")
    print(
        f"wrote {FIXTURE} ({len(text) / 1024:.0f} kB, commit {rev}); nan: "
        f"{sum(math.isnan(v) for e in doc['presets'].values() for v in e['as_given'].values())}"
    )


if __name__ == "__main__":
    main()

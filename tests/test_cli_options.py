"""One set of CLI options (issue 13 item 5): every command, introspected through click.

The shared arguments and options are defined once in :mod:`orbitcompute.cli.options`; this
walks every command of the app and checks that each one that has a concept spells it the same
way (long name, short flag, help), that the short flags ``-s``, ``-f``, ``-o`` never mean
anything else, and that every command printing a table also prints parseable CSV.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from orbitcompute.cli.common import invoke
from orbitcompute.cli.group import command_help, command_names, load_command
from orbitcompute.cli.options import SCENARIO_HELP, SHARED, OutputFormat
from report.test_report_data import BREAKEVEN_SET

COMMANDS = command_names()

#: Which shared concepts each command has (the README's table says the same). A command that
#: gains or loses one must update this table, so the change is deliberate.
EXPECTED: dict[str, set[str]] = {
    "audit": {"--format", "--output", "--png"},
    "breakeven": {"SCENARIO", "--set", "--format", "--output", "--png"},
    "capacity": {"SCENARIO", "--set", "--format", "--output", "--png", "--seed"},
    "compare": {"SCENARIO", "--set", "--format", "--output", "--workload"},
    "ground": {"SCENARIO", "--set", "--format", "--output"},
    "latency": {"SCENARIO", "--set", "--format", "--output", "--png"},
    "links": {"SCENARIO", "--set", "--format", "--output", "--workload"},
    "montecarlo": {"SCENARIO", "--set", "--format", "--output", "--png", "--seed"},
    "optimize": {"SCENARIO", "--set", "--format", "--output", "--png", "--seed"},
    "outlook": {"SCENARIO", "--set", "--format", "--output", "--png", "--seed"},
    "params": {"--format", "--output"},
    "parity": {"SCENARIO", "--set", "--format", "--output", "--seed"},
    "presets": {"--format", "--output"},
    "query": {"--format", "--output"},
    "reconcile": {"--format", "--output", "--png"},
    "report": {"SCENARIO", "--set", "--output", "--seed"},
    "sensitivity": {"SCENARIO", "--set", "--format", "--output", "--png", "--seed"},
    "serve": set(),
    "simulate": {"SCENARIO", "--set", "--format", "--output", "--png"},
    "sweep": {"--set", "--format", "--output", "--png"},
    "verdict": {"SCENARIO", "--set", "--format", "--output", "--seed", "--workload"},
}


def _visible(cmd):
    return [p for p in cmd.params if not getattr(p, "hidden", False)]


def _long(param) -> str | None:
    return next((o for o in param.opts if o.startswith("--")), None)


def test_every_command_is_listed():
    assert sorted(EXPECTED) == COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_shared_options_are_identical(name):
    cmd = load_command(name)
    found: set[str] = set()
    for p in _visible(cmd):
        if p.param_type_name == "argument":
            if p.name == "scenario":
                found.add("SCENARIO")
                assert p.help == SCENARIO_HELP and p.metavar == "SCENARIO" and not p.required
            continue
        long = _long(p)
        shorts = {o for o in p.opts if not o.startswith("--")}
        for short in shorts:  # a shared short flag never means another option
            owner = next((k for k, (s, _) in SHARED.items() if short in s), None)
            assert owner in (None, long), f"{name}: {short} is {long}, elsewhere {owner}"
        if long in SHARED:
            found.add(long)
            want_shorts, helps = SHARED[long]
            assert shorts == set(want_shorts), (name, long, shorts)
            assert p.help in helps, (name, long, p.help)
        if long == "--format":  # the one enum: table, json, csv
            assert p.type_descriptor.annotation is OutputFormat, name
            assert p.default in (OutputFormat.table, "table")
        if long == "--seed":
            assert p.min == 0  # negative seeds are a usage error, one line
    assert found == EXPECTED[name]


def test_help_of_every_command_works():
    code, out, err = invoke(["--help"])
    assert code == 0, err
    for name in COMMANDS:
        assert name in out
        code, out_cmd, err = invoke([name, "--help"])
        assert code == 0 and "Usage" in out_cmd, (name, err)


@pytest.mark.parametrize(
    ("args", "loaded"),
    [(["compare", "-f", "json"], ["orbitcompute.cli.cmd_compare"]), (["--help"], [])],
)
def test_commands_are_loaded_on_demand(args, loaded):
    """`orbitcompute compare` imports compare's module only; `--help` imports none."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from orbitcompute.cli.common import invoke\n"
        f"assert invoke({args!r})[0] == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('orbitcompute.cli.cmd_')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == repr(loaded)


@pytest.mark.parametrize("name", COMMANDS)
def test_help_listing_read_from_source_matches_the_command(name):
    assert command_help(name) == load_command(name).help


#: Cheapest arguments that make each table command print; every one must give valid CSV.
CSV_RUNS: dict[str, list[str]] = {
    "audit": ["audit", "starcloud"],
    # a design with a breakeven launch price
    "breakeven": ["breakeven"] + [a for kv in BREAKEVEN_SET for a in ("-s", kv)],
    "capacity": ["capacity", "--samples", "0", "--years", "3"],
    "compare": ["compare"],
    "ground": ["ground"],
    "latency": ["latency", "--hours", "1", "--step", "900", "-n", "20"],
    "links": ["links", "--workload", "batch_inference"],
    "montecarlo": ["montecarlo", "uncertain-2030", "-n", "500"],
    "optimize": ["optimize", "--grid", "32"],
    "outlook": ["outlook", "-n", "50", "--years", "2026:2030", "--design", "as-given"],
    "params": ["params", "--search", "radiator"],
    "parity": ["parity", "--levers", "launch,array"],
    "presets": ["presets"],
    "reconcile": ["reconcile", "turyshev", "woodmac"],
    "sensitivity": ["sensitivity", "uncertain-2030", "--method", "tornado"],
    "simulate": ["simulate", "--days", "0.01", "--planes", "1", "--per-plane", "2"],
    "verdict": ["verdict", "--samples", "200"],
}


@pytest.mark.parametrize("name", sorted(CSV_RUNS))
def test_every_table_command_prints_csv(name):
    code, out, err = invoke([*CSV_RUNS[name], "-f", "csv"])
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) >= 2, out  # a header and at least one row
    assert len({len(r) for r in rows}) == 1, "ragged CSV"
    assert all(h.strip() for h in rows[0][1:]), rows[0]


def test_csv_covers_every_table_command():
    # query and sweep print CSV too; they need a dataset and run in tests/sweep
    table_commands = {n for n, concepts in EXPECTED.items() if "--format" in concepts}
    assert table_commands - set(CSV_RUNS) == {"query", "sweep"}


def test_verdict_csv_matches_json():
    """The CSV rows are the JSON rows (issue 13: `verdict -f csv` used to be rejected)."""
    _, out_json, _ = invoke(["verdict", "--samples", "200", "-f", "json"])
    _, out_csv, _ = invoke(["verdict", "--samples", "200", "-f", "csv"])
    doc = json.loads(out_json)
    rows = list(csv.DictReader(io.StringIO(out_csv)))
    lines = [r for r in rows if r["kind"] == "cost line"]
    rows = [r for r in rows if r["kind"] != "cost line"]
    assert [r["topic"] for r in rows[:-1]] == [r["topic"] for r in doc["rows"]]
    assert float(rows[-1]["orbit"]) == doc["overall"]["orbit_cost_per_gpu_hour"]
    # the cost lines follow the overall row and add up to it (issue 13: one cost truth)
    total = math.fsum(float(r["orbit"]) for r in lines if r["orbit"])
    assert total == pytest.approx(doc["overall"]["orbit_cost_per_gpu_hour"], rel=1e-9)


def test_breakeven_old_and_new_forms_agree():
    new = invoke(["breakeven", "today", "--param", "satellite.lifetime", "-f", "json"])
    old = invoke(["breakeven", "satellite.lifetime", "today", "-f", "json"])
    opt = invoke(["breakeven", "satellite.lifetime", "--scenario", "today", "-f", "json"])
    assert new[0] == old[0] == opt[0] == 0
    assert json.loads(new[1]) == json.loads(old[1]) == json.loads(opt[1])
    code, _, err = invoke(["breakeven", "today", "optimist"])
    assert code == 2 and err.count("\n") == 1 and "--param" in err


def test_breakeven_default_parameter_is_launch_price():
    code, out, _ = invoke(["breakeven", "-f", "json"])
    assert code == 0 and json.loads(out)["parameter"] == "launch.price_per_kg"


@pytest.mark.parametrize(
    "args",
    [
        ["params", "-s", "radiator"],  # -s is --set everywhere; params searches with --search
        ["compare", "--seed", "-1"],
        ["verdict", "--format", "xml"],
    ],
)
def test_shared_option_misuse_is_one_line(args):
    code, out, err = invoke(args)
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err

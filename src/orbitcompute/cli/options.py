"""The CLI's shared arguments and options, defined once as typed ``Annotated`` aliases.

Every command that has the concept uses the alias, so names, short flags, metavars and help are
the same everywhere (``tests/test_cli_options.py`` walks every command and checks it):

=================  ==================================================================
``SCENARIO``       preset name or scenario TOML file (default: ``today``)
``-s/--set``       ``KEY=VALUE`` override, repeatable
``-f/--format``    ``table``, ``json`` or ``csv`` (every command that prints a table)
``-o/--output``    write the result to a file instead of the terminal (atomically);
                   ``montecarlo`` and ``simulate`` write their data set (``DataOutputOpt``)
``--png``          also write the command's chart to a PNG file
``--seed``         seed of the random numbers (same seed, same output)
=================  ==================================================================

Output paths are checked up front by :func:`orbitcompute.io.check_output_path`; commands
call :func:`check_outputs` before doing any work.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from orbitcompute.errors import ScenarioError
from orbitcompute.io import check_output_path
from orbitcompute.links.traffic import check_class
from orbitcompute.scenario import Scenario, load_scenario

SCENARIO_HELP = "Preset name (see 'orbitcompute presets') or path to a scenario TOML file."
SET_HELP = (
    "Override a parameter, e.g. --set launch.price_per_kg=500 or --set orbit.altitude='550 km' "
    "(repeatable)."
)
FORMAT_HELP = "Output format: table, json or csv."
OUTPUT_HELP = "Write the result to this file instead of the terminal (atomically)."
DATA_OUTPUT_HELP = "Write the full data set (every sample or time step) to this file."
PNG_HELP = "Also write the command's chart to this PNG file."
SEED_HELP = "Seed of the random numbers: the same seed gives the same output."
WORKLOAD_HELP = (
    "Workload class the whole cluster runs (sets traffic.workload): pretraining, finetuning, "
    "batch_inference, interactive_inference or multimodal_inference; default: the scenario's "
    "mix (traffic.mix.*)."
)


class OutputFormat(StrEnum):
    """What a command prints: a rich table, JSON (documented schema) or CSV."""

    table = "table"
    json = "json"
    csv = "csv"


ScenarioArg = Annotated[
    str | None,
    typer.Argument(help=SCENARIO_HELP, show_default="today", metavar="SCENARIO"),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", "-s", help=SET_HELP, metavar="KEY=VALUE"),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help=FORMAT_HELP)]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", help=OUTPUT_HELP, metavar="FILE")]
DataOutputOpt = Annotated[
    str | None, typer.Option("--output", "-o", help=DATA_OUTPUT_HELP, metavar="FILE")
]
PngOpt = Annotated[str | None, typer.Option("--png", help=PNG_HELP, metavar="FILE.png")]
SeedOpt = Annotated[int, typer.Option("--seed", min=0, help=SEED_HELP)]
WorkloadOpt = Annotated[str | None, typer.Option("--workload", help=WORKLOAD_HELP, metavar="CLASS")]
DESIGN_HELP = (
    "Orbital design of the headline: 'optimized' (the scenario's optimum, for free designs; "
    "published designs are always as given) or 'as-given'."
)


class Design(StrEnum):
    """Which orbital design a headline shows (orbitcompute.analysis.headline)."""

    optimized = "optimized"
    as_given = "as-given"


DesignOpt = Annotated[Design, typer.Option("--design", help=DESIGN_HELP)]

#: The shared options by long name: (short flags, accepted help texts). The test of the CLI
#: checks every command against this table.
SHARED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "--set": (("-s",), (SET_HELP,)),
    "--format": (("-f",), (FORMAT_HELP,)),
    "--output": (("-o",), (OUTPUT_HELP, DATA_OUTPUT_HELP)),
    "--png": ((), (PNG_HELP,)),
    "--seed": ((), (SEED_HELP,)),
    "--workload": ((), (WORKLOAD_HELP,)),  # no short flag: -w is sweep's --workers
}


def load(
    scenario: str | None, overrides: list[str] | None, workload: str | None = None
) -> Scenario:
    """The scenario of ``SCENARIO``, ``-s/--set`` and ``--workload`` (a ScenarioError is one
    line, exit 2). The workload class, when given, overrides the scenario's mix."""
    extra = [] if workload is None else [f"traffic.workload={check_class(workload)}"]
    return load_scenario(scenario, [*(overrides or []), *extra])


def check_outputs(
    output: str | None = None,
    png: str | None = None,
    *,
    output_suffixes: Sequence[str] = (),
) -> tuple[Path | None, Path | None]:
    """Check ``-o/--output`` and ``--png`` of a command before it does any work.

    ``-o -`` means the terminal. Raises :class:`~orbitcompute.errors.ScenarioError` (one line,
    exit 2) naming the option, the value and what was expected.
    """
    out = check_output_path(
        output, "-o/--output", suffixes=output_suffixes, allow_stdout=not output_suffixes
    )
    pic = check_output_path(png, "--png", suffixes=(".png",))
    if out is not None and pic is not None and out.resolve() == pic.resolve():
        raise ScenarioError("--png", png, "a different file from -o/--output")
    return out, pic

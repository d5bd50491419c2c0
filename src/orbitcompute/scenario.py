"""Scenario files: TOML in, validated SI parameters out.

A scenario is a TOML file whose tables map onto dotted registry names::

    extends = "today"            # a preset name or another TOML file
    [meta]
    title = "my design"
    [orbit]
    altitude = "550 km"          # a string with units, converted with pint
    [launch]
    price_per_kg = 500           # a plain number is in the registry unit (USD/kg)
    [compute]
    accelerator = "H100"         # a named choice that sets several parameters

Every value is checked against the registry (known key, right dimension, finite, inside
[min, max], right kind); the first problem raises :class:`~orbitcompute.errors.ScenarioError`
naming the key path, the value and what was expected.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from orbitcompute.data import table
from orbitcompute.design.orbital import ECLIPSE_STRATEGIES
from orbitcompute.errors import ScenarioError
from orbitcompute.ground import options as ground_options
from orbitcompute.registry import checks, registry
from orbitcompute.uncertainty.distributions import parse_correlations, parse_spec

DEFAULT_PRESET = "today"
MAX_EXTENDS_DEPTH = 16


class Meta(BaseModel):
    """Descriptive fields of a scenario (the ``[meta]`` table)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = ""
    title: str = ""
    year: int | None = None
    basis: str = ""
    description: str = ""
    source: str = ""
    #: "fixed": a published design, audited as given; "free" (or unset): headlines show the
    #: scenario's optimized design (orbitcompute optimize), with the as-given figure beside it.
    design: Literal["", "free", "fixed"] = ""


@dataclass
class Scenario:
    """A validated scenario.

    Attributes
    ----------
    meta : Meta
        Name, title, year, basis and source of the scenario.
    values : dict[str, float]
        Every registry parameter in SI (defaults overlaid with the scenario's entries).
    given : dict[str, Any]
        The entries the scenario chain set explicitly, as written (for reports and audits).
    choices : dict[str, str]
        Named choices made (e.g. ``{"compute.accelerator": "H100"}``).
    sections : dict[str, dict]
        Raw extra tables claimed by other commands (e.g. ``[simulation]``).
    chain : list[str]
        The files and presets the scenario was built from, base first.
    """

    meta: Meta
    values: dict[str, float]
    given: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, str] = field(default_factory=dict)
    sections: dict[str, dict] = field(default_factory=dict)
    distributions: dict[str, Any] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """One-line label, e.g. ``today: 2026 prices``."""
        return self.meta.title or self.meta.name or "scenario"

    def params(self) -> dict[str, np.ndarray]:
        """Parameters as 1-element float arrays (the shape ``evaluate`` broadcasts)."""
        return {k: np.array([v], dtype=float) for k, v in self.values.items()}


# --------------------------------------------------------------------------------------------
# Named choices: one string that sets several registry parameters.


@functools.lru_cache(maxsize=1)
def accelerators() -> dict[str, dict[str, Any]]:
    """Accelerator presets shipped in ``data/accelerators.csv`` (values in registry units)."""
    return {
        row["name"]: {
            "compute.accelerator_power": row["accelerator_power_w"],
            "compute.accelerator_price": row["accelerator_price_usd"],
            "compute.specific_mass": row["specific_mass_kg_per_kw"],
            "_description": row["description"],
            "_source": row["source"],
        }
        for row in table("accelerators")
    }


def _accelerator_choice() -> dict[str, dict[str, float]]:
    return {
        k: {n: v for n, v in d.items() if not n.startswith("_")} for k, d in accelerators().items()
    }


#: Choice keys: name -> function returning {option: {registry name: value in registry unit}}.
def _ground_choice(kind: str) -> Callable[[], dict[str, dict[str, float]]]:
    def options() -> dict[str, dict[str, float]]:
        return (
            ground_options.option_choices() if kind == "energy" else ground_options.site_choices()
        )

    return options


def _workload_choice() -> dict[str, dict[str, float]]:
    """``traffic.workload = "<class>"``: the whole cluster runs one workload class (issue 16)."""
    mix = [n for n in registry() if n.startswith("traffic.mix.")]
    return {n.rsplit(".", 1)[1]: {m: float(m == n) for m in mix} for n in mix}


def check_shares(values: dict[str, float], tolerance: float = 1e-6) -> None:
    """The workload-mix shares ``traffic.mix.*`` must add up to 1 (issue 16).

    Raises a one-line :class:`ScenarioError` naming ``traffic.mix`` otherwise. (The model
    normalizes the shares, so that analyses varying one share at a time stay meaningful.)
    """
    shares = {k.rsplit(".", 1)[1]: v for k, v in values.items() if k.startswith("traffic.mix.")}
    total = sum(shares.values())
    if shares and not abs(total - 1.0) <= tolerance:
        given = ", ".join(f"{c} {v:g}" for c, v in shares.items() if v != 0)
        raise ScenarioError(
            "traffic.mix",
            f"sum {total:g} ({given})",
            "shares traffic.mix.<class> that add up to 1, or traffic.workload = <class>",
        )


def _eclipse_choice() -> dict[str, dict[str, float]]:
    return ECLIPSE_STRATEGIES


CHOICES: dict[str, Callable[[], dict[str, dict[str, float]]]] = {
    "compute.accelerator": _accelerator_choice,
    "battery.eclipse_strategy": _eclipse_choice,
    "ground.energy_option": _ground_choice("energy"),
    "ground.solar_site": _ground_choice("site"),
    "traffic.workload": _workload_choice,
}

#: Extra top-level tables that other commands read themselves (validated there).
#: ``[uncertainty]`` holds rank correlations between distributions (orbitcompute.uncertainty).
SECTIONS: set[str] = {"uncertainty"}


# --------------------------------------------------------------------------------------------
# Presets


def presets_dir() -> Path:
    return Path(str(resources.files("orbitcompute") / "presets"))


def preset_names() -> list[str]:
    """Names of the shipped presets (TOML files in ``orbitcompute/presets``)."""
    return sorted(p.stem for p in presets_dir().glob("*.toml"))


def _resolve(ref: str, base_dir: Path | None, key: str) -> Path:
    if not isinstance(ref, str) or not ref.strip():
        raise ScenarioError(key, ref, "a preset name or a path to a .toml file")
    if ref in preset_names():
        return presets_dir() / f"{ref}.toml"
    path = Path(ref)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if path.suffix == ".toml" and path.is_file():
        return path
    names = ", ".join(preset_names())
    raise ScenarioError(key, ref, f"a preset name ({names}) or an existing .toml file")


def _read_toml(path: Path, key: str) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(key, str(path), f"valid TOML ({exc})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(key, str(path), f"a readable TOML file ({exc})") from exc


# --------------------------------------------------------------------------------------------
# Value checking


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in table.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and not _is_leaf_table(v):
            out.update(_flatten(v, name + "."))
        else:
            out[name] = v
    return out


def _is_leaf_table(v: dict[str, Any]) -> bool:
    """An inline table that is a value (a distribution spec), not a group of keys."""
    return "dist" in v


def check_value(name: str, value: Any, where: str = "") -> float:
    """Validate one parameter value and return it in SI [SI unit of the row].

    :func:`orbitcompute.registry.checks.check_value` (the one rule for names, units, ranges
    and kinds) with the choice keys among the suggested names.
    """
    return checks.check_value(name, value, where, CHOICES)


def _suggest(name: str) -> str:
    """Did-you-mean hint over registry names and choice keys (:func:`checks.suggest`)."""
    return checks.suggest(name, CHOICES)


def _apply_choice(name: str, option: Any, key: str) -> dict[str, float]:
    options = CHOICES[name]()
    if not isinstance(option, str) or option not in options:
        raise ScenarioError(key, option, "one of " + ", ".join(sorted(options)))
    return dict(options[option])


# --------------------------------------------------------------------------------------------
# Loading


def _load_chain(
    ref: str | Path, depth: int, key: str, base_dir: Path | None
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Merged raw entries (flattened), merged meta and chain for a file and its ancestors."""
    if depth > MAX_EXTENDS_DEPTH:
        raise ScenarioError(key, str(ref), f"at most {MAX_EXTENDS_DEPTH} levels of 'extends'")
    path = ref if isinstance(ref, Path) else _resolve(ref, base_dir, key)
    doc = _read_toml(path, key)
    where = f"{path.name}: "
    entries: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    chain: list[str] = []
    parent = doc.pop("extends", None)
    if parent is not None:
        entries, meta, chain = _load_chain(parent, depth + 1, f"{where}extends", path.parent)
    raw_meta = doc.pop("meta", {})
    if not isinstance(raw_meta, dict):
        raise ScenarioError(f"{where}meta", raw_meta, "a table of name, title, year, ...")
    meta.update(raw_meta)
    for section in SECTIONS:
        if section in doc:
            entries[f"@{section}"] = {**entries.get(f"@{section}", {}), **doc.pop(section)}
    for name, value in _flatten(doc).items():
        entries[name] = (value, where)
    chain.append(str(path))
    return entries, meta, chain


def build_scenario(
    entries: dict[str, Any], meta: dict[str, Any], chain: list[str], overrides: list[str] = ()
) -> Scenario:
    """Validate merged entries (and ``--set`` overrides) into a :class:`Scenario`."""
    for item in overrides:
        name, value = parse_override(item)
        entries[name] = (value, "--set ")
    try:
        m = Meta(**meta)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise ScenarioError(f"meta.{loc}", err.get("input"), err["msg"].lower()) from exc
    reg = registry()
    values = reg.defaults_si()
    given: dict[str, Any] = {}
    choices: dict[str, str] = {}
    sections = {k[1:]: v for k, v in entries.items() if k.startswith("@")}
    plain = {k: v for k, v in entries.items() if not k.startswith("@")}
    distributions: dict[str, Any] = {}
    # Distribution specs ({ dist = ... }): validated now, sampled by the uncertainty analyses.
    # The deterministic value is the spec's `nominal` if given, else the registry default.
    for name, (value, where) in list(plain.items()):
        if isinstance(value, dict):
            dist = parse_spec(name, value, where, CHOICES)
            distributions[name] = dist
            given[name] = value
            if dist.nominal is None:
                del plain[name]
            else:
                plain[name] = (value.get("nominal"), where)
    # Choices first, so explicit parameters override what a choice sets.
    for name, (value, where) in plain.items():
        if name in CHOICES:
            for pname, pval in _apply_choice(name, value, f"{where}{name}").items():
                values[pname] = pval * reg[pname].factor
            choices[name] = value
            given.setdefault(name, value)
    for name, (value, where) in plain.items():
        if name in CHOICES:
            continue
        values[name] = check_value(name, value, where)
        given.setdefault(name, value)
    check_shares(values)
    if distributions or sections.get("uncertainty"):
        known = [*reg, *CHOICES]
        parse_correlations(sections.get("uncertainty"), list(distributions), known=known)
    return Scenario(
        meta=m,
        values=values,
        given=given,
        choices=choices,
        sections=sections,
        distributions=distributions,
        chain=chain,
    )


def load_scenario(source: str | Path | None = None, overrides: list[str] = ()) -> Scenario:
    """Load a scenario from a preset name or a TOML path, with optional ``--set`` overrides.

    Parameters
    ----------
    source : str or Path, optional
        A preset name (see :func:`preset_names`) or a path to a TOML file. Default: ``today``.
    overrides : list of str
        ``key=value`` strings, applied last (values as in a TOML file, units allowed).

    Returns
    -------
    Scenario
    """
    ref = DEFAULT_PRESET if source is None else source
    path = _resolve(str(ref), Path.cwd(), "SCENARIO")
    entries, meta, chain = _load_chain(path, 0, "SCENARIO", None)
    if "name" not in meta or not meta.get("name"):
        meta["name"] = path.stem
    return build_scenario(entries, meta, chain, list(overrides))


def parse_override(item: str) -> tuple[str, Any]:
    """Split ``key=value`` and read the value like TOML (number, bool, string)."""
    if not isinstance(item, str) or "=" not in item:
        raise ScenarioError("--set", item, "key=value, e.g. --set launch.price_per_kg=500")
    name, text = (s.strip() for s in item.split("=", 1))
    if not name:
        raise ScenarioError("--set", item, "key=value with a parameter name before '='")
    if not text:
        raise ScenarioError(f"--set {name}", text, "a value after '='")
    try:
        value = tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        value = text.strip("'\"")
    if isinstance(value, float | int) and not isinstance(value, bool):
        return name, value
    return name, value


def scenario_to_toml(sc: Scenario) -> str:
    """Write a scenario as TOML: meta, choices, and the explicitly given entries."""
    lines = []
    meta = sc.meta.model_dump(exclude_defaults=True)
    if meta:
        lines.append("[meta]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in meta.items()]
        lines.append("")
    groups: dict[str, list[str]] = {}
    for name, value in sc.given.items():
        group, key = name.split(".", 1)
        groups.setdefault(group, []).append(f"{key} = {_toml_value(value)}")
    for group, rows in groups.items():
        lines.append(f"[{group}]")
        lines += rows
        lines.append("")
    return "\n".join(lines)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return repr(v)

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
import re
import stat
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
from orbitcompute.paths import PathSpec, parse_paths
from orbitcompute.registry import checks, registry
from orbitcompute.uncertainty.distributions import parse_correlations, parse_spec

DEFAULT_PRESET = "today"
MAX_EXTENDS_DEPTH = 16
#: Input limits, the same for files, uploads and ``--set`` (bounded work whatever the input).
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 8  # levels of tables and arrays, the document itself included
MAX_KEYS = 5_000  # keys and array items in one document
MAX_KEY_CHARS = 100
MAX_STRING = 10_000  # characters in one string value
MAX_PATH_CHARS = 1_024  # an 'extends' path
MAX_KEY_PARTS = 64  # parts of one dotted key or table header (tomllib is quadratic in them)

_QUOTED = re.compile(r'"[^"\n]*"|\'[^\'\n]*\'')
# possessive quantifiers and a word-start lookbehind keep the search linear in the line length
_KEY_CHAIN = re.compile(
    rf"(?<![A-Za-z0-9_-])(?:[A-Za-z0-9_-]++[ \t]*+\.[ \t]*+){{{MAX_KEY_PARTS}}}"
)


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
    paths : PathSpec
        The ``[paths]`` section: how drivers move year by year (``orbitcompute outlook``).
    """

    meta: Meta
    values: dict[str, float]
    given: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, str] = field(default_factory=dict)
    sections: dict[str, dict] = field(default_factory=dict)
    distributions: dict[str, Any] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)
    paths: PathSpec = field(default_factory=PathSpec)

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
            "compute.accelerator_bf16_flops": row["dense_bf16_tflops"],
            "compute.accelerator_fp8_flops": row["dense_fp8_tflops"],
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
#: ``[uncertainty]`` holds rank correlations between distributions (orbitcompute.uncertainty);
#: ``[paths]`` year tables and curves of the outlook's drivers (orbitcompute.paths);
#: ``[published]`` the headline and input sources of a published study (orbitcompute.audit.study).
SECTIONS: set[str] = {"uncertainty", "paths", "published"}


# --------------------------------------------------------------------------------------------
# Presets


def presets_dir() -> Path:
    """Directory of the shipped preset TOML files (``orbitcompute/presets``).

    Returns
    -------
    pathlib.Path
        The directory inside the installed package.
    """
    return Path(str(resources.files("orbitcompute") / "presets"))


def preset_names() -> list[str]:
    """Names of the shipped presets (TOML files in ``orbitcompute/presets``)."""
    return sorted(p.stem for p in presets_dir().glob("*.toml"))


def _resolve(ref: Any, base_dir: Path | None, key: str, files: bool = True) -> Path:
    """The file a scenario reference names: a preset, or (``files``) a .toml path.

    Uploaded scenarios (the web API) pass ``files=False``: they may extend presets only, so no
    path on the server is ever opened or named in a message.
    """
    names = preset_names()
    if isinstance(ref, str) and ref in names:
        return presets_dir() / f"{ref}.toml"
    if not files:
        raise ScenarioError(key, ref, "one of the presets " + ", ".join(names))
    if not isinstance(ref, str) or not ref.strip():
        raise ScenarioError(key, ref, f"a preset name ({', '.join(names)}) or a .toml file")
    if len(ref) > MAX_PATH_CHARS or not ref.isprintable():
        raise ScenarioError(key, ref, f"a path of at most {MAX_PATH_CHARS} printable characters")
    path = Path(ref)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if path.suffix != ".toml":
        raise ScenarioError(key, ref, f"a preset name ({', '.join(names)}) or a .toml file")
    return _regular_file(path, key, ref, f"a preset name ({', '.join(names)}) or ")


def _regular_file(path: Path, key: str, label: str, alternative: str = "") -> Path:
    """``path`` if it is an existing regular file, else one line saying what it is instead."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ScenarioError(
            key, label, f"{alternative}an existing .toml file (not found)"
        ) from None
    except (OSError, ValueError) as exc:  # name too long, not a directory, a loop, NUL ...
        why = getattr(exc, "strerror", None) or str(exc)
        raise ScenarioError(key, label, f"a readable .toml file ({why})") from None
    if stat.S_ISDIR(mode):
        raise ScenarioError(key, label, "a .toml file (this is a directory)")
    if not stat.S_ISREG(mode):
        raise ScenarioError(key, label, "a regular .toml file (not a device, pipe or socket)")
    return path


def read_toml(path: str | Path, key: str) -> dict[str, Any]:
    """Read a TOML file the user named (a sweep spec, ...) with the scenario input limits.

    Parameters
    ----------
    path : str or Path
        The file; a missing file, a directory, a device or pipe, an unreadable file or a path
        over :data:`MAX_PATH_CHARS` characters is a one-line error.
    key : str
        Key path for messages (``SPEC``, ...).

    Returns
    -------
    dict
        The parsed document (see :func:`parse_toml` for the limits).
    """
    label = str(path)
    if len(label) > MAX_PATH_CHARS or not label.isprintable():
        raise ScenarioError(key, label, f"a path of at most {MAX_PATH_CHARS} printable characters")
    p = _regular_file(Path(path), key, label)
    return parse_toml(_read_bytes(p, key, label), key, label)


def _read_bytes(path: Path, key: str, label: str) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of a resolved file (one line per problem)."""
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(key, label, f"a readable file ({exc.strerror or exc})") from None


def parse_toml(data: bytes | str, key: str, label: str) -> dict[str, Any]:
    """Decode and parse scenario TOML within the input limits.

    Parameters
    ----------
    data : bytes or str
        The file's bytes (UTF-8; a UTF-8 byte-order mark is accepted) or text.
    key : str
        Key path for messages about the document as a whole (``SCENARIO``, ``toml``, ...).
    label : str
        How the document is named in messages (the path the user gave, or ``upload.toml``).

    Returns
    -------
    dict
        The parsed document: at most :data:`MAX_FILE_BYTES` bytes, :data:`MAX_DEPTH` levels
        of tables and arrays, :data:`MAX_KEYS` keys and items, strings of at most
        :data:`MAX_STRING` characters.

    Raises
    ------
    ScenarioError
        One line naming the document and what was expected.
    """
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > MAX_FILE_BYTES:
        raise ScenarioError(key, label, f"a file of at most {MAX_FILE_BYTES:,} bytes")
    if isinstance(data, bytes):
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data:
            raise ScenarioError(key, label, "UTF-8 text without NUL bytes (UTF-16? save as UTF-8)")
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                key, label, f"UTF-8 text (byte {exc.start} is {data[exc.start : exc.start + 1]!r})"
            ) from None
    text = data[1:] if data.startswith("\ufeff") else data
    _check_key_chains(text, key, label)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(key, label, f"valid TOML ({exc})") from None
    except RecursionError:
        raise ScenarioError(key, label, f"TOML nested at most {MAX_DEPTH} levels deep") from None
    except ValueError:  # an integer beyond Python's 4,300-digit conversion limit
        raise ScenarioError(key, label, "TOML with integers of at most 4,300 digits") from None
    _check_limits(doc, key, label)
    return doc


def _check_key_chains(text: str, key: str, label: str) -> None:
    """Refuse dotted keys and table headers of more than MAX_KEY_PARTS parts before parsing.

    tomllib's time grows with the square of a key's parts (a 1 MB header ``[a.a.a...]`` takes
    minutes); quoted strings on a line are skipped, so dots in text values do not count.
    """
    for line in text.splitlines():
        if line.count(".") >= MAX_KEY_PARTS and _KEY_CHAIN.search(_QUOTED.sub("q", line)):
            raise ScenarioError(key, label, f"keys of at most {MAX_KEY_PARTS} dotted parts")


def _check_limits(doc: dict[str, Any], key: str, label: str) -> None:
    """Depth, key count, key length and string length of a parsed document (iterative)."""
    stack: list[tuple[Any, int, str]] = [(doc, 1, "")]
    count = 0
    while stack:
        obj, depth, path = stack.pop()
        items = obj.items() if isinstance(obj, dict) else enumerate(obj)
        for k, v in items:
            count += 1
            if count > MAX_KEYS:
                raise ScenarioError(key, label, f"at most {MAX_KEYS:,} keys and array items")
            if isinstance(k, str) and len(k) > MAX_KEY_CHARS:
                raise ScenarioError(
                    f"{path}.{k[:40]}...", label, f"keys of at most {MAX_KEY_CHARS} characters"
                )
            sub = f"{path}[{k}]" if isinstance(k, int) else (f"{path}.{k}" if path else k)
            if isinstance(v, str) and len(v) > MAX_STRING:
                raise ScenarioError(sub, v, f"a string of at most {MAX_STRING:,} characters")
            if isinstance(v, dict | list):
                if depth >= MAX_DEPTH:
                    raise ScenarioError(
                        sub, "...", f"tables and arrays nested at most {MAX_DEPTH} levels deep"
                    )
                stack.append((v, depth + 1, sub))


# --------------------------------------------------------------------------------------------
# Value checking


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted names -> values. A table is a value (and so checked) when it is a distribution
    spec, names a parameter or choice, or is empty where no parameter group is (``{}``)."""
    out: dict[str, Any] = {}
    for k, v in table.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and not _is_leaf_table(v) and not _is_value_name(name, v):
            out.update(_flatten(v, name + "."))
        else:
            out[name] = v
    return out


def _is_value_name(name: str, v: dict[str, Any]) -> bool:
    reg = registry()
    if name in reg or name in CHOICES:
        return True
    return not v and not any(n.startswith(name + ".") for n in reg)


def _is_leaf_table(v: dict[str, Any]) -> bool:
    """An inline table that is a value (a distribution spec), not a group of keys."""
    return "dist" in v


def check_value(name: str, value: Any, where: str = "") -> float:
    """Validate one parameter value and return it in SI [SI unit of the row].

    Parameters
    ----------
    name : str
        Registry name.
    value : Any
        Value as written: a number in the registry unit or a string with a unit.
    where : str
        Key path shown in errors.

    Returns
    -------
    float
        The value in SI.

    Notes
    -----
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


def _load_doc(
    doc: dict[str, Any], where: str, base_dir: Path | None, depth: int, files: bool, seen: tuple
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Merged raw entries (flattened), merged meta and chain of a document and its ancestors."""
    entries: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    chain: list[str] = []
    parent = doc.pop("extends", None)
    if parent is not None:
        key = f"{where}extends"
        if depth >= MAX_EXTENDS_DEPTH:
            raise ScenarioError(key, parent, f"at most {MAX_EXTENDS_DEPTH} levels of 'extends'")
        path = _resolve(parent, base_dir, key, files)
        real = path.resolve()
        if real in seen:
            raise ScenarioError(key, parent, "a chain of 'extends' without a cycle")
        pdoc = parse_toml(_read_bytes(path, key, parent), key, parent)
        entries, meta, chain = _load_doc(
            pdoc, f"{path.name}: ", path.parent, depth + 1, files, (*seen, real)
        )
        chain.append(str(path))
    raw_meta = doc.pop("meta", {})
    if not isinstance(raw_meta, dict):
        raise ScenarioError(f"{where}meta", raw_meta, "a table of name, title, year, ...")
    meta.update(raw_meta)
    for section in SECTIONS:
        if section in doc:
            value = doc.pop(section)
            if not isinstance(value, dict):
                raise ScenarioError(f"{where}{section}", value, f"a [{section}] table")
            entries[f"@{section}"] = {**entries.get(f"@{section}", {}), **value}
    for name, value in _flatten(doc).items():
        entries[name] = (value, where)
    return entries, meta, chain


def _check_override(name: str, value: Any, where: str) -> None:
    """Validate one override on its own (as :func:`build_scenario` would)."""
    if isinstance(value, dict):
        parse_spec(name, value, where, CHOICES)
    elif name in CHOICES:
        _apply_choice(name, value, f"{where}{name}")
    else:
        check_value(name, value, where)


def build_scenario(
    entries: dict[str, Any], meta: dict[str, Any], chain: list[str], overrides: list[str] = ()
) -> Scenario:
    """Validate merged entries (and ``--set`` overrides) into a :class:`Scenario`.

    Parameters
    ----------
    entries : dict
        Registry names (and choice keys) to values as written, merged along the ``extends``
        chain.
    meta : dict
        The ``[meta]`` table.
    chain : list of str
        Files the scenario was built from, the root ancestor first (``Scenario.chain``).
    overrides : list of str
        ``--set key=value`` items.

    Returns
    -------
    Scenario
        The validated scenario.
    """
    for item in overrides:
        name, value = parse_override(item)
        if name in entries and entries[name][1] == "--set ":
            _check_override(name, *entries[name])  # a later --set must not hide a bad one
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
    path_spec = parse_paths(sections.get("paths"))
    plain.update({k: (v, "paths: ") for k, v in path_spec.curve_values.items()})
    distributions: dict[str, Any] = {}
    # Distribution specs ({ dist = ... }): validated now, sampled by the uncertainty analyses.
    # The deterministic value is the spec's `nominal` if given, else the registry default.
    for name, (value, where) in list(plain.items()):
        if isinstance(value, dict):
            if "dist" not in value:  # e.g. 'altitude = {}', once silently ignored
                raise ScenarioError(
                    f"{where}{name}", value, "a number, a string with units or { dist = ... }"
                )
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
        paths=path_spec,
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
    ref = DEFAULT_PRESET if source is None else str(source)
    path = _resolve(ref, Path.cwd(), "SCENARIO")
    doc = parse_toml(_read_bytes(path, "SCENARIO", ref), "SCENARIO", ref)
    entries, meta, chain = _load_doc(doc, f"{path.name}: ", path.parent, 0, True, (path.resolve(),))
    chain.append(str(path))
    if "name" not in meta or not meta.get("name"):
        meta["name"] = path.stem
    return build_scenario(entries, meta, chain, list(overrides))


def load_scenario_text(
    text: str, overrides: list[str] = (), name: str = "upload", key: str = "toml"
) -> Scenario:
    """Load an uploaded scenario (TOML text) that may extend presets but no files.

    The same checks as :func:`load_scenario`, with no file ever opened: ``extends`` must name
    a shipped preset, and messages name the upload as ``{name}.toml``.

    Parameters
    ----------
    text : str
        The scenario file's text (TOML).
    overrides : list of str
        ``--set key=value`` items (the API's ``set``).
    name : str
        Name of the upload: the scenario's name when ``[meta]`` gives none, and ``{name}.toml``
        in messages.
    key : str
        Key path for messages about the document as a whole (the API's request field).

    Returns
    -------
    Scenario
        The validated scenario.
    """
    label = f"{name}.toml"
    doc = parse_toml(text, key, label)
    entries, meta, chain = _load_doc(doc, f"{label}: ", None, 0, False, ())
    chain.append(label)
    if not meta.get("name"):
        meta["name"] = name
    return build_scenario(entries, meta, chain, list(overrides))


def parse_override(item: str) -> tuple[str, Any]:
    """Split ``key=value`` and read the value like TOML (number, bool, string, inline table).

    A value that is not TOML is taken as a string (``--set orbit.altitude=550 km``), which the
    quantity grammar then checks.

    Parameters
    ----------
    item : str
        ``key=value`` as given to ``--set``.

    Returns
    -------
    tuple
        The key and the value (number, bool, string or inline table).
    """
    if not isinstance(item, str) or "=" not in item:
        raise ScenarioError("--set", item, "key=value, e.g. --set launch.price_per_kg=500")
    name, text = (s.strip() for s in item.split("=", 1))
    if not name:
        raise ScenarioError("--set", item, "key=value with a parameter name before '='")
    if len(name) > MAX_KEY_CHARS or not name.isprintable():
        raise ScenarioError(
            "--set", item, f"a parameter name of at most {MAX_KEY_CHARS} characters"
        )
    if not text:
        raise ScenarioError(f"--set {name}", text, "a value after '='")
    if len(text) > MAX_STRING:
        raise ScenarioError(f"--set {name}", text, f"a value of at most {MAX_STRING:,} characters")
    key = f"--set {name}"
    try:
        doc = tomllib.loads(f"v = {text}")
    except tomllib.TOMLDecodeError:  # not TOML: a string such as 550 km (checked later)
        doc = {"v": text[1:-1] if len(text) >= 2 and text[0] == text[-1] in "'\"" else text}
    except RecursionError:
        raise ScenarioError(key, text, f"a value nested at most {MAX_DEPTH} levels deep") from None
    except ValueError:  # an integer beyond Python's 4,300-digit conversion limit
        raise ScenarioError(key, text, "an integer of at most 4,300 digits") from None
    if list(doc) != ["v"]:  # 'x=5\ny=6' is one malformed value, not two keys
        doc = {"v": text}
    _check_limits(doc, key, text)
    value = doc["v"]
    return name, value


def scenario_to_toml(sc: Scenario) -> str:
    """Write a scenario as TOML: meta, choices, and the explicitly given entries.

    Parameters
    ----------
    sc : Scenario
        A loaded scenario.

    Returns
    -------
    str
        TOML text that loads back to the same scenario.
    """
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

"""Public functions and classes of the package carry numpydoc docstrings (units in brackets).

A public function is a module-level function of an ``orbitcompute`` module, defined there, whose
name does not start with ``_``. Each must have a docstring that numpydoc parses without a
warning; one that takes parameters must document every one of them in a ``Parameters`` section.
Functions of ``physics`` must also give each parameter's unit in brackets (``[m]``, ``[-]``).
The callbacks of the CLI commands are the exception: their docstring is the command's
``--help`` text and each option carries its own help (shown in the docs' CLI reference), so a
``Parameters`` section would be printed to the terminal; they need a summary only.

``tests/docstring_todo.txt`` lists the public functions that still have only a summary (no
``Parameters`` section). The list may only shrink: a function on it that gains its sections
fails :func:`test_todo_list_only_shrinks` until it is removed from the list, and a new public
function that is not on it must be complete.

Its lines that start with ``?`` are *pending*: public names (``fnmatch`` patterns, e.g. a new
module's ``orbitcompute.analysis.parity.*``) that branches written before this test add, still
incomplete when they were measured. They may be absent (their branch has not landed), and while
they match they are excused like the to-do list (and may lack a docstring); once the branches
have landed and their functions are documented, the pending lines are deleted.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import warnings
from fnmatch import fnmatchcase
from pathlib import Path

import pytest
from numpydoc.docscrape import FunctionDoc

import orbitcompute

TODO = Path(__file__).with_name("docstring_todo.txt")
UNIT = re.compile(r"\[[^\]]+\]")


def _modules() -> list[str]:
    names = ["orbitcompute"]
    for m in pkgutil.walk_packages(orbitcompute.__path__, "orbitcompute."):
        if not m.name.endswith("__main__"):
            names.append(m.name)
    return sorted(names)


def _public() -> dict[str, object]:
    out = {}
    for name in _modules():
        mod = importlib.import_module(name)
        for attr, obj in vars(mod).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != name:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                out[f"{name}.{attr}"] = obj
    return out


def _cli_callbacks() -> set[str]:
    from orbitcompute.cli.group import command_names, load_command

    out = set()
    for name in command_names():
        cb = load_command(name).callback
        out.add(f"{cb.__module__}.{cb.__name__}")
    return out


PUBLIC = _public()
CLI_CALLBACKS = _cli_callbacks()
FUNCTIONS = {k: v for k, v in PUBLIC.items() if inspect.isfunction(v) and k not in CLI_CALLBACKS}


def _lines() -> list[str]:
    lines = TODO.read_text(encoding="utf-8").splitlines()
    return [x.strip() for x in lines if x.strip() and not x.startswith("#")]


def _todo() -> set[str]:
    """Names on the to-do list (summary-only functions of the package)."""
    return {x for x in _lines() if not x.startswith("?")}


def _pending() -> list[str]:
    """Patterns of the names other branches add (see the module docstring)."""
    return [x[1:].strip() for x in _lines() if x.startswith("?")]


def _is_pending(qualname: str) -> bool:
    return any(fnmatchcase(qualname, pat) for pat in _pending())


def _excused() -> set[str]:
    """Names whose incomplete docstring is known: the to-do list and the pending lines."""
    return _todo() | {k for k in PUBLIC if _is_pending(k)}


HINT = (
    "document them (numpydoc: a Parameters section with units in brackets), or, for a branch "
    "written before tests/test_docstrings.py, list them as pending ('? name') in " + TODO.name
)


def _parameters(func) -> list[str]:
    sig = inspect.signature(func)
    return [
        n
        for n, p in sig.parameters.items()
        if n not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def _documented(doc: FunctionDoc) -> set[str]:
    names = set()
    for p in [*doc["Parameters"], *doc["Other Parameters"]]:
        names.update(x.strip().lstrip("*") for x in p.name.split(","))
    return names


def _problem(qualname: str, func) -> str | None:
    """Why ``func`` lacks a complete numpydoc docstring, or None."""
    params = _parameters(func)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            doc = FunctionDoc(func)
        except Exception as exc:  # numpydoc warns on malformed sections
            return f"numpydoc cannot parse it: {exc}"
    if params:
        missing = [n for n in params if n not in _documented(doc)]
        if missing:
            return f"parameters not documented: {missing}"
    if qualname.startswith("orbitcompute.physics."):
        no_unit = [p.name for p in doc["Parameters"] if not UNIT.search(" ".join(p.desc))]
        if no_unit:
            return f"no unit in brackets for {no_unit}"
    return None


def test_cli_callbacks_are_found_and_have_help_on_every_option():
    assert "orbitcompute.cli.cmd_compare.compare" in CLI_CALLBACKS
    from orbitcompute.cli.group import command_names, load_command

    for name in command_names():
        cmd = load_command(name)
        assert (cmd.help or "").strip(), name
        for p in cmd.params:
            if p.param_type_name == "option":
                assert (p.help or "").strip(), (name, p.name)


def test_every_public_function_and_class_has_a_docstring():
    missing = sorted(k for k, v in PUBLIC.items() if not inspect.getdoc(v) and not _is_pending(k))
    assert not missing, (missing, HINT)


def test_every_docstring_parses_as_numpydoc():
    bad = {}
    for k, f in FUNCTIONS.items():
        if _is_pending(k):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                FunctionDoc(f)
            except Exception as exc:
                bad[k] = str(exc)
    assert not bad, bad


def test_public_functions_document_their_parameters():
    """Every public function not on the to-do list documents every parameter."""
    excused = _excused()
    bad = {k: p for k, f in FUNCTIONS.items() if k not in excused and (p := _problem(k, f))}
    assert not bad, (bad, HINT)


def test_todo_list_only_shrinks():
    """Names on the to-do list exist and are still incomplete (remove them once done)."""
    todo = _todo()
    assert not {k for k in todo if _is_pending(k)}, "a name is both on the list and pending"
    gone = sorted(todo - set(FUNCTIONS))
    done = sorted(k for k in todo & set(FUNCTIONS) if _problem(k, FUNCTIONS[k]) is None)
    assert not gone, f"not public functions any more, remove from {TODO.name}: {gone}"
    assert not done, f"complete now, remove from {TODO.name}: {done}"


@pytest.mark.parametrize(
    "module",
    ["physics", "economics", "design.orbital", "model", "registry", "reliability", "ground"],
)
def test_the_model_layers_have_no_todo(module):
    """The physics and the economics are fully documented (no entry on the to-do list)."""
    prefix = f"orbitcompute.{module}"
    left = sorted(k for k in _todo() if k.startswith(prefix) and not k.startswith(prefix + "_"))
    assert not left, left

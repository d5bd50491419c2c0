"""The package's import layers, enforced: an AST import graph of ``src/orbitcompute``.

The rule (docs: DESIGN.md "Layers point down"; issue 13 item 4)::

    interfaces   cli > web > report      (the CLI starts the web server and writes reports)
    analyses     analysis/* (incl. verdict), sim, audit
    model        model
    domain       design, economics, ground, reliability, links, uncertainty, scenario, paths
    physics      physics
    base         registry, units, constants, errors, io, layout, data, the package root

A module may import its own layer or any layer below it, never above; sibling packages of one
layer may import each other but never in a cycle. Nothing outside ``cli/`` imports ``cli``;
outside ``web/`` only the ``serve`` command imports ``web``. Our own modules are imported at
module level, so a file's header shows its dependencies; imports inside functions are for
heavy optional third-party libraries only (the few exceptions are listed below, each with its
reason). Both module-level and function-level imports count for the layer and cycle rules.

Run ``python tests/test_layers.py`` to print the import-layer map (counts per layer pair,
module-level vs function-level, cycles).
"""

from __future__ import annotations

import ast
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = "orbitcompute"

#: Layers from the bottom up; a module belongs to the first entry whose prefix it matches.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("registry", "units", "constants", "errors", "io", "layout", "data", "")),
    ("physics", ("physics",)),
    (
        "domain",
        (
            "design",
            "economics",
            "ground",
            "reliability",
            "links",
            "uncertainty",
            "scenario",
            "paths",
        ),
    ),
    ("model", ("model",)),
    ("analyses", ("analysis", "sim", "audit")),
    ("report", ("report",)),
    ("web", ("web",)),
    ("cli", ("cli", "__main__")),
]
#: The three interfaces are one layer in the design; inside it cli > web > report.
INTERFACES = ("report", "web", "cli")

#: The package root's PEP 562 ``__getattr__`` (``orbitcompute.evaluate`` etc.) is the public
#: facade for users; it imports lazily so that ``import orbitcompute.physics.orbit`` stays
#: light, and no module of the package goes through it (they import ``__version__`` only).
FACADE = {
    (ROOT, f"{ROOT}.{m}") for m in ("model", "scenario", "registry", "errors", "analysis.api")
}

#: Function-level imports of our own modules that are allowed for good (reason given).
LAZY_OK: dict[tuple[str, str], str] = {
    # the web extra (starlette, uvicorn) is optional: only `serve` needs it
    (f"{ROOT}.cli.cmd_serve", f"{ROOT}.web.app"): "optional web extra (starlette/uvicorn)",
}

#: Remaining function-level imports of our own modules in files that other engineers rewrite
#: in parallel (issue 13: i13-cost, i13-geom; issue 14: i14-harden; issues 15/16). The lead
#: empties this after merging their branches: move each import to the module header.
#: Key: importing module -> owner branch. Every function-level import in these modules is
#: tolerated; any other module with one fails the test.
LAZY_PENDING: dict[str, str] = {}

#: Known layer violations and cycles living in other engineers' files (same rule: the lead
#: removes an entry once the owning branch has fixed it; the test fails if an entry is stale).
VIOLATIONS_PENDING: dict[tuple[str, str], str] = {}
CYCLES_PENDING: dict[frozenset[str], str] = {}


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    lazy: bool  # inside a function (or lambda)
    line: int


def modules(src: Path = SRC) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` file of the package."""
    out = {}
    for p in sorted((src / ROOT).rglob("*.py")):
        parts = list(p.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _resolve(name: str, mods: dict[str, Path]) -> str:
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name


def import_edges(src: Path = SRC) -> list[Edge]:
    """Every import statement of the package that names one of its own modules.

    ``from a.b import c`` counts as an import of ``a.b.c`` when that is a module, else of
    ``a.b``; one edge per (statement, target module).
    """
    mods = modules(src)
    edges: list[Edge] = []
    for name, path in mods.items():
        is_pkg = path.name == "__init__.py"
        pkg = name if is_pkg else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

        def visit(node: ast.AST, lazy: bool, name: str = name, pkg: str = pkg) -> None:
            for ch in ast.iter_child_nodes(node):
                inner = lazy or isinstance(ch, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
                targets: set[str] = set()
                if isinstance(ch, ast.Import):
                    targets = {_resolve(a.name, mods) for a in ch.names if _ours(a.name)}
                elif isinstance(ch, ast.ImportFrom):
                    base = ch.module or ""
                    if ch.level:
                        up = pkg.split(".")[: len(pkg.split(".")) - ch.level + 1]
                        base = ".".join(up + ([ch.module] if ch.module else []))
                    if _ours(base):
                        for a in ch.names:
                            full = f"{base}.{a.name}"
                            targets.add(full if full in mods else _resolve(base, mods))
                for t in sorted(targets):
                    edges.append(Edge(name, t, inner, ch.lineno))
                visit(ch, inner)

        visit(tree, False)
    return edges


def _ours(name: str) -> bool:
    return name == ROOT or name.startswith(ROOT + ".")


def layer_of(module: str) -> tuple[int, str]:
    """(rank, layer name) of a module: 0 is the bottom."""
    rest = module.removeprefix(ROOT).lstrip(".")
    first = rest.split(".")[0]
    for rank, (layer, prefixes) in enumerate(LAYERS):
        if first in prefixes:
            return rank, layer
    raise AssertionError(f"{module}: not in any layer of tests/test_layers.py LAYERS")


def component(module: str) -> str:
    """The first-level package or module (``orbitcompute.analysis.sweep.x`` -> ``analysis``)."""
    rest = module.removeprefix(ROOT).lstrip(".")
    return rest.split(".")[0] or ROOT


def violation(e: Edge) -> str | None:
    """Why an edge breaks the layer rule, or None."""
    if (e.src, e.dst) in FACADE:
        return None
    (rs, ls), (rd, ld) = layer_of(e.src), layer_of(e.dst)
    if ld == "cli" and ls != "cli":
        return "imports the CLI"
    if ld == "web" and ls != "web" and e.src != f"{ROOT}.cli.cmd_serve":
        return "imports the web interface"
    if rd > rs:
        return f"points up ({ls} -> {ld})"
    return None


def graph(edges: list[Edge], level: str = "module") -> dict[str, set[str]]:
    g: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if (e.src, e.dst) in FACADE:
            continue
        a, b = (e.src, e.dst) if level == "module" else (component(e.src), component(e.dst))
        if a != b:
            g[a].add(b)
    return g


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(set(g) | {w for ws in g.values() for w in ws}):
        if v not in index:
            strong(v)
    return sorted(out)


def layer_map(edges: list[Edge]) -> str:
    """A printable map: statements per (from layer, to layer), module-level/function-level."""
    stmts = {(e.src, e.line): e for e in edges}
    n_lazy = sum(e.lazy for e in stmts.values())
    pairs: Counter[tuple[str, str, bool]] = Counter()
    for e in edges:
        if (e.src, e.dst) in FACADE:
            continue
        pairs[(layer_of(e.src)[1], layer_of(e.dst)[1], e.lazy)] += 1
    lines = [
        f"internal import statements: {len(stmts)} "
        f"({len(stmts) - n_lazy} module-level, {n_lazy} inside functions)",
        "edges (statement x target) by layer, from -> to: module-level / in functions "
        "(without the package root's lazy facade)",
    ]
    names = [name for name, _ in LAYERS]
    for a in reversed(names):
        for b in reversed(names):
            top, lazy = pairs[(a, b, False)], pairs[(a, b, True)]
            if top or lazy:
                up = "   <-- points up" if names.index(b) > names.index(a) else ""
                lines.append(f"  {a:>10} -> {b:<10} {top:4d} / {lazy:<4d}{up}")
    bad = sorted({(e.src, e.dst, violation(e)) for e in edges if violation(e)})
    lines.append(f"layer violations: {len(bad)}")
    lines += [f"  {s} -> {d}: {why}" for s, d, why in bad]
    for level in ("component", "module"):
        cyc = cycles(graph(edges, level))
        lines.append(f"import cycles ({level} level): {len(cyc)}")
        lines += ["  " + " <-> ".join(c) for c in cyc]
    return "\n".join(lines)


# --------------------------------------------------------------------------------- the tests


EDGES = import_edges()


def test_every_module_has_a_layer():
    for m in modules():
        layer_of(m)


def test_layers_point_down():
    bad = {
        f"{e.src} -> {e.dst} (line {e.line}): {violation(e)}"
        for e in EDGES
        if violation(e) and (e.src, e.dst) not in VIOLATIONS_PENDING
    }
    assert not bad, "layer violations:\n" + "\n".join(sorted(bad)) + "\n\n" + layer_map(EDGES)


def test_no_import_cycles():
    for level in ("component", "module"):
        found = {frozenset(c) for c in cycles(graph(EDGES, level))}
        new = found - set(CYCLES_PENDING)
        assert not new, f"{level} import cycles: {sorted(map(sorted, new))}\n\n{layer_map(EDGES)}"


def test_own_modules_imported_at_module_level():
    bad = sorted(
        f"{e.src}:{e.line} imports {e.dst} inside a function"
        for e in EDGES
        if e.lazy
        and (e.src, e.dst) not in LAZY_OK
        and (e.src, e.dst) not in FACADE
        and e.src not in LAZY_PENDING
    )
    assert not bad, "move these imports to the module header:\n" + "\n".join(bad)


def test_physics_raises_no_user_facing_errors():
    """Physics is pure: non-physical input is a ValueError; naming a scenario key (a
    ScenarioError) is done by the layers that read the scenario."""
    bad = []
    for name, path in modules().items():
        if layer_of(name)[1] != "physics":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name | ast.alias) and "ScenarioError" in (
                getattr(node, "id", None),
                getattr(node, "name", None),
            ):
                bad.append(f"{name}:{node.lineno if hasattr(node, 'lineno') else '?'}")
    assert not bad, "ScenarioError used in physics: " + ", ".join(sorted(set(bad)))


def test_allowlists_are_not_stale():
    """An allowlist entry that no longer matches anything must be removed (keeps them honest)."""
    lazy_src = {e.src for e in EDGES if e.lazy}
    assert not set(LAZY_PENDING) - lazy_src, set(LAZY_PENDING) - lazy_src
    pairs = {(e.src, e.dst) for e in EDGES if violation(e)}
    assert not set(VIOLATIONS_PENDING) - pairs, set(VIOLATIONS_PENDING) - pairs
    found = {frozenset(c) for lv in ("component", "module") for c in cycles(graph(EDGES, lv))}
    assert not set(CYCLES_PENDING) - found, set(CYCLES_PENDING) - found
    lazy_pairs = {(e.src, e.dst) for e in EDGES if e.lazy}
    assert not set(LAZY_OK) - lazy_pairs, set(LAZY_OK) - lazy_pairs


def test_graph_builder_sees_function_level_imports(tmp_path):
    """The AST walk must find imports nested in functions and resolve relative imports."""
    pkg = tmp_path / ROOT
    (pkg / "physics").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "physics" / "__init__.py").write_text("")
    (pkg / "cli.py").write_text("")
    (pkg / "physics" / "x.py").write_text(
        "from . import y\n\ndef f():\n    if True:\n        from orbitcompute.cli import g\n"
    )
    (pkg / "physics" / "y.py").write_text("")
    edges = import_edges(tmp_path)
    got = {(e.src, e.dst, e.lazy) for e in edges}
    assert got == {
        (f"{ROOT}.physics.x", f"{ROOT}.physics.y", False),
        (f"{ROOT}.physics.x", f"{ROOT}.cli", True),
    }
    assert violation(next(e for e in edges if e.lazy)) == "imports the CLI"


def test_cycle_finder():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}}) == []


if __name__ == "__main__":
    print(layer_map(import_edges(Path(sys.argv[1]) / "src" if len(sys.argv) > 1 else SRC)))


def test_root_facade_is_declared():
    """The root's lazy exports (``orbitcompute._EXPORTS``, imported with importlib on first
    use) name only the modules FACADE allows."""
    import orbitcompute

    targets = {module for module, _ in orbitcompute._EXPORTS.values()}
    assert targets <= {dst for _, dst in FACADE}, targets - {dst for _, dst in FACADE}

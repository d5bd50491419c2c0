"""Generators of adversarial inputs with an oracle, shared by the fuzz tests and the benchmark.

Every generator takes a :class:`random.Random` (hypothesis passes one through ``st.randoms()``,
``benchmarks/bench_fuzz.py`` a seeded one) and returns a case that says what it expects:

``bad``   wrong by construction (out of range in display units, wrong dimension, malformed,
          wrong type, over a limit, a cycle ...): must be rejected with one line and exit 2
          (HTTP 4xx from the API). Accepting it is a *silently accepted bad value*.
``good``  valid by construction: should be accepted (a rejection is only reported).
``any``   either outcome is fine, as long as it is clean (no traceback, one line, bounded time).

Categories name what was generated; ``owner`` names the branch that fixes a category when it is
not this one (output paths: ``i13-layers``; distribution bounds: ``i13-geom``).
"""

from __future__ import annotations

import functools
import json
import math
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orbitcompute.registry import registry
from orbitcompute.scenario import CHOICES, MAX_EXTENDS_DEPTH, preset_names
from orbitcompute.units import si_factor

BAD, GOOD, ANY = "bad", "good", "any"
#: Over-limit sizes (the limits themselves live in orbitcompute.scenario / web.app).
HUGE_FILE = 3 * 1024 * 1024
LONG_STRING = 200_000


@dataclass
class Value:
    """One parameter value in three spellings: TOML literal, ``--set`` text and JSON value."""

    toml: str
    set: str
    json: Any
    expect: str
    category: str
    owner: str = ""


@dataclass
class Case:
    """A generated input and what it should give."""

    kind: str  # file | set | output | api
    category: str
    expect: str
    files: dict[str, bytes] = field(default_factory=dict)  # relative path -> content
    special: dict[str, str] = field(default_factory=dict)  # relative path -> dir|fifo|link:...
    args: list[str] = field(default_factory=list)  # CLI args; "{dir}" is the case directory
    method: str = "POST"
    path: str = "/api/compare"
    body: bytes = b""
    content_type: str = "application/json"
    secret: bool = False  # the response must not echo the secret file's token or path
    owner: str = ""
    note: str = ""


def materialize(case: Case, root: Path) -> list[str]:
    """Write a case's files (and special files) under ``root``; its CLI arguments there."""
    for rel, data in case.files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.replace(b"{dir}", str(root).encode()))
    for rel, kind in case.special.items():
        p = root / rel
        if kind == "dir":
            p.mkdir()
        elif kind == "fifo":
            os.mkfifo(p)
        else:
            p.symlink_to(kind.removeprefix("link:"))
    return [a.replace("{dir}", str(root)) for a in case.args]


def merge_expect(*items: str) -> str:
    """A composite is bad if any part is bad, good if all are good, else any."""
    if BAD in items:
        return BAD
    return GOOD if all(x == GOOD for x in items) else ANY


# --------------------------------------------------------------------------------------------
# The universe: registry rows and units


@dataclass(frozen=True)
class Row:
    name: str
    unit: str
    lo: float
    hi: float
    kind: str
    dim: str


@functools.lru_cache(maxsize=1)
def rows() -> tuple[Row, ...]:
    out = []
    for name, p in registry().items():
        out.append(Row(name, p.unit, p.minimum, p.maximum, p.kind, si_factor(p.unit)[1]))
    return tuple(out)


WRONG_UNITS = ("km", "kg", "s", "W", "USD", "K", "m^2", "J", "USD/kg", "W/kg", "Hz", "kg/m^2")


@functools.lru_cache(maxsize=64)
def _dim(unit: str) -> str:
    return si_factor(unit)[1]


def unit_text(r: Row) -> str:
    return "" if r.unit in ("1", "") else r.unit


def is_dimensional(r: Row) -> bool:
    return r.dim != _dim("1")


def fmt(x: float) -> str:
    """A float as a TOML/JSON-compatible literal that round-trips exactly."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def _q(s: str) -> str:
    """A TOML basic string literal (JSON escaping is valid TOML for printable text)."""
    return json.dumps(s, ensure_ascii=False)


def _inside(rnd: random.Random, r: Row, margin: float = 0.01) -> float:
    """A value well inside [lo, hi] (display units), integral for int/bool rows."""
    if r.kind == "bool":
        return float(rnd.choice((0, 1)))
    lo, hi = r.lo, r.hi
    span = hi - lo
    if r.kind == "int":
        a, b = math.ceil(lo), math.floor(hi)
        return float(rnd.randint(int(a), int(b))) if b >= a else lo
    if span <= 0:
        return lo
    k = rnd.randint(0, 1000) / 1000.0
    x = lo + span * (margin + (1 - 2 * margin) * k)
    return float(f"{x:.6g}") if lo <= float(f"{x:.6g}") <= hi else x


def good_value(rnd: random.Random, r: Row) -> Value:
    x = _inside(rnd, r)
    u = unit_text(r)
    form = rnd.randrange(4)
    if r.kind == "bool" and form == 0:
        b = "true" if x else "false"
        return Value(b, b, bool(x), GOOD, "good")
    if form <= 1 or not u:
        return Value(fmt(x), fmt(x), x if x != int(x) else int(x), GOOD, "good")
    s = f"{fmt(x)} {u}"
    if form == 2:
        return Value(_q(s), _q(s), s, GOOD, "good")
    return Value(_q(s), s, s, GOOD, "good")  # --set accepts an unquoted value with a space


def _beyond(rnd: random.Random, r: Row) -> float:
    """A value outside [lo, hi] by far more than the validation tolerance."""
    span = max(r.hi - r.lo, 1e-6 * max(abs(r.lo), abs(r.hi), 1.0))
    d = span * rnd.choice((0.001, 0.01, 0.5, 1, 3, 1e3)) + 1e-6 * max(abs(r.lo), abs(r.hi), 1.0)
    return r.hi + d if rnd.random() < 0.5 else r.lo - d


def range_bad(rnd: random.Random, r: Row) -> Value:
    if r.kind == "bool":
        x = rnd.choice((2.0, -1.0, 0.5, 7.0))
    elif r.kind == "int" and rnd.random() < 0.3 and math.floor(r.hi) - math.ceil(r.lo) >= 1:
        x = math.ceil(r.lo) + 0.5  # not whole
    else:
        x = _beyond(rnd, r)
    u = unit_text(r)
    if u and rnd.random() < 0.5:
        s = f"{fmt(x)} {u}"
        return Value(_q(s), _q(s), s, BAD, "range")
    return Value(fmt(x), fmt(x), x, BAD, "range")


def dimension_bad(rnd: random.Random, r: Row) -> Value:
    wrong = [w for w in WRONG_UNITS if _dim(w) != r.dim]
    s = f"{fmt(_inside(rnd, r))} {rnd.choice(wrong)}"
    return Value(_q(s), _q(s), s, BAD, "dimension")


def _malformed_texts(rnd: random.Random, r: Row) -> list[str]:
    x = fmt(_inside(rnd, r))
    u = unit_text(r) or "km"
    d = str(rnd.randint(1, 9))
    out = [
        "",
        " ",
        u,  # a bare unit is not a value
        f"{d} {d} {u}",
        f"{d}={d}",
        f"={x}",
        f"=={x}",
        f"{d},{d}",
        f"{d},{rnd.randint(10, 99)} {u}",
        f"{rnd.randint(1, 9)},{rnd.randint(0, 999):03d}",  # ambiguous: 1,000 is 1 or 1000
        f"{x} * 2 {u}",
        f"9**9**8 {u}",
        f"9**9**9 {u}",
        f"2**{rnd.randint(2, 4000)} {u}",
        f"({x}) {u}",
        f"{x} ({u}",
        f"{x} {u})",
        f"{x}e {u}",
        f"e{d} {u}",
        f"--{x} {u}",
        f"{d}..{d} {u}",
        f"0x1F {u}",
        f"five {u}",
        "9" * rnd.choice((5_000, 32_000, 100_000)),
        "1" + "0" * rnd.choice((400, 4_400)) + f" {u}",
        f"{x}{chr(0)} {u}",
        f"{x}\n{u}",
        "nan",
        f"inf {u}",
        "-inf",
        f"NaN {u}",
        f"1e999 {u}",
        f"1/0 {u}",
        f"{x} {u}/0",
        f"{x} {u}**99999999",
        f"{x} {u}^9^9",
        f"{x} " + "/".join(["m"] * 200),
        f"{x} " + "k" * 5000,
        f"{x} {u} {d}",
        f"#{x} {u}",
        "+-" + x,
        f"{x} 🚀",
        f"{x} {u}; import os",
        f"{x} __import__('os')",
        f"{x} {u}.__class__",
        "５５０ " + u,  # full-width digits
        "٥٥٠ " + u,  # Arabic-Indic digits
        f"{x}\u00b2 {u}",
        f"{x} {u}" + " " * LONG_STRING,
        f"{x} 1/{u}" if is_dimensional(r) else f"{x} km",
    ]
    if is_dimensional(r):
        out.append(f"{x} {u} {u}")  # squared unit: wrong dimension
    return out


def malformed(rnd: random.Random, r: Row) -> Value:
    s = rnd.choice(_malformed_texts(rnd, r))
    if s.startswith("=="):  # '--set name==0.9': the value is '=0.9'
        return Value(_q(s[1:]), s, s[1:], BAD, "malformed")
    if s.startswith("=") and len(s) > 1:
        return Value(_q(s), s, s, BAD, "malformed")
    if s == "":
        return Value('""', rnd.choice(('""', "'", "''", '"')), "", BAD, "malformed")
    return Value(_q(s), _q(s), s, BAD, "malformed")


def uncertain_string(rnd: random.Random, r: Row) -> Value:
    """Spellings a strict grammar may take or leave, but must handle cleanly."""
    x = fmt(_inside(rnd, r))
    u = unit_text(r) or ""
    s = rnd.choice(
        [
            f" {x} {u} ",
            f"{x}{u}",
            f"{x}\u00a0{u}",
            f"{x}\t{u}",
            f"+{x} {u}",
            f"{x} {u.upper()}",
            f"{x}e0 {u}",
            "1_000 " + u,
            f"{x} ({u})",
            x,  # a unitless string: the registry unit
            "1,000,000 " + u,
            "1,000.5 " + u,
            "5e-999999 " + u,
        ]
    ).strip()
    return Value(_q(s), _q(s), s, ANY, "spelling")


def type_bad(rnd: random.Random, r: Row) -> Value:
    x = fmt(_inside(rnd, r))
    opts = [
        ("[" + x + "]", [float(x)]),
        ("[]", []),
        ("{}", {}),
        ("{ a = 1 }", {"a": 1}),
        ("{ value = " + x + " }", {"value": float(x)}),
        ("1979-05-27", None),
        ("07:32:00", None),
        ("1979-05-27T07:32:00Z", None),
        ("[[" + x + "]]", [[float(x)]]),
        ('{ dist = "uniform" }', {"dist": "uniform"}),
    ]
    if r.kind != "bool":
        opts.append(("true", True))
        opts.append(("false", False))
    else:
        opts.append(('"yes"', "yes"))
    lit, js = rnd.choice(opts)
    return Value(lit, lit, js, BAD, "type")


def nonfinite(rnd: random.Random, r: Row) -> Value:
    lit = rnd.choice(("nan", "inf", "-inf", "+inf", "+nan", "-nan", "1e309", "-1e309"))
    return Value(lit, lit, float(lit.replace("1e309", "inf")), BAD, "nonfinite")


def huge(rnd: random.Random, r: Row) -> Value:
    digits = rnd.choice((25, 60, 309, 400, 4_300, 4_400, 20_000))
    lit = "9" * digits
    return Value(lit, lit, 10 ** min(digits, 400) - 1 if digits <= 4_300 else None, BAD, "huge")


VALUE_KINDS = (
    (good_value, 0.30),
    (range_bad, 0.15),
    (dimension_bad, 0.08),
    (malformed, 0.22),
    (uncertain_string, 0.07),
    (type_bad, 0.08),
    (nonfinite, 0.05),
    (huge, 0.05),
)


def any_value(rnd: random.Random, r: Row) -> Value:
    fns, weights = zip(*VALUE_KINDS, strict=True)
    fn = rnd.choices(fns, weights)[0]
    if fn is dimension_bad and not [w for w in WRONG_UNITS if _dim(w) != r.dim]:
        fn = range_bad
    return fn(rnd, r)


# --------------------------------------------------------------------------------------------
# Distributions


def good_dist(rnd: random.Random, r: Row) -> tuple[str, dict]:
    """A valid distribution spec (TOML inline table text, JSON-like dict)."""
    if r.kind != "float":
        vals = sorted({_inside(rnd, r) for _ in range(3)})
        spec: dict[str, Any] = {"dist": "choice", "options": vals}
    else:
        a, b = sorted((_inside(rnd, r, 0.05), _inside(rnd, r, 0.05)))
        if a == b:
            a, b = r.lo + 0.1 * (r.hi - r.lo), r.lo + 0.9 * (r.hi - r.lo)
        kind = rnd.choice(("uniform", "triangular", "pert", "loguniform", "normal"))
        if kind == "loguniform" and a <= 0:
            kind = "uniform"
        if kind in ("uniform", "loguniform"):
            spec = {"dist": kind, "low": a, "high": b}
        elif kind in ("triangular", "pert"):
            spec = {"dist": kind, "low": a, "mode": (a + b) / 2, "high": b}
        else:
            spec = {"dist": "normal", "mean": (a + b) / 2, "sd": (b - a) / 4, "min": a, "max": b}
    return _inline(spec), spec


def _inline(spec: dict) -> str:
    def lit(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float | int):
            return (
                fmt(v) if math.isfinite(v) else ("nan" if v != v else ("inf" if v > 0 else "-inf"))
            )
        if isinstance(v, str):
            return _q(v)
        if isinstance(v, list):
            return "[" + ", ".join(lit(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {lit(x)}" for k, x in v.items()) + " }"
        return _q(str(v))

    return lit(spec)


def bad_dist(rnd: random.Random, r: Row) -> tuple[str, dict, str, str]:
    """An invalid distribution spec: (TOML text, dict, category, owner)."""
    text, spec = good_dist(rnd, r)
    spec = dict(spec)
    choice = rnd.randrange(9)
    owner = ""
    if choice == 0 and r.kind == "float":
        # bounds outside the registry range, in display units (issue 14 item 5)
        lo, hi = sorted((_beyond(rnd, r), _beyond(rnd, r)))
        if lo == hi:
            hi = lo + abs(lo) + 1
        spec = {"dist": "uniform", "low": lo, "high": hi}
        cat, owner = "dist-bounds", "i13-geom"
    elif choice == 1 and "low" in spec:
        spec["low"], spec["high"] = spec["high"], spec["low"]
        if spec["low"] == spec["high"]:
            spec["high"] = spec["low"] - 1
        spec.pop("mode", None)
        cat = "dist-order"
    elif choice == 2:
        spec["dist"] = rnd.choice(("gamma", "", 5, "uniformm", "UNIFORM ", None))
        if spec["dist"] is None:
            del spec["dist"]
            spec["low"] = 1  # an inline table without dist is not a value
        cat = "dist-kind"
    elif choice == 3:
        spec[rnd.choice(("lo", "hi", "scale", "nominall", "x"))] = 1
        cat = "dist-key"
    elif choice == 4:
        spec = {"dist": "normal", "mean": _inside(rnd, r), "sd": rnd.choice((0, -1, -1e-9))}
        cat = "dist-sd"
    elif choice == 5:
        spec = {"dist": "choice", "options": rnd.choice(([], 5, "x", [[1]], [{}]))}
        cat = "dist-options"
    elif choice == 6:
        spec = {"dist": "uniform", "low": {"dist": "uniform", "low": 1, "high": 2}, "high": 3}
        cat = "dist-nested"
    elif choice == 7:
        m = malformed(rnd, r)
        spec = {"dist": "uniform", "low": m.json, "high": _inside(rnd, r)}
        if m.json is None or isinstance(m.json, str) and "\x00" in m.json:
            spec["low"] = "x"
        cat = "dist-malformed"
    else:
        spec["nominal"] = _beyond(rnd, r) if r.kind == "float" else "x"
        cat = "dist-nominal"
        owner = "i13-geom" if r.kind == "float" else ""
    return _inline(spec), spec, cat, owner


# --------------------------------------------------------------------------------------------
# Scenario files


def _render(
    root: list[str], meta: list[str], tables: dict[str, list[str]], rnd: random.Random
) -> str:
    """TOML text: root keys, then [meta], then one table per group (header, inline or dotted)."""
    lines = list(root)
    placed: set[str] = set()  # groups written inline or dotted at the root
    for group, body in tables.items():
        style = rnd.random()
        if style < 0.15:
            lines.insert(len(root), f"{group} = {{ " + ", ".join(body) + " }")
            placed.add(group)
        elif style < 0.3:
            lines[len(root) : len(root)] = [f"{group}.{line}" for line in body]
            placed.add(group)
    if meta:
        lines += ["[meta]", *meta]
    # Tracked, not searched for: an [outlook] key such as ``ground.nuclear_price_change``
    # starts like the ``ground`` group and once made the ground table silently vanish.
    for group, body in tables.items():
        if group not in placed:
            lines.append(f"[{group}]")
            lines += body
    return "\n".join(lines) + "\n"


def scenario_body(rnd: random.Random, n_bad: int | None = None) -> tuple[str, str, str, str]:
    """A scenario text of good and (maybe) bad values: (text, expect, category, owner)."""
    picked = rnd.sample(rows(), rnd.randint(1, 6))
    root: list[str] = []
    if rnd.random() < 0.5:
        root.append(f"extends = {_q(rnd.choice(preset_names()))}")
    meta: list[str] = []
    if rnd.random() < 0.3:
        meta = [f"title = {_q('fuzz ' + str(rnd.randint(0, 999)))}", "year = 2031"]
    tables: dict[str, list[str]] = {}
    expects, cats, owners = [], [], []
    n_bad = rnd.choice((0, 1, 1, 2)) if n_bad is None else n_bad
    bad_at = set(rnd.sample(range(len(picked)), min(n_bad, len(picked))))
    for i, r in enumerate(picked):
        if i in bad_at:
            if rnd.random() < 0.2:
                lit, _, cat, owner = bad_dist(rnd, r)
                v = Value(lit, lit, None, BAD, cat, owner)
            else:
                v = any_value(rnd, r)
                while v.expect == GOOD:
                    v = any_value(rnd, r)
        elif r.kind == "float" and rnd.random() < 0.15:
            lit, _ = good_dist(rnd, r)
            v = Value(lit, lit, None, GOOD, "dist")
        else:
            v = good_value(rnd, r)
        group, key = r.name.split(".", 1)
        tables.setdefault(group, []).append(f"{key} = {v.toml}")
        expects.append(v.expect)
        cats.append(v.category)
        owners.append(v.owner)
    expect = merge_expect(*expects)
    bad_cats = [c for c, e in zip(cats, expects, strict=True) if e != GOOD]
    cat = bad_cats[0] if bad_cats else "good"
    owner = next((o for o, e in zip(owners, expects, strict=True) if e == BAD and o), "")
    return _render(root, meta, tables, rnd), expect, cat, owner


def _deep(rnd: random.Random) -> tuple[str, str]:
    depth = rnd.choice((10, 60, 200, 480, 490, 500, 1_000, 5_000, 100_000))
    kind = rnd.randrange(6)
    if kind == 0:
        return f"[orbit]\naltitude = {'[' * depth}550{']' * depth}\n", "nesting"
    if kind == 1:
        inner = "550"
        text = "{ a = " * depth + inner + " }" * depth
        return f"[orbit]\naltitude = {text}\n", "nesting"
    if kind == 2:
        return "[" + ".".join(["orbit"] + ["a"] * depth) + "]\nx = 1\n", "nesting"
    if kind == 3:
        return ".".join(["orbit"] * depth) + " = 1\n", "nesting"
    if kind == 4:
        return "x = " + "[{a=" * depth + "1" + "}]" * depth + "\n", "nesting"
    return "[" * depth + "\n", "nesting"


def _many_keys(rnd: random.Random) -> str:
    n = rnd.choice((500, 5_000, 50_000))
    return "[orbit]\n" + "".join(f"k{i} = {i}\n" for i in range(n))


def structural(rnd: random.Random) -> tuple[bytes, str, str]:
    """Bad structure: nesting, keys, sizes, sections, types of tables: (bytes, expect, cat)."""
    k = rnd.randrange(15)
    r = rnd.choice(rows())
    group, key = r.name.split(".", 1)
    if k == 0:
        text, cat = _deep(rnd)
        return text.encode(), BAD, cat
    if k == 1:
        return _many_keys(rnd).encode(), BAD, "many-keys"
    if k == 2:
        return (f"# {'x' * HUGE_FILE}\n[orbit]\naltitude = 550\n").encode(), BAD, "file-size"
    if k == 3:
        s = "x" * rnd.choice((LONG_STRING, 2 * LONG_STRING))
        return f"[meta]\ndescription = {_q(s)}\n".encode(), BAD, "long-string"
    if k == 4:
        return f"[{group}]\n{key} = {{}}\n".encode(), BAD, "empty-table"
    if k == 5:
        v = rnd.choice(("5", '"x"', "[]", "true", "[1, 2]", "{ correlations = 5 }"))
        return f"uncertainty = {v}\n".encode(), BAD, "uncertainty"
    if k == 6:
        pairs = rnd.choice(
            (
                '[["launch.price_per_kg", "satellite.lifetime", 1.5]]',
                '[["launch.price_per_kg", "nope.nope", 0.5]]',
                '[["launch.price_per_kg", "launch.price_per_kg", 0.5]]',
                '[["launch.price_per_kg", "satellite.lifetime", nan]]',
                '[["launch.price_per_kg", "satellite.lifetime"]]',
                "[5]",
                '"x"',
                '[["launch.price_per_kg", "satellite.lifetime", 0.9], '
                '["launch.price_per_kg", "satellite.cost_per_kg", 0.9], '
                '["satellite.lifetime", "satellite.cost_per_kg", -0.9]]',
            )
        )
        text = (
            "[launch]\nprice_per_kg = { dist = 'loguniform', low = 30, high = 3000 }\n"
            "[satellite]\nlifetime = { dist = 'uniform', low = 3, high = 8 }\n"
            "cost_per_kg = { dist = 'uniform', low = 500, high = 5000 }\n"
            f"[uncertainty]\ncorrelations = {pairs}\n"
        )
        return text.encode(), BAD, "correlations"
    if k == 7:
        return (
            rnd.choice(
                (
                    "[meta]\nyear = 'x'\n",
                    "[meta]\ntitle = 5\n",
                    "[meta]\nauthor = 'x'\n",
                    "meta = 5\n",
                    "[meta]\nyear = 1e999\n",
                    "[[meta]]\ntitle = 'x'\n",
                )
            ).encode(),
            BAD,
            "meta",
        )
    if k == 8:
        name = rnd.choice(list(CHOICES))
        g, c = name.split(".", 1)
        v = rnd.choice(('"nope"', "5", "[]", '""', '"' + "H" * 10_000 + '"'))
        return f"[{g}]\n{c} = {v}\n".encode(), BAD, "choice"
    if k == 9:
        typo = rnd.choice((key + "x", key[:-1], key.upper(), "x" + key, key + " "))
        return f"[{group}]\n{_q(typo)} = 1\n".encode(), BAD, "unknown-key"
    if k == 10:
        return (
            rnd.choice(("foo = 1\n", "[foo]\nbar = 1\n", "orbit = 5\n")).encode(),
            BAD,
            "unknown-key",
        )
    if k == 11:
        return f"[[{group}]]\n{key} = 1\n".encode(), BAD, "array-of-tables"
    if k == 12:
        return b"", GOOD, "empty-file"
    if k == 13:
        return f"[{group}]\n{key} = 1\n{key} = 2\n".encode(), BAD, "duplicate-key"
    return (f'[{group}]\n{key} = "{"9" * 40} {unit_text(r)}"\n').encode(), BAD, "long-number"


def encoding(rnd: random.Random, text: str, expect: str) -> tuple[bytes, str, str]:
    k = rnd.randrange(7)
    if k == 0:
        return b"\xef\xbb\xbf" + text.encode(), merge_expect(expect, ANY), "bom"
    if k == 1:
        return text.encode("utf-16"), BAD, "utf-16"
    if k == 2:
        return text.encode("utf-16-le"), BAD, "utf-16"
    if k == 3:
        raw = text.encode()
        i = rnd.randint(0, len(raw))
        return (
            raw[:i] + rnd.choice((b"\xff", b"\xc3\x28", b"\xed\xa0\x80")) + raw[i:],
            BAD,
            "bad-utf8",
        )
    if k == 4:
        raw = text.encode()
        i = rnd.randint(0, len(raw))
        return raw[:i] + b"\x00" + raw[i:], BAD, "nul"
    if k == 5:
        return text.replace("\n", "\r\n").encode(), expect, "crlf"
    return ('[meta]\ntitle = "caf\xe9"\n' + text).encode("latin-1", "replace"), BAD, "latin-1"


def corrupt(rnd: random.Random, text: str) -> tuple[bytes, str, str]:
    """Random edits of a TOML text; bad when the result is not TOML any more."""
    import tomllib

    chars = list(text)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(4)
        i = rnd.randrange(len(chars) + 1)
        if op == 0 and chars:
            del chars[min(i, len(chars) - 1)]
        elif op == 1:
            chars.insert(i, rnd.choice("[]{}\"'=,.#\n\\ 0e+-_:"))
        elif op == 2 and chars:
            j = min(i, len(chars) - 1)
            chars.insert(j, chars[j])
        else:
            chars.insert(i, rnd.choice(("'''", '"""', "\\u", "\\U0011FFFF", "\t", "\x7f")))
    out = "".join(chars)
    try:
        tomllib.loads(out)
    except Exception:
        return out.encode(), BAD, "syntax"
    return out.encode(), ANY, "syntax-valid"


def extends_case(rnd: random.Random) -> Case:
    """Chains of files: presets, relative/absolute paths, cycles, length, special files."""
    k = rnd.randrange(14)
    good_body = "[launch]\nprice_per_kg = 700\n"
    files: dict[str, bytes] = {}
    special: dict[str, str] = {}
    expect, cat, ext = BAD, "extends", None
    if k == 0:
        ext, expect = rnd.choice(preset_names()), GOOD
    elif k == 1:
        ext = rnd.choice(("todayy", "Today", "today.toml", "preset:today", "../today"))
        expect = BAD
    elif k == 2:
        files["base.toml"] = good_body.encode()
        ext, expect = rnd.choice(("base.toml", "./base.toml", "sub/../base.toml")), GOOD
        files["sub/keep.toml"] = b""
    elif k == 3:
        files["sub/base.toml"] = good_body.encode()
        files["sub/main2.toml"] = b'extends = "../sub/base.toml"\n'
        ext, expect = "sub/main2.toml", GOOD
    elif k == 4:
        files["base.toml"] = good_body.encode()
        ext, expect = "{dir}/base.toml", GOOD  # absolute
    elif k == 5:
        ext, expect, cat = rnd.choice(("missing.toml", "{dir}/nope/x.toml")), BAD, "extends-missing"
    elif k == 6:
        special["adir.toml"] = "dir"
        ext, cat = "adir.toml", "extends-not-file"
    elif k == 7:
        files["a.toml"] = b'extends = "b.toml"\n'
        files["b.toml"] = b'extends = "a.toml"\n'
        ext, cat = rnd.choice(("a.toml", "main.toml")), "extends-cycle"
    elif k == 8:
        n = rnd.choice((MAX_EXTENDS_DEPTH + 2, 40, 200))
        for i in range(n):
            files[f"c{i}.toml"] = f'extends = "c{i + 1}.toml"\n'.encode()
        files[f"c{n}.toml"] = good_body.encode()
        ext, cat = "c0.toml", "extends-long-chain"
    elif k == 9:
        ext = rnd.choice(("x" * 300 + ".toml", "x" * 5_000 + ".toml", "a/" * 3_000 + "x.toml"))
        cat = "extends-long-name"
    elif k == 10:
        ext = rnd.choice(("x\x00.toml", "", " ", "\n", "."))
        cat = "extends-odd-name"
    elif k == 11:
        lit = rnd.choice(("5", "[]", "{}", "true", '["today"]', "{ a = 1 }"))
        files["main.toml"] = f"extends = {lit}\n{good_body}".encode()
        return Case("file", "extends-type", BAD, files=files, args=["compare", "{dir}/main.toml"])
    elif k == 12:
        target = rnd.choice(
            ("fifo", "link:/dev/zero", "link:/etc/passwd", "link:/proc/self/environ")
        )
        special["odd.toml"] = target
        ext, cat = "odd.toml", "extends-special-file"
    else:
        files["base.txt"] = good_body.encode()
        files["big.toml"] = b"# " + b"x" * HUGE_FILE + b"\n"
        ext, cat = rnd.choice(("base.txt", "/etc/passwd", "big.toml", "/dev/zero")), "extends-other"
    if "main.toml" not in files:
        files["main.toml"] = f"extends = {_q(ext)}\n[orbit]\naltitude = 600\n".encode()
    return Case(
        "file", cat, expect, files=files, special=special, args=["compare", "{dir}/main.toml"]
    )


def file_case(rnd: random.Random) -> Case:
    """One generated scenario file (or chain), run as ``orbitcompute compare FILE``."""
    k = rnd.random()
    if k < 0.40:
        text, expect, cat, owner = scenario_body(rnd)
        data = text.encode()
    elif k < 0.58:
        data, expect, cat = structural(rnd)
        owner = ""
    elif k < 0.70:
        text, expect, _, owner = scenario_body(rnd, n_bad=0)
        data, expect, cat = encoding(rnd, text, expect)
    elif k < 0.85:
        text, _, _, owner = scenario_body(rnd, n_bad=0)
        data, expect, cat = corrupt(rnd, text)
        owner = ""
    else:
        return extends_case(rnd)
    return Case(
        "file",
        cat,
        expect,
        files={"main.toml": data},
        args=["compare", "{dir}/main.toml", "-f", "json"],
        owner=owner,
    )


# --------------------------------------------------------------------------------------------
# --set overrides on several commands

COMMANDS = {
    "compare": ["compare", "-f", "json"],
    "verdict": ["verdict", "-f", "json"],
    "montecarlo": ["montecarlo", "uncertain-2030", "-n", "64", "-f", "json"],
    "breakeven": ["breakeven", "launch.price_per_kg", "-f", "json"],
    "simulate": ["simulate", "--days", "0.05", "--planes", "1", "--per-plane", "2", "-f", "json"],
}
COMMAND_WEIGHTS = {"compare": 5, "verdict": 2, "montecarlo": 2, "breakeven": 2, "simulate": 1}


def set_text(rnd: random.Random) -> tuple[list[str], str, str, str]:
    """``--set`` arguments: (list of 'key=value', expect, category, owner)."""
    r = rnd.choice(rows())
    k = rnd.random()
    if k < 0.08:
        item = rnd.choice(
            (
                r.name,
                "=5",
                f"{r.name}=",
                " = ",
                "nope.nope=5",
                f"{r.name}x=5",
                r.name.split(".")[0] + "=5",
                ".=5",
                "é.ü=5",
                "x" * 10_000 + "=5",
                f"{r.name} 5",
            )
        )
        return [item], BAD, "set-syntax", ""
    if k < 0.18 and r.kind == "float":
        if rnd.random() < 0.5:
            lit, _ = good_dist(rnd, r)
            return [f"{r.name}={lit}"], GOOD, "dist", ""
        lit, _, cat, owner = bad_dist(rnd, r)
        return [f"{r.name}={lit}"], BAD, cat, owner
    v = any_value(rnd, r)
    items = [f"{r.name}={v.set}"]
    expect = v.expect
    if rnd.random() < 0.2:  # a second, good override
        r2 = rnd.choice(rows())
        if r2.name != r.name:
            items.append(f"{r2.name}={good_value(rnd, r2).set}")
    return items, expect, v.category, v.owner


def set_case(rnd: random.Random, command: str | None = None) -> Case:
    if command is None:
        names, weights = zip(*COMMAND_WEIGHTS.items(), strict=True)
        command = rnd.choices(names, weights)[0]
    items, expect, cat, owner = set_text(rnd)
    args = list(COMMANDS[command])
    for it in items:
        args += ["--set", it]
    return Case("set", cat, expect, args=args, owner=owner, note=command)


# --------------------------------------------------------------------------------------------
# Sweep specs (read with the scenario limits); only bad specs, so nothing is computed

SPEC = '[base]\nscenario = "today"\n[axes]\nlaunch.price_per_kg = [100, 200]\n'


def spec_case(rnd: random.Random) -> Case:
    """A malformed sweep spec, run as ``orbitcompute sweep SPEC --out DIR``."""
    data, cat = b"", ""
    for _ in range(20):
        k = rnd.random()
        if k < 0.3:
            data, expect, cat = structural(rnd)
        elif k < 0.5:
            data, expect, cat = encoding(rnd, SPEC, GOOD)
        elif k < 0.7:
            data, expect, cat = corrupt(rnd, SPEC)
        else:
            r = rnd.choice([r for r in rows() if r.kind == "float"])
            v = any_value(rnd, r)
            data, expect, cat = f"[axes]\n{r.name} = [{v.toml}]\n".encode(), v.expect, v.category
        if expect == BAD:
            break
    args = ["sweep", "{dir}/spec.toml", "--out", "{dir}/o", "--workers", "1"]
    return Case("spec", "spec-" + cat, BAD, files={"spec.toml": data}, args=args)


# --------------------------------------------------------------------------------------------
# Output paths (issue 14 item 3, built by i13-layers)

OUTPUT_COMMANDS = {
    "compare": ["compare"],
    "verdict": ["verdict"],
    "montecarlo": ["montecarlo", "uncertain-2030", "-n", "64"],
    "capacity": ["capacity"],
    "ground": ["ground"],
    "latency": ["latency"],
    "links": ["links"],
    "report": ["report"],
    "audit": ["audit", "starcloud"],
}


def output_case(rnd: random.Random) -> Case:
    cmd = rnd.choice(list(OUTPUT_COMMANDS))
    target = rnd.choice(
        (
            "/proc/orbitcompute-out.txt",  # not writable, even for root
            "{dir}",  # a directory
            "",  # empty
            "{dir}/missing/out.txt",
            "{dir}/adir",
        )
    )
    special = {"adir": "dir"} if target.endswith("adir") else {}
    return Case(
        "output",
        "output-path",
        BAD,
        args=[*OUTPUT_COMMANDS[cmd], "-o", target],
        special=special,
        owner="i13-layers",
        note=cmd,
    )


# --------------------------------------------------------------------------------------------
# API requests


def _body(obj: Any) -> bytes:
    return json.dumps(obj, allow_nan=True).encode()


def api_case(rnd: random.Random, secret: Path | None = None) -> Case:
    """One HTTP request for the dashboard API with its expectation."""
    k = rnd.random()
    r = rnd.choice(rows())
    if k < 0.30:  # set values
        v = any_value(rnd, r)
        if v.json is None and v.expect == BAD:
            raw = '{"set": {"' + r.name + '": ' + v.toml + "}}"
            return Case("api", v.category, BAD, body=raw.encode(), owner=v.owner)
        body: dict[str, Any] = {"set": {r.name: v.json}}
        if rnd.random() < 0.3:
            body["scenario"] = rnd.choice(preset_names())
        return Case("api", v.category, v.expect, body=_body(body), owner=v.owner)
    if k < 0.45:  # uploaded TOML
        c = file_case(rnd)
        if c.special or len(c.files) > 1 or c.category.startswith("extends"):
            return api_extends(rnd, secret)
        data = c.files["main.toml"]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raw = b'{"toml": "' + data.replace(b'"', b'\\"')[:5000] + b'"}'
            return Case("api", "toml-" + c.category, BAD, body=raw)
        expect = c.expect
        if len(text) > 100_000:
            expect = BAD
        elif not text.strip():
            expect = ANY  # an empty upload may be refused (it is not a scenario)
        return Case("api", "toml-" + c.category, expect, body=_body({"toml": text}), owner=c.owner)
    if k < 0.55:
        return api_extends(rnd, secret)
    if k < 0.70:
        return api_structural(rnd)
    if k < 0.80:
        return api_montecarlo(rnd)
    if k < 0.88:
        return api_route(rnd)
    if k < 0.95:
        return Case("api", "good", GOOD, body=_body({"scenario": rnd.choice(preset_names())}))
    lit, _, cat, owner = bad_dist(rnd, r)
    return Case("api", "toml-" + cat, BAD, body=_body({"toml": f"{r.name} = {lit}\n"}), owner=owner)


def api_extends(rnd: random.Random, secret: Path | None) -> Case:
    """Uploaded TOML that extends a server path: never read, never echoed (presets only)."""
    target = str(secret) if secret is not None else "/etc/orbitcompute-secret.toml"
    ext = rnd.choice(
        (
            target,
            "../" * rnd.randint(1, 12) + target.lstrip("/"),
            "/etc/passwd",
            "/proc/self/environ",
            "/dev/zero",
            "presets/today.toml",
            "today.toml",
            "../presets/today.toml",
            "x" * 5_000,
            "file:///etc/passwd",
        )
    )
    if rnd.random() < 0.25:
        return Case(
            "api",
            "extends-preset",
            GOOD,
            body=_body({"toml": f'extends = "{rnd.choice(preset_names())}"\n'}),
        )
    text = f"extends = {_q(ext)}\n[orbit]\naltitude = 600\n"
    return Case("api", "extends-path", BAD, body=_body({"toml": text}), secret=True)


def _nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def api_structural(rnd: random.Random) -> Case:
    k = rnd.randrange(22)
    big = "9" * rnd.choice((4_301, 5_000, 20_000, 100_000))
    if k == 0:
        return Case(
            "api",
            "json-bigint",
            BAD,
            body=('{"set": {"launch.price_per_kg": ' + big + "}}").encode(),
        )
    if k == 1:
        return Case("api", "json-bigint", BAD, body=('{"montecarlo": {"n": ' + big + "}}").encode())
    if k == 2:
        return Case(
            "api", "json-bigint", BAD, body=('{"montecarlo": {"seed": -' + big + "}}").encode()
        )
    if k == 3:
        d = rnd.choice((100, 1_000, 10_000, 100_000))
        return Case(
            "api",
            "json-nesting",
            BAD,
            body=('{"set": {"orbit.altitude": ' + _nested(d) + "}}").encode(),
        )
    if k == 4:
        d = rnd.choice((100, 1_000, 10_000, 100_000))
        return Case(
            "api",
            "json-nesting",
            BAD,
            body=('{"x": ' + '{"a": ' * d + "1" + "}" * d + "}").encode(),
        )
    if k == 5:
        n = rnd.choice((201, 2_000, 20_000))
        body = "{" + ", ".join(f'"k{i}": {i}' for i in range(n)) + "}"
        return Case("api", "json-keys", BAD, body=('{"set": ' + body + "}").encode())
    if k == 6:
        return Case("api", "json-size", BAD, body=_body({"toml": "# " + "x" * 400_000}))
    if k == 7:
        return Case(
            "api",
            "json-syntax",
            BAD,
            body=rnd.choice((b"", b"{", b"{'a': 1}", b"nul", b"[1,]", b"\xff\xfe{}", b'{"a":}')),
        )
    if k == 8:
        return Case(
            "api",
            "json-top",
            BAD,
            body=rnd.choice((b"[]", b"1", b'"today"', b"null", b"true", b"1e999")),
        )
    if k == 9:
        return Case(
            "api", "json-keys", BAD, body=_body({rnd.choice(("scenari", "Set", "", "x" * 1000)): 1})
        )
    if k == 10:
        v = rnd.choice((5, None, [], {}, "", "x" * 1000, "nope", "../today", True))
        expect = GOOD if v is None else BAD
        return Case("api", "json-scenario", expect, body=_body({"scenario": v}))
    if k == 11:
        v = rnd.choice((5, [], {}, "", True, "x" * 200_000))
        return Case("api", "json-toml", BAD, body=_body({"toml": v}))
    if k == 12:
        return Case(
            "api",
            "json-both",
            BAD,
            body=_body({"scenario": "today", "toml": "[orbit]\naltitude = 600\n"}),
        )
    if k == 13:
        lit = rnd.choice(("NaN", "Infinity", "-Infinity", "1e999", "-1e999"))
        return Case(
            "api", "json-nonfinite", BAD, body=('{"set": {"orbit.altitude": ' + lit + "}}").encode()
        )
    if k == 14:
        return Case(
            "api", "json-encoding", ANY, body=_body({"scenario": "today"}).decode().encode("utf-16")
        )
    if k == 15:
        return Case(
            "api", "json-encoding", ANY, body=b"\xef\xbb\xbf" + _body({"scenario": "today"})
        )
    if k == 16:
        return Case("api", "json-dupkey", ANY, body=b'{"scenario": "today", "scenario": "skeptic"}')
    if k == 17:
        v = rnd.choice((5, "x", [], True))
        return Case("api", "json-set", BAD, body=_body({"set": v}))
    if k == 18:
        name = rnd.choice(
            ("", "x" * 300, "a=b", "orbit.altitude\n", "orbit.altitude\x00", "ø.ø", "[orbit]")
        )
        return Case("api", "json-set-name", BAD, body=_body({"set": {name: 600}}))
    if k == 19:
        return Case(
            "api",
            "content-type",
            ANY,
            body=_body({"scenario": "today"}),
            content_type=rnd.choice(("text/plain", "application/x-www-form-urlencoded", "")),
        )
    if k == 20:
        return Case(
            "api",
            "json-float",
            BAD,
            body=('{"set": {"orbit.altitude": 0.' + "0" * 200_000 + "1}}").encode(),
        )
    return Case("api", "json-surrogate", BAD, body=b'{"set": {"orbit.altitude": "\\ud800 km"}}')


def api_montecarlo(rnd: random.Random) -> Case:
    good = rnd.random() < 0.4
    scen = rnd.choice(preset_names())
    if good:
        mc: Any = {
            "n": rnd.randint(1, 2_000),
            "seed": rnd.randint(0, 2**62),
            "spread": rnd.randint(0, 95) / 100,
        }
        return Case(
            "api", "montecarlo-good", GOOD, body=_body({"scenario": scen, "montecarlo": mc})
        )
    mc = rnd.choice(
        (
            {"n": 0},
            {"n": -1},
            {"n": 10**7},
            {"n": 1.5},
            {"n": "100"},
            {"n": True},
            {"seed": -1},
            {"seed": 2**64},
            {"seed": 1.5},
            {"spread": -0.1},
            {"spread": 1.5},
            {"spread": "x"},
            {"spread": float("nan")},
            {"x": 1},
            5,
            [],
            "yes",
        )
    )
    return Case("api", "montecarlo-bad", BAD, body=_body({"scenario": scen, "montecarlo": mc}))


def api_route(rnd: random.Random) -> Case:
    good = (("GET", "/"), ("GET", "/api/params"), ("GET", "/api/presets"), ("GET", "/api/health"))
    bad = (
        ("GET", "/api/compare"),
        ("POST", "/api/params"),
        ("PUT", "/api/compare"),
        ("DELETE", "/api/compare"),
        ("GET", "/api/nope"),
        ("GET", "/../../etc/passwd"),
        ("GET", "/api/" + "x" * 20_000),
        ("GET", "/%00"),
        ("POST", "/api/health"),
    )
    if rnd.random() < 0.5:
        m, p = rnd.choice(good)
        if rnd.random() < 0.3:
            p += "?scenario=" + rnd.choice(("today", "<script>", "x" * 3000, "%00"))
        return Case("api", "route-good", GOOD, method=m, path=p, body=b"")
    m, p = rnd.choice(bad)
    return Case("api", "route-bad", BAD, method=m, path=p, body=b"")

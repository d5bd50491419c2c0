"""Merge the registry CSVs of a branch written before issue 19 (no ``as_of``/``evidence``).

Run it in the middle of ``git merge`` (after git stopped on conflicts, or after a clean merge
before committing), from the repository root::

    python tools/merge_registry.py            # rewrite src/orbitcompute/registry/data/*.csv
    python -m pytest -q tests/test_sources.py tests/test_registry.py

One side of the merge has the provenance columns (main after issue 19), the other does not (a
branch written before it). For every registry file of the working tree the script

1. resolves git's conflict hunks row by row (rows are keyed by ``name``): each field is merged
   three ways against the merge base (a field the branch left as it was takes the provenance
   side's value, one it changed takes the branch's); a row the branch deleted is dropped, a row
   one side added is kept;
2. gives every row without ``as_of``/``evidence`` its provenance: from
   ``tools/provenance_pending.csv`` when the row is listed there (as_of, evidence and, where
   given, a corrected source), else from the provenance side's row of the same name;
3. writes back only the lines that changed, in the files' style (description and source
   quoted).

Rows it cannot place are printed (``no provenance``) and left without the columns, so the
registry loader names them; a source the branch changed is kept and printed (``check``).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = "src/orbitcompute/registry/data"
PENDING = ROOT / "tools" / "provenance_pending.csv"
COLUMNS = ["name", "unit", "default", "min", "max", "kind", "description", "source"]
COLUMNS += ["as_of", "evidence"]
QUOTED = {"description", "source"}


def git(*args: str) -> str:
    """Output of a git command run at the repository root ('' when it fails)."""
    out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return out.stdout if out.returncode == 0 else ""


def parse(lines: list[str]) -> dict[str, dict[str, str]]:
    """Rows of CSV lines (a header first) by name."""
    rows = csv.DictReader(x for x in lines if x.strip() and not x.startswith("#"))
    return {r["name"]: r for r in rows if r.get("name")}


def rows_at(rev: str) -> dict[str, dict[str, str]]:
    """Every registry row at a revision, by name."""
    out: dict[str, dict[str, str]] = {}
    for f in git("ls-tree", "--name-only", f"{rev}:{DATA}").split():
        if f.endswith(".csv") and f != "outputs.csv":
            out.update(parse(git("show", f"{rev}:{DATA}/{f}").splitlines(keepends=True)))
    return out


def render(row: dict[str, str]) -> str:
    """One registry line in the files' style."""
    cells = []
    for c in COLUMNS:
        v = row.get(c) or ""
        cells.append('"' + v.replace('"', '""') + '"' if c in QUOTED else v)
    return ",".join(cells) + "\n"


def split_row(line: str) -> dict[str, str]:
    """A data line as a dict (with or without the provenance columns: told by its length)."""
    cells = next(csv.reader([line]))
    return dict(zip(COLUMNS if len(cells) == len(COLUMNS) else COLUMNS[:8], cells, strict=False))


def is_data(line: str) -> bool:
    """Not a header, a comment or a blank line."""
    return bool(line.strip()) and not line.startswith(("#", "name,"))


class Merger:
    """The two sides of the merge, its base and the pending provenance."""

    def __init__(self) -> None:
        head, other = "HEAD", git("rev-parse", "-q", "--verify", "MERGE_HEAD").strip()
        if not other:
            sys.exit("no merge in progress (run it after `git merge BRANCH` stopped)")
        base = git("merge-base", head, other).strip()
        self.head_has = "as_of" in git("show", f"HEAD:{DATA}/orbit.csv").splitlines()[0]
        self.prov = rows_at(head if self.head_has else other)
        self.base = rows_at(base)
        pending = PENDING.read_text(encoding="utf-8") if PENDING.exists() else "name\n"
        self.pending = parse(pending.splitlines(keepends=True))
        self.notes: list[str] = []

    def field_merge(self, branch: dict[str, str]) -> dict[str, str]:
        """The branch's row with provenance (and the provenance side's untouched fields)."""
        name = branch["name"]
        row = {c: branch.get(c) or "" for c in COLUMNS}
        prov, base = self.prov.get(name), self.base.get(name)
        if prov and base:
            for c in COLUMNS[:8]:
                if row[c] == base.get(c):
                    row[c] = prov[c]
                elif prov[c] != base.get(c) and prov[c] != row[c] and c != "source":
                    self.notes.append(f"check {name}.{c}: both sides changed it (branch's kept)")
            if branch.get("source") not in (base.get("source"), prov["source"]):
                if name not in self.pending:
                    self.notes.append(f"check {name}: source changed by the branch")
        if prov:
            row["as_of"], row["evidence"] = prov["as_of"], prov["evidence"]
        pend = self.pending.get(name)
        if pend:
            row["source"] = pend["source"] or row["source"]
            row["as_of"], row["evidence"] = pend["as_of"], pend["evidence"]
        if not (row["as_of"] and row["evidence"]):
            self.notes.append(f"no provenance for {name}: fill as_of and evidence by hand")
        return row

    def deleted(self, branch: dict[str, str]) -> bool:
        """The branch kept a row as it was that the provenance side deleted."""
        name, base = branch["name"], self.base.get(branch["name"])
        unchanged = base is not None and all(branch.get(c) == base.get(c) for c in COLUMNS[:8])
        return unchanged and name not in self.prov

    def resolve_hunk(self, first: list[str], second: list[str]) -> list[str]:
        """A conflict hunk merged row by row (HEAD's lines first, MERGE_HEAD's second)."""
        prov_lines, branch_lines = (first, second) if self.head_has else (second, first)
        prov = [split_row(x) for x in prov_lines if is_data(x)]
        branch = [split_row(x) for x in branch_lines if is_data(x)]
        comments = [x for x in prov_lines if x.startswith("#")]
        names = {r["name"] for r in branch}
        out = comments + [render(self.field_merge(r)) for r in branch if not self.deleted(r)]
        for r in prov:  # rows only on the provenance side: added there, or deleted by the branch
            if r["name"] not in names and r["name"] not in self.base:
                out.append(render(r))
        return out

    def merge_file(self, path: Path) -> bool:
        """Rewrite one registry file; True when it changed."""
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        out = [",".join(COLUMNS) + "\n"]
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("<<<<<<<"):
                first, second, part = [], [], "first"
                i += 1
                while not lines[i].startswith(">>>>>>>"):
                    if lines[i].startswith("|||||||"):
                        part = "base"
                    elif lines[i].startswith("======="):
                        part = "second"
                    elif part == "first":
                        first.append(lines[i])
                    elif part == "second":
                        second.append(lines[i])
                    i += 1
                out += self.resolve_hunk(first, second)
            elif line.startswith("name,"):
                pass  # the header is written first
            elif not is_data(line):
                out.append(line)
            else:
                row = split_row(line)
                done = len(row) == len(COLUMNS) and row.get("as_of") and row.get("evidence")
                if done:  # a row of the provenance side that merged cleanly
                    out.append(line)
                elif not self.deleted(row):
                    out.append(render(self.field_merge(row)))
            i += 1
        new = "".join(out)
        if new != text:
            path.write_text(new, encoding="utf-8")
        return new != text


def main() -> None:
    m = Merger()
    changed = [
        p.name
        for p in sorted((ROOT / DATA).glob("*.csv"))
        if p.name != "outputs.csv" and m.merge_file(p)
    ]
    print("rewritten:", ", ".join(changed) or "nothing")
    for note in m.notes:
        print(note)


if __name__ == "__main__":
    main()

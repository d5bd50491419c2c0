"""``orbitcompute params``: provenance columns and the ``--evidence`` filter."""

from __future__ import annotations

import json

from orbitcompute.cli.common import invoke
from orbitcompute.registry import EVIDENCE, registry


def test_params_json_carries_as_of_and_evidence():
    code, out, _ = invoke(["params", "--format", "json"])
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == len(registry())
    for r in rows:
        assert r["as_of"] and r["evidence"] in EVIDENCE, r["name"]


def test_evidence_filter_keeps_exactly_that_class():
    for ev in EVIDENCE:
        code, out, _ = invoke(["params", "--evidence", ev, "--format", "json"])
        assert code == 0
        got = {r["name"] for r in json.loads(out)}
        want = {p.name for p in registry().values() if p.evidence == ev}
        assert got == want and got, ev


def test_evidence_filter_combines_with_search_and_csv():
    code, out, _ = invoke(["params", "--search", "launch", "--evidence", "assumption", "-f", "csv"])
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].split(",")[-2:] == ["as_of", "evidence"]
    assert len(lines) > 1 and all(line.endswith(",assumption") for line in lines[1:])


def test_table_shows_the_provenance_columns():
    code, out, _ = invoke(["params", "--search", "solar_constant"])
    assert code == 0
    assert "as_of" in out and "evidence" in out and "measured" in out


def test_bad_evidence_class_is_one_line_exit_2():
    code, out, err = invoke(["params", "--evidence", "rumour"])
    assert code == 2
    text = (out + err).strip()
    assert len(text.splitlines()) == 1
    assert "--evidence" in text and "rumour" in text and "measured" in text

"""``orbitcompute outlook`` on the command line: tables, JSON, CSV, PNG, and bad input (one
line naming the key path and value, exit 2, no partial output). Issue 18."""

from __future__ import annotations

import csv
import io
import json

import pytest

from orbitcompute.cli.common import invoke

QUICK = ["-n", "60", "--design", "as-given"]


def test_table_shows_costs_parity_and_the_capacity_sentence():
    code, out, err = invoke(["outlook", *QUICK])
    assert code == 0, err
    for text in ("2026", "2050", "$/kg", "Parity", "capacity race", "By 2035", "tonne"):
        assert text in out, text


def test_json_csv_and_png(tmp_path):
    code, out, err = invoke(["outlook", *QUICK, "--years", "2026:2035", "-f", "json"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "orbitcompute.outlook/1" and doc["years"][-1] == 2035
    assert doc["race"]["year"] == 2035 and doc["samples"] == 60
    code, out, err = invoke(["outlook", *QUICK, "--years", "2026:2030", "-f", "csv"])
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0][0] == "year" and [r[0] for r in rows[1:]] == [
        "2026", "2027", "2028", "2029", "2030"
    ]  # fmt: skip
    png, js = tmp_path / "o.png", tmp_path / "o.json"
    code, _, err = invoke(["outlook", *QUICK, "--png", str(png), "-f", "json", "-o", str(js)])
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and json.loads(js.read_text())


def test_same_seed_same_output():
    a = invoke(["outlook", *QUICK, "--years", "2026:2032", "-f", "json", "--seed", "4"])[1]
    b = invoke(["outlook", *QUICK, "--years", "2026:2032", "-f", "json", "--seed", "4",
                "--chunk-size", "7"])[1]  # fmt: skip
    assert a == b


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["--years", "2050:2026"], "--years"),
        (["--years", "1999:2030"], "--years"),
        (["--years", "2026-2050"], "--years"),
        (["-n", "0"], "--samples"),
        (["--set", "outlook.launch.learning_rate=0"], "outlook.launch.learning_rate"),
        (["--set", "outlook.launch.learning_rate=1.5"], "outlook.launch.learning_rate"),
        (["--set", "outlook.launch.upmass_growth=-5"], "outlook.launch.upmass_growth"),
        (["--reoptimize-every", "0"], "--reoptimize-every"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(args, key, tmp_path):
    out, png = tmp_path / "o.json", tmp_path / "o.png"
    code, stdout, err = invoke(
        ["outlook", *QUICK, *args, "-f", "json", "-o", str(out), "--png", str(png)]
    )
    assert code == 2 and stdout == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and key in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('[paths."launch.price_per_kg"]\n2030 = 500\n2026 = 3600\n', "paths.launch.price_per_kg"),
        ('[paths."launch.price_per_kg"]\n1990 = 500\n', "paths.launch.price_per_kg.1990"),
        ('[paths."race.demand"]\n2030 = 50\n2035 = 20\n', "paths.race.demand.2035"),
        ('[paths."launch.price_per_kg"]\nlearning_rate = 0\n', "learning_rate"),
        ('[paths."launch.price_per_kg"]\nlearning_rate = 1.01\n', "learning_rate"),
        ('[paths."satellite.cost_per_kg"]\n2030 = "9 parsecs"\n', "satellite.cost_per_kg.2030"),
        ('[paths."launch.price_per_kg"]\n"next year" = 5\n', "paths.launch.price_per_kg"),
        ("paths = 7\n", "paths"),
    ],
)
def test_bad_paths_in_a_scenario_file(toml, key, tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text('extends = "today"\n' + toml)
    out = tmp_path / "o.csv"
    code, stdout, err = invoke(["outlook", str(scenario), *QUICK, "-f", "csv", "-o", str(out)])
    assert code == 2 and stdout == "" and err.count("\n") == 1 and key in err, err
    assert not out.exists()


def test_verdict_ends_with_the_parity_line_and_the_capacity_sentence():
    code, out, err = invoke(["verdict", "--samples", "200", "--design", "as-given"])
    assert code == 0, err
    assert "Parity (a fleet built that year" in out and "By 2035 US data-center demand" in out
    code, out, _ = invoke(["verdict", "--samples", "200", "--design", "as-given", "-f", "json"])
    doc = json.loads(out)
    assert doc["outlook"]["parity"]["by_year"]["2050"] is not None
    assert doc["outlook"]["capacity"]["sentence"].startswith("By 2035")

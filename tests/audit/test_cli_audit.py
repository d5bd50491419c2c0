"""orbitcompute audit: table, JSON, PNG; bad input -> one line, exit 2, no partial files."""

import json

from orbitcompute.cli.common import invoke


def run_inproc(args, capsys=None, monkeypatch=None):
    return invoke(args)


def test_audit_table_mentions_slip(capsys, monkeypatch):
    code, out, err = run_inproc(["audit", "starcloud"], capsys, monkeypatch)
    assert code == 0, err
    assert "arithmetic slip" in out and "finding" in out


def test_audit_json_and_png(tmp_path, capsys, monkeypatch):
    png = tmp_path / "w.png"
    code, out, err = run_inproc(
        ["audit", "mccalip", "--format", "json", "--png", str(png)], capsys, monkeypatch
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["name"] == "mccalip" and doc["waterfall"]["steps"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_audit_unknown_preset(tmp_path, capsys, monkeypatch):
    png = tmp_path / "w.png"
    code, _, err = run_inproc(["audit", "today", "--png", str(png)], capsys, monkeypatch)
    assert code == 2 and "starcloud" in err and len(err.strip().splitlines()) == 1
    assert not png.exists()


def test_audit_png_bad_dir(tmp_path, capsys, monkeypatch):
    code, _, err = run_inproc(
        ["audit", "suncatcher", "--png", str(tmp_path / "nope" / "w.png")], capsys, monkeypatch
    )
    assert code == 2 and "--png" in err and len(err.strip().splitlines()) == 1


def test_audit_table_shows_generated_swaps(tmp_path, capsys, monkeypatch):
    out = tmp_path / "a.txt"
    code, _, err = run_inproc(["audit", "mccalip", "-o", str(out)], capsys, monkeypatch)
    assert code == 0, err
    text = out.read_text()
    # rich markup must not swallow the bracketed "theirs -> ours" text
    assert "launch.price_per_kg: 500 -> 3600 USD/kg" in text.replace("\n", " ") or (
        "launch.price_per_kg" in text and "->" in text
    )

"""Output paths and atomic files (issue 14 item 3): checked up front, nothing half-written.

Every output path goes through :func:`orbitcompute.io.check_output_path` (one line naming the
option, the value and what was expected; exit status 2 in the CLI; nothing written) and every
file through :func:`orbitcompute.io.atomic_path` (a temporary renamed into place on success,
removed on error, Ctrl+C, SIGTERM and SIGHUP; a killed run's temporary removed by the next).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orbitcompute.cli.common import invoke
from orbitcompute.errors import ScenarioError
from orbitcompute.io import (
    atomic_path,
    check_output_path,
    csv_text,
    remove_stale_temps,
    temp_name,
    write_text,
)

SRC = str(Path(__file__).resolve().parents[1] / "src")
ENV = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


# --------------------------------------------------------------------------------- the check


@pytest.mark.parametrize(
    ("value", "kind", "needle"),
    [
        ("", "file", "empty string"),
        ("   ", "file", "empty string"),
        ("{tmp}", "file", "not a directory"),
        ("{tmp}/", "file", "not a directory"),
        ("{tmp}/missing/x.csv", "file", "missing does not exist"),
        ("{tmp}/afile/x.csv", "file", "is a file"),  # a path under a file
        ("{tmp}/afile", "dir", "a directory, not a file"),
        ("{tmp}/" + "a" * 250 + ".csv", "file", "at most"),
        ("{tmp}/x\x00.csv", "file", "NUL"),
        ("/proc/orbitcompute-x.csv", "file", "writable"),  # not writable, even for root
        ("/proc/orbitcompute-dir", "dir", "writable"),
    ],
)
def test_bad_output_paths_are_one_line(tmp_path, value, kind, needle):
    (tmp_path / "afile").write_text("x")
    before = sorted(tmp_path.iterdir())
    with pytest.raises(ScenarioError) as info:
        check_output_path(value.format(tmp=tmp_path), "-o/--output", kind=kind)
    msg = info.value.one_line()
    assert msg.startswith("-o/--output = ") and needle in msg and "\n" not in msg
    assert sorted(tmp_path.iterdir()) == before  # nothing written, not even a probe


def test_good_output_paths(tmp_path):
    assert check_output_path(None) is None
    assert check_output_path("-", allow_stdout=True) is None
    assert check_output_path(tmp_path / "x.csv") == tmp_path / "x.csv"
    with pytest.raises(ScenarioError, match="ending in .png"):
        check_output_path(tmp_path / "x.jpg", "--png", suffixes=(".png",))
    assert check_output_path(tmp_path / "X.PNG", "--png", suffixes=(".png",))
    # a directory to be created (report PNGs, sweep datasets): missing parents are fine with
    # create=True, an error without; the check itself creates nothing
    deep = tmp_path / "a" / "b" / "c"
    assert check_output_path(deep, "--png-dir", kind="dir", create=True) == deep
    with pytest.raises(ScenarioError, match="does not exist"):
        check_output_path(deep, "--out", kind="dir")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_directory(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(ScenarioError, match="writable"):
            check_output_path(ro / "x.csv")
    finally:
        ro.chmod(0o700)


#: Every command that writes a file, with the cheapest arguments that reach the check.
WRITERS: dict[str, list[str]] = {
    "audit": ["audit", "starcloud"],
    "breakeven": ["breakeven"],
    "capacity": ["capacity"],
    "compare": ["compare"],
    "ground": ["ground"],
    "latency": ["latency"],
    "links": ["links"],
    "montecarlo": ["montecarlo", "uncertain-2030"],
    "optimize": ["optimize"],
    "outlook": ["outlook"],
    "params": ["params"],
    "parity": ["parity"],
    "presets": ["presets"],
    "query": ["query", "nowhere", "SELECT 1"],
    "reconcile": ["reconcile"],
    "report": ["report"],
    "sensitivity": ["sensitivity"],
    "simulate": ["simulate"],
    "sweep": ["sweep", "spec.toml"],
    "verdict": ["verdict"],
}
SUFFIX = {"montecarlo": ".parquet", "simulate": ".nc"}
PNG = {n for n, c in __import__("test_cli_options").EXPECTED.items() if "--png" in c}


def test_writers_cover_every_command_with_output():
    from test_cli_options import EXPECTED

    assert set(WRITERS) == {n for n, c in EXPECTED.items() if "--output" in c}


@pytest.mark.parametrize("name", sorted(WRITERS))
@pytest.mark.parametrize("bad", ["dir", "empty", "missing", "under_file", "proc"])
def test_every_output_option_checked_up_front(tmp_path, monkeypatch, name, bad):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x")
    sfx = SUFFIX.get(name, ".out")
    value = {
        "dir": str(tmp_path),
        "empty": "",
        "missing": f"missing/x{sfx}",
        "under_file": f"afile/x{sfx}",
        "proc": f"/proc/orbitcompute-x{sfx}",
    }[bad]
    code, out, err = invoke([*WRITERS[name], "-o", value])
    assert code == 2, (name, bad, err)
    assert err.count("\n") == 1 and "Traceback" not in err and out == ""
    assert err.startswith("error: -o/--output = ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


@pytest.mark.parametrize("name", sorted(PNG))
def test_every_png_option_checked_up_front(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    for value, needle in (
        (str(tmp_path), "ending in .png"),
        ("missing/x.png", "does not exist"),
        ("/proc/orbitcompute-x.png", "writable"),
    ):
        code, out, err = invoke([*WRITERS[name], "--png", value])
        assert code == 2 and err.startswith("error: --png = ") and needle in err, (name, err)
        assert err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_report_png_dir_and_sweep_out_are_directories(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x")
    code, _, err = invoke(["report", "--png-dir", "afile"])
    assert code == 2 and "a directory, not a file" in err
    code, _, err = invoke(["report", "--png", "afile"])  # the 0.1 spelling still works
    assert code == 2 and "--png-dir" in err
    code, _, err = invoke(["sweep", "spec.toml", "--out", "afile"])
    assert code == 2 and err.startswith("error: --out = ") and "not a file" in err
    code, _, err = invoke(["sweep", "spec.toml", "-o", "summary"])  # -o is the summary file
    assert code == 2 and "--out DIR" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


# --------------------------------------------------------------------------------- atomic files


def test_atomic_path_replaces_only_on_success(tmp_path):
    target = tmp_path / "r.csv"
    write_text(target, "old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old" and sorted(tmp_path.iterdir()) == [target]
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise KeyboardInterrupt
    assert target.read_text() == "old" and sorted(tmp_path.iterdir()) == [target]
    write_text(target, "new")
    assert target.read_text() == "new" and sorted(tmp_path.iterdir()) == [target]


def test_stale_temporaries_removed_live_ones_kept(tmp_path):
    target = tmp_path / "out.parquet"
    mine = temp_name(target)  # .out.parquet.HOST-PID.RANDOM.tmp
    host = mine.name.split(".")[-3].split("-")[0]
    dead = tmp_path / f".out.parquet.{host}-{_dead_pid()}.0badc0de.tmp"
    legacy = tmp_path / ".out.parquet.k3j4h5g6.tmp"  # mkstemp form of orbitcompute 0.1.0
    alive = tmp_path / f".out.parquet.{host}-{os.getppid()}.0123abcd.tmp"
    remote = tmp_path / f".out.parquet.ffffff-{_dead_pid()}.0123abcd.tmp"  # another host
    other = tmp_path / f".out.parquet.x.{host}-{_dead_pid()}.0badc0de.tmp"  # out.parquet.x
    for p in (dead, legacy, alive, remote, other):
        p.write_bytes(b"\0" * 1000)
    assert remove_stale_temps(target) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (alive, remote, other)
    )
    dead.write_bytes(b"x")
    write_text(target, "a,b")  # the next run writing the same file cleans up first
    assert not dead.exists() and target.read_text() == "a,b"


def test_sweep_store_clears_every_kind_of_temporary(tmp_path):
    """An interrupted summary left .breakeven.csv.*.tmp behind after a successful resume."""
    from orbitcompute.analysis.sweep import store

    names = [
        ".chunk-000003.parquet.abcdefgh.tmp",
        ".manifest.json.a1b2c3-12.deadbeef.tmp",
        ".breakeven.csv.a1b2c3-12.deadbeef.tmp",
        ".breakeven.csv.zq81x0ab.tmp",
        ".summary.json.a1b2c3-999999.0000abcd.tmp",
    ]
    for n in names:
        (tmp_path / n).write_text("x")
    (tmp_path / ".unrelated.tmp").write_text("keep")
    assert store.remove_temp_files(tmp_path) == len(names)
    assert [p.name for p in tmp_path.iterdir()] == [".unrelated.tmp"]


def test_csv_text_round_trips_floats():
    text = csv_text(["a", "b"], [(0.1 + 0.2, None), ("x,y", 3)])
    assert text == 'a,b\n0.30000000000000004,\n"x,y",3\n'


# ------------------------------------------------------------------- killed runs (subprocess)


def _start_montecarlo(tmp_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "orbitcompute", "montecarlo", "uncertain-2030", "-n", "50000000",
         "--chunk-size", "20000", "-o", str(tmp_path / "out.parquet")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        start_new_session=True,
    )  # fmt: skip


def _wait_for_temp(proc: subprocess.Popen, tmp_path: Path, timeout: float = 60.0) -> Path:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        found = [p for p in tmp_path.iterdir() if p.name.startswith(".out.parquet.")]
        if found and found[0].stat().st_size > 0:  # samples are being written
            return found[0]
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read())
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("no temporary file appeared")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_terminated_run_leaves_nothing(tmp_path, sig):
    proc = _start_montecarlo(tmp_path)
    _wait_for_temp(proc, tmp_path)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig
    assert err.strip() == f"error: terminated by {signal.Signals(sig).name}"
    assert list(tmp_path.iterdir()) == []


def test_killed_run_temporary_is_removed_by_the_next_run(tmp_path):
    proc = _start_montecarlo(tmp_path)
    temp = _wait_for_temp(proc, tmp_path)
    proc.kill()  # SIGKILL: nothing can clean up
    proc.communicate(timeout=60)
    assert temp.exists()
    code, _, err = invoke(
        ["montecarlo", "uncertain-2030", "-n", "1000", "-o", str(tmp_path / "out.parquet")]
    )
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir()] == ["out.parquet"]


def test_devices_are_written_directly():
    """`-o /dev/null` or `/dev/stdout` must not rename a regular file over the device."""
    import stat

    assert check_output_path("/dev/null", "--png", suffixes=(".png",)) == Path("/dev/null")
    write_text("/dev/null", "x")
    with atomic_path("/dev/null") as tmp:
        assert tmp == Path("/dev/null")
        tmp.write_text("y")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)

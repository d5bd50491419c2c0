"""Backends: same Parquet bytes on local 1 or 2 workers and on Dask; a killed Dask worker."""

from __future__ import annotations

import logging
import os
import signal

import pytest
from sweep_helpers import chunk_digests, read_points

from orbitcompute.analysis.sweep import load_spec, run_query, run_sweep

CHUNK = 40  # 480 points -> 12 chunks


def test_local_and_dask_give_identical_parquet(small_spec, tmp_path, monkeypatch):
    from distributed import Client, LocalCluster

    spec = load_spec(small_spec(10))
    one = run_sweep(spec, tmp_path / "one", workers=1, chunk_size=CHUNK, progress=False)
    two = run_sweep(
        spec, tmp_path / "two", workers=2, chunk_size=CHUNK, progress=False, start_method="spawn"
    )
    assert one.computed_points == two.computed_points == spec.n_points == 480
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        run_sweep(
            spec, tmp_path / "dask", backend="dask", client=client, chunk_size=CHUNK, progress=False
        )
        # Workers without the shared directory send their tables back to the client.
        from orbitcompute.analysis.sweep import runner

        monkeypatch.setattr(runner, "_workers_share", lambda client, out: False)
        run_sweep(
            spec, tmp_path / "sent", backend="dask", client=client, chunk_size=CHUNK, progress=False
        )
    ref = chunk_digests(tmp_path / "one")
    assert len(ref) == 12
    assert chunk_digests(tmp_path / "two") == ref
    assert chunk_digests(tmp_path / "dask") == ref
    assert chunk_digests(tmp_path / "sent") == ref
    names, rows = run_query(
        tmp_path / "dask", "SELECT count(*), count(DISTINCT point) FROM results"
    )
    assert rows == [(480, 480)]


def test_rerun_is_a_no_op(small_spec, tmp_path):
    spec = load_spec(small_spec(10))
    run_sweep(spec, tmp_path / "o", workers=1, chunk_size=CHUNK, progress=False)
    before = chunk_digests(tmp_path / "o")
    again = run_sweep(spec, tmp_path / "o", workers=1, progress=False)
    assert again.computed_chunks == 0 and again.skipped_chunks == 12
    assert chunk_digests(tmp_path / "o") == before


def test_killed_dask_worker_loses_and_duplicates_nothing(small_spec, tmp_path):
    """SIGKILL one of two Dask worker processes mid-run: the scheduler reruns its tasks."""
    from distributed import Client, LocalCluster

    spec = load_spec(small_spec(40))  # 1920 points, 96 chunks of 20
    run_sweep(spec, tmp_path / "ref", workers=1, chunk_size=20, progress=False)
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        pids = client.run(os.getpid)
        victim = sorted(pids.values())[0]
        done: list[int] = []

        def on_chunk(i: int, rows: int) -> None:
            done.append(i)
            if len(done) == 10:
                os.kill(victim, signal.SIGKILL)

        run = run_sweep(
            spec,
            tmp_path / "dask",
            backend="dask",
            client=client,
            chunk_size=20,
            progress=False,
            on_chunk=on_chunk,
        )
        assert victim not in client.run(os.getpid).values()  # it really died
    assert run.computed_chunks == 96 and sorted(done) == list(range(96))
    assert chunk_digests(tmp_path / "dask") == chunk_digests(tmp_path / "ref")
    t = read_points(tmp_path / "dask")
    assert t.column("point").to_pylist() == list(range(1920))


@pytest.mark.parametrize(
    "bad", [{"backend": "mpi"}, {"workers": 0}, {"chunk_size": 0}, {"scheduler": "tcp://x:1"}]
)
def test_bad_run_options(small_spec, tmp_path, bad):
    from orbitcompute.errors import ScenarioError

    with pytest.raises(ScenarioError):
        run_sweep(load_spec(small_spec(3)), tmp_path / "o", progress=False, **bad)
    assert not (tmp_path / "o").exists()


def test_foreign_directory_is_refused(small_spec, tmp_path):
    from orbitcompute.errors import ScenarioError

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("precious")
    with pytest.raises(ScenarioError, match="no manifest.json"):
        run_sweep(load_spec(small_spec(3)), tmp_path / "mine", progress=False)
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["thesis.tex"]

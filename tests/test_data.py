"""The shipped reference tables: one loader, every table sourced and parsed."""

from __future__ import annotations

import numpy as np
import pytest

from orbitcompute.data import names, table


def test_every_table_loads_with_a_source():
    assert set(names()) >= {
        "accelerators",
        "accelerator_generations",
        "atmosphere_vallado",
        "datacenter_regions",
        "ground_stations",
        "population_centres",
        "radiation_tid",
    }
    for name in names():
        t = table(name)
        assert len(t) > 0 and t.columns, name
        # the source is the comment header or a per-row source column
        assert t.header or "source" in t.columns, name
        assert t is table(name)  # read once


def test_numbers_are_parsed_and_rows_read_only():
    gen = table("accelerator_generations")
    # NVIDIA B200 board power 1,000 W (HGX B200 specifications, the file's header)
    assert gen.column("power_w")[-1] == 1000.0
    assert gen.column("name").dtype == object
    with pytest.raises(TypeError):
        gen.rows[0]["power_w"] = 1.0  # type: ignore[index]
    frame = table("ground_stations").to_frame()
    assert list(frame.columns) == list(table("ground_stations").columns)
    assert np.all(np.abs(frame["lat_deg"].to_numpy(float)) <= 90)


def test_unknown_table_is_a_programming_error():
    with pytest.raises(KeyError, match="no shipped table"):
        table("nope")

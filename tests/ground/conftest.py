import pytest


@pytest.fixture(scope="session", autouse=True)
def _solar_cache(tmp_path_factory):
    """Simulate the solar tables into a fresh directory (tests do not trust a stale cache)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ORBITCOMPUTE_CACHE", str(tmp_path_factory.mktemp("solar_cache")))
    from orbitcompute.ground import solar

    solar._surface.cache_clear()
    solar.sizing_table.cache_clear()
    solar._stacked.cache_clear()
    yield
    mp.undo()

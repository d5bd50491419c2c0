"""Sphinx configuration of the orbitcompute documentation.

Build with ``make -C docs html`` (or ``python -m sphinx -W --keep-going -b html docs
docs/_build/html``). Warnings are errors. The assumptions, outputs, validation and API pages are
generated at build time by ``_ext/orbitdocs.py`` from the registry CSVs, the reference cases
of the tests and the package itself; the gallery scripts in ``gallery/`` are executed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent / "src"))

import orbitcompute  # noqa: E402

project = "orbitcompute"
author = "orbitcompute contributors"
copyright = "2026, orbitcompute contributors"
version = release = orbitcompute.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax shipped with the site: equations render offline
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "orbitdocs",
]

exclude_patterns = [
    "_build",
    "_generated",
    "gallery",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "**/*.zip",
]
templates_path: list[str] = []
html_theme = "furo"
html_title = f"orbitcompute {release}"
html_static_path: list[str] = []
nitpicky = False

# numpydoc renders the house docstrings; the Notes sections carry the equations.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
autodoc_typehints = "none"
autodoc_member_order = "bysource"
autodoc_mock_imports = ["starlette", "uvicorn", "httpx", "playwright"]

# The worked examples are executed on every build and their figures kept.
os.environ.setdefault("ORBITCOMPUTE_THREADS", "1")
os.environ.setdefault("MPLBACKEND", "agg")
sphinx_gallery_conf = {
    "examples_dirs": "gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "abort_on_example_error": True,
    "run_stale_examples": True,  # always execute: outputs follow the current model
    "only_warn_on_example_error": False,
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "show_memory": False,
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
}

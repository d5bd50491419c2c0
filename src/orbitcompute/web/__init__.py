"""Local web dashboard (``orbitcompute serve``): a Starlette app, its JSON API and one page."""

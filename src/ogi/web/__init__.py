"""The web application (`ogi serve`): one FastAPI app, server-rendered Chinese pages, sign-in with roles and a
per-unit data scope, and a small JSON API for scripts. Needs the `web` extra; nothing here is imported by the
command line until `ogi serve` or `ogi user` runs."""

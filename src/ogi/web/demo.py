"""The demo store behind `ogi serve --demo` (the README's first command): the five sample reports shipped with ogi
(real published reports, as text) ingested into the store once, so a first-time user opens a workspace that already
holds reports to look at."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from ogi.corpus.ingest import Progress, ingest

__all__ = ["SAMPLES", "load_samples"]

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def load_samples(engine: Engine) -> Progress:
    """Ingest the shipped samples; ingest stores only what is not stored yet, so a second start adds nothing."""
    return ingest(engine, [str(path) for path in sorted(SAMPLES.glob("*.txt"))])

"""Shared fixtures: the seed reports (real published reports, as text extracted from their PDFs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "ogi" / "samples"
TRUTH = Path(__file__).parent / "fixtures" / "truth"
SEED_IDS = ["000", "001", "002", "003", "004"]


def seed_path(seed_id: str) -> Path:
    return next(SAMPLES.glob(f"{seed_id}_*.txt"))


def truth(seed_id: str) -> dict:
    return json.loads((TRUTH / f"{seed_id}.json").read_text(encoding="utf-8"))


@pytest.fixture(params=SEED_IDS)
def seed_id(request: pytest.FixtureRequest) -> str:
    return request.param

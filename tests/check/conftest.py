"""Fixtures for the rule tests: a correct 2021-layout report (seed 000, 安阳市科学技术局 2023) as text.

Every test in test_rules.py breaks a copy of this text in one place and checks what the rules say.
"""

from __future__ import annotations

from importlib.resources import files

import pytest

BASE_SAMPLE = "000_343c1e05f6dd2d22.txt"  # the copy of shared/seeds/000 shipped in src/ogi/samples


def read_base() -> str:
    """Return the correct base report text as shipped with the package."""
    return (files("ogi") / "samples" / BASE_SAMPLE).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def base() -> str:
    """The correct 2021-layout base report: 安阳市科学技术局 2023, a 部门, no signature date."""
    return read_base()

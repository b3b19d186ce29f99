"""What a title says of the agency and the year: a title that opens with the year and names no agency gives no
agency (it once gave "政府", the first word of the report's own name)."""

from __future__ import annotations

import pytest

from ogi.extract.metadata import parse_title


@pytest.mark.parametrize("title,agency,year", [
    ("2023年政府信息公开工作年度报告", None, 2023),
    ("2023年度政府信息公开工作报告", None, 2023),
    ("2022年政务公开工作年度报告", None, 2022),
    ("淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", 2024),
    ("2023年淮安市洪泽区人民政府政府信息公开工作年度报告", "淮安市洪泽区人民政府", 2023),
    ("安阳市科学技术局2023年政府信息公开工作年度报告", "安阳市科学技术局", 2023),
])
def test_title(title: str, agency: str | None, year: int) -> None:
    assert parse_title(title) == (agency, year)

"""The researcher's example in docs/corpus.md runs as pasted (with a database and a folder of this test's own)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOT, SAMPLES


def test_the_notebook_example_runs(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    doc = (ROOT / "docs" / "corpus.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    folder = tmp_path / "报告"
    shutil.copytree(SAMPLES, folder)
    code = code.replace('"sqlite:///ogi.db"', repr(f"sqlite:///{tmp_path / 'ogi.db'}")).replace('"报告/"', repr(str(folder)))
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(code, "docs/corpus.md", "exec"), scope)  # noqa: S102 - the documentation's own code
    reports = scope["reports"]
    assert set(reports["agency"]) == {"安阳市科学技术局", "石嘴山市科学技术局", "博爱县科技和工业信息化局"}  # the 2023 seeds
    assert "table3.new_received.total" in scope["wide"].columns
    assert len(scope["new"]) == 3 and scope["new"]["value"].notna().all()

"""The public surface: what `import ogi` offers is pinned, so a change to it is a decision, not an accident."""

from __future__ import annotations

import ogi


def test_public_names() -> None:
    assert ogi.__all__ == sorted(ogi.__all__)
    assert ogi.__all__ == ["Finding", "OgiError", "ReadError", "Report", "Severity", "check", "parse_bytes",
                           "parse_file", "parse_text", "render"]


def test_model_imports_no_reader_library() -> None:
    """model/ stays free of readers and renderers (layering): importing it loads no lxml, docx or pdfium."""
    import subprocess
    import sys

    code = ("import sys; import ogi.model.report, ogi.model.layout, ogi.model.schema; "
            "bad = [m for m in ('lxml', 'docx', 'pypdfium2', 'openpyxl', 'sqlalchemy') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""

"""The pictures of a saved HTML page, found beside it (what "Save page, complete" writes: page_files/1.png),
apart from the HTML reader so that reading a text report does not load lxml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ogi.errors import OgiError

__all__ = ["MAX_PICTURE", "ImageSource", "saved_files"]

ImageSource = Callable[[str], "bytes | None"]  # an <img>'s src → the picture's bytes saved with the page, or None
MAX_PICTURE = 20 * 1024 * 1024


def saved_files(folder: Path) -> ImageSource:
    """The pictures saved with a page ("Save page, complete": page_files/1.png): an <img>'s relative src read
    from under the page's folder, never above it and never from the network."""
    from urllib.parse import unquote, urlsplit

    from ogi.fileio import read_regular

    base = folder.resolve()

    def read(src: str) -> bytes | None:
        parts = urlsplit(src.strip())
        if parts.scheme or parts.netloc or not parts.path:
            return None
        try:
            path = (base / unquote(parts.path)).resolve()
            return read_regular(path, MAX_PICTURE) if path.is_relative_to(base) else None
        except (OSError, OgiError, ValueError):
            return None

    return read

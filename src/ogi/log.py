"""Where unexpected failures are recorded: the traceback goes to a log file, the user sees one Chinese line.

The log file is ``$OGI_LOG_FILE`` when set, else ``$XDG_CACHE_HOME/ogi/ogi.log`` (``~/.cache/ogi/ogi.log``);
when neither can be written, ``ogi.log`` in the system's temporary folder.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import tempfile
import traceback
from pathlib import Path

__all__ = ["log_exception", "log_path"]


def log_path() -> Path:
    """Return the log file's path (not created)."""
    if os.environ.get("OGI_LOG_FILE"):
        return Path(os.environ["OGI_LOG_FILE"])
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "ogi" / "ogi.log"


def log_exception(where: str, exc: BaseException) -> Path | None:
    """Given what was being done and the exception, append its traceback to the log; return the log's path."""
    if isinstance(exc, MemoryError):  # free what the failed work still holds, so the traceback can be written
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    try:
        record = (f"--- {dt.datetime.now().isoformat(timespec='seconds')} {where}\n"
                  + "".join(traceback.format_exception(exc)))
    except MemoryError:
        return None
    for path in (log_path(), Path(tempfile.gettempdir()) / "ogi.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8", errors="backslashreplace") as f:
                f.write(record)
            return path
        except OSError:
            continue
    return None

"""Reading and writing files safely: only regular files are read, and a write is all or nothing.

A path that is a directory, a device (``/dev/zero``), a FIFO or a socket — directly or through a link — is
refused before a byte is read, so it can neither hang nor fill memory. An output is written to a temporary
file beside the target and moved into place (``os.replace``) only when complete, so a failed write (a full
disk, a missing folder) leaves nothing half-written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ogi.errors import NotRegularFileError, ReadError, TooLargeError, WriteError, os_error_zh

__all__ = ["display_name", "read_regular", "write_atomic"]


def display_name(path: str | os.PathLike[str]) -> str:
    """Given a path, return it as printable text: bytes that are not UTF-8 in a file name become U+FFFD."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", "replace")


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """Given a path, return the bytes of the regular file it names (links followed), at most `limit` bytes.

    Opened non-blocking, so a FIFO cannot hang the open; the check is made on the open file (no race).
    """
    name = display_name(Path(path).name or path)
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadError(name, f"无法打开：{os_error_zh(exc)}") from exc
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise NotRegularFileError(name, "这是一个文件夹，请给出其中的报告文件")
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFileError(name, "是设备、管道或套接字，只读取普通文件")
        if st.st_size > limit:
            raise TooLargeError(name, f"{st.st_size // (1024 * 1024)} MB，上限 {limit // (1024 * 1024)} MB")
        if hasattr(os, "O_NONBLOCK"):  # POSIX; Windows has no FIFOs to fear here
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        got = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - got) or 1):
            chunks.append(chunk)
            got += len(chunk)
            if got > limit:  # the file grew while being read
                raise TooLargeError(name, f"超过上限 {limit // (1024 * 1024)} MB")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(name, f"读取失败：{os_error_zh(exc)}") from exc
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Given a target path and bytes, write them all or nothing; raises WriteError with the reason in Chinese."""
    target = Path(path)
    name = display_name(target)
    if target.is_dir():
        raise WriteError(name, "这是一个文件夹，请给出输出文件名")
    if target.exists() and not target.is_file():
        raise WriteError(name, "不是普通文件（设备或管道），不会覆盖")
    folder = target.parent
    if not folder.is_dir():
        raise WriteError(name, f"输出文件夹不存在：{display_name(folder)}")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
        os.chmod(tmp, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise WriteError(name, os_error_zh(exc)) from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

"""What `ogi ingest` was given, as a list of files to read: paths, folders (recursive), zip archives (their
members), URLs, and text files that list URLs (one per line, http(s):// or file://; blank lines and lines
starting with # left out).

A zip archive is told from a DOCX by its content (a DOCX holds word/document.xml). Members are read with the same
limits as any file (size, compression ratio); a member's name is only a label — nothing is ever written under it,
so "../" in an archive cannot reach outside it. An archive inside an archive is not opened (said so).
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ogi.corpus.work import Task
from ogi.errors import CorruptFileError, OgiError, TooLargeError
from ogi.fileio import display_name, read_regular
from ogi.read.forms import MAX_INPUT

__all__ = ["Found", "expand", "load"]

_URL_PREFIXES = ("http://", "https://")
_LIST_PREFIXES = (*_URL_PREFIXES, "file://")  # a list may name local files too
_LIST_MAX = 16 * 1024 * 1024  # a list of URLs is text, a few MB at most
_ZIP_RATIO = 200  # a member compressed more than this is a zip bomb, not a report


@dataclass(frozen=True, slots=True)
class Found:
    """One source to read, or one that could not even be listed (an unreadable archive), with its error."""

    task: Task
    error: OgiError | None = None


def expand(args: Iterable[str], *, skip: Iterable[str] = ()) -> Iterator[Found]:
    """Given the command's arguments, yield every source in a stable order (folders sorted by path); the files
    in `skip` (absolute paths: the store's own SQLite file) are left out."""
    left_out = {os.path.abspath(s) for s in skip}
    for found in _expand(args):
        if found.task.kind != "file" or found.task.location not in left_out:
            yield found


def _expand(args: Iterable[str]) -> Iterator[Found]:
    for arg in args:
        if arg.startswith(_URL_PREFIXES):
            yield Found(Task(arg, arg, "url"))
            continue
        path = Path(arg)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts):
                    yield from _file(p)
        else:
            yield from _file(path)


def _file(path: Path, *, lists: bool = True) -> Iterator[Found]:
    """One path: a list of URLs (not when named by a list: a list naming itself must not loop), an archive, or a
    file."""
    location = os.path.abspath(path)
    urls = _url_list(path) if lists else None
    if urls is not None:
        for u in urls:
            if u.startswith("file://"):
                yield from _file(Path(url2pathname(urlsplit(u).path)), lists=False)
            else:
                yield Found(Task(u, u, "url"))
    elif _is_archive(path):
        yield from _members(path, location)
    else:
        yield Found(Task(location, display_name(path.name), "file"))


def _url_list(path: Path) -> list[str] | None:
    """The URLs a text file lists, or None when it is not such a list."""
    try:
        if path.suffix.lower() not in (".txt", ".list", ".urls", "") or path.stat().st_size > _LIST_MAX:
            return None
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    except (OSError, UnicodeDecodeError):
        return None
    urls = [ln for ln in lines if ln and not ln.startswith("#")]
    return urls if urls and all(u.startswith(_LIST_PREFIXES) and " " not in u for u in urls) else None


def _is_archive(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            if f.read(4) != b"PK\x03\x04":
                return False
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return path.suffix.lower() == ".zip"  # a broken archive is still reported as one
    return "word/document.xml" not in names and "[Content_Types].xml" not in names


def _members(path: Path, location: str) -> Iterator[Found]:
    shown = display_name(path.name)
    try:
        with zipfile.ZipFile(path) as z:
            infos = sorted((i for i in z.infolist() if not i.is_dir()), key=lambda i: i.filename)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        yield Found(Task(location, shown, "zip"), CorruptFileError(shown, f"压缩包无法打开：{type(exc).__name__}"))
        return
    for info in infos:
        member = _safe_member(info.filename)
        if member is None:
            continue
        yield Found(Task(f"{location}!{info.filename}", f"{shown}/{member}", "zip"))


def _safe_member(name: str) -> str | None:
    """The member's path shown inside its archive: no root, no "..", hidden files and macOS metadata left out."""
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("/", "", ".", "..")]
    if not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return None
    return "/".join(parts)


def load(task: Task) -> bytes:
    """Given a file or archive-member task, return its bytes; raises an OgiError naming it."""
    if task.kind == "file":
        return read_regular(task.location, MAX_INPUT)
    archive, member = task.location.split("!", 1)
    try:
        with zipfile.ZipFile(archive) as z:
            info = z.getinfo(member)
            if info.file_size > MAX_INPUT:
                raise TooLargeError(task.name, f"解压后 {info.file_size // (1024 * 1024)} MB")
            if info.compress_size and info.file_size / info.compress_size > _ZIP_RATIO:
                raise TooLargeError(task.name, "压缩比异常（疑似压缩炸弹）")
            with z.open(info) as f:
                data = f.read(MAX_INPUT + 1)
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:  # RuntimeError: an encrypted member
        raise CorruptFileError(task.name, f"压缩包内的文件已损坏：{type(exc).__name__}") from exc
    if len(data) > MAX_INPUT:
        raise TooLargeError(task.name, "解压后超过上限")
    if data.startswith(b"PK\x03\x04") and member.lower().endswith(".zip"):
        raise CorruptFileError(task.name, "压缩包中的压缩包不会展开，请解压后再导入")
    return data

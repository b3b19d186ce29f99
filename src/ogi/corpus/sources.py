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

__all__ = ["Found", "expand", "is_package", "load", "member_name", "members", "read_member"]

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
    return not is_package(names)


def is_package(names: set[str]) -> bool:
    """Whether a zip's member names make it an Office document (DOCX, XLSX…) rather than an archive of reports."""
    return "word/document.xml" in names or "[Content_Types].xml" in names


def _members(path: Path, location: str) -> Iterator[Found]:
    shown = display_name(path.name)
    try:
        with zipfile.ZipFile(path) as z:
            listed = members(z)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        yield Found(Task(location, shown, "zip"), CorruptFileError(shown, f"压缩包无法打开：{type(exc).__name__}"))
        return
    for info, member in listed:
        yield Found(Task(f"{location}!{info.filename}", f"{shown}/{member}", "zip"))


def members(z: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    """The files of an archive worth reading, sorted, each with the name to show (a label, never a path): folders,
    hidden files and macOS metadata left out; a name stored in GBK (Windows' archivers, without the UTF-8 flag)
    shown as written."""
    out = []
    for info in z.infolist():
        shown = None if info.is_dir() else _safe_member(member_name(info))
        if shown is not None:
            out.append((info, shown))
    return sorted(out, key=lambda pair: pair[0].filename)


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its archiver wrote it: zipfile reads a name without the UTF-8 flag as CP437, which
    turns the GBK names of Chinese Windows archivers into mojibake; such a name is read again as UTF-8, else GBK."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


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
            return read_member(z, z.getinfo(member), task.name)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFileError(task.name, f"压缩包内的文件已损坏：{type(exc).__name__}") from exc


def read_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limit: int = MAX_INPUT) -> bytes:
    """One member's bytes, within the size limit and the compression ratio of a report (never more than `limit`
    bytes are decompressed, whatever the header says); raises an OgiError naming it."""
    if info.file_size > limit:
        raise TooLargeError(name, f"解压后 {info.file_size // (1024 * 1024)} MB")
    if info.compress_size and info.file_size / info.compress_size > _ZIP_RATIO:
        raise TooLargeError(name, "压缩比异常（疑似压缩炸弹）")
    try:
        with z.open(info) as f:
            data = f.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:  # RuntimeError: an encrypted member
        raise CorruptFileError(name, f"压缩包内的文件已损坏：{type(exc).__name__}") from exc
    if len(data) > limit:
        raise TooLargeError(name, "解压后超过上限")
    if data.startswith(b"PK\x03\x04") and info.filename.lower().endswith(".zip"):
        raise CorruptFileError(name, "压缩包中的压缩包不会展开，请解压后再导入")
    return data

"""A bounded, reproducible fuzz run over every reader and writer (issue 9).

Seeds: the sample reports, the same reports as ogi writes them in every form it reads back (DOCX, HTML,
Markdown, JSON, PDF — rendered here, into tmp), and the real PDFs of ../shared/realdocs when present (never
committed). Each seed is mutated with a fixed seed (flipped, inserted, deleted, duplicated bytes, cuts,
splices); generated files add encodings, structure bombs and pathological text. Everything goes through
`ogi parse --json` and `ogi check --json` in batches, in a subprocess with a memory cap (RLIMIT_AS) and a
timeout, and a sample through `ogi render` in every form: no traceback, no hang, exit 0/1/2 only, every
unreadable file's message in Chinese naming the file, and no "internal" error (that would be a defect).
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ogi.api import parse_file
from ogi.render import render

from conftest import SEED_IDS, seed_path

pytestmark = pytest.mark.slow

# fixed for CI; a longer campaign: OGI_FUZZ_SEED=7 OGI_FUZZ_MUTANTS=50 .venv/bin/pytest tests/fuzz
SEED = int(os.environ.get("OGI_FUZZ_SEED", "20261202"))
MUTANTS_PER_FILE = int(os.environ.get("OGI_FUZZ_MUTANTS", "10"))
BATCH = 40
MEMORY_CAP = 1536 << 20  # bytes of address space per run: the inputs are at most a few MB
REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"
HAN = range(0x4E00, 0xA000)


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_ogi(*args: str | Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ogi", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout, preexec_fn=_cap)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("seeds")
    out = [seed_path(s) for s in SEED_IDS]
    for sid in ("000", "002"):  # both format versions, in every form ogi writes and reads back
        report = parse_file(seed_path(sid))
        for form, suffix in (("docx", "docx"), ("html", "html"), ("md", "md"), ("json", "json"), ("pdf", "pdf")):
            path = tmp / f"seed{sid}.{suffix}"
            path.write_bytes(render(report, form))
            out.append(path)
    if REALDOCS.is_dir():
        out += sorted(REALDOCS.glob("*.pdf"))
    return out


def test_real_documents_are_present() -> None:
    if not REALDOCS.is_dir():
        pytest.skip(f"{REALDOCS} is absent (a user's clone has no ../shared/): real PDFs not fuzzed")


def mutate(data: bytes, rng: random.Random, other: bytes) -> bytes:
    b = bytearray(data)
    kind = rng.randrange(7)
    if kind == 0:  # flip a few bytes
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    elif kind == 1:  # insert random bytes
        at = rng.randrange(len(b))
        b[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    elif kind == 2:  # delete a range
        at = rng.randrange(len(b))
        del b[at:at + rng.randint(1, 2000)]
    elif kind == 3:  # cut
        del b[rng.randrange(1, len(b)):]
    elif kind == 4:  # duplicate a chunk many times (structure growth)
        at = rng.randrange(len(b))
        chunk = bytes(b[at:at + rng.randint(1, 200)])
        b[at:at] = chunk * rng.randint(2, 200)
    elif kind == 5:  # splice with another file
        b = b[: rng.randrange(len(b))] + bytearray(other[rng.randrange(len(other)):])
    else:  # overwrite a run with one byte
        at = rng.randrange(len(b))
        b[at:at + rng.randint(1, 500)] = bytes([rng.choice(b"\x00\xff-|\t \n0")]) * rng.randint(1, 500)
    return bytes(b)


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """Mutate inside a DOCX: the XML of document.xml, then zip it again (reaches the XML parser)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            part = src.read(name)
            out.writestr(name, mutate(part, rng, part) if name == "word/document.xml" else part)
    return buf.getvalue()


def generated(seed_text: str) -> dict[str, bytes]:
    """Encodings, structure bombs and pathological text."""
    html = f"<html><head><meta charset='utf-8'></head><body><pre>{seed_text}</pre></body></html>"
    return {
        "utf16-nobom.txt": seed_text.encode("utf-16-le"),
        "utf32-bom.txt": b"\xff\xfe\x00\x00" + seed_text.encode("utf-32-le"),
        "gbk.txt": seed_text.encode("gbk"),
        "big5-declared.html": html.replace("utf-8", "big5").encode("utf-8"),
        "latin1-declared.html": html.replace("utf-8", "iso-8859-1").encode("gbk"),
        "bogus-declared.html": html.replace("utf-8", "x-undefined-\u00e9").encode("utf-8"),
        "bom-garbage.txt": b"\xef\xbb\xbf" + bytes(range(128, 256)) * 20,
        "nested.html": ("<div>" * 50_000 + "一、总体情况").encode(),
        "spans.html": ("<table>" + "<tr><td colspan=999999999 rowspan=200>1</td></tr>" * 3000 + "</table>").encode(),
        "tables.html": ("<p>三、收到和处理政府信息公开申请情况</p>" + "<table><tr><td>1</td></tr></table>" * 20_000).encode(),
        "entities.html": ("<p>一、总体情况" + "&#x0b;&#0;&#xd800;&amp;" * 20_000 + "</p>").encode(),
        "nul.txt": seed_text.encode()[:3000] + b"\x00" * 100 + seed_text.encode()[3000:],
        "controls.txt": seed_text.replace("。", "\x0b\x01\x1b。").encode(),
        "one-line.txt": seed_text.replace("\n", " ").encode(),
        "cr-only.txt": seed_text.replace("\n", "\r").encode(),
        "formfeeds.txt": ("\f" * 100_000 + seed_text).encode(),
        "headings.txt": ("一、总体情况\n二、主动公开政府信息情况\n" * 20_000).encode(),
        "digits.txt": ("一、总体情况\n" + "9" * 500_000 + "\n").encode(),
        "model-deep.json": b'{"schema_version": "1.0", "metadata": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "model-huge-year.json": b'{"schema_version": "1.0", "metadata": {"format_version": "2021", "report_year": '
                                + b"9" * 5000 + b"}}",
        "pdf-header-only.pdf": b"%PDF-1.7\n" + os.urandom(0) + b"1 0 obj << /Type /Catalog >> endobj\n%%EOF",
        "docx-empty.docx": _tiny_zip({"word/document.xml": b""}),
        "docx-deep.docx": _tiny_zip({"word/document.xml": b"<w:document>" + b"<w:tbl><w:tr><w:tc>" * 20_000}),
    }


def _tiny_zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture(scope="module")
def corpus(seeds: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("fuzz")
    rng = random.Random(SEED)
    files: list[Path] = []
    datas = [p.read_bytes() for p in seeds]
    for path, data in zip(seeds, datas, strict=True):
        for i in range(MUTANTS_PER_FILE):
            other = datas[rng.randrange(len(datas))]
            if path.suffix == ".docx" and i % 2:
                mutant = mutate_zip(data, rng)
            else:
                mutant = mutate(data, rng, other)
            out = tmp / f"{path.stem}-m{i}{path.suffix}"
            out.write_bytes(mutant)
            files.append(out)
    for name, data in generated(seed_path("000").read_text(encoding="utf-8")).items():
        (tmp / name).write_bytes(data)
        files.append(tmp / name)
    return files


def _assert_clean(result: subprocess.CompletedProcess[str], batch: list[Path]) -> list[dict]:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1, 2), (result.returncode, result.stderr[-2000:])
    data = json.loads(result.stdout)
    assert len(data) == len(batch)
    for path, item in zip(batch, data, strict=True):
        if item.get("status") != "unreadable":
            continue
        error = item["error"]
        assert error["code"] != "internal", (path.name, error["message"])
        assert path.name in error["message"], error
        assert any(ord(c) in HAN for c in error["message"]), error
    return data


@pytest.mark.parametrize("command", ["parse", "check"])
def test_fuzz_readers(corpus: list[Path], command: str) -> None:
    for start in range(0, len(corpus), BATCH):
        batch = corpus[start:start + BATCH]
        _assert_clean(run_ogi(command, "--json", *batch), batch)


def test_fuzz_writers(corpus: list[Path], tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    sample = rng.sample(corpus, 12)
    for i, path in enumerate(sample):
        for form in ("docx", "html", "md", "json", "xlsx") + (("pdf",) if i < 2 else ()):
            out = tmp_path / f"{i}.{form}"
            result = run_ogi("render", path, "--to", form, "-o", out)
            assert "Traceback" not in result.stderr, result.stderr[-3000:]
            assert result.returncode in (0, 2), result.stderr
            if result.returncode == 2:
                assert path.name in result.stderr and "内部错误" not in result.stderr, result.stderr
                assert not out.exists()

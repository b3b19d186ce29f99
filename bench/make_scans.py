"""Make the scan corpus (not committed): every seed and real PDF of ../shared rendered to page images and
turned into image-only PDFs at 150, 200 and 300 dpi, with a 0.5–2° skew, JPEG compression, noise and a red
seal stamped over part of a page — deterministic by seed, so a failing scan can be made again.

    .venv/bin/python bench/make_scans.py OUT_DIR [--dpi 150 200 300] [--limit N]
"""

from __future__ import annotations

import argparse
import io
import random
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def born_digital(out: Path) -> list[Path]:
    """Return the born-digital PDFs: the real reports as they are, each text seed rendered by ogi itself."""
    pdfs = sorted((SHARED / "realdocs").glob("*.pdf"))
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        target = out / "born" / f"{seed.stem}.pdf"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-m", "ogi", "render", "--to", "pdf", "-o", str(target), str(seed),
                            "-j", "1"], check=True, capture_output=True)
        pdfs.append(target)
    return pdfs


def seal(img, rng: random.Random) -> None:  # noqa: ANN001 - a PIL image
    """Stamp a translucent red seal (ring, star, text-like arcs) over part of the page."""
    from PIL import Image, ImageDraw

    w, h = img.size
    r = int(w * rng.uniform(0.09, 0.12))
    cx, cy = int(w * rng.uniform(0.45, 0.8)), int(h * rng.uniform(0.3, 0.8))
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (220, 30, 30, rng.randint(110, 170))
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(r // 14, 3))
    s = r // 3
    d.regular_polygon((cx, cy, s), 5, fill=red)
    for k in range(12):  # the arc of the unit's name, as blobs
        import math
        a = math.pi * (0.9 + 1.2 * k / 11)
        x, y = cx + 0.72 * r * math.cos(a), cy + 0.72 * r * math.sin(a)
        d.rectangle((x - r / 12, y - r / 12, x + r / 12, y + r / 12), fill=red)
    img.alpha_composite(layer)


def scan_pdf(src: Path, dpi: int, rng: random.Random) -> bytes:
    """Render each page of a PDF at `dpi`, age it like a scan, and return an image-only PDF."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    pages = []
    pdf = pdfium.PdfDocument(src.read_bytes())
    for index in range(len(pdf)):
        img = pdf[index].render(scale=dpi / 72).to_pil().convert("RGBA")
        if rng.random() < 0.5:
            seal(img, rng)
        img = img.convert("RGB").rotate(rng.choice((-1, 1)) * rng.uniform(0.5, 2.0), resample=Image.BICUBIC,
                                        fillcolor="white")
        arr = np.asarray(img).astype(np.int16)
        noise = np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(4, 12), arr.shape)
        img = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(45, 80))
        pages.append(Image.open(io.BytesIO(buf.getvalue())))
    pdf.close()
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    a = ap.parse_args()
    if not SHARED.is_dir():
        sys.exit("未找到 ../shared（种子与真实报告），无法生成扫描件语料")
    docs = born_digital(a.out)[: a.limit or None]
    for doc in docs:
        for dpi in a.dpi:
            target = a.out / "scans" / f"{doc.stem}_{dpi}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(scan_pdf(doc, dpi, random.Random(f"{doc.name}:{dpi}")))
            print(f"{target}（{target.stat().st_size:,} 字节）")


if __name__ == "__main__":
    main()

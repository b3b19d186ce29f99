"""A test corpus of annual reports as a city's collection holds them (test helper, not part of ogi; issue 12).

`make_corpus(dest, n=1000, seed=0)` writes at least n files into dest: the five seed reports and the real
PDFs of ../shared/realdocs as they are, and generated reports in every form ogi reads (text in the forms of
tests/textforms.py, ogi's own Markdown, HTML in UTF-8 and GBK, DOCX, PDF printed by LibreOffice and by
Chromium), in folders by division and agency and inside zip archives (one with folders), with byte-identical
copies, broken files, report series over consecutive years and sections copied from other reports. Two text
files list URLs of corpus files (file:// and http://127.0.0.1:PORT/…) for the ingest of URL lists.

The manifest, written beside dest (dest + ".manifest.json", so an ingest of dest does not meet it), says for
every file what it is: form, the report's truth (from the generator's inputs, never from ogi's reading), its
duplicate group, and for a broken file what is wrong and the ogi error it raises. The same seed gives the same
manifest and the same bytes for every file; a PDF (and the encrypted and the image-only one) is byte-identical
across runs when it comes from the cache (LibreOffice, Chromium, pypdf and Pillow stamp each PDF they write).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import random
import re
import time
import urllib.parse
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

import corpus_broken as broken
from corpus_names import Agency, agencies
from corpus_pdf import Cache, chromium_pdfs, libreoffice_pdfs
from corpus_prose import section_texts
from corpus_values import Tables, build_report, consistent_tables, failing_identities, plant_error
from ogi.model.layout import FormatVersion
from ogi.model.report import SectionKey

from textforms import EXTRA_FORMS, FORMS, Noise, ReportValues, write_report

__all__ = ["FileEntry", "Manifest", "make_corpus", "manifest_path", "read_entry"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "ogi" / "samples"
TRUTH = Path(__file__).resolve().parent / "fixtures" / "truth"
SHARED = ROOT.parent / "shared"
_YEAR = re.compile(r"((?:19|20)\d\d)\s?年")
_ZIP_TIME = (2025, 1, 20, 9, 0, 0)  # fixed member dates: the same seed gives the same zip bytes

# forms of the generated files; text-* are tests/textforms.py's forms, md is ogi's own Markdown
TEXT_FORMS = tuple(f"text-{f}" for f in FORMS)
ROUGH_FORMS = tuple(f"text-{f}" for f in EXTRA_FORMS)  # not always read back exactly (textforms says why)
PDF_FORMS = ("pdf-libreoffice", "pdf-chromium")
_CHEAP_WEIGHTS = {**dict.fromkeys(TEXT_FORMS, 8), "text-gbk": 5, "md": 4, "html-utf8": 14, "html-gbk": 11,
                  "docx": 14, **dict.fromkeys(ROUGH_FORMS, 1)}
_SUFFIX = {"md": ".md", "html-utf8": ".html", "html-gbk": ".html", "docx": ".docx", "text-gbk": ".txt",
           "pdf-libreoffice": ".pdf", "pdf-chromium": ".pdf"}


@dataclass
class FileEntry:
    """One file of the corpus: a loose file (`member` None) or a member of the zip at `path`."""

    path: str  # relative to the corpus folder, "/"-separated
    form: str
    member: str | None = None
    report: str | None = None  # id of the report it holds (Manifest.reports), None for a file with no report
    origin: str = "generated"  # "seed", "realdoc" or "generated"
    sha256: str = ""
    size: int = 0
    dup_group: str | None = None  # files with the same group hold the same bytes
    broken: str | None = None  # kind of damage (corpus_broken.BROKEN), None for a sound file
    reason: str | None = None  # what is wrong, in Chinese
    expected_error: str | None = None  # the OgiError code ogi raises on it (checked by hand), None if none
    readable: bool = True  # ogi reads the report in it to the truth
    exact: bool = True  # every cell reads back exactly (False for the rough text forms)
    date_shown: bool = False  # the file prints the publication date (signature or portal field)

    @property
    def name(self) -> str:
        """The file name ogi's errors name."""
        return (self.member or self.path).rsplit("/", 1)[-1]


@dataclass
class Manifest:
    seed: int
    n: int
    files: list[FileEntry] = field(default_factory=list)
    reports: dict[str, dict] = field(default_factory=dict)  # id -> truth
    series: list[dict] = field(default_factory=list)
    url_lists: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    cache: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Files per form, plus the totals of broken files, duplicates and zip members."""
        out = dict(sorted(Counter(f.form for f in self.files).items()))
        out["(broken)"] = sum(f.broken is not None for f in self.files)
        out["(in zip)"] = sum(f.member is not None for f in self.files)
        out["(duplicate copies)"] = sum(f.dup_group is not None for f in self.files) - len(
            {f.dup_group for f in self.files if f.dup_group})
        out["(total)"] = len(self.files)
        return out

    def to_json(self) -> str:
        data = asdict(self)
        return json.dumps(data, ensure_ascii=False, indent=1, default=str)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["files"] = [FileEntry(**f) for f in data["files"]]
        return cls(**data)


def manifest_path(dest: Path) -> Path:
    """Where the manifest of the corpus in dest is written: beside it, not inside."""
    return dest.with_name(dest.name + ".manifest.json")


def read_entry(dest: Path, entry: FileEntry) -> bytes:
    """The bytes of a corpus file, from inside its zip for a member (raises zipfile's error for a damaged one)."""
    if entry.member is None:
        return (dest / entry.path).read_bytes()
    with zipfile.ZipFile(dest / entry.path) as z:
        return z.read(entry.member)


# ---------------------------------------------------------------------------------------------
# the reports


@dataclass
class _Report:
    """What the generator decided a report states; its truth is written to the manifest as it is."""

    id: str
    agency: Agency
    year: int
    version: FormatVersion
    tables: Tables
    sections: dict[SectionKey, str]
    base: str | None  # the seed or real report whose text it rewords ("seed:000"), None for template text
    published: dt.date
    planted: list[dict] = field(default_factory=list)
    copies: list[dict] = field(default_factory=list)
    series: str | None = None

    def truth(self) -> dict:
        failing = failing_identities(self.version, self.tables)
        deadline = dt.date(self.year + 1, 3 if self.agency.kind in ("government", "township") else 1, 31)
        return {
            "agency": self.agency.name, "agency_info": self.agency.as_dict(), "year": self.year,
            "format_version": self.version.value,
            "format_matches_year": (self.version is FormatVersion.V2021) == (self.year >= 2021),
            "sums_hold": not failing, "failing_identities": failing, "planted_errors": self.planted,
            "base": self.base, "text_from_base": self.base is not None, "series": self.series, "published": self.published.isoformat(),
            "deadline": deadline.isoformat(), "copies": self.copies, "tables": _plain(self.tables),
            "sections": {k.value: v for k, v in self.sections.items()},
        }


def _plain(tables: Tables) -> dict:
    return {t: {r: {c: (format(v, "f") if isinstance(v, Decimal) else v) for c, v in row.items()}
                for r, row in rows.items()} for t, rows in tables.items()}


def _version_for(rng: random.Random, year: int) -> FormatVersion:
    if year <= 2020:
        return FormatVersion.V2019
    # a few offices kept the trial format for 2021, as seed 002 (漯河 2021) did
    return FormatVersion.V2019 if year == 2021 and rng.random() < 0.1 else FormatVersion.V2021


def _scale(rng: random.Random, agency: Agency) -> int:
    """Applications received in a year: many small units receive none, a city government hundreds."""
    if agency.kind in ("street", "township"):
        return rng.choice((0, 0, 1, rng.randint(1, 8)))
    if agency.kind == "government":
        return rng.randint(20, 3000) if agency.level != "county" else rng.randint(5, 400)
    return rng.choice((0, 0, rng.randint(1, 9), rng.randint(10, 120), rng.randint(100, 900)))


def _published(rng: random.Random, agency: Agency, year: int) -> dt.date:
    """Most publish in January; governments until 31 March; about one in ten is late."""
    last = 31 if agency.kind not in ("government", "township") else 31 + 28 + 31
    day = rng.randint(last + 1, last + 60) if rng.random() < 0.1 else rng.randint(5, last)
    return dt.date(year + 1, 1, 1) + dt.timedelta(days=day - 1)


class _Planner:
    """Draws the reports: one-off reports of many agencies, series, planted errors and copied sections."""

    def __init__(self, rng: random.Random, bases: dict[str, tuple[str, int, dict[SectionKey, str]]]) -> None:
        self.rng = rng
        self.bases = bases
        self.reports: list[_Report] = []
        self.used: set[tuple[str, int]] = set()

    def report(self, agency: Agency, year: int, *, version: FormatVersion | None = None, carried_over=None,
               in_force_prev=None, series: str | None = None) -> _Report:
        rng = self.rng
        version = version or _version_for(rng, year)
        new = _scale(rng, agency)
        tables = consistent_tables(rng, version, new, carried_over=carried_over, in_force_prev=in_force_prev)
        sections = section_texts(rng, agency.name, year, tables["table3"]["new_received"]["total"])
        base = None
        if self.bases and series is None and rng.random() < 0.12:  # a variant of a seed or real report's text
            base = rng.choice(sorted(self.bases))
            sections = _reword(rng, self.bases[base], agency.name, year, sections)
        r = _Report(f"r{len(self.reports):04d}", agency, year, version, tables, sections, base,
                    _published(rng, agency, year), series=series)
        self.reports.append(r)
        self.used.add((agency.name, year))
        return r

    def run(self, agency: Agency, first: int, years: int, *, sid: str | None = None, breaks: int = 0,
            reuse: bool = False) -> dict:
        """Reports of one agency for consecutive years whose 上年结转 chains to last year's 结转下年度 per column
        (and 现行有效件数 to last year's plus 制发 minus 废止, within the 2021 format), except `breaks` planted
        breaks; with `reuse`, 五 is sometimes copied from the year before."""
        out = {"id": sid, "agency": agency.name, "years": list(range(first, first + years)), "reports": [],
               "carry_breaks": [], "text_reuse": []}
        break_years = set(self.rng.sample(range(first + 1, first + years), breaks))
        prev: _Report | None = None
        for year in range(first, first + years):
            carried = in_force = None
            version = _version_for(self.rng, year)
            if prev is not None:
                carried = {c: v for c, v in prev.tables["table3"]["carried_forward"].items() if c != "total"}
                if prev.version is FormatVersion.V2021 and version is FormatVersion.V2021:
                    in_force = {row: prev.tables["table2"][row]["in_force"] for row in ("regulations", "normative_documents")}
            r = self.report(agency, year, version=version, carried_over=carried, in_force_prev=in_force, series=sid)
            if year in break_years:
                out["carry_breaks"].append(self._break_carry(r, prev))
            if reuse and prev is not None and self.rng.random() < 0.5:
                out["text_reuse"].append(self._copy(r, prev, SectionKey.PROBLEMS, "previous_year"))
            out["reports"].append(r.id)
            prev = r
        return out

    def _break_carry(self, r: _Report, prev: _Report) -> dict:
        """Print 上年结转 in one column different from last year's 结转下年度, keeping this year's own sums true
        (结转下年度 takes the difference)."""
        t3 = r.tables["table3"]
        col = "natural_person"
        d = self.rng.randint(1, 4)
        t3["carried_over"][col] += d
        t3["carried_forward"][col] += d
        for row in ("carried_over", "carried_forward"):
            t3[row]["total"] += d
        return {"report": r.id, "year": r.year, "column": col, "previous_report": prev.id,
                "previous_carried_forward": prev.tables["table3"]["carried_forward"][col],
                "printed_carried_over": t3["carried_over"][col]}

    def _copy(self, r: _Report, source: _Report | None, key: SectionKey, kind: str, text: str | None = None,
              source_id: str | None = None) -> dict:
        passage = text if text is not None else source.sections[key]
        r.sections[key] = passage
        record = {"report": r.id, "section": key.value, "kind": kind, "from": source_id or source.id,
                  "passage": passage}
        r.copies.append(record)
        return record


# ---------------------------------------------------------------------------------------------
# writing the forms


def _values(r: _Report) -> ReportValues:
    return ReportValues(r.version.value, r.year, r.agency.name, r.tables["table2"], r.tables["table3"],
                        r.tables["table4"])


def _noise(rng: random.Random) -> Noise:
    return Noise(seed=rng.randrange(2**32), stray_spaces=rng.random() < 0.3,
                 brackets=rng.choice(("full", "full", "half", "mixed")), fullwidth_digits=rng.random() < 0.1,
                 breaks=rng.random() < 0.3, footers=rng.random() < 0.3, blank_lines=rng.random() < 0.2,
                 number_style=rng.choice(("tight", "tight", "spaced", "comma")),
                 t3_style=rng.choice(("merged", "separate", "mixed")), label_variants=rng.random() < 0.3,
                 fee_header_variant=rng.random() < 0.1,
                 title_style=rng.choice(("one-line", "one-line", "spaced", "two-lines", "year-first")),
                 heading_variant=rng.random() < 0.2)


def _text(r: _Report, form: str, rng: random.Random, signed: bool) -> str:
    """The report as tests/textforms.py prints it, with the report's own prose in place of the writer's."""
    text = write_report(_values(r), form, _noise(rng), prose=tuple(r.sections[k] for k in SectionKey))
    flat = form == "run-together"
    if signed and not flat:
        p = r.published
        text += f"\n{r.agency.name}\n{p.year}年{p.month}月{p.day}日\n"
    return text


def _portal_html(page: bytes, r: _Report) -> bytes:
    """The page with a portal's metadata line (发布机构, 发布日期) above the report, as published pages have."""
    info = f'<div class="info">发布机构：{r.agency.name}　发布日期：{r.published.isoformat()}</div>\n'
    return page.replace(b"<main>\n", b"<main>\n" + info.encode("utf-8"), 1)


def _gbk(page: bytes) -> bytes:
    """The UTF-8 page saved as GBK with a matching declaration (characters GBK lacks as references)."""
    text = page.decode("utf-8").replace('<meta charset="utf-8">',
                                        '<meta http-equiv="Content-Type" content="text/html; charset=gbk">', 1)
    return text.encode("gbk", errors="xmlcharrefreplace")


class _Renderer:
    """ogi's renderers with their slow outputs cached: DOCX by the model's JSON, PDFs by their input's bytes."""

    def __init__(self, cache: Cache) -> None:
        from ogi.render import render

        self.render = render
        self.cache = cache
        self.models: dict[str, object] = {}
        fingerprint = hashlib.sha256()
        for path in sorted((ROOT / "src" / "ogi" / "render").glob("*.py")):
            fingerprint.update(path.read_bytes())
        self.docx_producer = "docx:" + fingerprint.hexdigest()[:16]

    def model(self, r: _Report):  # noqa: ANN201 - ogi.model.report.Report
        if r.id not in self.models:
            self.models[r.id] = build_report(r.agency.name, r.year, r.version, r.tables, r.sections)
        return self.models[r.id]

    def html(self, r: _Report) -> bytes:
        return self.render(self.model(r), "html")

    def docx_many(self, reports: list[_Report]) -> list[bytes]:
        models = [self.model(r) for r in reports]
        inputs = [m.model_dump_json().encode() for m in models]
        by_input = dict(zip(inputs, models, strict=True))
        return self.cache.many(self.docx_producer, inputs, lambda todo: [self.render(by_input[i], "docx") for i in todo])


@dataclass
class _Planned:
    entry: FileEntry
    data: bytes | None = None
    report: _Report | None = None


def _file_name(rng: random.Random, r: _Report, suffix: str) -> str:
    style = rng.randrange(6)
    if style == 0:
        return f"{r.agency.name}{r.year}年政府信息公开工作年度报告{suffix}"
    if style == 1:
        return f"{r.year}年政府信息公开工作年度报告{suffix}"
    if style == 2:
        return f"{r.year}年度报告{suffix}"
    if style == 3 and suffix == ".html":
        return f"t{r.published:%Y%m%d}_{rng.randint(100000, 9999999)}.html"
    if style == 3:
        return f"P0{r.published:%Y%m%d}{rng.randint(10000, 99999)}{suffix}"
    if style == 4:
        return f"附件{rng.randint(1, 3)}{suffix}"
    return f"{r.agency.name}{r.year}年度政府信息公开工作报告{suffix}"


def _folder(a: Agency) -> str:
    """By division then agency: 省/市/区县/单位, 省直部门 and 市直部门 for units above county level."""
    if a.level == "province":
        return f"{a.province}/省直部门/{a.name}"
    if a.level == "city":
        return f"{a.province}/{a.city}/市直部门/{a.name}"
    return "/".join(p for p in (a.province, a.city, a.county, a.name) if p)


# ---------------------------------------------------------------------------------------------
# the corpus


def make_corpus(dest: Path, *, n: int = 1000, seed: int = 0, pdf_share: float = 0.08, shared: Path | None = SHARED,
                cache: Path | None = None, url_port: int = 8765) -> Manifest:
    """Write a corpus of at least n files into dest (which must be empty or absent) and its manifest beside it.

    pdf_share: the part of n printed as PDF, half by LibreOffice and half by Chromium; shared: the folder
    holding realdocs/ (None or absent: no real PDFs); cache: where the slow conversions are kept (default
    dest's parent / ".corpus-cache"); url_port: the port of the http:// URL list.
    """
    start = time.perf_counter()
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    store = Cache(cache if cache is not None else dest.parent / ".corpus-cache")
    renderer = _Renderer(store)
    manifest = Manifest(seed=seed, n=n)
    planned: list[_Planned] = []

    # the seeds and the real reports, as they are; their truth is the hand-typed fixtures
    seeds = sorted(SAMPLES.glob("*.txt"))
    realdocs = sorted((shared / "realdocs").glob("*.pdf")) if shared is not None and (shared / "realdocs").is_dir() else []
    for path in seeds:
        manifest.reports[f"seed:{path.name[:3]}"] = _fixture_truth(TRUTH / f"{path.name[:3]}.json", path.name)
        planned.append(_Planned(FileEntry(f"原件/样本报告/{path.name}", "seed-text", report=f"seed:{path.name[:3]}",
                                          origin="seed"), path.read_bytes()))
    for path in realdocs:
        rid = f"realdoc:{path.stem}"
        manifest.reports[rid] = _fixture_truth(TRUTH / "realdocs" / f"{path.stem}.json", path.name)
        planned.append(_Planned(FileEntry(f"原件/真实报告/{path.name}", "realdoc-pdf", report=rid, origin="realdoc"),
                                path.read_bytes()))

    # how many of each kind
    n_broken = max(len(broken.BROKEN), round(0.04 * n))
    n_dups = max(3, round(0.03 * n))
    n_pdf = max(2, round(pdf_share * n))
    n_series, series_len = (4, 5) if n >= 400 else (2, 4)
    n_files = max(0, n - len(planned) - n_broken - n_dups)
    pool = agencies(rng, max(40, n))
    bases = _base_texts(seeds, realdocs, manifest.reports)
    planner = _Planner(rng, bases)

    # series: a few agencies over 4-5 consecutive years with planted carry-over breaks and 五 reused from the
    # year before; then every other agency for 1-3 consecutive years, chained without breaks
    for k in range(n_series):
        first = rng.randint(2019, 2025 - series_len + 1)
        manifest.series.append(planner.run(pool[k], first, series_len, sid=f"s{k + 1}",
                                           breaks=(2 if k == 0 else k % 2), reuse=True))
    target = max(0, round(n_files / 1.05))
    for agency in pool[n_series:]:
        if len(planner.reports) >= target:
            break
        years = min(rng.choice((1, 1, 1, 2, 2, 3)), target - len(planner.reports))
        planner.run(agency, rng.randint(2019, 2025 - years + 1), years)
    reports = planner.reports

    # wrong sums in about one report in twelve; sections copied from another agency or from a seed (the
    # copying reports and their sources apart, so a recorded passage stays in its source)
    for r in rng.sample(reports, max(3, len(reports) // 12)):
        r.planted.append(plant_error(rng, r.tables))
    others = [r for r in reports if r.series is None]
    copiers = rng.sample(others, max(5, len(others) // 25))
    sources = [r for r in others if r not in copiers]
    for r in copiers[3:]:
        source = rng.choice([s for s in sources if s.agency.name != r.agency.name])
        planner._copy(r, source, rng.choice((SectionKey.PROBLEMS, SectionKey.PROBLEMS, SectionKey.GENERAL)),
                      "other_agency")
    for r, (sid, key, text) in zip(copiers[:3], _seed_passages(rng, bases), strict=False):
        planner._copy(r, None, key, "seed" if sid.startswith("seed") else "realdoc", text=text, source_id=sid)

    # forms: PDFs first (bounded), then the cheap forms by weight; some reports in two forms
    forms_of: dict[str, list[str]] = {r.id: [] for r in reports}
    order = rng.sample(reports, len(reports))
    for i, r in enumerate(order[:n_pdf]):
        forms_of[r.id].append(PDF_FORMS[i % 2])
    cheap, weights = list(_CHEAP_WEIGHTS), list(_CHEAP_WEIGHTS.values())
    for k, r in enumerate(order[n_pdf:]):  # every form once, then by weight
        forms_of[r.id].append(cheap[k] if k < len(cheap) else rng.choices(cheap, weights)[0])
    spare = n_files - len(reports)
    for r in rng.sample(order[n_pdf:], max(0, min(spare, len(order) - n_pdf))):
        forms_of[r.id].append(rng.choice([f for f in ("html-utf8", "docx", "text-tabs") if f not in forms_of[r.id]]))
    for r in reports:
        manifest.reports[r.id] = r.truth()
        for form in forms_of[r.id]:
            signed = form.startswith("text-") and rng.random() < 0.5
            portal = form.startswith("html") and rng.random() < 0.5
            suffix = _SUFFIX.get(form, rng.choice((".txt", ".txt", ".md")) if form.startswith("text-") else ".txt")
            entry = FileEntry(f"{_folder(r.agency)}/{_file_name(rng, r, suffix)}", form, report=r.id,
                              exact=form not in ROUGH_FORMS, date_shown=signed or portal)
            data = None
            if form.startswith("text-"):
                text = _text(r, "tabs" if form == "text-gbk" else form[5:], rng, signed)
                if form == "text-gbk":
                    data = text.encode("gb18030")
                elif rng.random() < 0.1:
                    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")  # Windows Notepad
                else:
                    data = text.encode("utf-8")
            elif form == "md":
                data = renderer.render(renderer.model(r), "md")
            elif form.startswith("html"):
                page = renderer.html(r)
                page = _portal_html(page, r) if portal else page
                data = _gbk(page) if form == "html-gbk" else page
            planned.append(_Planned(entry, data, r))

    _convert(planned, renderer, store)
    _plan_broken(planned, rng, n_broken, renderer, store)
    _unique_paths(planned)
    _plan_zips(planned, rng, n)
    _plan_duplicates(planned, rng, n_dups)
    _write(dest, planned)
    manifest.files = [p.entry for p in planned]
    manifest.url_lists = _url_lists(dest, manifest.files, rng, url_port)
    manifest.seconds = round(time.perf_counter() - start, 2)
    manifest.cache = {"hits": store.hits, "misses": store.misses}
    manifest_path(dest).write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def _fixture_truth(path: Path, name: str) -> dict:
    """The truth of a seed or real report: the hand-typed fixture (tests/fixtures/truth)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    m = data["metadata"]
    return {"agency": m["agency"], "year": m["report_year"], "format_version": m["format_version"],
            "base": name, "truth_file": str(path.relative_to(ROOT)), "tables": {k: data[k] for k in
                                                                                 ("table2", "table3", "table4") if k in data},
            "copies": [], "series": None}


def _base_texts(seeds: list[Path], realdocs: list[Path], truths: dict[str, dict]
                ) -> dict[str, tuple[str, int, dict[SectionKey, str]]]:
    """The agency, year (from the hand-typed truth) and section texts (as ogi reads them) of the seeds and real
    reports: the text that reworded variants start from."""
    from ogi.api import parse_file

    out = {}
    for rid, path in [(f"seed:{p.name[:3]}", p) for p in seeds] + [(f"realdoc:{p.stem}", p) for p in realdocs]:
        report = parse_file(path)
        out[rid] = (truths[rid]["agency"], truths[rid]["year"], {s.key: s.text for s in report.sections})
    return out


def _reword(rng: random.Random, base: tuple[str, int, dict[SectionKey, str]], agency: str, year: int,
            fresh: dict[SectionKey, str]) -> dict[SectionKey, str]:
    """The base report's sections with the agency and the years changed and one sentence of 一 and of 五 each
    replaced by a sentence of `fresh` (template text for this report); a section the base lacks is `fresh`'s."""
    name, base_year, texts = base
    out = {}
    for key in SectionKey:
        text = texts.get(key)
        if not text:
            out[key] = fresh[key]
            continue
        text = text.replace(name, agency)
        # the years around the base's ("2023年", "2023 年" as PDF text prints it) move with the report's year
        text = _YEAR.sub(lambda m: f"{int(m[1]) - base_year + year}年" if abs(int(m[1]) - base_year) <= 1 else m[0],
                         text)
        if key in (SectionKey.GENERAL, SectionKey.PROBLEMS):
            sentences = [x for x in text.split("。") if x.strip()]
            new = [x for x in fresh[key].replace("\n", "").split("。") if x.strip()]
            if sentences and new:
                old = rng.choice(sentences)
                text = text.replace(old, rng.choice(new), 1)
        out[key] = text
    return out


def _seed_passages(rng: random.Random, bases: dict[str, tuple[str, int, dict[SectionKey, str]]]
                   ) -> list[tuple[str, SectionKey, str]]:
    """Sections 五 (问题及改进) of the seeds and real reports long enough to be a clear copy, in random order."""
    found = [(rid, SectionKey.PROBLEMS, texts[SectionKey.PROBLEMS]) for rid, (_, _, texts) in sorted(bases.items())
             if len(texts.get(SectionKey.PROBLEMS, "")) >= 80]
    return rng.sample(found, len(found))


def _convert(planned: list[_Planned], renderer: _Renderer, store: Cache) -> None:
    """DOCX and PDFs in batches: every DOCX, then LibreOffice on DOCX and Chromium on HTML."""
    docx_needed = [p for p in planned if p.entry.form in ("docx", "pdf-libreoffice")]
    for p, data in zip(docx_needed, renderer.docx_many([p.report for p in docx_needed]), strict=True):
        p.data = data
    lo = [p for p in planned if p.entry.form == "pdf-libreoffice"]
    for p, pdf in zip(lo, store.many("pdf-libreoffice", [p.data for p in lo], libreoffice_pdfs), strict=True):
        p.data = pdf
    ch = [p for p in planned if p.entry.form == "pdf-chromium"]
    for p, pdf in zip(ch, store.many("pdf-chromium", [renderer.html(p.report) for p in ch], chromium_pdfs),
                      strict=True):
        p.data = pdf


def _plan_broken(planned: list[_Planned], rng: random.Random, count: int, renderer: _Renderer, store: Cache) -> None:
    """Broken files of every kind, then more of the cheap kinds up to count; made from generated reports."""
    kinds = list(broken.BROKEN)
    kinds += rng.choices([k for k in kinds if k not in ("huge-txt", "corrupt-zip-member")], k=count - len(kinds))
    sound = [p for p in planned if p.report is not None]
    pdfs = [p for p in sound if p.entry.form == "pdf-libreoffice"] or [p for p in sound if p.entry.form.startswith("pdf")]
    docxs = [p for p in sound if p.entry.form == "docx"]
    for kind in kinds:
        info = broken.BROKEN[kind]
        base = rng.choice(sound)
        r = base.report
        folder = _folder(r.agency)
        name = f"{folder}/{_file_name(rng, r, info.suffix)}"  # nothing in the name gives the damage away
        rid = r.id if info.readable or kind == "corrupt-zip-member" else None
        if kind == "truncated-pdf":
            data = broken.truncated(rng.choice(pdfs).data)
        elif kind == "encrypted-pdf":  # cached: the encryption's salt and the file ID are random
            data = store.many(kind, [rng.choice(pdfs).data], lambda todo: [broken.encrypted_pdf(x) for x in todo])[0]
        elif kind == "image-only-pdf":  # cached: Pillow stamps the time
            title = f"{r.agency.name}{r.year}年政府信息公开工作年度报告"
            lines = r.sections[SectionKey.GENERAL].splitlines()
            data = store.many(kind, ["\n".join([title, *lines]).encode()],
                              lambda _, title=title, lines=lines: [broken.image_only_pdf(title, lines)])[0]
        elif kind in ("empty-txt", "empty-pdf"):
            data = b""
        elif kind == "junk-txt":
            data = broken.junk(rng)
        elif kind == "gbk-declared-utf8":
            data = broken.gbk_declared_utf8(renderer.html(r))
        elif kind == "docx-not-zip":
            data = broken.docx_not_zip(f"http://www.example.gov.cn/xxgk/{r.year}/{rng.randint(1000, 9999)}.docx")
        elif kind == "truncated-docx":
            data = broken.truncated(rng.choice(docxs).data if docxs else renderer.docx_many([r])[0])
        elif kind == "not-a-report":
            data = broken.not_a_report(r.agency.name, r.year)
        elif kind == "attachment-page":
            data = broken.attachment_page(r.agency.name, r.year, f"P0{r.published:%Y%m%d}{rng.randint(10000, 99999)}.pdf")
        elif kind == "huge-txt":
            data = broken.huge(_text(r, "tabs", rng, False), rng)
        else:  # corrupt-zip-member: a sound text report, damaged when its zip is written
            data = _text(r, "tabs", rng, False).encode("utf-8")
        form = {".pdf": "pdf", ".docx": "docx", ".html": "html-utf8" if kind != "gbk-declared-utf8" else "html-gbk"
                }.get(info.suffix, "text-tabs")
        entry = FileEntry(name, form, report=rid, broken=kind, reason=info.reason, expected_error=info.error_code,
                          readable=info.readable, exact=info.readable)
        planned.append(_Planned(entry, data, r if rid else None))


def _unique(names: list[str]) -> list[str]:
    """The names with a repeated one numbered as a file manager does: "报告（2）.pdf"."""
    seen: set[str] = set()
    out = []
    for original in names:
        name, k = original, 1
        while name in seen:
            k += 1
            stem, dot, suffix = original.rpartition(".")
            name = f"{stem}（{k}）{dot}{suffix}"
        seen.add(name)
        out.append(name)
    return out


def _unique_paths(planned: list[_Planned]) -> None:
    for p, path in zip(planned, _unique([p.entry.path for p in planned]), strict=True):
        p.entry.path = path


def _zip_sizes(n: int) -> list[int]:
    return [12, 24, 40] if n >= 400 else [10]


def _plan_zips(planned: list[_Planned], rng: random.Random, n: int) -> None:
    """Move some generated files into zip archives; the last (largest) keeps their folders, the others are
    flat; the damaged member goes into the first."""
    damaged = next(p for p in planned if p.entry.broken == "corrupt-zip-member")
    candidates = [p for p in planned if p.entry.origin == "generated" and p.entry.broken is None]
    chosen = rng.sample(candidates, min(len(candidates), sum(_zip_sizes(n)) - 1))
    start = 0
    for k, size in enumerate(_zip_sizes(n)):
        members = chosen[start:start + size - (1 if k == 0 else 0)]
        start += len(members)
        if k == 0:
            members.append(damaged)
        nested = k == len(_zip_sizes(n)) - 1
        a = members[0].report.agency if members[0].report else None
        label = a.city or a.province if a else "汇总"
        zpath = f"压缩包/{label}{2020 + k}年度报告汇总{k + 1}.zip"
        for p in members:
            name = p.entry.path if nested else p.entry.path.rsplit("/", 1)[-1]
            p.entry.member = f"年度报告/{name}" if nested else name
            p.entry.path = zpath
        for p, name in zip(members, _unique([p.entry.member for p in members]), strict=True):
            p.entry.member = name


def _plan_duplicates(planned: list[_Planned], rng: random.Random, count: int) -> None:
    """Byte-identical copies under other names and folders (one inside a zip's folder name, none in a zip),
    and a seed copied into the generated folders, as collections gather the same file twice."""
    sources = [p for p in planned if p.entry.broken is None and p.data]
    picks = rng.sample(sources, min(count, len(sources)))
    seed = next((p for p in planned if p.entry.origin == "seed"), None)
    if seed is not None and seed not in picks:
        picks[0] = seed
    for k, src in enumerate(picks):
        group = f"dup{k + 1:03d}"
        src.entry.dup_group = group
        folder = rng.choice(("重复收集", "待整理", "下载"))
        name = (src.entry.member or src.entry.path).rsplit("/", 1)[-1]
        stem, dot, suffix = name.rpartition(".")
        copy = FileEntry(f"{folder}/{stem}_副本{k + 1}{dot}{suffix}", src.entry.form, report=src.entry.report,
                         origin=src.entry.origin, dup_group=group, readable=src.entry.readable,
                         exact=src.entry.exact, date_shown=src.entry.date_shown)
        planned.append(_Planned(copy, src.data, src.report))


def _write(dest: Path, planned: list[_Planned]) -> None:
    zips: dict[str, list[_Planned]] = {}
    for p in planned:
        p.entry.sha256 = hashlib.sha256(p.data).hexdigest()
        p.entry.size = len(p.data)
        if p.entry.member is not None:
            zips.setdefault(p.entry.path, []).append(p)
            continue
        path = dest / p.entry.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(p.data)
    for zpath, members in zips.items():
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for p in members:
                z.writestr(zipfile.ZipInfo(p.entry.member, _ZIP_TIME), p.data, compress_type=zipfile.ZIP_DEFLATED)
        data = buf.getvalue()
        for p in members:
            if p.entry.broken == "corrupt-zip-member":
                data = broken.corrupt_zip_member(data, p.entry.member)
        path = dest / zpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _url_lists(dest: Path, files: list[FileEntry], rng: random.Random, port: int) -> list[dict]:
    """Two URL lists in 网址清单/: file:// URLs and http://127.0.0.1:port/ URLs of loose corpus files (the http
    paths relative to dest, for a server rooted there), each with one URL that points at nothing."""
    loose = [f for f in files if f.member is None and f.broken is None]
    out = []
    for kind, title in (("file", "本地文件网址.txt"), ("http", "本机服务网址.txt")):
        picks = rng.sample(loose, min(8, len(loose)))
        entries = []
        for f in picks:
            url = (dest / f.path).resolve().as_uri() if kind == "file" else \
                f"http://127.0.0.1:{port}/{urllib.parse.quote(f.path)}"
            entries.append({"url": url, "file": f.path, "expected": "ok"})
        missing = "不存在/2023年政府信息公开工作年度报告.pdf"
        entries.append({"url": (dest / missing).resolve().as_uri() if kind == "file" else
                        f"http://127.0.0.1:{port}/{urllib.parse.quote(missing)}", "file": None, "expected": "missing"})
        path = dest / "网址清单" / title
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(e["url"] + "\n" for e in entries), encoding="utf-8")
        out.append({"path": f"网址清单/{title}", "scheme": kind, "port": port if kind == "http" else None,
                    "entries": entries})
    return out


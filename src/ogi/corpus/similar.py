"""雷同 detection: sections of a report copied from another agency's report or from the agency's own earlier one.

How (and why):
- Text is normalised before comparing: full-width forms to ASCII, whitespace and punctuation dropped, the agency's
  own name masked (so 石嘴山市科学技术局's text reused by 安阳市科学技术局 with the name changed still matches), every
  number masked ("2023年我局…" reused as "2024年我局…" matches). Positions map back to the original text.
- Shingles are K=8 normalised characters (about four words: short enough to survive edits, long enough that two
  unrelated texts share few).
- Boilerplate is dropped: shingles seen in at least `boilerplate_share` of the reports (and in at least
  `boilerplate_min_reports` of them), learned from the first `warmup` reports added (the national template's
  fixed sentences are in all of them), then fixed.
- Each section is cut into windows of 2 blocks of 120 shingles, one block apart, so a copied passage of a few
  hundred characters fills most of some window in both texts whatever its offset. Each window gets a MinHash
  (datasketch's affine32 permutations, 64 of them) and 21 bands of 3; windows of two reports sharing a band are
  a candidate pair (P = 1 − (1 − J³)²¹: 0.93 at J = 0.5, 0.9998 at J = 0.75, 0.15 at J = 0.2, 0.02 at J = 0.1). The bands are kept
  in numpy arrays, not in datasketch's MinHashLSH, whose one Python set per bucket would take gigabytes at
  100,000 reports.
- Each candidate section pair is verified exactly: Jaccard and containment of the sections' shingle sets, and the
  matching passages found with difflib.SequenceMatcher (gaps of a few characters merged), boilerplate passages
  left out. A pair is reported when its copied passages add up to `min_copied_chars` normalised characters, or to most of
  the shorter section (a short section copied whole).

Passages of about 250 characters and more are found reliably; shorter ones only when they are most of a window
(or of a short section).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from ogi.model.report import Report

__all__ = ["Passage", "SectionRef", "SimilarPair", "SimilarityIndex", "mask_words", "normalise", "shingles"]

K = 8
NUM_PERM = 64
BANDS, ROWS = 21, 3  # 63 of the 64 values
BLOCK = 120  # shingles per block; a window is two blocks
MIN_WINDOW_SHINGLES = 24  # a window with fewer non-boilerplate shingles is not indexed
MIN_SECTION_CHARS = 30
MERGE_GAP = 6  # matching blocks this close in both texts are one passage (an edited word, a changed name)
MIN_PASSAGE_CHARS = 20
WHOLE_SECTION_SHARE = 0.8  # a short section this much copied is reported even under min_copied_chars
SEED = 1

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_HAS_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")  # full-width punctuation goes with the rest
_PUNCT = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"\d+|[〇零一二三四五六七八九]{4}")  # digits; "二〇二三" written out
_DIVISION = re.compile(r"^.+?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|盟|地区|县|区|旗)")
_MASK, _NUM_MASK = "㊣", "㊀"  # word characters: they survive the punctuation step

_MIX1, _MIX2 = np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)
_BASE = np.uint64(0x100000001B3)


def mask_words(agency: str | None) -> list[str]:
    """Given an agency's name, return the words masked in its text: the name, and the name without the divisions
    that lead it (安阳市科学技术局 → 科学技术局), longest first, none shorter than 3 characters."""
    if not agency:
        return []
    name = _PUNCT.sub("", agency.translate(_FULLWIDTH))
    words = {name}
    rest = name
    while (m := _DIVISION.match(rest)) and m.end() < len(rest):
        rest = rest[m.end():]
        words.add(rest)
    return sorted((w for w in words if len(w) >= 3), key=len, reverse=True)


@lru_cache(maxsize=4096)
def _steps(masks: tuple[str, ...]) -> list[tuple[re.Pattern[str], str]]:
    steps = [(_PUNCT, "")]
    if masks:
        steps.append((re.compile("|".join(map(re.escape, masks))), _MASK))
    steps.append((_NUMBER, _NUM_MASK))
    return steps


def normalise(text: str, masks: list[str], *, offsets: bool = False) -> tuple[str, list[int], list[int]]:
    """Given a text and the words to mask, return the normalised text and, when asked, for each of its characters
    the start and end of what it stands for in the original text."""
    s = text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text
    starts = list(range(len(s))) if offsets else []
    ends = list(range(1, len(s) + 1)) if offsets else []
    for pattern, repl in _steps(tuple(masks)):
        if not offsets:
            s = pattern.sub(repl, s)
            continue
        parts, new_starts, new_ends, pos = [], [], [], 0
        for m in pattern.finditer(s):
            parts.append(s[pos:m.start()])
            new_starts += starts[pos:m.start()]
            new_ends += ends[pos:m.start()]
            if repl:
                parts.append(repl)
                new_starts.append(starts[m.start()])
                new_ends.append(ends[m.end() - 1])
            pos = m.end()
        parts.append(s[pos:])
        s, starts, ends = "".join(parts), new_starts + starts[pos:], new_ends + ends[pos:]
    return s, starts, ends


def shingles(norm: str) -> np.ndarray:
    """Given a normalised text, return the 64-bit hash of every K-character shingle, in order of position."""
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - K + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for j in range(K):
        h = h * _BASE + codes[j:j + n]
    h ^= h >> np.uint64(33)
    h *= _MIX1
    h ^= h >> np.uint64(29)
    h *= _MIX2
    return h ^ (h >> np.uint64(32))


@dataclass(frozen=True, slots=True)
class SectionRef:
    report_id: str
    section: str  # ogi.model.report.SectionKey value
    agency: str | None
    year: int | None


@dataclass(frozen=True, slots=True)
class Passage:
    """A matching passage: [start, end) in each section's original text, and the two texts."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str


@dataclass(frozen=True, slots=True)
class SimilarPair:
    a: SectionRef
    b: SectionRef
    jaccard: float  # of the two sections' non-boilerplate shingle sets
    containment: float  # shared shingles over the smaller set's
    copied_chars: int  # normalised characters in the passages
    passages: list[Passage] = field(default_factory=list)

    @property
    def same_agency(self) -> bool:
        return self.a.agency is not None and self.a.agency == self.b.agency

    def message_zh(self) -> str:
        whose = "本机关往年报告" if self.same_agency else f"{self.b.agency or '其他机关'}的报告"
        return (f"{self.a.agency or self.a.report_id}{self.a.year or ''}年报告的“{_SECTION_ZH.get(self.a.section, self.a.section)}”"
                f"与{whose}（{self.b.year or ''}年）“{_SECTION_ZH.get(self.b.section, self.b.section)}”雷同："
                f"{len(self.passages)}处相同段落，共{self.copied_chars}字，相似度{self.jaccard:.0%}")


_SECTION_ZH = {"general": "一、总体情况", "proactive": "二、主动公开", "applications": "三、依申请公开",
               "review_litigation": "四、复议诉讼", "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}


@dataclass(slots=True)
class _Entry:
    ref_id: str
    agency: str | None
    year: int | None
    masks: list[str]
    sections: list[tuple[str, str]]  # (section key, original text)


class SimilarityIndex:
    """An incremental index of report sections: `add` reports one at a time, `query` one report against all the
    others, `pairs` for every pair in the corpus."""

    def __init__(self, *, boilerplate_share: float = 0.05, boilerplate_min_reports: int = 10, warmup: int = 1000,
                 min_copied_chars: int = 60, max_bucket: int = 500) -> None:
        from datasketch import MinHash

        a, b = MinHash(num_perm=NUM_PERM, seed=SEED).permutations
        self._a, self._b = a.astype(np.uint32), b.astype(np.uint32)
        self.boilerplate_share = boilerplate_share
        self.boilerplate_min_reports = boilerplate_min_reports
        self.warmup = warmup
        self.min_copied_chars = min_copied_chars
        self.boilerplate: np.ndarray | None = None  # sorted uint64 shingle hashes, once learned
        self._entries: list[_Entry] = []
        self._ids: dict[str, int] = {}
        self._pending: list[int] = []  # reports added before the boilerplate was learned
        self._band_chunks: list[np.ndarray] = []  # (windows, BANDS) uint64
        self._owner_chunks: list[np.ndarray] = []  # (windows, 2) int64: report index, section index
        self._bands: np.ndarray = np.zeros((0, BANDS), dtype=np.uint64)  # sorted in, by band, in _order/_sorted
        self._owners: np.ndarray = np.zeros((0, 2), dtype=np.int64)
        self._order: np.ndarray = np.zeros((0, BANDS), dtype=np.int64)
        self._sorted: np.ndarray = np.zeros((0, BANDS), dtype=np.uint64)
        self.max_bucket = max_bucket
        self.skipped_buckets = 0

    def __len__(self) -> int:
        return len(self._entries)

    # -- adding ---------------------------------------------------------------------------------
    def add(self, report_id: str, report: Report) -> None:
        """Given a report and the id to know it by, add its sections to the index."""
        sections = {s.key.value: s.text for s in report.sections if s.text}
        self.add_sections(report_id, sections, agency=report.metadata.agency, year=report.metadata.report_year)

    def add_sections(self, report_id: str, sections: Mapping[str, str], *, agency: str | None = None,
                     year: int | None = None) -> None:
        """Given section texts by section key (what `add` takes from a report), add them to the index."""
        if report_id in self._ids:
            raise ValueError(f"report {report_id!r} is already in the index")
        self._ids[report_id] = len(self._entries)
        self._entries.append(_Entry(report_id, agency, year, mask_words(agency), list(sections.items())))
        if self.boilerplate is None:
            self._pending.append(self._ids[report_id])
            if len(self._pending) >= self.warmup:
                self.learn_boilerplate()
        else:
            self._index(self._ids[report_id])

    def learn_boilerplate(self) -> None:
        """Learn the boilerplate from the reports added so far and index them; later reports are indexed as they
        are added. Called by itself after `warmup` reports, or by the first query."""
        per_report = []
        for i in self._pending:
            hashes = [shingles(normalise(t, self._entries[i].masks)[0]) for _, t in self._entries[i].sections]
            per_report.append(np.unique(np.concatenate(hashes)) if hashes else np.zeros(0, np.uint64))
        if per_report:
            values, counts = np.unique(np.concatenate(per_report), return_counts=True)
            need = max(self.boilerplate_min_reports, self.boilerplate_share * len(per_report))
            self.boilerplate = values[counts >= need]
        else:
            self.boilerplate = np.zeros(0, np.uint64)
        pending, self._pending = self._pending, []
        for i in pending:
            self._index(i)

    def _signatures(self, hashes: np.ndarray) -> np.ndarray:
        """Given shingle hashes (boilerplate set to None by a mask beforehand), return one MinHash per window."""
        h32 = (hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        phv = h32[:, None] * self._a[None, :] + self._b[None, :]  # affine32: wraps mod 2^32
        starts = np.arange(0, len(h32), BLOCK)
        blocks = np.minimum.reduceat(phv, starts, axis=0)
        if len(blocks) == 1:
            return blocks
        return np.minimum(blocks[:-1], blocks[1:])

    def _index(self, i: int) -> None:
        entry = self._entries[i]
        bands, owners = [], []
        for s, (_, text) in enumerate(entry.sections):
            norm = normalise(text, entry.masks)[0]
            if len(norm) < MIN_SECTION_CHARS:
                continue
            hashes = shingles(norm)
            hashes = hashes[~self._is_boilerplate(hashes)]
            if len(hashes) < MIN_WINDOW_SHINGLES:
                continue
            sig = self._signatures(hashes)
            counts = np.add.reduceat(np.ones(len(hashes), np.int64), np.arange(0, len(hashes), BLOCK))
            window_counts = counts if len(counts) == 1 else counts[:-1] + counts[1:]
            sig = sig[window_counts >= MIN_WINDOW_SHINGLES]
            bands.append(_band_hashes(sig))
            owners.append(np.tile(np.array([i, s], np.int64), (len(sig), 1)))
        if bands:
            self._band_chunks.append(np.concatenate(bands))
            self._owner_chunks.append(np.concatenate(owners))

    def _is_boilerplate(self, hashes: np.ndarray) -> np.ndarray:
        bp = self.boilerplate
        if bp is None or len(bp) == 0:
            return np.zeros(len(hashes), dtype=bool)
        pos = np.searchsorted(bp, hashes).clip(max=len(bp) - 1)
        return bp[pos] == hashes

    def _consolidate(self, *, full: bool) -> None:
        """Fold the windows added since the last sort into the sorted bands: always when `full`, else only once
        they are a tenth of the sorted ones (a query scans the unsorted rest)."""
        if self.boilerplate is None:
            self.learn_boilerplate()
        recent = sum(len(c) for c in self._band_chunks)
        if recent == 0 or (not full and recent < max(1000, len(self._bands) // 10)):
            return
        self._bands = np.concatenate([self._bands, *self._band_chunks])
        self._owners = np.concatenate([self._owners, *self._owner_chunks])
        self._band_chunks, self._owner_chunks = [], []
        self._order = np.argsort(self._bands, axis=0, kind="stable")
        self._sorted = np.take_along_axis(self._bands, self._order, axis=0)

    def candidates(self) -> set[tuple[int, int, int, int]]:
        """Every pair of sections of two different reports that share a band: (report, section, report, section),
        the first report the one added first. A bucket of more than `max_bucket` windows (text shared by that
        many reports and not learned as boilerplate) is skipped and counted in `skipped_buckets`."""
        self._consolidate(full=True)
        out: set[tuple[int, int, int, int]] = set()
        self.skipped_buckets = 0
        n = len(self._bands)
        for band in range(BANDS):
            col = self._sorted[:, band]
            bounds = np.flatnonzero(col[1:] != col[:-1]) + 1
            starts, ends = np.concatenate([[0], bounds]), np.concatenate([bounds, [n]])
            multi = ends - starts >= 2
            for start, end in zip(starts[multi].tolist(), ends[multi].tolist(), strict=True):
                if end - start > self.max_bucket:
                    self.skipped_buckets += 1
                    continue
                members = self._owners[self._order[start:end, band]]
                if len(np.unique(members[:, 0])) > 1:
                    out |= _cross_report_pairs(map(tuple, members.tolist()))
        return out

    def query(self, report_id: str) -> list[SimilarPair]:
        """Given the id of a report in the index, return its sections' 雷同 pairs with every other report (the
        given report as `a`)."""
        self._consolidate(full=False)
        i = self._ids[report_id]
        empty_b, empty_o = np.zeros((0, BANDS), np.uint64), np.zeros((0, 2), np.int64)
        recent_bands = np.concatenate([empty_b, *self._band_chunks])
        recent_owners = np.concatenate([empty_o, *self._owner_chunks])
        mine = [(self._bands[k], int(self._owners[k, 1])) for k in np.flatnonzero(self._owners[:, 0] == i)]
        mine += [(recent_bands[k], int(recent_owners[k, 1])) for k in np.flatnonzero(recent_owners[:, 0] == i)]
        found: set[tuple[int, int, int, int]] = set()
        for values, section in mine:
            for band, value in enumerate(values):
                col = self._sorted[:, band]
                lo, hi = np.searchsorted(col, value, "left"), np.searchsorted(col, value, "right")
                hits = [self._owners[self._order[lo:hi, band]],
                        recent_owners[np.flatnonzero(recent_bands[:, band] == value)]]
                for j, sj in np.concatenate(hits).tolist():
                    if j != i:
                        found.add((i, section, j, sj))
        return [p for c in sorted(found) if (p := self.verify(*c)) is not None]

    def pairs(self) -> list[SimilarPair]:
        """Every 雷同 pair of sections in the corpus, verified."""
        return [p for c in sorted(self.candidates()) if (p := self.verify(*c)) is not None]

    # -- verifying ------------------------------------------------------------------------------
    def verify(self, i: int, si: int, j: int, sj: int) -> SimilarPair | None:
        """Given a candidate pair of sections, measure it exactly; None when the passages they share are fewer
        than `min_copied_chars` characters and less than 80% of the shorter section."""
        ea, eb = self._entries[i], self._entries[j]
        (key_a, text_a), (key_b, text_b) = ea.sections[si], eb.sections[sj]
        na, a_starts, a_ends = normalise(text_a, ea.masks, offsets=True)
        nb, b_starts, b_ends = normalise(text_b, eb.masks, offsets=True)
        ha, hb = shingles(na), shingles(nb)
        bp_a, bp_b = self._is_boilerplate(ha), self._is_boilerplate(hb)
        set_a, set_b = set(ha[~bp_a].tolist()), set(hb[~bp_b].tolist())
        if not set_a or not set_b:
            return None
        shared = len(set_a & set_b)
        passages, copied = [], 0
        for a0, a1, b0, b1 in _matching_runs(na, nb):
            novel = (~bp_a[a0:max(a0 + 1, a1 - K + 1)]).mean() if a1 - a0 >= K else 0.0
            if novel < 0.5:
                continue  # the template's own sentences
            copied += a1 - a0
            sa, ea_, sb, eb_ = a_starts[a0], a_ends[a1 - 1], b_starts[b0], b_ends[b1 - 1]
            passages.append(Passage(sa, ea_, sb, eb_, text_a[sa:ea_], text_b[sb:eb_]))
        if copied < self.min_copied_chars and copied < WHOLE_SECTION_SHARE * min(len(na), len(nb)):
            return None
        return SimilarPair(
            SectionRef(ea.ref_id, key_a, ea.agency, ea.year), SectionRef(eb.ref_id, key_b, eb.agency, eb.year),
            jaccard=shared / len(set_a | set_b), containment=shared / min(len(set_a), len(set_b)),
            copied_chars=copied, passages=passages,
        )


def _band_hashes(sig: np.ndarray) -> np.ndarray:
    """Given window MinHashes (windows × NUM_PERM uint32), return one 64-bit hash per band of ROWS values."""
    x = sig[:, :BANDS * ROWS].reshape(len(sig), BANDS, ROWS).astype(np.uint64)
    h = np.zeros((len(sig), BANDS), dtype=np.uint64) + np.arange(BANDS, dtype=np.uint64)
    for r in range(ROWS):
        h = (h ^ x[:, :, r]) * _MIX1
        h ^= h >> np.uint64(31)
    return h


def _cross_report_pairs(members: Iterable[tuple[int, int]]) -> set[tuple[int, int, int, int]]:
    ordered = sorted(set(members))
    return {(int(a[0]), int(a[1]), int(b[0]), int(b[1])) for n, a in enumerate(ordered) for b in ordered[n + 1:]
            if a[0] != b[0]}


def _matching_runs(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Given two normalised texts, return the passages they share as (a_start, a_end, b_start, b_end): the
    matching blocks of SequenceMatcher, joined across gaps of up to MERGE_GAP characters in both texts."""
    blocks = [m for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size]
    runs: list[list[int]] = []
    for m in blocks:
        if runs and 0 <= m.a - runs[-1][1] <= MERGE_GAP and 0 <= m.b - runs[-1][3] <= MERGE_GAP:
            runs[-1][1], runs[-1][3] = m.a + m.size, m.b + m.size
        else:
            runs.append([m.a, m.a + m.size, m.b, m.b + m.size])
    return [(r[0], r[1], r[2], r[3]) for r in runs if r[1] - r[0] >= MIN_PASSAGE_CHARS]

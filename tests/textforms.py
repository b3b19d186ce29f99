"""Write a report's values as report text, in the forms real reports come in (test helper, not part of ogi).

`write_report(values, form, noise)` prints the title, the six parts with a sentence of prose each, and the
three tables, the way the seeds (PDF-extracted text) and web copies print them:

- ``tabs``: cells separated by tabs, blank cells kept (the seeds);
- ``pipes``: cells joined by " | ";
- ``markdown``: ``| a | b |`` rows, with a ``|---|---|`` rule under the first line of every table;
- ``spaces``: cells separated by two or more spaces (blank cells cannot be seen);
- ``cell-per-line``: every non-blank cell of every table row on its own line, labels included.

Noise is what PDF extraction and copying do to a table, each kind switched on by a flag of `Noise` and
placed by `Noise.seed`: stray single spaces between CJK characters of labels ("不予 公开", "结果 维持") and
around digits inside them ("保留 4 位小数", as "2023 年" in the seeds),
half- or full-width brackets, full-width digits, row labels broken over two lines (the values stay on the
first line, the second line holds only the rest of the label, as in seed 002), page footers and blank lines
between table lines, the label variants real reports use, and the number styles "1.属于", "1. 属于", "1、属于".
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ogi.model.layout import FormatVersion, Layout, RowDef, layout_for

__all__ = ["EXTRA_FORMS", "FORMS", "Noise", "ReportValues", "write_report"]

FORMS = ("tabs", "pipes", "markdown", "spaces", "cell-per-line")
# forms real copies come in that cannot always be read back exactly (their rows are flagged instead):
# "pipe-per-line" (portal copies: one cell per line, each ending in " |", "|" an empty cell, "||" a merged
# cell's continuation), "run-together" (crawler text: one line, no spaces, cells joined with no separator)
# and "torn" (PDF-to-markdown: a table's labels listed first, its number rows after, footers and a running
# heading in between, some number rows wrapped)
EXTRA_FORMS = ("pipe-per-line", "run-together", "torn")

Number = int | Decimal


@dataclass(frozen=True)
class ReportValues:
    """What a report states: its format, year, agency and every cell of tables 二, 三 and 四."""

    version: str  # "2021" or "2019"
    year: int
    agency: str
    table2: dict[str, dict[str, Number]]  # row key -> column key -> value
    table3: dict[str, dict[str, int]]
    table4: dict[str, dict[str, int]]
    # How amounts are printed ("251000元", "0.0350"); amounts not listed are printed as str(value).
    printed: dict[tuple[str, str], str] = field(default_factory=dict)
    # Rows printed as these cells instead of their values (a seed row with a cell lost, "/" cells, blanks):
    # (table key, row key) -> cells; ("table4", "") for table 四's one printed row.
    raw: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    @property
    def layout(self) -> Layout:
        return layout_for(FormatVersion(self.version))


@dataclass(frozen=True)
class Noise:
    """What extraction did to the text. Every flag off is a clean report; `seed` places the noise."""

    seed: int = 0
    stray_spaces: bool = False  # "不予 公开", "结果 维持"
    brackets: str = "full"  # "full" （三）, "half" (三), or "mixed" per label
    fullwidth_digits: bool = False  # some values printed "１２"
    breaks: bool = False  # some labels broken over two lines
    footers: bool = False  # page footers between table lines
    blank_lines: bool = False  # empty lines between table lines
    number_style: str = "tight"  # "tight" 1.属于, "spaced" 1. 属于 / (一) 予以公开, "comma" 1、属于
    t3_style: str = "merged"  # group label on the first sub-item's line (seed 000), "separate" line, or "mixed"
    label_variants: bool = False  # 2.其他法律法规禁止公开, 规范性文件 / 行政规范性文件
    fee_header_variant: bool = False  # 本年收费金额（单位：万元，保留4位小数） (seed 003)
    title_style: str = "one-line"  # "one-line", "spaced", "two-lines", "year-first"
    heading_variant: bool = False  # 五、存在主要问题及改进情况 (seed 001)
    signature: bool = False  # agency and date of issue after part 六


# ---------------------------------------------------------------------------------------------
# cell text

_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.、])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGITS_IN_CJK = re.compile(r"(?<=[\u4e00-\u9fff])(\d+)(?=[\u4e00-\u9fff])")
_FULL_DIGITS = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
_FOOTERS = ("-{n}-", "- {n} -", "— {n} —", "第 {n} 页 共 {m} 页", "第{n}页")


class _Writer:
    def __init__(self, values: ReportValues, form: str, noise: Noise) -> None:
        if form not in FORMS + EXTRA_FORMS:
            raise ValueError(f"unknown form {form!r}")
        self.v = values
        self.form = form
        self.noise = noise
        self.rng = random.Random(noise.seed)
        self.page = 1
        self.leads: dict[int, int] = {}  # id of a data row's cells -> its number of label cells (torn form)
        self.kept: list[list[str]] = []
        self.raw_row = False  # the row being printed has a cell too few or too many: printed without padding
        self.unpadded: set[int] = set()

    # -- labels ------------------------------------------------------------------------------
    def _brackets(self, text: str) -> str:
        style = self.noise.brackets
        if style == "mixed":
            style = self.rng.choice(("full", "half"))
        return text.replace("（", "(").replace("）", ")") if style == "half" else text

    def _styled(self, label: str) -> str:
        """The label with the number style applied (brackets and spaces come later)."""
        m = _NUMBER.match(label)
        if not m:
            return label
        number, body = m.group(0), label[m.end() :]
        if number[-1] in ".、":
            number = {"tight": number, "spaced": number + " ", "comma": number[:-1] + "、"}[self.noise.number_style]
        elif number.startswith("（") and self.noise.number_style == "spaced":
            number += " "
        return number + body

    def _spaces(self, text: str) -> str:
        """Insert at most two stray single spaces between two CJK characters, and maybe spaces around digits
        inside CJK text ("保留 4 位小数", as "2023 年" in seeds 000, 002 and 004)."""
        if not self.noise.stray_spaces or self.rng.random() < 0.4:
            return text
        spots = [i for i in range(1, len(text)) if _CJK.match(text[i - 1]) and _CJK.match(text[i])]
        for i in sorted(self.rng.sample(spots, min(len(spots), self.rng.randint(1, 2))), reverse=True):
            text = text[:i] + " " + text[i:]
        if self.rng.random() < 0.5:
            text = _DIGITS_IN_CJK.sub(r" \1 ", text)
        return text

    def label(self, row: RowDef) -> str:
        text = row.label
        if self.noise.label_variants and row.variants and self.rng.random() < 0.5:
            text = self.rng.choice(row.variants)
        return self._styled(text)

    def finish(self, text: str) -> str:
        return self._spaces(self._brackets(text))

    def split(self, label: str, numbered: bool = False) -> tuple[str, str] | None:
        """Where a narrow column wraps a label: after the item number plus at least 3 characters (4 for an
        unnumbered label of table 二, whose column is at least as wide as its header "信息内容"; 3 when the
        label's number stands in the cell before it, `numbered`)."""
        m = _NUMBER.match(label)
        first = (m.end() + 3) if m else (3 if numbered else 4)
        if m and label[m.end() : m.end() + 1] == " ":
            first += 1
        if first >= len(label):
            return None
        at = self.rng.randint(first, len(label) - 1)
        return label[:at], label[at:]

    # -- values ------------------------------------------------------------------------------
    def value(self, row: str, col: str, value: Number) -> str:
        text = self.v.printed.get((row, col), str(value))
        if self.noise.fullwidth_digits and self.rng.random() < 0.5:
            text = text.translate(_FULL_DIGITS)
        return text

    # -- table lines -------------------------------------------------------------------------
    def render(self, cells: list[str], width: int) -> list[str]:
        lead = self.leads.get(id(cells))
        if id(cells) in self.unpadded:
            width = len(cells)
        cells = cells + [""] * (width - len(cells))
        if self.form == "tabs":
            return ["\t".join(cells)]
        if self.form == "pipes":
            return [" | ".join(cells)]
        if self.form == "markdown":
            return ["| " + " | ".join(cells) + " |"]
        if self.form == "spaces":
            lead = 0
            while lead < len(cells) and not cells[lead]:
                lead += 1
            sep = " " * self.rng.randint(2, 4)
            line = sep.join(c for c in cells if c)
            return [" " * (4 * lead) + line] if line else []
        if self.form == "pipe-per-line":
            return _pipe_cells(cells, lead)
        if self.form == "run-together":
            return ["".join(cells)]
        return [c for c in cells if c]  # cell-per-line

    def row_values(self, table: str, row: RowDef, values: dict[str, Number]) -> list[str]:
        raw = self.v.raw.get((table, row.key))
        self.raw_row = raw is not None and len(raw) != len(row.columns)
        if raw is not None:
            return list(raw)
        return [self.value(row.key, c.key, values[c.key]) for c in row.columns]

    def table(self, rows: list[list[str]], width: int, lead: int = 1) -> list[str]:
        """Given the table's printed rows (cells), return its text lines with rules, footers and blanks."""
        if self.form == "torn":
            return self.torn(rows, lead)
        out: list[str] = []
        for n, cells in enumerate(rows):
            if n and self.noise.footers and self.rng.random() < 0.08:
                self.page += 1
                out.append(self.rng.choice(_FOOTERS).format(n=self.page, m=self.page + 3))
            if n and self.noise.blank_lines and self.rng.random() < 0.1:
                out.append("")
            out.extend(self.render(cells, width))
            if n == 0 and self.form == "markdown":
                out.append("|" + "---|" * width)
        return out

    def torn(self, rows: list[list[str]], lead: int) -> list[str]:
        """The table as a PDF-to-markdown converter tears it: the label cells of its rows listed first, then a
        page footer and the running title, then the other cells, row by row (some data rows wrapped over two
        lines); cut into two such blocks at a data row in the middle."""
        data = [n for n, cells in enumerate(rows) if id(cells) in self.leads]
        cut = self.rng.choice(data[len(data) // 3 : 2 * len(data) // 3 + 1]) + 1 if len(data) > 2 else len(rows)
        out: list[str] = []
        for block in (rows[:cut], rows[cut:]):
            if not block:
                continue
            out += ["| " + " | ".join(c for c in cells[:lead] if c) + " |" for cells in block if any(cells[:lead])]
            self.page += 1
            out += [self.rng.choice(_FOOTERS).format(n=self.page, m=self.page + 3), "", f"## {self.v.agency}"]
            for cells in block:
                rest = [c for c in cells[lead:] if c]
                if not rest:
                    continue
                if id(cells) in self.leads and len(rest) >= 4 and self.rng.random() < 0.3:
                    at = self.rng.randint(1, len(rest) - 1)
                    out += ["| " + " | ".join(rest[:at]) + " |", "| " + " | ".join(rest[at:]) + " |"]
                else:
                    out.append("| " + " | ".join(rest) + " |")
        return out

    def data_row(self, labels: list[str], values: list[str], lead: int, width: int) -> list[list[str]]:
        """One data row: its label cells (group labels or blanks, then the row's own label), padding to `lead`
        label cells, then the values. With breaks the row's label, and group labels beside it, may wrap: the
        first line keeps the values, the next holds only the rest of each wrapped label."""
        numbered = len(labels) > 1 and _NUMBER.fullmatch(labels[-2].strip()) is not None
        parts = self.split(labels[-1], numbered) if self.noise.breaks and self.rng.random() < 0.35 else None
        if parts is None:
            cells = [self.finish(c) if c else "" for c in labels]
            row = cells + [""] * (lead - len(cells)) + values
            self.leads[id(row)] = lead
            self.kept.append(row)  # alive while the writer is, so that its id is never reused
            if self.raw_row:
                self.unpadded.add(id(row))
            return [row]
        first, rest = [], []
        for n, text in enumerate(labels):
            cut = parts if n == len(labels) - 1 else (self.split(text) if text and self.rng.random() < 0.5 else None)
            a, b = cut if cut else (text, "")
            first.append(self.finish(a) if a else "")
            rest.append(self.finish(b) if b else "")
        pad = [""] * (lead - len(labels))
        if self.form == "cell-per-line" and self.rng.random() < 0.5:
            # text extracted cell by cell: the wrapped label's two lines come before the values
            return [first, rest, [""] * lead + values]
        return [first + pad + values, rest + pad + [""] * (width - lead)]


# ---------------------------------------------------------------------------------------------
# the report

_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
_T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _title(w: _Writer) -> list[str]:
    v = w.v
    style = w.noise.title_style
    if style == "spaced":
        lines = [f"{v.agency} {v.year} 年政府信息公开工作年度 报告"]
    elif style == "two-lines":
        lines = [v.agency, "", f"{v.year}年政府信息公开工作年度报告"]
    elif style == "year-first":
        lines = [f"{v.year}年度{v.agency}政府信息公开工作年度报告"]
    else:
        lines = [f"{v.agency}{v.year}年政府信息公开工作年度报告"]
    return [w._spaces(line) for line in lines]


def _table2(w: _Writer) -> list[str]:
    layout = w.v.layout
    rows: list[list[str]] = []
    for row in layout.table2:
        if row.is_group:
            rows.append([w.finish(row.label)])
            members = [r for r in layout.table2 if r.group == row.key]
            heads = [c.label for c in members[0].columns]
            if w.noise.fee_header_variant and heads == ["本年收费金额（单位：万元）"]:
                heads = ["本年收费金额（单位：万元，保留4位小数）"]
            rows.append([w.finish("信息内容")] + [w.finish(h) for h in heads])
            continue
        values = w.row_values("table2", row, w.v.table2.get(row.key, {}))
        rows.extend(w.data_row([w.label(row)], values, 1, 4))
    return w.table(rows, 4, 1)


def _group_style(w: _Writer) -> str:
    style = w.noise.t3_style
    return w.rng.choice(("merged", "separate")) if style == "mixed" else style


def _table3(w: _Writer) -> list[str]:
    layout = w.v.layout
    width = 10  # three label columns (三、 | （一） | 1.) and seven numbers
    rows: list[list[str]] = [
        [w.finish(_T3_NOTE), "", "", w.finish("申请人情况"), "", "", "", "", "", w.finish("总计")],
        ["", "", "", w.finish("自然人"), w.finish("法人或其他组织")],
        ["", "", "", "", *[w.finish(h) for h in _APPLICANTS[1:6]]],
    ]
    pending: list[RowDef] = []  # group labels not printed yet: (三本年度办理结果, （三）不予公开 …)
    for row in layout.table3:
        if row.is_group:
            if _group_style(w) == "separate":
                cells = ["", w.finish(w.label(row))] if row.group else [w.finish(w.label(row))]
                rows.append(cells)
            else:
                pending.append(row)
            continue
        values = w.row_values("table3", row, w.v.table3.get(row.key, {}))
        label = w.label(row)
        if row.group is None:  # 一、二、四、 span the label columns, or (seed 002) the number has its own cell
            number = _NUMBER.match(label)
            if number and w.noise.t3_style != "merged" and w.rng.random() < 0.5:
                rows.extend(w.data_row([label[: number.end()].strip(), label[number.end() :].strip()], values, 3, width))
            else:
                rows.extend(w.data_row([label], values, 3, width))
            continue
        # 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密: group labels not printed yet go on this line
        labels = ["", ""] if row.group != "outcomes" else [""]
        for g in pending:
            labels[0 if g.group is None else 1] = w.label(g)
        pending = []
        rows.extend(w.data_row([*labels, label], values, 3, width))
    return w.table(rows, width, 3)


def _table4(w: _Writer) -> list[str]:
    results = [w.finish(r) for r in _RESULTS * 3]
    rows = [
        ["行政复议", "", "", "", "", "行政诉讼"],
        [*results[:5], "未经复议直接起诉", "", "", "", "", "复议后起诉"],
        ["", "", "", "", "", *results[5:]],
        list(w.v.raw[("table4", "")]) if ("table4", "") in w.v.raw else
        [w.value(r.key, c.key, w.v.table4[r.key][c.key]) for r in w.v.layout.table4 for c in r.columns],
    ]
    if ("table4", "") in w.v.raw:
        w.unpadded.add(id(rows[-1]))
    return w.table(rows, 15, 0)


def write_report(values: ReportValues, form: str, noise: Noise | None = None,
                 prose: tuple[str, ...] | None = None) -> str:
    """Given a report's values, a form (one of FORMS) and noise, return the report as text; `prose`, the text
    of the six sections (default: a sentence each), may hold several paragraphs per section."""
    w = _Writer(values, form, noise or Noise())
    v = values
    new = v.table3.get("new_received", {}).get("total", 0)
    headings = list(_HEADINGS)
    if w.noise.heading_variant:
        headings[4] = "五、存在主要问题及改进情况"
    prose = prose or (
        f"{v.year}年，{v.agency}认真贯彻落实《中华人民共和国政府信息公开条例》，全年收到政府信息公开申请{new}件。",
        "本年度主动公开政府信息情况如下。",
        "本年度收到和处理政府信息公开申请情况如下。",
        "本年度政府信息公开行政复议、行政诉讼情况如下。",
        "一是政策解读形式不够丰富；二是信息更新不够及时。下一步将加强培训，提高信息公开质量。",
        "本年度未收取信息处理费，无其他需要报告的事项。",
    )
    tables = {1: _table2, 2: _table3, 3: _table4}
    lines = ["", *_title(w), ""]
    for n, heading in enumerate(headings):
        lines += [w._spaces(heading), "", prose[n], ""]
        if n in tables:
            lines += [*tables[n](w), ""]
    if w.noise.signature:
        lines += [v.agency, "", f"{v.year + 1}年1月{w.rng.randint(5, 31)}日"]
    if form == "run-together":  # the crawler's page: one line, every space collapsed
        return "".join("".join(line.split()) for line in lines) + "\n"
    return "\n".join(lines) + "\n"


def _pipe_cells(cells: list[str], lead: int | None) -> list[str]:
    """One cell per line ending in " |": an empty cell among a row's values is "|"; empty cells before the
    row's last label (merged label columns) are "||", the continuation of a merged cell; trailing padding is
    not printed."""
    last_label = lead if lead is not None else max((i for i, c in enumerate(cells) if c and not _is_value(c)),
                                                   default=-1)
    last = max((i for i, c in enumerate(cells) if c), default=-1)
    out = []
    for i, c in enumerate(cells[: last + 1]):
        out.append(f"{c} |" if c else ("||" if i < last_label else "|"))
    return out


def _is_value(text: str) -> bool:
    return bool(re.fullmatch(r"[-\d.,０-９．－/元]+", text))

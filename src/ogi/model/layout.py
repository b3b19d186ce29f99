"""The two national layouts as data: every row and column with a stable key and its official label.

Sources: 国办公开办函〔2021〕30号 (the 2021 format) and 国办公开办函〔2019〕60号 (the 2019 trial format),
as summarised in shared/domain.md §1.3-1.5 and §2. Code reaches a cell by these keys, never by a row
index or a Chinese string literal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "ColumnDef",
    "FormatVersion",
    "Layout",
    "RowDef",
    "TABLE_TITLES",
    "TableKey",
    "ValueType",
    "header_cells",
    "layout_for",
]


class FormatVersion(StrEnum):
    """The national format a report follows."""

    V2021 = "2021"  # 国办公开办函〔2021〕30号, reports for 2021 onward
    V2019 = "2019"  # 国办公开办函〔2019〕60号 (试行), reports for 2019 and 2020


class TableKey(StrEnum):
    """The three tables of the report, named after the section that holds them."""

    PROACTIVE = "table2"  # 二、主动公开政府信息情况
    APPLICATIONS = "table3"  # 三、收到和处理政府信息公开申请情况
    REVIEW_LITIGATION = "table4"  # 四、政府信息公开行政复议、行政诉讼情况


TABLE_TITLES: dict[TableKey, str] = {
    TableKey.PROACTIVE: "二、主动公开政府信息情况",
    TableKey.APPLICATIONS: "三、收到和处理政府信息公开申请情况",
    TableKey.REVIEW_LITIGATION: "四、政府信息公开行政复议、行政诉讼情况",
}


class ValueType(StrEnum):
    """What a numeric cell may hold."""

    COUNT = "count"  # whole number >= 0
    DELTA = "delta"  # whole number, may be negative (2019: 本年增/减)
    AMOUNT = "amount"  # decimal >= 0 (万元 or 元)


@dataclass(frozen=True, slots=True)
class ColumnDef:
    key: str
    label: str
    value_type: ValueType = ValueType.COUNT
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class RowDef:
    """One printed row. A group row only labels the rows under it and carries no numbers."""

    key: str
    label: str
    columns: tuple[ColumnDef, ...] = ()
    group: str | None = None  # key of the group row or block this row belongs to
    is_group: bool = False
    variants: tuple[str, ...] = ()  # other printed labels seen in real reports

    @property
    def is_data(self) -> bool:
        return not self.is_group


@dataclass(frozen=True, slots=True)
class Layout:
    version: FormatVersion
    table2: tuple[RowDef, ...]
    table3: tuple[RowDef, ...]
    table4: tuple[RowDef, ...]
    table3_columns: tuple[ColumnDef, ...]
    table4_columns: tuple[ColumnDef, ...]

    def rows(self, table: TableKey) -> tuple[RowDef, ...]:
        return {
            TableKey.PROACTIVE: self.table2,
            TableKey.APPLICATIONS: self.table3,
            TableKey.REVIEW_LITIGATION: self.table4,
        }[table]

    def data_rows(self, table: TableKey) -> tuple[RowDef, ...]:
        return tuple(r for r in self.rows(table) if r.is_data)

    def row(self, table: TableKey, key: str) -> RowDef:
        found = _ROW_INDEX.get((self.version, table, key))
        if found is None:
            for r in self.rows(table):
                if r.key == key:
                    _ROW_INDEX[(self.version, table, key)] = found = r
                    break
            else:
                raise KeyError(f"{table.value} has no row {key!r} in the {self.version.value} layout")
        return found


_ROW_INDEX: dict[tuple[FormatVersion, TableKey, str], RowDef] = {}


# ---------------------------------------------------------------------------------------------
# Table 三: applicant columns (identical in both versions; no subtotal for 法人或其他组织)
APPLICANT_COLUMNS: tuple[ColumnDef, ...] = (
    ColumnDef("natural_person", "自然人"),
    ColumnDef("commercial_enterprise", "商业企业"),
    ColumnDef("research_institution", "科研机构"),
    ColumnDef("public_interest_org", "社会公益组织"),
    ColumnDef("legal_service_org", "法律服务机构"),
    ColumnDef("other_org", "其他"),
    ColumnDef("total", "总计"),
)


def _t3(key: str, label: str, group: str | None = None, *variants: str) -> RowDef:
    return RowDef(key, label, APPLICANT_COLUMNS, group, False, variants)


def _g(key: str, label: str, group: str | None = None) -> RowDef:
    return RowDef(key, label, (), group, True)


_T3_HEAD: tuple[RowDef, ...] = (
    _t3("new_received", "一、本年新收政府信息公开申请数量"),
    _t3("carried_over", "二、上年结转政府信息公开申请数量"),
    _g("outcomes", "三、本年度办理结果"),
    _t3("disclosed", "（一）予以公开", "outcomes"),
    _t3("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "outcomes"),
    _g("withheld", "（三）不予公开", "outcomes"),
    _t3("withheld_state_secret", "1.属于国家秘密", "withheld"),
    _t3("withheld_law_prohibited", "2.其他法律行政法规禁止公开", "withheld", "2.其他法律法规禁止公开"),
    _t3("withheld_three_safety_stability", "3.危及“三安全一稳定”", "withheld"),
    _t3("withheld_third_party", "4.保护第三方合法权益", "withheld"),
    _t3("withheld_internal_affairs", "5.属于三类内部事务信息", "withheld"),
    _t3("withheld_process_info", "6.属于四类过程性信息", "withheld"),
    _t3("withheld_enforcement_file", "7.属于行政执法案卷", "withheld"),
    _t3("withheld_query_matter", "8.属于行政查询事项", "withheld"),
    _g("unable", "（四）无法提供", "outcomes"),
    _t3("unable_not_held", "1.本机关不掌握相关政府信息", "unable"),
    _t3("unable_needs_creation", "2.没有现成信息需要另行制作", "unable"),
    _t3("unable_unclear_after_correction", "3.补正后申请内容仍不明确", "unable"),
    _g("not_processed", "（五）不予处理", "outcomes"),
    _t3("not_processed_petition", "1.信访举报投诉类申请", "not_processed"),
    _t3("not_processed_repeat", "2.重复申请", "not_processed"),
    _t3("not_processed_publication", "3.要求提供公开出版物", "not_processed"),
    _t3("not_processed_excessive", "4.无正当理由大量反复申请", "not_processed"),
    _t3("not_processed_confirm_existing", "5.要求行政机关确认或重新出具已获取信息", "not_processed"),
)

_T3_TAIL: tuple[RowDef, ...] = (
    _t3("total_processed", "（七）总计", "outcomes"),
    _t3("carried_forward", "四、结转下年度继续办理"),
)

T3_2021: tuple[RowDef, ...] = (
    _T3_HEAD
    + (
        _g("other_handling", "（六）其他处理", "outcomes"),
        _t3(
            "other_no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "other_handling",
        ),
        _t3(
            "other_unpaid_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "other_handling",
        ),
        _t3("other_misc", "3.其他", "other_handling"),
    )
    + _T3_TAIL
)

# 2019 layout: （六）其他处理 is one data row without sub-items.
T3_2019: tuple[RowDef, ...] = _T3_HEAD + (_t3("other_handling", "（六）其他处理", "outcomes"),) + _T3_TAIL

# Rows of table 三 that （七）总计 adds up, per version (domain.md §1.6 identity 3).
def outcome_rows(layout: Layout) -> tuple[RowDef, ...]:
    """Given a layout, return the data rows under 三、本年度办理结果 except （七）总计."""
    return tuple(
        r
        for r in layout.table3
        if r.is_data and r.key not in {"new_received", "carried_over", "total_processed", "carried_forward"}
    )


# ---------------------------------------------------------------------------------------------
# Table 四: three blocks × five results
RESULT_COLUMNS: tuple[ColumnDef, ...] = (
    ColumnDef("upheld", "结果维持"),
    ColumnDef("corrected", "结果纠正"),
    ColumnDef("other", "其他结果"),
    ColumnDef("pending", "尚未审结"),
    ColumnDef("total", "总计"),
)

T4: tuple[RowDef, ...] = (
    RowDef("review", "行政复议", RESULT_COLUMNS),
    RowDef("litigation_direct", "行政诉讼·未经复议直接起诉", RESULT_COLUMNS, "litigation"),
    RowDef("litigation_after_review", "行政诉讼·复议后起诉", RESULT_COLUMNS, "litigation"),
)

# ---------------------------------------------------------------------------------------------
# Table 二: blocks by 第二十条 item
_C = ColumnDef
_ITEM1_2021 = (_C("issued", "本年制发件数"), _C("abolished", "本年废止件数"), _C("in_force", "现行有效件数"))
_DECISIONS_2021 = (_C("decisions", "本年处理决定数量"),)
_FEES_2021 = (_C("amount", "本年收费金额（单位：万元）", ValueType.AMOUNT, "万元"),)

T2_2021: tuple[RowDef, ...] = (
    _g("item1", "第二十条第（一）项"),
    RowDef("regulations", "规章", _ITEM1_2021, "item1"),
    RowDef("normative_documents", "行政规范性文件", _ITEM1_2021, "item1", variants=("规范性文件",)),
    _g("item5", "第二十条第（五）项"),
    RowDef("licensing", "行政许可", _DECISIONS_2021, "item5"),
    _g("item6", "第二十条第（六）项"),
    RowDef("penalty", "行政处罚", _DECISIONS_2021, "item6"),
    RowDef("compulsion", "行政强制", _DECISIONS_2021, "item6"),
    _g("item8", "第二十条第（八）项"),
    RowDef("fees", "行政事业性收费", _FEES_2021, "item8"),
)

_ITEM1_2019 = (_C("produced", "本年新制作数量"), _C("published", "本年新公开数量"), _C("total_published", "对外公开总数量"))
_ITEMS_2019 = (
    _C("previous_year_items", "上一年项目数量"),
    _C("change", "本年增/减", ValueType.DELTA),
    _C("decisions", "处理决定数量"),
)
_FEES_2019 = (_C("previous_year_items", "上一年项目数量"), _C("change", "本年增/减", ValueType.DELTA))
_PROCUREMENT_2019 = (_C("projects", "采购项目数量"), _C("amount", "采购总金额", ValueType.AMOUNT, "元"))

T2_2019: tuple[RowDef, ...] = (
    _g("item1", "第二十条第（一）项"),
    RowDef("regulations", "规章", _ITEM1_2019, "item1"),
    RowDef("normative_documents", "规范性文件", _ITEM1_2019, "item1", variants=("行政规范性文件",)),
    _g("item5", "第二十条第（五）项"),
    RowDef("licensing", "行政许可", _ITEMS_2019, "item5"),
    RowDef("other_admin_services", "其他对外管理服务事项", _ITEMS_2019, "item5"),
    _g("item6", "第二十条第（六）项"),
    RowDef("penalty", "行政处罚", _ITEMS_2019, "item6"),
    RowDef("compulsion", "行政强制", _ITEMS_2019, "item6"),
    _g("item8", "第二十条第（八）项"),
    RowDef("fees", "行政事业性收费", _FEES_2019, "item8"),
    _g("item9", "第二十条第（九）项"),
    RowDef("procurement", "政府集中采购", _PROCUREMENT_2019, "item9"),
)

LAYOUT_2021 = Layout(FormatVersion.V2021, T2_2021, T3_2021, T4, APPLICANT_COLUMNS, RESULT_COLUMNS)
LAYOUT_2019 = Layout(FormatVersion.V2019, T2_2019, T3_2019, T4, APPLICANT_COLUMNS, RESULT_COLUMNS)


# The header cells printed above the rows (the same in both versions), besides the column labels.
T2_LABEL_HEADER = "信息内容"
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_ORGS = "法人或其他组织"


def header_cells(layout: Layout, table: TableKey) -> frozenset[str]:
    """Given a layout and table 二 or 三, return the texts of its header cells: what a table repeats at the top
    of each page it continues on."""
    labels = {c.label for r in layout.rows(table) for c in r.columns}
    extra = {T2_LABEL_HEADER} if table is TableKey.PROACTIVE else {T3_NOTE, T3_APPLICANTS, T3_ORGS}
    return frozenset(labels | extra)


def layout_for(version: FormatVersion | str) -> Layout:
    """Given a format version, return its layout."""
    return LAYOUT_2021 if FormatVersion(version) is FormatVersion.V2021 else LAYOUT_2019

"""Empty workbooks to fill in: the 依申请公开台账 and the 来源 workbook (主动公开, 规范性文件, 处理决定, 收费,
复议诉讼), each with every column, one example row (a cell of it begins with 示例, and the imports leave such
rows out) and a sheet “可选值” listing the allowed values of every coded column, which the coded columns offer
as a drop-down list."""

from __future__ import annotations

from pathlib import Path

from ogi.office.ledger import ALLOWED_SHEET, COLUMNS, LEDGER_SHEET
from ogi.office.sources import SHEETS, SOURCE_CHOICES
from ogi.office.vocab import CATEGORY_ZH, CHANNELS, METHOD_ZH, outcome_labels

__all__ = ["EXAMPLE_MARK", "LEDGER_CHOICES", "write_ledger_template", "write_sources_template"]

EXAMPLE_MARK = "示例"
LEDGER_CHOICES: dict[str, list[str]] = {
    "申请人类型": list(CATEGORY_ZH.values()),
    "申请方式": list(CHANNELS),
    "办理结果": outcome_labels(),
    "收费方式": list(METHOD_ZH.values()),
}
LEDGER_EXAMPLE = {
    "编号": "示例-2024-001", "申请人类型": "自然人", "申请人姓名或名称": "张三", "联系方式": "13800000000",
    "证件号码": "110101199001011234", "申请方式": "网络", "收到申请日期": "2024-03-01",
    "申请内容": "某某项目环境影响评价批复文件", "获取方式": "电子邮件", "补正告知日期": "2024-03-04",
    "补正期限（工作日）": 15, "收到补正日期": "2024-03-08", "收费通知日期": "2024-03-11", "收费方式": "按量",
    "收费页数": 60, "收费金额（元）": 300, "缴费日期": "2024-03-15", "缴费金额（元）": 300, "答复日期": "2024-03-29",
    "办理结果": "予以公开", "答复依据": "条例第三十六条第（二）项",
}
NOTES = ("各表第2行为示例，导入时不导入含以“示例”开头的单元格的行。同一格有多个值时（如两次收费通知）用“；”分隔，"
         "各列第几个值对应第几次。日期写作 2024-03-01 或 2024年3月1日。")


def _allowed_sheet(wb, choices: dict[str, list[str]]) -> dict[str, str]:  # noqa: ANN001
    """Write the 可选值 sheet, one column per coded column; return each column's range for drop-down lists."""
    ws = wb.create_sheet(ALLOWED_SHEET)
    ranges = {}
    for i, (col, values) in enumerate(choices.items(), start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.cell(row=1, column=i, value=col)
        for n, v in enumerate(values, start=2):
            ws.cell(row=n, column=i, value=v)
        ws.column_dimensions[letter].width = max(12, max(len(v) for v in values) * 2)
        ranges[col] = f"{ALLOWED_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _sheet(ws, columns: tuple[str, ...], example: dict[str, object], ranges: dict[str, str]) -> None:  # noqa: ANN001
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.append(list(columns))
    ws.append([example.get(c, "") for c in columns])
    for i, col in enumerate(columns, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = max(10, len(col) * 2 + 2)
        if col in ranges:
            dv = DataValidation(type="list", formula1=f"={ranges[col]}", allow_blank=True, showErrorMessage=False)
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}2000")
    ws.freeze_panes = "A2"


def write_ledger_template(path: str | Path) -> None:
    """Write an empty 台账 workbook with the example row and the allowed values."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = LEDGER_SHEET
    ranges = _allowed_sheet(wb, LEDGER_CHOICES)
    _sheet(ws, COLUMNS, LEDGER_EXAMPLE, ranges)
    wb[ALLOWED_SHEET].cell(row=1, column=len(LEDGER_CHOICES) + 2, value=NOTES)
    wb.save(path)


SOURCE_EXAMPLES: dict[str, dict[str, object]] = {
    "主动公开": {"发布日期": "2024-03-01", "渠道": "门户网站", "类别": "示例：通知公告", "标题": "示例：关于某某事项的通知"},
    "规章和规范性文件": {"类型": "行政规范性文件", "标题": "示例：某某管理办法", "文号": "某政规〔2024〕1号",
                     "印发日期": "2024-02-01", "废止日期": ""},
    "处理决定": {"年度": "示例", "类别": "行政许可", "数量": 0},
    "行政事业性收费": {"年度": "示例", "金额（万元）": 0},
    "复议诉讼": {"类型": "行政复议", "案号": "示例：某复〔2024〕1号", "收到日期": "2024-05-01", "结果": "维持",
             "结案日期": "2024-07-01"},
}


def write_sources_template(path: str | Path) -> None:
    """Write an empty 来源 workbook: a sheet per source with an example row, and the allowed values."""
    from openpyxl import Workbook

    wb = Workbook()
    first = True
    for name, (columns, _build) in SHEETS.items():
        ws = wb.active if first else wb.create_sheet(name)
        ws.title, first = name, False
        ws.append(list(columns))
    ranges = _allowed_sheet(wb, {f"{sheet}·{col}": values for (sheet, col), values in SOURCE_CHOICES.items()})
    for name, (columns, _build) in SHEETS.items():
        ws = wb[name]
        ws.delete_rows(1)
        mine = {col: ranges[f"{sheet}·{col}"] for (sheet, col) in SOURCE_CHOICES if sheet == name}
        _sheet(ws, columns, SOURCE_EXAMPLES[name], mine)
    wb[ALLOWED_SHEET].cell(row=1, column=len(SOURCE_CHOICES) + 2, value=NOTES)
    wb.save(path)

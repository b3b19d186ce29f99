"""The written notices: every kind generated for generated applications of every outcome of table 三 and for open
applications at each step, opened with python-docx, the legal basis checked against the 条例 as read by hand
(国务院令第711号); the dates worked out by hand across 春节 2025; templates stored, checked and reset; a kind the
application's state does not call for is refused. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from sqlalchemy import Engine, select

from ogi.model.layout import LAYOUT_2021, outcome_rows
from ogi.office.actions import issue_fee_notice
from ogi.office.due import calendar_for
from ogi.office.lifecycle import add_application, consult, extend, find, request_correction
from ogi.office.notices import (
    KINDS,
    IssuedNotice,
    NoticeError,
    default_template,
    fitting_kinds,
    issue_notice,
    notices_of,
    reset_template,
    set_agency_name,
    set_template,
    template_of,
    values_for,
)
from ogi.storage.base import AuditEntry
from ogi.storage.db import session

from .register_factory import generate

LAW = "《中华人民共和国政府信息公开条例》"
# What each notice must cite, read by hand from the 条例 (2019) — see the comments for the inferred ones.
CITES: dict[str, list[str]] = {
    "correction": [f"{LAW}第二十九条第二款、第三十条"],  # 第二十九条 has two paragraphs: the content is 第二款
    "extension": [f"{LAW}第三十三条第二款", "工作机构负责人同意"],
    "consultation": [f"{LAW}第十五条、第三十二条", "15个工作日"],
    "consultation_agency": [f"{LAW}第三十四条", "15个工作日", "视为同意公开"],
    "fee": [f"{LAW}第四十二条", "国办函〔2020〕109号", "20个工作日"],
    "disclosed": [f"{LAW}第三十六条第（二）项"],
    "partially_disclosed": [f"{LAW}第三十七条"],
    "withheld_state_secret": [f"{LAW}第十四条、第三十六条第（三）项", "国家秘密"],
    "withheld_law_prohibited": [f"{LAW}第十四条、第三十六条第（三）项", "法律、行政法规禁止公开"],
    "withheld_three_safety_stability": [f"{LAW}第十四条、第三十六条第（三）项", "国家安全、公共安全、经济安全、社会稳定"],
    "withheld_third_party": [f"{LAW}第十五条、第三十六条第（三）项", "第三方合法权益"],
    "withheld_internal_affairs": [f"{LAW}第十六条第一款、第三十六条第（三）项", "内部事务信息"],
    "withheld_process_info": [f"{LAW}第十六条第二款、第三十六条第（三）项", "过程性信息"],
    "withheld_enforcement_file": [f"{LAW}第十六条第二款、第三十六条第（三）项", "行政执法案卷信息"],
    "withheld_query_matter": [f"{LAW}第三十六条第（七）项"],  # inferred: no article names 行政查询事项
    "unable_not_held": [f"{LAW}第三十六条第（四）项", "该政府信息不存在"],
    "unable_not_ours": [f"{LAW}第三十六条第（五）项", "不属于本机关负责公开"],
    "unable_needs_creation": [f"{LAW}第三十八条", "加工、分析"],
    "unable_unclear_after_correction": [f"{LAW}第三十条"],  # inferred
    "not_processed_petition": [f"{LAW}第三十九条第一款", "信访、投诉、举报"],
    "not_processed_repeat": [f"{LAW}第三十六条第（六）项", "不予重复处理"],
    "not_processed_publication": [f"{LAW}第三十九条第二款", "公开出版物"],
    "not_processed_excessive": [f"{LAW}第三十五条", "明显超过合理范围"],
    "not_processed_confirm_existing": [f"{LAW}第二条、第三十八条"],  # inferred
    "other_no_correction": [f"{LAW}第三十条", "视为您放弃申请"],
    "other_unpaid_fee": [f"{LAW}第四十二条", "国办函〔2020〕109号", "视为您放弃申请"],
    "other_misc": ["依据：申请人书面撤回申请"],  # no fixed article: the basis recorded with the closure
}
REMEDY = "六十日内依法申请行政复议"


def _text(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_every_kind_has_a_default_template_and_an_expected_citation() -> None:
    assert set(CITES) == set(KINDS)
    for key in KINDS:
        assert default_template(key).strip(), key


def test_every_table_3_outcome_has_its_reply() -> None:
    replied = {o for k in KINDS.values() for o in k.outcomes}
    assert {r.key for r in outcome_rows(LAYOUT_2021)} <= replied
    assert "other_handling" in replied, "the 2019 format's single 其他处理 row too"
    assert [k.key for k in KINDS.values() if "unable_not_held" in k.outcomes] == ["unable_not_held", "unable_not_ours"]


def test_the_reply_of_every_outcome_cites_its_article(engine: Engine) -> None:
    apps = generate(3 * 21, 2024, seed=5)
    for a in apps:
        if a.outcome == "other_misc":
            a.outcome_basis = "申请人书面撤回申请"
    with session(engine, actor="test") as s:
        set_agency_name(s, "某县人民政府办公室")
        s.add_all(apps)
    seen: set[str] = set()
    issued: dict[str, int] = {}
    with session(engine, actor="clerk") as s:
        for a in apps:
            app = find(s, a.ref)
            fitting = [k.key for k in fitting_kinds(app)]
            if app.outcome is None:
                assert not any(KINDS[k].is_reply for k in fitting), "no reply before the reply"
                continue
            assert fitting[-1] in CITES and KINDS[fitting[-1]].is_reply
            issued[app.ref] = len(fitting)
            for key in fitting:
                notice = issue_notice(s, app, key, by="clerk")
                lines = _text(notice.docx)
                text = "\n".join(lines)
                for cited in CITES[key]:
                    assert cited in text, (key, cited)
                assert f"{app.applicant_name}：" in lines and app.ref in text
                assert lines[-2:] == ["某县人民政府办公室", f"{app.replied_on.year}年{app.replied_on.month}月{app.replied_on.day}日"]
                if KINDS[key].is_reply:
                    assert REMEDY in text
                    seen.add(key)
    assert seen == {k for k in KINDS if KINDS[k].is_reply}, "a notice of every outcome was generated"
    with session(engine) as s:
        kept = s.scalars(select(IssuedNotice)).all()
        assert len(kept) == sum(issued.values()) and all(n.docx[:2] == b"PK" for n in kept)
        for ref, count in issued.items():
            assert [n.kind for n in notices_of(s, find(s, ref))] == [k.key for k in fitting_kinds(find(s, ref))]
            assert count == len(notices_of(s, find(s, ref)))


def _open(s, ref: str):  # noqa: ANN001, ANN202
    """An application received on Mon 2025-01-20, a week before 春节 (1月28日–2月4日 off; 1月26日, 2月8日 worked)."""
    return add_application(s, ref=ref, applicant_category="自然人", applicant_name="王五", channel="网络",
                           received_on=dt.date(2025, 1, 20), request="某项目批复", form="电子邮件")


def test_step_notices_and_their_dates_across_the_spring_festival(engine: Engine) -> None:
    with session(engine, actor="clerk") as s:
        plain = _open(s, "P-1")
        s.flush()
        # 20 working days after 1/20: 1/21–1/24 (4), 1/26–1/27 (6), 2/5–2/8 (10), 2/10–2/14 (15), 2/17–2/21 (20)
        assert values_for(s, plain, dt.date(2025, 1, 21))["答复期限"] == "2025年2月21日"
        assert fitting_kinds(plain) == []
        with pytest.raises(NoticeError, match="不适用"):
            issue_notice(s, plain, "correction", by="clerk")

        ext = _open(s, "P-2")
        extend(ext, dt.date(2025, 2, 17), workdays=20, approver="办公室主任", today=dt.date(2025, 3, 1))
        # extended by 20 from 2/21: 2/24–2/28, 3/3–3/7, 3/10–3/14, 3/17–3/21 → 2025年3月21日
        text = "\n".join(_text(issue_notice(s, ext, "extension", by="clerk").docx))
        assert "延长20个工作日" in text and "2025年3月21日前作出答复" in text and text.endswith("2025年2月17日")

        fee = _open(s, "P-3")
        issue_fee_notice(s, fee, dt.date(2025, 1, 24), "volume", pages=60, calendar=calendar_for(s))
        # 60 pages by volume: 30 free, 30 × 10元 = 300元; 20 working days from 1/25: 1/26, 1/27, 2/5–2/8 (6),
        # 2/10–2/14 (11), 2/17–2/21 (16), 2/24–2/27 (20) → 2025年2月27日
        text = "\n".join(_text(issue_notice(s, fee, "fee", by="clerk").docx))
        assert "300元" in text and "按量收费" in text and "2025年2月27日" in text

        third = _open(s, "P-4")
        consult(third, dt.date(2025, 1, 23), party="third_party", today=dt.date(2025, 3, 1))
        agency = _open(s, "P-5")
        consult(agency, dt.date(2025, 1, 23), party="agency", today=dt.date(2025, 3, 1))
        assert [k.key for k in fitting_kinds(third)] == ["consultation"]
        assert [k.key for k in fitting_kinds(agency)] == ["consultation_agency"]

        corr = _open(s, "P-6")
        request_correction(corr, dt.date(2025, 1, 27), workdays=5, today=dt.date(2025, 3, 1))
        # 5 working days after Mon 1/27: 2/5, 2/6, 2/7, 2/8 (Sat, worked), 2/10 → 2025年2月10日
        text = "\n".join(_text(issue_notice(s, corr, "correction", by="clerk").docx))
        assert "2025年2月10日前（补正期限5个工作日）" in text
        assert "答复期限自本机关收到补正的申请之日起计算" in text

        for app in (third, agency):
            issue_notice(s, app, fitting_kinds(app)[0].key, by="clerk")
        for app, key in ((ext, "extension"), (fee, "fee"), (third, "consultation"), (agency, "consultation_agency"),
                         (corr, "correction")):
            assert [n.kind for n in notices_of(s, app)] == [key]
            text = "\n".join(_text(notices_of(s, app)[0].docx))
            for cited in CITES[key]:
                assert cited in text, (key, cited)


def test_templates_are_stored_checked_and_reset(engine: Engine) -> None:
    with session(engine, actor="clerk") as s:
        with pytest.raises(NoticeError, match="身份证号"):
            set_template(s, "disclosed", "答复书\n{身份证号}\n", "clerk")
        with pytest.raises(NoticeError, match="不可用"):
            set_template(s, "disclosed", "答复书\n{申请人.__class__}\n", "clerk")
        with pytest.raises(NoticeError, match="不成对"):
            set_template(s, "disclosed", "答复书\n{申请人\n", "clerk")
        set_template(s, "disclosed", "答复书\n{{申请人}}：{申请人}\n", "clerk")
        app = _open(s, "T-1")
        app.outcome, app.outcome_basis, app.replied_on = "disclosed", "条例第三十六条第（二）项", dt.date(2025, 2, 10)
        s.flush()
        assert _text(issue_notice(s, app, "disclosed", by="clerk").docx)[:2] == ["答复书", "{申请人}：王五"]
        reset_template(s, "disclosed", "clerk")
        assert template_of(s, "disclosed") == default_template("disclosed")
    with session(engine) as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "notice_template")).all()
        assert [e.action for e in entries] == ["insert", "update"] and entries[-1].after["body"] is None


def test_the_docx_layout_of_a_letter() -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from ogi.office.notices import render_docx

    d = docx.Document(io.BytesIO(render_docx("某告知书\n张三：\n第一段：如下\n第二段。\n---\n某局\n2025年2月5日\n")))
    title, hello, one, two, agency, day = d.paragraphs
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    assert hello.paragraph_format.first_line_indent is None, "the salutation stays at the margin"
    assert one.paragraph_format.first_line_indent is not None and two.paragraph_format.first_line_indent is not None
    assert agency.alignment == day.alignment == WD_ALIGN_PARAGRAPH.RIGHT and day.text == "2025年2月5日"
    assert d.core_properties.title == "某告知书"
    # A4 (210 × 297 mm) with the margins of GB/T 9704, not python-docx's US Letter (216 × 279 mm)
    [page] = d.sections
    mm = [round(x.mm) for x in (page.page_width, page.page_height, page.top_margin, page.bottom_margin,
                                 page.left_margin, page.right_margin)]  # stored in twips: whole mm after rounding
    assert mm == [210, 297, 37, 35, 28, 26]

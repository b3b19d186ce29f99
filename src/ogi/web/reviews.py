"""A reviewer's decision on a finding: confirmed (the report is wrong there) or dismissed (the finding is not
right, and why). Stored through the audited session; never deleted or changed — a new decision is a new row,
and the newest one stands."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ogi.errors import OgiError
from ogi.web.records import FindingReview
from ogi.web.settings import WebSettings

__all__ = ["DECISIONS", "ReviewRefused", "add_review", "latest_reviews"]

DECISIONS = {"confirmed": "已确认", "dismissed": "已驳回"}
MAX_NOTE = 2000


class ReviewRefused(OgiError):
    """A decision that cannot be recorded as sent: an unknown decision, a dismissal without a note."""

    code = "web.review_refused"
    message_zh = "无法保存审核意见"


def add_review(engine: Engine, settings: WebSettings, *, sha: str, version: str, index: int, rule_id: str,
               decision: str, note: str, reviewer: str) -> FindingReview:
    """Record one decision (audited under the reviewer's name)."""
    from ogi.storage.db import session

    note = note.strip()
    if decision not in DECISIONS:
        raise ReviewRefused(rule_id, "审核结论只能是“确认”或“驳回”")
    if decision == "dismissed" and not note:
        raise ReviewRefused(rule_id, "驳回一条发现时请写明理由")
    if len(note) > MAX_NOTE:
        raise ReviewRefused(rule_id, f"说明不能超过 {MAX_NOTE} 个字符")
    review = FindingReview(sha256=sha, version=version, finding_index=index, rule_id=rule_id, decision=decision,
                           note=note, reviewer=reviewer, at=settings.clock())
    with session(engine, actor=reviewer) as sess:
        sess.add(review)
    return review


def latest_reviews(engine: Engine, sha: str, version: str) -> dict[int, list[FindingReview]]:
    """Every decision on the findings of one reading, by finding index, newest first."""
    with Session(engine) as sess:
        rows = sess.scalars(select(FindingReview).where(FindingReview.sha256 == sha, FindingReview.version == version)
                            .order_by(FindingReview.id.desc())).all()
    out: dict[int, list[FindingReview]] = {}
    for r in rows:
        out.setdefault(r.finding_index, []).append(r)
    return out

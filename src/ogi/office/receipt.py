"""The date of receipt of an application by the rules of 条例第三十一条, from how it arrived."""

from __future__ import annotations

import datetime as dt

from ogi.office.records import Channel

__all__ = ["date_of_receipt"]


def date_of_receipt(channel: Channel | str, *, submitted: dt.date | None = None, signed_for: dt.date | None = None,
                    confirmed: dt.date | None = None) -> dt.date:
    """Given the channel and the dates the office knows, return the date of receipt (条例第三十一条):
    in person → the day submitted (（一）); by post → the day the office signed for it, or for an ordinary
    letter without signature the day receipt was confirmed with the applicant (（二）); online or by fax →
    the day both sides confirmed receipt (（三）). Raises ValueError when the date the rule needs is missing."""
    channel = Channel(channel)
    if channel is Channel.IN_PERSON:
        needed, name = submitted, "当面提交日期"
    elif channel is Channel.POST:
        needed, name = signed_for or confirmed, "签收日期（平常信函为与申请人确认之日）"
    elif channel in (Channel.ONLINE, Channel.FAX, Channel.EMAIL):
        needed, name = confirmed, "双方确认收到之日"
    else:
        needed, name = confirmed or submitted or signed_for, "收到日期"
    if needed is None:
        raise ValueError(f"按条例第三十一条，{channel.value}申请的收到日期为{name}，但未提供该日期")
    return needed

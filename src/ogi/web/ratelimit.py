"""The sign-in rate limit: after N failed tries of one account (or M from one client address) within a window,
further tries wait until the oldest of those failures leaves the window (no password is checked meanwhile). Kept in the database, so it holds across worker
processes; a success clears the account's count."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from ogi.web.records import LoginAttempt
from ogi.web.settings import WebSettings, as_utc

__all__ = ["record_attempt", "wait_before_next"]


def _wait(sess: Session, column, key: str, limit: int, settings: WebSettings, now: dt.datetime,  # noqa: ANN001
          *, cleared_by_success: bool) -> dt.timedelta:
    start = since = now - settings.failure_window
    if cleared_by_success:
        last_success = sess.scalar(select(func.max(LoginAttempt.at))
                                   .where(column == key, LoginAttempt.success.is_(True), LoginAttempt.at > since))
        start = max(since, as_utc(last_success)) if last_success else since
    failures = sess.scalars(select(LoginAttempt.at).where(column == key, LoginAttempt.success.is_(False),
                                                          LoginAttempt.at > start)
                            .order_by(LoginAttempt.at.desc()).limit(limit)).all()
    if len(failures) < limit:
        return dt.timedelta(0)
    return as_utc(failures[-1]) + settings.failure_window - now  # the oldest of the last `limit` leaves the window


def wait_before_next(engine: Engine, settings: WebSettings, name: str, address: str) -> dt.timedelta:
    """How long this account and address must wait before trying again (zero: they may try now)."""
    now = settings.clock()
    with Session(engine) as sess:
        # a success clears its account's count, not its address's: signing in to one's own account from an
        # address must not reset the count of the guesses made from it at others
        return max(_wait(sess, LoginAttempt.name, name, settings.max_failures_per_name, settings, now,
                         cleared_by_success=True),
                   _wait(sess, LoginAttempt.address, address, settings.max_failures_per_address, settings, now,
                         cleared_by_success=False))


def record_attempt(engine: Engine, settings: WebSettings, name: str, address: str, success: bool) -> None:
    """Note one try; attempts older than a day are dropped on the way (the window is minutes long)."""
    now = settings.clock()
    with Session(engine) as sess, sess.begin():
        sess.add(LoginAttempt(at=now, name=name[:64], address=address[:64], success=success))
        if not success:
            return
        sess.execute(delete(LoginAttempt)
                     .where(LoginAttempt.at < now - max(settings.failure_window, dt.timedelta(days=1))))

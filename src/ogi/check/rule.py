"""Rules as data: a stable ID, a Chinese title, a severity and the function that finds its findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ogi.check.finding import Finding, Location, Severity
from ogi.model.report import Report, Source

__all__ = ["RULES", "Rule", "rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str  # stable slug, never reused
    title: str
    severity: Severity
    run: Callable[[Report, Rule], Iterator[Finding]]
    description: str = ""

    def finding(
        self,
        message: str,
        *,
        location: Location | None = None,
        expected: object = None,
        actual: object = None,
        source: Source | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            rule_id=self.id,
            severity=severity or self.severity,
            title=self.title,
            message=message,
            location=location or Location(),
            expected=None if expected is None else str(expected),
            actual=None if actual is None else str(actual),
            source=source,
        )


RULES: dict[str, Rule] = {}


def rule(id: str, title: str, severity: Severity, description: str = "") -> Callable:
    """Register the decorated generator as a rule."""

    def register(fn: Callable[[Report, Rule], Iterator[Finding]]) -> Callable:
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        RULES[id] = Rule(id, title, severity, fn, description or (fn.__doc__ or "").strip())
        return fn

    return register

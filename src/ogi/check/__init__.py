"""The checker: named rules over a report model → findings. Every rule runs; nothing stops at the first."""

from __future__ import annotations

from ogi.check.finding import Finding, Location, Severity
from ogi.check.rule import RULES, Rule
from ogi.check.rules import arithmetic, narrative, reading, structure, values  # noqa: F401  (registers rules)
from ogi.model.report import Report

__all__ = ["RULES", "Finding", "Location", "Rule", "Severity", "check"]


def check(report: Report, *, rules: dict[str, Rule] | None = None) -> list[Finding]:
    """Given a report, return every finding of every rule, errors first. Example: ``check(parse_file(p))``."""
    findings = [f for rule in (rules or RULES).values() for f in rule.run(report, rule)]
    return sorted(findings, key=lambda f: f.severity.rank)

"""ogi: read, check and write China's 政府信息公开工作年度报告."""

from ogi.api import parse_file, parse_text
from ogi.check import Finding, Severity, check
from ogi.model.report import Report

__all__ = ["Finding", "Report", "Severity", "check", "parse_file", "parse_text"]
__version__ = "0.1.0"

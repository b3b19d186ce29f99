"""ogi: read, check and write China's 政府信息公开工作年度报告, and compile them from an office's register."""

from ogi.api import parse_bytes, parse_file, parse_text
from ogi.check import Finding, Severity, check
from ogi.errors import OgiError, ReadError
from ogi.model.report import Report
from ogi.render import render

__all__ = ["Finding", "OgiError", "ReadError", "Report", "Severity", "check", "parse_bytes", "parse_file",
           "parse_text", "render"]
__version__ = "0.1.0"

"""The corpus of many published reports: identification, storage, comparison and export (issue 12)."""

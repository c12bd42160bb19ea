"""Prints the hardening figures (operations, examples, matrix size) at the end of the run."""

from __future__ import annotations

import pytest

from tests.hardening.support import MATRIX_TOTALS, SUMMARY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not SUMMARY:
        return
    terminalreporter.section("hardening")
    for line in SUMMARY:
        terminalreporter.write_line(line)
    for backend, (dimensions, rows, cases, failures) in MATRIX_TOTALS.items():
        terminalreporter.write_line(
            f"security matrix [{backend}] total: {dimensions} dimensions, {rows} rows, "
            f"{cases} cases, {failures} failures (+ cross-tenant: tests/test_tenancy.py)"
        )

"""The demo's stakeholder register: 56 organisations and 200 invented contacts of every group
and sub-region, read through the register's own import (data/demo-register.csv)."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from workshop.convening import services

DEMO_REGISTER = Path(__file__).with_name("data") / "demo-register.csv"


def create_demo_register() -> services.RegisterImportSummary:
    """Import the demo register (flushes only; the caller commits)."""
    return services.import_register(DEMO_REGISTER.read_bytes(), DEMO_REGISTER.name)


@cache
@cache
def example_workbook() -> bytes:
    """The demo register as an .xlsx workbook: the import page's example file.

    Built once per process: the file is static, and openpyxl takes tens of milliseconds to
    build and zip it, which a page that anyone on the staff can reload should not repeat."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sidosryhmärekisteri"
    for line in DEMO_REGISTER.read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(";"))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

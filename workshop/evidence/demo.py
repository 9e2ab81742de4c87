"""Example evidence for `workshop demo`: indicator values and funded projects.

The files in data/ were written for this project. They are plausible but invented, and marked
as example data (sources say so, project codes start with ESIM-): they are not statistics.
"""

from importlib.resources import files

from workshop.evidence import services
from workshop.strategy.models import Strategy

EXAMPLE_FILES = {
    "indicators": "example-indicator-values.csv",
    "funding": "example-funded-projects.csv",
}


def example_file_bytes(kind: str) -> bytes:
    """The example file of ``kind`` ("indicators" or "funding") as stored."""
    return (files("workshop.evidence") / "data" / EXAMPLE_FILES[kind]).read_bytes()


def create_demo_evidence(strategy: Strategy) -> tuple[services.ImportSummary, ...]:
    """Import the example files through the same path as uploads (flushes only).

    Running it again changes nothing: both imports update what they stored before.
    """
    return (
        services.import_indicator_values(strategy, example_file_bytes("indicators")),
        services.import_projects(strategy, example_file_bytes("funding")),
    )

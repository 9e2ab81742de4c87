"""Example evidence for `workshop demo`: indicator values and funded projects (examples.py)."""

from workshop.evidence import services
from workshop.evidence.examples import EXAMPLE_FILES, example_file_bytes
from workshop.strategy.models import Strategy

__all__ = ["EXAMPLE_FILES", "create_demo_evidence", "example_file_bytes"]


def create_demo_evidence(strategy: Strategy) -> tuple[services.ImportSummary, ...]:
    """Import the example files through the same path as uploads (flushes only), each recorded
    under its own file name as example data.

    Running it again changes nothing but the import records: both imports update what they
    stored before.
    """
    return tuple(
        importer(strategy, example_file_bytes(kind), file_name=EXAMPLE_FILES[kind])
        for kind, importer in (
            ("indicators", services.import_indicator_values),
            ("funding", services.import_projects),
        )
    )

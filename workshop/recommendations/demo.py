"""Example recommendations for `workshop demo`.

data/example-recommendations.json was written for this project: its texts say that they are
example text and not the Commission's, and its sources start with "Esimerkki:".
"""

from importlib.resources import files

from workshop.recommendations.jsonimport import import_file
from workshop.recommendations.services import ImportSummary

EXAMPLE_FILE = "example-recommendations.json"


def example_file_bytes() -> bytes:
    return (files("workshop.recommendations") / "data" / EXAMPLE_FILE).read_bytes()


def create_demo_recommendations(review_round) -> ImportSummary:
    """Import the example file through the CLI's path, linked to ``review_round`` (flushes
    only); running it again changes nothing."""
    strategy = review_round.strategy_version.strategy
    return import_file(strategy, example_file_bytes(), review_round=review_round)

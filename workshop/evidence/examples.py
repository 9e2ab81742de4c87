"""The example data files of the demo (data/): invented, and marked as such wherever shown.

The files were written for this project. They are plausible but invented, and marked as
example data (sources say so, project codes start with ESIM-): they are not statistics. An
import of one of them, by the demo or by an upload of the file as downloaded, is recorded as
example data, so the Word draft says so.
"""

from importlib.resources import files

EXAMPLE_FILES = {
    "indicators": "example-indicator-values.csv",
    "funding": "example-funded-projects.csv",
}


def example_file_bytes(kind: str) -> bytes:
    """The example file of ``kind`` ("indicators" or "funding") as stored."""
    return (files("workshop.evidence") / "data" / EXAMPLE_FILES[kind]).read_bytes()


def is_example_file(kind: str, data: bytes) -> bool:
    """Whether ``data`` is the example file of ``kind``, whatever it was named."""
    return data == example_file_bytes(kind)

"""The council's Accept All and Reject All in a real LibreOffice: accepting every tracked
change of the updated strategy gives the next version and rejecting them the reviewed one,
word for word and space for space, every heading, list item and table in its place and style,
and every decision's reason still a comment.

The expected texts are made here from the version data the draft was built from, without the
document builder, so that a wrong builder fails these tests.
"""

import json
import os
import shutil
import signal
import subprocess
import uuid
from pathlib import Path

import pytest
from babel.numbers import format_decimal

from tests.report.conftest import every_kind_draft, every_kind_rows
from workshop.demo import create_demo
from workshop.extensions import db
from workshop.report import sources
from workshop.report.data import DEFAULT_COUNCIL, collect
from workshop.report.document import build_docx
from workshop.report.services import report_docx

UNO_SCRIPT = Path(__file__).with_name("lo_revisions.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # the Python that has LibreOffice's uno module
ROUND_TRIP_TIMEOUT = 180
CHAPTER = "Päivitetty strategia"
ANNEX = "Liite: ehdotukset ja päätökset"
OUTCOMES = {"accepted": "hyväksytty", "accepted_with_changes": "hyväksytty muutoksin"}


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    """One LibreOffice for the module, listening on a pipe of its own; returns a function
    that gives the updated-strategy chapter of a .docx after Accept All and after Reject
    All."""
    executable = shutil.which("soffice")
    assert executable, "LibreOffice is needed: apt-get install libreoffice-writer python3-uno"
    profile = tmp_path_factory.mktemp("lo-uno-profile")
    pipe = f"strategiapaja-{uuid.uuid4().hex}"
    office = subprocess.Popen(
        [
            executable,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def round_trip(content: bytes, directory: Path) -> dict:
        source, target = directory / "draft.docx", directory / "states.json"
        source.write_bytes(content)
        done = subprocess.run(
            [SYSTEM_PYTHON, str(UNO_SCRIPT), pipe, str(source), str(target), CHAPTER, ANNEX],
            capture_output=True,
            text=True,
            timeout=ROUND_TRIP_TIMEOUT,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(target.read_text(encoding="utf-8"))

    yield round_trip
    os.killpg(office.pid, signal.SIGTERM)
    try:
        office.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(office.pid, signal.SIGKILL)
        office.wait()


# What a version's chapter must read -------------------------------------------------------


def _paragraph(style: str, text: str) -> tuple:
    """A paragraph as (style, text, whether it is a list item)."""
    return (style, text, style == "List Bullet")


def _body(text: str) -> list[tuple]:
    """A running text: paragraphs at blank lines, a chunk of "- " lines a bulleted list."""
    blocks = []
    for chunk in (text or "").split("\n\n"):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            blocks += [_paragraph("List Bullet", line[2:].strip()) for line in lines]
        elif lines:
            blocks.append(_paragraph("Standard", " ".join(lines)))
    return blocks


def _level(indicator: dict, prefix: str) -> str:
    text = indicator.get(f"{prefix}_text") or ""
    value = indicator.get(f"{prefix}_value")
    if not text and value is not None:
        number = format_decimal(value, format="#,##0.##", locale="fi")
        text = f"{number} {indicator.get('unit') or ''}".strip()
    year = indicator.get(f"{prefix}_year")
    return f"{year}: {text}" if year and text else (text or (str(year) if year else ""))


def expected_chapter(version: dict) -> list[tuple]:
    """The updated-strategy chapter of ``version`` in Finnish, block by block."""
    blocks = [_paragraph("Heading 2", "Visio")]
    if version["strategy"].get("vision"):
        blocks.append(_paragraph("Standard", version["strategy"]["vision"]))
    for section in version.get("sections", []):
        blocks += [_paragraph("Heading 2", section["title"]), *_body(section.get("body"))]
    for theme in version["themes"]:
        blocks += [_paragraph("Heading 2", theme["title"]), *_body(theme.get("description"))]
        for area in theme["focus_areas"]:
            blocks += [_paragraph("Heading 3", area["title"]), *_body(area.get("description"))]
            if area.get("sub_themes"):
                titles = "; ".join(sub["title"] for sub in area["sub_themes"])
                blocks.append(_paragraph("Standard", f"Alateemat: {titles}"))
            for challenge in area.get("challenges", []):
                blocks.append(_paragraph("Heading 4", challenge["title"]))
                blocks += [_paragraph("List Bullet", s["text"]) for s in challenge["solutions"]]
            if area.get("actions"):
                blocks.append(_paragraph("Heading 4", "Toimenpiteet"))
                blocks += [_paragraph("List Bullet", a["text"]) for a in area["actions"]]
    if version.get("measures"):
        blocks.append(_paragraph("Heading 2", "Toimenpiteet innovaatioiden levittämiseksi"))
        blocks += [_paragraph("List Bullet", m["text"]) for m in version["measures"]]
    if version.get("indicators"):
        blocks.append(_paragraph("Heading 2", "Seurantaindikaattorit"))
        rows = [["Mittari", "Lähtötaso", "Tavoite"]]
        rows += [
            [i["name"], _level(i, "baseline"), _level(i, "target")] for i in version["indicators"]
        ]
        blocks.append(("table", rows))
    return blocks


def expected_comments(rows) -> list[str]:
    """One comment per element changed by accepted proposals, their decisions one line each."""
    by_ref: dict[str, list[str]] = {}
    for row in rows:
        if row.target_ref and row.outcome in OUTCOMES:
            line = f"Ehdotus {row.id} ({OUTCOMES[row.outcome]}): {row.reason}"
            by_ref.setdefault(row.target_ref, []).append(line)
    return sorted("\n".join(lines) for lines in by_ref.values())


# What LibreOffice left --------------------------------------------------------------------


def chapter_range(state: dict) -> range:
    """Where the strategy text lies in what was read: after the chapter's heading and
    introduction, up to the page break before the annex."""
    blocks = state["blocks"]
    assert (blocks[0]["style"], blocks[0]["text"]) == ("Heading 1", CHAPTER)
    assert (blocks[-1]["style"], blocks[-1]["text"]) == ("Standard", "")  # the page break
    return range(2, len(blocks) - 1)


def chapter(state: dict) -> list[tuple]:
    """The chapter's blocks as ``expected_chapter`` writes them."""
    blocks = []
    for block in (state["blocks"][i] for i in chapter_range(state)):
        if block["type"] == "table":
            blocks.append(("table", block["rows"]))
        else:
            blocks.append((block["style"], block["text"], block["numbered"]))
    return blocks


def comments(state: dict) -> list[str]:
    """The contents of the comments anchored in the chapter."""
    inside = chapter_range(state)
    found = [c for c in state["comments"] if c["block"] in inside]
    return sorted("\n".join(c["content"].splitlines()) for c in found)


def commented(state: dict, reason: str) -> tuple[str, str]:
    """The text of the paragraph holding the comment that ends in ``reason``, and of the
    paragraph after it."""
    [found] = [c for c in state["comments"] if c["content"].endswith(reason)]
    blocks = state["blocks"]
    return blocks[found["block"]]["text"], blocks[found["block"] + 1]["text"]


def assert_applies_cleanly(states: dict, base: dict, draft: dict, rows):
    assert states["accept"]["redlines_before"] > 0
    assert states["accept"]["redlines"] == states["reject"]["redlines"] == 0
    assert chapter(states["accept"]) == expected_chapter(draft)
    assert chapter(states["reject"]) == expected_chapter(base)
    wanted = expected_comments(rows)
    assert comments(states["accept"]) == wanted
    assert comments(states["reject"]) == wanted


# The tests --------------------------------------------------------------------------------


def test_accept_all_and_reject_all_give_each_version_for_every_kind_of_change(
    scored_round, libreoffice, tmp_path
):
    base = collect(scored_round).base_version_data
    draft = every_kind_draft(base)
    rows = every_kind_rows(base)
    data = collect(scored_round, proposals=rows, draft_version_data=draft)
    states = libreoffice(build_docx(data), tmp_path)
    assert_applies_cleanly(states, base, draft, rows)
    # A reworded heading keeps its comment on itself; an added challenge's comment ends the
    # paragraph before its heading (here the focus area's sub-themes), whichever is applied.
    accepted, rejected = states["accept"], states["reject"]
    assert commented(accepted, "Perustelu 13.")[0] == "Olennaisen datan"
    assert commented(rejected, "Perustelu 13.")[0] == "Olennaisen datan hyödyntäminen"
    before, after = commented(accepted, "Perustelu 15.")
    assert before.startswith("Alateemat: ") and after == "Tekoälyn vastuullinen käyttö"
    assert commented(rejected, "Perustelu 15.")[0] == before


def test_accept_all_and_reject_all_give_each_version_of_the_demo_round(
    strategy_version, libreoffice, tmp_path
):
    review_round = create_demo(participants=12, seed=5)
    db.session.commit()
    base = collect(review_round).base_version_data
    draft = sources.draft_sources(review_round, DEFAULT_COUNCIL)["draft_version_data"]
    rows = sources.proposal_rows(review_round)
    assert draft != base  # the demo's council accepted changes

    states = libreoffice(report_docx(review_round), tmp_path)
    assert_applies_cleanly(states, base, draft, rows)

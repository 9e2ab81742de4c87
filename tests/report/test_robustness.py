"""Whatever participants typed never breaks the draft, and LibreOffice converts the file."""

import re
from dataclasses import replace

from tests.report.conftest import AREA, edited_draft, proposal_rows
from workshop.report.data import IndicatorValue, ReasonRow, ReasonSummary, notes_from_proposals

HOSTILE = (
    "Alku \x00\x01\x08\x0b\x0c\x1f\x7f\x9b välissä \ud800 yksin \udfff 🎉👩‍👩‍👧 "
    "<script>alert(1)</script> ]]> &amp; <w:t>x</w:t> \u200f\u202eRTL\u202c \ufffe loppu"
)
LONG = ("Pitkä perustelu, joka jatkuu ja jatkuu. " * 3000)[:100_000]
# What XML 1.0 forbids: no .docx may contain it.
FORBIDDEN_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def hostile_data(data):
    """``data`` with hostile text in every place a person can type into."""
    draft = edited_draft(data.base_version_data)
    area = next(a for t in draft["themes"] for a in t["focus_areas"] if a["key"] == AREA)
    area["challenges"][0]["solutions"][0]["text"] = HOSTILE
    area["challenges"][0]["solutions"].append({"key": "pitka", "text": LONG, "translations": {}})
    area["description"] = HOSTILE + "\n\n- " + HOSTILE
    proposals = proposal_rows(
        data.base_version_data, text=HOSTILE, original=HOSTILE, rationale=HOSTILE, reason=HOSTILE
    )
    proposals[0] = replace(proposals[0], text=HOSTILE + LONG)
    first_question = data.questions[0]
    reasons = {
        (AREA, first_question.key): ReasonSummary(
            shown=(ReasonRow(HOSTILE, 3, (HOSTILE,)), ReasonRow(LONG, 1, ("Klusterit",))),
            total=4,
        )
    }
    key = data.base_version_data["indicators"][0]["key"]
    return replace(
        data,
        round=replace(data.round, title=HOSTILE, description=LONG, strategy_name=HOSTILE),
        sessions=tuple(replace(s, title=HOSTILE, location=HOSTILE) for s in data.sessions),
        groups=tuple(replace(g, name=HOSTILE) for g in data.groups),
        questions=tuple(replace(q, text=HOSTILE, low_label=HOSTILE) for q in data.questions),
        reasons=reasons,
        proposals=tuple(proposals),
        council=HOSTILE,
        indicator_values={key: [IndicatorValue(2024, HOSTILE, HOSTILE)]},
        draft_version_data=draft,
        change_notes=notes_from_proposals(proposals, HOSTILE),
    )


def test_hostile_text_is_kept_readable_and_never_breaks_the_file(report_data, build):
    doc = build(hostile_data(report_data))
    for name, part in doc.parts.items():
        if name.endswith(".xml"):
            assert not FORBIDDEN_IN_XML.search(part.decode("utf-8")), name
    text = doc.all_text()
    assert "🎉👩‍👩‍👧" in text
    assert "<script>alert(1)</script> ]]> &amp; <w:t>x</w:t>" in text
    # Overrides and stray direction marks are taken out: they could turn the text around.
    assert " RTL " in text and not re.search("[\u200f\u202a-\u202e]", text)
    assert LONG.strip() in text
    assert "Alku  välissä  yksin" in text
    comments = b"".join(part for name, part in doc.parts.items() if "comments" in name)
    assert "🎉".encode() in comments


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_libreoffice_converts_the_draft(report_data, build, soffice, tmp_path):
    doc = build(report_data)
    pdf = soffice(doc.content, tmp_path)
    assert pdf.startswith(b"%PDF-")
    assert _pages(pdf) > 20


def test_libreoffice_converts_the_draft_full_of_hostile_text(report_data, build, soffice, tmp_path):
    doc = build(hostile_data(report_data))
    pdf = soffice(doc.content, tmp_path)
    assert pdf.startswith(b"%PDF-")
    assert _pages(pdf) > 20

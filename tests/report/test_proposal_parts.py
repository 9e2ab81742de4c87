"""A reader who was not in the room understands every proposal of the Word draft: what it
changes and where, the old and new text or target, what became of held, merged and hidden
proposals, the comments by group, and in English which changed elements still need a text."""

from dataclasses import replace

import pytest

from tests.report.conftest import AREA, NEW_TARGET, REWORDED, edited_draft, proposal_rows, refs
from tests.report.test_robustness import FORBIDDEN_IN_XML, HOSTILE, LONG
from workshop.report.data import CommentRow, ProposalRow, collect

FINNISH_LABELS = (
    "Ehdotus",
    "Kohta",
    "Nykyinen",
    "Ehdotettu",
    "puolesta",
    "Päätös",
    "Kommentteja",
    "Muut ryhmät",
    "Fasilitaattorit",
    "yhdistetty",
    "piilotettu",
)


def annex(doc) -> list[str]:
    paragraphs = [p.text for p in doc.document.paragraphs]
    for title in ("Liite: ehdotukset ja päätökset", "Annex: proposals and decisions"):
        if title in paragraphs:
            return paragraphs[paragraphs.index(title) :]
    raise AssertionError("no annex")


def block(lines: list[str], number: int, head: str = "Ehdotus") -> list[str]:
    """The paragraphs of one proposal's block in the annex, its head line first."""
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{head} {number} · "))
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith(f"{head} ")), len(lines)
    )
    return lines[start:end]


def names(base: dict) -> dict[str, str]:
    theme = next(t for t in base["themes"] if any(a["key"] == AREA for a in t["focus_areas"]))
    area = next(a for a in theme["focus_areas"] if a["key"] == AREA)
    challenge = area["challenges"][0]
    return {
        "theme": theme["title"],
        "area": area["title"],
        "challenge": challenge["title"],
        "challenge_ref": f"focus_area/{AREA}/challenge/{challenge['key']}",
        "action_area": next(
            a for t in base["themes"] for a in t["focus_areas"] if a.get("actions")
        ),
    }


def more_kinds(base: dict) -> list[ProposalRow]:
    """The kinds ``proposal_rows`` lacks, each aimed as the proposals domain aims it."""
    n = names(base)
    measure, indicator = base["measures"][1], base["indicators"][2]
    action_area = n["action_area"]
    return [
        ProposalRow(20, n["challenge_ref"], AREA, "add_solution", "Datan jakamisen kokeilut."),
        ProposalRow(21, f"focus_area/{AREA}", AREA, "add_challenge", "Kyberturvallisuus."),
        ProposalRow(
            22,
            f"focus_area/{action_area['key']}",
            action_area["key"],
            "add_action",
            "Uusi toimenpide alueelle.",
        ),
        ProposalRow(23, "measures", None, "add_measure", "Yhteiset kokeiluympäristöt."),
        ProposalRow(24, f"measure/{measure['key']}", None, "reword", "Uusi toimenpideteksti."),
        ProposalRow(25, f"indicator/{indicator['key']}", None, "remove", ""),
        ProposalRow(
            26, f"indicator/{indicator['key']}", None, "change_target", "", target_value=42
        ),
    ]


def test_each_kind_of_proposal_names_its_place_and_its_old_and_new_text(report_data, build):
    base = report_data.base_version_data
    r, n = refs(base), names(base)
    rows = [*report_data.proposals, *more_kinds(base)]
    doc = build(replace(report_data, proposals=tuple(rows)))
    lines = annex(doc)
    to_challenge = f"{n['theme']} › {n['area']} › {n['challenge']}"

    reword = block(lines, 1)
    assert f"Kohta: {to_challenge} › {r['reworded_old']}" in reword
    assert f"Nykyinen teksti: {r['reworded_old']}" in reword
    assert f"Ehdotettu teksti: {REWORDED}" in reword
    removal = block(lines, 2)
    assert f"Poistettava kohta: {to_challenge} › {r['removed_text']}" in removal
    assert f"Nykyinen teksti: {r['removed_text']}" in removal
    indicator = base["indicators"][0]
    target = block(lines, 4)
    assert f"Kohta: Seurantaindikaattorit › {indicator['name']}" in target
    assert any(line.startswith("Nykyinen tavoite: ") and r["old_target"] in line for line in target)
    assert any(line.startswith("Ehdotettu tavoite: ") and NEW_TARGET in line for line in target)

    assert f"Haaste: {to_challenge}" in block(lines, 20)
    assert "Ehdotettu teksti: Datan jakamisen kokeilut." in block(lines, 20)
    assert f"Painopisteala: {n['theme']} › {n['area']}" in block(lines, 21)
    action_area = n["action_area"]
    assert any(
        line.startswith("Painopisteala: ") and line.endswith(action_area["title"])
        for line in block(lines, 22)
    )
    assert "Kohta: Toimenpiteet innovaatioiden levittämiseksi" in block(lines, 23)
    measure = base["measures"][1]["text"]
    assert f"Kohta: Toimenpiteet innovaatioiden levittämiseksi › {measure}" in block(lines, 24)
    assert f"Nykyinen teksti: {measure}" in block(lines, 24)
    removed_indicator = base["indicators"][2]
    assert f"Poistettava kohta: Seurantaindikaattorit › {removed_indicator['name']}" in block(
        lines, 25
    )
    numeric = block(lines, 26)
    assert any(line.startswith("Ehdotettu tavoite: ") and "42" in line for line in numeric)
    # No block is left with a bare head line: each says what it would change.
    for number in (1, 2, 3, 4, 20, 21, 22, 23, 24, 25, 26):
        assert len(block(lines, number)) >= 3, block(lines, number)


def test_results_chapter_table_names_the_element_within_the_focus_area(report_data, build):
    doc = build(report_data)
    r = refs(report_data.base_version_data)
    table = next(t for t in doc.document.tables if t.rows[0].cells[1].text == "Ehdotus")
    reword = table.rows[1].cells[1].text
    assert "Uusi muotoilu" in reword or "Uusi sanamuoto" in reword
    assert f"Nykyinen teksti: {r['reworded_old']}" in reword
    assert r["reworded_old"] in reword.split("\n")[1]  # "Kohta: challenge › solution"
    assert f"Nykyinen teksti: {r['removed_text']}" in table.rows[2].cells[1].text


def test_held_merged_and_hidden_proposals_are_counted_and_explained(report_data, build):
    rows = list(report_data.proposals)
    rows[0] = replace(rows[0], supports=12, merged_supports=4, merged_ids=(30,))
    rows[2] = replace(rows[2], status="held", outcome=None, decided_at=None, reason="")
    rows.append(replace(rows[1], id=30, status="merged", merged_into=1, text="Kaksoiskappale"))
    rows.append(
        ProposalRow(
            31,
            f"focus_area/{AREA}",
            AREA,
            "free",
            "LOUKKAAVA TEKSTI",
            rationale="LOUKKAAVA PERUSTELU",
            status="hidden",
            hidden_reason="Asiaton kielenkäyttö",
        )
    )
    base = report_data.base_version_data
    data = collect_like(report_data, rows)
    doc = build(data)
    lines = annex(doc)

    counts = next(t for t in doc.document.tables if t.rows[0].cells[0].text == "Ehdotukset")
    table = {row.cells[0].text.strip(): row.cells[1].text for row in counts.rows[1:]}
    assert table == {
        "Ehdotuksia tehtiin": "7",
        "Lueteltu tässä liitteessä": "5",
        "joista odottaa fasilitaattorin hyväksyntää": "1",
        "Yhdistetty toiseen ehdotukseen": "1",
        "Piilotettu moderoinnissa": "1",
    }
    assert "Odottaa hyväksyntää" in block(lines, 3)[0]
    assert any("Ei päätetty (odottaa hyväksyntää)" in line for line in block(lines, 3))
    first = block(lines, 1)
    assert "puolesta 12 (joista 4 yhdistetyistä ehdotuksista), vastaan 3" in first[0]
    assert "Tähän yhdistetyt ehdotukset: 30" in first
    assert "Yhdistetyt ja piilotetut ehdotukset" in doc.headings(2)
    merged = next(line for line in lines if line.startswith("Ehdotus 30 · "))
    assert merged.endswith("yhdistetty ehdotukseen 1")
    assert refs(base)["removed_text"] in merged  # what the duplicate was about
    hidden = next(line for line in lines if line.startswith("Ehdotus 31 · "))
    assert hidden.endswith("piilotettu moderoinnissa: Asiaton kielenkäyttö")
    text = doc.all_text()
    assert "LOUKKAAVA" not in text and "Kaksoiskappale" not in text
    # The results chapter says the merged supports apart too.
    table = next(t for t in doc.document.tables if t.rows[0].cells[1].text == "Ehdotus")
    assert "joista 4 yhdistetyistä ehdotuksista" in table.rows[1].cells[2].text


def collect_like(report_data, rows: list[ProposalRow], locale: str | None = None):
    """``report_data`` rebuilt by ``collect`` from ``rows`` (which splits and counts them)."""
    from workshop.extensions import db
    from workshop.review.models import ReviewRound

    review_round = db.session.get(ReviewRound, report_data.round.id)
    return collect(
        review_round,
        locale or report_data.locale,
        proposals=rows,
        draft_version_data=report_data.draft_version_data,
    )


def comments(group_keys: list[str]) -> tuple[CommentRow, ...]:
    """One comment per key, each by its own commenter ("" is a facilitator's)."""
    return tuple(
        CommentRow(f"Kommentti {index} ryhmältä {key or 'fasilitaattori'}", key, index)
        for index, key in enumerate(group_keys)
    )


def test_comments_appear_with_their_proposal_by_group_small_groups_together(
    app, report_data, build, monkeypatch
):
    monkeypatch.setitem(app.config, "MIN_GROUP_SIZE", 2)
    thread = comments(["klusterit", "klusterit", "klusterit", "yritykset", "kunnat", ""])
    thread += (CommentRow("PIILOTETTU KOMMENTTI", "klusterit", 99, hidden=True),)
    rows = list(report_data.proposals)
    rows[0] = replace(rows[0], comments=thread)
    doc = build(collect_like(report_data, rows))
    first = block(annex(doc), 1)
    # Businesses and municipalities had one commenter each: together they are "other groups".
    assert "Kommentteja 6: Klusterit 3, Muut ryhmät 2, Fasilitaattorit 1" in first
    quoted = [line for line in first if line.startswith("”")]
    assert len(quoted) == 6 and "”Kommentti 0 ryhmältä klusterit”" in quoted
    assert "Moderoinnissa piilotettuja kommentteja: 1" in first
    assert "PIILOTETTU" not in doc.all_text()
    assert "Meikäläinen" not in doc.all_text()
    table = next(t for t in doc.document.tables if t.rows[0].cells[1].text == "Ehdotus")
    assert "Kommentteja 6: Klusterit 3, Muut ryhmät 2" in table.rows[1].cells[1].text


def test_comments_of_groups_all_too_small_are_only_counted(app, report_data, build, monkeypatch):
    monkeypatch.setitem(app.config, "MIN_GROUP_SIZE", 5)
    rows = list(report_data.proposals)
    rows[0] = replace(rows[0], comments=comments(["klusterit", "klusterit", "yritykset"]))
    first = block(annex(build(collect_like(report_data, rows))), 1)
    assert "Kommentteja: 3" in first
    assert not any("Klusterit" in line and "Kommentteja" in line for line in first)


def test_english_draft_marks_and_lists_changed_elements_without_english_text(report_data, build):
    rows = list(report_data.proposals)
    rows[0] = replace(rows[0], comments=comments(["klusterit", "klusterit"]))
    rows.append(replace(rows[1], id=30, status="merged", merged_into=1))
    rows.append(replace(rows[1], id=31, status="hidden", hidden_reason="Abuse"))
    rows[4] = replace(rows[4], status="held", outcome=None)
    data = collect_like(report_data, rows, locale="en")
    doc = build(data)
    lines = annex(doc)
    assert "Translation needed" in doc.headings(2)
    table = next(t for t in doc.document.tables if t.rows[0].cells[0].text == "Element")
    listed = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    added = next(
        path
        for path in listed
        if path.endswith("Tekoälyn käyttöönottoa tuetaan pk-yrityksissä kokeiluilla.")
    )
    assert listed[added] == "3"
    assert any(path.startswith("Monitoring indicators › ") for path in listed)  # the target
    assert any(line.endswith("(translation needed)") for line in block(lines, 3, "Proposal"))
    # Every label of the proposals' pages is English.
    annex_text = "\n".join(lines)
    for word in FINNISH_LABELS:
        assert word not in annex_text, word
    assert "Comments 2: Clusters 2" in annex_text or "Comments: 2" in annex_text
    assert "merged into proposal 1" in annex_text
    assert "Waiting for approval" in annex_text


def test_finnish_draft_has_no_translation_list(report_data, build):
    assert "Käännös puuttuu" not in build(report_data).headings(2)


@pytest.mark.parametrize("locale", ["fi", "en"])
def test_hostile_comments_and_reasons_never_break_the_document(report_data, build, locale):
    rows = list(proposal_rows(report_data.base_version_data, text=HOSTILE))
    rows[0] = replace(
        rows[0],
        comments=(CommentRow(HOSTILE, "klusterit", 1), CommentRow(LONG, "", None)),
        rationale=LONG,
    )
    rows.append(replace(rows[1], id=40, status="hidden", hidden_reason=HOSTILE + LONG))
    data = collect_like(
        replace(report_data, draft_version_data=edited_draft(report_data.base_version_data)),
        rows,
        locale=locale,
    )
    doc = build(data)
    xml = doc.parts["word/document.xml"].decode("utf-8")
    assert not FORBIDDEN_IN_XML.search(xml)
    assert "<script>" not in xml and "&lt;script&gt;" in xml  # escaped, kept readable
    assert "🎉" in doc.all_text()
    hidden = next(line for line in annex(doc) if line.split(" · ")[0].endswith(" 40"))
    assert len(hidden) < 1000  # the moderation reason is cut short


def test_english_every_kind_draft_lists_each_changed_element_once(report_data, build):
    from tests.report.conftest import every_kind_draft, every_kind_rows
    from workshop.report.data import notes_from_proposals

    base = report_data.base_version_data
    rows = every_kind_rows(base)
    data = replace(
        collect_like(report_data, rows, locale="en"),
        draft_version_data=every_kind_draft(base),
        change_notes=notes_from_proposals(rows, "Council"),
    )
    doc = build(data)
    table = next(t for t in doc.document.tables if t.rows[0].cells[0].text == "Element")
    listed = [row.cells[0].text for row in table.rows[1:]]
    assert len(listed) == len(set(listed))
    assert any(path.endswith("Tekoälyn vastuullinen käyttö") for path in listed)
    assert any(path.endswith("Datatalouden sparraus") for path in listed)
    # Removed elements need no text in the next version.
    removed = base["measures"][0]["text"]
    assert not any(path.endswith(removed) for path in listed)

"""Coverage of a round by group and sub-region: counts of the register, the invitations'
facts and the participants; the missing marked; small counts left out of documents."""

import io

from docx import Document

from workshop.convening import services
from workshop.convening.coverage import InvitationFacts, for_a_document, round_coverage
from workshop.extensions import db
from workshop.report.services import report_docx
from workshop.review import participation


def organisation(name, group, region):
    return services.create_organisation(services.OrganisationInput(name, group, region))


def join(session, group, count):
    people = [participation.join_session(session, group, locale="fi") for _ in range(count)]
    db.session.commit()
    return people


def register():
    orgs = {
        "health": organisation("Oulu Health", "klusterit", "oulu"),
        "drone": organisation("Arctic Drone Labs", "klusterit", "oulu"),
        "kuusamo": organisation("Kuusamon kaupunki", "kunnat", "koillismaa"),
        "raahe": organisation("Raahen kaupunki", "kunnat", "raahe"),
        "liitto": organisation("Pohjois-Pohjanmaan liitto", "viranomaiset", "koko-maakunta"),
    }
    db.session.commit()
    return orgs


def test_counts_by_group_without_invitations(review_round, open_session):
    register()
    join(open_session, "klusterit", 3)
    join(open_session, "kunnat", 1)
    coverage = round_coverage(review_round)
    groups = coverage.as_dict()["groups"]
    assert groups["klusterit"] == {"registered": 2, "invited": 0, "accepted": 0, "took_part": 3}
    assert groups["kunnat"] == {"registered": 2, "invited": 0, "accepted": 0, "took_part": 1}
    assert groups["yritykset"] == {"registered": 0, "invited": 0, "accepted": 0, "took_part": 0}
    assert coverage.missing_groups == [
        "Kehittämisyhtiöt",
        "Tutkimus- ja koulutuslaitokset",
        "Yritykset ja elinkeinoelämä",
        "Julkiset viranomaiset",
    ]
    # By sub-region nobody's area is known: took part is unknown, and the missing are the
    # areas the register has no organisation from.
    regions = coverage.as_dict()["sub_regions"]
    assert regions["koillismaa"] == {
        "registered": 1,
        "invited": 0,
        "accepted": 0,
        "took_part": None,
    }
    assert not coverage.sub_regions_known
    assert coverage.missing_sub_regions == [
        "Oulunkaari",
        "Haapavesi–Siikalatva",
        "Nivala–Haapajärvi",
        "Ylivieska",
    ]
    assert coverage.total.registered == 5 and coverage.total.took_part == 4


def test_the_invitations_facts_give_invited_accepted_and_took_part_by_sub_region(
    review_round, open_session
):
    orgs = register()
    [cluster] = join(open_session, "klusterit", 1)
    [municipal, removed] = join(open_session, "kunnat", 2)
    participation_removed = removed
    participation_removed.removed_at = participation_removed.created_at
    db.session.commit()
    facts = InvitationFacts(
        invited=frozenset({orgs["health"].id, orgs["kuusamo"].id, orgs["raahe"].id}),
        accepted=frozenset({orgs["health"].id, orgs["kuusamo"].id}),
        participant_organisations={
            cluster.id: orgs["health"].id,
            municipal.id: orgs["kuusamo"].id,
            removed.id: orgs["raahe"].id,  # removed by a facilitator: not counted
        },
        sent=True,
    )
    coverage = round_coverage(review_round, facts=facts)
    regions = coverage.as_dict()["sub_regions"]
    assert regions["oulu"] == {"registered": 2, "invited": 1, "accepted": 1, "took_part": 1}
    assert regions["koillismaa"] == {"registered": 1, "invited": 1, "accepted": 1, "took_part": 1}
    assert regions["raahe"] == {"registered": 1, "invited": 1, "accepted": 0, "took_part": 0}
    assert "Raahe" in coverage.missing_sub_regions and "Koillismaa" not in (
        coverage.missing_sub_regions
    )
    assert coverage.as_dict()["groups"]["kunnat"]["took_part"] == 1
    assert (coverage.total.invited, coverage.total.accepted) == (3, 2)


def test_a_document_leaves_out_participant_counts_too_small_to_show(review_round, open_session):
    register()
    join(open_session, "klusterit", 6)
    join(open_session, "kunnat", 5)
    join(open_session, "yritykset", 2)
    coverage = for_a_document(round_coverage(review_round), min_size=5)
    rows = {row.key: row for row in coverage.groups}
    assert rows["klusterit"].took_part == 6
    # 2 alone would be shown through the total; with it the smallest shown group (5) merges.
    assert (rows["yritykset"].took_part, rows["yritykset"].merged) == (None, True)
    assert (rows["kunnat"].took_part, rows["kunnat"].merged) == (None, True)
    assert rows["kunnat"].registered == 2  # organisations are not people: always shown
    assert rows["viranomaiset"].took_part == 0 and rows["viranomaiset"].missing


def test_the_round_page_shows_the_coverage_with_the_missing_marked(
    logged_in_client, review_round, open_session
):
    register()
    join(open_session, "klusterit", 2)
    page = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    section = page[page.index('id="coverage"') :]
    section = section[: section.index("</section>")]
    assert "Kattavuus" in section
    assert '<tr class="coverage-missing">' in section
    assert 'Kunnat ja alueelliset edustajat <span class="coverage-flag">– puuttuu</span>' in section
    assert "Oulu Health" not in page  # counts, never names


def test_the_word_draft_has_the_coverage_in_its_process_chapter(app, review_round, open_session):
    register()
    join(open_session, "klusterit", 6)
    join(open_session, "kunnat", 4)
    join(open_session, "yritykset", 1)
    document = Document(io.BytesIO(report_docx(review_round, "fi")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    process = headings.index("Arviointiprosessi")
    coverage_heading = headings.index("Sidosryhmien kattavuus")
    assert process < coverage_heading < headings.index("Arvioinnin toteutus")
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Rekisterissä")
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[1:]}
    assert rows["Klusterit"] == ["2", "0", "0", "6"]
    # 4 and 1: only together, as "other groups" in the participation table.
    assert rows["Kunnat ja alueelliset edustajat"] == ["2", "0", "0", "–"]
    assert rows["Yritykset ja elinkeinoelämä"] == ["0", "0", "0", "–"]
    assert rows["Kehittämisyhtiöt (puuttuu)"] == ["0", "0", "0", "0"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Näistä ryhmistä ei osallistunut ketään: Kehittämisyhtiöt" in text
    assert "Oulu Health" not in text and "Kuusamon kaupunki" not in text


def test_the_coverage_is_counted_outside_a_request_in_the_locale_asked_for(
    app, review_round, open_session
):
    """A command or a background job has an app but no request: no request's locale."""
    import threading

    register()
    join(open_session, "kunnat", 1)
    db.session.commit()
    round_id, found = review_round.id, {}

    def count_in_a_job():
        from workshop.review.models import ReviewRound

        with app.app_context():
            try:
                for locale in ("fi", "en"):
                    coverage = round_coverage(db.session.get(ReviewRound, round_id), locale)
                    found[locale] = (coverage.missing_groups, coverage.missing_sub_regions)
            except Exception as error:  # reported to the test's thread
                found["error"] = repr(error)
            finally:
                db.session.remove()

    job = threading.Thread(target=count_in_a_job)
    job.start()
    job.join()
    assert "error" not in found, found["error"]
    assert "Kehittämisyhtiöt" in found["fi"][0] and "Development companies" in found["en"][0]
    assert "Whole region" not in found["fi"][1]

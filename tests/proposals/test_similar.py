"""The proposal form's similar-proposal check: near-duplicates (inflected, misspelt, English)
of the round's published proposals are found, unrelated proposals never are, and only a phone
that joined the session may ask."""

import pytest

from workshop.assistant.similar import most_alike
from workshop.extensions import db
from workshop.proposals import services
from workshop.review import participation

EXISTING = [
    (1, "Vetytalouden osaajapula ratkaistaan yhteisellä koulutusohjelmalla"),
    (2, "Matkailukohteiden saavutettavuuskartoitus"),
    (3, "Puurakentamisen kokeilut kuntiin"),
    (4, "More support for hydrogen economy start-ups"),
    (5, "Tekoäly osaksi julkisia digipalveluja"),
    (6, "Kulttuuripääkaupunkivuoden perintö matkailuun"),
]
NEAR_DUPLICATES = [
    ("vetytalouden osaajapulaan koulutusta", 1),  # inflected
    ("Osaajapula vetytaloudessa", 1),  # word order and case
    ("vetytalouen osaajapula", 1),  # a typo Voikko corrects
    ("koulutusohjelma vetytalouden osaajille", 1),
    ("matkailukohteiden saavutettavuus", 2),
    ("saavutettavuuskartoitus matkailukohteisiin", 2),  # compound parts
    ("puurakentamista kuntiin kokeiluna", 3),
    ("support hydrogen startups more", 4),  # English, "start-ups" written together
    ("more support to hydrogen economy startups", 4),
    ("tekoälyä julkisiin digipalveluihin", 5),
    ("tekoaly julkisiin digipalveluihin", 5),  # no ä on the keyboard
    ("kulttuuripääkaupunkivuoden perintöä matkailulle", 6),
]
UNRELATED = [
    "Akkuteollisuuden kierrätys",
    "Maatalouden päästöjen vähentäminen",
    "Osaajien houkuttelu ulkomailta",  # shares "osaaja" only
    "Digitaalisten palvelujen saavutettavuus",  # shares "palvelu", "saavutettavuus"
    "Koulutusta nuorille yrittäjille",
    "Energy storage pilots",
    "Kuntien yhteistyö matkailussa",  # shares "kunta", "matkailu"
    "Lisää rahoitusta",
]


@pytest.mark.parametrize(("text", "wanted"), NEAR_DUPLICATES)
def test_a_near_duplicate_finds_its_proposal_first(text, wanted):
    found = most_alike(text, EXISTING)
    assert found and found[0].id == wanted, [(s.id, s.score) for s in found]


@pytest.mark.parametrize("text", UNRELATED)
def test_an_unrelated_proposal_finds_nothing(text):
    assert most_alike(text, EXISTING) == []


def test_nothing_to_compare_finds_nothing():
    assert most_alike("", EXISTING) == [] and most_alike("ja tai", EXISTING) == []


@pytest.fixture
def published(review_round, facilitator):
    made = []
    for _, text in EXISTING:
        proposal, _ = services.create_proposal(
            review_round,
            services.ProposalInput(
                kind="add_challenge", target_ref="focus_area/energia", text=text
            ),
            user=facilitator,
        )
        made.append(proposal)
    db.session.commit()
    return made


def test_the_form_asks_and_gets_the_similar_proposals(
    app, client, open_session, participant, published
):
    url = f"/s/{open_session.join_code}/proposals/similar"
    assert client.post(url, json={"text": "vetytalouen osaajapula"}).status_code in (403, 404)
    token = participation.make_token(app.config["SECRET_KEY"], participant)
    client.set_cookie(f"wp_round_{open_session.round_id}", token)
    reply = client.post(url, json={"text": "Vetytalouen osaajapulaan koulutusta"}).get_json()
    assert reply["ok"]
    (hit,) = reply["similar"]
    assert hit["id"] == published[0].id and hit["text"] == EXISTING[0][1]
    assert hit["focus_area_title"] == "Energian tuotanto ja varastointi"
    assert hit["supports"] == 0
    assert client.post(url, json={"text": "Akkuteollisuuden kierrätys"}).get_json() == {
        "ok": True,
        "similar": [],
    }
    # Wrong types are refused, never coerced; a held or hidden proposal is never offered.
    for bad in ({"text": 5}, {"text": ["x"]}, {}, [], {"text": "x" * 2001}):
        response = client.post(url, json=bad)
        assert (response.status_code, response.get_json()["error"]) == (400, "invalid")
    services.hide(published[0], "Asiaton")
    db.session.commit()
    assert client.post(url, json={"text": "vetytalouden osaajapula"}).get_json()["similar"] == []

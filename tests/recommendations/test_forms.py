"""The recommendation's fields: on the page and as an imported row, wrong types refused."""

import pytest
from werkzeug.datastructures import MultiDict

from tests.recommendations.conftest import SOURCE, TEXT
from workshop.realtime import PayloadError, validate_payload
from workshop.recommendations.forms import RecommendationFields, RecommendationForm

ROW = {
    "year": 2025,
    "text": TEXT,
    "source": SOURCE,
    "focus_areas": ["energia"],
}


@pytest.fixture(autouse=True)
def request_context(app):
    """Error messages are translated: they need a request's language."""
    with app.test_request_context():
        yield


def page_form(app, **fields):
    data = MultiDict({"year": "2025", "text": TEXT, "source": SOURCE, **fields})
    data.setlist("focus_areas", fields.get("focus_areas", ["energia"]))
    with app.test_request_context(method="POST", data=data):
        form = RecommendationForm()
        return form, form.validate()


def test_a_row_with_the_right_types_gives_the_services_input():
    data = validate_payload(RecommendationFields, {**ROW, "themes": ["ilmastoviisas"]}).to_input()
    assert (data.year, data.text, data.source) == (2025, TEXT, SOURCE)
    assert (data.focus_area_keys, data.theme_keys, data.url, data.text_en) == (
        ("energia",),
        ("ilmastoviisas",),
        "",
        "",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": "2025"}, "year"),  # text, not a number: refused, not converted
        ({"year": 2025.0}, "year"),
        ({"year": True}, "year"),
        ({"text": ["kaksi", "riviä"]}, "text"),
        ({"source": 7}, "source"),
        ({"focus_areas": "energia"}, "focus_areas"),  # one text, not a list
        ({"focus_areas": [1, 2]}, "focus_areas"),
        ({"focus_areas": []}, "focus_areas"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://"}, "url"),
        ({"year": 1999}, "year"),
        ({"text": "x" * 4001}, "text"),
        ({"colour": "red"}, "colour"),  # unknown keys are not ignored
    ],
)
def test_a_row_with_a_wrong_type_or_value_is_refused(changes, field):
    with pytest.raises(PayloadError) as caught:
        validate_payload(RecommendationFields, {**ROW, **changes})
    assert field in caught.value.fields


def test_a_row_without_text_or_source_names_both():
    row = {key: value for key, value in ROW.items() if key not in ("text", "source")}
    with pytest.raises(PayloadError) as caught:
        validate_payload(RecommendationFields, row)
    assert {"text", "source"} <= set(caught.value.fields)


def test_the_page_form_cleans_control_and_bidi_characters(app):
    form, valid = page_form(app, text="Suositus\u202e käänteinen\x07", source="Raportti\u2066 2025")
    assert valid, form.errors
    assert form.text.data == "Suositus käänteinen"
    assert form.source.data == "Raportti 2025"


@pytest.mark.parametrize(
    ("fields", "wrong"),
    [
        ({"year": "vuosi"}, "year"),
        ({"year": "1850"}, "year"),
        ({"url": "ftp://example.org/raportti.pdf"}, "url"),
        ({"url": "data:text/html,<b>x</b>"}, "url"),
        ({"source": ""}, "source"),
        ({"focus_areas": []}, "focus_areas"),
    ],
)
def test_the_page_form_refuses_what_the_council_may_not_save(app, fields, wrong):
    form, valid = page_form(app, **fields)
    assert not valid
    assert wrong in form.errors


def test_a_web_address_with_https_is_kept(app):
    form, valid = page_form(app, url="https://ec.europa.eu/info/files/2025-european-semester_fi")
    assert valid, form.errors
    assert form.url.data.startswith("https://ec.europa.eu/")

"""`workshop demo` records the example recommendations and links them to this year's round;
its Word draft shows them."""

import io

from docx import Document

from workshop.demo import create_demo
from workshop.extensions import db
from workshop.recommendations import services
from workshop.report.services import report_docx


def test_the_demo_round_takes_the_example_recommendations_into_account(app, strategy_version):
    review_round = create_demo(participants=30, seed=3)
    db.session.commit()
    linked = services.round_recommendations(review_round)
    assert len(linked) == 3
    assert all(item.source.startswith("Esimerkki:") for item in linked)
    text = "\n".join(p.text for p in Document(io.BytesIO(report_docx(review_round))).paragraphs)
    assert "Suositukset ja toiminnan suunnittelu" in text
    assert "Suositus 3 (2024)" in text
    assert "Esimerkkiteksti, ei komission suositus" in text

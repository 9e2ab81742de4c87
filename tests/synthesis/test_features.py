"""A text's features: computed once, kept by the text's hash in memory and in the database."""

import threading

import numpy as np
from sqlalchemy import select

from workshop.extensions import db
from workshop.synthesis import features
from workshop.synthesis.models import TextFeature
from workshop.synthesis.store import ERASED


def _counting_embed(monkeypatch):
    """The texts embedded by this thread: a background job an earlier test left running (the
    features of arriving texts) embeds in its own thread and is not counted."""
    calls = []
    real = features.embed
    mine = threading.get_ident()

    def counted(texts):
        if threading.get_ident() == mine:
            calls.append(list(texts))
        return real(texts)

    monkeypatch.setattr(features, "embed", counted)
    return calls


def test_features_are_computed_once_and_found_again_in_the_database(monkeypatch):
    calls = _counting_embed(monkeypatch)
    features.forget_cache()
    texts = ["Tuulivoimaloiden luvat viipyvät.", "Permitting takes years."]
    first = features.features_for(texts)
    db.session.commit()
    assert len(calls) == 2  # the written texts and their lemmas, once each
    stored = db.session.scalars(select(TextFeature)).all()
    assert {row.key for row in stored} == {features.text_key(t) for t in texts}
    features.forget_cache()
    again = features.features_for(["tuulivoimaloiden  LUVAT viipyvät.", *texts])
    assert len(calls) == 2  # nothing embedded again: the same words, case and spaces aside
    assert (again[1].vector == first[0].vector).all()
    assert again[2].terms == first[1].terms


def test_a_vector_is_two_unit_embeddings():
    (found,) = features.compute(["Sähköverkon siirtokapasiteetti ei riitä"])
    assert found.vector.shape == (features.DIMENSIONS,)
    halves = found.vector[: features.EMBEDDING], found.vector[features.EMBEDDING :]
    assert all(abs(float((half**2).sum()) - 1) < 1e-4 for half in halves)


def test_terms_are_lemmas_and_compound_parts_without_stop_words():
    terms = features.terms_of("Tuulivoimaloiden rakentaminen on ja jää kesken, permits")
    assert "tuulivoimala" in terms
    assert "+tuuli" in terms
    assert "rakentaa" in terms  # Voikko reads the verbal noun as its verb
    assert "ja" not in terms and "olla" not in terms
    assert "permit" in terms  # an English word as its stem


def test_a_misspelt_word_is_read_as_its_correction():
    assert "tuulivoima" in features.terms_of("tuulivoiman luvat kestää ja tuulivoiam")


def test_the_language_of_a_text():
    assert features.detect_lang("Permitting takes years and investors lose interest.") == "en"
    assert features.detect_lang("Lupaprosessit on hitaita, ok?") == "fi"
    assert features.detect_lang("") == "fi"


def test_erasing_a_participant_forgets_the_features_of_their_chat(make_participant):
    from workshop.assistant.models import Message
    from workshop.privacy.services import erase_participant

    person = make_participant("yritykset")
    said = "Pitäisi lisätä tuulivoimaloiden huoltokoulutusta"
    db.session.add(Message(participant_id=person.id, role="user", text=said))
    features.features_for([said, "Verkko ei riitä"])
    db.session.commit()
    erase_participant(person)
    db.session.commit()
    kept = set(db.session.scalars(select(TextFeature.key).where(TextFeature.model != ERASED)))
    assert features.text_key(said) not in kept
    assert features.text_key("Verkko ei riitä") in kept
    # What stays of the chat's row is a tombstone: the hash it had anyway, no words.
    tombstone = db.session.get(TextFeature, features.text_key(said))
    assert (tombstone.model, tombstone.vector, tombstone.terms) == (ERASED, b"", [])


def test_a_fresh_worker_warms_up_with_the_stored_features(monkeypatch):
    features.forget_cache()
    texts = ["Kaavoitus jarruttaa tuulipuistoja.", "Permitting takes years."]
    first = features.features_for(texts)
    db.session.commit()
    features.forget_cache()  # a fresh process: nothing in memory
    assert features.warm_worker() == 2
    calls = _counting_embed(monkeypatch)
    again = features.features_for(texts)
    assert calls == []  # read in the warm-up: no embedding, and no query either
    assert all((a.vector == b.vector).all() for a, b in zip(first, again, strict=True))
    assert [a.terms for a in again] == [b.terms for b in first]


def test_stored_features_are_read_in_one_piece_and_bad_rows_skipped():
    from workshop.synthesis import store

    features.forget_cache()
    texts = ["Verkko ei riitä", "Akut ja varastointi"]
    computed = features.features_for(texts)
    db.session.add(TextFeature(key="short", model=features.STAMP, vector=b"\0" * 8, terms=[]))
    db.session.commit()
    found = store.load([features.text_key(t) for t in texts] + ["short", "absent"])
    assert set(found) == {features.text_key(t) for t in texts}
    for text, expected in zip(texts, computed, strict=True):
        assert (found[features.text_key(text)].vector == expected.vector).all()
    assert store.load_recent(3).keys() == found.keys()  # the short row is no feature
    assert len(store.load_recent(1)) <= 1


def test_an_unknown_valid_word_keeps_its_meaning_in_the_lemma_view():
    # Voikko suggests "kuvitus" (illustration), "helyssä" and "ingridiltä" for these.
    terms, view = features.analysed("Tuulivoiman luvitus kestää, nyt ruuhkaa ELYssä")
    assert view == "tuulivoima luvitus kestää ruuhka elyssä"
    assert "kuvitus" not in terms
    _terms, view = features.analysed("Liittymiä joutuu jonottamaan Fingridiltä")
    assert view.split()[-1] == "fingridiltä"  # not "ingridiltä"


def test_a_typo_is_still_read_as_its_correction():
    terms, view = features.analysed("Datan hyödyntöminen on vasta alussa")
    assert "hyödyntää" in terms  # "hyödyntäminen", read as its verb
    assert view.startswith("data hyödyntää")


def test_features_stored_by_an_older_version_are_computed_again_and_replaced(monkeypatch):
    from workshop.synthesis import store

    text = "Tuulivoiman luvitus kestää"
    key = features.text_key(text)
    # A row of the old lemma view ("luvitus" read as "kuvitus"), stamped with the model alone.
    old_vector = np.zeros(features.DIMENSIONS, dtype=np.float32)
    db.session.add(
        TextFeature(key=key, model=features.MODEL, vector=old_vector.tobytes(), terms=["kuvitus"])
    )
    db.session.commit()
    features.forget_cache()
    assert store.load([key]) == {} and store.load_recent(10) == {}
    calls = _counting_embed(monkeypatch)
    (found,) = features.features_for([text])
    db.session.commit()
    assert len(calls) == 2  # computed again
    assert "luvitus" in found.terms and "kuvitus" not in found.terms
    row = db.session.get(TextFeature, key)
    assert row.model == features.STAMP != features.MODEL
    assert row.terms == list(found.terms)
    features.forget_cache()
    assert store.load([key])[key].terms == found.terms  # the new row is found again


def test_a_row_of_a_newer_version_is_not_overwritten(monkeypatch):
    # During a rolling restart a newer process may have stored the text already: this one
    # neither reads that row nor replaces it.
    from workshop.synthesis import store

    text = "Kaavoitus jarruttaa tuulipuistoja"
    key = features.text_key(text)
    newer = np.ones(features.DIMENSIONS, dtype=np.float32)
    stamp = f"{features.MODEL}+features{features.FEATURES_VERSION + 1}"
    db.session.add(TextFeature(key=key, model=stamp, vector=newer.tobytes(), terms=["newer"]))
    db.session.commit()
    features.forget_cache()
    _counting_embed(monkeypatch)
    (found,) = features.features_for([text])
    db.session.commit()
    assert "newer" not in found.terms
    row = db.session.get(TextFeature, key)
    db.session.refresh(row)
    assert row.model == stamp and row.terms == ["newer"]
    assert store.load([key]) == {}

"""An erased participant's chat takes its features with it, even from a job that computed them
before the erasure and saves them after it (``synthesis.store.forget_texts``)."""

import threading

from sqlalchemy import select

from tests.privacy.conftest import CHAT
from workshop.extensions import db
from workshop.privacy import services
from workshop.synthesis import features, store
from workshop.synthesis.models import TextFeature

KEY = features.text_key(CHAT)


def _rows(key: str) -> list[tuple[str, bytes, list]]:
    db.session.expire_all()
    return db.session.execute(
        select(TextFeature.model, TextFeature.vector, TextFeature.terms).where(
            TextFeature.key == key
        )
    ).all()


def _features_kept(key: str) -> bool:
    """Whether a row holds features of the text (anything but the erasure's tombstone)."""
    features.forget_cache()
    return bool(store.load([key])) or any(model != store.ERASED for model, _, _ in _rows(key))


def test_features_a_job_saves_after_the_erasure_do_not_bring_the_chat_back(rich_participant):
    features.forget_cache()
    (computed,) = features.compute([CHAT])  # a background job computes the chat's features,
    services.erase_participant(rich_participant)  # the participant is erased meanwhile,
    db.session.commit()
    store.save({KEY: computed})  # and the job's save comes after the erasure's commit
    db.session.commit()
    assert not _features_kept(KEY)
    # Themes that meet the same words again compute them in memory, and store nothing.
    assert features.features_for([CHAT])[0].terms == computed.terms
    db.session.commit()
    assert not _features_kept(KEY)


def test_a_save_during_the_erasures_transaction_waits_for_it_and_stores_nothing(
    app, rich_participant
):
    """The check and the write cannot interleave with the erasure: on PostgreSQL the save's
    upsert waits on the tombstone's key, on SQLite on the one write lock."""
    features.forget_cache()
    (computed,) = features.compute([CHAT])
    services.erase_participant(rich_participant)
    db.session.flush()  # the erasure's transaction is open, not committed
    outcome = {}

    def save_in_a_job():
        with app.app_context():
            try:
                store.save({KEY: computed})
                db.session.commit()
                outcome["saved"] = True
            except Exception as error:  # reported to the test's thread
                outcome["error"] = repr(error)
            finally:
                db.session.remove()

    job = threading.Thread(target=save_in_a_job)
    job.start()
    job.join(timeout=1.0)
    assert job.is_alive(), "the save did not wait for the erasure's transaction"
    db.session.commit()
    job.join(timeout=30)
    assert not job.is_alive()
    assert outcome == {"saved": True}
    assert not _features_kept(KEY)


def test_the_tombstones_stamp_is_never_one_a_save_writes_or_replaces():
    from workshop.synthesis.features import REPLACED_STAMPS, STAMP

    assert store.ERASED != STAMP and store.ERASED not in REPLACED_STAMPS


def test_only_what_the_participant_wrote_leaves_a_tombstone_and_only_for_two_days(
    rich_participant,
):
    from datetime import timedelta

    from workshop.assistant.models import Message
    from workshop.models import utcnow

    written = set(
        db.session.scalars(
            select(Message.text).where(
                Message.participant_id == rich_participant.id, Message.role == "user"
            )
        )
    )
    replies = set(
        db.session.scalars(
            select(Message.text).where(
                Message.participant_id == rich_participant.id, Message.role == "assistant"
            )
        )
    )
    assert written and replies  # the fixture's chat has both
    services.erase_participant(rich_participant)
    db.session.commit()
    tombstones = set(
        db.session.scalars(select(TextFeature.key).where(TextFeature.model == store.ERASED))
    )
    assert tombstones == {features.text_key(text) for text in written}
    # The purge run the next day keeps them; two days after the erasure it deletes them.
    services.purge(retention_days=365, now=utcnow() + timedelta(days=1))
    db.session.commit()
    assert db.session.scalar(select(TextFeature.key).where(TextFeature.model == store.ERASED))
    services.purge(retention_days=365, now=utcnow() + timedelta(days=store.TOMBSTONE_DAYS + 1))
    db.session.commit()
    assert not db.session.scalar(select(TextFeature.key).where(TextFeature.model == store.ERASED))

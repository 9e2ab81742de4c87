"""The stored features of free texts, kept by the text's hash (no text, no author)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow


class TextFeature(db.Model):
    """A text's embedding and terms, computed once (``synthesis/features.py``). The key is a
    hash of the text, so the row names no one; the terms are the text's base forms, so the
    row goes with a text that is erased (``synthesis.store.forget_texts``: the chat, on a
    participant's erasure; reasons, proposals and comments are kept then). An erased text's
    row stays as a tombstone (model ``erased``, no vector, no terms), so that a job that
    computed the text before the erasure cannot store its features after it."""

    __tablename__ = "text_feature"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    model: Mapped[str] = mapped_column(String(40))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    terms: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

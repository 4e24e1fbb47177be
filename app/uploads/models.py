"""Stored files: every feature that takes files (minutes, training material) keeps them here."""

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from app.accounts import User
from app.db import BaseModel, utcnow


class Upload(BaseModel):
    original_name = CharField(max_length=255)  #: cleaned for display; never used as a path
    stored_name = CharField(max_length=64, unique=True)  #: server-generated
    kind = CharField(max_length=8)  #: pdf, docx, odt, png, jpeg — found from the content
    size = IntegerField()
    sha256 = CharField(max_length=64, index=True)
    #: the text found inside (PDF, DOCX, ODT), for full-text search
    text = TextField(default="")
    #: the text could not be had within the upload's time budget: a background job reads it
    text_pending = BooleanField(default=False)
    #: when a background job last took the pending text on (a stale one is taken again)
    text_tried_at = DateTimeField(null=True)
    uploaded_by = ForeignKeyField(User, on_delete="RESTRICT")
    uploaded_at = DateTimeField(default=utcnow)
    #: the version this one replaced; replacing a file keeps the old one
    replaces = ForeignKeyField("self", null=True, backref="replaced_by", on_delete="RESTRICT")

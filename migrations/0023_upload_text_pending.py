"""Uploads whose text a background job reads later (it could not be had within the budget)."""

from peewee import BooleanField, DateTimeField


def up(migrator, db):
    migrator.add_column("upload", "text_pending", BooleanField(default=False)).run()
    migrator.add_column("upload", "text_tried_at", DateTimeField(null=True)).run()

"""The funder's side of the minutes: monthly bundles, months submitted, full-text search."""

from flask import Blueprint

bp = Blueprint("meeting_archive", __name__, url_prefix="/meetings")

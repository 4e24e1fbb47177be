"""Meetings: the list, a meeting's page, minutes, attendance, files, decisions, action items."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

"""The risk register: the table, a risk's page, measures, assessments, heat map, exports."""

from flask import Blueprint

bp = Blueprint("risks", __name__, url_prefix="/risks")

"""The reference page B: a 50-row table through the app's base template, with no database and no
signed-in user. bench/serve.py adds it to the app gunicorn serves, bench/run.py to the app it
counts queries on; the app itself never has it."""

from datetime import date, timedelta

from flask import Flask

from app.db import connects_on_demand
from bench.pages import REFERENCE_PATH

#: the page as the app's own pages are built: the base template, a table, translated headings
REFERENCE_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ _("Entries") }}{% endblock %}
{% block content %}
<h1>{{ _("Entries") }}</h1>
<table>
  <thead><tr><th>#</th><th>{{ _("Day") }}</th><th>{{ _("From") }}</th><th>{{ _("To") }}</th>
  <th>{{ _("Activity") }}</th><th>{{ _("Place") }}</th><th>{{ _("Hours") }}</th></tr></thead>
  <tbody>
  {% for row in rows %}
  <tr><td>{{ row.id }}</td><td>{{ row.day.strftime("%d.%m.%Y") }}</td><td>{{ row.start }}</td>
  <td>{{ row.end }}</td><td>{{ row.activity }}</td><td>{{ row.place }}</td>
  <td>{{ "%.2f"|format(row.hours) }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endblock %}"""
REFERENCE_ROWS = [
    {
        "id": n,
        "day": date(2026, 1, 1) + timedelta(days=n),
        "start": f"{8 + n % 4:02d}:00",
        "end": f"{10 + n % 4:02d}:30",
        "activity": ("Konsultācija", "Pavadīšana", "Dokumenti")[n % 3],
        "place": ("PMC", "Ārpus", "Attālināti")[n % 3],
        "hours": 2.5,
    }
    for n in range(1, 51)
]


def add_reference(application: Flask) -> None:
    """Serve B at REFERENCE_PATH: the base template and 50 rows, compiled once, rendered with
    the app's template context; the view opens no connection."""
    template = application.jinja_env.from_string(REFERENCE_TEMPLATE)

    def reference():
        context = {"rows": REFERENCE_ROWS, "bare": True}
        application.update_template_context(context)
        return template.render(context)

    application.add_url_rule(REFERENCE_PATH, "bench_reference", connects_on_demand(reference))

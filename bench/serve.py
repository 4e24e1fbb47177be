"""The app as gunicorn serves it in the benchmark (`gunicorn bench.serve:app`): the production
app of wsgi.py, and with BENCH_REFERENCE=1 one more page, the reference B (bench/reference.py).
It is added here, never in the app, so no deployment serves it."""

import os

from bench.reference import add_reference
from wsgi import app

if os.environ.get("BENCH_REFERENCE") == "1":
    add_reference(app)

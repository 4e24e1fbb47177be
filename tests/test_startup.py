"""A worker's start-up: building the app imports none of the large libraries that only
downloads, documents, uploads and the second factor's set-up need (each costs every worker
megabytes of memory for as long as it lives)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import app as app_package

#: the libraries imported where they are used, never by create_app
LAZY = (
    "matplotlib",
    "numpy",
    "docx",
    "openpyxl",
    "fpdf",
    "pypdf",
    "PIL",
    "icalendar",
    "segno",
    "pycountry",
    "markdown",
)

PROGRAM = """
import json, sys
from app import create_app
create_app({"DATA_DIR": sys.argv[1], "SECRET_KEY": "start-up", "DATABASE_URL": sys.argv[2]})
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.fixture(scope="module")
def imported_at_start(tmp_path_factory) -> set[str]:
    """The top-level modules loaded once create_app() has returned, in a fresh interpreter."""
    folder = tmp_path_factory.mktemp("start-up")
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(folder), f"sqlite:///{folder / 'app.db'}"],
        cwd=Path(app_package.__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_the_start_up_program_sees_the_app(imported_at_start):
    assert {"app", "flask", "peewee"} <= imported_at_start


@pytest.mark.parametrize("library", LAZY)
def test_create_app_leaves_the_library_unimported(imported_at_start, library):
    assert library not in imported_at_start

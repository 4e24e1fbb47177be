"""The case-file tests read English pages (the catalog may translate any message meanwhile)."""

import pytest

from app.accounts import User
from app.db import db


@pytest.fixture(autouse=True)
def english(users):
    with db.connection_context():
        User.update(language="en").execute()

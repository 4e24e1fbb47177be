"""The case-file tests read English pages (the catalog may translate any message meanwhile)."""

import pytest


@pytest.fixture(autouse=True)
def english(english):
    """tests/conftest.py's fixture, for every test here."""
    return english

"""The fixture of a database that fails its writes (tests/core/failures.py)."""

import pytest

from app.db import Trouble
from tests.core.failures import make_writes_fail


@pytest.fixture
def failing_writes(app):
    """failing_writes(trouble): from now on the app's writes fail for that cause."""
    held = []

    def make(trouble: Trouble) -> None:
        lock = make_writes_fail(trouble)
        if lock is not None:
            held.append(lock)

    yield make
    for lock in held:
        lock.close()  # which ends its transaction and lets go of the lock

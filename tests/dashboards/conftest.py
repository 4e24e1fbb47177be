"""Dashboard fixtures: the compliance tests' English UI and the risk tests' contract around
today, and the meeting tests' last week."""

from tests.compliance.conftest import contract, english, interims  # noqa: F401 (fixtures)
from tests.meetings.conftest import last_week  # noqa: F401 (fixture)

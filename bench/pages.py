"""The pages and downloads the benchmark reads, with the role that reads each, addressed from
the generator's summary (bench/generate.py writes it to bench.json)."""

from dataclasses import dataclass
from datetime import date

#: the reference page B (bench/serve.py)
REFERENCE_PATH = "/bench/reference"
#: what an optional page answers in a version of the app without it (the path or no GET there)
ABSENT = (404, 405)


@dataclass(frozen=True)
class Page:
    name: str
    role: str  #: a key of the summary's "users"
    path: str
    #: a file the page sends (DOCX, XLSX, ZIP), not HTML
    download: bool = False
    #: measured only when the app has it (another branch may add it)
    optional: bool = False


def pages(summary: dict) -> list[Page]:
    today = date.fromisoformat(summary["today"])
    year, week, _ = today.isocalendar()
    mentor = summary["mentor_id"]
    month = summary["last_month"]
    interim = summary["interim"]
    span = f"from={interim['from']}&to={interim['to']}"
    return [
        Page("week (mentor)", "mentor", f"/timesheets/{mentor}/{year}/{week}"),
        Page("team (social worker)", "social_worker", "/timesheets/team"),
        Page("month overview", "mentor", f"/timesheets/{mentor}/month/{today.year}/{today.month}"),
        Page("approval queue", "lead", "/timesheets/queue"),
        Page("risk register", "lead", "/risks/"),
        Page("a risk", "lead", f"/risks/{summary['risk_id']}"),
        Page("training calendar", "coordinator", "/training/"),
        Page("meetings list", "coordinator", "/meetings/"),
        Page("meetings search", "coordinator", "/meetings/search?q=dokumenti"),
        Page("home: lead", "lead", "/"),
        Page("home: coordinator", "coordinator", "/"),
        Page("home: mentor", "mentor", "/"),
        Page("compliance", "lead", "/compliance/"),
        Page("clients/cases list", "lead", "/cases/"),
        Page("a case file", "lead", f"/cases/{summary['case_id']}"),
        Page(
            "entries list (paginated)", "lead", f"/timesheets/entries?month={month}", optional=True
        ),
        Page("monthly report page", "coordinator", f"/reports/monthly?month={month}"),
        Page("monthly DOCX", "coordinator", f"/reports/monthly.docx?month={month}", True),
        Page("interim DOCX", "coordinator", f"/reports/interim.docx?{span}", True),
        Page("month XLSX (timesheets)", "lead", f"/timesheets/export.xlsx?month={month}", True),
        Page("month bundle (minutes)", "coordinator", f"/meetings/{month}/bundle.zip", True),
    ]

"""The minutes PDF in the monthly bundle, and the bundle's names, index and links, per language."""

import csv
import io
import zipfile
from datetime import date
from html.parser import HTMLParser
from urllib.parse import unquote

from flask_babel import force_locale
from pypdf import PdfReader

from app.accounts import User
from app.core.models import set_setting
from app.meetings import bundle
from app.meetings.labels import KIND_LABELS
from app.meetings.models import Attendance, Decision, Meeting, MeetingFile, MeetingKind
from app.permissions import Role
from app.uploads.services import store
from tests.factories import make_meeting, make_pdf

ORG = "Biedrība «Tests»"
MINUTES = (
    "### Pārrunātie jautājumi\n\n"
    "1. **Dežūras centrā.** Katru darba dienu viens mentors.\n"
    "2. **Pakas.** Piegādātas ģimenēm.\n\n"
    "- pirmais punkts\n- otrais punkts"
)


def year_ago(month: int, day: int) -> date:
    """A day of last year: the month is whole, past and not submitted."""
    return date(date.today().year - 1, month, day)


def written(app, users, day: date, kind: str = MeetingKind.WEEKLY) -> Meeting:
    """A meeting with Markdown minutes, a decision, the mentor there and the social worker not."""
    with app.test_request_context():
        meeting = make_meeting(
            users,
            day,
            kind=kind,
            attendees=[users[Role.MENTOR].id, users[Role.SOCIAL_WORKER].id],
        )
        meeting.minutes = MINUTES
        meeting.save()
        Decision.create(meeting=meeting.id, position=1, text="Turpināt paku piegādi")
        Attendance.update(attended=Attendance.user == users[Role.MENTOR].id).where(
            Attendance.meeting == meeting.id
        ).execute()
    return meeting


def bundle_of(client, day: date) -> zipfile.ZipFile:
    response = client.get(f"/meetings/{day:%Y-%m}/bundle.zip")
    assert response.status_code == 200
    data = response.get_data()
    response.close()
    return zipfile.ZipFile(io.BytesIO(data))


def pdf_of(archive: zipfile.ZipFile, day: date):
    [name] = [n for n in archive.namelist() if n.endswith(f"_{day:%Y-%m-%d}.pdf")]
    return PdfReader(io.BytesIO(archive.read(name)))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_minutes_pdf_holds_what_the_funder_reads(app, client_as, english):
    with app.test_request_context():
        set_setting("org_name", ORG)
    first, second = year_ago(3, 3), year_ago(3, 10)
    written(app, english, first)
    written(app, english, year_ago(3, 5), kind=MeetingKind.EXTRAORDINARY)
    meeting = written(app, english, second)
    client = client_as(Role.LEAD)
    client.post(
        f"/meetings/{meeting.id}/minutes",
        data={"minutes": MINUTES, "version": str(Meeting.get_by_id(meeting.id).version)},
    )
    reader = pdf_of(bundle_of(client, second), second)
    text = text_of(reader)
    lines = [line.strip() for line in text.splitlines()]
    assert ORG in lines
    # the second weekly meeting of the year: the extraordinary one has its own numbers
    assert f"Minutes No. 2/{second.year}" in lines
    assert f"Date: {second:%d.%m.%Y}" in lines
    assert "Place: Office" in lines
    coordinator = english[Role.COORDINATOR].display_name
    lead = english[Role.LEAD].display_name  # who wrote the minutes took them
    assert f"Chair: {coordinator}" in lines and f"Minutes taken by: {lead}" in lines
    # attendees one a line (the chair was there though not invited), the absent apart
    assert "Present (2)" in lines
    assert f"1. {coordinator}" in lines and f"2. {english[Role.MENTOR].display_name}" in lines
    assert "Absent (1)" in lines and f"1. {english[Role.SOCIAL_WORKER].display_name}" in lines
    # the Markdown's heading, numbered and bulleted lists, without its marks
    assert "Pārrunātie jautājumi" in lines
    assert any(line.startswith("1. Dežūras centrā.") for line in lines)
    assert any(line.startswith("• pirmais punkts") for line in lines)
    assert "###" not in text and "**" not in text
    assert "1. Turpināt paku piegādi" in lines
    # the signature lines at the end
    tail = text[text.index("Turpināt paku piegādi") :]
    assert f"Chair: {'_' * 32} {coordinator}" in tail
    assert f"Minutes taken by: {'_' * 32} {lead}" in tail
    assert tail.count("(signature)") == 2
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Bold" in name for name in fonts)  # the bold stays bold
    assert reader.metadata.author == ORG


def test_the_minutes_pdf_reads_latvian_for_a_latvian_reader(app, client_as, users):
    day = year_ago(4, 7)
    written(app, users, day, kind=MeetingKind.EXTRAORDINARY)
    text = text_of(pdf_of(bundle_of(client_as(Role.COORDINATOR), day), day))
    with app.test_request_context(), force_locale("lv"):
        title = str(bundle._l("Minutes No. %(number)s", number=f"1/{day.year}"))
        chair, kind = str(bundle._l("Chair")), str(KIND_LABELS[MeetingKind.EXTRAORDINARY])
    assert title in text and f"{chair}:" in text and kind in text
    assert "Ārkārtas" in kind and "Extraordinary" not in text


def names_in(app, language: str) -> dict[str, str]:
    """The words of the bundle's names in `language`, as its catalog has them."""
    with app.test_request_context(), force_locale(language):
        return {
            "kind": bundle.slug(KIND_LABELS[MeetingKind.WEEKLY]),
            "minutes": bundle.slug(bundle.MINUTES_FILE),
            "index": bundle.slug(bundle.INDEX_FILE),
            "zip": bundle.slug(bundle.BUNDLE_FILE),
        }


def test_the_bundle_names_are_in_the_readers_language_and_ascii(app, client_as, users):
    day = year_ago(5, 5)
    meeting = written(app, users, day)
    with app.test_request_context():
        upload = store(users[Role.COORDINATOR], io.BytesIO(make_pdf("x")), "Pielikums ā Ž.PDF")
        MeetingFile.create(meeting=meeting.id, upload=upload.id)
    expected = {}
    for language in ("lv", "en"):
        User.update(language=language).execute()
        client = client_as(Role.COORDINATOR)
        response = client.get(f"/meetings/{day:%Y-%m}/bundle.zip")
        words = names_in(app, language)
        disposition = response.headers["Content-Disposition"].replace('"', "")
        assert disposition.endswith(f"filename={words['zip']}-{day:%Y-%m}.zip")
        response.close()
        archive = bundle_of(client, day)
        folder = f"{day:%Y-%m-%d}_{words['kind']}"
        assert sorted(archive.namelist()) == sorted(
            [
                f"{folder}/{words['minutes']}_{day:%Y-%m-%d}.pdf",
                f"{folder}/Pielikums_a_Z.pdf",
                f"{words['index']}.csv",
                f"{words['index']}.html",
            ]
        )
        assert all(name.isascii() and " " not in name for name in archive.namelist())
        expected[language] = set(archive.namelist())
        rows = list(
            csv.reader(
                io.StringIO(archive.read(f"{words['index']}.csv").decode("utf-8-sig")),
                delimiter=";" if language == "lv" else ",",
            )
        )
        assert len(rows[0]) == len(bundle.INDEX_HEADINGS) and rows[1][0] == f"{day:%d.%m.%Y}"
    assert words["kind"] == "weekly-all-staff-meeting"
    assert names_in(app, "lv")["kind"] != words["kind"]  # the Latvian label, folded to ASCII
    assert expected["lv"] != expected["en"]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])


def test_the_index_links_every_file_relative_to_itself(app, client_as, english):
    day = year_ago(6, 2)
    meeting = written(app, english, day)
    make_meeting(english, year_ago(6, 9))  # no minutes, no files: a row without a link
    with app.test_request_context():
        upload = store(english[Role.COORDINATOR], io.BytesIO(make_pdf("y")), "Scan 1.pdf")
        MeetingFile.create(meeting=meeting.id, upload=upload.id)
    archive = bundle_of(client_as(Role.COORDINATOR), day)
    html = archive.read("index.html").decode()
    links = Links()
    links.feed(html)
    files = set(archive.namelist()) - {"index.html", "index.csv"}
    assert len(files) == 2
    assert {unquote(href) for href in links.hrefs} == files
    for href in links.hrefs:  # opens from the unpacked folder: no scheme, no leading slash
        assert ":" not in href and not href.startswith(("/", "."))
    assert f"{day:%d.%m.%Y}" in html and f"{year_ago(6, 9):%d.%m.%Y}" in html
    assert f"1/{day.year}" in html and f"2/{day.year}" in html


def test_ascii_names():
    assert bundle.ascii_name("Protokols ķēķis.DOCX") == "Protokols_kekis.docx"
    assert bundle.ascii_name("../../etc/passwd") == "passwd"
    assert bundle.ascii_name(".pdf") == "file.pdf"
    assert bundle.ascii_name("Ļoti_garš-nosaukums") == "Loti_gars-nosaukums"
    assert bundle.slug("Ārkārtas sapulce") == "arkartas-sapulce"


def test_the_same_month_gives_the_same_minutes_pdf(app, client_as, english):
    """What was sent can be checked later: the PDF of unchanged minutes is byte-identical."""
    day = year_ago(7, 7)
    written(app, english, day)
    client = client_as(Role.COORDINATOR)
    first, again = (bundle_of(client, day) for _ in range(2))
    [name] = [n for n in first.namelist() if n.endswith(".pdf")]
    assert first.read(name) == again.read(name)
    assert first.read("index.csv") == again.read("index.csv")

"""Sessions: plan with invitations, bad input kept (422), edit, cancel, files, kinds."""

import io
from datetime import timedelta

from app.accounts import User
from app.permissions import Role
from app.training.models import Participant, SessionFile, TrainingKind, TrainingSession
from tests.factories import kind_id, make_pdf, make_session
from tests.training.conftest import session_data

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def invited(session_id: int) -> list[int]:
    rows = Participant.select().where(Participant.session == session_id)
    return sorted(row.user_id for row in rows)


def test_coordinator_plans_a_session_with_invitations(client_as, english, last_week):
    client = client_as(Role.COORDINATOR)
    assert client.get("/training/new").status_code == 200
    data = session_data(last_week, participants=[str(english[Role.MENTOR].id)])
    response = client.post("/training/new", data=data)
    assert response.status_code == 303
    session = TrainingSession.get()
    assert (session.start_minute, session.end_minute, session.minutes) == (600, 780, 180)
    assert not session.minutes_overridden and session.created_by_id == english["coordinator"].id
    assert invited(session.id) == [english[Role.MENTOR].id]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Group supervision: Supervision" in page and "External supervisor" in page


def test_inviting_the_whole_audience_invites_everyone_of_its_roles(client_as, english, last_week):
    from tests.conftest import create_user

    second = create_user("mentor2", Role.MENTOR)
    create_user("gone", Role.MENTOR, active=False)
    client = client_as(Role.LEAD)
    data = session_data(last_week, audience="mentors", invite_audience="y")
    assert client.post("/training/new", data=data).status_code == 303
    session = TrainingSession.get()
    assert invited(session.id) == sorted([english[Role.MENTOR].id, second.id])


def test_a_multi_day_event_counts_its_days_or_the_hours_set_by_hand(client_as, english, last_week):
    client = client_as(Role.COORDINATOR)
    two_days = session_data(last_week, end_day=(last_week + timedelta(days=1)).isoformat())
    assert client.post("/training/new", data=two_days).status_code == 303
    by_hand = dict(two_days, hours="10,5", topic="Conference")
    assert client.post("/training/new", data=by_hand).status_code == 303
    computed, overridden = TrainingSession.select().order_by(TrainingSession.id)
    assert computed.minutes == 360 and computed.end_day == last_week + timedelta(days=1)
    assert overridden.minutes == 630 and overridden.minutes_overridden


def assert_refused(client, data, message, url="/training/new"):
    response = client.post(url, data=data)
    assert response.status_code == 422, response.status_code
    page = response.get_data(as_text=True)
    assert message in page, page[-3000:]
    assert 'value="External supervisor"' in page  # the input is kept
    return page


def test_bad_sessions_are_refused_with_the_message_next_to_the_field(client_as, english, last_week):
    client = client_as(Role.COORDINATOR)
    base = session_data(last_week)
    assert_refused(client, dict(base, end="09:00"), "The end must be after the start.")
    assert_refused(client, dict(base, end="12:10"), "Use 15-minute steps")
    assert_refused(client, dict(base, start="25:00"), "Enter a time as HH:MM")
    assert_refused(client, dict(base, hours="0"), "The hours must be more than 0.")
    assert_refused(client, dict(base, hours="25"), "At most 24 hours a day.")
    assert_refused(client, dict(base, hours="abc"), "Enter hours as a number")
    before = (last_week - timedelta(days=1)).isoformat()
    assert_refused(client, dict(base, end_day=before), "The last day cannot be before the first")
    # a typing mistake in the year (9999-12-31 used to break the invited people's calendar feed)
    assert_refused(client, dict(base, end_day="9999-12-31"), "Enter a date between 2000 and 2099.")
    assert_refused(client, dict(base, day="0202-05-04"), "Enter a date between 2000 and 2099.")
    assert_refused(client, dict(base, format="online"), "Name the platform of an online session.")
    assert_refused(client, dict(base, kind="999"), "Not a valid choice.")
    assert_refused(client, dict(base, topic=""), "This field is required.")
    assert TrainingSession.select().count() == 0


def test_individual_supervision_needs_exactly_one_participant(client_as, english, last_week):
    client = client_as(Role.LEAD)
    individual = str(kind_id("Individual supervision"))
    base = session_data(last_week, kind=individual)
    message = "Individual supervision has exactly one participant."
    assert_refused(client, base, message)
    two = [str(english[Role.MENTOR].id), str(english[Role.SOCIAL_WORKER].id)]
    assert_refused(client, dict(base, participants=two), message)
    one = dict(base, participants=[str(english[Role.MENTOR].id)])
    assert client.post("/training/new", data=one).status_code == 303


def test_people_not_on_staff_on_the_day_cannot_be_invited(client_as, english, last_week):
    User.update(start_date=last_week + timedelta(days=1)).where(
        User.id == english[Role.MENTOR].id
    ).execute()
    client = client_as(Role.COORDINATOR)
    data = session_data(last_week, participants=[english[Role.MENTOR].id])
    page = assert_refused(client, data, "Not on staff on")
    assert "Mentor" in page


def test_htmx_form_errors_are_a_fragment(client_as, english, last_week):
    client = client_as(Role.COORDINATOR)
    response = client.post(
        "/training/new",
        data=session_data(last_week, end="09:00"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<html" not in page and 'id="session-form"' in page
    assert "The end must be after the start." in page


def test_edit_with_a_stale_version_is_refused(client_as, session, last_week):
    client = client_as(Role.COORDINATOR)
    url = f"/training/{session.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Burnout and boundaries" in page
    ok = client.post(url, data=session_data(last_week, place="Room 2", version="1"))
    assert ok.status_code == 303
    stale = client.post(url, data=session_data(last_week, place="Room 3", version="1"))
    assert stale.status_code == 422
    assert "changed meanwhile" in stale.get_data(as_text=True)
    assert TrainingSession.get_by_id(session.id).place == "Room 2"


def test_someone_with_a_mark_cannot_be_uninvited(client_as, english, session, last_week):
    Participant.update(attended_minutes=180).where(
        Participant.user == english[Role.MENTOR].id
    ).execute()
    client = client_as(Role.COORDINATOR)
    data = session_data(last_week, version="1", participants=[english[Role.SOCIAL_WORKER].id])
    assert_refused(client, data, "cannot be uninvited", url=f"/training/{session.id}/edit")
    assert english[Role.MENTOR].id in invited(session.id)


def test_cancelled_sessions_are_kept_and_can_be_restored(client_as, session):
    client = client_as(Role.COORDINATOR)
    response = client.post(f"/training/{session.id}/cancel", headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The session is cancelled." in page and "Restore the session" in page
    assert TrainingSession.get_by_id(session.id).cancelled
    edit = client.post(f"/training/{session.id}/edit", data=session_data(session.day, version="2"))
    assert "The session is cancelled. Restore it to change it." in edit.get_data(as_text=True)
    assert client.post(f"/training/{session.id}/restore").status_code == 303
    assert not TrainingSession.get_by_id(session.id).cancelled


def test_mentor_reads_sessions_but_cannot_plan(client_as, session, last_week):
    client = client_as(Role.MENTOR)
    assert client.get(f"/training/{session.id}").status_code == 200
    assert client.get("/training/new").status_code == 403
    assert client.post(f"/training/{session.id}/cancel").status_code == 403
    assert client.get("/training/999").status_code == 404


def test_kind_names_follow_the_reader_language(client_as, users, last_week):
    make_session(users, last_week)
    page = client_as(Role.MENTOR).get(f"/training/{last_week.year}/{last_week.month}")
    assert "Grupas supervīzija" in page.get_data(as_text=True)


def test_files_are_stored_and_served_only_under_their_session(client_as, english, session):
    other = make_session(english, session.day, topic="Other")
    client = client_as(Role.COORDINATOR)
    url = f"/training/{session.id}/files"
    pdf = {"role": "agenda", "file": (io.BytesIO(make_pdf()), "agenda.pdf")}
    assert client.post(url, data=pdf, content_type="multipart/form-data").status_code == 303
    png = {"role": "attendance_sheet", "file": (io.BytesIO(PNG), "sheet.png")}
    assert client.post(url, data=png, content_type="multipart/form-data").status_code == 303
    text = {"role": "material", "file": (io.BytesIO(b"plain text"), "notes.txt")}
    refused = client.post(url, data=text, content_type="multipart/form-data")
    assert refused.status_code == 422
    files = list(SessionFile.select().order_by(SessionFile.id))
    assert [row.role for row in files] == ["agenda", "attendance_sheet"]
    page = client.get(f"/training/{session.id}").get_data(as_text=True)
    assert "agenda.pdf" in page and "Signed attendance sheet" in page
    reader = client_as(Role.MENTOR)
    download = reader.get(f"/training/{session.id}/files/{files[0].id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()
    assert reader.get(f"/training/{other.id}/files/{files[0].id}").status_code == 404


def test_kinds_are_added_renamed_and_retired_never_deleted(client_as, english, session):
    client = client_as(Role.COORDINATOR)
    added = client.post(
        "/training/kinds",
        data={"name_lv": "Intervīze", "name_en": "Peer review", "counts_as": "supervision"},
    )
    assert added.status_code == 303
    kind = TrainingKind.get(TrainingKind.name_en == "Peer review")
    assert kind.counts_as == "supervision" and kind.active
    renamed = client.post(
        f"/training/kinds/{kind.id}/edit",
        data={"name_lv": "Intervīzija", "name_en": "Peer consultation", "counts_as": "training"},
    )
    assert renamed.status_code == 303
    group = kind_id("Group supervision")
    assert client.post(f"/training/kinds/{group}/retire").status_code == 303
    form = client.get("/training/new").get_data(as_text=True)
    assert "Peer consultation" in form and "Group supervision" not in form
    # a retired kind stays on its sessions and in their edit form
    assert "Group supervision" in client.get(f"/training/{session.id}/edit").get_data(as_text=True)
    bad = client.post("/training/kinds", data={"name_lv": "", "name_en": "x", "counts_as": "x"})
    assert bad.status_code == 422
    assert "This field is required." in bad.get_data(as_text=True)
    assert client.post(f"/training/kinds/{group}/restore").status_code == 303
    assert TrainingKind.get_by_id(group).active
    assert TrainingKind.select().count() == 7
    assert client_as(Role.MENTOR).get("/training/kinds").status_code == 403


def test_garbage_in_every_training_field_never_gives_500(client_as, english, session):
    from tests.test_bad_input import NASTY_VALUES

    client = client_as(Role.COORDINATOR)
    session_fields = [*session_data(session.day), "participants", "invite_audience", "version"]
    kind_fields = ["name_lv", "name_en", "counts_as", "individual", "sort_order"]
    for value in NASTY_VALUES:
        for url, names in (
            ("/training/new", session_fields),
            (f"/training/{session.id}/edit", session_fields),
            ("/training/kinds", kind_fields),
            ("/training/kinds/1/edit", kind_fields),
            (f"/training/{session.id}/files", ["role", "file"]),
            (
                f"/training/{session.id}/attendance",
                ["marks-0-user", "marks-0-mark", "marks-0-hours"],
            ),
        ):
            response = client.post(url, data=dict.fromkeys(names, value))
            assert response.status_code < 500, (url, value[:20])
        assert client.get("/training/new", query_string={"day": value}).status_code == 200
        # one bad field among good ones reaches the rules, not only the form
        for name in ("kind", "participants", "version", "hours", "end_day", "audience"):
            data = session_data(session.day, **{name: value})
            for url in ("/training/new", f"/training/{session.id}/edit"):
                assert client.post(url, data=data).status_code < 500, (url, name, value[:20])
    assert client.get(f"/training/feed/{NASTY_VALUES[5]}.ics").status_code == 404
    # "²" passes str.isdigit() but not int(): a stale-form refusal, not a 500
    stale = client.post(f"/training/{session.id}/edit", data=session_data(session.day, version="²"))
    assert stale.status_code == 422 and "changed meanwhile" in stale.get_data(as_text=True)


def test_someone_who_left_stays_invited_when_the_session_is_edited(client_as, english, session):
    User.update(active=False).where(User.id == english[Role.MENTOR].id).execute()
    client = client_as(Role.COORDINATOR)
    keep = [english[Role.MENTOR].id, english[Role.SOCIAL_WORKER].id]
    data = session_data(session.day, version="1", participants=keep, results="Went well")
    assert client.post(f"/training/{session.id}/edit", data=data).status_code == 303
    assert invited(session.id) == sorted(keep)

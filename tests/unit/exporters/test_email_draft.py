"""`board-admin export email`: a draft .eml that Python's own mail parser reads back with the members of the group
on the meeting's date in To, their named deputies in Cc, the document attached (a real .docx) and X-Unsent: 1;
those who cannot be written to are named; the wording comes from a template the unit can edit. On SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import email
import io
from email import policy

import pytest
from docx import Document
from sqlalchemy import select, update

from board_admin.cli import EXIT_FAILED, EXIT_OK, main
from board_admin.db.models import Meeting, Membership, Person
from board_admin.domain.enums import ActionStatus, MemberRole
from board_admin.domain.structure import email_problem
from board_admin.services import meetings as m
from board_admin.services import structure as s
from tests.conftest import SAMPLE_TODAY
from tests.sample_world import CHILDREN_BOARD

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def world(database, with_world):
    """The sample world, with Frank Hollis (Ben Okafor's deputy) given an address, Chloe Price a seat on the board
    and no address, and Dev Patel (on the board from next month) an address an older version let through."""
    world = with_world(database, SAMPLE_TODAY)
    people = world.people
    s.update_person(
        database,
        people["Frank Hollis"],
        s.PersonFields("Frank Hollis", world.agencies["Police"], email="frank.hollis@example.police.uk"),
    )
    s.add_membership(
        database,
        s.MembershipFields(
            world.groups[CHILDREN_BOARD], people["Chloe Price"], MemberRole.MEMBER, SAMPLE_TODAY - dt.timedelta(10)
        ),
    )
    with database.session() as session:  # stored before the address rule was strict: the form would refuse it
        session.execute(update(Person).where(Person.id == people["Dev Patel"]).values(email="dev.patel at probation"))
        session.commit()
    return world


def url_of(database) -> str:
    return database.url.render_as_string(hide_password=False)


def send(database, tmp_path, what: str, meeting_date: dt.date, name: str | None = None):
    out = tmp_path / (name or f"{what}.eml")
    code = main(
        ["--database", url_of(database), "export", "email", "--group", CHILDREN_BOARD, "--date",
         meeting_date.isoformat(), "--what", what, str(out)]
    )  # fmt: skip
    return code, out


def read(path):
    with path.open("rb") as handle:
        return email.message_from_binary_file(handle, policy=policy.default)


def expected_recipients(database, meeting_id: int):
    """To and Cc worked out here from the stored memberships: seats in force on the meeting's date (start and end
    included), deputies copied in when the member they stand in for is seated that day; each as (name, address)
    for those with a usable address, and the names of those without one."""
    with database.session() as session:
        meeting = session.get(Meeting, meeting_id)
        seats = session.scalars(select(Membership).where(Membership.group_id == meeting.group_id)).all()
        day = meeting.meeting_date
        seated = [seat for seat in seats if seat.start_date <= day and (seat.end_date is None or seat.end_date >= day)]
        members = [seat for seat in seated if seat.role is not MemberRole.DEPUTY]
        member_seats = {seat.id for seat in members}
        member_people = {seat.person_id for seat in members}
        deputies = [
            seat
            for seat in seated
            if seat.role is MemberRole.DEPUTY
            and seat.deputy_for_id in member_seats
            and seat.person_id not in member_people
        ]

        def split(chosen):
            good = {(seat.person.name, seat.person.email) for seat in chosen if seat.person.email}
            good = {(name, address) for name, address in good if email_problem(address) is None}
            bad = {seat.person.name for seat in chosen} - {name for name, _address in good}
            return good, bad

        to, to_bad = split(members)
        cc, cc_bad = split(deputies)
    return to, cc, to_bad | cc_bad


def addresses(message, header: str) -> set[tuple[str, str]]:
    return {(address.display_name, address.addr_spec) for address in message[header].addresses}


@pytest.mark.parametrize("what", ["agenda", "minutes"])
def test_the_agenda_or_the_minutes_go_to_the_members_with_deputies_in_cc(database, world, tmp_path, capsys, what):
    meeting_date = SAMPLE_TODAY + dt.timedelta(40)  # board-6: Dev Patel has joined by then, Eve Marsh has left
    code, out = send(database, tmp_path, what, meeting_date)
    assert code == EXIT_OK, capsys.readouterr().err
    message = read(out)
    to, cc, left_out = expected_recipients(database, world.meetings["board-6"])
    assert to and cc and left_out  # the test's world has all three
    assert addresses(message, "To") == to
    assert addresses(message, "Cc") == cc
    assert message["X-Unsent"] == "1"
    assert message["Subject"].startswith(f"{CHILDREN_BOARD}: ")

    attachments = list(message.iter_attachments())
    assert [part.get_filename() for part in attachments] == [f"{CHILDREN_BOARD} {what} {meeting_date:%Y-%m-%d}.docx"]
    assert attachments[0].get_content_type() == DOCX
    document = Document(io.BytesIO(attachments[0].get_content()))
    assert document.paragraphs[0].text == CHILDREN_BOARD

    said = capsys.readouterr().out
    assert said.startswith(f"Wrote {out} (the {what} of {CHILDREN_BOARD}, {meeting_date:%d/%m/%Y}, to {len(to)} ")
    # Nobody is left out silently: each is named, with the reason.
    assert said.splitlines()[1:] == [
        "Not addressed: Dev Patel's email address 'dev.patel at probation' is not an email address: "
        "it has a space in it.",
        "Not addressed: Chloe Price has no email address.",
    ]
    assert {"Chloe Price", "Dev Patel"} == left_out


def test_memberships_are_taken_on_the_meeting_date(database, world, tmp_path, capsys):
    """board-1, 150 days back: Eve Marsh was still a member, Dev Patel and Chloe Price not yet."""
    meeting_date = SAMPLE_TODAY - dt.timedelta(150)
    code, out = send(database, tmp_path, "agenda", meeting_date)
    assert code == EXIT_OK
    message = read(out)
    to, cc, left_out = expected_recipients(database, world.meetings["board-1"])
    assert addresses(message, "To") == to and addresses(message, "Cc") == cc
    assert "Eve Marsh" in left_out and "Dev Patel" not in capsys.readouterr().out


def test_the_reminder_goes_to_the_owners_of_open_actions_with_theirs_listed(database, world, tmp_path, capsys):
    people, meetings = world.people, world.meetings
    m.create_action(
        database, meetings["board-1"], m.ActionFields("Audit the neglect toolkit", owner_id=people["Ben Okafor"])
    )
    m.create_action(
        database,
        meetings["board-2"],
        m.ActionFields("Share the learning brief", owner_id=people["Grace Lin"], due_date=SAMPLE_TODAY),
    )
    m.create_action(
        database,
        meetings["board-2"],
        m.ActionFields("Close the old audit", owner_id=people["Alison Reed"], status=ActionStatus.DONE),
    )
    m.create_action(  # agreed at a later meeting than the one the reminder is for: not in it
        database, meetings["board-6"], m.ActionFields("Plan the next year", owner_id=people["Alison Reed"])
    )
    code, out = send(database, tmp_path, "actions", SAMPLE_TODAY - dt.timedelta(90))
    assert code == EXIT_OK
    message = read(out)
    assert addresses(message, "To") == {
        ("Ben Okafor", "ben.okafor@example.police.uk"),
        ("Grace Lin", "grace.lin@example.org"),
    }
    assert message["Cc"] is None and message["X-Unsent"] == "1"
    assert list(message.iter_attachments()) == []
    body = message.get_body(("plain",)).get_content()
    assert "Audit the neglect toolkit" in body and "Share the learning brief" in body
    assert "Close the old audit" not in body and "Plan the next year" not in body
    assert body.index("Ben Okafor (Cambridgeshire Constabulary)") < body.index("Audit the neglect toolkit")
    # The sample world's two open actions of board-2 have no owner: said, not dropped.
    said = capsys.readouterr().out.splitlines()
    assert said[0] == f"Wrote {out} (a reminder of the open actions of {CHILDREN_BOARD}, to 2 people)."
    assert said[1:] == ["Not addressed: 2 open actions have no person named as owner, so no one is reminded of them."]


def test_the_wording_comes_from_the_units_own_template_first(database, world, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOARD_ADMIN_DATA_DIR", str(tmp_path / "data"))
    templates = tmp_path / "data" / "templates"
    templates.mkdir(parents=True)
    (templates / "email-agenda.txt").write_text(
        "Subject: Papers for $group on $date\n\nHello all,\n\nThe agenda for $date at $place is attached.\n",
        encoding="utf-8",
    )
    code, out = send(database, tmp_path, "agenda", SAMPLE_TODAY - dt.timedelta(90))
    assert code == EXIT_OK
    message = read(out)
    day = SAMPLE_TODAY - dt.timedelta(90)
    assert message["Subject"] == f"Papers for {CHILDREN_BOARD} on {day:%A} {day.day} {day:%B %Y}"
    assert message.get_body(("plain",)).get_content() == (
        f"Hello all,\n\nThe agenda for {day:%A} {day.day} {day:%B %Y} at Room 1 is attached.\n"
    )

    (templates / "email-agenda.txt").write_text("Subject: $group\n\nDear $members,\n", encoding="utf-8")
    code, out = send(database, tmp_path, "agenda", day, "again.eml")
    assert code == EXIT_FAILED and not out.exists()
    said = capsys.readouterr().err.strip()
    assert said.startswith(f"board-admin: The e-mail template {templates / 'email-agenda.txt'} uses $members,")


def test_the_pack_goes_with_the_papers_that_are_not_pdfs(database, world, tmp_path, capsys):
    """The agenda pack (one PDF: the agenda and the PDF papers) and, beside it, the Word paper the pack lists as
    sent separately."""
    from docx import Document as NewDocument
    from pypdf import PdfReader, PdfWriter

    from board_admin.services.papers import add_paper

    item = m.add_agenda_item(database, world.meetings["board-6"], m.AgendaItemFields("Neglect strategy"))
    pdf = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(pdf)
    add_paper(database, item, "strategy.pdf", pdf.getvalue())
    word = io.BytesIO()
    paper = NewDocument()
    paper.add_paragraph("The neglect strategy's action plan")
    paper.save(word)
    add_paper(database, item, "action plan.docx", word.getvalue())

    day = SAMPLE_TODAY + dt.timedelta(40)
    code, out = send(database, tmp_path, "pack", day)
    assert code == EXIT_OK, capsys.readouterr().err
    attachments = list(read(out).iter_attachments())
    assert [(part.get_filename(), part.get_content_type()) for part in attachments] == [
        (f"{CHILDREN_BOARD} agenda pack {day:%Y-%m-%d}.pdf", "application/pdf"),
        ("action plan.docx", DOCX),
    ]
    assert len(PdfReader(io.BytesIO(attachments[0].get_content())).pages) >= 2  # the agenda, then the paper
    assert Document(io.BytesIO(attachments[1].get_content())).paragraphs[0].text == "The neglect strategy's action plan"


def test_the_minutes_of_a_cancelled_meeting_are_its_notice(database, world, tmp_path, capsys):
    day = SAMPLE_TODAY - dt.timedelta(30)  # board-3, cancelled: "Chair unwell"
    code, out = send(database, tmp_path, "minutes", day)
    assert code == EXIT_OK, capsys.readouterr().err
    message = read(out)
    assert message["Subject"] == (
        f"{CHILDREN_BOARD}: cancellation notice of the meeting on {day:%A} {day.day} {day:%B %Y}"
    )
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == f"{CHILDREN_BOARD} cancellation notice {day:%Y-%m-%d}.docx"
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(attachment.get_content())).paragraphs)
    assert "Chair unwell" in text


def test_nobody_signed_in_writes_no_reminder(database, world, tmp_path):
    from board_admin.domain.permissions import NOBODY, PermissionDeniedError
    from board_admin.exporters.email_draft import write_email_draft

    database.actor = NOBODY
    out = tmp_path / "actions.eml"
    with pytest.raises(PermissionDeniedError):
        write_email_draft(database, world.meetings["board-2"], "actions", out, SAMPLE_TODAY)
    assert not out.exists()

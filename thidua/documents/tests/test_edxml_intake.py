"""Taking in an edXML package: a document with its attachments, or nothing at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import time_machine

from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError, Conflict
from thidua.core.models import AuditEvent
from thidua.documents.edxml_intake import incoming_from_edxml
from thidua.documents.models import Attachment, IncomingDocument, Step, Urgency
from thidua.documents.tests.import_helpers import (
    HOSTILE_PACKAGES,
    PDF,
    TODAY,
    edxml_package,
    incoming_register,
    media,
    media_files,
    state,
)
from thidua.organization.choices import Role
from thidua.organization.models import User

pytestmark = pytest.mark.django_db
__all__ = ["media"]  # the fixture


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def clerk(agency: Agency, user_with_role: Callable[..., User]) -> User:
    return user_with_role(Role.CLERK, agency.department, username="vanthu")


def test_a_good_package_creates_the_document_with_its_attachments(
    agency: Agency, clerk: User, media: Path
) -> None:
    # given
    register = incoming_register(agency)
    package = edxml_package(
        attachments=[
            ("Công văn 123.pdf", "application/pdf", PDF),
            ("../../etc/Phụ lục.docx", "application/msword", b"phu luc"),
        ]
    )

    # when
    document = incoming_from_edxml(
        actor=Actor.cli(clerk), register=register, content=package, file_name="goi-tin.xml"
    )

    # then: the header mapped onto the register entry
    document.refresh_from_db()
    assert (document.register, document.year, document.number, document.received_on) == (
        register,
        2026,
        1,
        TODAY,
    )
    assert (document.sender, document.sender_reference, document.issued_on) == (
        "Ủy ban nhân dân tỉnh Hà Giang",
        "123/UBND-KT",
        date(2026, 3, 10),
    )
    assert (document.abstract, document.deadline, document.urgency, document.exchange_id) == (
        "V/v đề nghị hỗ trợ kinh phí khắc phục hậu quả thiên tai",
        date(2026, 3, 30),
        Urgency.URGENT,
        "H37.02-2026-000123",
    )
    assert document.doc_type == "Công văn"
    # the attachments: original names kept, files under generated names, same bytes
    attachments = list(document.attachments.order_by("pk"))
    assert [(a.name, a.content_type, a.size) for a in attachments] == [
        ("Công văn 123.pdf", "application/pdf", len(PDF)),
        ("Phụ lục.docx", "application/msword", 7),
    ]
    for attachment, content in zip(attachments, (PDF, b"phu luc"), strict=True):
        stored = Path(attachment.file.path)
        assert stored.read_bytes() == content
        assert stored.is_relative_to(media)
        assert stored.name != attachment.name
        assert stored.suffix == Path(attachment.name).suffix
    assert len(media_files(media)) == 2
    assert Step.objects.get(document=document).kind == "received"
    event = AuditEvent.objects.get(action="EDXML_RECEIVED")
    assert event.data["attachments"] == [
        {"name": "Công văn 123.pdf", "size": len(PDF)},
        {"name": "Phụ lục.docx", "size": 7},
    ]


@pytest.mark.parametrize("case", sorted(HOSTILE_PACKAGES))
def test_broken_or_hostile_packages_are_rejected_and_nothing_is_stored(
    case: str, agency: Agency, clerk: User, media: Path
) -> None:
    # given
    register = incoming_register(agency)
    content, reason = HOSTILE_PACKAGES[case]
    before = state()

    # when
    with pytest.raises(ApplicationError) as refused:
        incoming_from_edxml(
            actor=Actor.cli(clerk), register=register, content=content, file_name="xau.xml"
        )

    # then
    assert refused.value.message.startswith("Gói tin «xau.xml» không tiếp nhận được: ")
    assert reason in refused.value.message
    assert state() == before
    assert media_files(media) == []


def test_an_attachment_over_the_limit_is_refused(
    agency: Agency, clerk: User, media: Path, settings: pytest.FixtureRequest
) -> None:
    # given: a limit of 100 bytes, a 520-byte attachment
    settings.THIDUA_EDXML_MAX_ATTACHMENT_BYTES = 100  # type: ignore[attr-defined]
    register = incoming_register(agency)
    before = state()

    # when
    with pytest.raises(ApplicationError) as refused:
        incoming_from_edxml(
            actor=Actor.cli(clerk), register=register, content=edxml_package(), file_name="to.xml"
        )

    # then
    assert "vượt quá giới hạn" in refused.value.message
    assert "Công văn 123.pdf" in refused.value.message
    assert state() == before
    assert media_files(media) == []


def test_the_same_exchange_id_twice_is_refused(agency: Agency, clerk: User, media: Path) -> None:
    # given
    register = incoming_register(agency)
    incoming_from_edxml(
        actor=Actor.cli(clerk), register=register, content=edxml_package(), file_name="a.xml"
    )
    before, files = state(), media_files(media)

    # when
    with pytest.raises(Conflict) as refused:
        incoming_from_edxml(
            actor=Actor.cli(clerk), register=register, content=edxml_package(), file_name="a.xml"
        )

    # then
    assert refused.value.message == (
        "Văn bản có mã liên thông «H37.02-2026-000123» đã được tiếp nhận (số đến 1/2026)."
    )
    assert (state(), media_files(media)) == (before, files)


def test_a_failure_after_the_files_are_written_removes_them(
    agency: Agency, clerk: User, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the audit trail fails once the document and its files are written
    register = incoming_register(agency)

    def broken(**kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("thidua.documents.edxml_intake.audit_record", broken)
    before = state()

    # when
    with pytest.raises(RuntimeError):
        incoming_from_edxml(
            actor=Actor.cli(clerk), register=register, content=edxml_package(), file_name="a.xml"
        )

    # then
    assert state() == before
    assert media_files(media) == []


def test_only_the_register_s_clerks_may_take_in_a_package(
    agency: Agency, user_with_role: Callable[..., User], media: Path
) -> None:
    # given
    outsider = user_with_role(Role.CLERK, agency.division_b, username="vanthu_p2")
    register = incoming_register(agency)

    # when / then
    with pytest.raises(AccessDenied):
        incoming_from_edxml(
            actor=Actor.cli(outsider), register=register, content=edxml_package(), file_name="a"
        )
    assert (IncomingDocument.objects.count(), Attachment.objects.count()) == (0, 0)
    assert media_files(media) == []

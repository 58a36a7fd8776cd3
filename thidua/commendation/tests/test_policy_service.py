"""The policy service: versions are added, never changed; administrators only; audited."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from thidua.commendation.models import PolicyVersion
from thidua.commendation.services.policy import policy_current, policy_update, to_engine_policy
from thidua.conftest import Agency
from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError
from thidua.core.models import AuditEvent
from thidua.organization.choices import Role
from thidua.organization.models import User

pytestmark = pytest.mark.django_db


def test_the_first_read_creates_version_1_with_the_defaults() -> None:
    # when the policy is read on an empty database
    version = policy_current()

    # then it is version 1 with the exchange format's defaults
    assert version.number == 1
    policy = to_engine_policy(version)
    assert policy.cstdcs_cap_pct is None and policy.cap_rounding == "floor"
    assert policy.new_recruit_rule == "review" and policy.reprimand_excludes_ldtt
    assert policy.giay_khen_min_rating is None
    assert policy_current().pk == version.pk  # read again: the same row


def test_an_edit_adds_a_version_and_records_old_and_new(admin_user: User) -> None:
    # given version 1
    first = policy_current()

    # when the administrator changes two switches
    change = policy_update(
        actor=Actor(user=admin_user),
        changes={"registration_required": True, "cstdcs_cap_pct": Decimal("12.5")},
        reason="Quy chế số 5",
    )

    # then version 2 carries them, version 1 is as it was, and the audit names both changes
    first.refresh_from_db()
    assert (first.registration_required, first.cstdcs_cap_pct) == (False, None)
    assert change.version.number == 2 and policy_current().pk == change.version.pk
    assert to_engine_policy(change.version).cstdcs_cap_pct == 12.5
    event = AuditEvent.objects.get(action="POLICY_CHANGED")
    assert event.data["changes"] == {
        "cstdcs_cap_pct": {"old": None, "new": 12.5},
        "registration_required": {"old": False, "new": True},
    }
    assert (event.data["version"], event.data["previous"]) == (2, 1)


@pytest.mark.parametrize(
    ("changes", "reason", "message"),
    [
        ({"cstdcs_cap_pct": Decimal("12.5")}, "", "lý do"),
        ({"cstdcs_cap_pct": Decimal("150")}, "Sai", "100"),
        ({"number": 9}, "Sai", "number"),
        ({}, "Không đổi gì", "không có gì thay đổi"),
    ],
)
def test_bad_edits_change_nothing(
    admin_user: User, changes: dict[str, object], reason: str, message: str
) -> None:
    # when an edit is not valid, then it is refused and no version is added
    with pytest.raises(ApplicationError) as refused:
        policy_update(actor=Actor(user=admin_user), changes=changes, reason=reason)
    assert message in refused.value.message
    assert PolicyVersion.objects.count() <= 1
    assert not AuditEvent.objects.filter(action="POLICY_CHANGED").exists()


def test_only_administrators_edit_the_policy(
    agency: Agency, user_with_role: Callable[..., User]
) -> None:
    # given an emulation officer of the whole agency
    officer = user_with_role(Role.EMULATION_OFFICER, agency.agency)

    # when they try to set a cap, then access is denied
    with pytest.raises(AccessDenied):
        policy_update(
            actor=Actor(user=officer), changes={"cstdcs_cap_pct": Decimal(10)}, reason="Thử"
        )

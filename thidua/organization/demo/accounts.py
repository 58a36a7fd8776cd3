"""The demo's sign-in accounts: one per role, all with the same printed password."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import check_password
from django.utils.translation import gettext as _

from thidua.organization.choices import Role
from thidua.organization.models import RoleAssignment, User

DEMO_PASSWORD = "thidua-demo"


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: its role, the unit the role covers (None: everywhere) and who is behind it.

    ``person`` is (unit code, index in ``generator.CORE_STAFF``); None for the
    technical administrator.
    """

    username: str
    role: str
    scope: str | None
    person: tuple[str, int] | None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("quantri", Role.ADMIN, None, None),
    DemoAccount("thiduakt", Role.EMULATION_OFFICER, "QHQT", ("QHQT-P1", 2)),
    DemoAccount("thidua.p1", Role.EMULATION_OFFICER, "QHQT-P1", ("QHQT-P1", 3)),
    DemoAccount("lanhdao", Role.UNIT_LEADER, "QHQT", ("QHQT", 0)),
    DemoAccount("vanthu", Role.CLERK, "QHQT", ("QHQT-P1", 6)),
    DemoAccount("hoidong", Role.COUNCIL_MEMBER, "VPCP", ("QHQT", 1)),
    DemoAccount("thanhtra", Role.INSPECTOR, "QHQT", ("QHQT-P3", 2)),
    DemoAccount("canbo", Role.STAFF, "QHQT-P2", ("QHQT-P2", 4)),
)
DEMO_USERNAMES = frozenset(a.username for a in DEMO_ACCOUNTS)


@dataclass(frozen=True)
class DemoLogin:
    """A demo login that works right now, as the logins table shows it."""

    username: str
    password: str
    role: str
    scope: str
    person: str


def demo_logins() -> list[DemoLogin]:
    """The demo accounts that exist, are active and still accept the demo password.

    Accounts whose password was changed are left out: the table must never
    show a login that no longer works. The demo gives all its accounts the
    same password hash, so this usually costs one hash check, not eight.
    """
    users = {
        u.username: u
        for u in User.objects.filter(username__in=DEMO_USERNAMES, is_active=True).select_related(
            "person"
        )
    }
    grants: dict[int, list[RoleAssignment]] = {}
    for grant in RoleAssignment.objects.filter(user__in=users.values()).select_related("unit"):
        grants.setdefault(grant.user_id, []).append(grant)
    verdicts: dict[str, bool] = {}
    logins: list[DemoLogin] = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.username)
        if user is None:
            continue
        if user.password not in verdicts:
            verdicts[user.password] = check_password(DEMO_PASSWORD, user.password)
        if not verdicts[user.password]:
            continue
        held = grants.get(user.pk, [])
        roles = ", ".join(str(Role(g.role).label) for g in held) or "—"
        scopes = ", ".join(g.unit.name if g.unit else _("Toàn hệ thống") for g in held) or "—"
        person = user.person.full_name if user.person else ""
        logins.append(DemoLogin(user.username, DEMO_PASSWORD, roles, scopes, person))
    return logins

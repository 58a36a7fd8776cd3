"""Account administration: open an account with its first role, lock, unlock, reset a password.

Built on the basic services of ``accounts.py``. Passwords are validated with
Django's validators and never written to the audit trail. The last active
administrator can be neither locked nor stripped of the administrator role,
so the system always keeps someone who can manage accounts.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError, Conflict
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.choices import Role
from thidua.organization.models import Person, RoleAssignment, Unit, User
from thidua.organization.services.accounts import role_grant, role_revoke, user_create


def _unit_of(user: User) -> Unit | None:
    return user.person.unit if user.person_id and user.person else None


def _field_error(error_class: type[ApplicationError], field: str, message: str) -> ApplicationError:
    return error_class(message, extra={"fields": {field: [message]}})


def _password_check(password: str, user: User) -> None:
    """Run Django's password validators; the error names the ``password`` field."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        messages = list(exc.messages)
        raise ApplicationError(
            " ".join(messages), extra={"fields": {"password": messages}}
        ) from exc


def _username_check(username: str) -> None:
    field = User._meta.get_field("username")
    if not username:
        raise _field_error(ApplicationError, "username", _("Chưa nhập tên đăng nhập."))
    try:
        field.run_validators(username)
    except ValidationError as exc:
        raise _field_error(ApplicationError, "username", " ".join(exc.messages)) from exc
    if User.objects.filter(username__iexact=username).exists():
        raise _field_error(
            Conflict, "username", _("Tên đăng nhập %(u)s đã tồn tại.") % {"u": username}
        )


def _is_admin(user: User) -> bool:
    return user.is_superuser or RoleAssignment.objects.filter(user=user, role=Role.ADMIN).exists()


def _is_last_active_admin(user: User) -> bool:
    """Whether ``user`` is an active administrator and no other active account is one."""
    if not user.is_active or not _is_admin(user):
        return False
    others = (
        User.objects.filter(is_active=True)
        .exclude(pk=user.pk)
        .filter(Q(is_superuser=True) | Q(role_assignments__role=Role.ADMIN))
    )
    return not others.exists()


@transaction.atomic
def account_open(
    *,
    actor: Actor,
    person: Person | None,
    username: str,
    password: str,
    role: str = "",
    unit: Unit | None = None,
) -> User:
    """Open an account for ``person`` and grant it a first role, all or nothing.

    Args:
        actor: who opens the account; needs ``MANAGE_ACCOUNTS`` for the person's unit.
        person: the person behind the account (None only for technical administrators).
        username: the login name; refused when taken, ignoring case.
        password: the initial password, checked by Django's validators.
        role: an optional first role (``""`` for none); ``unit`` is its scope.

    Returns:
        The new account. When the role cannot be granted nothing is kept.

    Raises:
        ApplicationError: with ``extra["fields"]`` naming the bad field
            (``person``, ``username`` or ``password``) when it is one.
    """
    access.require(actor.user, Perm.MANAGE_ACCOUNTS, person.unit if person else None)
    username = username.strip()
    if person is not None and User.objects.filter(person=person).exists():
        raise _field_error(
            Conflict, "person", _("%(p)s đã có tài khoản.") % {"p": person.full_name}
        )
    _username_check(username)
    _password_check(
        password, User(username=username, email=person.email if person else "", person=person)
    )
    try:
        user = user_create(actor=actor, username=username, password=password, person=person)
    except Conflict as exc:
        raise _field_error(Conflict, "username", exc.message) from exc
    if role:
        role_grant(actor=actor, user=user, role=role, unit=unit)
    return user


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, is_active: bool) -> User:
    """Unlock (``is_active=True``) or lock an account; a locked account cannot sign in.

    Locking one's own account and locking the last active administrator are refused.
    Nothing is recorded when the account is already in the requested state.
    """
    access.require(actor.user, Perm.MANAGE_ACCOUNTS, _unit_of(user))
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active == is_active:
        return locked
    if not is_active:
        if actor.user is not None and actor.user.pk == locked.pk:
            raise ApplicationError(_("Bạn không thể tự khóa tài khoản của mình."))
        if _is_last_active_admin(locked):
            raise ApplicationError(_("Không thể khóa tài khoản quản trị hệ thống cuối cùng."))
    locked.is_active = is_active
    locked.save(update_fields=["is_active"])
    user.is_active = is_active
    access.forget(user)
    audit_record(
        actor=actor,
        action="ACCOUNT_ACTIVATED" if is_active else "ACCOUNT_DEACTIVATED",
        target=locked,
        target_label=locked.username,
        unit_id=locked.person.unit_id if locked.person_id and locked.person else None,
        data={"is_active": is_active},
    )
    return locked


@transaction.atomic
def user_password_reset(*, actor: Actor, user: User, password: str) -> User:
    """Give an account a new password chosen by its manager (recorded, the password never is).

    The account's open sessions end, as with any password change.
    """
    access.require(actor.user, Perm.MANAGE_ACCOUNTS, _unit_of(user))
    _password_check(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action="PASSWORD_RESET",
        target=user,
        target_label=user.username,
        unit_id=user.person.unit_id if user.person_id and user.person else None,
    )
    return user


@transaction.atomic
def account_role_revoke(*, actor: Actor, assignment: RoleAssignment) -> None:
    """Take a role away (``role_revoke``), but never the last active administrator's."""
    access.require(actor.user, Perm.MANAGE_ACCOUNTS, assignment.unit)
    user = assignment.user
    if assignment.role == Role.ADMIN and not user.is_superuser and _is_last_active_admin(user):
        raise ApplicationError(
            _("Không thể thu hồi vai trò quản trị của tài khoản quản trị hệ thống cuối cùng.")
        )
    role_revoke(actor=actor, assignment=assignment)

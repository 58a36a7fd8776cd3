"""Accounts, roles and per-user preferences."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.actor import Actor
from thidua.core.audit import audit_record
from thidua.core.exceptions import ApplicationError, Conflict
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.choices import Role
from thidua.organization.models import Person, RoleAssignment, Unit, User


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    person: Person | None,
    email: str = "",
    check_password: bool = True,
) -> User:
    """Open an account, with the person behind it (None only for technical administrators)."""
    access.require(actor.user, Perm.MANAGE_ACCOUNTS, person.unit if person else None)
    if User.objects.filter(username=username).exists():
        raise Conflict(_("Tên đăng nhập %(u)s đã tồn tại.") % {"u": username})
    user = User(username=username, email=email or (person.email if person else ""), person=person)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action="ACCOUNT_CREATED",
        target=user,
        target_label=username,
        unit_id=person.unit_id if person else None,
        data={"username": username, "person": person.staff_code if person else None},
    )
    return user


@transaction.atomic
def role_grant(*, actor: Actor, user: User, role: str, unit: Unit | None) -> RoleAssignment:
    """Give ``user`` ``role`` over ``unit`` and its subtree (administrators: no unit)."""
    if role not in Role.values:
        raise ApplicationError(_("Vai trò không hợp lệ: %(r)s") % {"r": role})
    if role == Role.ADMIN:
        unit = None
    elif unit is None:
        raise ApplicationError(_("Vai trò này phải gắn với một đơn vị."))
    access.require(actor.user, Perm.MANAGE_ACCOUNTS, unit)
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        access.forget(user)
        audit_record(
            actor=actor,
            action="ROLE_GRANTED",
            target=user,
            target_label=user.username,
            unit_id=unit.pk if unit else None,
            data={"role": role, "unit": unit.code if unit else None},
        )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Actor, assignment: RoleAssignment) -> None:
    """Take a role away."""
    access.require(actor.user, Perm.MANAGE_ACCOUNTS, assignment.unit)
    user, role, unit = assignment.user, assignment.role, assignment.unit
    assignment.delete()
    access.forget(user)
    audit_record(
        actor=actor,
        action="ROLE_REVOKED",
        target=user,
        target_label=user.username,
        unit_id=unit.pk if unit else None,
        data={"role": role, "unit": unit.code if unit else None},
    )


@transaction.atomic
def user_language_set(*, actor: Actor, user: User, language: str) -> User:
    """Save the user's interface language ("vi" or "en")."""
    if language not in {"vi", "en"}:
        raise ApplicationError(_("Ngôn ngữ không hỗ trợ: %(l)s") % {"l": language})
    if user.language != language:
        old = user.language
        user.language = language
        user.save(update_fields=["language"])
        audit_record(
            actor=actor,
            action="LANGUAGE_CHANGED",
            target=user,
            target_label=user.username,
            data={"from": old, "to": language},
        )
    return user


@transaction.atomic
def password_changed_record(*, actor: Actor, user: User) -> None:
    """Record that the user changed their password (the password itself is never logged)."""
    audit_record(
        actor=actor,
        action="PASSWORD_CHANGED",
        target=user,
        target_label=user.username,
        unit_id=user.person.unit_id if user.person else None,
    )


@transaction.atomic
def api_token_issue(*, actor: Actor, user: User) -> str:
    """Return the user's API token, creating it on first use; issuing is audited."""
    from rest_framework.authtoken.models import Token

    token, created = Token.objects.get_or_create(user=user)
    audit_record(
        actor=actor,
        action="API_TOKEN_ISSUED" if created else "API_TOKEN_REUSED",
        target=user,
        target_label=user.username,
        unit_id=user.person.unit_id if user.person else None,
    )
    return str(token.key)

"""factory-boy factories for the organisation domain (tests only)."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory

from thidua.core.vietnamese import fold, sort_key
from thidua.organization.choices import Sex, UnitKind
from thidua.organization.models import Membership, Person, Position, RoleAssignment, Unit, User


def unit_create(parent: Unit | None = None, **values: Any) -> Unit:
    """A unit in the tree (treebeard needs add_root/add_child, so no factory class)."""
    n = Unit.objects.count() + 1
    values.setdefault("code", f"U{n:03d}")
    values.setdefault("name", f"Đơn vị {n}")
    values.setdefault("kind", UnitKind.DIVISION if parent else UnitKind.AGENCY)
    if parent is None:
        return Unit.objects.add_root(values)
    parent.refresh_from_db()
    return Unit.objects.add_child(parent, values)


class PositionFactory(DjangoModelFactory[Position]):
    class Meta:
        model = Position
        django_get_or_create = ("code",)

    code = "CV"
    name = "Chuyên viên"
    rank = 50


class PersonFactory(DjangoModelFactory[Person]):
    """A person; pass ``unit=`` to also open their membership."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    staff_code = factory.Sequence(lambda n: f"CB{n:05d}")
    family_name = "Nguyễn"
    middle_name = "Văn"
    given_name = factory.Sequence(lambda n: ["An", "Bình", "Chi", "Dũng", "Hà", "Lan"][n % 6])
    sex = Sex.MALE
    date_of_birth = date(1985, 5, 17)
    full_name = factory.LazyAttribute(
        lambda o: " ".join(p for p in (o.family_name, o.middle_name, o.given_name) if p)
    )
    sort_key = factory.LazyAttribute(lambda o: sort_key(o.given_name, o.family_name, o.middle_name))
    search_name = factory.LazyAttribute(lambda o: fold(o.full_name))

    @factory.post_generation
    def membership(obj: Person, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and obj.unit is not None:
            Membership.objects.create(person=obj, unit=obj.unit, valid_from=date(2015, 1, 1))


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "matkhau-Thu-nghiem-1")

    @factory.post_generation
    def roles(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``roles=[(role, unit), …]``"""
        if create:
            for role, unit in extracted or []:
                RoleAssignment.objects.create(user=obj, role=role, unit=unit)
            obj.save()

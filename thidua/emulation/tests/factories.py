"""factory-boy factories for the emulation record (tests only)."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from thidua.emulation.choices import InitiativeKind, Rating, Scope, Title
from thidua.emulation.models import AnnualRating, Initiative, Leave, TitleGrant
from thidua.organization.tests.factories import PersonFactory


class AnnualRatingFactory(DjangoModelFactory[AnnualRating]):
    """A person's rating for a year, in their current unit."""

    class Meta:
        model = AnnualRating

    person = factory.SubFactory(PersonFactory)
    year = 2024
    unit = factory.LazyAttribute(lambda o: o.person.unit)
    rating = Rating.HTT
    registered = True


class TitleGrantFactory(DjangoModelFactory[TitleGrant]):
    """A title granted to a person (pass ``person=None, unit=…`` for a collective)."""

    class Meta:
        model = TitleGrant

    person = factory.SubFactory(PersonFactory)
    unit = None
    year = 2024
    title = Title.LDTT


class InitiativeFactory(DjangoModelFactory[Initiative]):
    class Meta:
        model = Initiative

    person = factory.SubFactory(PersonFactory)
    code = factory.Sequence(lambda n: f"SK-{n:04d}")
    name = "Số hóa quy trình tiếp nhận văn bản"
    year = 2024
    kind = InitiativeKind.INITIATIVE
    scope = Scope.CO_SO


class LeaveFactory(DjangoModelFactory[Leave]):
    class Meta:
        model = Leave

    person = factory.SubFactory(PersonFactory)
    kind = "maternity"
    start = date(2024, 3, 1)
    end = date(2024, 8, 31)

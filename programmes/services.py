"""Business rules of the programmes app (changes of state)."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts.models import Cohort
from learning.models import User
from learning.roles import Role

from .models import Programme


@transaction.atomic
def programme_ensure(
    *, name: str, funder: str = "", description: str = "", cohorts: Iterable[Cohort] = ()
) -> Programme:
    """The programme of this name, created if missing, with these cohorts added (idempotent:
    a programme is found by its unique name, cohorts already in it stay)."""
    programme = Programme.objects.filter(name=name).first()
    if programme is None:
        programme = Programme(name=name, funder=funder, description=description)
        programme.full_clean()
        programme.save()
    programme.cohorts.add(*cohorts)
    return programme


@transaction.atomic
def programme_partner_add(*, programme: Programme, user: User) -> None:
    """Link a partner (funder) to a programme, giving them the Partner role. A staff account
    is refused: partners see aggregates only, and a role that sees names would defeat that."""
    if user.is_superuser or user.is_staff:
        raise ValidationError(_("A staff account cannot be a programme's partner."))
    group, _created = Group.objects.get_or_create(name=Role.PARTNER.value)
    user.groups.add(group)
    programme.partners.add(user)

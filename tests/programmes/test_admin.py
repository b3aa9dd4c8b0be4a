"""Administrators manage programmes in the Wagtail admin; partners are chosen among the
holders of the Partner role."""

import pytest

from programmes.models import Programme
from tests.factories import UserFactory
from tests.factories import cohort_factories as cf

from .conftest import partner_user

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/programmes/programme/add/"


def test_administrator_creates_a_programme(client, home_page, administrator):
    cohort = cf.cohort()
    partner = partner_user()
    learner = UserFactory()
    client.force_login(administrator)
    form = client.get(ADD)
    assert form.status_code == 200
    choices = form.context["form"].fields["partners"].queryset
    assert partner in choices and learner not in choices
    response = client.post(
        ADD,
        {"name": "ILO leadership", "funder": "ILO", "description": "", "cohorts": [cohort.pk],
         "partners": [partner.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    programme = Programme.objects.get(name="ILO leadership")
    assert list(programme.cohorts.all()) == [cohort]
    assert list(programme.partners.all()) == [partner]


@pytest.mark.parametrize(
    "data",
    [
        {"name": ""},
        {"name": "Two\nlines"},
        {"name": "x" * 201},
        {"name": "Fine", "partners": ["learner"]},
        {"name": "Fine", "cohorts": ["999999"]},
    ],
)
def test_bad_programme_input_is_refused_and_nothing_written(client, home_page, administrator, data):
    learner = UserFactory()
    if data.get("partners") == ["learner"]:
        data = {**data, "partners": [learner.pk]}
    client.force_login(administrator)
    response = client.post(ADD, {"funder": "", "description": "", **data})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Programme.objects.exists()


def test_editors_cannot_manage_programmes(client, home_page, editor):
    client.force_login(editor)
    response = client.get(ADD)
    assert response.status_code == 302
    assert not Programme.objects.exists()

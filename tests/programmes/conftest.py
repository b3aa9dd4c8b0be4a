"""A programme of two cohorts (two courses, two years) whose members differ by country, sex
and type of organisation, and a partner linked to it."""

import itertools
from datetime import date

import pytest
from django.utils import timezone

from programmes import services
from tests.factories import UserFactory, course_factories
from tests.factories import cohort_factories as cf

_n = itertools.count(1)

# (country, sex, organisation type, how many) per cohort
FIRST = [
    ("TJ", "female", "ministry", 6),
    ("RW", "male", "social_security", 5),
    ("LA", "female", "academia", 2),
]
SECOND = [("TJ", "male", "ministry", 5), ("UZ", "female", "social_security", 1)]


def members(cohort, rows):
    people = []
    for country, sex, org_type, count in rows:
        for _ in range(count):
            i = next(_n)
            people.append(
                cf.member(
                    cohort,
                    full_name=f"Learnername{i} Zyx",
                    email=f"hidden-learner-{i}@example.org",
                    country=country,
                    sex=sex,
                    organisation_type=org_type,
                )
            )
    return people


def partner_user(**fields):
    return UserFactory(roles=["Partner"], full_name="Funder Person", **fields)


@pytest.fixture
def world(home_page, trainer, administrator):
    course_a = course_factories.course(title="Governance of social security", steps_per_module=2)
    course_b = course_factories.course(title="Actuarial planning", steps_per_module=2)
    year = timezone.now().year
    first = cf.cohort(course=course_a, trainer=trainer, name="Autumn cohort")
    second = cf.cohort(
        course=course_b,
        name="Spring cohort",
        start_date=date(year - 1, 3, 1),
        end_date=date(year - 1, 4, 30),
    )
    people = members(first, FIRST) + members(second, SECOND)
    programme = services.programme_ensure(
        name="Leadership programme", funder="GIZ", cohorts=[first, second]
    )
    partner = partner_user()
    services.programme_partner_add(programme=programme, user=partner)
    return {
        "programme": programme,
        "cohorts": [first, second],
        "courses": [course_a, course_b],
        "people": people,
        "partner": partner,
        "trainer": trainer,
        "administrator": administrator,
    }

import pytest

from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course


@pytest.fixture
def course(home_page):
    return make_course(modules=2, steps_per_module=2)


@pytest.fixture
def cohort(course, trainer):
    return cf.cohort(course=course, trainer=trainer, capacity=40)


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client

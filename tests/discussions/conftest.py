import pytest

from discussions import services
from discussions.selectors import GENERAL, Forum, Space
from tests.factories import UserFactory
from tests.factories import cohort_factories as cf
from tests.factories.courses import course as make_course


@pytest.fixture
def course(home_page):
    return make_course(modules=2, steps_per_module=1)


@pytest.fixture
def cohort(course, trainer):
    return cf.cohort(course=course, trainer=trainer)


@pytest.fixture
def member(cohort):
    return cf.member(cohort, full_name="Amina Diallo", roles=["Learner"])


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


@pytest.fixture
def other_trainer(course):
    """A trainer of another cohort of the same course."""
    person = UserFactory(roles=["Trainer"])
    cf.cohort(course=course, trainer=person)
    return person


GENERAL_FORUM = Forum(key=GENERAL, title="General discussion", module_id=None)


def space(cohort, *, moderator=False) -> Space:
    return Space(cohort=cohort, moderator=moderator)


def make_thread(cohort, author, *, title="Contribution collection", body="<p>Hello</p>", **kw):
    return services.thread_create(
        space=space(cohort, moderator=True),
        forum=kw.pop("forum", GENERAL_FORUM),
        author=author,
        title=title,
        body=body,
    )


@pytest.fixture
def thread(cohort, member):
    return make_thread(cohort, member)

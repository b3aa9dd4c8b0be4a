"""Links both ways: a lesson cites a case through the case-study block and shows a card;
the case page and the country page list the lessons and courses that cite it."""

import pytest
from bs4 import BeautifulSoup

from courses.services import enrollment_create
from tests.factories import case_study
from tests.factories.courses import course, lessons

pytestmark = pytest.mark.django_db


def cite(lesson, case, note="", *, capture):
    body = [(b.block_type, b.value) for b in lesson.body]
    lesson.body = [*body, ("case_study", {"case_study": case, "note": note})]
    with capture(execute=True):  # the reference index is updated on commit
        lesson.save_revision().publish()
    return lesson


@pytest.fixture
def case(library):
    return case_study(
        library,
        title="Rwanda: the digital backbone of social protection",
        summary="One household classification for every programme.",
        countries=["RW"],
        year_start=2008,
        year_end=None,
    )


@pytest.fixture
def governance(home_page):
    return course(title="Governance of social security")


def test_lesson_shows_a_card_of_the_cited_case(
    learner_client, learner, case, governance, django_capture_on_commit_callbacks
):
    lesson = cite(
        lessons(governance)[0],
        case,
        "Compare with your own registry.",
        capture=django_capture_on_commit_callbacks,
    )

    enrollment_create(user=learner, course=governance)
    response = learner_client.get(lesson.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    card = soup.select_one(".case-cite")
    assert card is not None
    assert card.select_one("a")["href"] == case.url
    text = card.get_text(" ", strip=True)
    assert "Rwanda: the digital backbone of social protection" in text
    assert "Rwanda · since 2008" in text
    assert "One household classification for every programme." in text
    assert "Compare with your own registry." in text


def test_case_page_lists_citing_lessons_and_courses(
    client, library, case, governance, django_capture_on_commit_callbacks
):
    first, second = lessons(governance)[:2]
    cite(first, case, capture=django_capture_on_commit_callbacks)
    other = course(title="Digital transformation of social protection")
    cite(lessons(other)[0], case, capture=django_capture_on_commit_callbacks)

    soup = BeautifulSoup(client.get(case.url).content, "html.parser")
    items = [li.get_text(" ", strip=True) for li in soup.select(".citing li")]
    assert items == [
        "Lesson 1.1 (in Digital transformation of social protection )",
        "Lesson 1.1 (in Governance of social security )",
    ]
    links = {a["href"] for a in soup.select(".citing a")}
    assert {first.url, governance.url, other.url} <= links
    assert second.url not in links

    country = BeautifulSoup(client.get("/case-studies/country/rw/").content, "html.parser")
    courses = [a.get_text(strip=True) for a in country.select(".citing li > a")]
    assert courses == [
        "Digital transformation of social protection",
        "Governance of social security",
    ]


def test_unpublished_lessons_are_not_listed(
    client, case, governance, django_capture_on_commit_callbacks
):
    lesson = cite(lessons(governance)[0], case, capture=django_capture_on_commit_callbacks)
    lesson.unpublish()
    body = client.get(case.url).content.decode()
    assert "No course cites this case yet." in body
    assert lesson.url not in body


def test_a_draft_case_is_never_shown_in_a_lesson(
    learner_client, learner, library, governance, django_capture_on_commit_callbacks
):
    draft = case_study(library, title="Unreviewed case", publish=False)
    lesson = cite(lessons(governance)[0], draft, capture=django_capture_on_commit_callbacks)

    enrollment_create(user=learner, course=governance)
    response = learner_client.get(lesson.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Unreviewed case" not in body
    assert 'class="card case-cite"' not in body

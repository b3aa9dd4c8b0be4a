import io

import pytest
from django.core.management import call_command

from casestudies.models import CaseStudyPage
from courses.models import LessonPage
from learning.models import HomePage, User

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_prints_one_login_per_role():
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    first = out.getvalue()
    counts = (User.objects.count(), HomePage.objects.count())
    call_command("load_demo_data", stdout=io.StringIO())
    assert (User.objects.count(), HomePage.objects.count()) == counts
    for role in ("Learner", "Trainer", "Content editor", "Administrator"):
        assert role in first
    admin = User.objects.get(email="admin@socle.example")
    assert admin.is_superuser
    assert admin.groups.filter(name="Administrator").exists()


def test_demo_home_page_is_the_site_root(client):
    call_command("load_demo_data", stdout=io.StringIO())
    response = client.get("/")
    assert response.status_code == 200
    assert "Learning for the people who build social protection" in response.content.decode()


def test_demo_lessons_cite_case_studies_and_the_cases_list_them(client):
    call_command("load_demo_data", stdout=io.StringIO())
    lesson = LessonPage.objects.get(
        slug="identity-payments-and-interoperability", locale__language_code="en"
    )
    assert [b.block_type for b in lesson.body].count("case_study") == 1
    case = CaseStudyPage.objects.get(
        slug="rwanda-digital-backbone-social-protection", locale__language_code="en"
    )
    assert lesson.title in client.get(case.url).content.decode()


def test_loading_the_demo_mails_no_learner(mailoutbox, django_capture_on_commit_callbacks):
    """Demo accounts are not people: no invitation, reminder or certificate is mailed, even
    with the on-commit work (tasks, hooks) run as it is outside tests. Only Wagtail tells the
    demo reviewers that case studies await them, as it would on a real site."""
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo_data", stdout=io.StringIO())
    for message in mailoutbox:
        assert message.subject.startswith('The page "') and "has been submitted" in message.subject
        assert not message.attachments

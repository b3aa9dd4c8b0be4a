"""Editorial workflow: editors draft and submit, a reviewer approves; drafts, rejected and
scheduled cases stay invisible to learners; only reviewers publish."""

import datetime
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from casestudies import services
from casestudies.models import CaseStudyPage
from tests.factories import UserFactory, case_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=["Case-study reviewers"])


def visible(client, library, page):
    page.refresh_from_db()
    return (
        client.get(page.url).status_code == 200
        and page.title in client.get(library.url).content.decode()
        and page.title in client.get("/case-studies/feed/").content.decode()
    )


def hidden_everywhere(client, library, page, text=None):
    """Neither the case nor `text` (its title by default) reaches a learner by any way in:
    its page and PDF, the library list, a search, the feed, its country's page."""
    page.refresh_from_db()
    text = text or page.title
    country = page.countries.first().country.code.lower()
    pages = [
        client.get(library.url),
        client.get(library.url, {"q": text}),  # the query itself is echoed: read the cards
        client.get(f"/case-studies/country/{country}/"),
    ]
    feed = client.get("/case-studies/feed/")
    cards = [
        card.get_text(" ", strip=True)
        for response in pages
        for card in BeautifulSoup(response.content, "html.parser").select(".case-card")
    ]
    return (
        all(r.status_code == 200 for r in [*pages, feed])
        and not any(text in card for card in cards)
        and text not in feed.content.decode()
    )


def submit(page, user):
    page.get_workflow().start(page, user)


def test_library_has_the_review_workflow(library):
    case = case_study(library, publish=False)
    workflow = case.get_workflow()
    assert workflow.name == services.WORKFLOW_NAME
    task = workflow.tasks.get().specific
    assert {g.name for g in task.groups.all()} == {"Case-study reviewers", "Administrator"}


def test_draft_is_invisible_until_a_reviewer_approves(learner_client, library, editor, reviewer):
    case = case_study(library, title="Uzbekistan unified social registry", publish=False)
    submit(case, editor)
    assert hidden_everywhere(learner_client, library, case)
    assert learner_client.get(case.url).status_code == 404
    assert learner_client.get(case.url + "pdf/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.case_study_approve(page=case, user=editor)
    assert hidden_everywhere(learner_client, library, case)
    services.case_study_approve(page=case, user=reviewer)
    assert visible(learner_client, library, case)
    state = WorkflowState.objects.get(object_id=str(case.pk))
    assert state.status == WorkflowState.STATUS_APPROVED


def test_rejected_case_stays_invisible(learner_client, library, editor, reviewer):
    case = case_study(library, title="Rejected case", publish=False)
    submit(case, editor)
    services.case_study_reject(page=case, user=reviewer, comment="Sources missing.")
    assert hidden_everywhere(learner_client, library, case)
    assert learner_client.get(case.url).status_code == 404
    assert learner_client.get(case.url + "pdf/").status_code == 404
    assert WorkflowState.objects.get(object_id=str(case.pk)).status == "needs_changes"


def test_a_rejected_revision_of_a_published_case_never_shows(
    learner_client, library, editor, reviewer
):
    case = case_study(library, title="Kenya social registry", countries=["KE"])
    case.title = "Kenya social registry with unchecked claims"
    case.summary = "Claims quarkomatic coverage."
    case.save_revision(user=editor)
    submit(case, editor)
    services.case_study_reject(page=case, user=reviewer, comment="Claims unchecked.")
    case.refresh_from_db()
    assert case.title == "Kenya social registry"  # the live version is unchanged
    for text in ("unchecked claims", "quarkomatic"):
        assert hidden_everywhere(learner_client, library, case, text=text)
        for url in (case.url, case.url + "pdf/"):
            response = learner_client.get(url)
            assert response.status_code == 200
            assert text.encode() not in response.content


def test_scheduled_publishing_after_approval(learner_client, library, editor, reviewer):
    case = case_study(library, title="Scheduled case", publish=False)
    case.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    case.save_revision(user=editor)
    submit(case, editor)
    services.case_study_approve(page=case, user=reviewer)
    case.refresh_from_db()
    assert case.latest_revision.approved_go_live_at is not None
    assert hidden_everywhere(learner_client, library, case)
    call_command("publish_scheduled")
    assert hidden_everywhere(learner_client, library, case)  # not yet time
    # Three hours later (the clock is moved on rather than waited for).
    later = timezone.now() + datetime.timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    assert visible(learner_client, library, case)


def _form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "from-the-admin",
            "summary": "Written in the admin.",
            "year_start": 2020,
            "year_end": "",
            "institutions": "",
            "funders": "",
            "context": rich_text("Context."),
            "challenge": rich_text(""),
            "approach": rich_text(""),
            "results": rich_text(""),
            "lessons_learned": rich_text(""),
            "countries": inline_formset([{"country": "KE"}]),
            "key_figures": inline_formset([]),
            "sources": inline_formset([]),
            "related_pages": inline_formset([]),
        }
    )


def test_editor_cannot_publish_a_case_from_the_admin(client, library, editor):
    client.force_login(editor)
    url = f"/admin/pages/add/casestudies/casestudypage/{library.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="action-publish"' not in page.content.decode()
    assert 'name="action-submit"' in page.content.decode()
    response = client.post(url, {**_form("Published by an editor"), "action-publish": "1"})
    assert response.status_code == 302
    assert not CaseStudyPage.objects.filter(title="Published by an editor").exists()

    response = client.post(url, {**_form("Submitted by an editor"), "action-submit": "1"})
    assert response.status_code == 302
    # The tree sync gives it an alias in each other language: the English page is the one.
    case = CaseStudyPage.objects.get(title="Submitted by an editor", locale__language_code="en")
    assert not case.live
    assert case.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert case.countries.get().region == "africa"

    edit = f"/admin/pages/{case.pk}/edit/"
    assert 'name="action-publish"' not in client.get(edit).content.decode()
    client.post(edit, {**_form("Submitted by an editor"), "action-publish": "1"})
    case.refresh_from_db()
    assert not case.live


def test_reviewer_sees_the_publish_button(client, library, reviewer):
    client.force_login(reviewer)
    page = client.get(f"/admin/pages/add/casestudies/casestudypage/{library.pk}/")
    assert page.status_code == 200
    assert 'name="action-publish"' in page.content.decode()

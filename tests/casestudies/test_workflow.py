"""Editorial workflow: editors draft and submit, a reviewer approves; drafts, rejected and
scheduled cases stay invisible to learners; only reviewers publish."""

import datetime
import time

import pytest
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
    assert not visible(learner_client, library, case)
    with pytest.raises(PermissionError):
        services.case_study_approve(page=case, user=editor)
    assert not visible(learner_client, library, case)
    services.case_study_approve(page=case, user=reviewer)
    assert visible(learner_client, library, case)
    state = WorkflowState.objects.get(object_id=str(case.pk))
    assert state.status == WorkflowState.STATUS_APPROVED


def test_rejected_case_stays_invisible(learner_client, library, editor, reviewer):
    case = case_study(library, title="Rejected case", publish=False)
    submit(case, editor)
    services.case_study_reject(page=case, user=reviewer, comment="Sources missing.")
    assert not visible(learner_client, library, case)
    assert WorkflowState.objects.get(object_id=str(case.pk)).status == "needs_changes"


def test_scheduled_publishing_after_approval(learner_client, library, editor, reviewer):
    case = case_study(library, title="Scheduled case", publish=False)
    case.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    case.save_revision(user=editor)
    submit(case, editor)
    services.case_study_approve(page=case, user=reviewer)
    case.refresh_from_db()
    assert case.latest_revision.approved_go_live_at is not None
    assert not visible(learner_client, library, case)
    call_command("publish_scheduled")
    assert not visible(learner_client, library, case)  # not yet time
    time.sleep(2.5)
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
    case = CaseStudyPage.objects.get(title="Submitted by an editor")
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

"""Every way the admin (or code an editor reaches) can publish a case study consults one rule:
only reviewers publish; a publication without an approved review is audited as an override."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from casestudies import services
from casestudies.models import CaseStudyPage
from learning.models import AuditEvent
from learning.models.audit import AuditAction
from tests.factories import UserFactory, case_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=["Case-study reviewers"])


@pytest.fixture
def proposal(library, editor):
    case = case_study(library, title="Unreviewed proposal", publish=False)
    case.get_workflow().start(case, editor)
    return case


def overrides():
    return AuditEvent.objects.filter(action=AuditAction.WORKFLOW_OVERRIDE)


def bulk_publish(client, page):
    url = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
    return client.post(url, {"include_descendants": ""})


def test_editor_bulk_publish_leaves_the_proposal_unpublished(client, proposal, editor):
    client.force_login(editor)
    response = client.get(f"/admin/bulk/wagtailcore/page/publish/?id={proposal.pk}")
    assert response.status_code == 200
    assert "permission to publish this page" in response.content.decode()
    bulk_publish(client, proposal)
    proposal.refresh_from_db()
    assert not proposal.live
    assert not overrides().exists()


def test_editor_bulk_publish_of_the_library_with_descendants_skips_cases(
    client, library, proposal, editor
):
    client.force_login(editor)
    client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={library.pk}", {"include_descendants": "on"}
    )
    proposal.refresh_from_db()
    assert not proposal.live


def test_administrator_bulk_publish_is_an_audited_override(client, proposal, administrator):
    client.force_login(administrator)
    response = bulk_publish(client, proposal)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.live
    event = overrides().get()
    assert event.actor == administrator
    assert event.target_id == str(proposal.pk)
    assert event.detail["page_id"] == proposal.pk


def test_approval_by_a_reviewer_is_not_an_override(proposal, reviewer):
    services.case_study_approve(page=proposal, user=reviewer)
    proposal.refresh_from_db()
    assert proposal.live
    assert not overrides().exists()


def test_publish_from_code_refuses_an_editor_even_when_checks_are_skipped(proposal, editor):
    revision = proposal.get_latest_revision()
    with pytest.raises(PermissionDenied):
        revision.publish(user=editor, skip_permission_checks=True)
    proposal.refresh_from_db()
    assert not proposal.live


def test_editor_cannot_publish_through_the_workflow_of_another_page(proposal, editor):
    """A workflow that editors approve, assigned to the case itself, does not replace review."""
    other = Workflow.objects.create(name="Moderation by editors")
    task = GroupApprovalTask.objects.create(name="Editors approve")
    task.groups.set([Group.objects.get(name="Content editor")])
    WorkflowTask.objects.create(workflow=other, task=task, sort_order=0)
    WorkflowPage.objects.create(page=proposal.page_ptr, workflow=other)
    proposal = CaseStudyPage.objects.get(pk=proposal.pk)
    assert proposal.get_workflow().name == services.WORKFLOW_NAME
    state = proposal.current_workflow_task_state
    assert state.task.specific.name == services.REVIEW_TASK_NAME
    assert "approve" not in [a[0] for a in state.task.specific.get_actions(proposal, editor)]


def test_edit_view_publish_post_by_editor_keeps_the_case_a_draft(client, proposal, editor):
    client.force_login(editor)
    edit = f"/admin/pages/{proposal.pk}/edit/"
    page = client.get(edit)
    assert page.status_code == 200
    assert 'name="action-publish"' not in page.content.decode()
    proposal.refresh_from_db()
    assert not proposal.live


def test_copy_with_publish_copies_by_editor_is_refused(client, library, editor):
    live = case_study(library, title="Reviewed case", slug="reviewed-case")
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/{live.pk}/copy/",
        {
            "new_title": "Copy of a reviewed case",
            "new_slug": "copy-of-a-reviewed-case",
            "new_parent_page": library.pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 200
    assert "You do not have permission to publish pages at" in str(
        response.context["form"].errors["new_parent_page"]
    )
    assert not CaseStudyPage.objects.filter(slug="copy-of-a-reviewed-case").exists()


def test_editor_cannot_unschedule_an_approved_publication(client, library, editor, reviewer):
    case = case_study(library, title="Scheduled case", publish=False)
    revision = case.save_revision(user=editor)
    revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=3)
    revision.save(update_fields=["approved_go_live_at"])
    client.force_login(editor)
    url = f"/admin/pages/{case.pk}/revisions/{revision.pk}/unschedule/"
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == "/admin/"  # Wagtail's "permission denied"
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None


def test_reviewer_direct_publish_from_the_edit_view_is_audited(client, proposal, reviewer):
    client.force_login(reviewer)
    page = client.get(f"/admin/pages/{proposal.pk}/edit/")
    assert 'name="action-publish"' in page.content.decode()
    revision = proposal.get_latest_revision()
    revision.publish(user=reviewer)
    proposal.refresh_from_db()
    assert proposal.live
    assert overrides().get().actor == reviewer

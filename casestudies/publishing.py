"""Who may publish a case study: one rule that every publishing path consults.

Wagtail asks a page's permission tester before it publishes from the edit view, the action
menu, the bulk "publish" action, the revisions (revert, unschedule), the copy view ("publish
copies") and the API, and `Page.publish()` asks it again unless told to skip. The case study
answers with `case_study_publish_allowed`; `CaseStudyPage.publish` repeats the check for
callers that skip it and records every publication that did not come from an approved review
(an override) in the audit log. See docs/decisions/casestudies-workflow-and-citations.md.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.models import PagePermissionTester, WorkflowState

from learning.audit import audit_record
from learning.models.audit import AuditAction

REFUSED_MESSAGE = _("A reviewer publishes case studies: submit this one for review.")


def case_study_publish_allowed(*, user) -> bool:
    """The rule: only reviewers (the "Case-study reviewers" and "Administrator" groups, and
    superusers) publish a case study. `None` is the system (scheduled publishing, loaders)."""
    # Cycle: the page model imports this module, and the services import the models.
    from .services import user_is_reviewer  # noqa: PLC0415

    return user is None or (user.is_active and user_is_reviewer(user))


class CaseStudyPermissionTester(PagePermissionTester):
    """A case study's tester: publishing (and what Wagtail derives from it: unscheduling,
    privacy) needs the rule on top of the page permission."""

    def can_publish(self):
        return super().can_publish() and case_study_publish_allowed(user=self.user)


class CaseStudyLibraryPermissionTester(PagePermissionTester):
    """The library's tester: "publish" while creating a case, or "publish copies" when
    copying one into the library, follows the same rule."""

    def can_publish_subpage(self):
        return super().can_publish_subpage() and case_study_publish_allowed(user=self.user)


def publish_was_reviewed(*, page, revision) -> bool:
    """True when this revision is published by the approval of its review workflow."""
    return (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_APPROVED, current_task_state__revision=revision)
        .exists()
    )


def publish_override_record(*, page, revision, user) -> None:
    """A reviewer or administrator published without an approved review: audit it."""
    audit_record(
        actor=user,
        action=AuditAction.WORKFLOW_OVERRIDE,
        target=page,
        reason="case study published without an approved review",
        detail={
            "page_id": page.pk,
            "revision_id": revision.pk,
            "superuser": bool(user.is_superuser),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
    )

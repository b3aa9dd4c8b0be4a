"""State changes of the case-study library: cases, taxonomies, the review workflow and
proposals from contributors outside the editorial team."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from learning.locales import default_locale_id

from .models import (
    CaseStudyCountry,
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyRelatedPage,
    CaseStudySource,
    KeyFigure,
)

REVIEWERS_GROUP = "Case-study reviewers"
WORKFLOW_NAME = "Case-study review"
REVIEW_TASK_NAME = "Editorial review of a case study"
# Administrators review too; their role group is created by the learning app.
REVIEWER_GROUPS = (REVIEWERS_GROUP, "Administrator")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def reviewers_group_ensure() -> Group:
    group, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access is not None:
        group.permissions.add(access)
    return group


@transaction.atomic
def library_workflow_ensure(*, index: CaseStudyIndexPage) -> Workflow:
    """The review workflow (one group-approval task) assigned to the library: every case
    study below it is submitted for review, and only a reviewer's approval publishes it."""
    reviewers_group_ensure()
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    task.groups.set(Group.objects.filter(name__in=REVIEWER_GROUPS))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    # Approving the last task publishes the case, so reviewers hold publish rights here.
    group = Group.objects.get(name=REVIEWERS_GROUP)
    for codename in REVIEWER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return workflow


def user_is_reviewer(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=REVIEWER_GROUPS).exists()


@transaction.atomic
def library_ensure(*, parent, title: str = "Case studies", slug: str = "case-studies", intro=""):
    """The library page under `parent`, published, with its review workflow."""
    index = CaseStudyIndexPage.objects.filter(locale_id=default_locale_id()).first()
    if index is None:
        index = CaseStudyIndexPage(title=title, slug=slug, intro=intro)
        parent.add_child(instance=index)
        index.save_revision().publish()
    library_workflow_ensure(index=index)
    return index


def _paragraphs(text: str) -> str:
    """Plain text from a contributor as rich text: every character escaped, blank lines
    separate paragraphs. Script in a proposal is stored and shown as text."""
    paras = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join("<p>" + escape(p).replace("\n", "<br>") + "</p>" for p in paras)


@transaction.atomic
def case_study_create(
    *,
    index: CaseStudyIndexPage,
    title: str,
    summary: str,
    countries: list[str],
    year_start: int,
    year_end: int | None = None,
    slug: str = "",
    themes=(),
    programme_types=(),
    risks=(),
    population_groups=(),
    institutions: str = "",
    funders: str = "",
    context: str = "",
    challenge: str = "",
    approach: str = "",
    results: str = "",
    lessons_learned: str = "",
    key_figures: Sequence[dict] = (),
    sources: Sequence[dict] = (),
    related_pages=(),
    owner=None,
    publish: bool = False,
    contributor_note: str = "",
) -> CaseStudyPage:
    """Create a case study under the library as a draft (a revision), or published."""
    if not countries:
        raise ValidationError({"countries": _("Choose at least one country.")})
    page = CaseStudyPage(
        title=title,
        slug=slug or slugify(title)[:80] or "case-study",
        summary=summary,
        year_start=year_start,
        year_end=year_end,
        institutions=institutions,
        funders=funders,
        context=context,
        challenge=challenge,
        approach=approach,
        results=results,
        lessons_learned=lessons_learned,
        owner=owner,
        contributor_note=contributor_note,
        live=publish,
    )
    # Explicit sort orders: the editor's order is the order shown everywhere.
    page.countries = [
        CaseStudyCountry(country=code, sort_order=n)
        for n, code in enumerate(dict.fromkeys(countries))
    ]
    page.key_figures = [
        KeyFigure(
            sort_order=n,
            label=f["label"],
            value=Decimal(str(f["value"])),
            unit=f.get("unit", ""),
            year=f["year"],
            source=f["source"],
        )
        for n, f in enumerate(key_figures)
    ]
    page.sources = [
        CaseStudySource(
            sort_order=n,
            title=s["title"],
            publisher=s.get("publisher", ""),
            year=s.get("year"),
            url=s.get("url", ""),
            document=s.get("document"),
        )
        for n, s in enumerate(sources)
    ]
    page.related_pages = [CaseStudyRelatedPage(target=p) for p in related_pages]
    page.themes = list(themes)
    page.programme_types = list(programme_types)
    page.risks = list(risks)
    page.population_groups = list(population_groups)
    if CaseStudyPage.objects.filter(path__startswith=index.path, slug=page.slug).exists():
        page.slug = f"{page.slug[:70]}-{CaseStudyPage.objects.count() + 1}"
    page.full_clean(exclude=["path", "depth", "url_path"])
    index.add_child(instance=page)
    revision = page.save_revision(user=owner, log_action=True)
    if publish:
        # A loader's publication (demo data, seeds), not an editor's: the system publishes,
        # so the reviewers' rule and the override audit do not apply (casestudies/publishing.py).
        revision.publish(user=None)
    return page


@transaction.atomic
def case_study_propose(
    *,
    index: CaseStudyIndexPage,
    user,
    title: str,
    summary: str,
    countries: list[str],
    year_start: int,
    year_end: int | None,
    themes=(),
    context: str = "",
    challenge: str = "",
    approach: str = "",
    results: str = "",
    lessons_learned: str = "",
    sources: str = "",
    note: str = "",
) -> CaseStudyPage:
    """A contributor's proposal: stored as an unpublished draft and submitted for review.

    Everything the contributor typed is plain text (escaped), never HTML."""
    source_rows = []
    for line in (sources or "").splitlines():
        line = line.strip()
        if line:
            is_url = line.startswith(("http://", "https://"))
            source_rows.append({"title": line[:300], "url": line[:200] if is_url else ""})
    contributor = f"{user.get_full_name() or user.email}"
    if getattr(user, "organisation", ""):
        contributor += f", {user.organisation}"
    page = case_study_create(
        index=index,
        title=title,
        summary=summary,
        countries=countries,
        year_start=year_start,
        year_end=year_end,
        themes=themes,
        context=_paragraphs(context),
        challenge=_paragraphs(challenge),
        approach=_paragraphs(approach),
        results=_paragraphs(results),
        lessons_learned=_paragraphs(lessons_learned),
        sources=source_rows,
        owner=user,
        publish=False,
        contributor_note=f"Proposed by {contributor} on {datetime.date.today():%Y-%m-%d}.\n{note}",
    )
    workflow = page.get_workflow()
    if workflow is None:
        workflow = library_workflow_ensure(index=index)
    workflow.start(page, user)
    return page


def case_study_approve(*, page: CaseStudyPage, user) -> None:
    """Approve the current review task (what a reviewer does in the admin)."""
    state = page.current_workflow_task_state
    if state is None:
        raise ValidationError(_("This case study is not waiting for review."))
    if not user_is_reviewer(user):
        raise PermissionDenied(_("Only reviewers can approve case studies."))
    state.approve(user=user)


def case_study_reject(*, page: CaseStudyPage, user, comment: str = "") -> None:
    state = page.current_workflow_task_state
    if state is None:
        raise ValidationError(_("This case study is not waiting for review."))
    if not user_is_reviewer(user):
        raise PermissionDenied(_("Only reviewers can reject case studies."))
    state.reject(user=user, comment=comment)

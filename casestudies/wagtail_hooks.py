"""Admin and site-shell wiring of the case-study library."""

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from learning.locales import default_locale_id
from learning.pagetree import tree_version

from .models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    LifeCycleRisk,
    PopulationGroup,
    ProgrammeType,
    Theme,
)
from .personal_data import personal_data_export as export
from .personal_data import user_erasing as erase
from .publishing import REFUSED_MESSAGE, case_study_publish_allowed
from .services import library_workflow_ensure


def _viewset(model_, icon_="tag"):
    return type(
        f"{model_.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": model_,
            "icon": icon_,
            "list_display": ["name", "slug"],
            "search_fields": ["name"],
        },
    )


class CaseStudyTaxonomies(SnippetViewSetGroup):
    menu_label = _("Case-study tags")
    menu_icon = "tag"
    menu_order = 300
    items = [_viewset(m) for m in (Theme, ProgrammeType, LifeCycleRisk, PopulationGroup)]


register_snippet(CaseStudyTaxonomies)


@hooks.register("site_nav_items")
def library_nav_item(request):
    # Every page shows the link: cached until the page tree changes (learning/pagetree.py).
    key = f"casestudies:library-url:{tree_version()}"
    url = cache.get(key)
    if url is None:
        # Every language's library has the same address: the source one names it.
        index = (
            CaseStudyIndexPage.objects.live()
            .filter(locale_id=default_locale_id())
            .only("url_path", "path")
            .first()
        )
        url = (index.get_url() or "") if index else ""
        cache.set(key, url, 3600)
    return (30, _("Case studies"), url) if url else None


@hooks.register("after_create_page")
def assign_review_workflow(request, page):
    if isinstance(page.specific, CaseStudyIndexPage):
        library_workflow_ensure(index=page.specific)


# Only reviewers publish case studies; editors submit them for review. The rule itself is in
# casestudies/publishing.py (the pages' permission testers and CaseStudyPage.publish); these
# hooks only hide the button and say why a crafted "publish" was turned into nothing.
@hooks.register("construct_page_action_menu")
def hide_publish_for_non_reviewers(menu_items, request, context):
    page = context.get("page")
    parent = context.get("parent_page")
    is_case = (page is not None and page.specific_class is CaseStudyPage) or (
        page is None and parent is not None and parent.specific_class is CaseStudyIndexPage
    )
    if is_case and not case_study_publish_allowed(user=request.user):
        menu_items[:] = [i for i in menu_items if getattr(i, "name", "") != "action-publish"]


def _publish_refused(request) -> bool:
    """An editor who is not a reviewer pressed "Publish": say why not (the caller redirects)."""
    refused = (
        request.method == "POST"
        and "action-publish" in request.POST
        and not case_study_publish_allowed(user=request.user)
    )
    if refused:
        messages.error(request, REFUSED_MESSAGE)
    return refused


@hooks.register("before_edit_page")
def refuse_publish_on_edit(request, page):
    if isinstance(page.specific, CaseStudyPage) and _publish_refused(request):
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_create_page")
def refuse_publish_on_create(request, parent_page, page_class):
    if page_class is CaseStudyPage and _publish_refused(request):
        return redirect("wagtailadmin_explore", parent_page.pk)
    return None


@hooks.register("personal_data_export")
def personal_data_export(*, user):
    return export(user=user)


@hooks.register("user_erasing")
def user_erasing(*, user):
    return erase(user=user)

"""Keep the library's indexes fresh.

- Facets (casestudies.facets): any change that alters what learners may see in the library
  bumps its version.
- Search (casestudies.search): publishing writes the case's text, unpublishing removes it
  (deleting a case deletes its row by cascade), renaming or deleting a tag rewrites the text
  of the cases that carry it.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .facets import TAXONOMIES, library_invalidate
from .models import CaseStudyPage
from .search import search_text_refresh


def _on_page_change(sender, instance=None, **kwargs):
    if isinstance(instance, CaseStudyPage) or issubclass(sender, CaseStudyPage):
        library_invalidate()


def _on_case_published(sender, instance, **kwargs):
    search_text_refresh(page_ids=[instance.pk])


def _on_case_alias_created(sender, instance, created=False, **kwargs):
    # An alias made for a new language (wagtail-localize's tree sync) shows the case's text.
    if created and instance.alias_of_id and instance.live:
        transaction.on_commit(partial(search_text_refresh, page_ids=[instance.pk]))


def _tagged_ids(field_name: str, term) -> list[int]:
    return list(CaseStudyPage.objects.filter(**{field_name: term}).values_list("pk", flat=True))


def _on_term_saved(sender, instance, created=False, field_name="", **kwargs):
    if not created:
        ids = _tagged_ids(field_name, instance)
        transaction.on_commit(partial(search_text_refresh, page_ids=ids))


def _on_term_deleting(sender, instance, field_name="", **kwargs):
    # The cases are looked up before the tag's rows go; their text is rewritten afterwards.
    ids = _tagged_ids(field_name, instance)
    transaction.on_commit(partial(search_text_refresh, page_ids=ids))


def register_signal_handlers():
    page_published.connect(_on_page_change, sender=CaseStudyPage, dispatch_uid="cs-published")
    page_unpublished.connect(_on_page_change, sender=CaseStudyPage, dispatch_uid="cs-unpub")
    post_delete.connect(_on_page_change, sender=CaseStudyPage, dispatch_uid="cs-deleted")
    page_published.connect(_on_case_published, sender=CaseStudyPage, dispatch_uid="cs-s-pub")
    page_unpublished.connect(_on_case_published, sender=CaseStudyPage, dispatch_uid="cs-s-unp")
    post_save.connect(_on_case_alias_created, sender=CaseStudyPage, dispatch_uid="cs-s-alias")
    # A move can take a case in or out of the library, or under a view restriction.
    post_page_move.connect(library_invalidate, dispatch_uid="cs-moved")
    for signal in (post_save, post_delete):
        signal.connect(
            library_invalidate, sender=PageViewRestriction, dispatch_uid=f"cs-pvr-{signal}"
        )
        for _key, model, _field in TAXONOMIES:
            signal.connect(
                library_invalidate, sender=model, dispatch_uid=f"cs-{model.__name__}-{signal}"
            )
    for _key, model, field_name in TAXONOMIES:
        post_save.connect(
            partial(_on_term_saved, field_name=field_name),
            sender=model,
            weak=False,
            dispatch_uid=f"cs-s-{model.__name__}-saved",
        )
        pre_delete.connect(
            partial(_on_term_deleting, field_name=field_name),
            sender=model,
            weak=False,
            dispatch_uid=f"cs-s-{model.__name__}-deleting",
        )

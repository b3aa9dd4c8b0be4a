"""Keep the catalogue's search index (courses/search.py) in step with the pages.

Publishing or unpublishing a course rewrites its row (and its aliases'); publishing or
unpublishing a module or step rewrites its course's (their titles are indexed); an alias made
for a new language (wagtail-localize's tree sync) gets its row. Deleting a course deletes its
rows by cascade. The rows are written
in the transaction that publishes, as the case-study library's are.
"""

from django.db.models.signals import post_save
from wagtail.signals import page_published, page_unpublished

from .models import CoursePage, ModulePage, StepMixin
from .search import search_text_refresh


def _refresh(ids: list[int]) -> None:
    if ids:
        search_text_refresh(page_ids=ids)


def _on_publish(sender, instance, **kwargs):
    if isinstance(instance, CoursePage):
        _refresh([instance.pk])
    elif isinstance(instance, ModulePage | StepMixin):
        _refresh(list(CoursePage.objects.ancestor_of(instance).values_list("pk", flat=True)))


def _on_alias_created(sender, instance, created=False, **kwargs):
    if created and instance.alias_of_id and instance.live:
        _refresh([instance.pk])


def register_signal_handlers():
    page_published.connect(_on_publish, dispatch_uid="courses-search-published")
    page_unpublished.connect(_on_publish, dispatch_uid="courses-search-unpublished")
    post_save.connect(_on_alias_created, sender=CoursePage, dispatch_uid="courses-search-alias")

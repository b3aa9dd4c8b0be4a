"""Signal wiring of the courses app. Receivers only call selectors' cache invalidation."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move


def _tree_changed(sender, instance=None, **kwargs) -> None:
    if instance is None or isinstance(instance, (Page, PageViewRestriction, Site)):
        from .selectors import outline_cache_invalidate

        outline_cache_invalidate()


def register_signal_handlers() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_tree_changed, dispatch_uid=f"courses.outline.{id(signal)}")
    post_save.connect(_tree_changed, dispatch_uid="courses.outline.post_save")
    post_delete.connect(_tree_changed, dispatch_uid="courses.outline.post_delete")

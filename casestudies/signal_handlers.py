"""Keep the library's facet index fresh: any change that alters what learners may see in the
library bumps its version (casestudies.facets)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .facets import TAXONOMIES, library_invalidate
from .models import CaseStudyPage


def _on_page_change(sender, instance=None, **kwargs):
    if isinstance(instance, CaseStudyPage) or issubclass(sender, CaseStudyPage):
        library_invalidate()


def register_signal_handlers():
    from wagtail.models import PageViewRestriction

    page_published.connect(_on_page_change, sender=CaseStudyPage, dispatch_uid="cs-published")
    page_unpublished.connect(_on_page_change, sender=CaseStudyPage, dispatch_uid="cs-unpub")
    post_delete.connect(_on_page_change, sender=CaseStudyPage, dispatch_uid="cs-deleted")
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

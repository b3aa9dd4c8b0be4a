"""Signal wiring of the project package. Receivers only call services."""

from allauth.account.signals import password_reset
from django.apps import apps
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import LocaleSynchronization, sync_trees_on_locale_sync_save

from .adapters import login_failures_clear
from .pagetree import forget_pending, requests_begin, requests_end, tree_changed
from .services import roles_sync


def _sync_roles(sender, **kwargs) -> None:
    # post_migrate is sent once per app; grant roles once, after the last app's permissions
    # have been created.
    if kwargs.get("plan") is None:
        # `flush` sends post_migrate without a plan (tests' teardown among others): creating
        # the role groups then would collide with the rows a serialized rollback restores.
        return
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender.label != with_models[-1].label:
        return

    roles_sync()


def shows_on_pages(instance) -> bool:
    """Whether a change to this object can change what a cached page shows: a page, a view
    restriction, a site, an image, a document, or any registered snippet (topics, case-study
    taxonomies, certificate templates, H5P packages). Renditions are not: Wagtail writes them
    while rendering."""
    kinds = (Page, PageViewRestriction, Site, Locale, get_image_model(), get_document_model())
    return isinstance(instance, (*kinds, *get_snippet_models()))


def _tree_changed(sender, instance=None, **kwargs) -> None:
    if instance is None or shows_on_pages(instance):
        tree_changed()


def _password_reset(sender, request=None, user=None, **kwargs) -> None:
    # The owner proved they hold the mailbox: their own address's failures stop counting.
    # (allauth clears only its default per-account key, which Socle does not use.)
    if request is not None and user is not None:
        login_failures_clear(request, email=user.email)


def _work_started(**kwargs) -> None:
    # Outside a transaction, a private version left by a rolled-back one is dropped. (Inside
    # one - a test wrapping its requests in a transaction - it is still the current one.)

    if transaction.get_autocommit():
        forget_pending()
    requests_begin()


def _locale_sync_saved(sender, instance, raw=False, **kwargs) -> None:
    # wagtail-localize syncs the trees when a locale's sync setting is saved; not when rows
    # are loaded as they are (fixtures, a test database's serialized state, a restore), when
    # the pages may not be there yet.
    if not raw:
        sync_trees_on_locale_sync_save(instance=instance)


def register_signal_handlers() -> None:
    post_save.disconnect(sync_trees_on_locale_sync_save, sender=LocaleSynchronization)
    post_save.connect(_locale_sync_saved, sender=LocaleSynchronization, dispatch_uid="locale-sync")
    password_reset.connect(_password_reset, dispatch_uid="learning.login_failures_clear")
    post_migrate.connect(_sync_roles, dispatch_uid="learning.roles_sync")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_tree_changed, dispatch_uid=f"learning.pagetree.{id(signal)}")
    post_save.connect(_tree_changed, dispatch_uid="learning.pagetree.post_save")
    post_delete.connect(_tree_changed, dispatch_uid="learning.pagetree.post_delete")
    request_started.connect(_work_started, dispatch_uid="learning.pagetree.request_started")
    request_finished.connect(requests_end, dispatch_uid="learning.pagetree.request_finished")
    got_request_exception.connect(requests_end, dispatch_uid="learning.pagetree.request_error")

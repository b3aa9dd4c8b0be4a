"""Signal wiring of the project package. Receivers only call services."""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move


def _sync_roles(sender, **kwargs) -> None:
    # post_migrate is sent once per app; grant roles once, after the last app's permissions
    # have been created.
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from .services import roles_sync

    roles_sync()


def _tree_changed(sender, instance=None, **kwargs) -> None:
    if instance is None or isinstance(instance, (Page, PageViewRestriction, Site)):
        from .pagetree import tree_changed

        tree_changed()


def _password_reset(sender, request=None, user=None, **kwargs) -> None:
    # The owner proved they hold the mailbox: their own address's failures stop counting.
    # (allauth clears only its default per-account key, which Socle does not use.)
    if request is not None and user is not None:
        from .adapters import login_failures_clear

        login_failures_clear(request, email=user.email)


def register_signal_handlers() -> None:
    from allauth.account.signals import password_reset

    password_reset.connect(_password_reset, dispatch_uid="learning.login_failures_clear")
    post_migrate.connect(_sync_roles, dispatch_uid="learning.roles_sync")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_tree_changed, dispatch_uid=f"learning.pagetree.{id(signal)}")
    post_save.connect(_tree_changed, dispatch_uid="learning.pagetree.post_save")
    post_delete.connect(_tree_changed, dispatch_uid="learning.pagetree.post_delete")

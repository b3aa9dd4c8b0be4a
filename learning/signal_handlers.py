"""Signal wiring of the project package. Receivers only call services."""

from django.apps import apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs) -> None:
    # post_migrate is sent once per app; grant roles once, after the last app's permissions
    # have been created.
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from .services import roles_sync

    roles_sync()


def register_signal_handlers() -> None:
    post_migrate.connect(_sync_roles, dispatch_uid="learning.roles_sync")

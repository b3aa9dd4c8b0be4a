from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfflineConfig(AppConfig):
    """The offline web app: manifest, service worker, course downloads and the replay of what
    learners did without a connection (docs/decisions/offline-pwa.md)."""

    name = "offline"
    verbose_name = _("Offline use")

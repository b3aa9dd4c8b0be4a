from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Socle")

    def ready(self) -> None:
        # The app registry is ready here: handlers and checks import models.
        from . import checks, signal_handlers  # noqa: F401, PLC0415 - checks register themselves

        signal_handlers.register_signal_handlers()

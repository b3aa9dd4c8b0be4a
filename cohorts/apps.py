from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Cohorts and webinars")

    def ready(self) -> None:
        # The app registry is ready here: handlers and checks import models.
        from . import signal_handlers  # noqa: PLC0415

        signal_handlers.register_signal_handlers()

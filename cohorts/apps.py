from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Cohorts and webinars")

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.register_signal_handlers()

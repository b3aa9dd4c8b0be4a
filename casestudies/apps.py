from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = _("Case studies")

    def ready(self):
        # The app registry is ready here: handlers and checks import models.
        from .signal_handlers import register_signal_handlers  # noqa: PLC0415

        register_signal_handlers()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # The app registry is ready here: handlers and checks import models.
        from .signal_handlers import register_signal_handlers  # noqa: PLC0415

        register_signal_handlers()

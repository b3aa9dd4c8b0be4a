from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from .signal_handlers import register_signal_handlers  # noqa: PLC0415 (models ready)

        register_signal_handlers()

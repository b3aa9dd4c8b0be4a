"""Signal wiring of the cohorts app. Receivers only call selectors' cache invalidation."""

from django.db.models.signals import post_delete, post_save

from .models import Cohort
from .selectors import scheduled_courses_forget


def _cohort_changed(sender, **kwargs) -> None:
    scheduled_courses_forget()


def register_signal_handlers() -> None:
    post_save.connect(_cohort_changed, sender=Cohort, dispatch_uid="cohorts.scheduled.save")
    post_delete.connect(_cohort_changed, sender=Cohort, dispatch_uid="cohorts.scheduled.delete")

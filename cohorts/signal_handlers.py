"""Signal wiring of the cohorts app. Receivers only call selectors' cache invalidation."""

from django.db.models.signals import post_delete, post_save


def _cohort_changed(sender, **kwargs) -> None:
    from .selectors import scheduled_courses_forget

    scheduled_courses_forget()


def register_signal_handlers() -> None:
    from .models import Cohort

    post_save.connect(_cohort_changed, sender=Cohort, dispatch_uid="cohorts.scheduled.save")
    post_delete.connect(_cohort_changed, sender=Cohort, dispatch_uid="cohorts.scheduled.delete")

"""The choices a course offers in the catalogue's filters."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseLevel(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseFormat(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced")
    COHORT = "cohort", _("Cohort-based")
    BLENDED = "blended", _("Blended")
